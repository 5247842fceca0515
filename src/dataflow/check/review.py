"""After the engine: apply the configuration, inline suppressions and the baseline.

The order matters: configuration first (a rule that is not selected cannot be suppressed, so
its suppression is reported as unused), then suppressions, whose own findings (SUP-01, SUP-02)
are subject to the configuration too, then the baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ..findings import Finding
from ..sources.load import FlowGraph, display_path

if TYPE_CHECKING:
    from .config import Settings
    from .pipeline import Report


def review(report: Report, settings: Settings | None, today: date | None) -> Report:
    """Apply the configuration, the inline suppressions and the baseline to the findings."""
    from .baseline import apply_baseline, read_baseline
    from .config import Settings, apply_settings
    from .suppress import apply_suppressions, read_suppressions

    settings = settings or Settings()
    settings.check(report.rules)
    findings = apply_settings(report.findings, settings)
    kept, report.suppressed, meta = apply_suppressions(
        findings, read_suppressions(report.graph.files), today=today or date.today(),
        rules=report.rules, locate=_locator(report.graph))
    report.findings = sorted(kept + apply_settings(meta, settings), key=Finding.sort_key)
    if settings.baseline is not None:
        entries = read_baseline(settings.baseline)
        report.findings, report.baseline = apply_baseline(report.findings, entries,
                                                          display_path(settings.baseline))
        report.notices.append(report.baseline.notice())
    return report


def _locator(graph: FlowGraph) -> Callable[[str, int], str | None]:
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
