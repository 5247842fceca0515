"""`dataflow diagram`: the one pipeline (findings reviewed like validate's) and the view,
drawn as one diagram model, with where the rules are documented (the configuration's
`rules-url`) and, for the HTML page, the address of the HTML record its activities link to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.config import Settings
from ..check.pipeline import check
from ..errors import InputError
from ..findings import Finding
from ..report import graphviz
from ..report.registry import GRAPHVIZ
from ..store.terms import default_index
from ..view.diagram import Diagram, build, title_of
from ..view.graph import build_view
from .mapsource import load_map

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


def diagram(paths: Sequence[Path], settings: Settings, *, fmt: str, focus: str | None = None,
            subject: str | None = None, findings: bool = True, engine: str = "sparql",
            today: date | None = None, record_url: str = "",
            endpoint: Endpoint | None = None) -> Diagram:
    if focus and subject:
        raise InputError("give --focus or --subject, not both")
    terms = default_index()
    focus_iri = terms.lookup(focus, "data category") if focus else None
    subject_iri = terms.lookup(subject, "data subject category") if subject else None
    if fmt in GRAPHVIZ and not graphviz.available():
        raise InputError(graphviz.INSTALL_GRAPHVIZ)
    graph = load_map(paths, terms, endpoint)
    found: list[Finding] = []
    if findings:
        found = check(graph, settings, engine=engine, today=today).findings
    view = build_view(graph.graph, terms)
    drawn = build(view, terms, found, focus_iri, subject_iri, title_of(view))
    drawn.rules_url, drawn.record_url = settings.rules_url, record_url
    return drawn
