"""Errors about bad input. They carry a location and are shown to people, never as tracebacks."""

from __future__ import annotations

import difflib
import os
import re
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
    column: int | None = None
    """1-based, counted in characters (Unicode code points), where the fault starts."""

    @property
    def where(self) -> str:
        """`file:line:column`, `file:line`, `file` or nothing, as far as it is known."""
        parts = [str(p) for p in (self.file, self.line, self.line and self.column) if p]
        return printable(":".join(parts))

    @property
    def detail(self) -> str:
        """The message and what was expected, without the location (printable)."""
        expected = f" (expected {self.expected})" if self.expected else ""
        return printable(f"{self.message}{expected}")

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}" if self.file else self.detail

    def as_dict(self) -> dict[str, str | int | None]:
        """The error in JSON reports: `file`, `line`, `column`, `message`, `expected`."""
        return {"file": self.file and printable(self.file), "line": self.line,
                "column": self.column, "message": printable(self.message),
                "expected": self.expected and printable(self.expected)}


class UnknownId(InputError):
    """A reference to an id that no flow file declares."""


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """`text` with control characters and lone surrogates escaped (\\n, \\x1b, \\udc80).

    Messages quote what the input said. Quoted raw, a term could end the line and print a
    fake one, move the cursor or retitle the terminal, and a lone surrogate cannot be
    encoded at all, so printing the error would crash."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group()) or (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"),
        text)


class InputErrors(Exception):
    """Several input errors found in one pass, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} input error(s)")
        self.errors = errors


def errors_of(exc: InputError | InputErrors) -> list[InputError]:
    """The input errors an exception carries, in the order they were found."""
    return exc.errors if isinstance(exc, InputErrors) else [exc]


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
