"""The networkx view of the flow graph: the one place where RDF becomes a MultiDiGraph.

Nodes are organisations, parties, systems and activities; edges are flows (one per df:Flow,
keyed by the flow's IRI). All tracing and diagrams use this view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .vocab import DF, DPV, LOC

if TYPE_CHECKING:
    import networkx as nx

_KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
          DF.Activity: "activity"}
_EEA = LOC.EEA


@dataclass(frozen=True)
class Hop:
    """One flow as the view carries it."""

    flow: str
    sender: str
    receiver: str
    data: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_bases: tuple[str, ...]
    mechanisms: tuple[str, ...]
    role: str | None
    countries: tuple[str, ...]
    retention: tuple[str, ...] = field(default=())


def _one(graph: Graph, s: URIRef, p: URIRef) -> str | None:
    value = graph.value(s, p)
    return str(value) if value is not None else None


def _all(graph: Graph, s: URIRef, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(s, p)))


def _code(country: str) -> str:
    return country.rsplit("#", 1)[-1]


def in_eea(graph: Graph, country: str) -> bool:
    return (URIRef(country), SKOS.broader, _EEA) in graph


def retention_text(graph: Graph, owner: URIRef) -> tuple[str, ...]:
    """Human-readable retention statements of an activity or flow."""
    texts = []
    for r in graph.objects(owner, DPV.hasStorageCondition):
        days = graph.value(r, DF.retentionDays)
        trigger = graph.value(r, DF.retentionTrigger)
        criteria = graph.value(r, DF.retentionCriteria)
        parts = []
        if days is not None:
            parts.append(f"{days} days" + (f" from {trigger}" if trigger else ""))
        elif trigger is not None:
            parts.append(f"until {trigger}")
        if criteria is not None:
            parts.append(str(criteria))
        texts.append("; ".join(parts) or "unspecified")
    return tuple(sorted(texts))


def build_view(data: Graph, ontology: Graph | None = None) -> nx.MultiDiGraph:
    """Derive the flow graph. `ontology` supplies EEA membership and labels."""
    import networkx as nx

    from .graphcache import PredicateCache

    data = PredicateCache(data)
    ref = ontology if ontology is not None else data
    view = nx.MultiDiGraph()
    for cls, kind in _KINDS.items():
        for node in data.subjects(RDF.type, cls):
            assert isinstance(node, URIRef)
            country = _one(data, node, DPV.hasCountry)
            owner = _one(data, node, DF.organisation)
            if country is None and owner is not None:
                country = _one(data, URIRef(owner), DPV.hasCountry)
            label = (_one(data, node, DPV.hasName) or _one(data, node, RDFS.label)
                     or str(node).rsplit(":", 1)[-1])
            view.add_node(
                str(node),
                kind=kind,
                label=label,
                country=_code(country) if country else None,
                eea=in_eea(ref, country) if country else None,
                organisation=owner if kind != "organisation" else str(node),
                role=_one(data, node, DF.role),
                retention=retention_text(data, node),
                data=_all(data, node, DPV.hasPersonalData),
                subjects=_all(data, node, DPV.hasDataSubject),
            )
    for flow in data.subjects(RDF.type, DF.Flow):
        assert isinstance(flow, URIRef)
        sender = _one(data, flow, DF["from"])
        receiver = _one(data, flow, DF.to)
        if sender is None or receiver is None:
            continue
        countries: set[str] = set()
        for prop in (DF.targetCountry, DF.storageCountry, DF.accessCountry):
            countries.update(str(c) for c in data.objects(flow, prop))
        hop = Hop(
            flow=str(flow),
            sender=sender,
            receiver=receiver,
            data=_all(data, flow, DPV.hasPersonalData),
            purposes=_all(data, flow, DPV.hasPurpose),
            legal_bases=_all(data, flow, DPV.hasLegalBasis),
            mechanisms=_all(data, flow, DF.transferMechanism),
            role=_one(data, flow, DF.recipientRole),
            countries=tuple(sorted(countries)),
            retention=retention_text(data, flow),
        )
        view.add_edge(sender, receiver, key=str(flow), hop=hop)
    return view
