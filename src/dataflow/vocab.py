"""Namespaces shared by the loaders, shapes and queries."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import RDF, RDFS, SKOS, XSD

DF = Namespace("https://w3id.org/dataflow#")
DFR = Namespace("https://w3id.org/dataflow/rules#")
DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LEGAL_EU = Namespace("https://w3id.org/dpv/legal/eu#")
LOC = Namespace("https://w3id.org/dpv/loc#")
SH = Namespace("http://www.w3.org/ns/shacl#")

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


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries over the merged graph."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


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
