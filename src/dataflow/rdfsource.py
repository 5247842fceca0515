"""Load Turtle and JSON-LD flow files safely, and find the line where each subject is declared.

Nothing is fetched: JSON-LD documents may not name a remote @context, and owl:imports are
refused rather than followed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .errors import InputError
from .sourcemap import Location, SourceMap

FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def _has_remote_context(value: object) -> bool:
    """True if any @context or @import names a document instead of giving it inline."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import") and _names_document(item):
                return True
            if _has_remote_context(item):
                return True
    elif isinstance(value, list):
        return any(_has_remote_context(item) for item in value)
    return False


def _names_document(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_names_document(item) for item in value)
    return _has_remote_context(value)


def parse_rdf(path: Path, text: str, display: str) -> Graph:
    fmt = FORMATS[path.suffix.lower()]
    graph = Graph()
    if fmt == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"JSON syntax error: {exc.msg}", display, exc.lineno) from None
        if _has_remote_context(doc):
            raise InputError("remote JSON-LD @context is not allowed; dataflow never fetches "
                             "from the network", display, None,
                             "an inline @context object")
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean bad input here
        line = _line_of(exc)
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{fmt} syntax error: {message}", display, line) from None
    for _, _, target in graph.triples((None, OWL.imports, None)):
        raise InputError(f"owl:imports <{target}> is not followed; dataflow never fetches from "
                         "the network", display, _find_line(text, str(target)),
                         "the imported data as a local file")
    return graph


def _line_of(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def _find_line(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def index_subjects(graph: Graph, text: str, display: str, sources: SourceMap) -> None:
    """Record a line for each IRI subject: where it first appears as a subject."""
    prefixes = {str(ns): p for p, ns in graph.namespaces()}
    starts = _line_starts(text)
    for subject in set(graph.subjects()):
        if not isinstance(subject, URIRef):
            continue
        iri = str(subject)
        forms = [f"<{iri}>", f'"{iri}"']
        for ns, prefix in prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                forms.append(f"{prefix}:{iri[len(ns):]}")
        line = None
        for form in forms:
            line = _first_subject_line(text, form, starts)
            if line:
                break
        sources.record(iri, Location(display, line))


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _first_subject_line(text: str, form: str, starts: list[int]) -> int | None:
    pattern = re.compile(r"(^|[\s{\[,])" + re.escape(form) + r"(?=[\s;,.\]\"}])", re.MULTILINE)
    for match in pattern.finditer(text):
        pos = match.start() + len(match.group(1))
        line_start = text.rfind("\n", 0, pos) + 1
        if text[line_start:pos].strip() == "" or form.startswith('"'):
            return text.count("\n", 0, pos) + 1
    first = pattern.search(text)
    return text.count("\n", 0, first.start()) + 1 if first else None
