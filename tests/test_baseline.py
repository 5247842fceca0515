"""Baselines: write today's findings, then report only new ones and count the fixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, finding_keys, run_cli

RULES = FIXTURES / "rules"


@pytest.fixture
def flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the eNexus seed organisation, which has many findings."""
    shutil.copytree(ROOT / "flows" / "enexus", tmp_path / "flows")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "flows"


def test_round_trip(flows: Path) -> None:
    before = run_cli("validate", "--format", "json").json()
    assert before["findings"]
    result = run_cli("baseline", "-o", "baseline.json")
    assert result.exit_code == 0
    data = json.loads(Path("baseline.json").read_text())
    assert data["dataflow-baseline"] == 1
    keys = {(f["rule"], f["focus"]) for f in before["findings"]}
    assert {(e["rule"], e["focus"]) for e in data["findings"]} == keys
    assert all(set(e) == {"rule", "focus"} for e in data["findings"])  # no lines
    assert f"wrote {len(keys)} baseline entries" in result.stderr

    after = run_cli("validate", "--format", "json", "--baseline", "baseline.json")
    assert after.exit_code == 0
    assert after.json()["findings"] == [] and after.json()["conforms"] is True
    assert (f"baseline baseline.json: {len(before['findings'])} known finding(s) not "
            "reported, 0 fixed since the baseline") in after.stderr


def test_baseline_survives_edits_and_reports_new_and_fixed(flows: Path) -> None:
    run_cli("baseline", "-o", "baseline.json")
    cookies = flows / "website-cookies.yaml"
    marketing = flows / "marketing.yaml"
    # Lines move: the baseline has no line numbers, so nothing new appears.
    cookies.write_text("# moved down\n\n\n" + cookies.read_text())
    assert run_cli("validate", "--baseline", "baseline.json").exit_code == 0
    # A new problem: a flow to a US vendor without a mechanism.
    text = marketing.read_text()
    assert "\nflows:\n" in text
    marketing.write_text(text.replace("\nflows:\n", """
parties:
  - {id: enexus.us-vendor, name: US Vendor Inc., country: US}
flows:
  - id: enexus.marketing-to-us-vendor
    from: enexus.marketing
    to: enexus.us-vendor
    role: processor
    data: [name]
    purposes: [direct-marketing]
    dpa: true
""", 1))
    # A fixed problem: the website-cookies file goes away.
    cookies.unlink()
    result = run_cli("validate", "--format", "json", "--baseline", "baseline.json")
    assert result.exit_code == 1
    # The published notice (notice.yaml) names neither the vendor nor the United States.
    assert finding_keys(result.json()) == {("XFER-01", "error", "enexus.marketing-to-us-vendor"),
                                           ("TRN-02", "error", "enexus.marketing-to-us-vendor"),
                                           ("XFER-06", "error", "enexus.marketing-to-us-vendor")}
    fixed = int(result.stderr.split(", ")[1].split()[0])
    assert fixed > 0 and "run `dataflow baseline` to update it" in result.stderr


def test_baseline_to_stdout_and_config_key(flows: Path) -> None:
    out = run_cli("baseline", "-o", "-")
    assert out.exit_code == 0 and json.loads(out.stdout)["findings"]
    Path("dataflow.toml").write_text('baseline = "known.json"\n')
    assert run_cli("baseline").exit_code == 0  # written where the config says
    assert Path("known.json").is_file()
    assert run_cli("validate", "--format", "json").json()["findings"] == []


def test_baseline_applies_after_suppressions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    monkeypatch.chdir(tmp_path)
    base, waived = RULES / "_base.yaml", RULES / "SUP-01" / "pass.yaml"
    run_cli("baseline", "-o", "b.json", base, waived)
    assert json.loads(Path("b.json").read_text())["findings"] == []  # suppressed: not baselined
    result = run_cli("validate", "--today", "2100-01-01", "--baseline", "b.json", "--format",
                     "json", base, waived)
    assert {f["rule"] for f in result.json()["findings"]} == {"XFER-01", "SUP-01"}


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such baseline file"),
    ("{", "baseline is not valid JSON"),
    ('{"findings": []}', "not a dataflow baseline"),
    ('{"dataflow-baseline": 1, "findings": [{"rule": 1}]}', "list of {rule, focus}"),
])
def test_bad_baseline_is_an_input_error(tmp_path: Path, content: str | None,
                                        message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    result = run_cli("validate", "--baseline", path, RULES / "_base.yaml")
    assert result.exit_code == 2
    assert message in result.stderr
