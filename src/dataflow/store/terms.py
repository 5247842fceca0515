"""The term index: aliases, CURIEs and labels of the ontology, and what kind of term each is.

Flow files name DPV terms by alias (`call-recording`), CURIE (`pd:VoiceCommunicationRecording`)
or IRI. This module resolves them, checks that a term fits the field it is used in, and
suggests the nearest known term when it does not.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import InputError, did_you_mean
from ..vocab import DF, DPV, EU_GDPR, LOC, PREFIXES, shorten

#: Field kind -> IRIs that a term of that kind reaches through type/broader/subClassOf/inScheme.
KIND_ROOTS: dict[str, tuple[URIRef, ...]] = {
    "data category": (DPV.PersonalData,),
    "purpose": (DPV.Purpose,),
    "Art. 6 legal basis": (URIRef(str(EU_GDPR) + "legal-basis-classes"),),
    "Art. 9(2) condition": (URIRef(str(EU_GDPR) + "legal-basis-special-classes"),),
    "transfer mechanism": (URIRef(str(EU_GDPR) + "legal-basis-data-transfer-classes"),),
    "data subject category": (DPV.DataSubject, DPV.HumanSubject),
    "measure": (DPV.TechnicalOrganisationalMeasure,),
    "data source": (DPV.DataSource,),
    "country": (DPV.Country, DPV.ThirdCountry),
    "consent method": (DF.ConsentMethod,),
    "role": (DF.Role,),
    "certification": (DF.Certification,),
    "frequency": (DF.Systematic, DF.Occasional),
    "record kind": (DF.CompleteRecord, DF.NoticeRecord),
    "national law": (DF["TSL-29"],),
}

_UP = (RDF.type, SKOS.broader, RDFS.subClassOf, SKOS.inScheme)


@dataclass
class TermIndex:
    """Lookup tables built once from the ontology graph."""

    aliases: dict[str, URIRef] = field(default_factory=dict)
    labels: dict[str, set[URIRef]] = field(default_factory=dict)
    known: set[URIRef] = field(default_factory=set)
    parents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    display: dict[URIRef, str] = field(default_factory=dict)
    _ancestors: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict, repr=False)
    _short: dict[URIRef, str] = field(default_factory=dict, repr=False)

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
        iri = self.resolve(text) or self.aliases.get(text.strip().lower())
        if iri is None:
            matches = sorted(t for t in self.labels.get(text.strip().casefold(), ())
                             if self.is_kind(t, kind))
            iri = matches[0] if len(matches) == 1 else None
        if iri is None or iri not in self.known:
            extra = did_you_mean(self.suggest(text, kind))
            raise InputError(f"unknown {kind} '{text}'{extra}", None, None,
                             f"a {kind}: an alias, a CURIE, or an English or Finnish label")
        if not self.is_kind(iri, kind):
            raise InputError(f"'{text}' is not a {kind}", None, None, f"a {kind}")
        return iri

    def is_kind(self, term: URIRef, kind: str) -> bool:
        roots = KIND_ROOTS[kind]
        return term in roots or not self.ancestors(term).isdisjoint(roots)

    def narrower_or_self(self, term: URIRef) -> set[URIRef]:
        """The term and every term below it in the skos:broader hierarchy."""
        return {t for t in self.known if t == term or term in self.ancestors(t)}

    def label(self, term: URIRef) -> str:
        return self.display.get(term) or str(term)

    def resolve(self, text: str) -> URIRef | None:
        """An alias, CURIE, IRI or (English or Finnish) label; None when unknown."""
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
        matches = self.labels.get(text.casefold())
        if matches and len(matches) == 1:
            return next(iter(matches))
        return None

    def suggest(self, text: str, kind: str | None = None) -> list[str]:
        """Up to three close terms (shown by alias where they have one) for a did-you-mean."""
        names: dict[str, URIRef] = {}
        for label, iris in self.labels.items():
            for iri in iris:
                if kind is None or self.is_kind(iri, kind):
                    names[label] = iri
        for alias, iri in self.aliases.items():
            if kind is None or self.is_kind(iri, kind):
                names[alias] = iri
        shown_as: dict[URIRef, str] = {}
        for alias, iri in self.aliases.items():
            shown_as.setdefault(iri, alias)
        result: list[str] = []
        seen: set[URIRef] = set()
        for name in difflib.get_close_matches(text.casefold(), names, n=10, cutoff=0.7):
            iri = names[name]
            if iri not in seen:
                seen.add(iri)
                result.append(name if name in self.aliases else shown_as.get(iri, name))
        return result[:3]


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
        elif p == str(DF.alias) and literal:
            index.aliases[o] = subject
            index.known.add(subject)
        elif p in label_props and literal:
            index.labels.setdefault(o.casefold(), set()).add(subject)
            if p == str(RDFS.label) and (lang in (None, "en") or subject not in index.display):
                index.display[subject] = o
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
