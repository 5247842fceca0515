"""Differential test: the fast path and pySHACL give identical findings (rule, severity, focus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, finding_keys, run_cli

BASE = FIXTURES / "rules" / "_base.yaml"
CASES = sorted((FIXTURES / "rules").glob("*/*.yaml"))


def keys(engine: str, *paths: Path) -> set[tuple[str, str, str]]:
    result = run_cli("validate", "--format", "json", "--engine", engine, *paths)
    assert result.exit_code in (0, 1), result.stderr
    return finding_keys(result.json())


@pytest.mark.parametrize("fixture", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_engines_agree_on_rule_fixtures(fixture: Path) -> None:
    assert keys("sparql", BASE, fixture) == keys("pyshacl", BASE, fixture)
