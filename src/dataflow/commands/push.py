"""`dataflow push`: load flow files and put the map into a SPARQL store, with its source
positions and the ontology, so that `--endpoint` runs there point at file:line.

Three graphs are replaced with the Graph Store HTTP Protocol (PUT): the ontology in
`urn:dataflow:graph:ontology`, the source positions in `<GRAPH#sources>`, and the map in
`<GRAPH>`, last, so that a map is never there without its positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..sources.load import load
from ..store import endpoint as remote
from ..store.terms import default_index
from ..store.transfer import data_ntriples, ontology_ntriples, sources_ntriples


@dataclass(frozen=True)
class Pushed:
    """What a push stored, for the line the command prints."""

    store: str
    graph: str
    triples: int
    files: int
    located: int

    def __str__(self) -> str:
        return (f"pushed {self.triples} triples from {self.files} file"
                f"{'' if self.files == 1 else 's'} to <{self.graph}> at {self.store}, the "
                f"file:line of {self.located} nodes to <{self.graph}#sources> and the ontology "
                f"to <{remote.ONTOLOGY_GRAPH}>")


def push(paths: Sequence[Path], endpoint: remote.Endpoint) -> Pushed:
    """Load the flow files (every input error first) and replace the three graphs."""
    store_url = remote.shown_url(endpoint.store_url())
    graph = load(paths, default_index())
    if len(graph.graph) == 0:
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"nothing to push in {where}: the flow files hold no triple", None,
                         None, "flow files that declare activities or flows")
    located = [(iri, where.file, where.line) for iri, where in graph.locations().items()]
    remote.put_graph(endpoint, remote.ONTOLOGY_GRAPH, ontology_ntriples())
    remote.put_graph(endpoint, endpoint.sources_graph,
                     sources_ntriples(endpoint.graph, graph.files, located))
    remote.put_graph(endpoint, endpoint.graph, data_ntriples(graph.store))
    return Pushed(store_url, endpoint.graph, len(graph.graph), len(graph.files), len(located))


def push_ontology(endpoint: remote.Endpoint) -> str:
    """Only the ontology (for a map that got into the store some other way)."""
    remote.put_graph(endpoint, remote.ONTOLOGY_GRAPH, ontology_ntriples())
    return (f"pushed the ontology to <{remote.ONTOLOGY_GRAPH}> at "
            f"{remote.shown_url(endpoint.store_url())}")
