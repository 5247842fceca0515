"""Every output format of every command, named once.

Each family of outputs (the findings of a check, lineage answers, the changes of a diff,
query results, diagrams, the exported DPV graph) maps its format names to a renderer: a pure
function of plain data and a `Style` that returns text (or bytes, for PNG). Renderers are
imported only when used, as rdflib's plugin registry does. A command offers exactly the
formats of its family, and its `--format` choices are built from this table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import InputError


@dataclass(frozen=True)
class Style:
    """How text is drawn: colours (ANSI) or plain, and the width of tables."""

    color: bool = False
    width: int = 100
    rules_url: str = ""
    """Where the rule documentation is published (SARIF helpUri), without the #anchor."""


Renderer = Callable[[Any, Style], str | bytes]

FAMILIES: dict[str, dict[str, str]] = {
    "findings": {
        "text": "text:render",
        "json": "json:render",
        "sarif": "sarif:render",
        "junit": "junit:render",
        "github": "github:render",
    },
    "lineage": {
        "text": "lineage_text:render",
        "json": "lineage:render_json",
        "csv": "lineage:render_csv",
    },
    "changes": {
        "text": "changes:render_text",
        "json": "changes:render_json",
        "markdown": "changes:render_markdown",
    },
    "query": {
        "text": "query:render_text",
        "json": "query:render_json",
        "csv": "query:render_csv",
    },
    "diagram": {
        "mermaid": "mermaid:render",
        "dot": "dot:render",
        "svg": "graphviz:render_svg",
        "png": "graphviz:render_png",
        "html": "html:render",
    },
    "graph": {
        "turtle": "rdfgraph:render_turtle",
        "json-ld": "rdfgraph:render_jsonld",
    },
    "record": {
        "xlsx": "ropa_sheet:render_xlsx",
        "ods": "ropa_sheet:render_ods",
        "csv": "ropa_table:render_csv",
        "md": "ropa_table:render_markdown",
        "html": "ropa_table:render_html",
    },
    "notice": {
        "md": "notice_text:render_markdown",
        "html": "notice_text:render_html",
    },
    "terms": {
        "text": "terms:render_text",
        "json": "terms:render_json",
    },
}
#: Formats whose renderer needs Graphviz's dot program.
GRAPHVIZ = frozenset({"svg", "png", "html"})


def formats(family: str) -> tuple[str, ...]:
    return tuple(FAMILIES[family])


def renderer(family: str, fmt: str) -> Renderer:
    """The renderer of `fmt` in `family`, or an input error listing the valid formats."""
    target = FAMILIES[family].get(fmt)
    if target is None:
        raise InputError(f"unknown format '{fmt}'", None, None,
                         "one of " + ", ".join(FAMILIES[family]))
    module, function = target.split(":")
    found: Renderer = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return found


def render(family: str, fmt: str, data: Any, style: Style | None = None) -> str | bytes:
    return renderer(family, fmt)(data, style or Style())
