"""rdflib terms <-> Oxigraph terms, memoised where the loaders convert the same terms often."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

#: What every IRI taken from an input file must be, for the "(expected …)" of its error.
IRI_EXPECTED = ("an IRI (RFC 3987): a scheme such as https: or urn:, and no spaces, control "
                "characters or any of <>\"{}|^`\\")
_NAMES = {" ": "a space", "\n": "a line break", "\r": "a carriage return", "\t": "a tab"}


def iri_problem(value: str) -> str | None:
    """Why `value` is not an absolute IRI, in words, or None when it is one.

    Oxigraph's IRI parser decides (oxiri implements RFC 3987), so what passes here is
    exactly what the store accepts: a scheme, no spaces, no <>"{}|^`\\, no control
    characters, and a well-formed percent-encoding, host and port.
    """
    try:
        ox.NamedNode(value)
    except UnicodeEncodeError as exc:
        return f"it contains a lone surrogate (U+{ord(value[exc.start]):04X})"
    except ValueError as exc:
        bad = next((c for c in value if c <= " " or c in '<>"{}|^`\\'
                    or "\x7f" <= c <= "\x9f"), None)
        if bad is None:
            return f"{str(exc)[:1].lower()}{str(exc)[1:]}"
        if bad in _NAMES:
            return f"it contains {_NAMES[bad]}"
        if bad < " " or bad >= "\x7f":
            return f"it contains the control character U+{ord(bad):04X}"
        return f"it contains '{bad}'"
    return None


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
            elif term.datatype is not None and str(term.datatype) != XSD_STRING:
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
        if datatype in (XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")

