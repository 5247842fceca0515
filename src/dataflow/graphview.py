"""The networkx view of the flow graph: the one place where RDF becomes a MultiDiGraph.

Nodes are organisations, parties, systems and activities, keyed by IRI, with the attributes
`kind`, `label`, `country` (a code such as FI, or `outside-eea`), `eea` (True, False or None
when no country is known), `organisation`, `role` and what tracing and diagrams need.
Edges are flows, one per df:Flow, keyed by the flow's IRI, each carrying a `Hop`.
All tracing (trace.py) and diagrams (diagram.py) use this view; there is no other model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .vocab import DF, DPV, LOC, shorten

if TYPE_CHECKING:
    import networkx as nx

    from .terms import TermIndex

KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
         DF.Activity: "activity"}


@dataclass(frozen=True)
class Hop:
    """One flow as the view carries it. IRIs are full strings; `countries` are codes."""

    flow: str
    sender: str
    receiver: str
    data: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_bases: tuple[str, ...]
    mechanisms: tuple[str, ...]
    role: str | None
    target: tuple[str, ...] = field(default=())
    storage: tuple[str, ...] = field(default=())
    access: tuple[str, ...] = field(default=())
    retention: tuple[str, ...] = field(default=())
    description: str | None = None

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country the flow names: target, storage and remote access."""
        return tuple(sorted(set(self.target) | set(self.storage) | set(self.access)))

    @property
    def declared(self) -> bool:
        """The flow states what data it carries (otherwise it may carry what its sender holds)."""
        return bool(self.data)


def _one(graph: Graph, s: URIRef, p: URIRef) -> str | None:
    value = graph.value(s, p)
    return str(value) if value is not None else None


def _all(graph: Graph, s: URIRef, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in graph.objects(s, p)))


def country_code(country: str, terms: TermIndex | None = None) -> str:
    """`FI` for loc:FI; the alias (`outside-eea`) or CURIE for any other location term."""
    if country.startswith(str(LOC)):
        return country[len(str(LOC)):]
    return terms.name(country) if terms is not None else shorten(country)


def country_iri(code: str, terms: TermIndex) -> URIRef:
    return terms.aliases.get(code) or URIRef(str(LOC) + code)


def in_eea(country: str, terms: TermIndex) -> bool:
    """Whether a location IRI is in the EEA (skos:broader loc:EEA in the ontology)."""
    return LOC.EEA in terms.ancestors(URIRef(country))


def retention_text(graph: Graph, owner: URIRef) -> tuple[str, ...]:
    """Human-readable retention statements of an activity or flow."""
    texts = []
    for r in graph.objects(owner, DPV.hasStorageCondition):
        days = graph.value(r, DF.retentionDays)
        trigger = graph.value(r, DF.retentionTrigger)
        criteria = graph.value(r, DF.retentionCriteria)
        parts = []
        if days is not None:
            parts.append(_days(int(str(days))) + (f" from {trigger}" if trigger else ""))
        elif trigger is not None:
            parts.append(f"until {trigger}")
        if criteria is not None:
            parts.append(" ".join(str(criteria).split()))
        text = "; ".join(parts) or "unspecified"
        if graph.value(r, DF.genericWording) is not None:
            text += " (generic wording)"
        texts.append(text)
    return tuple(sorted(texts))


def _days(days: int) -> str:
    """2 years, 6 months, 90 days: the duration as written, recovered from days."""
    for unit, size in (("year", 365), ("month", 30), ("week", 7)):
        if days >= size and days % size == 0:
            n = days // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def _codes(graph: Graph, flow: URIRef, prop: URIRef, terms: TermIndex) -> tuple[str, ...]:
    return tuple(sorted(country_code(str(c), terms) for c in graph.objects(flow, prop)))


def _purpose_bases(graph: Graph, activity: URIRef) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for pb in graph.objects(activity, DF.purposeBasis):
        purpose = graph.value(pb, DPV.hasPurpose)
        if purpose is not None:
            assert isinstance(pb, URIRef)
            pairs.append((str(purpose), _all(graph, pb, DPV.hasLegalBasis)
                          + _all(graph, pb, DF.art9Condition)))
    return tuple(sorted(pairs))


def build_view(data: Graph, terms: TermIndex | None = None) -> nx.MultiDiGraph:
    """Derive the flow graph from the merged data graph.

    `terms` (default: the bundled ontology's index) supplies EEA membership and short names.
    """
    import networkx as nx

    from .graphcache import PredicateCache
    from .terms import default_index

    terms = terms or default_index()
    data = PredicateCache(data)
    view = nx.MultiDiGraph()
    for cls, kind in KINDS.items():
        for node in data.subjects(RDF.type, cls):
            assert isinstance(node, URIRef)
            country = _one(data, node, DPV.hasCountry)
            owner = _one(data, node, DF.organisation)
            if country is None and owner is not None:
                country = _one(data, URIRef(owner), DPV.hasCountry)
            label = (_one(data, node, DPV.hasName) or _one(data, node, RDFS.label)
                     or shorten(str(node)))
            view.add_node(
                str(node),
                kind=kind,
                label=label,
                country=country_code(country, terms) if country else None,
                eea=in_eea(country, terms) if country else None,
                organisation=owner if kind != "organisation" else str(node),
                role=_one(data, node, DF.role),
                controllers=_all(data, node, DPV.hasDataController),
                retention=retention_text(data, node),
                data=_all(data, node, DPV.hasPersonalData),
                subjects=_all(data, node, DPV.hasDataSubject),
                purposes=_purpose_bases(data, node),
                legal_bases=_all(data, node, DPV.hasLegalBasis),
                systems=_all(data, node, DF.system),
                certifications=_all(data, node, DF.certification),
            )
    for flow in data.subjects(RDF.type, DF.Flow):
        assert isinstance(flow, URIRef)
        sender = _one(data, flow, DF["from"])
        receiver = _one(data, flow, DF.to)
        if sender is None or receiver is None:
            continue
        hop = Hop(
            flow=str(flow),
            sender=sender,
            receiver=receiver,
            data=_all(data, flow, DPV.hasPersonalData),
            purposes=_all(data, flow, DPV.hasPurpose),
            legal_bases=_all(data, flow, DPV.hasLegalBasis),
            mechanisms=_all(data, flow, DF.transferMechanism),
            role=_one(data, flow, DF.recipientRole),
            target=_codes(data, flow, DF.targetCountry, terms),
            storage=_codes(data, flow, DF.storageCountry, terms),
            access=_codes(data, flow, DF.accessCountry, terms),
            retention=retention_text(data, flow),
            description=_one(data, flow, DF.description),
        )
        for end in (sender, receiver):
            if end not in view:
                # An endpoint typed in no flow file (possible in hand-written RDF).
                view.add_node(end, kind="unknown", label=shorten(end), country=None, eea=None,
                              organisation=None, role=None, controllers=(), retention=(),
                              data=(), subjects=(), purposes=(), legal_bases=(), systems=(),
                              certifications=())
        view.add_edge(sender, receiver, key=str(flow), hop=hop)
    return view


def hops(view: nx.MultiDiGraph) -> list[Hop]:
    """Every flow of the view, in a stable order."""
    return sorted((d["hop"] for _, _, d in view.edges(data=True)), key=lambda h: h.flow)


def locations(view: nx.MultiDiGraph, hop: Hop) -> tuple[str, ...]:
    """Where a hop's data ends up: the receiver's country (or the flow's target country,
    which overrides it), plus the storage and remote-access countries of the flow."""
    places = set(hop.target) or {c for c in [view.nodes[hop.receiver].get("country")] if c}
    return tuple(sorted(places | set(hop.storage) | set(hop.access)))
