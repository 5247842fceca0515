"""The house rules of src/dataflow/, checked: small modules, no cycles, stages that only
look down, and Oxigraph behind the store's walls (docs/architecture.md explains them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "dataflow"
BASE = {"__init__", "errors", "findings", "vocab", "safety", "gcpause", "resources",
        "duration", "limits", "textfile"}
#: What each room may import, besides the base modules and itself.
MAY_IMPORT = {
    "base": set(),
    "store": set(),
    "sources": {"store"},
    "check": {"store", "sources"},
    "view": {"store", "sources"},
    "report": {"store", "check", "view"},
    "imports": {"store", "sources"},
    "commands": {"store", "sources", "check", "view", "report", "imports"},
    "lsp": {"store", "sources", "check", "view", "report", "commands"},
    "cli": {"store", "sources", "check", "view", "report", "commands", "lsp"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _room(module: str) -> str:
    top = module.split(".")[0]
    if top in BASE:
        return "base"
    return top


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the package that `module` imports, anywhere in the file."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("dataflow"):
                target = node.module.removeprefix("dataflow").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != module}


MODULES = _modules()
GRAPH = {m: _imports(m, p, set(MODULES)) for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module} has {lines} lines"


def test_no_import_cycles() -> None:
    """No module imports, directly or through others, a module that imports it."""
    def reaches(start: str) -> set[str]:
        seen: set[str] = set()
        stack = list(GRAPH[start])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(GRAPH[current])
        return seen

    cycles = sorted(m for m in GRAPH if m in reaches(m))
    assert cycles == []


def test_rooms_only_look_down() -> None:
    wrong = []
    for module, imported in GRAPH.items():
        room = _room(module)
        for target in imported:
            other = _room(target)
            if other not in ("base", room) and other not in MAY_IMPORT[room]:
                wrong.append(f"{module} -> {target}")
            if room == "base" and other != "base":
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_only_the_store_and_the_view_columns_use_oxigraph() -> None:
    users = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "pyoxigraph" for name in names):
                users.add(module)
    assert {m for m in users if not m.startswith("store.")} == {"view.columns"}


def test_the_checker_sees_the_imports() -> None:
    """The rules above are not vacuous: the graph has the arrows a reader can see."""
    assert "check.pipeline" in GRAPH["commands.validate"]
    assert "store.sink" in GRAPH["sources.load"]
    assert "findings" in GRAPH["report.text"]
