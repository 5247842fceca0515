"""After the engine: apply the configuration, inline suppressions and the baseline.

The order matters: configuration first (a rule that is not selected cannot be suppressed, so
its suppression is reported as unused), then suppressions, whose own findings (SUP-01, SUP-02)
are subject to the configuration too, then the baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Protocol

from ..errors import display_path
from ..findings import Finding, Report
from ..sources.sourcemap import Location
from .baseline import apply_baseline, read_baseline
from .config import Settings, apply_settings
from .suppress import apply_suppressions, read_suppressions


class Located(Protocol):
    """Where the nodes of the checked map were declared: a FlowGraph, or the source map of
    a map in a SPARQL store (sources/remote.py)."""

    def locations(self) -> dict[str, Location]: ...


def review(report: Report, graph: Located, settings: Settings, today: date) -> Report:
    """A new report with the configuration, the suppressions and the baseline applied."""
    settings.check(report.rules)
    findings = apply_settings(report.findings, settings)
    kept, suppressed, meta = apply_suppressions(
        findings, read_suppressions(report.files), today=today, rules=report.rules,
        locate=_locator(graph))
    findings = sorted(kept + apply_settings(meta, settings), key=Finding.sort_key)
    report = replace(report, findings=findings, suppressed=suppressed)
    if settings.baseline is None:
        return report
    findings, result = apply_baseline(findings, read_baseline(settings.baseline),
                                      display_path(settings.baseline))
    return replace(report, findings=findings, baseline=result,
                   notices=[*report.notices, result.notice()])


def _locator(graph: Located) -> Callable[[str, int], str | None]:
    """(file, line) -> the IRI declared there (the shortest, so an entity beats its parts).

    The index is built on the first question: most runs have no suppressions to place.
    """
    index: dict[tuple[str, int], str] = {}

    def locate(file: str, line: int) -> str | None:
        if not index:
            for iri, where in graph.locations().items():
                if where.line is not None:
                    spot = (where.file, where.line)
                    if spot not in index or len(iri) < len(index[spot]):
                        index[spot] = iri
        return index.get((file, line))

    return locate
