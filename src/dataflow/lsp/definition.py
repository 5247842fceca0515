"""Go to definition: from an id written anywhere to the `id:` that declares it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .context import word_at
from .outline import Declaration, Outline, Span


def definition(lines: Sequence[str], line: int, character: int, outline: Outline,
               declarations: Iterable[tuple[Path, Declaration]]) -> tuple[Path, Span] | None:
    """Where the id under the position is declared: its file and the range of its id."""
    scalar = outline.scalar_at((line, character))
    candidates: list[str] = []
    if scalar is not None and not scalar.key:
        candidates.append(scalar.value)
    found = word_at(lines[line] if line < len(lines) else "", character)
    if found is not None:
        candidates.append(found[0])
    if not candidates:
        return None
    declared = {d.id: (path, d.span) for path, d in declarations}
    return next((declared[c] for c in candidates if c in declared), None)
