"""Errors about bad input. They carry a location and are shown to people, never as tracebacks."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputError(Exception):
    """Bad input: a syntax error, unknown id or term, wrong type or unreadable file."""

    message: str
    file: str | None = None
    line: int | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}{self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class InputErrors(Exception):
    """Several input errors found in one pass, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} input error(s)")
        self.errors = errors


def display_path(path: Path) -> str:
    """How a file is named in messages and findings: relative to here when it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def did_you_mean(candidates: Sequence[str]) -> str:
    """The one phrasing of every suggestion: "; did you mean 'a' or 'b'?" (or nothing)."""
    if not candidates:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in candidates) + "?"


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6,
                  ) -> list[str]:
    """The choices spelled most like `word`, best first."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
