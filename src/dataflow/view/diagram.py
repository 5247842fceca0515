"""The lineage diagram of the networkx view, as plain data: nodes, aggregated edges, clusters.

Built once (`build`), written by one renderer per format (report/mermaid.py, dot.py,
graphviz.py, html.py), so every format shows the same thing:

- nodes are organisations, activities, systems and parties; activities and systems sit in
  their organisation's cluster, parties in a cluster per country; a node carries its role
  (an activity's own, a recipient's from the flows to it) and its retention;
- parallel flows between the same two nodes are one edge, with the data categories, the
  legal basis and the transfer mechanism, classed by kind (adequacy, safeguards,
  derogation, or none for a flow that leaves the EEA without one);
- a flow that names no data may carry what its sender holds (`inferred`); each finding is
  tied to the node or flow it is about (`targets`).

`--focus DATA` and `--subject CATEGORY` restrict the diagram to the paths trace.py finds.
Everything a renderer needs is resolved here (term names, the findings, which data is
special-category), so the renderers are pure functions of the `Diagram`; the labels and
colours they share are in report/diagram_labels.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import DPV, EU_GDPR, shorten
from .graph import Hop, edge_hops, locations
from .trace import Route, Tracer, recipients, trace_subject

if TYPE_CHECKING:
    import networkx as nx

    from ..findings import Finding
    from ..store.terms import TermIndex

_SPECIAL = str(DPV.SpecialCategoryPersonalData)
_ADEQUACY, _DEROGATION = str(EU_GDPR["A45-3"]), str(EU_GDPR) + "A49"
#: Kinds of transfer mechanism, least to most concerning; "none": leaves the EEA without one.
TRANSFER_KINDS = ("adequacy", "safeguards", "derogation", "none")


@dataclass
class DiagramNode:
    id: str
    label: str
    kind: str
    country: str | None
    eea: bool | None
    errors: int = 0
    outside: bool = False
    special: bool = False
    rules: tuple[str, ...] = ()      # rule IDs of its error findings
    roles: tuple[str, ...] = ()      # role IRIs: an activity's own, a recipient's by its flows
    retention: tuple[str, ...] = ()  # the activity's retention, or that of the flows to it
    abroad: tuple[str, ...] = ()     # codes outside the EEA where its data is (or goes)
    data: tuple[str, ...] = ()       # data terms it holds or may receive


@dataclass
class DiagramEdge:
    sender: str
    receiver: str
    flows: list[str] = field(default_factory=list)
    data: set[str] = field(default_factory=set)
    inferred: bool = False          # every flow of the edge names no data
    sender_data: bool = False       # data is all the sender may hold (not a focus)
    broader: bool = False           # every flow names only a broader category than asked
    bases: set[str] = field(default_factory=set)
    mechanisms: set[str] = field(default_factory=set)
    outside: bool = False
    special: bool = False
    errors: int = 0
    uses: bool = False              # activity -> system, not a flow
    transfers: dict[str, set[str]] = field(default_factory=dict)  # kind -> mechanisms
    roles: set[str] = field(default_factory=set)       # the receiver's role IRIs
    retention: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)       # rule IDs of its error findings
    abroad: set[str] = field(default_factory=set)      # codes outside the EEA it reaches

    @property
    def transfer(self) -> str | None:
        """The most concerning kind of mechanism of its flows (None: no transfer)."""
        return max(self.transfers, key=TRANSFER_KINDS.index, default=None)


@dataclass
class Cluster:
    label: str
    nodes: list[str] = field(default_factory=list)
    children: list[Cluster] = field(default_factory=list)
    outside: bool = False


@dataclass
class Diagram:
    """What every renderer draws, with nothing left to look up: the names of the terms,
    the findings and the special-category data shown are resolved when it is built."""

    title: str
    nodes: dict[str, DiagramNode]
    edges: list[DiagramEdge]
    clusters: list[Cluster]
    findings: list[Finding]
    names: dict[str, str]           # term IRI -> short name (roles: their label)
    special: set[str] = field(default_factory=set)   # special-category data terms shown
    targets: list[str | None] = field(default_factory=list)  # finding -> node or flow
    countries: dict[str, str] = field(default_factory=dict)  # code -> "Finland (FI)"
    rules_url: str = ""             # where the rules are documented (`#<id>` per rule)
    record_url: str = ""            # the HTML record (`dataflow ropa`) activities link to

    def ids(self) -> dict[str, str]:
        """Stable short ids (n0, n1, …) in cluster order."""
        order: list[str] = []

        def visit(cluster: Cluster) -> None:
            order.extend(cluster.nodes)
            for child in cluster.children:
                visit(child)

        for cluster in self.clusters:
            visit(cluster)
        placed = set(order)
        order.extend(n for n in sorted(self.nodes) if n not in placed)
        return {node: f"n{i}" for i, node in enumerate(order)}


@dataclass
class Selection:
    """Which flows a diagram shows, with the data each shows (None: all it may carry)."""

    data: dict[str, frozenset[str] | None]
    broader: set[str] = field(default_factory=set)


# -- building ---------------------------------------------------------------------------------


def _focus_of(iri: str, view: nx.MultiDiGraph, flows: set[str]) -> str | None:
    """The node or flow a finding is about (purpose, retention and DPA nodes belong to theirs)."""
    while iri:
        if iri in view or iri in flows:
            return iri
        head, sep, _ = iri.rpartition("/")
        if not sep:
            return None
        iri = head.rsplit("/", 1)[0] if re.fullmatch(r".*/(purpose|retention)", head) else head
    return None


class _Builder:
    def __init__(self, view: nx.MultiDiGraph, terms: TermIndex,
                 findings: Sequence[Finding]) -> None:
        self.view = view
        self.terms = terms
        self.tracer = Tracer(view, terms)
        self.findings = list(findings)
        self.hops: dict[str, Hop] = {hop.flow: hop for hop in edge_hops(view)}
        flows = set(self.hops)
        self.targets = [_focus_of(f.focus, view, flows) for f in self.findings]
        self.errors: dict[str, list[str]] = {}   # node or flow -> rule IDs of its errors
        for f, target in zip(self.findings, self.targets, strict=True):
            if target is not None and f.severity.value == "error":
                self.errors.setdefault(target, []).append(f.rule)

    def special(self, data: Iterable[str]) -> bool:
        return any(_SPECIAL in self.tracer.ancestors(d) for d in data)

    def transfer(self, mechanism: str) -> str:
        """adequacy (Art. 45), derogation (Art. 49) or safeguards (Art. 46, the rest)."""
        up = self.tracer.ancestors(mechanism) | {mechanism}
        if _ADEQUACY in up:
            return "adequacy"
        return "derogation" if any(t.startswith(_DEROGATION) for t in up) else "safeguards"

    def build(self, title: str, selection: Selection, nodes: Iterable[str]) -> Diagram:
        selected = selection.data
        keep = set(nodes)
        edges: dict[tuple[str, str], DiagramEdge] = {}
        for hop in sorted(self.hops.values(), key=lambda h: h.flow):
            if hop.flow not in selected:
                continue
            u, v = hop.sender, hop.receiver
            keep.update((u, v))
            shown = selected[hop.flow]
            carried = shown if shown is not None else self.tracer.may_carry(hop)
            edge = edges.setdefault((u, v), DiagramEdge(u, v, inferred=True, broader=True))
            edge.flows.append(hop.flow)
            edge.data.update(carried)
            edge.inferred &= not hop.declared
            edge.broader &= hop.flow in selection.broader
            edge.sender_data |= shown is None and not hop.declared
            bases, _ = self.tracer.basis(hop)
            edge.bases.update(bases)
            edge.mechanisms.update(hop.mechanisms)
            abroad = {c for c in locations(self.view, hop) if self.tracer.eea([c]) is False}
            edge.abroad |= abroad
            edge.outside |= bool(abroad)
            for m in hop.mechanisms:
                edge.transfers.setdefault(self.transfer(m), set()).add(m)
            if abroad and not hop.mechanisms:
                edge.transfers.setdefault("none", set())
            edge.roles.update([hop.role] if hop.role else [])
            edge.retention.update(hop.retention)
            edge.special |= self.special(carried)
            edge.errors += len(self.errors.get(hop.flow, ()))
            edge.rules.update(self.errors.get(hop.flow, ()))
        # Systems used by the activities shown.
        for node in sorted(keep):
            attrs = self.view.nodes[node]
            if attrs.get("kind") != "activity":
                continue
            for system in attrs.get("systems", ()):
                if system in self.view:
                    keep.add(system)
                    edges.setdefault((node, system), DiagramEdge(node, system, uses=True))
        # The flows into each node, in edge order (not a scan of every edge per node).
        incoming: dict[str, list[DiagramEdge]] = {}
        for edge in edges.values():
            if not edge.uses:
                incoming.setdefault(edge.receiver, []).append(edge)
        dnodes = {n: self._node(n, incoming.get(n, [])) for n in sorted(keep)}
        terms = {t for e in edges.values() for t in e.data | e.bases | e.mechanisms}
        names = {t: self.tracer.name(t) for t in terms.union(*(d.data for d in dnodes.values()))}
        names.update({r: self.terms.label(URIRef(r)) for e in edges.values() for r in e.roles})
        names.update({r: self.terms.label(URIRef(r)) for d in dnodes.values() for r in d.roles})
        special = {t for t in names if self.special([t])}
        codes = sorted({c for n in dnodes.values() for c in [n.country, *n.abroad] if c})
        return Diagram(title, dnodes, list(edges.values()), self._clusters(dnodes, incoming),
                       self.findings, names, special, self.targets,
                       {c: self.tracer.country_label(c) + f" ({c})" for c in codes})

    def _node(self, node: str, incoming: list[DiagramEdge]) -> DiagramNode:
        a = self.view.nodes[node]
        own = a.get("role") if a.get("kind") == "activity" else None
        roles = {own} if own else {r for e in incoming for r in e.roles}
        retention = a.get("retention") or {r for e in incoming for r in e.retention}
        abroad = {a["country"]} if a.get("eea") is False else set()
        data = set(self.tracer.native(node)).union(*(e.data for e in incoming))
        rules = self.errors.get(node, [])
        return DiagramNode(
            id=node, label=str(a.get("label") or shorten(node)), kind=str(a.get("kind")),
            country=a.get("country"), eea=a.get("eea"), errors=len(rules),
            outside=a.get("eea") is False or any(e.outside for e in incoming),
            special=self.special(data if a.get("kind") == "system" else a.get("data", ()))
            or any(e.special for e in incoming),  # a system: what its activities hold
            rules=tuple(sorted(set(rules))), roles=tuple(sorted(roles)),
            retention=tuple(sorted(retention)),
            abroad=tuple(sorted(abroad.union(*(e.abroad for e in incoming)))),
            data=tuple(sorted(data)),
        )

    def _country(self, node: DiagramNode, incoming: list[DiagramEdge]) -> str | None:
        """A party's country; else the one place all flows to it name (e.g. outside-eea)."""
        if node.country:
            return node.country
        places: set[str] = set()
        for e in incoming:
            for flow in e.flows:
                hop = self.hops[flow]
                places.update(hop.target or hop.storage)
        return next(iter(places)) if len(places) == 1 else None

    def _country_label(self, code: str | None) -> tuple[str, bool]:
        if not code:
            return "Country not stated", False
        if code == "outside-eea":
            return "Outside the EEA (country not named)", True
        eea = self.tracer.eea([code])
        label = f"{self.tracer.country_label(code)} ({code})"
        return (label if eea else f"{label} · outside the EEA"), eea is False

    def _clusters(self, nodes: dict[str, DiagramNode], incoming: dict[str, list[DiagramEdge]],
                  ) -> list[Cluster]:
        """One cluster per organisation (foreign-country systems nested), then recipients in
        a cluster per country. With several organisations, recipients that only one of them
        sends to are grouped with it, so each organisation's flows stay together."""
        view = self.view
        by_org: dict[str, list[str]] = {}
        loose: dict[tuple[str | None, str | None], list[str]] = {}
        for n, d in nodes.items():
            org = view.nodes[n].get("organisation")
            if d.kind in ("organisation", "activity", "system") and org in view:
                by_org.setdefault(org, []).append(n)
        several = len(by_org) > 1
        members = {n for nodes_of_org in by_org.values() for n in nodes_of_org}
        for n, d in nodes.items():
            if n not in members:
                owners = self._owners(n, incoming, set()) if several else set()
                owner = next(iter(owners)) if len(owners) == 1 else None
                loose.setdefault((owner, self._country(d, incoming.get(n, []))), []).append(n)

        def country_clusters(owner: str | None) -> list[Cluster]:
            out = []
            keys = sorted((c for o, c in loose if o == owner),
                          key=lambda c: (c is None, c == "outside-eea", c or ""))
            for country in keys:
                text, outside = self._country_label(country)
                if owner is not None:
                    text += f" · {self.tracer.label(owner)}"
                out.append(Cluster(text, self._order(loose[(owner, country)]), outside=outside))
            return out

        clusters = []
        for org in sorted(by_org, key=lambda o: self.tracer.label(o).casefold()):
            home = view.nodes[org].get("country")
            label = self.tracer.label(org) + (f" ({home})" if home else "")
            cluster = Cluster(label)
            abroad: dict[str, list[str]] = {}
            for n in self._order(by_org[org]):
                country = nodes[n].country
                if country and country != home:
                    abroad.setdefault(country, []).append(n)
                else:
                    cluster.nodes.append(n)
            for country in sorted(abroad):
                text, outside = self._country_label(country)
                cluster.children.append(Cluster(text, abroad[country], outside=outside))
            clusters.append(cluster)
            clusters.extend(country_clusters(org))
        clusters.extend(country_clusters(None))
        return clusters

    def _owners(self, node: str, incoming: dict[str, list[DiagramEdge]],
                seen: set[str]) -> set[str]:
        """The organisations whose flows reach a recipient (through other recipients too)."""
        org = self.view.nodes[node].get("organisation")
        if org:
            return {org}
        seen.add(node)
        owners: set[str] = set()
        for edge in incoming.get(node, ()):
            if edge.sender not in seen:
                owners |= self._owners(edge.sender, incoming, seen)
        return owners

    def _order(self, nodes: list[str]) -> list[str]:
        rank = {"organisation": 0, "activity": 1, "system": 2, "party": 3}
        return sorted(nodes, key=lambda n: (rank.get(self.view.nodes[n].get("kind"), 4),
                                            self.tracer.label(n).casefold(), n))


def _selection(paths: Iterable[Route], terms: TermIndex) -> Selection:
    """Flow -> the data it shows: what the paths carry; for a flow that names only a broader
    category, that category (marked broader)."""
    selected: dict[str, set[str] | None] = {}
    broader: dict[str, bool] = {}
    for path in paths:
        for step in path.steps:
            flow = step.hop.flow
            broader[flow] = broader.get(flow, True) and step.how == "broader"
            if step.carried is None:
                selected.setdefault(flow, None)
                continue
            shown = set(step.carried)
            if step.how == "broader":
                shown = {c for c in step.hop.data
                         if any(terms.overlaps(URIRef(c), URIRef(w)) for w in step.carried)}
            current = selected.get(flow, set())
            if current is not None:
                selected[flow] = current | shown
    return Selection({f: (frozenset(d) if d is not None else None)
                      for f, d in selected.items()}, {f for f, b in broader.items() if b})


def build(view: nx.MultiDiGraph, terms: TermIndex, findings: Sequence[Finding] = (),
          focus: URIRef | None = None, subject: URIRef | None = None,
          title: str = "") -> Diagram:
    """The diagram of the whole view, or of what `focus` data or a `subject` reaches."""
    builder = _Builder(view, terms, findings)
    if focus is not None:
        answer = recipients(view, terms, focus)
        paths = [p for r in answer.recipients for p in r.paths]
        # Activities that hold the data (not only a broader category), or that send it.
        wanted = frozenset({str(focus)})
        origins = [o for o in answer.origins if view.nodes[o].get("kind") == "activity" and (
            builder.tracer.match(builder.tracer.native(o), wanted)[1] == "declared"
            or any(p.origin == o for p in paths))]
        title = f"{title} · {terms.label(focus)}" if title else terms.label(focus)
        return builder.build(title, _selection(paths, terms), origins)
    if subject is not None:
        sub = trace_subject(view, terms, subject)
        paths = [p for r in sub.recipients for p in r.paths]
        title = f"{title} · {terms.label(subject)}" if title else terms.label(subject)
        return builder.build(title, _selection(paths, terms), sub.activities)
    everything = Selection({hop.flow: None for hop in edge_hops(view)})
    activities = [n for n, a in view.nodes(data=True) if a.get("kind") == "activity"]
    return builder.build(title, everything, activities)


def title_of(view: nx.MultiDiGraph) -> str:
    """The diagram's title: the organisations' labels (one or two), or how many there are."""
    orgs = sorted(str(a["label"]) for _, a in view.nodes(data=True)
                  if a.get("kind") == "organisation")
    return ", ".join(orgs) if len(orgs) <= 2 else f"{len(orgs)} organisations"
