"""`dataflow notice`: the privacy notice (GDPR Art. 13 and 14) for one audience, and
`--check`, which tells whether a committed notice still says what the map says.

The flow files are loaded once; the one pipeline gives the findings (so configuration,
suppressions and baseline apply as for `validate`), the view gives the facts of every
activity, and view/notice/ writes the sections for the activities about the audience.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..check.config import Settings
from ..check.pipeline import check
from ..errors import InputError
from ..store.terms import TermIndex, default_index
from ..view.graph import build_view
from ..view.notice.model import Notice, audience, build_notice
from ..view.notice.sections import LANGUAGES, NoticeLanguage
from ..view.record.facts import Facts, Term
from ..view.record.read import read_facts
from .mapsource import load_map

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint

SUBJECT = "data subject category"


def notice(paths: Sequence[Path], settings: Settings, *, subject: str, language: str = "fi",
           engine: str = "sparql", today: date | None = None,
           endpoint: Endpoint | None = None) -> Notice:
    """The notice to the data subjects of category `subject` in `language` (en or fi)."""
    if language not in LANGUAGES:
        raise InputError(f"unknown language '{language}'", None, None,
                         "one of " + ", ".join(LANGUAGES))
    chosen: NoticeLanguage = "fi" if language == "fi" else "en"
    terms = default_index()
    category = terms.lookup(subject, SUBJECT)
    graph = load_map(paths, terms, endpoint)
    report = check(graph, settings, engine=engine, today=today)
    facts = read_facts(graph, build_view(graph.graph, terms), terms)
    covered = {str(t) for t in terms.narrower_or_self(category)}
    if not audience(facts, covered):
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"no activity in {where} processes data about '{subject}' as a "
                         "controller: nothing to tell them", None, None,
                         "one of the subjects of a controller's activity: "
                         + (", ".join(_subjects(facts, terms)) or "none declared"))
    return build_notice(facts, _term(facts, terms, str(category)), covered, chosen,
                        report.findings)


def _subjects(facts: Facts, terms: TermIndex) -> list[str]:
    """The subjects of the activities a notice can be written for, by their short names."""
    found = {terms.name(t.iri) for p in facts.activities if p.role_name != "processor"
             for t in p.subjects}
    return sorted(found)


def _term(facts: Facts, terms: TermIndex, iri: str) -> Term:
    """The category with its labels: as the facts word it, else from the term index (the
    longest Finnish label, the full wording, as the facts choose it)."""
    for p in facts.activities:
        for term in p.subjects:
            if term.iri == iri:
                return term
    info = terms.info(URIRef(iri))
    english = info.labels_en[0] if info.labels_en else info.name
    finnish = max(info.labels_fi, key=lambda t: (len(t), t), default=english)
    return Term(iri, english, finnish)


def stale(committed: str, generated: str, name: str) -> str:
    """The unified diff from a committed notice to the one the map gives now; empty when
    they are the same."""
    return "".join(difflib.unified_diff(
        committed.splitlines(keepends=True), generated.splitlines(keepends=True),
        fromfile=f"{name} (committed)", tofile=f"{name} (from the flow files)"))
