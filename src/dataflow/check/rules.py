"""The rule catalogue, read from the SHACL shapes: each shape links to a df:Rule with its docs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import InputError
from ..findings import SH_SEVERITY, Rule, Severity
from ..resources import shape_files
from ..vocab import DF, SH


@dataclass
class RuleBook:
    """The shapes graph and the rules it defines."""

    shapes: Graph
    rules: dict[str, Rule] = field(default_factory=dict)
    shape_rule: dict[str, str] = field(default_factory=dict)
    shape_hint: dict[str, str] = field(default_factory=dict)

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
        elif item.is_file():
            paths.append(item)
        else:
            raise InputError("no such shapes file or directory", str(item))
    return paths


def load_rulebook(extra: Sequence[Path] = ()) -> RuleBook:
    from ..sources.rdf import rdf_graph

    shapes = Graph()
    for path in shape_paths(extra):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read shapes: {exc.strerror}", str(path)) from None
        shapes += rdf_graph(path, text, str(path))
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
