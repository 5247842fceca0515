"""Renderers for `dataflow query`: text (a table, or Turtle for CONSTRUCT), json, csv.

json is the W3C SPARQL 1.1 Query Results JSON format for SELECT and ASK, and JSON-LD for
CONSTRUCT. The results are plain values (store/sparql.py's `Value`), not store terms.
"""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..store.sparql import Result, Value
from ..vocab import shorten
from .registry import Style


def _short(term: Value | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return shorten(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _json_term(term: Value) -> dict[str, str]:
    kind = "uri" if term.kind == "uri" else term.kind
    item = {"type": kind, "value": term.value}
    if term.language:
        item["xml:lang"] = term.language
    elif term.datatype:
        item["datatype"] = term.datatype
    return item


def render_json(result: Result, style: Style) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2)
    if result.form == "CONSTRUCT":
        return json.dumps(json.loads(result.jsonld), indent=2, ensure_ascii=False)
    bindings = [{name: _json_term(term) for name, term in zip(result.variables, row, strict=True)
                 if term is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      indent=2, ensure_ascii=False)


def render_csv(result: Result, style: Style) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    elif result.form == "CONSTRUCT":
        writer.writerow(["subject", "predicate", "object"])
        for triple in result.triples:
            writer.writerow([term.value for term in triple])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if term is None else term.value for term in row])
    return out.getvalue()


def render_text(result: Result, style: Style) -> str:
    if result.form == "ASK":
        return "true\n" if result.boolean else "false\n"
    if result.form == "CONSTRUCT":
        return result.turtle
    table = Table(show_lines=False)
    for name in result.variables:
        table.add_column(f"?{name}", overflow="fold", max_width=60)
    for row in result.rows:
        table.add_row(*(escape(_short(term)) for term in row))
    out = io.StringIO()
    console = Console(file=out, highlight=False, width=style.width, force_terminal=style.color,
                      color_system="standard" if style.color else None)
    console.print(table)
    console.print(f"[dim]{len(result.rows)} row(s)[/]")
    return out.getvalue()
