"""Maps that live in a SPARQL store: `dataflow push`, and the --endpoint options that
validate, recipients, trace and query share (docs/endpoint.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError
from .app import command
from .options import PathsArg, paths_or_default

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint

EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint", metavar="URL", help="Run against the map in this SPARQL 1.1 query "
    "endpoint instead of flow files (credentials from DATAFLOW_ENDPOINT_USER and "
    "DATAFLOW_ENDPOINT_PASSWORD, or DATAFLOW_ENDPOINT_TOKEN; see docs/endpoint.md).",
    show_default=False)]
GraphOpt = Annotated[str | None, typer.Option(
    "--graph", metavar="IRI", help="With --endpoint: the named graph that holds the map.",
    show_default=False)]
TimeoutOpt = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS", help="With --endpoint: how long to wait for an answer.")]
StoreOpt = Annotated[str | None, typer.Option(
    "--store", metavar="URL", help="The Graph Store Protocol URL (default: the endpoint's "
    "/query with /store, as oxigraph serve has them).", show_default=False)]


def endpoint_of(url: str | None, graph: str | None, timeout: float,
                paths: list[Path] | None = None) -> Endpoint | None:
    """The endpoint the options name, or None for flow files; both at once is refused."""
    if url is None:
        if graph is not None:
            raise InputError("--graph needs --endpoint URL")
        return None
    if paths:
        raise InputError("give flow files or --endpoint, not both", None, None,
                         "either PATH... or --endpoint URL --graph IRI")
    from ..store.endpoint import connect

    return connect(url, graph, timeout=timeout)


@command()
def push(
    paths: PathsArg = None,
    endpoint: Annotated[str, typer.Option(
        "--endpoint", metavar="URL", help="The store's SPARQL 1.1 query endpoint.",
        show_default=False)] = "",
    graph: GraphOpt = None,
    store: StoreOpt = None,
    timeout: TimeoutOpt = 60.0,
    ontology_only: Annotated[bool, typer.Option(
        "--ontology-only", help="Push only the ontology (for a map loaded some other way).")
    ] = False,
) -> int:
    """Load flow files and put the map into a SPARQL store (Graph Store HTTP Protocol), with
    the file:line of every node in <GRAPH#sources> and the ontology in
    <urn:dataflow:graph:ontology>, so that --endpoint runs point at the flow files.

    Each of the three graphs is replaced. Credentials come from the environment only.
    """
    from ..commands.push import push as send
    from ..commands.push import push_ontology
    from ..store.endpoint import ONTOLOGY_GRAPH, connect

    if not endpoint:
        raise InputError("push needs --endpoint URL", None, None,
                         "the store's SPARQL query endpoint, e.g. http://localhost:7878/query")
    if ontology_only:  # no map graph is written: the ontology's own name stands in for it
        typer.echo(push_ontology(connect(endpoint, graph or ONTOLOGY_GRAPH, store=store,
                                         timeout=timeout)))
        return 0
    target = connect(endpoint, graph, store=store, timeout=timeout)
    typer.echo(str(send(paths_or_default(paths), target)))
    return 0
