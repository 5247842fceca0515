"""What an RDF flow file may hold before it reaches the store, checked with its file:line.

Oxigraph's Turtle and N-Triples parsers check IRIs themselves. JSON-LD, and Turtle that
Oxigraph refused and rdflib read again, come through rdflib, which keeps an IRI with a space
or a line break (with a warning) and a string with a lone surrogate: such a term would crash
the store or, written as text, change what it says. `check_graph` refuses them, `check_json`
bounds a JSON-LD document's nesting and text before rdflib recurses into it.
"""

from __future__ import annotations

import json
import logging
import re

from rdflib import Graph, Literal, URIRef

from ..errors import InputError
from ..limits import MAX_NESTING, MAX_SCALAR_CHARS, OXIGRAPH_TOKEN_BYTES
from ..store.convert import IRI_EXPECTED, iri_problem
from ..textfile import too_deep

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A \u escape of a surrogate that is not half of a pair, as JSON, Turtle and N-Triples write it.
_LONE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                          r"|(?<![0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
SURROGATE = "text that is valid Unicode"


def check_json(doc: object, text: str, display: str) -> None:
    """A parsed JSON-LD document nests at most MAX_NESTING levels, its strings are at most
    MAX_SCALAR_CHARS long and valid Unicode, and what names an IRI (@id, @type, @vocab,
    @base, the terms of a @context) has no character an IRI cannot hold: rdflib would drop
    such a node, with everything said about it, without a word. Iterative: the document
    may be deep."""
    stack: list[tuple[object, int, str | None, bool]] = [(doc, 1, None, False)]
    while stack:
        value, depth, key, in_context = stack.pop()
        if isinstance(value, str):
            _check_string(value, text, display)
            if (key in _IRI_KEYS or in_context) and (bad := _NOT_IRI.search(value)):
                problem = iri_problem("urn:" + bad.group()) or f"it contains '{bad.group()}'"
                raise InputError(f"{key or 'the context'}: '{value[:80]}' is not an IRI: "
                                 f"{problem}", display, locate(text, value), IRI_EXPECTED)
        elif isinstance(value, dict | list):
            if depth > MAX_NESTING:
                raise InputError(f"nested deeper than {MAX_NESTING} levels", display,
                                 _deep_line(text))
            if isinstance(value, list):
                stack.extend((item, depth + 1, key, in_context) for item in value)
                continue
            for name, item in value.items():
                _check_string(name, text, display)
                stack.append((item, depth + 1, name, in_context or name == "@context"))


def _check_string(value: str, text: str, display: str) -> None:
    if len(value) > MAX_SCALAR_CHARS:
        raise InputError(f"a string of {len(value):,} characters is longer than the limit of "
                         f"{MAX_SCALAR_CHARS:,} characters", display, locate(text, value[:40]))
    if not value.isascii() and _SURROGATE.search(value):
        raise InputError("a lone surrogate cannot be stored or printed", display,
                         _surrogate_line(text), SURROGATE)


_IRI_KEYS = {"@id", "@type", "@vocab", "@base", "@reverse"}
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def _deep_line(text: str) -> int | None:
    return too_deep(text, "").line


def check_graph(graph: Graph, text: str, display: str) -> None:
    """Every IRI of an rdflib graph is one the store accepts, every literal valid Unicode."""
    checked: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                _check_iri(str(term), checked, text, display)
            elif isinstance(term, Literal):
                if _SURROGATE.search(str(term)):
                    raise InputError("a lone surrogate cannot be stored or printed", display,
                                     _surrogate_line(text), SURROGATE)
                if term.datatype is not None:
                    _check_iri(str(term.datatype), checked, text, display)


def _check_iri(iri: str, checked: set[str], text: str, display: str) -> None:
    if iri in checked:
        return
    checked.add(iri)
    problem = iri_problem(iri)
    if problem is not None:
        shown = iri if len(iri) <= 80 else iri[:80] + "…"
        raise InputError(f"'{shown}' is not an IRI: {problem}", display, locate(text, iri),
                         IRI_EXPECTED)


def locate(text: str, value: str) -> int | None:
    """The line where `value` is written: as is, as JSON writes it, or (when the file
    escapes a character of it) the line where its text up to that character is."""
    for needle in (value, json.dumps(value)[1:-1]):
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    cut = next((i for i, c in enumerate(value) if c <= " " or c in '<>"{}|^`\\'), len(value))
    if cut >= 4:
        index = text.find(value[:cut])
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None


def _surrogate_line(text: str) -> int | None:
    match = _LONE_ESCAPE.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def token_too_long(text: str, display: str) -> InputError:
    """The error for a Turtle or N-Triples token over Oxigraph's 16 MiB buffer (its parser
    raises MemoryError), at the first line that long."""
    start, line = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > OXIGRAPH_TOKEN_BYTES // 4:  # 4 bytes per character at most
            break
        start, line = end + 1, line + 1
    else:
        line = 0
    return InputError(f"a term or literal longer than {OXIGRAPH_TOKEN_BYTES // 1024**2} MB, "
                      "the most Oxigraph's parser reads as one token", display, line or None,
                      "shorter literals (store long documents elsewhere and link to them)")


class _InvalidIriWarnings(logging.Filter):
    """Drops rdflib's "does not look like a valid URI" warnings and its warnings, with a
    traceback, for a literal whose text is not of its datatype (see quiet_rdflib)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return ("does not look like a valid URI" not in message
                and "Failed to convert Literal lexical form" not in message)


def quiet_rdflib() -> None:
    """Silence rdflib's warning for an invalid IRI, which quotes the input raw (a line break
    or an escape sequence of it goes to the terminal as it is): dataflow refuses such an IRI
    itself, with its file:line. And its warning for an ill-typed literal such as
    "2024-13-45"^^xsd:date or an xsd:integer of 5,000 digits, which prints a traceback: the
    literal keeps its text, and the shapes judge it. Installed once, on rdflib's term logger
    only."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, _InvalidIriWarnings) for f in logger.filters):
        logger.addFilter(_InvalidIriWarnings())


quiet_rdflib()  # at import too: a query's or a shape's SPARQL text is parsed before any file


#: A terminal control in RDF text: raw, or written as a \u / \U escape (Turtle, N-Triples
#: and JSON alike) that is not itself escaped. Tab and line ends are text; NEL is allowed as
#: in YAML. The same set as sources/yamlfile.py's TERMINAL_CONTROL.
_CONTROL_CODE = r"(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]|8[0-46-9a-fA-F]|9[0-9a-fA-F])"
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_ESCAPED_CONTROL = re.compile(r"\\(?:u00|U000000)" + _CONTROL_CODE)


def _first_control(text: str) -> int | None:
    """Where the first terminal control is: raw, or a \\u / \\U escape of one whose
    backslash is not itself escaped. Two plain scans: a character class, and (only when the
    text has such escapes at all) a pattern that starts with a backslash; a single pattern
    with a look-behind took 2.4 s on a 57 MB map, these take a fraction."""
    raw = _RAW_CONTROL.search(text)
    found = raw.start() if raw is not None else None
    if "\\u" not in text and "\\U" not in text:
        return found
    for match in _ESCAPED_CONTROL.finditer(text, 0, len(text) if found is None else found):
        before = match.start()
        while before > 0 and text[before - 1] == "\\":
            before -= 1
        if (match.start() - before) % 2 == 0:  # an even run of backslashes: a real escape
            return match.start()
    return found


def refuse_controls(text: str, display: str) -> None:
    """No literal or IRI of an RDF file may hold a terminal control (an ESC would retitle or
    clear the terminal of whoever reads a report): refused at its line and column."""
    start = _first_control(text)
    if start is None:
        return
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    raise InputError("a terminal control character in the text: it would reach terminals and "
                     "reports as a command", display, line,
                     "text without terminal controls (tabs and line breaks are fine)", column)
