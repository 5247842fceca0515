"""The bundled ontology and reference data, and where it sits in a store.

The data is the store's default graph; the ontology is the named graph `ONTOLOGY` of the
same store, where SPARQL can see it (`query_graphs()`) while rdflib users see only the data.
Parsing the ontology with rdflib takes about half a second, so the fast paths read it with
Oxigraph's parser (a few milliseconds) and only the pySHACL engine builds an rdflib graph.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..resources import ontology_files

#: Named graph that holds the ontology next to the data.
ONTOLOGY = ox.NamedNode("urn:dataflow:graph:ontology")
DEFAULT = ox.DefaultGraph()


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (for pySHACL)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    triples: list[ox.Triple] = []
    for path in ontology_files():
        triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return tuple(triples)


def load_ontology(store: ox.Store) -> None:
    """Put the bundled ontology into the ONTOLOGY named graph of `store`."""
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY)
                      for t in ontology_triples())


def count_triples(store: ox.Store) -> int:
    """Triples in the default graph (the data), not counting the ontology."""
    ontology = sum(1 for _ in store.quads_for_pattern(None, None, None, ONTOLOGY))
    return len(store) - ontology  # len() counts quads in every graph, and fast


def query_graphs() -> list[Any]:
    """The graphs a validation query sees as its default graph: the data and the ontology."""
    return [DEFAULT, ONTOLOGY]


class ontology_merged:
    """Copy the ontology into the default graph of `store` for a while, then remove exactly
    the triples that were not already there. Queries then need no union of graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.added: list[ox.Quad] = []

    def __enter__(self) -> None:
        store = self.store
        copies = (ox.Quad(q.subject, q.predicate, q.object, DEFAULT)
                  for q in store.quads_for_pattern(None, None, None, ONTOLOGY))
        self.added = [q for q in copies if q not in store]
        store.extend(self.added)

    def __exit__(self, *exc: object) -> None:
        for quad in self.added:
            self.store.remove(quad)
        self.added = []
