"""Positions between the client's units (UTF-16 by default) and code points, the server's.

Every module of the server counts characters in code points, as Python strings and the
loader's columns do; a position enters and leaves the server only through these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types as lsp

from .outline import Position, Span

#: How many of the client's units a piece of text takes (pygls' position codec).
Units = Callable[[str], int]


def lines_of(text: str) -> list[str]:
    """The lines of a text whose line ends are "\\n" (as the workspace keeps them)."""
    return text.split("\n")


def from_client(position: lsp.Position, lines: Sequence[str], units: Units) -> Position:
    """A client's position as (line, code point); past the end of a line, its end."""
    text = lines[position.line] if position.line < len(lines) else ""
    counted = 0
    for index, char in enumerate(text):
        if counted >= position.character:
            return position.line, index
        counted += units(char)
    return position.line, len(text)


def to_client(position: Position, lines: Sequence[str], units: Units) -> lsp.Position:
    line, character = position
    text = lines[line] if 0 <= line < len(lines) else ""
    return lsp.Position(line=line, character=units(text[:character]))


def range_to_client(span: Span | lsp.Range, lines: Sequence[str], units: Units) -> lsp.Range:
    if isinstance(span, lsp.Range):
        span = Span((span.start.line, span.start.character), (span.end.line, span.end.character))
    return lsp.Range(start=to_client(span.start, lines, units),
                     end=to_client(span.end, lines, units))
