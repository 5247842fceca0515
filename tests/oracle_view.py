"""A deliberately simple reference implementation of the networkx view (graphview.build_view).

This is the view as graphview derived it before it read the store in bulk: node by node and
flow by flow, with plain rdflib `graph.value` / `graph.objects` calls. It is slow and meant
to stay obvious; tests/test_view_equivalence.py checks that build_view gives the same nodes,
attributes, edges and hops. Change it only when the view's meaning changes.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from dataflow.store.terms import TermIndex
from dataflow.view.graph import Hop
from dataflow.vocab import DF, DPV, LOC, shorten

KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
         DF.Activity: "activity"}


def one(graph: Graph, s: Any, p: URIRef) -> str | None:
    value = graph.value(s, p)
    return str(value) if value is not None else None


def every(graph: Graph, s: Any, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(s, p)))


def code(country: str, terms: TermIndex) -> str:
    if country.startswith(str(LOC)):
        return country[len(str(LOC)):]
    return terms.name(country)


def days_text(days: int) -> str:
    for unit, size in (("year", 365), ("month", 30), ("week", 7)):
        if days >= size and days % size == 0:
            n = days // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def retention(graph: Graph, owner: Any) -> tuple[str, ...]:
    texts = []
    for r in graph.objects(owner, DPV.hasStorageCondition):
        days = graph.value(r, DF.retentionDays)
        trigger = graph.value(r, DF.retentionTrigger)
        criteria = graph.value(r, DF.retentionCriteria)
        parts = []
        if days is not None:
            parts.append(days_text(int(str(days))) + (f" from {trigger}" if trigger else ""))
        elif trigger is not None:
            parts.append(f"until {trigger}")
        if criteria is not None:
            parts.append(" ".join(str(criteria).split()))
        text = "; ".join(parts) or "unspecified"
        if graph.value(r, DF.genericWording) is not None:
            text += " (generic wording)"
        texts.append(text)
    return tuple(sorted(texts))


def purpose_bases(graph: Graph, activity: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for pb in graph.objects(activity, DF.purposeBasis):
        purpose = graph.value(pb, DPV.hasPurpose)
        if purpose is not None:
            pairs.append((str(purpose), every(graph, pb, DPV.hasLegalBasis)
                          + every(graph, pb, DF.art9Condition)))
    return tuple(sorted(pairs))


def oracle_view(data: Graph, terms: TermIndex) -> nx.MultiDiGraph:
    view = nx.MultiDiGraph()
    for cls, kind in KINDS.items():
        for node in data.subjects(RDF.type, cls):
            country = one(data, node, DPV.hasCountry)
            owner = one(data, node, DF.organisation)
            if country is None and owner is not None:
                country = one(data, URIRef(owner), DPV.hasCountry)
            label = (one(data, node, DPV.hasName) or one(data, node, RDFS.label)
                     or shorten(str(node)))
            view.add_node(
                str(node),
                kind=kind,
                label=label,
                country=code(country, terms) if country else None,
                eea=(LOC.EEA in terms.ancestors(URIRef(country))) if country else None,
                organisation=owner if kind != "organisation" else str(node),
                role=one(data, node, DF.role),
                controllers=every(data, node, DPV.hasDataController),
                retention=retention(data, node),
                data=every(data, node, DPV.hasPersonalData),
                subjects=every(data, node, DPV.hasDataSubject),
                purposes=purpose_bases(data, node),
                legal_bases=every(data, node, DPV.hasLegalBasis),
                systems=every(data, node, DF.system),
                certifications=every(data, node, DF.certification),
            )
    for flow in data.subjects(RDF.type, DF.Flow):
        sender = one(data, flow, DF["from"])
        receiver = one(data, flow, DF.to)
        if sender is None or receiver is None:
            continue
        hop = Hop(
            flow=str(flow),
            sender=sender,
            receiver=receiver,
            data=every(data, flow, DPV.hasPersonalData),
            purposes=every(data, flow, DPV.hasPurpose),
            legal_bases=every(data, flow, DPV.hasLegalBasis),
            mechanisms=every(data, flow, DF.transferMechanism),
            role=one(data, flow, DF.recipientRole),
            target=tuple(sorted(code(str(c), terms)
                                for c in data.objects(flow, DF.targetCountry))),
            storage=tuple(sorted(code(str(c), terms)
                                 for c in data.objects(flow, DF.storageCountry))),
            access=tuple(sorted(code(str(c), terms)
                                for c in data.objects(flow, DF.accessCountry))),
            retention=retention(data, flow),
            description=one(data, flow, DF.description),
        )
        for end in (sender, receiver):
            if end not in view:
                view.add_node(end, kind="unknown", label=shorten(end), country=None, eea=None,
                              organisation=None, role=None, controllers=(), retention=(),
                              data=(), subjects=(), purposes=(), legal_bases=(), systems=(),
                              certifications=())
        view.add_edge(sender, receiver, key=str(flow), hop=hop)
    return view
