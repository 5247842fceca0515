"""The term index: aliases, CURIEs and labels of the ontology, and what kind of term each is.

Flow files name DPV terms by alias (`call-recording`), CURIE (`pd:VoiceCommunicationRecording`),
English or Finnish label, in the singular or the plural (`call recording`, `puhelutallenne`)
or IRI. This module resolves them, checks that a term fits the field it is used in, describes
each term (`TermInfo`: aliases, labels, broader terms, definition), searches them, and
suggests the terms nearest in meaning when a name is unknown.

The API that the command line, the JSON Schema and an editor's language server share:

- `default_index()` -> `TermIndex`, built once from the bundled ontology;
- `TermIndex.resolve(text, kind)` -> IRI or None; `lookup(text, kind)` raises a did-you-mean;
- `TermIndex.terms(kind)` -> every `TermInfo` of a kind (completion);
- `TermIndex.info(iri)` -> `TermInfo` (hover); `TermIndex.search(text, kind)` (search);
- `TermIndex.suggest(text, kind)` -> up to three names nearest in meaning;
- `TermIndex.is_kind(iri, kind)`, `kinds.KINDS`, `kinds.kind_of(name)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import InputError, did_you_mean
from ..vocab import DF, LOC, PREFIXES, shorten
from .kinds import KIND_ROOTS, KINDS, Kind, kind_of
from .termsearch import NameTable, TermInfo

__all__ = ["KINDS", "KIND_ROOTS", "Kind", "TermIndex", "TermInfo", "build_index",
           "default_index", "kind_of"]

_UP = (RDF.type, SKOS.broader, RDFS.subClassOf, SKOS.inScheme)
_BROADER = {str(SKOS.broader), str(RDFS.subClassOf)}
_DEFINITIONS = {str(SKOS.definition), str(RDFS.comment)}


@dataclass
class TermIndex:
    """Lookup tables built once from the ontology graph."""

    aliases: dict[str, URIRef] = field(default_factory=dict)
    labels: dict[str, set[URIRef]] = field(default_factory=dict)
    known: set[URIRef] = field(default_factory=set)
    parents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    display: dict[URIRef, str] = field(default_factory=dict)
    written: dict[URIRef, dict[str, list[str]]] = field(default_factory=dict)
    """rdfs:label and skos:prefLabel as written, by language ("en", "fi"; "" for none)."""
    alt_labels: dict[URIRef, dict[str, list[str]]] = field(default_factory=dict)
    synonyms: dict[URIRef, list[str]] = field(default_factory=dict)
    """skos:hiddenLabel: what people also call a term (UK for GB); suggested, not resolved."""
    broader: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    definitions: dict[URIRef, str] = field(default_factory=dict)
    _ancestors: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict, repr=False)
    _short: dict[URIRef, str] = field(default_factory=dict, repr=False)
    _tables: dict[str, NameTable] = field(default_factory=dict, repr=False)
    _infos: dict[URIRef, TermInfo] = field(default_factory=dict, repr=False)

    def ancestors(self, term: URIRef) -> set[URIRef]:
        cached = self._ancestors.get(term)
        if cached is None:
            seen: set[URIRef] = set()
            stack = [term]
            while stack:
                for parent in self.parents.get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            cached = self._ancestors[term] = frozenset(seen)
        return set(cached)

    def overlaps(self, a: URIRef, b: URIRef) -> bool:
        """a and b are the same term, or one is narrower than the other (skos:broader etc.)."""
        return a == b or b in self.ancestors(a) or a in self.ancestors(b)

    def name(self, term: str) -> str:
        """The short name people write for a term: its first alias, else a CURIE or the IRI."""
        if not self._short:
            for alias, iri in self.aliases.items():
                self._short.setdefault(iri, alias)
        return self._short.get(URIRef(term)) or shorten(term)

    def lookup(self, text: str, kind: str) -> URIRef:
        """Resolve a term a person typed, or raise InputError with a did-you-mean."""
        iri = self.resolve(text, kind) or self.aliases.get(text.strip().lower())
        if iri is None or iri not in self.known:
            raise InputError(f"unknown {kind_of(kind).name} '{text}'"
                             f"{did_you_mean(self.suggest(text, kind))}", None, None,
                             self.expected(kind, labels=True))
        if not self.is_kind(iri, kind):
            raise InputError(f"'{text}' is not {kind_of(kind).a}", None, None, kind_of(kind).a)
        return iri

    def expected(self, kind: str, labels: bool = False) -> str:
        """What an error expects in place of an unknown term, and how to list them all."""
        found = kind_of(kind)
        if labels:
            forms = "an alias, a CURIE, or an English or Finnish label"
        else:
            example = next((shorten(iri) for _, iri in sorted(self.aliases.items())
                            if self.is_kind(iri, found.name)), None)
            forms = f"an alias, a CURIE{f' such as {example}' if example else ''}, or an IRI"
        return f"{found.a}: {forms}; `dataflow terms {found.slug}` lists them"

    def is_kind(self, term: URIRef, kind: str) -> bool:
        roots = KIND_ROOTS.get(kind) or kind_of(kind).roots
        return term in roots or not self.ancestors(term).isdisjoint(roots)

    def kinds_of(self, term: URIRef) -> list[Kind]:
        """Every kind of field in which the term is accepted."""
        return [k for k in KINDS if self.is_kind(term, k.name)]

    def narrower_or_self(self, term: URIRef) -> set[URIRef]:
        """The term and every term below it in the skos:broader hierarchy."""
        return {t for t in self.known if t == term or term in self.ancestors(t)}

    def label(self, term: URIRef) -> str:
        return self.display.get(term) or str(term)

    def resolve(self, text: str, kind: str | None = None) -> URIRef | None:
        """An alias, CURIE, IRI or English or Finnish label; None when unknown.

        With a kind, labels are matched among the terms of that kind only, and a label in the
        other number or a simple Finnish ending (`call recording`, `puhelutallenne`) is
        accepted when exactly one term of the kind has it."""
        text = text.strip()
        if text in self.aliases:
            return self.aliases[text]
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        if text.startswith(("http://", "https://", "urn:")):
            return URIRef(text)
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES:
            iri = URIRef(PREFIXES[prefix] + local)
            return iri if iri in self.known else None
        labelled = self.labels.get(text.casefold(), set())
        matches = {m for m in labelled if kind is None or self.is_kind(m, kind)}
        if len(matches) == 1:
            return next(iter(matches))
        if kind is None or matches:
            return None
        inflected = self._table(kind).inflected(text)
        if inflected is not None:
            return inflected
        return next(iter(labelled)) if len(labelled) == 1 else None  # of another kind

    def suggest(self, text: str, kind: str | None = None) -> list[str]:
        """Up to three terms nearest in meaning (by alias where they have one), for a
        did-you-mean: aliases, labels in English and Finnish, synonyms, other forms."""
        return self._table(kind).suggest(text)

    def terms(self, kind: str | None = None) -> list[TermInfo]:
        """Every term a flow file accepts where a term of `kind` belongs (or of any kind),
        by name."""
        table = self._table(kind)
        return sorted((self.info(iri) for iri in table.iris), key=lambda t: t.name.casefold())

    def search(self, text: str, kind: str | None = None) -> list[TermInfo]:
        """The terms whose alias, CURIE, IRI, label (English or Finnish, singular or plural)
        or synonym contains `text`, the closest first."""
        return [self.info(iri) for iri in self._table(kind).search(text)]

    def info(self, term: URIRef) -> TermInfo:
        """Everything known about a term, for a listing or an editor's hover."""
        found = self._infos.get(term)
        if found is None:
            written = self.written.get(term, {})
            alt = self.alt_labels.get(term, {})
            found = self._infos[term] = TermInfo(
                iri=str(term),
                curie=shorten(str(term)),
                aliases=tuple(a for a, iri in self.aliases.items() if iri == term),
                kinds=tuple(k.slug for k in self.kinds_of(term)),
                labels_en=tuple(written.get("en", []) + written.get("", []) + alt.get("en", [])
                                + alt.get("", [])),
                labels_fi=tuple(written.get("fi", []) + alt.get("fi", [])),
                synonyms=tuple(self.synonyms.get(term, [])),
                broader=tuple(self.name(b) for b in self.broader.get(term, [])
                              if b in self.known),
                definition=self.definitions.get(term),
            )
        return found

    def _table(self, kind: str | None) -> NameTable:
        """The names of every term of a kind, the classes that group them included
        (dpv:SpecialCategoryPersonalData): flow files may name those too."""
        key = kind_of(kind).slug if kind is not None else ""
        table = self._tables.get(key)
        if table is None:
            kinds = [kind_of(kind).name] if kind is not None else [k.name for k in KINDS]
            iris = [t for t in self.known if any(self.is_kind(t, k) for k in kinds)]
            table = self._tables[key] = NameTable(self.info(t) for t in iris)
        return table


def build_index(triples: Iterable[tuple[str, str, str, str | None, bool]]) -> TermIndex:
    """Build the index from (subject, predicate, object, language, object-is-literal) rows."""
    up = {str(p) for p in _UP}
    label_props = {str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)}
    index = TermIndex()
    for s, p, o, lang, literal in triples:
        subject = URIRef(s)
        if p in up and not literal:
            index.parents.setdefault(subject, set()).add(URIRef(o))
            index.known.add(subject)
            if p in _BROADER:
                index.broader.setdefault(subject, []).append(URIRef(o))
        elif p == str(DF.alias) and literal:
            index.aliases[o] = subject
            index.known.add(subject)
        elif p in label_props and literal:
            index.labels.setdefault(o.casefold(), set()).add(subject)
            main = index.written if p != str(SKOS.altLabel) else index.alt_labels
            main.setdefault(subject, {}).setdefault(lang or "", []).append(o)
            if p == str(RDFS.label) and (lang in (None, "en") or subject not in index.display):
                index.display[subject] = o
        elif p == str(SKOS.hiddenLabel) and literal:
            index.synonyms.setdefault(subject, []).append(o)
        elif p in _DEFINITIONS and literal and lang in (None, "en") and (
                p == str(SKOS.definition) or subject not in index.definitions):
            index.definitions[subject] = o
    for code in [t for t in index.known if str(t).startswith(str(LOC))]:
        index.aliases.setdefault(str(code)[len(str(LOC)):], code)
    return index


@cache
def default_index() -> TermIndex:
    import pyoxigraph as ox

    from .ontology import ontology_triples

    rows = (
        (t.subject.value, t.predicate.value, t.object.value,
         t.object.language if isinstance(t.object, ox.Literal) else None,
         isinstance(t.object, ox.Literal))
        for t in ontology_triples()
        if isinstance(t.subject, ox.NamedNode) and not isinstance(t.object, ox.Triple)
    )
    return build_index(rows)
