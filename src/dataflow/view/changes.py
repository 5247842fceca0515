"""`dataflow diff`: what a change does to the data map, computed from the two RDF graphs.

Each side is loaded and validated as `dataflow validate` would; the data map of each graph
(activities, flows, recipients, destination countries and the facts about them) is read from
the RDF, and the two maps and their findings are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..check.config import Settings
from ..errors import InputError, InputErrors
from ..findings import Finding, Severity
from ..sources.load import FlowGraph
from ..store.terms import TermIndex, default_index
from ..vocab import DF, DPV, LOC, shorten

# --- the data map of one graph -----------------------------------------------------------------


@dataclass(frozen=True)
class FlowFacts:
    iri: str
    label: str
    sender: str
    receiver: str
    role: str
    data: frozenset[str]
    countries: frozenset[str]
    mechanisms: frozenset[str]
    legal_bases: frozenset[str]
    retention: frozenset[str]
    outside_eea: frozenset[str]

    def data_text(self) -> str:
        return ", ".join(sorted(self.data)) or "no personal data"

    def route(self) -> str:
        where = f" ({', '.join(sorted(self.countries))})" if self.countries else ""
        role = f", {self.role}" if self.role else ""
        return f"{self.sender} → {self.receiver}{where}{role}"

    def describe(self) -> str:
        return f"{self.route()}: {self.data_text()}"


@dataclass(frozen=True)
class ActivityFacts:
    iri: str
    label: str
    data: frozenset[str]
    legal_bases: frozenset[str]
    retention: frozenset[str]


@dataclass
class DataMap:
    activities: dict[str, ActivityFacts] = field(default_factory=dict)
    flows: dict[str, FlowFacts] = field(default_factory=dict)
    recipients: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)


class _Reader:
    def __init__(self, graph: Graph, terms: TermIndex) -> None:
        self.g = graph
        self.terms = terms

    def name(self, node: Node) -> str:
        for prop in (DPV.hasName, RDFS.label):
            value = self.g.value(node, prop)
            if value is not None:
                return str(value)
        return shorten(str(node))

    def term(self, node: Node) -> str:
        return self.terms.label(URIRef(str(node)))

    def terms_of(self, subject: Node, prop: URIRef) -> frozenset[str]:
        return frozenset(self.term(o) for o in self.g.objects(subject, prop))

    def country(self, node: Node) -> Node | None:
        country = self.g.value(node, DPV.hasCountry)
        if country is None:
            owner = self.g.value(node, DF.organisation)
            country = self.g.value(owner, DPV.hasCountry) if owner is not None else None
        return country

    def in_eea(self, country: Node) -> bool:
        return LOC.EEA in self.terms.ancestors(URIRef(str(country)))

    def retention(self, owner: Node) -> frozenset[str]:
        texts = set()
        for node in self.g.objects(owner, DPV.hasStorageCondition):
            days = self.g.value(node, DF.retentionDays)
            trigger = self.g.value(node, DF.retentionTrigger)
            criteria = self.g.value(node, DF.retentionCriteria)
            parts = []
            if days is not None:
                parts.append(f"{days} days" + (f" from {trigger}" if trigger else ""))
            elif trigger is not None:
                parts.append(f"until {trigger}")
            if criteria is not None:
                parts.append(str(criteria))
            texts.add("; ".join(parts) or "unspecified")
        return frozenset(texts)

    def purpose_bases(self, activity: Node) -> frozenset[str]:
        bases = set()
        for pb in self.g.objects(activity, DF.purposeBasis):
            purposes = sorted(self.term(p) for p in self.g.objects(pb, DPV.hasPurpose))
            purpose = ", ".join(purposes) or "purpose"
            for basis in self.g.objects(pb, DPV.hasLegalBasis):
                bases.add(f"{purpose}: {self.term(basis)}")
            for condition in self.g.objects(pb, DF.art9Condition):
                bases.add(f"{purpose}: {self.term(condition)}")
        for basis in self.g.objects(activity, DPV.hasLegalBasis):
            bases.add(f"whole activity: {self.term(basis)}")
        return frozenset(bases)


def data_map(flow_graph: FlowGraph, terms: TermIndex | None = None) -> DataMap:
    """The activities, flows, recipients and destination countries of a graph."""
    r = _Reader(flow_graph.graph, terms or default_index())
    g = flow_graph.graph
    result = DataMap()
    for activity in g.subjects(RDF.type, DF.Activity):
        iri = str(activity)
        result.activities[iri] = ActivityFacts(
            iri=iri, label=r.name(activity), data=r.terms_of(activity, DPV.hasPersonalData),
            legal_bases=r.purpose_bases(activity), retention=r.retention(activity))
    for flow in g.subjects(RDF.type, DF.Flow):
        iri = str(flow)
        sender, receiver = g.value(flow, DF["from"]), g.value(flow, DF.to)
        places = set(g.objects(flow, DF.targetCountry))
        if not places and receiver is not None:
            home = r.country(receiver)
            places |= {home} if home is not None else set()
        places |= set(g.objects(flow, DF.storageCountry)) | set(g.objects(flow, DF.accessCountry))
        outside = {p for p in places if not r.in_eea(p)}
        role = g.value(flow, DF.recipientRole)
        result.flows[iri] = FlowFacts(
            iri=iri, label=shorten(iri),
            sender=r.name(sender) if sender is not None else "?",
            receiver=r.name(receiver) if receiver is not None else "?",
            role=r.term(role) if role is not None else "",
            data=r.terms_of(flow, DPV.hasPersonalData),
            countries=frozenset(r.term(p) for p in places),
            mechanisms=r.terms_of(flow, DF.transferMechanism),
            legal_bases=r.terms_of(flow, DPV.hasLegalBasis),
            retention=r.retention(flow),
            outside_eea=frozenset(r.term(p) for p in outside))
        for place in places:
            result.countries[str(place)] = r.term(place)
        if receiver is not None and (
                (receiver, RDF.type, DF.Party) in g or (receiver, RDF.type, DF.Organisation) in g):
            home = r.country(receiver)
            where = f" ({r.term(home)})" if home is not None else ""
            result.recipients[str(receiver)] = r.name(receiver) + where
    for iri, location in flow_graph.locations().items():
        result.where[iri] = (location.file, location.line)
    return result


# --- comparing two maps ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str
    """transfer, recipient, activity, flow, data, country, legal-basis, mechanism, retention"""
    change: str
    """added, removed or changed"""
    subject: str
    label: str
    detail: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None


KINDS = ("transfer", "recipient", "activity", "flow", "data", "country", "legal-basis",
         "mechanism", "retention")


@dataclass
class DataMapDiff:
    base: str
    head: str
    changes: list[Change]
    introduced: list[Finding]
    fixed: list[Finding]

    def new(self, severity: Severity) -> int:
        return sum(1 for f in self.introduced if f.severity is severity)


def _located(change: Change, side: DataMap) -> Change:
    file, line = side.where.get(change.subject, (None, None))
    return replace(change, file=file, line=line)


def _added_removed(kind: str, before: dict[str, str], after: dict[str, str],
                   base: DataMap, head: DataMap) -> Iterable[Change]:
    for iri in sorted(after.keys() - before.keys()):
        yield _located(Change(kind, "added", iri, after[iri]), head)
    for iri in sorted(before.keys() - after.keys()):
        yield _located(Change(kind, "removed", iri, before[iri]), base)


def _changed(kind: str, subject: str, label: str, before: frozenset[str],
             after: frozenset[str], head: DataMap) -> Iterable[Change]:
    if before != after:  # only what differs: the statements removed and those added
        yield _located(Change(kind, "changed", subject, label,
                              before=tuple(sorted(before - after)),
                              after=tuple(sorted(after - before))), head)


def compare_maps(base: DataMap, head: DataMap) -> list[Change]:
    changes: list[Change] = []
    # Transfers: flows that reach outside the EEA in one map and not (or not so) in the other.
    for iri in sorted(base.flows.keys() | head.flows.keys()):
        old, new = base.flows.get(iri), head.flows.get(iri)
        was = old.outside_eea if old else frozenset()
        now = new.outside_eea if new else frozenset()
        if now - was and new is not None:
            mechanism = ", ".join(sorted(new.mechanisms)) or "none"
            changes.append(_located(Change(
                "transfer", "added", iri, new.label,
                detail=f"{new.data_text()} to {new.receiver} in "
                       f"{', '.join(sorted(now - was))} (mechanism: {mechanism})"), head))
        if was - now and old is not None:
            changes.append(_located(Change(
                "transfer", "removed", iri, old.label,
                detail=f"{old.data_text()} to {old.receiver} no longer in "
                       f"{', '.join(sorted(was - now))}"), base))
    changes += _added_removed("recipient", base.recipients, head.recipients, base, head)
    changes += _added_removed("activity", {k: v.label for k, v in base.activities.items()},
                              {k: v.label for k, v in head.activities.items()}, base, head)
    for iri in sorted(head.flows.keys() - base.flows.keys()):
        flow = head.flows[iri]
        changes.append(_located(Change("flow", "added", iri, flow.label, flow.describe()), head))
    for iri in sorted(base.flows.keys() - head.flows.keys()):
        flow = base.flows[iri]
        changes.append(_located(Change("flow", "removed", iri, flow.label, flow.describe()),
                                base))
    both_flows = sorted(base.flows.keys() & head.flows.keys())
    both_activities = sorted(base.activities.keys() & head.activities.keys())
    for iri in both_flows:
        old_f, new_f = base.flows[iri], head.flows[iri]
        if old_f.route() != new_f.route():
            changes.append(_located(Change("flow", "changed", iri, new_f.label,
                                           before=(old_f.route(),), after=(new_f.route(),)),
                                    head))
        changes += _data_changes(iri, new_f.label, old_f.data, new_f.data, head)
    for iri in both_activities:
        old_a, new_a = base.activities[iri], head.activities[iri]
        changes += _data_changes(iri, new_a.label, old_a.data, new_a.data, head)
    changes += _added_removed("country", base.countries, head.countries, base, head)
    for iri in both_activities:
        old_a, new_a = base.activities[iri], head.activities[iri]
        changes += _changed("legal-basis", iri, new_a.label, old_a.legal_bases,
                            new_a.legal_bases, head)
        changes += _changed("retention", iri, new_a.label, old_a.retention, new_a.retention,
                            head)
    for iri in both_flows:
        old_f, new_f = base.flows[iri], head.flows[iri]
        changes += _changed("legal-basis", iri, new_f.label, old_f.legal_bases,
                            new_f.legal_bases, head)
        changes += _changed("mechanism", iri, new_f.label, old_f.mechanisms, new_f.mechanisms,
                            head)
        changes += _changed("retention", iri, new_f.label, old_f.retention, new_f.retention,
                            head)
    return changes


def _data_changes(iri: str, label: str, before: frozenset[str], after: frozenset[str],
                  head: DataMap) -> Iterable[Change]:
    if after - before:
        yield _located(Change("data", "added", iri, label, ", ".join(sorted(after - before)),
                              after=tuple(sorted(after - before))), head)
    if before - after:
        yield _located(Change("data", "removed", iri, label, ", ".join(sorted(before - after)),
                              before=tuple(sorted(before - after))), head)


def _finding_key(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.focus, f.message)


def compare_findings(base: Sequence[Finding], head: Sequence[Finding],
                     ) -> tuple[list[Finding], list[Finding]]:
    """(introduced, fixed), keyed by rule, node and message: line moves are not changes."""
    before = {_finding_key(f) for f in base}
    after = {_finding_key(f) for f in head}
    introduced = [f for f in head if _finding_key(f) not in before]
    fixed = [f for f in base if _finding_key(f) not in after]
    return introduced, fixed


# --- the command -------------------------------------------------------------------------------


def diff(base_spec: str, head_spec: str | None, *, flow_paths: Sequence[Path],
         settings: Settings | None = None, engine: str = "sparql", today: date | None = None,
         ) -> DataMapDiff:
    """Compare the data map and findings at `base_spec` and `head_spec` (None: work tree)."""
    settings = replace(settings or Settings(), baseline=None)
    base_map, base_findings, base_label = _side(base_spec, flow_paths, settings, engine, today)
    head_map, head_findings, head_label = _side(head_spec, flow_paths, settings, engine, today)
    introduced, fixed = compare_findings(base_findings, head_findings)
    return DataMapDiff(base_label, head_label, compare_maps(base_map, head_map), introduced,
                       fixed)


def _side(spec: str | None, flow_paths: Sequence[Path], settings: Settings, engine: str,
          today: date | None) -> tuple[DataMap, list[Finding], str]:
    """Load and validate one side; its files are shown by their paths in the repository."""
    from ..check.pipeline import validate
    from ..commands.snapshot import materialise

    with materialise(spec, flow_paths) as side:
        try:
            report = validate(side.paths, shapes=settings.shapes, engine=engine,
                              settings=settings, today=today)
        except (InputError, InputErrors) as exc:
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            raise InputErrors([replace(e, file=side.shown(e.file),
                                       message=f"{e.message} (in {side.label})")
                               for e in errors]) from None
        found = data_map(report.graph)
        found.where = {k: (side.shown(f) or f, line) for k, (f, line) in found.where.items()}
        return (found, [replace(f, file=side.shown(f.file)) for f in report.findings],
                side.label)
