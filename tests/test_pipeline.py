"""One pipeline for every command, and one list of formats per output family.

Each test here failed before the redesign (issue 11): the diagram ran its own pipeline that
skipped the review step, and `trace` accepted the validation formats.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from dataflow.report.registry import FAMILIES, Style, render, renderer

SUPPRESSED = ("  - id: acme.tickets-to-deskflow  "
              "# dataflow: ignore[XFER-01] accepted risk until 2099-01-01\n")


@pytest.fixture
def suppressed_transfer(tmp_path: Path) -> Path:
    """flows/examples without Deskflow's SCCs, the XFER-01 it causes waived inline."""
    flows = tmp_path / "flows"
    shutil.copytree(ROOT / "flows" / "examples", flows)
    path = flows / "customer-service.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: acme.tickets-to-deskflow\n", SUPPRESSED, 1)
    text = text.replace("    purposes: [customer-care]\n    mechanism: scc\n",
                        "    purposes: [customer-care]\n", 1)
    path.write_text(text, encoding="utf-8")
    return flows


def test_diagram_honours_inline_suppressions(suppressed_transfer: Path) -> None:
    checked = run_cli("validate", suppressed_transfer, "--format", "json")
    assert checked.exit_code == 0
    assert checked.json()["summary"]["error"] == 0
    result = run_cli("diagram", suppressed_transfer, "--format", "mermaid")
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"⚠ \d+ error", result.stdout)


def test_diagram_still_marks_errors_that_are_not_suppressed(suppressed_transfer: Path) -> None:
    path = suppressed_transfer / "customer-service.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(SUPPRESSED,
                    "  - id: acme.tickets-to-deskflow\n"), encoding="utf-8")
    result = run_cli("diagram", suppressed_transfer, "--format", "mermaid")
    assert result.exit_code == 0, result.stderr
    assert "⚠ 1 error" in result.stdout


def test_diagram_honours_the_configuration(suppressed_transfer: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = suppressed_transfer / "customer-service.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(SUPPRESSED,
                    "  - id: acme.tickets-to-deskflow\n"), encoding="utf-8")
    (suppressed_transfer.parent / "dataflow.toml").write_text('ignore = ["XFER"]\n')
    monkeypatch.chdir(suppressed_transfer.parent)
    assert not re.search(r"⚠ \d+ error", run_cli("diagram", "flows", "--format", "mermaid").stdout)
    assert "⚠ 1 error" in run_cli("diagram", "flows", "--format", "mermaid",
                                  "--isolated").stdout


@pytest.mark.parametrize(("command", "family", "wrong"), [
    (["validate"], "findings", "csv"),
    (["trace", "--subject", "customer"], "lineage", "sarif"),
    (["recipients", "name"], "lineage", "junit"),
    (["query", "ASK { ?s ?p ?o }"], "query", "markdown"),
    (["diagram"], "diagram", "json"),
    (["diff", "flows", "flows"], "changes", "csv"),
])
def test_each_command_offers_exactly_its_family(command: list[str], family: str,
                                                wrong: str) -> None:
    result = run_cli(*command, str(ROOT / "flows" / "examples"), "--format", wrong)
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    offered = re.search(rf"'{wrong}' is not one of (.*?)\.", message)
    assert offered is not None, message
    assert re.findall(r"'([^']+)'", offered.group(1)) == list(FAMILIES[family])


def test_trace_renders_every_lineage_format() -> None:
    for fmt in FAMILIES["lineage"]:
        result = run_cli("trace", "--subject", "customer", ROOT / "flows" / "examples",
                         "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert result.stdout.strip()


def test_every_registered_renderer_exists() -> None:
    for family, formats in FAMILIES.items():
        for fmt in formats:
            assert callable(renderer(family, fmt))


def test_an_unknown_format_names_the_valid_ones() -> None:
    from dataflow.errors import InputError

    with pytest.raises(InputError) as caught:
        render("lineage", "sarif", None, Style())
    assert caught.value.expected == "one of text, json, csv"
