"""Integration files and generated documentation stay in step with the code."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, run_cli


def test_rules_md_is_generated_from_the_shapes() -> None:
    expected = run_cli("rules", "--markdown").stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, \
        "regenerate with: dataflow rules --markdown > docs/rules.md"


def test_rules_md_has_an_anchor_per_rule() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in ("xfer-01", "sup-01", "sup-02", "fi-hetu-01"):
        assert f'<a id="{rule}"></a>' in text


def test_pre_commit_hook_manifest() -> None:
    path = ROOT / ".pre-commit-hooks.yaml"
    hook, notice = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert hook["id"] == "dataflow-validate"
    assert notice["id"] == "dataflow-notice-check"  # tests/test_notice.py checks it
    assert hook["entry"] == "dataflow validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    files = re.compile(hook["files"])
    for name in ("flows/acme/crm.yaml", "flows/a.yml", "flows/x/graph.ttl", "flows/g.jsonld",
                 "dataflow.toml", "pyproject.toml", "dataflow-baseline.json"):
        assert files.search(name), name
    for name in ("docs/flows.md", "src/app.py", ".github/workflows/ci.yml"):
        assert not files.search(name), name
    try:
        from pre_commit.clientlib import load_manifest
    except ModuleNotFoundError:
        pytest.skip("pre-commit is not installed")
    assert [h["id"] for h in load_manifest(str(path))] == ["dataflow-validate",
                                                           "dataflow-notice-check"]


def test_ci_examples_are_valid_yaml() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 5
    workflow, gitlab, precommit, notices, notice_step = (yaml.safe_load(b) for b in blocks)
    assert {h["id"] for h in notices["repos"][0]["hooks"]} == {"dataflow-validate",
                                                               "dataflow-notice-check"}
    assert "--check" in notice_step[0]["run"]
    steps = workflow["jobs"]["dataflow"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert any("dataflow diff" in s.get("run", "") for s in steps)
    assert gitlab["dataflow"]["artifacts"]["reports"]["junit"] == "dataflow-junit.xml"
    assert precommit["repos"][0]["hooks"][0]["id"] == "dataflow-validate"


def test_readme_lists_the_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("dataflow validate", "dataflow baseline", "dataflow diff BASE [HEAD]"):
        assert f"`{command}" in readme
