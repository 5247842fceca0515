"""Options shared by several commands, the `--format` choices of each output family, and how
the command line reads settings and writes what the renderers return.

The choices are built from report/registry.py, so a command offers exactly the formats that
its family renders, and typer refuses any other with exit code 2 and the list of valid ones.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias, cast

import typer

from ..check.engines import NAMES as ENGINES
from ..errors import InputError
from ..report import registry
from ..report.registry import FAMILIES, Style

if TYPE_CHECKING:
    from ..check.config import Settings


def _choices(family: str) -> type[StrEnum]:
    return cast("type[StrEnum]", StrEnum(f"{family.title()}Format",
                                         {name: name for name in FAMILIES[family]}))


if TYPE_CHECKING:  # for mypy a format is its name; typer gets the enum of the family's names
    FindingsFormat: TypeAlias = str
    LineageFormat: TypeAlias = str
    ChangesFormat: TypeAlias = str
    QueryFormat: TypeAlias = str
    DiagramFormat: TypeAlias = str
    GraphFormat: TypeAlias = str
    EngineName: TypeAlias = str
else:
    EngineName = StrEnum("EngineName", {name: name for name in ENGINES})
    FindingsFormat = _choices("findings")
    LineageFormat = _choices("lineage")
    ChangesFormat = _choices("changes")
    QueryFormat = _choices("query")
    DiagramFormat = _choices("diagram")
    GraphFormat = _choices("graph")

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Flow files or directories (default: flows/).", show_default=False),
]
EngineOpt = Annotated[EngineName, typer.Option(
    help="sparql: the fast path; pyshacl: the reference SHACL engine.")]
ShapesOpt = Annotated[list[Path] | None, typer.Option(
    "--shapes", help="Extra SHACL shape files or directories (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option(
    "--select", help="Rules to report: IDs or families (XFER), comma-separated.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Rules not to report: IDs or families, comma-separated.")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="Configuration file (default: the nearest dataflow.toml, or "
    "pyproject.toml with a tool.dataflow table, from here upward).")]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of standard output.")]
TodayOpt = Annotated[str | None, typer.Option("--today", hidden=True,
                                              help="Pretend today is YYYY-MM-DD (tests).")]


def parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today {value}: not a date", None, None, "YYYY-MM-DD") from None


def parse_outputs(values: list[str] | None) -> list[tuple[str, Path]]:
    """`--output sarif=results.sarif` -> [("sarif", Path("results.sarif"))]."""
    outputs = []
    for value in values or []:
        fmt, sep, path = value.partition("=")
        if not sep or fmt.strip() not in FAMILIES["findings"] or not path.strip():
            raise InputError(f"--output {value}: not FORMAT=PATH", None, None,
                             "FORMAT=PATH with FORMAT one of " + ", ".join(FAMILIES["findings"]))
        outputs.append((fmt.strip(), Path(path.strip())))
    return outputs


def paths_or_default(paths: list[Path] | None, default: tuple[Path, ...] = ()) -> list[Path]:
    return list(paths or default or [Path("flows")])


def settings_from(config: Path | None, isolated: bool, shapes: list[Path] | None = None,
                  select: list[str] | None = None, ignore: list[str] | None = None,
                  baseline: Path | None = None) -> Settings:
    from ..check.config import resolve

    return resolve(config=config, isolated=isolated, shapes=shapes, select=select,
                   ignore=ignore, baseline=baseline)


def stdout_style(rules_url: str = "") -> Style:
    """Colours when standard output is a terminal (and NO_COLOR is unset); tables 160
    columns wide when it is not, unless COLUMNS says otherwise."""
    from rich.console import Console

    console = Console()
    color = console.is_terminal and not console.no_color and console.color_system is not None
    wide = console.is_terminal or "COLUMNS" in os.environ
    return Style(color=color, width=console.width if wide else 160, rules_url=rules_url)


def render(family: str, fmt: object, data: object, style: Style | None = None) -> str | bytes:
    """`data` in `fmt`, a format of `family` (plain for files, styled for standard output)."""
    return registry.render(family, str(fmt), data, style or stdout_style())


def emit(output: str | bytes, to: Path | None = None) -> None:
    """Write to a file, or to standard output with exactly one final line break."""
    if to is not None:
        try:
            to.write_bytes(output if isinstance(output, bytes) else output.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"cannot write {to}: {exc.strerror}") from None
    elif isinstance(output, bytes):
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    else:
        typer.echo(output, nl=not output.endswith("\n"))
