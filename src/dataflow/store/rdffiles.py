"""RDF files into the store with Oxigraph's parser, and the questions the loader asks of it.

Turtle and N-Triples are read by Oxigraph's parser, 10 to 30 times faster than rdflib's,
straight into the store without a Python object per triple. On a syntax error these raise
SyntaxError, and sources/rdf.py has rdflib read the file again, so that the message (or,
where rdflib is lenient, the triples) are rdflib's.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from .convert import TermCache, to_rdflib
from .ontology import DEFAULT

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def load_text(store: ox.Store, text: str, fmt: str, base: str) -> None:
    """Load Turtle or N-Triples text into the default graph of `store`.

    In one transaction (as fast as a bulk load here, and a file with a syntax error leaves
    nothing behind). A file with labelled blank nodes (`_:b0`) is parsed with fresh labels,
    so that two files' `_:b0` stay two nodes.
    """
    data = text.encode("utf-8")
    if "_:" in text:
        store.bulk_extend(ox.parse(data, _FORMATS[fmt], base_iri=base, rename_blank_nodes=True))
    else:
        store.load(data, _FORMATS[fmt], base_iri=base)


def add_graph(store: ox.Store, graph: Graph) -> None:
    """The triples of an rdflib graph (JSON-LD, or rdflib's lenient reading) into `store`."""
    terms = TermCache()
    store.bulk_extend(ox.Quad(terms.term(s), terms.term(p), terms.term(o))  # type: ignore[arg-type]
                      for s, p, o in graph)


def parse_graph(text: str, fmt: str, base: str) -> Graph:
    """Turtle or N-Triples text as an rdflib Graph, parsed by Oxigraph, with its prefixes."""
    parser = ox.parse(text.encode("utf-8"), _FORMATS[fmt], base_iri=base,
                      rename_blank_nodes=True)
    triples = list(parser)
    graph = Graph()
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def objects(store: ox.Store, predicate: str) -> list[str]:
    """The values of every object of `predicate` in the data."""
    return [str(getattr(q.object, "value", q.object))
            for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, DEFAULT)]


def count_typed(store: ox.Store, rdf_type: str, cls: str) -> int:
    """How many subjects of the data are typed `cls`."""
    return sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(rdf_type),
                                                  ox.NamedNode(cls), DEFAULT))


def typed(store: ox.Store, rdf_type: str, cls: str) -> list[str]:
    """The IRIs of the data typed `cls` (blank nodes are left out)."""
    return [q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode(rdf_type), ox.NamedNode(cls), DEFAULT)
        if isinstance(q.subject, ox.NamedNode)]
