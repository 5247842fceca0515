"""Every rule has a failing and a passing fixture; both are checked for exact findings.

A fixture declares what it must produce in header comments:
    # expect: XFER-01 error acme.crm-to-vendor
The passing fixture must produce no finding at all. A rule that fires in more than one
place may add variants beside the two, named fail-<case>.yaml and pass-<case>.yaml (for
example SC-01/fail-flow.yaml); they are checked the same way. Rules about RDF input (DPV-01,
COVER-01) have Turtle fixtures instead (fail.ttl, pass.ttl), with the same header comments.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ACTIVITY, FIXTURES, finding_keys, run_cli

RULE_FIXTURES = FIXTURES / "rules"
BASE = RULE_FIXTURES / "_base.yaml"
#: Fixture formats: YAML flow files, and Turtle or JSON-LD for rules about RDF input.
SUFFIXES = (".yaml", ".ttl", ".jsonld")
EXPECT = re.compile(r"^# expect: (\S+) (error|warning|info) (\S+)\s*$", re.MULTILINE)


def rule_ids() -> list[str]:
    out = run_cli("rules").stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def fixtures(kind: str) -> list[tuple[str, Path]]:
    """(rule, path) of every fail* or pass* fixture (SUFFIXES) of a catalogued rule."""
    return [(rule, path) for rule in rule_ids()
            for path in sorted((RULE_FIXTURES / rule).glob(f"{kind}*"))
            if path.suffix in SUFFIXES]


def _ids(cases: list[tuple[str, Path]]) -> list[str]:
    return [f"{rule}/{path.stem}" for rule, path in cases]


FAILING = fixtures("fail")
PASSING = fixtures("pass")


def expected(path: Path) -> set[tuple[str, str, str]]:
    return {(r, s, f) for r, s, f in EXPECT.findall(path.read_text(encoding="utf-8"))}


def test_base_fixture_is_clean() -> None:
    result = run_cli("validate", "--format", "json", BASE, ACTIVITY)
    assert result.exit_code == 0, result.stdout
    assert result.json()["findings"] == []


@pytest.mark.parametrize("rule", rule_ids())
def test_rule_has_fixtures(rule: str) -> None:
    for kind in ("fail", "pass"):
        assert any((RULE_FIXTURES / rule / f"{kind}{suffix}").is_file() for suffix in SUFFIXES)


@pytest.mark.parametrize(("rule", "fixture"), FAILING, ids=_ids(FAILING))
def test_failing_fixture(rule: str, fixture: Path) -> None:
    want = expected(fixture)
    assert want, "a failing fixture must declare its expected findings"
    assert any(r == rule for r, _, _ in want)
    result = run_cli("validate", "--format", "json", BASE, fixture)
    assert finding_keys(result.json()) == want
    errors = any(s == "error" for _, s, _ in want)
    assert result.exit_code == (1 if errors else 0)


@pytest.mark.parametrize(("rule", "fixture"), PASSING, ids=_ids(PASSING))
def test_passing_fixture(rule: str, fixture: Path) -> None:
    result = run_cli("validate", "--format", "json", BASE, fixture)
    assert result.json()["findings"] == []
    assert result.exit_code == 0


def test_transfer_hints_fit_the_destination() -> None:
    """XFER-01's fix hint names the remedy for the kind of destination: SCCs or BCRs where
    no adequacy decision exists, the certification the decision's scope needs otherwise."""
    fixture = RULE_FIXTURES / "XFER-01" / "fail-destinations.yaml"
    findings = run_cli("validate", "--format", "json", BASE, fixture).json()["findings"]
    hints = {f["focus"].removeprefix("urn:dataflow:"): f["hint"] for f in findings}
    assert "no adequacy decision" in hints["acme.crm-to-india"]
    assert "scc" in hints["acme.crm-to-india"] and "dpf" not in hints["acme.crm-to-india"]
    for flow, scope in (("acme.crm-to-japan", "[appi] for Japan"),
                        ("acme.crm-to-canada", "[pipeda] for Canada")):
        assert scope in hints[flow] and "scc" in hints[flow]
