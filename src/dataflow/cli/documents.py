"""Commands that write the DPO's documents: ropa, notice (issue 15)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from ..errors import InputError
from ..report.registry import FAMILIES, Style
from ..view.record.profiles import PROFILES, ROLES
from .app import command
from .options import (
    ConfigOpt,
    EngineOpt,
    IsolatedOpt,
    PathsArg,
    ShapesOpt,
    TodayOpt,
    emit,
    parse_today,
    paths_or_default,
    render,
    settings_from,
)

if TYPE_CHECKING:  # for mypy a choice is its name; typer gets an enum of the valid names
    RecordFormat: TypeAlias = str
    ProfileName: TypeAlias = str
    RoleName: TypeAlias = str
else:
    RecordFormat = StrEnum("RecordFormat", {name: name for name in FAMILIES["record"]})
    ProfileName = StrEnum("ProfileName", {name: name for name in PROFILES})
    RoleName = StrEnum("RoleName", {name: name for name in ROLES})

#: Formats written as bytes (a ZIP package): never onto a terminal.
BINARY = frozenset({"xlsx", "ods"})


#: Suffixes that name a format by another name.
_SUFFIXES = {"markdown": "md", "htm": "html"}


def record_format(chosen: str | None, output: Path | None) -> str:
    """The format asked for; else the one the output file's suffix names; else Markdown."""
    if chosen is not None:
        return str(chosen)
    if output is None:
        return "md"
    suffix = output.suffix.lstrip(".").lower()
    suffix = _SUFFIXES.get(suffix, suffix)
    if suffix not in FAMILIES["record"]:
        raise InputError(f"--output {output}: the suffix names no format of the record", None,
                         None, "--format " + "|".join(FAMILIES["record"]))
    return suffix


@command("ropa")
def ropa_command(
    paths: PathsArg = None,
    profile: Annotated[ProfileName, typer.Option(
        "--profile", "-p", help="The layout: art30 (GDPR Art. 30 itself, English), fi (the "
        "Finnish Data Protection Ombudsman's template, in Finnish), cnil (the CNIL's register, "
        "in French), ico (the ICO's documentation template).")] = "art30",
    role: Annotated[RoleName, typer.Option(
        "--role", help="controller: the Art. 30(1) record; processor: the Art. 30(2) record "
        "of the activities carried out on behalf of controllers.")] = "controller",
    output_format: Annotated[RecordFormat | None, typer.Option(
        "--format", "-f", help="xlsx, ods, csv, md or html (default: from the suffix of "
        "--output, else md).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output (xlsx and ods "
        "go to standard output only when it is not a terminal).")] = None,
    shapes: ShapesOpt = None,
    engine: EngineOpt = "sparql",
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> int:
    """Write the record of processing activities (GDPR Art. 30) from the flow files.

    Each activity is a row, each column a fact the chosen authority's template asks for.
    A fact the map lacks reads "— missing (RULE)", naming the findings that explain it
    (checked as `validate` checks, with the configuration, suppressions and baseline).
    """
    from ..commands.ropa import ropa

    fmt = record_format(output_format, output)
    if fmt in BINARY and output is None and sys.stdout.isatty():
        raise InputError(f"--format {fmt} writes a binary file: give --output FILE, or "
                         "redirect standard output to a file")
    settings = settings_from(config, isolated, shapes)
    record = ropa(paths_or_default(paths, settings.paths), settings, profile=str(profile),
                  role=str(role), engine=str(engine), today=parse_today(today))
    emit(render("record", fmt, record, Style()), output)
    missing, unrecorded = record.count()
    typer.echo(f"{len(record.rows)} activit{'y' if len(record.rows) == 1 else 'ies'}, "
               f"{missing} cell(s) with a missing fact"
               + (" (run `dataflow validate` for the findings)" if missing else "")
               + (f", {unrecorded} cell(s) to fill in by hand (not in the flow format)"
                  if unrecorded else ""), err=True)
    return 0

