"""The `dataflow` command line. Commands parse options and delegate; no logic lives here."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .cliopts import (
    ConfigOpt,
    DiffFormat,
    IgnoreOpt,
    IsolatedOpt,
    SelectOpt,
    ShapesOpt,
    TodayOpt,
    parse_outputs,
    parse_today,
)

if TYPE_CHECKING:
    from rich.console import Console

    from .check.config import Settings

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
    sarif = "sarif"
    junit = "junit"
    github = "github"


class EngineName(StrEnum):
    sparql = "sparql"
    pyshacl = "pyshacl"


def _paths(paths: list[Path] | None, settings: Settings | None = None) -> list[Path]:
    if paths:
        return paths
    if settings is not None and settings.paths:
        return list(settings.paths)
    return [Path("flows")]


def _settings(config: Path | None, isolated: bool, shapes: list[Path] | None,
              select: list[str] | None, ignore: list[str] | None,
              baseline: Path | None = None) -> Settings:
    from .check.config import resolve
    from .errors import InputError, InputErrors

    try:
        return resolve(config=config, isolated=isolated, shapes=shapes, select=select,
                       ignore=ignore, baseline=baseline)
    except (InputError, InputErrors) as exc:
        _fail_input(exc)


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
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: text; github when GITHUB_ACTIONS is "
        "set).", show_default=False)] = None,
    output: Annotated[list[str] | None, typer.Option(
        "--output", "-o", metavar="FORMAT=PATH",
        help="Also write a report to a file, e.g. sarif=results.sarif (repeatable).")] = None,
    shapes: ShapesOpt = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    engine: Annotated[EngineName, typer.Option(
        help="sparql: the fast path; pyshacl: the reference SHACL engine.")] = EngineName.sparql,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only findings not in this baseline file.")] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> None:
    """Load flow files, merge them into one graph and check it against the shapes.

    Exit codes: 0 no errors; 1 findings fail the run; 2 bad input or usage.
    """
    from .check.pipeline import validate as run
    from .errors import InputError, InputErrors
    from .report import render

    outputs = parse_outputs(output)
    settings = _settings(config, isolated, shapes, select, ignore, baseline)
    fmt = output_format.value if output_format else (
        "github" if os.environ.get("GITHUB_ACTIONS") else "text")
    try:
        report = run(_paths(paths, settings), shapes=settings.shapes, engine=engine.value,
                     settings=settings, today=parse_today(today))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    for notice in report.notices:
        typer.echo(f"notice: {notice}", err=True)
    for out_format, out_path in outputs:
        try:
            out_path.write_text(render(out_format, report, rules_url=settings.rules_url) + "\n",
                                encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: cannot write {out_path}: {exc.strerror}", err=True)
            raise typer.Exit(2) from None
    if fmt == "text":
        from rich.console import Console

        from .report.text import render as render_text

        render_text(report, Console(highlight=False, soft_wrap=True))
    else:
        typer.echo(render(fmt, report, rules_url=settings.rules_url))
    failed = report.count("error") > 0 or (strict and report.count("warning") > 0)
    raise typer.Exit(1 if failed else 0)


@app.command("baseline")
def write_baseline(
    paths: PathsArg = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write it ('-' for standard output; default: the "
        "config's baseline, else dataflow-baseline.json).", show_default=False)] = None,
    shapes: ShapesOpt = None,
    engine: Annotated[EngineName, typer.Option(help="Validation engine.")] = EngineName.sparql,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> None:
    """Record today's findings, so that `validate --baseline FILE` reports only new ones.

    Entries are (rule, focus IRI), without lines, so the baseline survives edits.
    """
    from dataclasses import replace

    from .check.baseline import render_baseline
    from .check.pipeline import validate as run
    from .errors import InputError, InputErrors

    settings = _settings(config, isolated, shapes, select, ignore)
    target = output or settings.baseline or Path("dataflow-baseline.json")
    try:
        report = run(_paths(paths, settings), shapes=settings.shapes, engine=engine.value,
                     settings=replace(settings, baseline=None), today=parse_today(today))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    text = render_baseline(report.findings)
    if str(target) == "-":
        typer.echo(text, nl=False)
        return
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {target}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    keys = {(f.rule, f.focus) for f in report.findings}
    typer.echo(f"wrote {len(keys)} baseline entr{'y' if len(keys) == 1 else 'ies'} "
               f"({len(report.findings)} finding(s)) to {target}", err=True)


@app.command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="A git revision or a directory.")],
    head: Annotated[str | None, typer.Argument(
        help="A git revision or a directory (default: the work tree).",
        show_default=False)] = None,
    path: Annotated[list[Path] | None, typer.Option(
        "--path", help="Flow files or directories to compare at each revision (repeatable; "
        "default: the config's paths, else flows/).", show_default=False)] = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, json, or markdown for a pull-request comment.")
    ] = DiffFormat.text,
    fail_on_new: Annotated[bool, typer.Option(
        "--fail-on-new", help="Exit 1 when HEAD has errors that BASE did not have.")] = False,
    shapes: ShapesOpt = None,
    engine: Annotated[EngineName, typer.Option(help="Validation engine.")] = EngineName.sparql,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> None:
    """Show what a change does to the data map: activities, recipients, data, transfers,
    countries, legal bases, mechanisms, retention, and the findings it introduces or fixes.

    BASE and HEAD are git revisions (read with git archive; nothing is checked out) or
    directories. Without HEAD, BASE is compared with the work tree.
    """
    from .errors import InputError, InputErrors
    from .findings import Severity
    from .report.changes import render_json, render_markdown, render_text
    from .view.changes import diff

    settings = _settings(config, isolated, shapes, select, ignore)
    try:
        result = diff(base, head, flow_paths=_paths(path, settings), settings=settings,
                      engine=engine.value, today=parse_today(today))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    renderer = {DiffFormat.text: render_text, DiffFormat.json: render_json,
                DiffFormat.markdown: render_markdown}[output_format]
    typer.echo(renderer(result))
    raise typer.Exit(1 if fail_on_new and result.new(Severity.ERROR) else 0)


@app.command("rules")
def list_rules(
    shapes: Annotated[list[Path] | None, typer.Option("--shapes")] = None,
    markdown: Annotated[bool, typer.Option(help="Print the full catalogue as Markdown.")] = False,
) -> None:
    """List the rules: ID, name, severity and GDPR article."""
    from .check.ruledocs import catalogue_markdown, rule_table
    from .check.rules import load_rulebook
    from .errors import InputError, InputErrors

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
    from .check.ruledocs import rule_markdown
    from .check.rules import load_rulebook
    from .errors import InputError, InputErrors

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


class TableFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def _console() -> Console:
    """A rich console; tables get 160 columns when the output is not a terminal."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=160)
    return console


@app.command()
def recipients(
    data: Annotated[str, typer.Argument(
        metavar="DATA", help="A data category: alias (call-recording), CURIE "
        "(pd:VoiceCommunicationRecording) or English/Finnish label (\"call recordings\").")],
    paths: PathsArg = None,
    output_format: Annotated[TableFormat, typer.Option(
        "--format", "-f", help="Output format.")] = TableFormat.text,
) -> None:
    """Every party that receives DATA (or a narrower category), directly or onward.

    For each recipient: role, country, inside or outside the EEA, and every path of hops
    from the controller with each hop's legal basis and transfer mechanism. Flows that name
    no data may carry what their sender holds; they are marked inferred (~).
    """
    from .errors import InputError, InputErrors
    from .report import lineage
    from .view.trace import recipients_for

    try:
        answer = recipients_for(data, _paths(paths))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    if output_format is TableFormat.json:
        typer.echo(lineage.recipients_json(answer))
    elif output_format is TableFormat.csv:
        typer.echo(lineage.recipients_csv(answer), nl=False)
    else:
        lineage.render_recipients(answer, _console())


@app.command()
def trace(
    subject: Annotated[str, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="A data-subject category: customer, employee, job-applicant, …")],
    paths: PathsArg = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Output format.")] = OutputFormat.text,
) -> None:
    """Every activity, system, recipient and country that a subject's data reaches.

    With the retention at each place: the map for an access or erasure request.
    """
    from .errors import InputError, InputErrors
    from .report import lineage
    from .view.trace import trace_subject_for

    try:
        answer = trace_subject_for(subject, _paths(paths))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    if output_format is OutputFormat.json:
        typer.echo(lineage.subject_json(answer))
    else:
        lineage.render_subject(answer, _console())


@app.command()
def query(
    arguments: Annotated[list[str] | None, typer.Argument(
        metavar="[SPARQL] [PATH]...",
        help="The query text, then flow files or directories (default: flows/). With --file "
        "or --named every argument is a path.", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", "-F", help="Read the query from a .rq file.")] = None,
    name: Annotated[str | None, typer.Option(
        "--named", "-n", metavar="NAME", help="Run a named query from docs/queries/.")] = None,
    list_named: Annotated[bool, typer.Option(
        "--list", help="List the named queries and exit.")] = False,
    output_format: Annotated[TableFormat, typer.Option(
        "--format", "-f", help="text (a table; Turtle for CONSTRUCT), json (SPARQL results "
        "JSON; JSON-LD for CONSTRUCT) or csv.")] = TableFormat.text,
) -> None:
    """Run a read-only SPARQL SELECT, ASK or CONSTRUCT over the flows and the ontology.

    The prefixes df:, dpv:, pd:, eu-gdpr:, loc:, rdf:, rdfs:, skos:, xsd: are predeclared.
    Updates, SERVICE and FROM / FROM NAMED are refused (exit 2).
    """
    from .errors import InputError, InputErrors
    from .report import query as render
    from .store.sparql import named_queries, run_request

    if list_named:
        for item in named_queries().values():
            typer.echo(f"{item.name:<28} {item.title}")
        raise typer.Exit(0)
    args = list(arguments or [])
    sparql = args.pop(0) if args and file is None and name is None else None
    try:
        result = run_request(sparql, file, name, _paths([Path(a) for a in args]))
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    if output_format is TableFormat.json:
        typer.echo(render.render_json(result))
    elif output_format is TableFormat.csv:
        typer.echo(render.render_csv(result), nl=False)
    else:
        render.render_text(result, _console())


class DiagramFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"
    png = "png"
    html = "html"


@app.command()
def diagram(
    paths: PathsArg = None,
    output_format: Annotated[DiagramFormat, typer.Option(
        "--format", "-f", help="mermaid, dot, or svg / png / html through Graphviz's dot.",
    )] = DiagramFormat.mermaid,
    focus: Annotated[str | None, typer.Option(
        "--focus", metavar="DATA", help="Only where this data category goes.")] = None,
    subject: Annotated[str | None, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="Only where this data subject's data goes.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.")] = None,
    findings: Annotated[bool, typer.Option(
        help="Validate first and highlight nodes and flows with error findings.")] = True,
) -> None:
    """Draw a lineage diagram of the flows (Mermaid, dot, SVG, PNG or HTML).

    Activities, systems and parties grouped by organisation and country; flows labelled with
    data categories, legal basis and transfer mechanism. Transfers out of the EEA,
    special-category data and nodes with error findings stand out.
    """
    from .errors import InputError, InputErrors
    from .view.diagram import diagram_for

    if focus and subject:
        typer.echo("error: give --focus or --subject, not both", err=True)
        raise typer.Exit(2)
    try:
        data = diagram_for(_paths(paths), output_format.value, focus, subject, findings)
    except (InputError, InputErrors) as exc:
        _fail_input(exc)
    if output is not None:
        output.write_bytes(data)
    elif output_format in (DiagramFormat.png,):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        typer.echo(data.decode("utf-8"), nl=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of YAML flow files (for editor completion)."""
    import json

    from .sources.flowfile import FlowFile

    data = FlowFile.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "dataflow flow file"
    typer.echo(json.dumps(data, indent=2))


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
        typer.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(set DATAFLOW_DEBUG=1 for details)", err=True)
        sys.exit(2)


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


if __name__ == "__main__":
    main()
