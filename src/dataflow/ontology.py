"""The bundled ontology and reference data, parsed once per process."""

from __future__ import annotations

from functools import cache

from rdflib import Graph

from .resources import ontology_files


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph
