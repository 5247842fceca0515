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
from rdflib.namespace import XSD
from rdflib.store import Store
from rdflib.term import Node

#: Named graph that holds the ontology next to the data.
ONTOLOGY = ox.NamedNode("urn:dataflow:graph:ontology")
_DEFAULT = ox.DefaultGraph()
#: Terms converted to rdflib that a store remembers (rdflib checks every IRI it builds).
_CACHE_SIZE = 1_000_000
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxTriple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, OxTerm]


class TermCache:
    """rdflib term -> Oxigraph term, memoised.

    Keys are the rdflib terms themselves: the builders reuse the same URIRef objects, and a
    dict finds an identical key without calling rdflib's (Python-level) __eq__.
    """

    def __init__(self) -> None:
        self._terms: dict[Node, OxTerm] = {}
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def term(self, term: Node) -> OxTerm:
        try:
            return self._terms[term]
        except KeyError:
            pass
        if isinstance(term, URIRef):
            converted: OxTerm = self.iri(term)
        elif isinstance(term, BNode):
            return ox.BlankNode(str(term))
        elif isinstance(term, Literal):
            if term.language:
                converted = ox.Literal(str(term), language=term.language)
            elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
                converted = ox.Literal(str(term), datatype=self.iri(term.datatype))
            else:
                converted = ox.Literal(str(term))
        else:
            raise TypeError(f"not an RDF term: {term!r}")
        self._terms[term] = converted
        return converted


def to_rdflib(term: Any) -> Node:
    """Oxigraph term -> rdflib term (plain strings stay plain literals, as rdflib parses them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


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
        self.ox.add(ox.Quad(s, p, o, _DEFAULT))  # type: ignore[arg-type]

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:
        term = self._terms.term
        self.ox.extend(ox.Quad(term(s), term(p), term(o), _DEFAULT)  # type: ignore[arg-type]
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
            self._pattern(s), self._pattern(p), self._pattern(o), _DEFAULT))

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


def count_triples(store: ox.Store) -> int:
    """Triples in the default graph (the data), not counting the ontology."""
    ontology = sum(1 for _ in store.quads_for_pattern(None, None, None, ONTOLOGY))
    return len(store) - ontology  # len() counts quads in every graph, and fast


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


def query_graphs() -> list[Any]:
    """The graphs a validation query sees as its default graph: the data and the ontology."""
    return [_DEFAULT, ONTOLOGY]


class ontology_merged:
    """Copy the ontology into the default graph of `store` for a while, then remove exactly
    the triples that were not already there. Queries then need no union of graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.added: list[ox.Quad] = []

    def __enter__(self) -> None:
        store = self.store
        copies = (ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                  for q in store.quads_for_pattern(None, None, None, ONTOLOGY))
        self.added = [q for q in copies if q not in store]
        store.extend(self.added)

    def __exit__(self, *exc: object) -> None:
        for quad in self.added:
            self.store.remove(quad)
        self.added = []


def load_ontology(store: ox.Store) -> None:
    """Put the bundled ontology into the ONTOLOGY named graph of `store`."""
    from .ontology import ontology_triples

    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY)
                      for t in ontology_triples())


class TripleSink:
    """Triples collected by the loaders, then loaded into a store in one bulk operation.

    The graph builders add rdflib terms (`add`, `add_text`); they are written as N-Triples
    lines, which Oxigraph's parser loads faster than Python can build Quad objects (about
    5 µs a triple less on a large map). The RDF parsers add Oxigraph quads (`extend`).
    """

    def __init__(self) -> None:
        self.store = ox.Store()
        """RDF files are loaded into this store directly; to_store() adds the rest."""
        self.terms = TermCache()
        self.quads: list[ox.Quad] = []
        self.lines: list[str] = []
        self._nt: dict[Node, str] = {}

    def _term(self, term: Node) -> str:
        try:
            return self._nt[term]
        except KeyError:
            pass
        if isinstance(term, URIRef):
            text = f"<{term}>"
        elif isinstance(term, BNode):
            return f"_:{term}"
        elif isinstance(term, Literal):
            text = _nt_string(str(term))
            if term.language:
                text += f"@{term.language}"
            elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
                text += f"^^<{term.datatype}>"
        else:
            raise TypeError(f"not an RDF term: {term!r}")
        self._nt[term] = text
        return text

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        term = self._term
        s, p, o = triple
        self.lines.append(f"{term(s)} {term(p)} {term(o)} .\n")

    def add_text(self, s: URIRef, p: URIRef, value: str) -> None:
        """A plain string literal, without building an rdflib Literal first."""
        self.lines.append(f"{self._term(s)} {self._term(p)} {_nt_string(value)} .\n")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self.quads.extend(quads)

    def to_store(self) -> ox.Store:
        """The store with the collected triples as its default graph, and the ontology."""
        store = self.store
        store.bulk_extend(self.quads)
        if self.lines:
            text = "".join(self.lines).encode("utf-8")
            try:  # one transaction: measured 10 % faster than bulk_load in memory
                store.load(text, ox.RdfFormat.N_TRIPLES)
            except SyntaxError:  # an IRI N-Triples cannot carry: load term by term instead
                store.bulk_extend(ox.parse(text, ox.RdfFormat.N_TRIPLES, lenient=True))
        load_ontology(store)
        return store


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_string(value: str) -> str:
    return '"' + value.translate(_NT_ESCAPES) + '"'
