"""Where things are in the text of a YAML flow file: scalars, keys and declared ids.

`sources/yamlfile.py` answers "where is the node at this key path" for the loader; an editor
asks the other way round ("what is at this position") and wants ranges, not starts. The
outline is composed with PyYAML as the loader composes (every scalar text), walked without
recursion and without following an alias twice, and is empty when the text is not valid
YAML: completion and definition then fall back to the line (see context.py).

Positions are 0-based (line, character), characters counted in code points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..limits import MAX_FILE_BYTES
from ..sources.yamlfile import KeyPath

Position = tuple[int, int]

#: Sections whose entries declare an id, and the kind of entity each declares.
SECTIONS = {"organisations": "organisation", "parties": "party", "systems": "system",
            "activities": "activity", "flows": "flow"}


@dataclass(frozen=True)
class Span:
    start: Position
    end: Position

    def __contains__(self, position: Position) -> bool:
        return self.start <= position <= self.end


@dataclass(frozen=True)
class Scalar:
    """A scalar of the document: a value, or a mapping key (`key` True)."""

    path: KeyPath
    value: str
    span: Span
    key: bool = False


@dataclass(frozen=True)
class Declaration:
    id: str
    kind: str
    span: Span
    """The range of the id's value, where go-to-definition lands."""
    name: str | None = None


@dataclass
class Outline:
    scalars: list[Scalar] = field(default_factory=list)
    starts: dict[Position, Span] = field(default_factory=dict)
    """Every node's start -> its range, for an error that gives only where it starts."""

    def scalar_at(self, position: Position) -> Scalar | None:
        """The innermost scalar at a position, the end of a word counting as inside it."""
        return next((s for s in self.scalars if position in s.span), None)

    def declarations(self) -> list[Declaration]:
        """Every `id:` of an entry of organisations, parties, systems, activities, flows."""
        names = {s.path[:2]: s.value for s in self.scalars
                 if not s.key and len(s.path) == 3 and s.path[2] == "name"}
        return [Declaration(s.value, SECTIONS[str(s.path[0])], s.span, names.get(s.path[:2]))
                for s in self.scalars
                if not s.key and len(s.path) == 3 and s.path[0] in SECTIONS
                and isinstance(s.path[1], int) and s.path[2] == "id"]


def outline(text: str) -> Outline:
    """The outline of a YAML text; empty when it does not compose."""
    if len(text) > MAX_FILE_BYTES:
        return Outline()
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError):
        return Outline()
    found = Outline()
    if root is not None:
        _walk(root, found)
    return found


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span((start.line, start.column), (end.line, end.column))


def _walk(root: yaml.Node, found: Outline) -> None:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its anchor's text was walked already
            continue
        seen.add(id(node))
        span = _span(node)
        found.starts.setdefault(span.start, span)
        if isinstance(node, yaml.ScalarNode):
            found.scalars.append(Scalar(path, str(node.value), span))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode):
                    key_span = _span(key)
                    found.starts.setdefault(key_span.start, key_span)
                    found.scalars.append(Scalar((*path, name), name, key_span, key=True))
                stack.append((value, (*path, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))


if hasattr(yaml, "CSafeLoader"):
    _LOADER: Any = yaml.CSafeLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader
