"""flows/examples/ is the compliant reference organisation: it must validate with no findings.

The second test breaks one thing on a copy (the SCC mechanism of the transfer to the US
ticketing vendor) and checks that exactly that is reported, at the right file and line.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, finding_keys, run_cli

EXAMPLES = ROOT / "flows" / "examples"
SCC_FILE = "customer-service.yaml"
SCC_FLOW = "acme.tickets-to-deskflow"


def flow_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_examples_have_no_findings(engine: str) -> None:
    result = run_cli("validate", "--format", "json", "--engine", engine, EXAMPLES)
    assert result.exit_code == 0, result.stdout + result.stderr
    report = result.json()
    assert report["findings"] == []
    assert report["conforms"] is True
    summary = report["summary"]
    assert (summary["error"], summary["warning"], summary["info"]) == (0, 0, 0)
    assert summary["files"] == len(flow_files())
    assert summary["triples"] > 0


def test_examples_are_split_by_team_under_one_organisation() -> None:
    files = flow_files()
    assert {"organisation.yaml", SCC_FILE, "call-recording.yaml"} <= {f.name for f in files}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["organisation"] == "acme", path.name
        for flow in data.get("flows", []):
            assert flow.get("role") and flow.get("purposes"), flow["id"]
            if flow["role"] in ("processor", "sub-processor"):
                assert flow["dpa"]["signed"], flow["id"]


def _drop_mechanism(path: Path, flow_id: str) -> int:
    """Remove the mechanism: line of one flow; return the line of the flow's '- id:'."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {flow_id}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- id:")),
        len(lines),
    )
    mechanism = [i for i in range(start, end) if lines[i].strip().startswith("mechanism:")]
    assert len(mechanism) == 1
    del lines[mechanism[0]]
    path.write_text("".join(lines), encoding="utf-8")
    return start + 1


def test_removing_the_scc_mechanism_gives_exactly_xfer01(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    target = copy / SCC_FILE
    line = _drop_mechanism(target, SCC_FLOW)

    result = run_cli("validate", "--format", "json", copy)
    assert result.exit_code == 1, result.stdout + result.stderr
    report = result.json()
    assert finding_keys(report) == {("XFER-01", "error", SCC_FLOW)}
    [finding] = report["findings"]
    assert finding["focus"] == f"urn:dataflow:{SCC_FLOW}"
    assert finding["file"] == os.path.relpath(target)
    assert finding["line"] == line
    assert "United States" in finding["message"]
    assert report["summary"]["error"] == 1
    assert (report["summary"]["warning"], report["summary"]["info"]) == (0, 0)
