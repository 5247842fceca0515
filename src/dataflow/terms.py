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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .vocab import DF, DPV, EU_GDPR, LOC, PREFIXES

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

    def ancestors(self, term: URIRef) -> set[URIRef]:
        seen: set[URIRef] = set()
        stack = [term]
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

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
        if prefix.upper() == prefix and len(text) == 2 and text.isalpha():
            iri = LOC[text.upper()]
            return iri if iri in self.known else None
        matches = self.labels.get(text.casefold())
        if matches and len(matches) == 1:
            return next(iter(matches))
        return None

    def suggest(self, text: str, kind: str | None = None) -> list[str]:
        """Close aliases or labels for a did-you-mean hint."""
        names: list[str] = []
        for alias, iri in self.aliases.items():
            if kind is None or self.is_kind(iri, kind):
                names.append(alias)
        for label, iris in self.labels.items():
            if kind is None or any(self.is_kind(i, kind) for i in iris):
                names.append(label)
        return difflib.get_close_matches(text.casefold(), names, n=3, cutoff=0.6)

    def terms_of_kind(self, kind: str) -> Iterable[URIRef]:
        return (t for t in self.known if self.is_kind(t, kind))


def build_index(graph: Graph) -> TermIndex:
    index = TermIndex()
    for s, p, o in graph:
        if not isinstance(s, URIRef):
            continue
        if p in _UP and isinstance(o, URIRef):
            index.parents.setdefault(s, set()).add(o)
            index.known.add(s)
        elif p == DF.alias and isinstance(o, Literal):
            index.aliases[str(o)] = s
            index.known.add(s)
        elif p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) and isinstance(o, Literal):
            index.labels.setdefault(str(o).casefold(), set()).add(s)
            if p == RDFS.label and (o.language in (None, "en") or s not in index.display):
                index.display[s] = str(o)
    for code in [s for s in index.known if str(s).startswith(str(LOC))]:
        index.aliases.setdefault(str(code)[len(str(LOC)):], code)
    return index


@cache
def default_index() -> TermIndex:
    from .ontology import ontology_graph

    return build_index(ontology_graph())
