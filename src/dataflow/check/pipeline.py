"""The one way to findings: a loaded graph -> an engine -> located findings -> review -> Report.

Every command that reports findings (validate, baseline, diff, diagram) calls `check`.
"""

from __future__ import annotations

from datetime import date

from rdflib.namespace import RDF

from ..findings import Finding, RawResult, Report
from ..sources.load import FlowGraph
from ..sources.sourcemap import SourceMap
from ..store.rdffiles import count_typed
from ..vocab import DF, shorten
from .config import Settings
from .engines import run_engine
from .review import review
from .rules import RuleBook, load_rulebook


def _is_rdf(file: str) -> bool:
    """A finding in a Turtle, JSON-LD or N-Triples file gets its fix worded in DPV terms."""
    return file.lower().endswith((".ttl", ".jsonld", ".nt"))


def to_findings(raw: list[RawResult], sources: SourceMap, book: RuleBook) -> list[Finding]:
    """Engine results as findings: rule, article and hint from the catalogue, file:line from
    the source map; the same (rule, node, message) once."""
    seen: set[tuple[str, str, str]] = set()
    findings = []
    for item in raw:
        rule = book.rule_for_shape(item.shape)
        rule_id = rule.id if rule else shorten(item.shape)
        key = (rule_id, item.focus, item.message)
        if key in seen:
            continue
        seen.add(key)
        where = sources.get(item.focus)
        findings.append(Finding(
            rule=rule_id,
            severity=item.severity,
            message=item.message,
            focus=item.focus,
            file=where.file if where else None,
            line=where.line if where else None,
            article=rule.article if rule else None,
            hint=book.hint(item.shape, where is not None and _is_rdf(where.file)),
        ))
    return sorted(findings, key=Finding.sort_key)


def check(graph: FlowGraph, settings: Settings | None = None, *, engine: str = "sparql",
          today: date | None = None) -> Report:
    """Check a loaded graph against the bundled shapes and the settings' own, then apply the
    configuration, inline suppressions and baseline."""
    settings = settings or Settings()
    book = load_rulebook(settings.shapes)
    notices: list[str] = []
    raw, used = run_engine(engine, graph.graph, book, notices.append)
    report = Report(list(graph.files), len(graph.graph), to_findings(raw, graph.sources, book),
                    used, notices, rules=book.rules,
                    activities=count_typed(graph.store, str(RDF.type), str(DF.Activity)),
                    flows=count_typed(graph.store, str(RDF.type), str(DF.Flow)))
    return review(report, graph, settings, today or date.today())
