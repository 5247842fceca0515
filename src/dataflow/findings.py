"""Findings: what validation reports, independent of the engine that found it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


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
