"""Read Fides manifests as hostile input, keeping the file:line of every value.

Files are read by textfile.read_text and parsed by the flow loader's YAML reader, so the
limits of limits.py apply (size, nesting, aliases, scalar length) and every scalar stays text.
The structure is checked as far as the importer relies on it: a file that is not a manifest,
or a resource list that is not a list of mappings, is an InputError with file:line (exit 2);
a key the importer does not know is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError, display_path
from ...sources.yamlfile import KeyPath, YamlDocument, read_yaml
from ...textfile import read_text
from . import fields

_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}
MANIFEST = ("a Fides manifest: a mapping with lists under system:, dataset:, organization:, "
            "data_use:, …")


@dataclass(frozen=True)
class Node:
    """One mapping of a manifest, with typed access to its values and their lines."""

    doc: YamlDocument
    path: KeyPath
    value: dict[str, Any]

    @property
    def file(self) -> str:
        return self.doc.file

    def line(self, key: str | None = None) -> int:
        return self.doc.line(self.path + ((key,) if key is not None else ()))

    def where(self, key: str | None = None) -> str:
        return f"{self.file}:{self.line(key)}"

    def _error(self, key: str, expected: str) -> InputError:
        line, column = self.doc.position(self.path + (key,))
        return InputError(f"'{key}' is not {expected}", self.file, line, expected, column)

    def text(self, key: str) -> str | None:
        """A scalar value as text; None when absent or null."""
        value = self.value.get(key)
        if value is None or isinstance(value, str):
            return value.strip() or None if isinstance(value, str) else None
        raise self._error(key, "text")

    def texts(self, key: str) -> list[str]:
        """A list of scalars (one scalar counts as a list of one); [] when absent or null."""
        value = self.value.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()] if value.strip() else []
        if isinstance(value, list) and all(isinstance(v, str) or v is None for v in value):
            return [v.strip() for v in value if v and v.strip()]
        raise self._error(key, "a list of text")

    def flag(self, key: str) -> bool | None:
        """A boolean (true/false, yes/no); None when absent or null."""
        value = self.text(key)
        if value is None:
            return None
        if value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise self._error(key, "true or false")

    def child(self, key: str) -> Node | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, dict):
            return Node(self.doc, self.path + (key,), value)
        raise self._error(key, "a mapping")

    def children(self, key: str) -> list[Node]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._error(key, "a list")
        nodes = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                line, column = self.doc.position(self.path + (key, i))
                raise InputError(f"an entry of '{key}' is not a mapping", self.file, line,
                                 "a mapping of keys and values", column)
            nodes.append(Node(self.doc, self.path + (key, i), item))
        return nodes

    def key(self, what: str) -> str:
        """The resource's `fides_key`, which every imported resource must have."""
        key = self.text("fides_key")
        if key is None:
            line, column = self.doc.position(self.path)
            raise InputError(f"{what} without a fides_key", self.file, line,
                             f"a {what} with fides_key: (its unique key)", column)
        return key

    def unknown(self, known: frozenset[str], what: str) -> list[str]:
        """Warnings, with file:line, for each key that is not in `known`."""
        return [f"{self.where(k)}: unknown key '{k}' in {what}, skipped"
                for k in self.value if k not in known]


@dataclass
class Manifests:
    """The resources of every manifest read, in file order, and the warnings of reading."""

    files: list[str] = field(default_factory=list)
    resources: dict[str, list[Node]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Node]:
        return self.resources.get(kind, [])


def read_manifests(paths: Iterable[Path]) -> Manifests:
    """Read each manifest; a file that is not one is an InputError with file:line."""
    result = Manifests()
    for path in paths:
        shown = display_path(path)
        doc = read_yaml(read_text(path, shown), shown)
        _check_manifest(doc)
        result.files.append(shown)
        top = Node(doc, (), doc.data)
        for key in doc.data:
            if key not in fields.RESOURCES:
                result.warnings.append(f"{top.where(key)}: unknown key '{key}' at the top of "
                                       "the manifest, skipped")
            else:
                result.resources.setdefault(key, []).extend(top.children(key))
    _check_duplicates(result)
    return result


def _check_manifest(doc: YamlDocument) -> None:
    if not isinstance(doc.data, dict):
        line, column = doc.position(())
        what = "empty" if doc.data is None else "not a mapping"
        raise InputError(f"not a Fides manifest: the document is {what}", doc.file, line,
                         MANIFEST, column)
    if not fields.RESOURCES.intersection(doc.data):
        first = next(iter(doc.data))
        line, column = doc.position((first,), key=True)
        raise InputError(f"not a Fides manifest: no system:, dataset: or other Fides resource "
                         f"list (the first key is '{first}')", doc.file, line, MANIFEST, column)


def _check_duplicates(manifests: Manifests) -> None:
    for kind in fields.IMPORTED:
        seen: dict[str, Node] = {}
        for node in manifests.of(kind):
            key = node.key(kind)
            if key in seen:
                line, column = node.doc.position(node.path + ("fides_key",))
                raise InputError(f"{kind} '{key}' is declared twice (first at "
                                 f"{seen[key].where()})", node.file, line,
                                 f"one {kind} per fides_key", column)
            seen[key] = node
