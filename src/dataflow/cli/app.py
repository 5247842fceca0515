"""The `dataflow` application and its one error boundary.

Every command runs inside `command`: the garbage collector is paused for the command (it
builds many long-lived objects and no cycles; see gcpause.py), input errors become
`error: file:line: …` lines and exit code 2, and the exit code the command returns ends the
process. Any other exception is a bug in dataflow, not bad input: `main` reports it on one
line as an internal error, with exit code 3, so that CI never mistakes a crash for a finding
or a user's mistake (docs/security.md).
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer

from ..errors import InputError, InputErrors, printable
from ..gcpause import gc_paused

#: The exit code of a crash: a bug, where 2 is bad input or usage and 1 failing findings.
INTERNAL_ERROR = 3

app = typer.Typer(
    name="dataflow",
    help="Validate GDPR processing activities and data flows declared as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def command(name: str | None = None, group: typer.Typer | None = None,
            ) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Register a command that returns its exit code, inside the one error boundary (on
    `group`, a sub-application such as `import`, when given)."""

    def register(fn: Callable[..., int]) -> Callable[..., int]:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> None:
            try:
                with gc_paused():
                    code = fn(*args, **kwargs)
            except (InputError, InputErrors) as exc:
                for error in exc.errors if isinstance(exc, InputErrors) else [exc]:
                    typer.echo(f"error: {error}", err=True)
                raise typer.Exit(2) from None
            raise typer.Exit(code)

        (group or app).command(name, help=_paragraphs(fn.__doc__))(run)
        return fn

    return register


def _paragraphs(doc: str | None) -> str | None:
    """A docstring with each paragraph on one line, for the help to wrap at the terminal's
    width: typer keeps a docstring's line breaks in the list of commands."""
    if doc is None:
        return None
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"dataflow {version('dataflow')}")
        except PackageNotFoundError:  # a source checkout that was never installed
            typer.echo("dataflow (not installed)")
        raise typer.Exit(0)


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False) -> None:
    pass


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        _leave(exc.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # no tracebacks for users; DATAFLOW_DEBUG=1 shows them
        if os.environ.get("DATAFLOW_DEBUG"):
            raise
        detail = printable(str(exc))
        detail = detail if len(detail) <= 300 else detail[:300] + "…"
        typer.echo(f"internal error: {type(exc).__name__}: {detail} (a bug in dataflow, not "
                   "in the input: please report it; DATAFLOW_DEBUG=1 shows the traceback)",
                   err=True)
        sys.exit(INTERNAL_ERROR)


def _leave(code: object) -> NoReturn:
    """Exit without tearing the interpreter down, once the output is flushed (as mypy does).

    Freeing a large map object by object took 1 to 2 s at N = 10,000 activities, after the
    report was already written. Nothing is left to clean up: files are closed by then.
    """
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)
