"""The triples the loaders collect, loaded into an Oxigraph store in one operation.

The sink writes N-Triples text, so it must be impossible to escape on its own, whatever the
loaders let through: an IRI is written only once Oxigraph's IRI parser accepts it (no space,
no `>`, no line break can end the term early), a literal is escaped per the N-Triples
grammar, and a term that N-Triples cannot carry at all (a lone surrogate) is refused with
UnsafeTerm. The loaders refuse such input first, with its file:line; UnsafeTerm reaching
the user is a bug in them, and is reported as one (exit 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .convert import XSD_STRING, TermCache, iri_problem
from .ontology import load_ontology

_BNODE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")


class UnsafeTerm(ValueError):
    """A term that N-Triples cannot carry, or that would change the line it is written in."""


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
            text = _iri(term)
        elif isinstance(term, BNode):
            if _BNODE.fullmatch(term) is None:
                raise UnsafeTerm(f"not a blank node label: {str(term)!r:.100}")
            return f"_:{term}"
        elif isinstance(term, Literal):
            text = _nt_string(str(term))
            if term.language:
                if _LANGUAGE.fullmatch(term.language) is None:
                    raise UnsafeTerm(f"not a language tag: {term.language!r:.100}")
                text += f"@{term.language}"
            elif term.datatype is not None and str(term.datatype) != XSD_STRING:
                text += f"^^{_iri(term.datatype)}"
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
            text = "".join(self.lines)
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError as exc:  # the one check that costs nothing per literal
                line = text[text.rfind("\n", 0, exc.start) + 1:text.find("\n", exc.start)]
                raise UnsafeTerm("a lone surrogate cannot be written as UTF-8 in: "
                                 f"{line.encode('utf-8', 'backslashreplace')!r:.200}") from None
            # one transaction: measured 10 % faster than bulk_load in memory. A syntax error
            # here would be a bug of this module, and is not caught.
            store.load(data, ox.RdfFormat.N_TRIPLES)
        load_ontology(store)
        return store


def _iri(value: str) -> str:
    """`<value>`, once Oxigraph's IRI parser accepts it: then it holds no character that
    N-Triples would have to escape (none of <>"{}|^`\\, no space or control character)."""
    problem = iri_problem(value)
    if problem is not None:
        raise UnsafeTerm(f"not an IRI ({problem}): {value!r:.200}")
    return f"<{value}>"


# ECHAR for the four characters N-Triples requires escaped; UCHAR for the other controls,
# which N-Triples allows raw but which no line of text should carry.
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                             **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)
                                if chr(c) not in "\n\r"}})


def _nt_string(value: str) -> str:
    return '"' + value.translate(_NT_ESCAPES) + '"'
