"""`dataflow recipients` and `dataflow trace --subject`: resolve the term, build the view,
answer with a resolved record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..sources.load import load
from ..store.terms import default_index
from ..view.graph import build_view
from ..view.lineage import Lineage, recipients_lineage, subject_lineage


def recipients(data: str, paths: Sequence[Path]) -> Lineage:
    terms = default_index()
    category = terms.lookup(data, "data category")
    return recipients_lineage(build_view(load(paths, terms).graph, terms), terms, category)


def trace(subject: str, paths: Sequence[Path]) -> Lineage:
    terms = default_index()
    iri = terms.lookup(subject, "data subject category")
    return subject_lineage(build_view(load(paths, terms).graph, terms), terms, iri)
