"""The privacy notice of one audience (GDPR Art. 13 and 14) as plain data, for the
renderers of report/notice_*.py.

The audience is a data-subject category: the notice covers every activity that the
organisation carries out as a controller (or joint controller, or in a role the map does not
state) on data about that category or a narrower one. Its sections are those of
sections.SECTIONS, in that order, each filled from the facts of those activities
(content.py); a section the map cannot fill says so, with the rule IDs of the findings that
explain the gap. Nothing in it depends on the time or the order of the files: the same map
gives the same notice, byte for byte, so a committed notice can be checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...findings import Finding
from ..record.facts import Facts, Processing, Term
from ..record.model import gaps_of
from .content import FILL, Block, Scope
from .phrases import phrase
from .sections import SECTIONS, NoticeLanguage, Section


@dataclass(frozen=True)
class NoticeSection:
    id: str
    article: str
    heading: str
    blocks: tuple[Block, ...]

    @property
    def missing(self) -> bool:
        """Whether a fact of the section is missing (or not in the flow format)."""
        return any(b.missing is not None for b in self.blocks)


@dataclass(frozen=True)
class Notice:
    language: NoticeLanguage
    subject: Term
    title: str
    intro: tuple[str, ...]
    sections: tuple[NoticeSection, ...]
    footer: str
    activities: tuple[str, ...]
    """The IRIs of the activities the notice covers."""

    def section(self, section_id: str) -> NoticeSection:
        return next(s for s in self.sections if s.id == section_id)

    def count(self) -> tuple[int, int]:
        """(sections with a missing fact, sections only the flow format cannot fill)."""
        missing = [s for s in self.sections if s.missing]
        unrecorded = [s for s in missing
                      if all(b.unrecorded for b in s.blocks if b.missing is not None)]
        return len(missing) - len(unrecorded), len(unrecorded)


def audience(facts: Facts, subjects: Iterable[str]) -> tuple[Processing, ...]:
    """The activities a notice to `subjects` (a category and the narrower ones, as
    `trace --subject` reads it) covers: those about them, and those whose subjects the map
    does not state (they may concern anyone: ROPA-03), that the organisation does not carry
    out as a processor."""
    covered = frozenset(subjects)
    return tuple(p for p in facts.activities if p.role_name != "processor"
                 and (not p.subjects or covered & {t.iri for t in p.subjects}))


def _section(spec: Section, scope: Scope) -> NoticeSection:
    blocks = FILL[spec.id](scope)
    if not blocks:
        wording = scope.wording
        fired = scope.gaps.fired(spec.rules, scope.foci)
        if spec.empty == "none" and not fired and spec.none is not None:
            blocks = [Block(spec.none[scope.language])]
        else:
            blocks = [Block(wording.missing(fired), (), tuple(sorted(fired)))]
    return NoticeSection(spec.id, spec.article, spec.heading[scope.language], tuple(blocks))


def _joined(names: list[str], language: NoticeLanguage) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + (" ja " if language == "fi" else " and ") + names[-1]


def build_notice(facts: Facts, subject: Term, subjects: Iterable[str],
                 language: NoticeLanguage, findings: Iterable[Finding] = ()) -> Notice:
    """The notice to `subject` (whose category and narrower ones are `subjects`, IRIs) in
    `language`, with the gaps named by the rules of `findings`."""
    activities = audience(facts, subjects)
    scope = Scope(activities, language, gaps_of(findings))
    label = subject.label(language)
    controllers = _joined([o.name for o in scope.organisations()], language)
    names = [p.name if p.subjects else phrase("no subjects", language, name=p.name,
                                                marker=scope.marker(("ROPA-03",), p.foci))
             for p in activities]
    scope.forget()
    intro = (phrase("intro", language, controllers=controllers or "—", subject=label),
             phrase("covers", language, names="; ".join(names)))
    return Notice(language, subject, phrase("title", language, subject=label), intro,
                  tuple(_section(spec, scope) for spec in SECTIONS),
                  phrase("footer", language), tuple(p.iri for p in activities))
