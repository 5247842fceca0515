"""Every rule has a failing and a passing fixture; both are checked for exact findings.

A fixture declares what it must produce in header comments:
    # expect: XFER-01 error acme.crm-to-vendor
The passing fixture must produce no finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ACTIVITY, FIXTURES, finding_keys, run_cli

RULE_FIXTURES = FIXTURES / "rules"
BASE = RULE_FIXTURES / "_base.yaml"
EXPECT = re.compile(r"^# expect: (\S+) (error|warning|info) (\S+)\s*$", re.MULTILINE)


def rule_ids() -> list[str]:
    out = run_cli("rules").stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def expected(path: Path) -> set[tuple[str, str, str]]:
    return {(r, s, f) for r, s, f in EXPECT.findall(path.read_text(encoding="utf-8"))}


def test_base_fixture_is_clean() -> None:
    result = run_cli("validate", "--format", "json", BASE, ACTIVITY)
    assert result.exit_code == 0, result.stdout
    assert result.json()["findings"] == []


@pytest.mark.parametrize("rule", rule_ids())
def test_rule_has_fixtures(rule: str) -> None:
    assert (RULE_FIXTURES / rule / "fail.yaml").is_file()
    assert (RULE_FIXTURES / rule / "pass.yaml").is_file()


@pytest.mark.parametrize("rule", rule_ids())
def test_failing_fixture(rule: str) -> None:
    fixture = RULE_FIXTURES / rule / "fail.yaml"
    want = expected(fixture)
    assert want, "a failing fixture must declare its expected findings"
    assert any(r == rule for r, _, _ in want)
    result = run_cli("validate", "--format", "json", BASE, fixture)
    assert finding_keys(result.json()) == want
    errors = any(s == "error" for _, s, _ in want)
    assert result.exit_code == (1 if errors else 0)


@pytest.mark.parametrize("rule", rule_ids())
def test_passing_fixture(rule: str) -> None:
    result = run_cli("validate", "--format", "json", BASE, RULE_FIXTURES / rule / "pass.yaml")
    assert result.json()["findings"] == []
    assert result.exit_code == 0
