"""Commands that write the DPO's documents: ropa, notice (issue 15)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from ..errors import InputError
from ..report.registry import FAMILIES, Style
from ..textfile import read_text
from ..view.notice.sections import LANGUAGES
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
from .remote import EndpointOpt, GraphOpt, TimeoutOpt, endpoint_of

if TYPE_CHECKING:  # for mypy a choice is its name; typer gets an enum of the valid names
    RecordFormat: TypeAlias = str
    ProfileName: TypeAlias = str
    RoleName: TypeAlias = str
    NoticeFormat: TypeAlias = str
    NoticeLang: TypeAlias = str
else:
    RecordFormat = StrEnum("RecordFormat", {name: name for name in FAMILIES["record"]})
    ProfileName = StrEnum("ProfileName", {name: name for name in PROFILES})
    RoleName = StrEnum("RoleName", {name: name for name in ROLES})
    NoticeFormat = StrEnum("NoticeFormat", {name: name for name in FAMILIES["notice"]})
    NoticeLang = StrEnum("NoticeLang", {name: name for name in LANGUAGES})

#: Formats written as bytes (a ZIP package): never onto a terminal.
BINARY = frozenset({"xlsx", "ods"})


#: Suffixes that name a format by another name.
_SUFFIXES = {"markdown": "md", "htm": "html"}


def record_format(chosen: str | None, output: Path | None, family: str = "record",
                  option: str = "--output") -> str:
    """The format asked for; else the one the output file's suffix names; else Markdown."""
    if chosen is not None:
        return str(chosen)
    if output is None:
        return "md"
    suffix = output.suffix.lstrip(".").lower()
    suffix = _SUFFIXES.get(suffix, suffix)
    if suffix not in FAMILIES[family]:
        raise InputError(f"{option} {output}: the suffix names no format of the {family}",
                         None, None, "--format " + "|".join(FAMILIES[family]))
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
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
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
    at = endpoint_of(endpoint, graph, timeout, paths)
    settings = settings_from(config, isolated, shapes)
    record = ropa(paths_or_default(paths, settings.paths), settings, profile=str(profile),
                  role=str(role), engine=str(engine), today=parse_today(today), endpoint=at)
    emit(render("record", fmt, record, Style()), output)
    missing = record.count()
    typer.echo(f"{len(record.rows)} activit{'y' if len(record.rows) == 1 else 'ies'}, "
               f"{missing} cell(s) with a missing fact"
               + (" (run `dataflow validate` for the findings)" if missing else ""), err=True)
    return 0



@command("notice")
def notice_command(
    paths: PathsArg = None,
    subject: Annotated[str, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="The audience: a data-subject category (customer, employee, job-applicant, …), "
        "as for `trace --subject`.")] = "",
    lang: Annotated[NoticeLang, typer.Option(
        "--lang", "-l", help="fi (Finnish, with the ontology's Finnish labels) or en.")] = "fi",
    output_format: Annotated[NoticeFormat | None, typer.Option(
        "--format", "-f", help="md or html (default: from the suffix of --output or "
        "--check, else md).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.")] = None,
    check_file: Annotated[Path | None, typer.Option(
        "--check", metavar="FILE", help="Do not write: exit 0 when FILE (a notice written "
        "by `dataflow notice` with the same options) says what the flow files say now, "
        "else 1 with a unified diff.")] = None,
    shapes: ShapesOpt = None,
    engine: EngineOpt = "sparql",
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Write the privacy notice (GDPR Art. 13 and 14) for one audience from the flow files.

    The notice covers every activity about the audience that the organisation carries out as
    a controller: purposes with their legal bases, data and sources, recipients over every
    hop, transfers with their mechanism, retention, the rights the bases give, the right to
    complain. A fact the map lacks reads "— missing (RULE)", naming the findings that
    explain it. With --check, a committed notice is compared with the map (notices as code).

    Exit codes: 0 written, or up to date; 1 --check found the notice stale; 2 bad input.
    """
    from ..commands.notice import notice, stale

    if not subject:
        raise InputError("--subject is required", None, None,
                         "a data-subject category: customer, employee, job-applicant, …")
    if check_file is not None and output is not None:
        raise InputError("--check and --output exclude each other: --check writes nothing")
    fmt = record_format(output_format, output or check_file, "notice",
                        "--check" if check_file is not None else "--output")
    at = endpoint_of(endpoint, graph, timeout, paths)
    settings = settings_from(config, isolated, shapes)
    written = notice(paths_or_default(paths, settings.paths), settings, subject=subject,
                     language=str(lang), engine=str(engine), today=parse_today(today),
                     endpoint=at)
    text = render("notice", fmt, written, Style())
    assert isinstance(text, str)
    if check_file is not None:
        diff = stale(read_text(check_file), text, str(check_file))
        if diff:
            typer.echo(diff, nl=False)
            typer.echo(f"{check_file}: stale, the flow files say otherwise; regenerate it "
                       f"with `dataflow notice … -o {check_file}`", err=True)
            return 1
        typer.echo(f"{check_file}: up to date", err=True)
        return 0
    emit(text, output)
    missing, unrecorded = written.count()
    count = len(written.activities)
    typer.echo(f"{count} activit{'y' if count == 1 else 'ies'}, {missing} section(s) with a "
               "missing fact" + (" (run `dataflow validate` for the findings)" if missing else "")
               + (f", {unrecorded} section(s) not in the flow format" if unrecorded else ""),
               err=True)
    return 0
