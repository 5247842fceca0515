"""The validate command end to end: documented JSON, text output, exit codes, docs commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ACTIVITY, FIXTURES, ROOT, run_cli

BASE = FIXTURES / "rules" / "_base.yaml"
XFER = FIXTURES / "rules" / "XFER-01" / "fail.yaml"
ROPA06 = FIXTURES / "rules" / "ROPA-06" / "fail.yaml"


def test_json_report_exact() -> None:
    result = run_cli("validate", "--format", "json", BASE, XFER)
    assert result.exit_code == 1
    report = result.json()
    assert list(report) == ["conforms", "summary", "errors", "findings"]
    assert report["errors"] == [] and report["summary"]["input_errors"] == 0
    assert report["conforms"] is False
    assert report["summary"] == {"error": 2, "warning": 0, "info": 0, "files": 2,
                                 "activities": 1, "flows": 2,
                                 "triples": report["summary"]["triples"], "input_errors": 0}
    assert report["summary"]["triples"] > 50
    first = report["findings"][0]
    assert first == {
        "rule": "XFER-01",
        "severity": "error",
        "message": "Flow to United States leaves the EEA without a transfer mechanism",
        "focus": "urn:dataflow:acme.crm-to-vendor",
        "file": "tests/fixtures/rules/XFER-01/fail.yaml",
        "line": 17,
        "article": "GDPR Art. 44-49",
        "hint": "add mechanism: scc or bcr, or certify the recipient within the adequacy "
                "decision's scope: certifications: [dpf] for the US, [pipeda] for Canada, "
                "[appi] for Japan",
    }
    assert report["findings"][1]["message"] == (
        "Flow to India leaves the EEA without a transfer mechanism")
    assert report["findings"][1]["line"] == 24


def test_text_report_groups_by_file() -> None:
    result = run_cli("validate", BASE, XFER)
    assert result.exit_code == 1
    out = result.stdout
    assert "tests/fixtures/rules/XFER-01/fail.yaml\n" in out
    assert "error   XFER-01 Flow to United States leaves the EEA without a transfer mechanism" in out
    assert "tests/fixtures/rules/XFER-01/fail.yaml:17  GDPR Art. 44-49" in out
    assert "fix: add mechanism:" in out
    assert "2 error(s), 0 warning(s), 0 info in 2 file(s)" in out


def test_warnings_pass_unless_strict() -> None:
    assert run_cli("validate", BASE, ROPA06).exit_code == 0
    strict = run_cli("validate", "--strict", BASE, ROPA06)
    assert strict.exit_code == 1


def test_clean_run_exits_zero() -> None:
    result = run_cli("validate", "--format", "json", BASE, ACTIVITY)
    assert result.exit_code == 0
    assert result.json()["conforms"] is True
    assert result.json()["summary"]["activities"] == 1


@pytest.mark.parametrize("content", ["", "# only a comment\n", "parties: []\n"])
def test_nothing_to_check_is_not_a_pass(tmp_path: Path, content: str) -> None:
    """An input without any activity or flow exits 2, in every output format."""
    path = tmp_path / "empty.yaml"
    path.write_text(content, encoding="utf-8")
    message = (f"nothing to check in {path}: no processing activity or flow found (expected "
               "flow files that declare activities or flows)")
    for fmt in ("text", "json", "sarif"):
        result = run_cli("validate", path, "--format", fmt)
        assert result.exit_code == 2
        assert result.stderr == f"error: {message}\n"
        if fmt == "text":
            assert result.stdout == ""
        elif fmt == "json":
            assert result.json()["errors"] == [{
                "file": None, "line": None, "column": None, "expected": "flow files that "
                "declare activities or flows", "message": message.split(" (expected")[0]}]
        else:
            assert [r["ruleId"] for r in result.json()["runs"][0]["results"]] == ["INPUT"]


def test_nothing_to_check_in_an_empty_folder_or_json_ld(tmp_path: Path) -> None:
    assert run_cli("validate", tmp_path).exit_code == 2
    (tmp_path / "empty.jsonld").write_text("[]", encoding="utf-8")
    result = run_cli("validate", tmp_path / "empty.jsonld")
    assert result.exit_code == 2
    assert "nothing to check" in result.stderr


def test_text_summary_says_what_was_checked() -> None:
    result = run_cli("validate", ROOT / "flows" / "examples")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == ("✓ 0 error(s), 0 warning(s), 0 info in 8 file(s): "
                                              "11 activities, 14 flows, 1004 triples")


def test_default_path_is_flows(tmp_path: Path, monkeypatch: object) -> None:
    import os

    os.chdir(tmp_path)
    try:
        result = run_cli("validate")
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 2
    assert result.stderr == "error: flows: no such file or directory\n"


def test_usage_error_exits_two() -> None:
    assert run_cli("validate", "--format", "yaml", BASE).exit_code == 2


def test_rule_documentation() -> None:
    result = run_cli("rule", "xfer-01")
    assert result.exit_code == 0
    text = result.stdout
    for heading in ("# XFER-01 (transfer-without-mechanism)", "## What it checks",
                    "## Why it matters", "## Example", "## How to fix", "## References"):
        assert heading in text
    assert "EDPB Guidelines 05/2021" in text


def test_unknown_rule_suggests() -> None:
    result = run_cli("rule", "XFER-1")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "XFER-01" in result.stderr


def test_every_rule_is_documented() -> None:
    rules = [line.split()[0] for line in run_cli("rules").stdout.splitlines()]
    assert len(rules) >= 21
    for rule in rules:
        text = run_cli("rule", rule).stdout
        for section in ("## What it checks", "## Why it matters", "## Example",
                        "## How to fix", "## References"):
            body = text.split(section, 1)[1].split("\n## ", 1)[0].strip()
            assert body, f"{rule}: empty {section}"


def test_rules_markdown_is_committed() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert run_cli("rules", "--markdown").stdout == committed + "\n" or \
        run_cli("rules", "--markdown").stdout == committed, \
        "docs/rules.md is stale: run `dataflow rules --markdown > docs/rules.md`"


def test_schema_validates_flow_files() -> None:
    import jsonschema
    import yaml

    schema = json.loads(run_cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "flows").rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        errors = list(validator.iter_errors(_coerce(data)))
        assert not errors, f"{path}: {errors[0].message}"
    bad = {"activities": [{"id": "x", "colour": "red"}]}
    assert list(validator.iter_errors(bad))


def _coerce(value: object) -> object:
    """BaseLoader keeps scalars as text, as dataflow does; editors see typed YAML."""
    if isinstance(value, dict):
        return {k: _coerce(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_coerce(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("flows: [\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "dataflow.cli", "validate", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ")


@pytest.mark.parametrize(("folder", "code"), [("examples", 0), ("enreach", 1)])
def test_console_script_flushes_its_report_before_it_leaves(folder: str, code: int) -> None:
    """main() exits without interpreter teardown; the whole report must still be written."""
    proc = subprocess.run([sys.executable, "-m", "dataflow.cli", "validate", "--format", "json",
                           str(ROOT / "flows" / folder)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == code
    assert json.loads(proc.stdout)["conforms"] is (code == 0)
