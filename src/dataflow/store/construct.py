"""SPARQL CONSTRUCT rules over a store: the lift of DPV input and the DPV export.

Both directions of the DPV mapping are declared as CONSTRUCT queries in files
(ontology/lift/, ontology/export/), so the mapping can be read, reviewed and extended
without reading Python. This module only runs them. A rule sees the data as its default
graph and the bundled ontology as the named graph `ONTOLOGY` (`GRAPH <urn:dataflow:graph:
ontology> { … }`): the ontology is there to be consulted, and nothing of it is copied into
the data by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from .ontology import DEFAULT, ONTOLOGY, load_ontology
from .sparql import Value, plain_value

#: One triple of a constructed graph, as plain data (the renderers never see Oxigraph).
Triple = tuple[Value, Value, Value]


def ask(store: ox.Store, text: str) -> bool:
    """The answer of an ASK query over the data."""
    return bool(store.query(text, default_graph=DEFAULT))


def ensure_ontology(store: ox.Store) -> None:
    """Put the ontology into its named graph, unless it is there already."""
    if next(iter(store.quads_for_pattern(None, None, None, ONTOLOGY)), None) is None:
        load_ontology(store)


def construct(store: ox.Store, text: str) -> list[ox.Triple]:
    """The triples a CONSTRUCT query builds from the data (and the ontology, by name)."""
    answer: Any = store.query(text, default_graph=DEFAULT)
    return list(answer)


def add_to_data(store: ox.Store, triples: Iterable[ox.Triple]) -> None:
    """Add triples to the data (the default graph); those already there change nothing."""
    store.extend(ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in triples)


def apply_rules(store: ox.Store, rules: Iterable[str]) -> None:
    """Run each CONSTRUCT rule in turn and add what it builds to the data before the next."""
    for text in rules:
        add_to_data(store, construct(store, text))


def pairs(store: ox.Store, text: str) -> list[tuple[str, str]]:
    """The first two variables of a SELECT query, as text, for rows where both are IRIs."""
    answer: Any = store.query(text, default_graph=DEFAULT)
    found = []
    for row in answer:
        first, second = row[0], row[1]
        if isinstance(first, ox.NamedNode) and isinstance(second, ox.NamedNode):
            found.append((first.value, second.value))
    return found


def construct_all(store: ox.Store, rules: Iterable[str]) -> list[Triple]:
    """The union of what several CONSTRUCT rules build, as plain triples, once each.

    The store is not changed: this is how the export reads the graph.
    """
    seen: set[ox.Triple] = set()
    for text in rules:
        seen.update(construct(store, text))
    return [(plain_value(t.subject), plain_value(t.predicate), plain_value(t.object))
            for t in seen]
