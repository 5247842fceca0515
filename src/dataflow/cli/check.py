"""Commands that check flow files: validate, baseline, diff, rules, rule."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, InputErrors, errors_of
from ..findings import Report
from ..report.registry import FAMILIES, Style
from .app import command
from .options import (
    ChangesFormat,
    ConfigOpt,
    EngineOpt,
    FindingsFormat,
    IgnoreOpt,
    IsolatedOpt,
    PathsArg,
    SelectOpt,
    ShapesOpt,
    TodayOpt,
    emit,
    parse_outputs,
    parse_today,
    paths_or_default,
    render,
    settings_from,
    stdout_style,
)
from .remote import EndpointOpt, GraphOpt, TimeoutOpt, endpoint_of


@command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[FindingsFormat | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: " + ", ".join(
            FAMILIES["findings"]) + " (default: text; github when GITHUB_ACTIONS is set).",
        show_default=False)] = None,
    output: Annotated[list[str] | None, typer.Option(
        "--output", "-o", metavar="FORMAT=PATH",
        help="Also write a report to a file, e.g. sarif=results.sarif (repeatable).")] = None,
    shapes: ShapesOpt = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    engine: EngineOpt = "sparql",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only findings not in this baseline file.")] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Load flow files, merge them into one graph and check it against the shapes.

    Exit codes: 0 no errors; 1 findings fail the run; 2 bad input or usage; 3 internal error.
    """
    from ..commands.validate import failed
    from ..commands.validate import validate as run

    outputs = parse_outputs(output)
    fmt = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    rules_url = ""
    try:
        settings = settings_from(config, isolated, shapes, select, ignore, baseline)
        rules_url = settings.rules_url
        report = run(paths_or_default(paths, settings.paths), settings, engine=str(engine),
                     today=parse_today(today),
                     endpoint=endpoint_of(endpoint, graph, timeout, paths))
    except (InputError, InputErrors) as exc:  # reported in every format asked for, then exit 2
        report = Report.of_errors(errors_of(exc))
        _write(report, fmt, outputs, rules_url, stdout=fmt != "text")
        raise
    for notice in report.notices:
        typer.echo(f"notice: {notice}", err=True)
    _write(report, fmt, outputs, rules_url)
    if not failed(report, strict):
        return 0
    if strict and report.count("error") == 0:
        warnings = report.count("warning")
        typer.echo(f"failed: {warnings} warning{'' if warnings == 1 else 's'} and no errors; "
                   "--strict fails a run on warnings", err=True)
    return 1


def _write(report: Report, fmt: str, outputs: list[tuple[str, Path]], rules_url: str,
           stdout: bool = True) -> None:
    """The report in each `--output` file (plain, with a final line break), then on stdout.
    Input errors reach standard error anyway, so a text report of them is not repeated. A
    file that cannot be written is an input error too, reported on stdout in `fmt` with any
    others, and the run exits 2."""
    unwritten: list[InputError] = []
    for out_format, out_path in outputs:
        text = render("findings", out_format, report, Style(rules_url=rules_url))
        try:
            emit(text if isinstance(text, bytes) else f"{text}\n", out_path)
        except InputError as exc:
            unwritten.append(exc)
    if unwritten:
        report = Report.of_errors(report.errors + unwritten)
        stdout = fmt != "text"
    if stdout:
        emit(render("findings", fmt, report, stdout_style(rules_url)))
    if unwritten:
        raise InputErrors(report.errors)


@command("baseline")
def write_baseline(
    paths: PathsArg = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write it ('-' for standard output; default: the "
        "config's baseline, else dataflow-baseline.json).", show_default=False)] = None,
    shapes: ShapesOpt = None,
    engine: EngineOpt = "sparql",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> int:
    """Record today's findings, so that `validate --baseline FILE` reports only new ones.

    Entries are (rule, focus IRI), without lines, so the baseline survives edits.
    """
    from ..commands.validate import baseline

    settings = settings_from(config, isolated, shapes, select, ignore)
    target = output or settings.baseline or Path("dataflow-baseline.json")
    text, summary = baseline(paths_or_default(paths, settings.paths), settings, engine=str(engine),
                             today=parse_today(today))
    if str(target) == "-":
        emit(text)
        return 0
    emit(text, target)
    typer.echo(f"wrote {summary} to {target}", err=True)
    return 0


@command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="A git revision or a directory.")],
    head: Annotated[str | None, typer.Argument(
        help="A git revision or a directory (default: the work tree).",
        show_default=False)] = None,
    path: Annotated[list[Path] | None, typer.Option(
        "--path", help="Flow files or directories to compare at each revision (repeatable; "
        "default: the config's paths, else flows/).", show_default=False)] = None,
    output_format: Annotated[ChangesFormat, typer.Option(
        "--format", "-f", help="text, json, or markdown for a pull-request comment.")
    ] = "text",
    fail_on_new: Annotated[bool, typer.Option(
        "--fail-on-new", help="Exit 1 when HEAD has errors that BASE did not have.")] = False,
    shapes: ShapesOpt = None,
    engine: EngineOpt = "sparql",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> int:
    """Show what a change does to the data map: activities, recipients, data, transfers,
    countries, legal bases, mechanisms, retention, and the findings it introduces or fixes.

    BASE and HEAD are git revisions (read with git archive; nothing is checked out) or
    directories. Without HEAD, BASE is compared with the work tree.
    """
    from ..commands.diff import diff
    from ..findings import Severity

    settings = settings_from(config, isolated, shapes, select, ignore)
    result = diff(base, head, flow_paths=paths_or_default(path, settings.paths), settings=settings,
                  engine=str(engine), today=parse_today(today))
    emit(render("changes", output_format, result))
    return 1 if fail_on_new and result.new(Severity.ERROR) else 0


@command("rules")
def list_rules(
    shapes: ShapesOpt = None,
    markdown: Annotated[bool, typer.Option(help="Print the full catalogue as Markdown.")] = False,
) -> int:
    """List the rules: ID, name, severity and GDPR article."""
    from ..commands.catalogue import rules

    emit(rules(shapes or (), markdown))
    return 0


@command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule ID such as XFER-01.")],
    shapes: ShapesOpt = None,
) -> int:
    """Show one rule's documentation: what it checks, why, an example, the fix, references."""
    from ..commands.catalogue import rule

    text = rule(rule_id, shapes or ())
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        emit(text)
    return 0


