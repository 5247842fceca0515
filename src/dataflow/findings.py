"""The results of a check, as plain data: findings, the rules they come from, and the report.

Nothing here knows the graph, the engines or the renderers: every renderer of report/ reads
a `Report` and nothing else, so it can be tested with hand-made findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from .errors import InputError, printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


SH_SEVERITY = {
    "http://www.w3.org/ns/shacl#Violation": Severity.ERROR,
    "http://www.w3.org/ns/shacl#Warning": Severity.WARNING,
    "http://www.w3.org/ns/shacl#Info": Severity.INFO,
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    focus: str
    file: str | None = None
    line: int | None = None
    article: str | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file or "~", self.line or 0, self.severity.rank, self.rule, self.focus,
                self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity.value, "message": self.message,
                "focus": self.focus, "file": self.file, "line": self.line,
                "article": self.article, "hint": self.hint}


@dataclass(frozen=True)
class RawResult:
    """One result of an engine: which shape, which focus node, and the message."""

    shape: str
    focus: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue, with its ruff-style documentation (read from the shapes)."""

    id: str
    name: str
    article: str
    summary: str
    rationale: str = ""
    example: str = ""
    fix: str = ""
    hint: str = ""
    references: str = ""
    severities: tuple[Severity, ...] = ()

    @property
    def family(self) -> str:
        return self.id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class Suppression:
    """An inline `# dataflow: ignore[…]` comment."""

    file: str
    line: int
    """The line of the comment."""
    target: int | None
    """The line it applies to; None when no declaration follows it."""
    rules: tuple[str, ...]
    reason: str
    until: date | None = None

    def expired(self, today: date) -> bool:
        return self.until is not None and self.until < today

    @property
    def justification(self) -> str:
        return self.reason + (f" (until {self.until.isoformat()})" if self.until else "")


@dataclass(frozen=True)
class Suppressed:
    """A finding waived by a suppression: not reported, but kept for SARIF and JUnit."""

    finding: Finding
    suppression: Suppression


@dataclass(frozen=True)
class BaselineResult:
    file: str
    baselined: int
    """Findings not reported because the baseline has them."""
    fixed: int
    """Baseline entries that no finding matches any more."""

    def notice(self) -> str:
        text = (f"baseline {self.file}: {self.baselined} known finding(s) not reported, "
                f"{self.fixed} fixed since the baseline")
        if self.fixed:
            text += " (run `dataflow baseline` to update it)"
        return text


@dataclass(frozen=True)
class Report:
    """What a check found in a set of flow files: plain data, no graph inside."""

    files: list[str]
    triples: int
    findings: list[Finding]
    engine: str = "sparql"
    notices: list[str] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    baseline: BaselineResult | None = None
    activities: int = 0
    """Processing activities checked (after DPV input is lifted onto the model)."""
    flows: int = 0
    """Flows checked."""
    errors: list[InputError] = field(default_factory=list)
    """Input errors that stopped the check (then nothing else was checked; exit code 2)."""

    @classmethod
    def of_errors(cls, errors: list[InputError]) -> Report:
        """The report of a run stopped by bad input: its errors, and nothing checked."""
        files = sorted({printable(e.file) for e in errors if e.file})
        return cls(files=files, triples=0, findings=[], errors=errors)

    @property
    def checked(self) -> bool:
        """Something was checked: an activity or a flow. A ✓ over nothing means nothing."""
        return self.activities + self.flows > 0

    @property
    def conforms(self) -> bool:
        return not self.errors and not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
