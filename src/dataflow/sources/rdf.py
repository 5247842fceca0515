"""Load Turtle and JSON-LD flow files safely, and find the line where each subject is declared.

Nothing is fetched: JSON-LD documents may not name a remote @context, and owl:imports are
refused rather than followed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from rdflib import Graph
from rdflib.namespace import OWL

from ..errors import InputError
from ..store.rdffiles import add_graph, load_text, parse_graph
from ..textfile import too_deep, too_long_number
from .rdfcheck import check_graph, check_json, locate, quiet_rdflib, refuse_controls, token_too_long
from .sourcemap import Location

if TYPE_CHECKING:
    from ..store.rdflib_store import OxStore

_POSITION = re.compile(r"^Parser error at line \d+ column \d+: ")
FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def _remote_context(value: object) -> str | None:
    """The document that an @context or @import names instead of giving it inline, if any.
    (Recursive: check_json has bounded the depth.)"""
    if isinstance(value, dict):
        for key, item in value.items():
            found = _named_document(item) if key in ("@context", "@import") else None
            if found is not None or (found := _remote_context(item)) is not None:
                return found
    elif isinstance(value, list):
        return next((found for item in value if (found := _remote_context(item)) is not None),
                    None)
    return None


def _named_document(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((found for item in value if (found := _named_document(item)) is not None),
                    None)
    return _remote_context(value)


def parse_rdf(path: Path, text: str, display: str, oxigraph: SyntaxError | None = None
              ) -> Graph:
    """One RDF file read by rdflib, with its terms checked (rdfcheck.py). `oxigraph`: the
    error Oxigraph's parser gave, reported instead when rdflib's recursion runs out."""
    fmt = FORMATS[path.suffix.lower()]
    graph = Graph()
    quiet_rdflib()
    if fmt == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"JSON syntax error: {exc.msg}", display, exc.lineno,
                             column=exc.colno) from None
        except RecursionError:
            raise too_deep(text, display) from None
        except ValueError:  # a number of more digits than Python converts to an int
            raise too_long_number(text, display) from None
        check_json(doc, text, display)
        remote = _remote_context(doc)
        if remote is not None:
            raise InputError("remote JSON-LD @context is not allowed; dataflow never fetches "
                             "from the network", display, locate(text, remote),
                             "an inline @context object")
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except RecursionError:
        if oxigraph is None:
            raise InputError(f"{fmt} nested too deeply for rdflib's parser", display) from None
        raise InputError(f"{fmt} syntax error: {oxigraph.msg}", display,
                         oxigraph.lineno) from None
    except Exception as exc:  # rdflib raises many types; all mean bad input here
        if oxigraph is not None:  # Oxigraph's message says what is wrong, and where exactly
            message = _POSITION.sub("", oxigraph.msg)
            raise InputError(f"{fmt} syntax error: {message}", display, oxigraph.lineno,
                             column=oxigraph.offset) from None
        line = _line_of(exc)
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{fmt} syntax error: {message}", display, line) from None
    check_graph(graph, text, display)
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


def load_rdf_document(path: Path, text: str, display: str, store: OxStore
                      ) -> LineFinder:
    """Load one RDF file into the default graph of `store`; return where its subjects are.

    Turtle and N-Triples go to Oxigraph's parser (store/rdffiles.py). On a syntax error
    rdflib reads the file again, so that the message is rdflib's (or, where rdflib is
    lenient, its triples are used). JSON-LD is read by rdflib, with its safety checks.
    """
    fmt = FORMATS[path.suffix.lower()]
    base = path.resolve().as_uri()
    refuse_controls(text, display)
    quiet_rdflib()  # the reference engine and queries read its literals with rdflib
    if fmt == "json-ld":
        graph = parse_rdf(path, text, display)
        add_graph(store, graph)
        return LineFinder(text, display, {p: str(ns) for p, ns in graph.namespaces()}, base)
    try:
        load_text(store, text, fmt, base)
    except MemoryError:  # a token over Oxigraph's buffer
        raise token_too_long(text, display) from None
    except SyntaxError as exc:  # rdflib's error, or its triples
        add_graph(store, parse_rdf(path, text, display, exc))
    return LineFinder(text, display, prefixes_of(text), base_of(text, base))


_PREFIX = re.compile(r"(?:@prefix|PREFIX)[ \t]+([\w.-]*):[ \t]*<([^<>\s]*)>", re.IGNORECASE)
_BASE = re.compile(r"(?:@base|BASE)[ \t]+<([^<>\s]*)>", re.IGNORECASE)


def prefixes_of(text: str) -> dict[str, str]:
    """The prefixes a Turtle file declares (the last declaration of a prefix wins)."""
    found: dict[str, str] = {}
    for keyword in ("prefix", "PREFIX"):
        start = text.find(keyword)
        while start >= 0:
            match = _PREFIX.match(text, start - 1 if keyword == "prefix" and start else start)
            if match is not None:
                found[match.group(1)] = match.group(2)
            start = text.find(keyword, start + len(keyword))
    return found


def base_of(text: str, default: str) -> str:
    """The base IRI a Turtle file declares first, or `default`."""
    for keyword in ("base", "BASE"):
        start = text.find(keyword)
        while start >= 0:
            match = _BASE.match(text, start - 1 if keyword == "base" and start else start)
            if match is not None:
                return str(urljoin(default, match.group(1)))
            start = text.find(keyword, start + len(keyword))
    return default


class LineFinder:
    """Where an IRI is declared in one RDF file: the first line that starts with it (as
    <iri>, as "iri" in JSON-LD, as a prefixed name or relative to the base), failing that
    the first line where it appears at all. The file is indexed on the first question."""

    def __init__(self, text: str, display: str, prefixes: dict[str, str], base: str) -> None:
        self.text = text
        self.display = display
        self.by_namespace = {ns: prefix for prefix, ns in prefixes.items()}
        self.base = base
        self.at_start: dict[str, int] | None = None
        self.anywhere: dict[str, int] | None = None

    def forms(self, iri: str) -> list[str]:
        names = [f"<{iri}>", f'"{iri}"']
        for cut in {iri.rfind(c) + 1 for c in "#/:"} - {0}:
            prefix = self.by_namespace.get(iri[:cut])
            if prefix is not None and cut < len(iri):
                names.append(f"{prefix}:{iri[cut:]}")
                names.append(f'"{prefix}:{iri[cut:]}"')  # a compact IRI in JSON-LD
        folder = self.base[:self.base.rfind("/") + 1]
        if folder and iri.startswith(folder) and iri != folder:
            names.append(f"<{iri[len(folder):]}>")
        return names

    def __call__(self, iri: str) -> Location | None:
        if self.at_start is None:
            self.at_start = {}
            _first_lines(_FIRST_COLUMN, "\n" + self.text, self.at_start, None, line=0)
        names = self.forms(iri)
        line = next((self.at_start[n] for n in names if n in self.at_start), None)
        if line is None:
            if self.anywhere is None:
                self.anywhere = {}
                _first_lines(_ANYWHERE, self.text, self.at_start, self.anywhere)
            line = next((self.at_start[n] for n in names if n in self.at_start),
                        next((self.anywhere[n] for n in names if n in self.anywhere), None))
            if line is None:
                return None
        return Location(self.display, line)

    def line_of(self, needle: str) -> int | None:
        return _find_line(self.text, needle)


def rdf_graph(path: Path, text: str, display: str) -> Graph:
    """An rdflib Graph of one RDF file, parsed by Oxigraph when it can."""
    fmt = FORMATS[path.suffix.lower()]
    if fmt != "json-ld":
        try:
            return parse_graph(text, fmt, path.resolve().as_uri())
        except MemoryError:  # a token over Oxigraph's buffer
            raise token_too_long(text, display) from None
        except SyntaxError as exc:
            return parse_rdf(path, text, display, exc)
    return parse_rdf(path, text, display)


# A term that could be a subject: an IRI, a JSON string or a prefixed name, followed by a
# separator. _FIRST_COLUMN finds those that start a line, where Turtle writers put subjects.
_TERM = r'(<[^<>\s]*>|"[^"\n]*"|[A-Za-z_][\w.-]*:[^\s;,\]"}()<>]*|:[^\s;,\]"}()<>]*)'
_END = r'(?=[\s;,.\]"}]|\Z)'
_FIRST_COLUMN = re.compile(r"\n" + _TERM + _END)  # on "\n" + text: a literal lead is fast
_ANYWHERE = re.compile(r"(?:^|(?<=[\s{\[,]))" + _TERM + _END, re.MULTILINE)


def _first_lines(pattern: re.Pattern[str], text: str, at_start: dict[str, int],
                 anywhere: dict[str, int] | None, line: int = 1) -> None:
    last = 0
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
