"""Renderers for `dataflow query`: text (a rich table, or Turtle for CONSTRUCT), json, csv.

json is the W3C SPARQL 1.1 Query Results JSON format for SELECT and ASK, and JSON-LD for
CONSTRUCT.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..store.sparql import Result
from ..vocab import PREFIXES, shorten


def _short(term: Any) -> str:
    if term is None:
        return ""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return str(term.value)
    return str(term)


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        item = {"type": "literal", "value": term.value}
        if term.language:
            item["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            item["datatype"] = term.datatype.value
        return item
    return {"type": "triple", "value": str(term)}


def _turtle(result: Result) -> str:
    import pyoxigraph as ox

    data = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return bytes(data or b"").decode("utf-8")


def render_json(result: Result) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    if result.form == "CONSTRUCT":
        import pyoxigraph as ox

        data = ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD)
        return json.dumps(json.loads(bytes(data or b"[]")), indent=2, ensure_ascii=False)
    bindings = [{name: _json_term(term) for name, term in zip(result.variables, row, strict=True)
                 if term is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False)


def render_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    elif result.form == "CONSTRUCT":
        writer.writerow(["subject", "predicate", "object"])
        for t in result.triples:
            writer.writerow([_value(t.subject), _value(t.predicate), _value(t.object)])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_value(term) for term in row])
    return out.getvalue()


def _value(term: Any) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def render_text(result: Result, console: Console) -> None:
    if result.form == "ASK":
        console.print("true" if result.boolean else "false")
        return
    if result.form == "CONSTRUCT":
        console.print(escape(_turtle(result)), end="")
        return
    table = Table(show_lines=False)
    for name in result.variables:
        table.add_column(f"?{name}", overflow="fold", max_width=60)
    for row in result.rows:
        table.add_row(*(escape(_short(term)) for term in row))
    console.print(table)
    console.print(f"[dim]{len(result.rows)} row(s)[/]")
