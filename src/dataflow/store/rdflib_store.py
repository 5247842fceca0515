"""The data graph's store: Oxigraph behind rdflib's Store API.

The graph is the model, and the rest of the code reads it through rdflib's `Graph` API. For
large maps, rdflib's in-memory store is the bottleneck: adding a triple costs about 30 µs,
and the fast engine would have to serialise the whole graph again to hand it to Oxigraph.
So the loaders write triples straight into a `pyoxigraph.Store`, and `rdflib_graph()` wraps
that store in an rdflib `Graph` without copying anything.

The rdflib view shows the store's default graph: the data. The bundled ontology is loaded
into the named graph `ONTOLOGY` of the same store, where the SPARQL engine can see it
(`query_graphs()`) while rdflib users see only the data, as before.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.term import Node

from .convert import TermCache, to_rdflib
from .ontology import DEFAULT, count_triples
from .sink import TripleSink

#: The store type, for modules outside store/ that pass a store along.
OxStore = ox.Store
#: Terms converted to rdflib that a store remembers (rdflib checks every IRI it builds).
_CACHE_SIZE = 1_000_000


class OxigraphStore(Store):
    """rdflib Store over the default graph of a pyoxigraph Store."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: ox.Store | None = None) -> None:
        super().__init__()
        self.ox = store if store is not None else ox.Store()
        self._terms = TermCache()
        self._prefixes: dict[str, URIRef] = {}
        self._rdflib: dict[Any, Node] = {}  # Oxigraph term -> rdflib term, as read

    def _pattern(self, term: Node | None) -> Any:
        if term is None or not isinstance(term, URIRef | BNode | Literal):
            return None
        return self._terms.term(term)

    def add(self, triple: tuple[Node, Node, Node], context: Any = None,
            quoted: bool = False) -> None:
        s, p, o = (self._terms.term(t) for t in triple)
        self.ox.add(ox.Quad(s, p, o, DEFAULT))  # type: ignore[arg-type]

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:
        term = self._terms.term
        self.ox.extend(ox.Quad(term(s), term(p), term(o), DEFAULT)  # type: ignore[arg-type]
                       for s, p, o, _ in quads)

    def remove(self, triple: tuple[Node | None, Node | None, Node | None],
               context: Any = None) -> None:
        for quad in list(self._quads(triple)):
            self.ox.remove(quad)

    def _quads(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[Any]:
        s, p, o = pattern
        for part in pattern:
            if part is not None and not isinstance(part, URIRef | BNode | Literal):
                return iter(())  # rdflib paths and the like are resolved by Graph itself
        if isinstance(s, Literal) or (p is not None and not isinstance(p, URIRef)):
            return iter(())  # no such triple can exist
        return iter(self.ox.quads_for_pattern(
            self._pattern(s), self._pattern(p), self._pattern(o), DEFAULT))

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        cache = self._rdflib
        for quad in self._quads(triple_pattern):
            triple = []
            for term in (quad.subject, quad.predicate, quad.object):
                converted = cache.get(term)
                if converted is None:
                    converted = to_rdflib(term)
                    if len(cache) < _CACHE_SIZE:
                        cache[term] = converted
                triple.append(converted)
            yield tuple(triple), iter((context,))

    def __len__(self, context: Any = None) -> int:
        return count_triples(self.ox)

    def contexts(self, triple: Any = None) -> Generator[Any, None, None]:
        yield from ()

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        namespace = URIRef(namespace)
        if not override and (prefix in self._prefixes
                             or namespace in self._prefixes.values()):
            return
        for old in [p for p, ns in self._prefixes.items() if ns == namespace]:
            del self._prefixes[old]
        self._prefixes[prefix] = namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return next((p for p, ns in self._prefixes.items() if ns == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()



def rdflib_graph(store: ox.Store) -> Graph:
    """An rdflib Graph that reads and writes the default graph of `store`."""
    return Graph(store=OxigraphStore(store))


def store_of(data: Graph) -> ox.Store:
    """The Oxigraph store behind `data`, with the ontology in its named graph.

    A graph that the loaders built is already backed by Oxigraph; any other graph is copied.
    """
    if isinstance(data.store, OxigraphStore):
        return data.store.ox
    sink = TripleSink()
    for triple in data:
        sink.add(triple)
    return sink.to_store()

