"""Renderers for `dataflow export`: a graph of plain triples as Turtle or as JSON-LD.

Both are pure functions of the triples (store/sparql.py's `Value`s), written here rather
than by a library so that the output is stable: subjects in order, one block each, the
properties of a subject in order, blank nodes numbered by what they say rather than by the
random labels of the parser. A re-export of the same flow files is the same text, and a
diff of two exports shows what changed. Prefixes are declared for the namespaces used.
JSON-LD carries its @context inline: dataflow reads no remote context, and neither should
whoever reads the export.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence

from ..store.construct import Triple
from ..store.sparql import Value
from ..vocab import PREFIXES
from .registry import Style

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Namespaces a export may use, with the prefixes written for them.
NAMESPACES: dict[str, str] = {
    **{p: ns for p, ns in PREFIXES.items() if p not in ("dfr", "sh")},
    "dct": "http://purl.org/dc/terms/",
    "dpcat": "https://w3id.org/dpcat#",
}
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class Graph:
    """Triples grouped by subject, in a stable order, with stable blank-node labels."""

    def __init__(self, triples: Sequence[Triple]) -> None:
        by_subject: dict[Value, list[tuple[Value, Value]]] = defaultdict(list)
        for s, p, o in triples:
            by_subject[s].append((p, o))
        self.labels = _bnode_labels(triples)
        self.subjects = sorted(by_subject, key=self.order)
        self.properties = {s: sorted(set(by_subject[s]), key=lambda po: (
            po[0].value != RDF_TYPE, po[0].value, self.order(po[1]))) for s in by_subject}

    def order(self, term: Value) -> tuple[int, str]:
        if term.kind == "uri":
            return (0, term.value)
        if term.kind == "bnode":
            return (1, self.labels.get(term.value, term.value))
        return (2, f"{term.value}\x00{term.language or ''}\x00{term.datatype or ''}")

    def used_namespaces(self) -> dict[str, str]:
        used: dict[str, str] = {}
        for s in self.subjects:
            for term in (s, *(t for po in self.properties[s] for t in po)):
                for candidate in (term.value if term.kind == "uri" else None, term.datatype):
                    prefix = _prefix_of(candidate) if candidate else None
                    if prefix is not None:
                        used[prefix] = NAMESPACES[prefix]
        return dict(sorted(used.items()))


def _bnode_labels(triples: Sequence[Triple]) -> dict[str, str]:
    """b0, b1, … for the blank nodes, ordered by what is said of them and about them."""
    says: dict[str, list[str]] = defaultdict(list)
    for s, p, o in triples:
        if s.kind == "bnode":
            says[s.value].append(f"{p.value} {o.value if o.kind != 'bnode' else '_'}")
        if o.kind == "bnode":
            says[o.value].append(f"^{p.value} {s.value if s.kind != 'bnode' else '_'}")
    ordered = sorted(says, key=lambda b: sorted(says[b]))
    return {b: f"b{i}" for i, b in enumerate(ordered)}


def _prefix_of(iri: str) -> str | None:
    best = None
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]) and (
                best is None or len(namespace) > len(NAMESPACES[best])):
            best = prefix
    return best


def _curie(iri: str) -> str | None:
    prefix = _prefix_of(iri)
    return f"{prefix}:{iri[len(NAMESPACES[prefix]):]}" if prefix is not None else None


# -- Turtle ------------------------------------------------------------------------------------


def _turtle_iri(iri: str) -> str:
    return _curie(iri) or "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _turtle_string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _turtle_term(term: Value, graph: Graph) -> str:
    if term.kind == "uri":
        return _turtle_iri(term.value)
    if term.kind == "bnode":
        return f"_:{graph.labels.get(term.value, term.value)}"
    text = _turtle_string(term.value)
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != XSD_STRING:
        return f"{text}^^{_turtle_iri(term.datatype)}"
    return text


def render_turtle(triples: Sequence[Triple], style: Style) -> str:
    graph = Graph(triples)
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in graph.used_namespaces().items()]
    for subject in graph.subjects:
        lines.append("")
        grouped: dict[str, list[str]] = {}
        for p, o in graph.properties[subject]:
            verb = "a" if p.value == RDF_TYPE else _turtle_iri(p.value)
            grouped.setdefault(verb, []).append(_turtle_term(o, graph))
        body = " ;\n    ".join(f"{verb} {' , '.join(objects)}"
                               for verb, objects in grouped.items())
        lines.append(f"{_turtle_term(subject, graph)} {body} .")
    return "\n".join(lines) + "\n"


# -- JSON-LD -----------------------------------------------------------------------------------


def _json_id(term: Value, graph: Graph) -> str:
    if term.kind == "bnode":
        return f"_:{graph.labels.get(term.value, term.value)}"
    return _curie(term.value) or term.value


def _json_value(term: Value, graph: Graph) -> dict[str, str]:
    if term.kind != "literal":
        return {"@id": _json_id(term, graph)}
    item = {"@value": term.value}
    if term.language:
        item["@language"] = term.language
    elif term.datatype and term.datatype != XSD_STRING:
        item["@type"] = _curie(term.datatype) or term.datatype
    return item


def render_jsonld(triples: Sequence[Triple], style: Style) -> str:
    graph = Graph(triples)
    nodes = []
    for subject in graph.subjects:
        node: dict[str, object] = {"@id": _json_id(subject, graph)}
        for p, o in graph.properties[subject]:
            if p.value == RDF_TYPE and o.kind == "uri":
                types = node.setdefault("@type", [])
                assert isinstance(types, list)
                types.append(_curie(o.value) or o.value)
            else:
                key = _curie(p.value) or p.value
                values = node.setdefault(key, [])
                assert isinstance(values, list)
                values.append(_json_value(o, graph))
        nodes.append(node)
    document = {"@context": graph.used_namespaces(), "@graph": nodes}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
