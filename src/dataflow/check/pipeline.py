"""The one way to findings: a loaded graph -> an engine -> located findings -> review -> Report.

Every command that reports findings (validate, baseline, diff, diagram) calls `check`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rdflib.namespace import RDF

from ..errors import printable
from ..findings import Finding, RawResult, Report
from ..sources.load import FlowGraph
from ..sources.sourcemap import SourceMap
from ..store.rdffiles import count_typed
from ..vocab import DF, shorten
from .config import Settings
from .engines import run_engine
from .review import review
from .rules import RuleBook, load_rulebook

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


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
            message=printable(item.message),  # labels come from the input: no raw controls
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


def check_at(endpoint: Endpoint, settings: Settings | None = None, *, engine: str = "sparql",
             today: date | None = None) -> Report:
    """`check` of a map in a SPARQL store: the compiled queries run there, file:line comes
    from the companion graph of `dataflow push`. pySHACL, asked for or as the fallback for
    shapes the fast path cannot compile, runs here on a copy of the map."""
    from ..sources.remote import read_sources, remote_map
    from ..store.transfer import require_ontology
    from .engines.fast import NotCompilable
    from .engines.remote import run_at

    settings = settings or Settings()
    book = load_rulebook(settings.shapes)
    if engine != "sparql":
        return check(remote_map(endpoint), settings, engine=engine, today=today)
    triples, activities, flows = count_at(endpoint)
    if activities + flows == 0:  # validate says "nothing to check"; no query need run
        return Report([], triples, [], rules=book.rules)
    require_ontology(endpoint)
    try:
        raw = run_at(endpoint, book)
    except NotCompilable:  # check() says why, with its notice, and falls back to pySHACL
        return check(remote_map(endpoint), settings, engine=engine, today=today)
    located = read_sources(endpoint)
    notices = [] if located.files else [f"no source positions in <{endpoint.sources_graph}>: "
                                        "findings name no file:line (push the map with "
                                        "dataflow push to record them)"]
    report = Report(located.files, triples, to_findings(raw, located.sources, book), "sparql",
                    notices, rules=book.rules, activities=activities, flows=flows)
    return review(report, located, settings, today or date.today())


def count_at(endpoint: Endpoint) -> tuple[int, int, int]:
    """Triples, activities and flows of the map graph in the store."""
    from ..store.endpoint import select

    text = (f"SELECT (COUNT(*) AS ?triples) (SUM(IF(?p = <{RDF.type}> && ?o = <{DF.Activity}>, "
            f"1, 0)) AS ?activities) (SUM(IF(?p = <{RDF.type}> && ?o = <{DF.Flow}>, 1, 0)) "
            "AS ?flows) { ?s ?p ?o }")
    _, rows = select(endpoint, text, [endpoint.graph])
    row = rows[0] if rows else {}
    numbers = [str(row.get(n, {}).get("value", "0")) for n in ("triples", "activities", "flows")]
    triples, activities, flows = (int(n) if n.isdigit() else 0 for n in numbers)
    return triples, activities, flows
