"""The record of processing activities as plain data: one row per activity, one
column per field of a profile, each cell its lines of text, for the renderers of report/ropa_*.py.

A fact the map lacks is never a silent blank: the cell says it is missing and names the
rule IDs of the findings raised on the activity that explain the gap (`— missing
(ROPA-07)`). Findings reach the view as data: the command runs the pipeline once and passes
them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...findings import Finding
from .facts import Facts, Processing
from .fields import FIELDS, Context, Gaps
from .profiles import PROFILES, Role
from .wording import Language, Wording


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...]
    missing: tuple[str, ...] | None = None
    """None when the fact is there; else the rule IDs of the findings that explain the gap
    (empty when no finding does)."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class Row:
    activity: str
    """The activity's IRI."""
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Record:
    profile: str
    role: Role
    language: Language
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def count(self) -> int:
        """The cells with a missing fact."""
        return sum(1 for row in self.rows for cell in row.cells if cell.missing is not None)

    def cell(self, activity: str, column: str) -> Cell:
        """The cell of an activity (IRI) in a column (field id)."""
        index = [c.id for c in self.columns].index(column)
        return next(r for r in self.rows if r.activity == activity).cells[index]


def gaps_of(findings: Iterable[Finding]) -> Gaps:
    by_focus: dict[str, set[str]] = {}
    for finding in findings:
        by_focus.setdefault(finding.focus, set()).add(finding.rule)
    return Gaps({focus: frozenset(rules) for focus, rules in by_focus.items()})


def _cell(field_id: str, context: Context) -> Cell:
    """A field of one activity: its lines, or what its emptiness means (field.empty)."""
    spec = FIELDS[field_id]
    lines = spec.lines(context)
    if lines:
        if not context.marked:
            return Cell(tuple(lines))
        return Cell(tuple(lines), tuple(sorted(set().union(*context.marked))))
    wording = context.wording
    fired = context.gaps.fired(spec.rules, context.processing.foci)
    if spec.empty == "none" and not fired:
        return Cell((spec.none[wording.language],))
    return Cell((wording.missing(fired),), tuple(sorted(fired)))


def _in_record(processing: Processing, role: Role) -> bool:
    """A processor's record holds its processor activities; a controller's every other one
    (joint controllers', and those whose role the map does not state: ROLE-01)."""
    return (processing.role_name == "processor") == (role == "processor")


def build_record(facts: Facts, profile: str, role: Role,
                 findings: Iterable[Finding] = ()) -> Record:
    """The record of `facts` in the layout of `profile`, for the activities of `role`."""
    layout = PROFILES[profile]
    wording = Wording(layout.language)
    gaps = gaps_of(findings)
    columns = layout.columns[role]
    rows = tuple(
        Row(p.iri, tuple(_cell(field_id, Context(p, wording, gaps)) for field_id, _ in columns))
        for p in facts.activities if _in_record(p, role))
    return Record(profile, role, layout.language, layout.titles[role],
                  tuple(Column(i, label) for i, label in columns), rows)
