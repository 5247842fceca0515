"""Read YAML while keeping line numbers, so every error and finding can point at its line.

Scalars stay strings (pydantic coerces them), which also avoids YAML 1.1 traps such as
the country code `NO` turning into `False`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InputError

_NULLS = {"", "~", "null", "Null", "NULL"}
KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    file: str
    data: Any
    root: yaml.Node | None

    def line(self, path: KeyPath) -> int:
        """1-based line of the node at `path`, or of its nearest existing ancestor."""
        node = self.root
        best = node.start_mark.line + 1 if node is not None else 1
        for key in path:
            child = _child(node, key)
            if child is None:
                break
            node = child
            best = node.start_mark.line + 1
        return best


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                value: yaml.Node = v
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        child: yaml.Node = node.value[key]
        return child
    return None


def _construct(node: yaml.Node, file: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:  # plain: None (Python) or '' (libyaml)
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, file) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, file)
            if not isinstance(key, str):
                raise InputError("mapping keys must be plain strings", file,
                                 key_node.start_mark.line + 1)
            if key in result:
                raise InputError(f"duplicate key '{key}'", file, key_node.start_mark.line + 1)
            result[key] = _construct(value_node, file)
        return result
    raise InputError("unsupported YAML node", file, node.start_mark.line + 1)


def read_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document; syntax errors become an InputError with file:line.

    libyaml (about 20 times faster) composes the document when PyYAML has it; on an error,
    the pure-Python parser runs again so that messages are the same on every install.
    """
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        root = _compose_slowly(text, file)
    if root is None:
        return YamlDocument(file, None, None)
    return YamlDocument(file, _construct(root, file), root)


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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.line >= text.count("\n"):
            mark = exc.context_mark  # at end of input, point where the open construct began
        line = mark.line + 1 if mark else None
        raise InputError(f"YAML syntax error: {exc.problem or exc}", file, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file) from None
