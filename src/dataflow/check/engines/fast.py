"""The fast path: SHACL-SPARQL constraints compiled to plain SELECT queries on Oxigraph.

A constraint's query is evaluated once for all focus nodes instead of once per node: the
shape's targets are joined into its WHERE clause, in front of it or after the leading
patterns that do not mention $this (rewrite.anchor_end). Shapes that use anything other than
class/subjects-of/objects-of targets and sh:sparql constraints cannot be compiled; the
caller falls back to pySHACL for those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from ...errors import InputError
from ...findings import SH_SEVERITY, RawResult, Severity
from ...store.sparql import REMOTE, keywords
from ...vocab import SH
from ..rules import RuleBook
from .rewrite import anchor_end, defer_nested_filters, not_exists_to_minus

_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf}
_SHAPE_KEYS = _TARGETS | {SH.sparql, SH.severity, SH.message, SH.deactivated}
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


class NotCompilable(Exception):
    """A shape uses SHACL features the fast path does not run."""


@dataclass(frozen=True)
class CompiledQuery:
    shape: str
    severity: Severity
    message: str
    query: str


def _prologue(shapes: Graph, constraint: Node) -> str:
    lines = []
    for prefixes in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(prefixes, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _target_pattern(shapes: Graph, shape: Node) -> str:
    """The shape's targets as a pattern binding $this. One target is a plain triple pattern,
    part of the group it is joined into (a group of its own would be evaluated on its own,
    over every instance); several are a UNION of groups."""
    patterns = []
    for cls in shapes.objects(shape, SH.targetClass):
        patterns.append(f"$this <{RDF.type}>/<{RDFS_SUBCLASS}>* <{cls}> .")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"$this <{prop}> [] .")
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        patterns.append(f"[] <{prop}> $this .")
    if len(patterns) == 1:
        return patterns[0]
    return " UNION ".join(f"{{ {pattern} }}" for pattern in patterns)


RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def compile_shapes(book: RuleBook) -> list[CompiledQuery]:
    """Compile every shape, or raise NotCompilable naming the first one that cannot be.
    The result is kept on the book, which is kept while its files do not change."""
    if book.compiled is not None:
        return list(book.compiled)
    shapes = book.shapes
    compiled: list[CompiledQuery] = []
    candidates = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape))
    for target_prop in _TARGETS | {SH.targetNode}:
        candidates |= set(shapes.subjects(target_prop, None))
    for shape in sorted(candidates, key=str):
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        if not any(shapes.objects(shape, t) for t in _TARGETS | {SH.targetNode}):
            continue
        unsupported = {p for p in shapes.predicates(shape, None)
                       if str(p).startswith(str(SH)) and p not in _SHAPE_KEYS
                       and p not in (SH.name, SH.description, SH.order, SH.group)}
        if unsupported or not any(shapes.objects(shape, SH.sparql)):
            used = sorted(map(str, unsupported)) or "no sh:sparql"
            raise NotCompilable(f"shape {shape} uses {used}")
        severity = SH_SEVERITY.get(str(shapes.value(shape, SH.severity)), Severity.ERROR)
        target = _target_pattern(shapes, shape)
        for constraint in shapes.objects(shape, SH.sparql):
            if shapes.value(constraint, SH.deactivated) == Literal(True):
                continue
            select = shapes.value(constraint, SH.select)
            if select is None:
                raise NotCompilable(f"shape {shape} has a constraint without sh:select")
            text = str(select)
            match = _WHERE.search(text)
            if match is None:
                raise NotCompilable(f"shape {shape}: its query has no WHERE clause")
            # From every target node, MINUS pays; from a few anchor rows, NOT EXISTS does.
            at = match.end() + anchor_end(text[match.end():])
            if at == match.end():
                text = not_exists_to_minus(text)
            query = defer_nested_filters(_prologue(shapes, constraint) + text[:at]
                                         + "\n" + target + "\n" + text[at:])
            _refuse_remote(str(shape), query)
            message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
            compiled.append(CompiledQuery(str(shape), severity, str(message or ""), query))
    book.compiled = compiled
    return list(compiled)


def _refuse_remote(shape: str, query: str) -> None:
    """Defence in depth: the compiled query, put together from the shape's prefixes, targets
    and text, has no SERVICE, LOAD, FROM or USING (Oxigraph would run them from native code,
    unseen by safety.py). check_shapes has refused every way in; this is the last look."""
    reached = next((word for word in keywords(query) if word in REMOTE), None)
    if reached is not None:
        raise InputError(f"shape {shape}: its compiled query has {reached}. {REMOTE[reached]}")


def _render(message: str, row: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: row.get(m.group(1), m.group(0)), message)


#: A shape's message with {?var} filled from a row (the remote engine renders the same way).
render_message = _render


def _term_text(term: object) -> str:
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def run_query(store: object, item: CompiledQuery, graphs: list[Any] | None = None
              ) -> list[RawResult]:
    """The findings of one compiled query. `graphs`: the default graph, when not the store's."""
    solutions = store.query(item.query, default_graph=graphs)  # type: ignore[attr-defined]
    names = [v.value for v in solutions.variables]
    results: list[RawResult] = []
    for solution in solutions:
        row = {name: _term_text(solution[name]) for name in names
               if solution[name] is not None}
        focus = row.get("this")
        if focus is not None:
            results.append(RawResult(item.shape, focus, item.severity,
                                     _render(item.message, row)))
    return results


def run_queries(store: object, compiled: list[CompiledQuery]) -> list[RawResult]:
    """Every query in this process, over the data and ontology graphs as they are stored."""
    from ...store.ontology import query_graphs

    graphs = query_graphs()
    return [r for item in compiled for r in run_query(store, item, graphs)]


def run_sparql(data: Graph, book: RuleBook) -> list[RawResult]:
    """Every query, with the ontology merged into the default graph while they run.

    Oxigraph answers a pattern over its default graph about a quarter faster than over a
    union of two graphs; the ontology's triples are removed again afterwards.
    """
    from ...store.ontology import count_triples, ontology_merged
    from ...store.rdflib_store import store_of
    from .parallel import map_items, workers

    compiled = compile_shapes(book)
    store = store_of(data)
    processes = workers(count_triples(store))
    with ontology_merged(store):
        return map_items(lambda item: run_query(store, item), compiled, processes)


