"""The bundled ontology and reference data.

Parsing it with rdflib takes about half a second, so the fast paths read it with Oxigraph's
parser (a few milliseconds) and only the pySHACL engine builds an rdflib graph of it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rdflib import Graph

from ..resources import ontology_files

if TYPE_CHECKING:
    import pyoxigraph


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_triples() -> tuple[pyoxigraph.Triple, ...]:
    import pyoxigraph as ox

    triples: list[ox.Triple] = []
    for path in ontology_files():
        triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return tuple(triples)


def ontology_store() -> pyoxigraph.Store:
    """A fresh Oxigraph store holding the ontology."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in ontology_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store
