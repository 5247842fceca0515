"""Commands that answer questions of the map and draw it: recipients, trace, query,
diagram, schema, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import command
from .options import (
    ConfigOpt,
    DiagramFormat,
    GraphFormat,
    IsolatedOpt,
    LineageFormat,
    OutputOpt,
    PathsArg,
    QueryFormat,
    ShapesOpt,
    TodayOpt,
    emit,
    parse_today,
    paths_or_default,
    render,
    settings_from,
)
from .remote import EndpointOpt, GraphOpt, TimeoutOpt, endpoint_of


@command()
def recipients(
    data: Annotated[str, typer.Argument(
        metavar="DATA", help="A data category: alias (call-recording), CURIE "
        "(pd:VoiceCommunicationRecording) or English/Finnish label (\"call recordings\").")],
    paths: PathsArg = None,
    output_format: Annotated[LineageFormat, typer.Option(
        "--format", "-f", help="Output format.")] = "text",
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Every party that receives DATA (or a narrower category), directly or onward.

    For each recipient: role, country, inside or outside the EEA, and every path of hops
    from the controller with each hop's legal basis and transfer mechanism. Flows that name
    no data may carry what their sender holds; they are marked inferred (~).
    """
    from ..commands.lineage import recipients as answer

    at = endpoint_of(endpoint, graph, timeout, paths)
    emit(render("lineage", output_format, answer(data, paths_or_default(paths), at)))
    return 0


@command()
def trace(
    subject: Annotated[str, typer.Option(
        "--subject", "-s", metavar="CATEGORY",
        help="A data-subject category: customer, employee, job-applicant, …")],
    paths: PathsArg = None,
    output_format: Annotated[LineageFormat, typer.Option(
        "--format", "-f", help="Output format.")] = "text",
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Every activity, system, recipient and country that a subject's data reaches.

    With the retention at each place: the map for an access or erasure request.
    """
    from ..commands.lineage import trace as answer

    at = endpoint_of(endpoint, graph, timeout, paths)
    emit(render("lineage", output_format, answer(subject, paths_or_default(paths), at)))
    return 0


@command()
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
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Run a read-only SPARQL SELECT, ASK or CONSTRUCT over the flows and the ontology.

    The prefixes df:, dpv:, pd:, eu-gdpr:, loc:, rdf:, rdfs:, skos:, xsd: are predeclared.
    Updates, SERVICE and FROM / FROM NAMED are refused (exit 2).
    """
    from ..commands.query import named_queries
    from ..commands.query import query as run

    if list_named:
        emit("".join(f"{q.name:<28} {q.title}\n" for q in named_queries().values()))
        return 0
    args = list(arguments or [])
    sparql = args.pop(0) if args and file is None and name is None else None
    paths = [Path(a) for a in args]
    result = run(sparql, file, name, paths_or_default(paths),
                 endpoint_of(endpoint, graph, timeout, paths))
    emit(render("query", output_format, result))
    return 0


@command()
def diagram(
    paths: PathsArg = None,
    output_format: Annotated[DiagramFormat, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="mermaid, dot, or svg / png / html through Graphviz's dot.")] = "mermaid",
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
    record_url: Annotated[str, typer.Option(
        "--record-url", metavar="URL",
        help="html: link each activity to its row in this HTML record of `dataflow ropa` "
        "(URL#activity-<id>), e.g. ropa.html.")] = "",
    shapes: ShapesOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    today: TodayOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    timeout: TimeoutOpt = 60.0,
) -> int:
    """Draw a lineage diagram of the flows (Mermaid, dot, SVG, PNG or HTML).

    Activities, systems and parties grouped by organisation and country; flows labelled with
    data categories, legal basis and transfer mechanism. Transfers out of the EEA,
    special-category data and nodes with error findings stand out.
    """
    from ..commands.diagram import diagram as draw

    at = endpoint_of(endpoint, graph, timeout, paths)
    settings = settings_from(config, isolated, shapes)
    picture = draw(paths_or_default(paths, settings.paths), settings, fmt=str(output_format),
                   focus=focus, subject=subject, findings=findings, today=parse_today(today),
                   record_url=record_url, endpoint=at)
    emit(render("diagram", output_format, picture), output)
    return 0


@command()
def schema() -> int:
    """Print the JSON Schema of YAML flow files (for editor completion)."""
    from ..commands.catalogue import schema as json_schema

    emit(json_schema())
    return 0


@command("export")
def export_command(paths: PathsArg = None, output_format: Annotated[GraphFormat, typer.Option(
        "--format", "-f", help="turtle, or json-ld with its @context inline.")] = "turtle",
        output: OutputOpt = None, config: ConfigOpt = None, isolated: IsolatedOpt = False) -> int:
    """Write the flows as plain DPV 2.3: activities and flows as dpv:Process, df: terms only
    where DPV has none. `dataflow validate` reads the export back to the same findings."""
    from ..commands.export import export

    graph = export(paths_or_default(paths, settings_from(config, isolated).paths))
    emit(render("graph", output_format, graph), output)
    return 0
