"""A map that lives in a SPARQL store (`--endpoint URL --graph IRI`), read back.

`dataflow push` stores the map in its graph and the file:line of every node in the
companion graph `<GRAPH#sources>` (store/transfer.py). The source map of a remote map comes
from that companion graph, so findings and answers point at the flow files the map was
pushed from. `remote_map` copies the map graph into a local store (one CONSTRUCT, as
N-Triples) for what reads the map as a whole (the view of recipients and trace).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..store import endpoint as remote
from ..store.rdflib_store import rdflib_graph
from ..store.transfer import FLOW_FILE, SOURCE_FILE, SOURCE_LINE, store_of_ntriples
from ..vocab import PREFIXES
from .load import FlowGraph
from .sourcemap import Location, SourceMap

_SOURCES = f"""SELECT ?node ?file ?line ?flowfile {{
  {{ ?node <{SOURCE_FILE}> ?file OPTIONAL {{ ?node <{SOURCE_LINE}> ?line }} }}
  UNION {{ ?node <{FLOW_FILE}> ?flowfile }}
}}"""
_MAP = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass
class RemoteSources:
    """Where the nodes of a remote map were declared, and its flow files in order."""

    sources: SourceMap
    files: list[str]

    def locations(self) -> dict[str, Location]:
        """As FlowGraph.locations: every located IRI (review places suppressions with it)."""
        return self.sources.locations


def read_sources(endpoint: remote.Endpoint) -> RemoteSources:
    """The companion graph's positions; none (findings without file:line) if it is empty."""
    _, rows = remote.select(endpoint, _SOURCES, [endpoint.sources_graph])
    sources = SourceMap()
    files: dict[str, str] = {}
    for row in rows:
        node = _text(row, "node")
        if "flowfile" in row:
            files[node] = _text(row, "flowfile")
            continue
        line = _text(row, "line")
        sources.record(node, Location(_text(row, "file"),
                                      int(line) if line.isdigit() else None))
    return RemoteSources(sources, [files[k] for k in sorted(files)])


def _text(row: remote.Row, name: str) -> str:
    term = row.get(name)
    return str(term.get("value", "")) if isinstance(term, dict) else ""


def remote_map(endpoint: remote.Endpoint) -> FlowGraph:
    """The map graph of the store as a local FlowGraph with its source map; an empty or
    missing graph is an input error."""
    data = remote.construct(endpoint, _MAP, [endpoint.graph])
    if not data.strip():
        raise nothing_there(endpoint)
    graph = rdflib_graph(store_of_ntriples(data, endpoint.shown))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    located = read_sources(endpoint)
    return FlowGraph(graph, located.sources, located.files)


def nothing_there(endpoint: remote.Endpoint) -> InputError:
    return InputError(f"nothing to check in graph <{endpoint.graph}> at {endpoint.shown}: "
                      "the graph is empty or does not exist", None, None,
                      "the graph IRI that dataflow push loaded the map into")


def require_map(endpoint: remote.Endpoint) -> None:
    """The map graph holds a triple, or InputError: a wrong graph IRI answers nothing."""
    if not remote.ask(endpoint, "ASK { ?s ?p ?o }", [endpoint.graph]):
        raise nothing_there(endpoint)
