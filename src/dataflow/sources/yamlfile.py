"""Read YAML while keeping line numbers, so every error and finding can point at its line.

Scalars stay strings (pydantic coerces them), which also avoids YAML 1.1 traps such as
the country code `NO` turning into `False`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InputError
from ..limits import MAX_ALIAS_NODES, MAX_NESTING, MAX_SCALAR_CHARS

_NULLS = {"", "~", "null", "Null", "NULL"}
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Controls a value may not hold: C0 but tab and line ends, DEL, C1 but NEL. Only a
#: double-quoted scalar can carry one (written as an escape: "\e", "\x9b"); the reader
#: refuses them raw.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
CONTROL_EXPECTED = "text without terminal controls (tabs and line breaks are fine)"
KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    file: str
    data: Any
    root: yaml.Node | None

    def line(self, path: KeyPath) -> int:
        """1-based line of the node at `path`, or of its nearest existing ancestor."""
        return self.position(path)[0]

    def position(self, path: KeyPath, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at `path`, or of its nearest existing
        ancestor; with `key`, of the mapping key that names the last step of the path."""
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for i, step in enumerate(path):
            if step == 0 and not isinstance(node, yaml.SequenceNode):
                continue  # one value written where a list may be: it is item 0 of the list
            found = _child(node, step, key and i == len(path) - 1)
            if found is None:
                break
            node = found
            mark = node.start_mark
        return mark.line + 1, mark.column + 1


def _child(node: yaml.Node | None, key: str | int, the_key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                value: yaml.Node = k if the_key else v
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        child: yaml.Node = node.value[key]
        return child
    return None


class _Builder:
    """Python values from a composed YAML document, within the limits of limits.py.

    Aliases are shared nodes in the composed document: one that is met again is being
    expanded (each copied node counts against MAX_ALIAS_NODES), and one that is met inside
    itself is a recursive alias. Collections deeper than MAX_NESTING and scalars longer than
    MAX_SCALAR_CHARS or holding a lone surrogate (which no output could encode) are refused.
    """

    def __init__(self, file: str, text: str, restore: dict[int, str] | None = None) -> None:
        self.file = file
        self.text = text
        self.restore = restore
        self.started: set[int] = set()
        self.finished: set[int] = set()
        self.aliases: list[int] = []
        self.copied = 0

    def _error(self, message: str, node: yaml.Node, expected: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(message, self.file, mark.line + 1, expected, mark.column + 1)

    def build(self, node: yaml.Node, depth: int) -> Any:
        if self.aliases:
            self._count(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth > MAX_NESTING:
            raise self._error(f"nested deeper than {MAX_NESTING} levels", node)
        key = id(node)
        if key in self.started:  # met again: an alias, to copy within the budget
            if key not in self.finished:
                raise self._error("recursive alias: the anchor on this line contains itself",
                                  node)
            self.aliases.append(node.start_mark.line + 1)
            try:
                return self.collection(node, depth)
            finally:
                self.aliases.pop()
        self.started.add(key)
        value = self.collection(node, depth)
        self.finished.add(key)
        return value

    def _count(self, node: yaml.Node, anchor: int | None = None) -> None:
        self.copied += 1
        if isinstance(node, yaml.ScalarNode):  # text counts too: one long scalar repeated
            self.copied += len(node.value) // 100  # is as large as many nodes
        if self.copied > MAX_ALIAS_NODES:
            line = anchor or self.aliases[0]
            at, column = _first_alias(self.text, line)
            raise InputError(f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (the "
                             f"anchor on line {line} is repeated)", self.file, at or line,
                             "aliases of small lists, or the values written out", column)

    def collection(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        raise self._error("unsupported YAML node", node)

    def scalar(self, node: yaml.ScalarNode) -> str | None:
        value: str = node.value
        if self.restore is not None:
            value = value.translate(self.restore)
        if not node.style and value in _NULLS:  # plain: None (Python) or '' (libyaml)
            return None
        if len(value) > 16 and not self.aliases:  # an alias of a long scalar is a copy too:
            key = id(node)  # `*a` written 100,000 times could stand for 10^11 characters
            if key in self.started:
                self._count(node, node.start_mark.line + 1)
            self.started.add(key)
        if len(value) > MAX_SCALAR_CHARS:
            raise self._error(f"a value of {len(value):,} characters is longer than the "
                              f"limit of {MAX_SCALAR_CHARS:,} characters", node)
        if not value.isascii() and (bad := _SURROGATE.search(value)) is not None:
            raise self._error(f"a lone surrogate (U+{ord(bad.group()):04X}) cannot be "
                              "stored or printed", node, "text that is valid Unicode")
        if node.style == '"' and (bad := TERMINAL_CONTROL.search(value)) is not None:
            raise self._error(f"a control character (U+{ord(bad.group()):04X}) in a value: it "
                              "would reach terminals and reports as a command", node,
                              CONTROL_EXPECTED)
        return value

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if not isinstance(key, str):
                raise self._error("mapping keys must be plain strings", key_node)
            if key in result:
                raise self._error(f"duplicate key '{key}'", key_node)
            result[key] = self.build(value_node, depth + 1)
        return result


def _first_alias(text: str, anchor_line: int) -> tuple[int | None, int | None]:
    """Where the first alias of the anchor defined on `anchor_line` is: the place that
    starts the expansion. (Composed nodes forget their aliases, so the events are read
    again; this runs only on the error path, for a file that is small by then.)"""
    defined: dict[str, int] = {}
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            if mark is None or not isinstance(event, yaml.NodeEvent) or event.anchor is None:
                continue
            if not isinstance(event, yaml.AliasEvent):
                defined[event.anchor] = mark.line + 1
            elif defined.get(event.anchor) == anchor_line:
                return mark.line + 1, mark.column + 1
    except yaml.YAMLError:
        pass
    return None, None


def read_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document; syntax errors become an InputError with file:line.

    libyaml (about 20 times faster) composes the document when PyYAML has it; on an error,
    the pure-Python parser runs again so that messages are the same on every install.
    """
    restore = None
    if not text.isascii() and any(ch in text for ch in _OTHER_BREAKS):
        text, restore = _stand_in(text) or (text, None)
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        root = _compose_slowly(text, file)
    if root is None:
        return YamlDocument(file, None, None)
    return YamlDocument(file, _Builder(file, text, restore).build(root, 1), root)


#: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: line breaks to YAML 1.1 (PyYAML and libyaml
#: count lines by them, and end comments and plain scalars at them), but not to YAML 1.2,
#: editors, GitHub or SARIF, which break lines at \n and \r only. Pasted from a web page into
#: a comment, one shifted every later line number by one, or made a syntax error.
_OTHER_BREAKS = "\x85\u2028\u2029"


def _stand_in(text: str) -> tuple[str, dict[int, str]] | None:
    """`text` with each of _OTHER_BREAKS replaced by a private-use character it does not
    hold (one character for one, so every position stays where it is), and the table that
    puts them back into scalars; None if a hostile file holds every private-use character."""
    planes = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
    first = "\ue000\ue001\ue002"
    held = set(text) if any(ch in text for ch in first) else set()  # one pass, not one a try
    free = (chr(c) for plane in planes for c in plane if chr(c) not in held)
    stand_ins = {ch: next(free, "") for ch in _OTHER_BREAKS}
    if "" in stand_ins.values():
        return None
    forward = str.maketrans(stand_ins)
    return text.translate(forward), {ord(new): old for old, new in stand_ins.items()}


if hasattr(yaml, "CSafeLoader"):
    class _FastLoader(yaml.CSafeLoader):
        """libyaml composer; scalars stay text, so implicit tags are never resolved."""

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            return "tag:yaml.org,2002:str"

    _FAST_LOADER: Any = _FastLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = yaml.SafeLoader


def _compose_slowly(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # PyYAML's composer recurses once per level (libyaml stops at 1000)
        raise _too_deep(text, file) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.line >= text.count("\n"):
            mark = exc.context_mark  # at end of input, point where the open construct began
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError(f"YAML syntax error: {exc.problem or exc}", file, line,
                         column=column) from None
    except yaml.reader.ReaderError as exc:  # a control character; position counts characters
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise InputError(f"control character U+{exc.character:04X} is not allowed in YAML",
                         file, line, "printable text (write it escaped in a double-quoted "
                         "string, e.g. \"\\t\")", column) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file) from None


def _too_deep(text: str, file: str) -> InputError:
    """The nesting error, at the line where nesting passes the limit.

    PyYAML's pure-Python event parser keeps its own stack instead of recursing, and has no
    depth limit of its own (libyaml's scanner stops at 1000 levels, having read ahead past
    the line), so it finds that line whatever the depth."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    mark = event.start_mark
                    return InputError(f"nested deeper than {MAX_NESTING} levels", file,
                                      mark.line + 1 if mark is not None else None,
                                      column=mark.column + 1 if mark is not None else None)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return InputError(f"nested deeper than {MAX_NESTING} levels", file)
