"""The `dataflow` command line: options -> one function of commands/ -> a renderer -> exit code.

No logic lives here. Every command runs inside one boundary (`_command`): the garbage
collector is paused for the command (it builds many long-lived objects and no cycles; see
gcpause.py), input errors become `error: file:line: …` lines and exit code 2, and the exit
code the command returns ends the process. Any other exception is a bug in dataflow, not bad
input: `main` reports it on one line as an internal error, with exit code 3, so that CI
never mistakes a crash for a finding or a user's mistake (docs/security.md).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .cliopts import (
    ChangesFormat,
    ConfigOpt,
    DiagramFormat,
    EngineOpt,
    FindingsFormat,
    GraphFormat,
    IgnoreOpt,
    IsolatedOpt,
    LineageFormat,
    OutputOpt,
    PathsArg,
    QueryFormat,
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
from .errors import InputError, InputErrors, printable
from .gcpause import gc_paused
from .report.registry import Style

#: The exit code of a crash: a bug, where 2 is bad input or usage and 1 failing findings.
INTERNAL_ERROR = 3

app = typer.Typer(
    name="dataflow",
    help="Validate GDPR processing activities and data flows declared as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _command(name: str | None = None) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Register a command that returns its exit code, inside the one error boundary."""

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

        app.command(name)(run)
        return fn

    return register


@_command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[FindingsFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: text; github when GITHUB_ACTIONS is "
        "set).", show_default=False)] = None,
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
) -> int:
    """Load flow files, merge them into one graph and check it against the shapes.

    Exit codes: 0 no errors; 1 findings fail the run; 2 bad input or usage; 3 internal error.
    """
    from .commands.validate import failed
    from .commands.validate import validate as run

    outputs = parse_outputs(output)
    settings = settings_from(config, isolated, shapes, select, ignore, baseline)
    fmt = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    report = run(paths_or_default(paths, settings.paths), settings, engine=str(engine),
                 today=parse_today(today))
    for notice in report.notices:
        typer.echo(f"notice: {notice}", err=True)
    for out_format, out_path in outputs:  # files get plain text, with a final line break
        text = render("findings", out_format, report, Style(rules_url=settings.rules_url))
        emit(text if isinstance(text, bytes) else f"{text}\n", out_path)
    emit(render("findings", fmt, report, stdout_style(settings.rules_url)))
    return 1 if failed(report, strict) else 0


@_command("baseline")
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
    from .commands.validate import baseline

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


@_command("diff")
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
    from .commands.diff import diff
    from .findings import Severity

    settings = settings_from(config, isolated, shapes, select, ignore)
    result = diff(base, head, flow_paths=paths_or_default(path, settings.paths), settings=settings,
                  engine=str(engine), today=parse_today(today))
    emit(render("changes", output_format, result))
    return 1 if fail_on_new and result.new(Severity.ERROR) else 0


@_command("rules")
def list_rules(
    shapes: ShapesOpt = None,
    markdown: Annotated[bool, typer.Option(help="Print the full catalogue as Markdown.")] = False,
) -> int:
    """List the rules: ID, name, severity and GDPR article."""
    from .commands.catalogue import rules

    emit(rules(shapes or (), markdown))
    return 0


@_command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule ID such as XFER-01.")],
    shapes: ShapesOpt = None,
) -> int:
    """Show one rule's documentation: what it checks, why, an example, the fix, references."""
    from .commands.catalogue import rule

    text = rule(rule_id, shapes or ())
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        emit(text)
    return 0


@_command()
def recipients(
    data: Annotated[str, typer.Argument(
        metavar="DATA", help="A data category: alias (call-recording), CURIE "
        "(pd:VoiceCommunicationRecording) or English/Finnish label (\"call recordings\").")],
    paths: PathsArg = None,
    output_format: Annotated[LineageFormat, typer.Option(
        "--format", "-f", help="Output format.")] = "text",
) -> int:
    """Every party that receives DATA (or a narrower category), directly or onward.

    For each recipient: role, country, inside or outside the EEA, and every path of hops
    from the controller with each hop's legal basis and transfer mechanism. Flows that name
    no data may carry what their sender holds; they are marked inferred (~).
    """
    from .commands.lineage import recipients as answer

    emit(render("lineage", output_format, answer(data, paths_or_default(paths))))
    return 0


@_command()
def trace(
    subject: Annotated[str, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="A data-subject category: customer, employee, job-applicant, …")],
    paths: PathsArg = None,
    output_format: Annotated[LineageFormat, typer.Option(
        "--format", "-f", help="Output format.")] = "text",
) -> int:
    """Every activity, system, recipient and country that a subject's data reaches.

    With the retention at each place: the map for an access or erasure request.
    """
    from .commands.lineage import trace as answer

    emit(render("lineage", output_format, answer(subject, paths_or_default(paths))))
    return 0


@_command()
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
    output_format: Annotated[QueryFormat, typer.Option(
        "--format", "-f", help="text (a table; Turtle for CONSTRUCT), json (SPARQL results "
        "JSON; JSON-LD for CONSTRUCT) or csv.")] = "text",
) -> int:
    """Run a read-only SPARQL SELECT, ASK or CONSTRUCT over the flows and the ontology.

    The prefixes df:, dpv:, pd:, eu-gdpr:, loc:, rdf:, rdfs:, skos:, xsd: are predeclared.
    Updates, SERVICE and FROM / FROM NAMED are refused (exit 2).
    """
    from .commands.query import named_queries
    from .commands.query import query as run

    if list_named:
        emit("".join(f"{q.name:<28} {q.title}\n" for q in named_queries().values()))
        return 0
    args = list(arguments or [])
    sparql = args.pop(0) if args and file is None and name is None else None
    result = run(sparql, file, name, paths_or_default([Path(a) for a in args]))
    emit(render("query", output_format, result))
    return 0


@_command()
def diagram(
    paths: PathsArg = None,
    output_format: Annotated[DiagramFormat, typer.Option(
        "--format", "-f", help="mermaid, dot, or svg / png / html through Graphviz's dot.",
    )] = "mermaid",
    focus: Annotated[str | None, typer.Option(
        "--focus", metavar="DATA", help="Only where this data category goes.")] = None,
    subject: Annotated[str | None, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="Only where this data subject's data goes.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.")] = None,
    findings: Annotated[bool, typer.Option(
        help="Validate first and highlight nodes and flows with error findings (after "
        "configuration, suppressions and baseline, as validate reports them).")] = True,
    shapes: ShapesOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
) -> int:
    """Draw a lineage diagram of the flows (Mermaid, dot, SVG, PNG or HTML).

    Activities, systems and parties grouped by organisation and country; flows labelled with
    data categories, legal basis and transfer mechanism. Transfers out of the EEA,
    special-category data and nodes with error findings stand out.
    """
    from .commands.diagram import diagram as draw

    settings = settings_from(config, isolated, shapes)
    picture = draw(paths_or_default(paths, settings.paths), settings, fmt=str(output_format),
                   focus=focus, subject=subject, findings=findings, today=parse_today(today))
    emit(render("diagram", output_format, picture), output)
    return 0


@_command()
def schema() -> int:
    """Print the JSON Schema of YAML flow files (for editor completion)."""
    from .commands.catalogue import schema as json_schema

    emit(json_schema())
    return 0


@_command("export")
def export_command(paths: PathsArg = None, output_format: Annotated[GraphFormat, typer.Option(
        "--format", "-f", help="turtle, or json-ld with its @context inline.")] = "turtle",
        output: OutputOpt = None, config: ConfigOpt = None, isolated: IsolatedOpt = False) -> int:
    """Write the flows as plain DPV 2.3: activities and flows as dpv:Process, df: terms only
    where DPV has none. `dataflow validate` reads the export back to the same findings."""
    from .commands.export import export

    graph = export(paths_or_default(paths, settings_from(config, isolated).paths))
    emit(render("graph", output_format, graph), output)
    return 0


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


if __name__ == "__main__":
    main()
