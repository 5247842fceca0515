"""The validation pipeline: flow files -> one graph -> engine results -> located findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, RawResult
from ..safety import offline
from ..sources.load import FlowGraph, load
from ..vocab import shorten
from .engines import get_engine
from .rules import Rule, RuleBook, load_rulebook

if TYPE_CHECKING:
    from .baseline import BaselineResult
    from .config import Settings
    from .suppress import Suppressed


@dataclass
class Report:
    findings: list[Finding]
    graph: FlowGraph
    engine: str
    notices: list[str]
    suppressed: list[Suppressed] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    baseline: BaselineResult | None = None

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def run_engine(graph: FlowGraph, book: RuleBook, engine: str,
               notice: Callable[[str], None]) -> tuple[list[RawResult], str]:
    """Run the chosen engine; the fast path falls back to pySHACL for shapes it cannot run."""
    with offline():
        if engine == "sparql":
            from .engines.fast import NotCompilable

            try:
                return get_engine("sparql")(graph.graph, book), "sparql"
            except NotCompilable as exc:
                notice(f"fast path cannot run these shapes ({exc}); using pySHACL")
                engine = "pyshacl"
        return get_engine(engine)(graph.graph, book), engine


def to_findings(raw: list[RawResult], graph: FlowGraph, book: RuleBook) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    findings = []
    for item in raw:
        rule = book.rule_for_shape(item.shape)
        rule_id = rule.id if rule else shorten(item.shape)
        key = (rule_id, item.focus, item.message)
        if key in seen:
            continue
        seen.add(key)
        where = graph.sources.get(item.focus)
        findings.append(Finding(
            rule=rule_id,
            severity=item.severity,
            message=item.message,
            focus=item.focus,
            file=where.file if where else None,
            line=where.line if where else None,
            article=rule.article if rule else None,
            hint=book.shape_hint.get(item.shape) or (rule.hint if rule else None),
        ))
    return sorted(findings, key=Finding.sort_key)


def validate(paths: Sequence[Path], *, shapes: Sequence[Path] = (), engine: str = "sparql",
             settings: Settings | None = None, today: date | None = None) -> Report:
    notices: list[str] = []
    graph = load(paths)
    book = load_rulebook(shapes)
    raw, used = run_engine(graph, book, engine, notices.append)
    report = Report(to_findings(raw, graph, book), graph, used, notices, rules=book.rules)
    from .review import review

    return review(report, settings, today)
