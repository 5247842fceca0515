"""Load Turtle and JSON-LD flow files safely, and find the line where each subject is declared.

Nothing is fetched: JSON-LD documents may not name a remote @context, and owl:imports are
refused rather than followed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .errors import InputError
from .sourcemap import Location, SourceMap

if TYPE_CHECKING:
    import pyoxigraph

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


def parse_rdf_quads(path: Path, text: str, display: str
                    ) -> tuple[list[pyoxigraph.Quad], dict[str, str]]:
    """Parse one RDF file into Oxigraph quads (default graph) and its prefixes.

    Turtle and N-Triples are read by Oxigraph's parser, 10 to 30 times faster than rdflib's.
    On a syntax error, rdflib parses the file again so that the message stays rdflib's.
    JSON-LD is read by rdflib, with its safety checks.
    """
    import pyoxigraph as ox

    from .oxgraph import TermCache

    fmt = FORMATS[path.suffix.lower()]
    if fmt == "json-ld":
        graph = parse_rdf(path, text, display)
        terms = TermCache()
        quads = [ox.Quad(terms.term(s), terms.term(p), terms.term(o))  # type: ignore[arg-type]
                 for s, p, o in graph]
        return quads, {p: str(ns) for p, ns in graph.namespaces()}
    ox_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    parser = ox.parse(text.encode("utf-8"), ox_format, base_iri=path.resolve().as_uri(),
                      rename_blank_nodes=True)
    try:
        quads = list(parser)
    except SyntaxError:
        graph = parse_rdf(path, text, display)  # raises rdflib's InputError, or is lenient
        terms = TermCache()
        quads = [ox.Quad(terms.term(s), terms.term(p), terms.term(o))  # type: ignore[arg-type]
                 for s, p, o in graph]
        return quads, {p: str(ns) for p, ns in graph.namespaces()}
    return quads, dict(parser.prefixes)


def scan_quads(quads: list[pyoxigraph.Quad], text: str, display: str, classes: set[str]
               ) -> tuple[set[str], list[tuple[str, str]]]:
    """One pass over a file's quads: its IRI subjects, and (subject, class) for `classes`.

    Refuses owl:imports: nothing is fetched.
    """
    import pyoxigraph as ox

    imports, rdf_type = str(OWL.imports), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    subjects: set[str] = set()
    typed: list[tuple[str, str]] = []
    named = ox.NamedNode
    for quad in quads:
        subject = quad.subject
        if type(subject) is not named:
            continue
        iri = subject.value
        subjects.add(iri)
        predicate = quad.predicate.value
        if predicate == rdf_type:
            if type(quad.object) is named and quad.object.value in classes:
                typed.append((iri, quad.object.value))
        elif predicate == imports and type(quad.object) is named:
            target = quad.object.value
            raise InputError(f"owl:imports <{target}> is not followed; dataflow never fetches "
                             "from the network", display, _find_line(text, target),
                             "the imported data as a local file")
    return subjects, typed


def rdf_graph(path: Path, text: str, display: str) -> Graph:
    """An rdflib Graph of one RDF file, parsed by Oxigraph when it can (see parse_rdf_quads)."""
    from .oxgraph import to_rdflib

    if FORMATS[path.suffix.lower()] == "json-ld":
        return parse_rdf(path, text, display)
    quads, prefixes = parse_rdf_quads(path, text, display)
    graph = Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                   to_rdflib(quad.object)))
    return graph


def index_subjects(graph: Graph, text: str, display: str, sources: SourceMap) -> None:
    """Record a line for each IRI subject: where it first appears as a subject."""
    prefixes = {p: str(ns) for p, ns in graph.namespaces()}
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    index_subject_lines(subjects, prefixes, text, display, sources)


# A term that could be a subject: an IRI, a JSON string or a prefixed name, followed by a
# separator. _FIRST_COLUMN finds those that start a line, where Turtle writers put subjects.
_TERM = r'(<[^<>\s]*>|"[^"\n]*"|[A-Za-z_][\w.-]*:[^\s;,\]"}()<>]*|:[^\s;,\]"}()<>]*)'
_END = r'(?=[\s;,.\]"}]|\Z)'
_FIRST_COLUMN = re.compile(r"^" + _TERM + _END, re.MULTILINE)
_ANYWHERE = re.compile(r"(?:^|(?<=[\s{\[,]))" + _TERM + _END, re.MULTILINE)


def _first_lines(pattern: re.Pattern[str], text: str, at_start: dict[str, int],
                 anywhere: dict[str, int] | None) -> None:
    line, last = 1, 0
    for match in pattern.finditer(text):
        pos = match.start(1)
        line += text.count("\n", last, pos)
        last = pos
        token = match.group(1)
        variants = (token, token.rstrip(".")) if token[-1] == "." else (token,)
        starts = anywhere is None or token[0] == '"' or \
            text[text.rfind("\n", 0, pos) + 1:pos].strip() == ""
        for variant in variants:
            if anywhere is not None:
                anywhere.setdefault(variant, line)
            if starts:
                at_start.setdefault(variant, line)


def index_subject_lines(subjects: Iterable[str], prefixes: dict[str, str], text: str,
                        display: str, sources: SourceMap) -> None:
    """Record a line for each IRI subject in linear time.

    A subject's line is the first line that starts with it (as <iri>, as "iri" in JSON-LD or
    as a prefixed name); failing that, the first line where it appears at all.
    """
    by_namespace = {ns: prefix for prefix, ns in prefixes.items()}

    def forms(iri: str) -> list[str]:
        names = [f"<{iri}>", f'"{iri}"']
        for cut in {iri.rfind(c) + 1 for c in "#/:"} - {0}:
            prefix = by_namespace.get(iri[:cut])
            if prefix is not None and cut < len(iri):
                names.append(f"{prefix}:{iri[cut:]}")
        return names

    at_start: dict[str, int] = {}
    _first_lines(_FIRST_COLUMN, text, at_start, None)
    found: dict[str, int | None] = {}
    missing: dict[str, list[str]] = {}
    for iri in subjects:
        line = at_start.get(f"<{iri}>")
        if line is None:
            names = forms(iri)
            line = next((at_start[n] for n in names if n in at_start), None)
            if line is None:
                missing[iri] = names
        found[iri] = line
    if missing:
        anywhere: dict[str, int] = {}
        _first_lines(_ANYWHERE, text, at_start, anywhere)
        for iri, names in missing.items():
            found[iri] = next((at_start[n] for n in names if n in at_start),
                              next((anywhere[n] for n in names if n in anywhere), None))
    for iri, line in found.items():
        sources.record(iri, Location(display, line))
