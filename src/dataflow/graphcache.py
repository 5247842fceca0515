"""A read-only view of a graph that answers per-node lookups from one scan per predicate.

Deriving the networkx view asks `graph.value(node, p)` a dozen times per flow: at 100,000
flows that is over a million store lookups, each with its own term conversions. This view
reads each predicate it is asked about once, in bulk, and keeps subject -> objects in a
dict. Same answers through the same rdflib API; only the cost changes.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node


class PredicateCache(Graph):
    def __init__(self, graph: Graph) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier,
                         namespace_manager=graph.namespace_manager)
        self._by_subject: dict[Node, dict[Node, list[Node]]] = {}
        self._by_type: dict[Node, list[Node]] | None = None

    def _index(self, predicate: Node) -> dict[Node, list[Node]]:
        index = self._by_subject.get(predicate)
        if index is None:
            index = self._by_subject[predicate] = {}
            for s, _, o in super().triples((None, predicate, None)):
                index.setdefault(s, []).append(o)
        return index

    def objects(self, subject: Any = None, predicate: Any = None,
                unique: bool = False) -> Generator[Node, None, None]:
        if subject is None or not isinstance(predicate, URIRef):
            yield from super().objects(subject, predicate, unique)
            return
        yield from self._index(predicate).get(subject, ())

    def value(self, subject: Any = None, predicate: Any = RDF.value, object: Any = None,
              default: Any = None, any: bool = True) -> Any:
        if subject is None or object is not None or not isinstance(predicate, URIRef):
            return super().value(subject, predicate, object, default, any)
        found = self._index(predicate).get(subject)
        return found[0] if found else default

    def subjects(self, predicate: Any = None, object: Any = None,
                 unique: bool = False) -> Generator[Node, None, None]:
        if predicate != RDF.type or object is None:
            yield from super().subjects(predicate, object, unique)
            return
        if self._by_type is None:
            self._by_type = {}
            for s, objects in self._index(RDF.type).items():
                for o in objects:
                    self._by_type.setdefault(o, []).append(s)
        yield from self._by_type.get(object, ())

    def __contains__(self, triple: Any) -> bool:
        s, p, o = triple
        if s is None or o is None or not isinstance(p, URIRef):
            return super().__contains__(triple)
        return o in self._index(p).get(s, ())
