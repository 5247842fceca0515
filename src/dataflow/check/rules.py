"""The rule catalogue, read from the SHACL shapes: each shape links to a df:Rule with its docs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import InputError, display_path
from ..findings import SH_SEVERITY, Rule, Severity
from ..resources import shape_files
from ..sources.rdfcheck import locate
from ..store.convert import IRI_EXPECTED, iri_problem
from ..store.sparql import keywords, remote
from ..textfile import read_text
from ..vocab import DF, SH


@dataclass
class RuleBook:
    """The shapes graph and the rules it defines."""

    shapes: Graph
    rules: dict[str, Rule] = field(default_factory=dict)
    shape_rule: dict[str, str] = field(default_factory=dict)
    shape_hint: dict[str, str] = field(default_factory=dict)
    hint_dpv: dict[str, str] = field(default_factory=dict)
    compiled: list[Any] | None = None
    """The fast engine's queries, once compiled (engines/fast.py)."""
    """Rule ID -> the fix worded in DPV terms, for findings on RDF input (df:hintDpv)."""

    def hint(self, shape: str, rdf_input: bool) -> str | None:
        """The fix hint of a result of `shape`: worded for the input it points into."""
        rule = self.rule_for_shape(shape)
        if rdf_input and rule is not None and rule.id in self.hint_dpv:
            return self.hint_dpv[rule.id]
        return self.shape_hint.get(shape) or (rule.hint if rule else None)

    def rule_for_shape(self, shape: str) -> Rule | None:
        rule_id = self.shape_rule.get(shape)
        return self.rules.get(rule_id) if rule_id else None


def _text(graph: Graph, node: URIRef, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return str(value).strip() if value is not None else ""


def shape_paths(extra: Sequence[Path] = ()) -> list[Path]:
    paths = list(shape_files())
    for item in extra:
        if item.is_dir():
            paths.extend(sorted(item.rglob("*.ttl")))
        elif item.exists():
            paths.append(item)
        else:
            raise InputError("no such shapes file or directory", display_path(item))
    return paths


def load_rulebook(extra: Sequence[Path] = ()) -> RuleBook:
    """The bundled shapes and `extra` ones, each file checked before anything runs: no SPARQL
    text of theirs may reach the network (see check_shapes).

    A process that checks again and again (the language server) reads them once: the book is
    kept for as long as no shapes file changes (path, size and modification time)."""
    paths = shape_paths(extra)
    key = tuple(_stamp(path) for path in paths)
    book = _BOOKS.get(key)
    if book is None:
        book = _read_rulebook(paths)
        _BOOKS.clear()
        _BOOKS[key] = book
    return book


_BOOKS: dict[tuple[tuple[str, int, int], ...], RuleBook] = {}


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)  # read_text reports it
    return (str(path), info.st_size, info.st_mtime_ns)


def _read_rulebook(paths: Sequence[Path]) -> RuleBook:
    from ..sources.rdf import FORMATS, rdf_graph

    shapes = Graph()
    bundled = set(shape_files())
    for path in paths:
        shown = display_path(path)
        if path.suffix.lower() not in FORMATS:
            raise InputError("not a shapes file", shown, None,
                             "a Turtle (.ttl), JSON-LD (.jsonld) or N-Triples (.nt) file")
        text = read_text(path, shown)
        graph = rdf_graph(path, text, shown)
        check_shapes(graph, text, shown, grammar=path not in bundled)
        shapes += graph
    book = RuleBook(shapes)
    severities: dict[str, set[Severity]] = {}
    for shape, rule in shapes.subject_objects(DF.rule):
        rule_id = _text(shapes, rule, DF.ruleId)  # type: ignore[arg-type]
        book.shape_rule[str(shape)] = rule_id
        hint = shapes.value(shape, DF.hint)
        if hint is not None:
            book.shape_hint[str(shape)] = str(hint)
        sev = shapes.value(shape, SH.severity)
        severities.setdefault(rule_id, set()).add(SH_SEVERITY.get(str(sev), Severity.ERROR))
    for rule in shapes.subjects(RDF.type, DF.Rule):
        assert isinstance(rule, URIRef)
        rule_id = _text(shapes, rule, DF.ruleId)
        if hint_dpv := _text(shapes, rule, DF.hintDpv):
            book.hint_dpv[rule_id] = hint_dpv
        book.rules[rule_id] = Rule(
            id=rule_id,
            name=_text(shapes, rule, RDFS.label),
            article=_text(shapes, rule, DF.article),
            summary=_text(shapes, rule, DF.summary),
            rationale=_text(shapes, rule, DF.rationale),
            example=_text(shapes, rule, DF.example),
            fix=_text(shapes, rule, DF.fix),
            hint=_text(shapes, rule, DF.hint),
            references=_text(shapes, rule, DF.references),
            severities=tuple(sorted(severities.get(rule_id) or _default_severity(shapes, rule),
                                    key=lambda s: s.rank)),
        )
    return book


def _default_severity(shapes: Graph, rule: URIRef) -> set[Severity]:
    """The severity of a rule without shapes (such as SUP-01), from df:defaultSeverity."""
    value = shapes.value(rule, DF.defaultSeverity)
    return {SH_SEVERITY[str(value)]} if str(value) in SH_SEVERITY else set()


#: Every property whose value is SPARQL text that an engine runs (SHACL and SHACL-AF).
SPARQL_TEXTS = (SH.select, SH.ask, SH.construct, SH["update"])
#: Values that the fast engine writes into its queries as <IRI>.
_IRI_VALUES = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_PREFIX = re.compile(r"(?:[^\W\d_](?:[\w.-]*[\w-])?)?")


def check_shapes(graph: Graph, text: str, shown: str, *, grammar: bool = True) -> None:
    """Refuse, with the shape file's line, any SPARQL text that could reach the network
    (SERVICE, LOAD, FROM / FROM NAMED, USING) or that nests too deeply to parse, and any
    prefix, namespace or target that would be written into a query as something else.

    Oxigraph runs SERVICE from native code (an HTTP request no audit hook sees) and pySHACL
    refuses it only in some places, so this runs before either engine. The lexical scan of
    store/sparql.py always runs, rdflib's grammar unless `grammar` is False (the bundled
    shapes: their parse would cost a second a run)."""
    for predicate in SPARQL_TEXTS:
        for value in graph.objects(None, predicate):
            query = str(value)
            try:
                found = remote(query, grammar=grammar)
            except InputError as exc:
                raise InputError(exc.message, shown, _line(text, query, exc.line)) from None
            if found is not None:
                keyword, why = found
                line = next((n for n, part in enumerate(query.split("\n"), start=1)
                             if keyword in keywords(part)), None)
                raise InputError(why, shown, _line(text, query, line),
                                 "a query over the loaded data and the ontology only")
    for value in graph.objects(None, SH.namespace):
        problem = iri_problem(str(value))
        if problem is not None:
            raise InputError(f"sh:namespace '{str(value)[:80]}' is not an IRI: {problem}",
                             shown, locate(text, str(value)), IRI_EXPECTED)
    for value in graph.objects(None, SH.prefix):
        if _PREFIX.fullmatch(str(value)) is None:
            raise InputError(f"sh:prefix '{str(value)[:80]}' is not a SPARQL prefix", shown,
                             locate(text, str(value)), "a name such as df or dpv")
    for predicate in _IRI_VALUES:
        for value in graph.objects(None, predicate):
            if isinstance(value, Literal):
                raise InputError(f"a literal is not a target: '{str(value)[:80]}'", shown,
                                 locate(text, str(value)), IRI_EXPECTED)


def _line(text: str, query: str, line: int | None = None) -> int | None:
    """The line of the shape file where `query` is written, or its line `line` (1-based, as
    the query counts it) when it is known. The query is looked for as it is (a triple-quoted
    literal), else by its first non-empty line, which is unique unless shapes share it."""
    parts = query.split("\n")
    first = next((n for n, part in enumerate(parts) if part.strip()), None)
    if first is None:
        return None
    wanted = (line or first + 1) - 1  # 0-based line of the query
    start = text.find(query)
    if start >= 0:
        return text.count("\n", 0, start) + 1 + wanted
    start = text.find(parts[first].strip())
    if start < 0:
        return locate(text, parts[first].strip())
    return text.count("\n", 0, start) + 1 + max(0, wanted - first)
