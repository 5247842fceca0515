"""Options and option parsing shared by the `validate`, `baseline` and `diff` commands."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


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
TodayOpt = Annotated[str | None, typer.Option("--today", hidden=True,
                                              help="Pretend today is YYYY-MM-DD (tests).")]



def parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: --today {value}: expected YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None


def parse_outputs(values: list[str] | None) -> list[tuple[str, Path]]:
    """`--output sarif=results.sarif` -> [("sarif", Path("results.sarif"))]."""
    from .report import FORMATS

    outputs = []
    for value in values or []:
        fmt, sep, path = value.partition("=")
        if not sep or fmt.strip() not in FORMATS or not path.strip():
            typer.echo(f"error: --output {value}: expected FORMAT=PATH with FORMAT one of "
                       f"{', '.join(FORMATS)}", err=True)
            raise typer.Exit(2)
        outputs.append((fmt.strip(), Path(path.strip())))
    return outputs
