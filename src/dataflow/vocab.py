"""Namespaces shared by the loaders, shapes and queries."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD


class _Namespace(Namespace):
    """A Namespace that returns the same URIRef object for a name every time.

    rdflib builds and checks a new URIRef on every `DF.Flow`; the graph builder asks for
    the same few dozen terms millions of times on a large map.
    """

    def term(self, name: str) -> URIRef:
        cache: dict[str, URIRef] = self.__dict__.setdefault("_terms", {})
        found = cache.get(name)
        if found is None:
            found = cache[name] = super().term(name)
            if name.isidentifier():
                self.__dict__[name] = found  # `DF.Flow` now skips __getattr__ altogether
        return found


DF = _Namespace("https://w3id.org/dataflow#")
DFR = _Namespace("https://w3id.org/dataflow/rules#")
DPV = _Namespace("https://w3id.org/dpv#")
PD = _Namespace("https://w3id.org/dpv/pd#")
EU_GDPR = _Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LEGAL_EU = _Namespace("https://w3id.org/dpv/legal/eu#")
LOC = _Namespace("https://w3id.org/dpv/loc#")
SH = _Namespace("http://www.w3.org/ns/shacl#")

#: Where flow-file ids live unless a file says otherwise.
ID_BASE = "urn:dataflow:"

PREFIXES: dict[str, str] = {
    "df": str(DF),
    "dfr": str(DFR),
    "dpv": str(DPV),
    "pd": str(PD),
    "eu-gdpr": str(EU_GDPR),
    "legal-eu": str(LEGAL_EU),
    "loc": str(LOC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "sh": str(SH),
}


def shorten(iri: str) -> str:
    """Compact form of an IRI for people: an id for flow-file nodes, else a CURIE."""
    if iri.startswith(ID_BASE):
        return iri[len(ID_BASE):]
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            short = f"{prefix}:{iri[len(ns):]}"
    return short if best else iri
