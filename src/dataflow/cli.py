"""The `dataflow` command line. Commands parse options and delegate; no logic lives here."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="dataflow",
    help="Validate GDPR processing activities and data flows declared as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Flow files or directories (default: flows/).", show_default=False),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class EngineName(StrEnum):
    sparql = "sparql"
    pyshacl = "pyshacl"


def _paths(paths: list[Path] | None) -> list[Path]:
    return paths or [Path("flows")]


def _fail_input(exc: Exception) -> NoReturn:
    from .errors import InputError, InputErrors

    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    for error in errors:
        text = str(error) if isinstance(error, InputError) else f"{error}"
        typer.echo(f"error: {text}", err=True)
    raise typer.Exit(2)


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f",
                                                        help="Output format.")] = OutputFormat.text,
    shapes: Annotated[list[Path] | None, typer.Option(
        "--shapes", help="Extra SHACL shape files or directories (repeatable).")] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    engine: Annotated[EngineName, typer.Option(
        help="sparql: the fast path; pyshacl: the reference SHACL engine.")] = EngineName.sparql,
) -> None:
    """Load flow files, merge them into one graph and check it against the shapes.

    Exit codes: 0 no errors; 1 findings fail the run; 2 bad input or usage.
    """
    from .errors import InputError, InputErrors
    from .validate import validate as run

    try:
        report = run(_paths(paths), shapes=shapes or (), engine=engine.value)
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    for notice in report.notices:
        typer.echo(f"notice: {notice}", err=True)
    if output_format is OutputFormat.json:
        from .report.json import render

        typer.echo(render(report))
    else:
        from rich.console import Console

        from .report.text import render as render_text

        render_text(report, Console(highlight=False, soft_wrap=True))
    failed = report.count("error") > 0 or (strict and report.count("warning") > 0)
    raise typer.Exit(1 if failed else 0)


@app.command("rules")
def list_rules(
    shapes: Annotated[list[Path] | None, typer.Option("--shapes")] = None,
    markdown: Annotated[bool, typer.Option(help="Print the full catalogue as Markdown.")] = False,
) -> None:
    """List the rules: ID, name, severity and GDPR article."""
    from .errors import InputError, InputErrors
    from .ruledocs import catalogue_markdown, rule_table
    from .rules import load_rulebook

    try:
        book = load_rulebook(shapes or ())
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    typer.echo(catalogue_markdown(book) if markdown else rule_table(book))


@app.command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule ID such as XFER-01.")],
    shapes: Annotated[list[Path] | None, typer.Option("--shapes")] = None,
) -> None:
    """Show one rule's documentation: what it checks, why, an example, the fix, references."""
    from .errors import InputError, InputErrors
    from .ruledocs import rule_markdown
    from .rules import load_rulebook

    try:
        book = load_rulebook(shapes or ())
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    rule = book.rules.get(rule_id.upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), list(book.rules), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        typer.echo(f"error: unknown rule '{rule_id}'{hint}", err=True)
        raise typer.Exit(2)
    text = rule_markdown(rule)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        typer.echo(text)


@app.command()
def schema() -> None:
    """Print the JSON Schema of YAML flow files (for editor completion)."""
    import json

    from .flowfile import FlowFile

    data = FlowFile.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "dataflow flow file"
    typer.echo(json.dumps(data, indent=2))


def main() -> None:
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # no tracebacks for users; DATAFLOW_DEBUG=1 shows them
        if os.environ.get("DATAFLOW_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(set DATAFLOW_DEBUG=1 for details)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
