"""The networkx view of the flow graph: the one place where RDF becomes a MultiDiGraph.

Nodes are organisations, parties, systems and activities, keyed by IRI, with the attributes
`kind`, `label`, `country` (a code such as FI, or `outside-eea`), `eea` (True, False or None
when no country is known), `organisation`, `role` and what tracing and diagrams need.
Edges are flows, one per df:Flow, keyed by the flow's IRI, each carrying a `Hop`.
Tracing (trace.py), diagrams (diagram.py) and the data map of `diff` (datamap.py) use this
view; there is no other model. columns.py reads what it needs from the store.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from ..vocab import DF, DPV, LOC, shorten
from .columns import KINDS, READERS, Columns

if TYPE_CHECKING:
    import networkx as nx

    from ..store.terms import TermIndex


class Hop(NamedTuple):
    """One flow as the view carries it. IRIs are full strings; `countries` are codes.

    A named tuple, not a dataclass: the view holds one per flow (100,000 on a large map)
    and a tuple is built five times faster than a frozen dataclass."""

    flow: str
    sender: str
    receiver: str
    data: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_bases: tuple[str, ...]
    mechanisms: tuple[str, ...]
    role: str | None
    target: tuple[str, ...] = ()
    storage: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    retention: tuple[str, ...] = ()
    description: str | None = None

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country the flow names: target, storage and remote access."""
        return tuple(sorted(set(self.target) | set(self.storage) | set(self.access)))

    @property
    def declared(self) -> bool:
        """The flow states what data it carries (otherwise it may carry what its sender holds)."""
        return bool(self.data)


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


def _days(days: int) -> str:
    """2 years, 6 months, 90 days: the duration as written, recovered from days."""
    for unit, size in (("year", 365), ("month", 30), ("week", 7)):
        if days >= size and days % size == 0:
            n = days // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def _retention(columns: Columns) -> dict[str, tuple[str, ...]]:
    """owner (activity or flow) -> its human-readable retention statements."""
    conditions = columns.every(DPV.hasStorageCondition)
    days = columns.first(DF.retentionDays)
    triggers = columns.first(DF.retentionTrigger)
    criteria = columns.first(DF.retentionCriteria)
    generic = columns.first(DF.genericWording)
    texts: dict[str, tuple[str, ...]] = {}
    memo: dict[tuple[str | None, str | None, str | None, bool], str] = {}
    for owner, found in conditions.items():
        statements = []
        for r in found:
            key = (days.get(r), triggers.get(r), criteria.get(r), r in generic)
            text = memo.get(key)
            if text is None:
                text = memo[key] = _retention_text(*key)
            statements.append(text)
        texts[owner] = tuple(sorted(statements))
    return texts


def _retention_text(days: str | None, trigger: str | None, criteria: str | None,
                    generic: bool) -> str:
    parts = []
    if days is not None:
        # an RDF flow file may state any literal here: words, or 5,000 digits (int() refuses)
        counted = days.isascii() and days.isdigit() and len(days) <= 12
        parts.append((_days(int(days)) if counted else f"'{days[:40]}' days")
                     + (f" from {trigger}" if trigger else ""))
    elif trigger is not None:
        parts.append(f"until {trigger}")
    if criteria is not None:
        parts.append(" ".join(criteria.split()))
    text = "; ".join(parts) or "unspecified"
    return text + " (generic wording)" if generic else text


def _purpose_bases(columns: Columns) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """activity -> its (purpose, Art. 6 bases + Art. 9 conditions) pairs."""
    pbs = columns.every(DF.purposeBasis)
    purposes = columns.first(DPV.hasPurpose)
    bases = columns.every(DPV.hasLegalBasis)
    art9 = columns.every(DF.art9Condition)
    return {activity: tuple(sorted((purposes[pb], bases.get(pb, ()) + art9.get(pb, ()))
                                   for pb in found if pb in purposes))
            for activity, found in pbs.items()}


def build_view(data: Graph, terms: TermIndex | None = None) -> nx.MultiDiGraph:
    """Derive the flow graph from the merged data graph.

    `terms` (default: the bundled ontology's index) supplies EEA membership and short names.
    """
    import networkx as nx

    from ..store.rdflib_store import store_of
    from ..store.terms import default_index

    terms = terms or default_index()
    view = nx.MultiDiGraph()
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        columns = Columns(store_of(data), pool)
        try:
            nodes = _nodes(columns, terms)
            edges = _edges(columns, terms)
        finally:
            columns.cancel()
        _fill(view, nodes, edges)
    return view


def _nodes(columns: Columns, terms: TermIndex) -> list[tuple[str, dict[str, Any]]]:
    kinds: dict[str, str] = {}
    for cls, kind in KINDS.items():  # a node of two classes is of the later one
        for node in columns.typed(cls):
            kinds[node] = kind
    country_of = columns.first(DPV.hasCountry)
    owners = columns.first(DF.organisation)
    names = columns.first(DPV.hasName)
    labels = columns.first(RDFS.label)
    roles = columns.first(DF.role)
    controllers = columns.every(DPV.hasDataController)
    data = columns.every(DPV.hasPersonalData)
    subjects = columns.every(DPV.hasDataSubject)
    bases = columns.every(DPV.hasLegalBasis)
    systems = columns.every(DF.system)
    certifications = columns.every(DF.certification)
    purposes = _purpose_bases(columns)
    retention = _retention(columns)
    places: dict[str, tuple[str, bool]] = {}
    nodes = []
    for node, kind in kinds.items():
        owner = owners.get(node)
        country = country_of.get(node)
        if country is None and owner is not None:
            country = country_of.get(owner)
        place = places.get(country) if country else None
        if country and place is None:
            place = places[country] = (country_code(country, terms), in_eea(country, terms))
        nodes.append((node, {
            "kind": kind,
            "label": names.get(node) or labels.get(node) or shorten(node),
            "country": place[0] if place else None,
            "eea": place[1] if place else None,
            "organisation": owner if kind != "organisation" else node,
            "role": roles.get(node),
            "controllers": controllers.get(node, ()),
            "retention": retention.get(node, ()),
            "data": data.get(node, ()),
            "subjects": subjects.get(node, ()),
            "purposes": purposes.get(node, ()),
            "legal_bases": bases.get(node, ()),
            "systems": systems.get(node, ()),
            "certifications": certifications.get(node, ()),
        }))
    return nodes


def _edges(columns: Columns, terms: TermIndex) -> list[Hop]:
    """One Hop per flow with both ends; country IRIs become codes."""
    codes: dict[str, str] = {}

    def places(predicate: URIRef) -> dict[str, tuple[str, ...]]:
        by_flow = columns.every(predicate)
        for countries in set(by_flow.values()):
            for c in countries:
                if c not in codes:
                    codes[c] = country_code(c, terms)
        return {flow: tuple(sorted(codes[c] for c in countries))
                for flow, countries in by_flow.items()}

    senders, receivers = columns.first(DF["from"]), columns.first(DF.to)
    data, purposes = columns.every(DPV.hasPersonalData), columns.every(DPV.hasPurpose)
    bases, mechanisms = columns.every(DPV.hasLegalBasis), columns.every(DF.transferMechanism)
    roles, descriptions = columns.first(DF.recipientRole), columns.first(DF.description)
    target, storage = places(DF.targetCountry), places(DF.storageCountry)
    access, retention = places(DF.accessCountry), _retention(columns)
    hops = []
    for flow in columns.typed(DF.Flow):
        sender, receiver = senders.get(flow), receivers.get(flow)
        if sender is None or receiver is None:  # a flow without both ends is not an edge
            continue
        hops.append(Hop(flow, sender, receiver, data.get(flow, ()), purposes.get(flow, ()),
                        bases.get(flow, ()), mechanisms.get(flow, ()), roles.get(flow),
                        target.get(flow, ()), storage.get(flow, ()), access.get(flow, ()),
                        retention.get(flow, ()), descriptions.get(flow)))
    return hops


UNKNOWN: dict[str, Any] = {
    "kind": "unknown", "country": None, "eea": None, "organisation": None, "role": None,
    "controllers": (), "retention": (), "data": (), "subjects": (), "purposes": (),
    "legal_bases": (), "systems": (), "certifications": ()}


def _fill(view: nx.MultiDiGraph, nodes: list[tuple[str, dict[str, Any]]],
          hops: list[Hop]) -> None:
    """Put the nodes and the flows into the view, each flow an edge keyed by its IRI."""
    view.add_nodes_from(nodes)
    # An endpoint typed in no flow file (possible in hand-written RDF): an unknown node.
    ends = dict.fromkeys(chain.from_iterable((h.sender, h.receiver) for h in hops))
    view.add_nodes_from((end, {**UNKNOWN, "label": shorten(end)})
                        for end in ends if end not in view)
    view.add_edges_from((h.sender, h.receiver, h.flow, {"hop": h}) for h in hops)


def hops(view: nx.MultiDiGraph) -> list[Hop]:
    """Every flow of the view, in a stable order."""
    return sorted(edge_hops(view), key=lambda h: h.flow)


def edge_hops(view: nx.MultiDiGraph) -> list[Hop]:
    """Every flow of the view, in edge order."""
    return [hop for *_, hop in view.edges(data="hop")]


def out_hops(view: nx.MultiDiGraph, node: str) -> list[Hop]:
    """The flows out of `node`, in edge order."""
    return [hop for *_, hop in view.out_edges(node, data="hop")]


def locations(view: nx.MultiDiGraph, hop: Hop) -> tuple[str, ...]:
    """Where a hop's data ends up: the receiver's country (or the flow's target country,
    which overrides it), plus the storage and remote-access countries of the flow."""
    places = set(hop.target) or {c for c in [view.nodes[hop.receiver].get("country")] if c}
    return tuple(sorted(places | set(hop.storage) | set(hop.access)))
