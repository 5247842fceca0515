"""Read-only SPARQL over a store: the flow graph, the ontology and reference data.

Only SELECT, ASK and CONSTRUCT run. Updates are refused, and so are SERVICE clauses and
FROM / FROM NAMED: Oxigraph would make those HTTP requests from native code (where the
audit hook of safety.py cannot see them) and rdflib would fetch the URLs. Two independent
checks must both pass before a query reaches the store:

1. a lexical scan that skips comments, strings, IRIs, variables and prefixed names
   (`df:from` is a name, not the FROM keyword) and refuses any update, SERVICE or FROM
   keyword left over;
2. rdflib's SPARQL 1.1 grammar: the text must parse as a query (not an update), of the
   SELECT, ASK or CONSTRUCT form, with no dataset clause and no SERVICE pattern anywhere
   in the parse tree.

The store is Oxigraph (as in engines/fast.py), loaded with the ontology and the data; the
namespaces of vocab.PREFIXES are predeclared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pyoxigraph as ox

from ..errors import InputError
from ..limits import MAX_SPARQL_NESTING
from ..safety import offline
from ..vocab import PREFIXES
from .ontology import query_graphs

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Form = Literal["SELECT", "ASK", "CONSTRUCT"]

_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
           "WITH", "USING"}
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n]|\\.)*"
              | '(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

READ_ONLY = ("dataflow query is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, "
             "DROP, CREATE, ADD, MOVE, COPY) are refused")
NO_SERVICE = ("SERVICE clauses are refused: dataflow never sends queries to remote "
              "endpoints")
NO_FROM = ("FROM and FROM NAMED are refused: queries run over the loaded flow files and the "
           "bundled ontology, and dataflow never fetches URLs")
FORMS = "only SELECT, ASK and CONSTRUCT queries are supported"
_FORMS: dict[str, Form] = {"SelectQuery": "SELECT", "AskQuery": "ASK",
                           "ConstructQuery": "CONSTRUCT"}


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def keywords(text: str) -> Iterator[str]:
    """Bare keywords of a SPARQL text, upper-cased, outside comments, strings and IRIs.

    Codepoint escapes (\\u0053ERVICE) are expanded first: SPARQL processes them before
    parsing, anywhere in the query."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            yield match.group().upper()


def nested_too_deeply(text: str) -> InputError | None:
    """The error for a SPARQL text whose braces, brackets and parentheses nest deeper than
    MAX_SPARQL_NESTING (at the line of the text where they do), or None. Lexical, outside
    comments, strings and IRIs: it runs before any parser, which may not survive the depth."""
    depth = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "other":
            char = match.group()
            if char in "{([":
                depth += 1
                if depth > MAX_SPARQL_NESTING:
                    return InputError(f"nested deeper than {MAX_SPARQL_NESTING} levels of "
                                      "braces, brackets and parentheses", None,
                                      text.count("\n", 0, match.start()) + 1)
            elif char in "})]":
                depth -= 1
    return None


REMOTE = {"SERVICE": NO_SERVICE, "LOAD": "LOAD is refused: dataflow never fetches URLs",
          "FROM": NO_FROM, "USING": "USING is refused: dataflow never fetches URLs"}
_REMOTE_NODES = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM", "Load": "LOAD",
                 "UsingClause": "USING"}


def remote(text: str, *, grammar: bool = True) -> tuple[str, str] | None:
    """(keyword, why) if a SPARQL text could reach the network (SERVICE, LOAD, FROM, USING),
    else None; raises InputError if it cannot be read. For the SPARQL texts of shapes, which
    may be queries or updates: the lexical scan always, and rdflib's grammar unless
    `grammar` is False (0.02 s a query, so the bundled shapes skip it)."""
    for word in keywords(text):
        if word in REMOTE:
            return word, REMOTE[word]
    deep = nested_too_deeply(text)
    if deep is not None:
        raise deep
    if not grammar:
        return None
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    tree: Any
    try:
        try:
            tree = parseQuery(text)
        except ParseException:
            tree = parseUpdate(text)
    except ParseException as exc:
        raise InputError(f"SPARQL syntax error: {exc}") from None
    except RecursionError:
        raise InputError("nested too deeply for rdflib's SPARQL parser") from None
    for name in _names(tree):
        if name in _REMOTE_NODES:
            return _REMOTE_NODES[name], REMOTE[_REMOTE_NODES[name]]
    return None


def check(text: str) -> Form:
    """The form of a query that may run, or InputError saying why it may not."""
    deep = nested_too_deeply(text)
    if deep is not None:
        raise deep
    words = list(keywords(text))
    found = [w for w in words if w in _UPDATE]
    if found:
        raise InputError(f"{READ_ONLY} (found {found[0]})")
    if "SERVICE" in words:
        raise InputError(NO_SERVICE)
    if "FROM" in words:
        raise InputError(NO_FROM)
    return _parse(text)


def _parse(text: str) -> Form:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except RecursionError:
        raise InputError("nested too deeply for rdflib's SPARQL parser") from None
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            raise InputError(f"SPARQL syntax error: {exc}") from None
        raise InputError(READ_ONLY) from None
    names = set(_names(tree))
    if "ServiceGraphPattern" in names:
        raise InputError(NO_SERVICE)
    if "DatasetClause" in names:
        raise InputError(NO_FROM)
    form = _FORMS.get(getattr(tree[1], "name", ""))
    if form is None:
        raise InputError(FORMS)
    return form


def _names(node: Any) -> Iterator[str]:
    """Names of every rdflib CompValue in a parse tree (ParseResults, lists, dicts)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, ParseResults | list | tuple):
        for item in node:
            yield from _names(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _names(value)


# -- running ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One RDF term of a result, as plain data (the renderers never see Oxigraph's types)."""

    kind: Literal["uri", "bnode", "literal", "triple"]
    value: str
    language: str | None = None
    datatype: str | None = None


@dataclass
class Result:
    form: Form
    variables: list[str] = field(default_factory=list)
    rows: list[list[Value | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Value, Value, Value]] = field(default_factory=list)
    turtle: str = ""
    """CONSTRUCT: the triples as Turtle, with the predeclared prefixes."""
    jsonld: str = "[]"
    """CONSTRUCT: the triples as JSON-LD."""


def plain_value(term: Any) -> Value:
    """An Oxigraph term as a plain `Value`."""
    if isinstance(term, ox.NamedNode):
        return Value("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Value("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return Value("literal", term.value, term.language,
                     None if term.language or datatype == _XSD_STRING else datatype)
    return Value("triple", str(term))


def run(store: ox.Store, text: str) -> Result:
    """Check the query and run it over the data and the ontology of `store`, offline."""
    form = check(text)
    with offline():
        try:  # the data and the ontology (a named graph of the same store) as default graph
            answer: Any = store.query(text, prefixes=PREFIXES, default_graph=query_graphs())
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result(form, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [[None if solution[n] is None else plain_value(solution[n]) for n in names]
                for solution in answer]
        return Result(form, variables=names, rows=rows)
    return graph_result(list(answer))


def graph_result(triples: list[ox.Triple]) -> Result:
    """The answer of a CONSTRUCT, as plain triples and as Turtle and JSON-LD text."""
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    return Result("CONSTRUCT", triples=[(plain_value(t.subject), plain_value(t.predicate),
                                  plain_value(t.object)) for t in triples],
                  turtle=bytes(turtle or b"").decode("utf-8"),
                  jsonld=bytes(jsonld or b"[]").decode("utf-8"))
