"""What a change does to the data map: two `DataMap`s and their findings compared.

Pure functions of plain data, so that a diff can be computed (commands/diff.py), rendered
(report/changes.py) and tested apart. Only what differs is reported: a changed fact lists
the statements removed and those added; findings are matched by rule, node and message, so
that a finding whose line moved is not a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..findings import Finding, Severity
from .datamap import DataMap


@dataclass(frozen=True)
class Change:
    """One difference between two data maps, located in the side where it is seen."""

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
    """What `dataflow diff` returns: the changes and the findings introduced and fixed."""

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
    """Every change from `base` to `head`, in a stable order (renderers group them by kind)."""
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
