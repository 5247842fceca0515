"""`dataflow diff`: two revisions of a temporary git repository, and two directories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, line_of, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, check=True)
    return result.stdout


NEW_FLOW = """  # Recordings to a US speech-analytics vendor, not DPF-certified.
  - id: acme.recordings-to-voiceai
    from: acme.customer-service
    to: acme.voiceai-us
    role: processor
    data: [call-recording, phone]
    purposes: [customer-care]
    dpa: {signed: 2025-01-15}
"""
NEW_PARTY = """  - id: acme.voiceai-us
    name: VoiceAI Inc.
    country: US
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_data_map(flows: Path) -> None:
    """The pull request: a new US processor for call recordings, and some quieter changes."""
    (flows / "call-recording.yaml").write_text(
        (flows / "call-recording.yaml").read_text() + NEW_FLOW)
    (flows / "organisation.yaml").write_text((flows / "organisation.yaml").read_text() + NEW_PARTY)
    # A legal basis changes, an onward transfer loses its mechanism, retention changes,
    # a flow stops carrying the phone number.
    _edit(flows / "customer-service.yaml", "legal-basis: contract", "legal-basis: consent")
    _edit(flows / "call-recording.yaml", "    mechanism: adequacy\n", "")
    _edit(flows / "call-recording.yaml", "duration: 90 days", "duration: 120 days")
    _edit(flows / "call-recording.yaml", "    data: [call-recording, phone]\n    purposes: "
          "[customer-care, dispute-management]", "    data: [call-recording]\n    purposes: "
          "[customer-care, dispute-management]")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "flows" / "examples", root / "flows")
    (root / "README.md").write_text("flows\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    change_data_map(root / "flows")
    git(root, "commit", "-q", "-am", "send recordings to VoiceAI")
    monkeypatch.chdir(root)
    return root


def _json(*args: str) -> dict[str, Any]:
    result = run_cli("diff", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()  # type: ignore[no-any-return]


def _changes(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(c["kind"], c["change"], c["label"]) for c in data["changes"]}


def test_diff_between_two_revisions(repo: Path) -> None:
    head_before = git(repo, "rev-parse", "HEAD")
    (repo / "untracked.txt").write_text("keep me")
    data = _json("main", "feature")
    assert data["base"] == "main" and data["head"] == "feature"
    assert _changes(data) == {
        ("transfer", "added", "acme.recordings-to-voiceai"),
        ("recipient", "added", "VoiceAI Inc. (United States)"),
        ("flow", "added", "acme.recordings-to-voiceai"),
        ("data", "removed", "acme.recordings-to-callcloud"),
        ("legal-basis", "changed", "Customer service and support-line recording"),
        ("mechanism", "changed", "acme.callcloud-to-transcribe"),
        ("retention", "changed", "Call recording and transcription for business customers"),
    }
    changes = {(c["kind"], c["change"]): c for c in data["changes"]}
    transfer = changes[("transfer", "added")]
    assert transfer["subject"] == "urn:dataflow:acme.recordings-to-voiceai"
    assert transfer["detail"] == ("call recordings, telephone number to VoiceAI Inc. in "
                                  "United States (mechanism: none)")
    assert transfer["file"] == "flows/call-recording.yaml" and transfer["line"] == _new_flow_line(repo, "feature")
    assert changes[("data", "removed")]["before"] == ["telephone number"]
    basis = changes[("legal-basis", "changed")]
    assert basis["before"] == ["customer care: contract (Art. 6(1)(b))"]
    assert basis["after"] == ["customer care: consent (Art. 6(1)(a))"]
    assert changes[("mechanism", "changed")]["before"] == ["adequacy decision (Art. 45(3))"]
    assert changes[("mechanism", "changed")]["after"] == []
    # Durations are worded as the view words them (as `trace` prints them): 90 and 120 days
    # are whole months of 30 days.
    retention = changes[("retention", "changed")]
    assert retention["before"] == ["3 months from date of the call (the default; each business "
                                   "customer sets its own period)"]
    assert retention["after"] == ["4 months from date of the call (the default; each business "
                                  "customer sets its own period)"]
    introduced = {(f["rule"], f["severity"], f["focus"].removeprefix("urn:dataflow:"), f["file"])
                  for f in data["findings"]["introduced"]}
    # The onward hop lost "mechanism: adequacy", but its recipient is DPF-certified: no finding.
    # The new recipient is not in Acme's published notice either (TRN-02).
    assert introduced == {("XFER-01", "error", "acme.recordings-to-voiceai",
                           "flows/call-recording.yaml"),
                          ("TRN-02", "error", "acme.recordings-to-voiceai",
                           "flows/call-recording.yaml"),
                          # Customer care now rests on consent, with no record and no
                          # withdrawal channel stated (CONS-01, CONS-02).
                          ("CONS-01", "error", "acme.customer-service",
                           "flows/customer-service.yaml"),
                          ("CONS-02", "error", "acme.customer-service",
                           "flows/customer-service.yaml")}
    assert data["findings"]["fixed"] == []
    assert data["summary"] == {"changes": 7, "introduced": {"error": 4, "warning": 0, "info": 0},
                               "fixed": 0}
    # Nothing was checked out: same branch, same HEAD, clean tree, untracked file intact.
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "feature"
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert git(repo, "status", "--porcelain") == "?? untracked.txt\n"
    assert (repo / "untracked.txt").read_text() == "keep me"


def test_reverse_diff_reports_fixes_and_removals(repo: Path) -> None:
    data = _json("feature", "main")
    assert ("transfer", "removed", "acme.recordings-to-voiceai") in _changes(data)
    assert ("recipient", "removed", "VoiceAI Inc. (United States)") in _changes(data)
    assert ("data", "added", "acme.recordings-to-callcloud") in _changes(data)
    assert {f["rule"] for f in data["findings"]["fixed"]} == {"XFER-01", "TRN-02", "CONS-01",
                                                              "CONS-02"}
    assert data["findings"]["introduced"] == []


def test_diff_against_the_work_tree_and_fail_on_new(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    assert _json("main")["changes"] == []
    change_data_map(repo / "flows")  # uncommitted
    result = run_cli("diff", "main", "--fail-on-new")
    assert result.exit_code == 1
    assert result.stdout.startswith("dataflow diff main → work tree: 7 change(s)")
    line = _new_flow_line(repo, "feature")
    assert "  + transfer acme.recordings-to-voiceai: call recordings, telephone number to " \
           f"VoiceAI Inc. in United States (mechanism: none)  (flows/call-recording.yaml:{line})" \
           in result.stdout
    assert run_cli("diff", "main").exit_code == 0  # without --fail-on-new


def test_markdown_for_a_pull_request_comment(repo: Path) -> None:
    result = run_cli("diff", "main", "feature", "--format", "markdown")
    md = result.stdout
    assert md.startswith("<!-- dataflow-diff -->\n### dataflow: data map changes")
    assert "> [!WARNING]\n> This change starts 1 transfer(s) of personal data outside the EEA." \
        in md
    assert "#### Transfers outside the EEA" in md
    assert ("- :heavy_plus_sign: transfer acme.recordings-to-voiceai: call recordings, telephone "
            "number to VoiceAI Inc. in United States (mechanism: none) "
            f"(`flows/call-recording.yaml:{_new_flow_line(repo, 'feature')}`)") in md
    assert "| :x: new | XFER-01 | error | Flow to United States leaves the EEA without a " \
           "transfer mechanism | `flows/call-recording.yaml:" in md


def _new_flow_line(repo: Path, branch: str) -> int:
    """The line of the new US flow in the pull request's call-recording.yaml."""
    text = git(repo, "show", f"{branch}:flows/call-recording.yaml")
    return text.splitlines().index("  - id: acme.recordings-to-voiceai") + 1


def test_fixing_errors_does_not_fail(repo: Path) -> None:
    assert run_cli("diff", "feature", "main", "--fail-on-new").exit_code == 0


def test_diff_of_two_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "flows" / "examples", tmp_path / "old")
    shutil.copytree(ROOT / "flows" / "examples", tmp_path / "new")
    change_data_map(tmp_path / "new")
    # The recordings go to the new US vendor instead of CallCloud in Finland.
    _edit(tmp_path / "new" / "call-recording.yaml",
          "  - id: acme.recordings-to-callcloud\n    from: acme.customer-service\n"
          "    to: acme.callcloud\n",
          "  - id: acme.recordings-to-callcloud\n    from: acme.customer-service\n"
          "    to: acme.voiceai-us\n")
    monkeypatch.chdir(tmp_path)
    data = _json("old", "new")
    assert ("transfer", "added", "acme.recordings-to-voiceai") in _changes(data)
    assert ("transfer", "added", "acme.recordings-to-callcloud") in _changes(data)
    rerouted = next(c for c in data["changes"] if c["kind"] == "flow" and c["change"] == "changed")
    assert rerouted["label"] == "acme.recordings-to-callcloud"
    assert rerouted["before"] == ["Customer service and support-line recording → CallCloud Oy "
                                  "(Finland), processor"]
    assert rerouted["after"] == ["Customer service and support-line recording → VoiceAI Inc. "
                                 "(Finland, United States), processor"]
    transfer = next(c for c in data["changes"] if c["kind"] == "transfer")
    assert transfer["file"] == "new/call-recording.yaml"


def test_base_without_flows_adds_everything(repo: Path) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    (repo / "other.txt").write_text("x")
    git(repo, "add", "other.txt")
    git(repo, "commit", "-q", "-m", "unrelated")
    git(repo, "rm", "-q", "-r", "flows")
    git(repo, "commit", "-q", "-m", "no flows")
    empty = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", first)
    data = _json(empty, first)
    kinds = {(c["kind"], c["change"]) for c in data["changes"]}
    assert ("activity", "added") in kinds and ("recipient", "added") in kinds
    assert not any(c["change"] == "removed" for c in data["changes"])


def test_bad_revision(repo: Path) -> None:
    result = run_cli("diff", "no-such-branch")
    assert result.exit_code == 2
    assert "'no-such-branch' is neither a directory nor a git revision" in result.stderr


def test_input_errors_name_the_revision(repo: Path) -> None:
    (repo / "flows" / "broken.yaml").write_text("activities: [\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "broken")
    result = run_cli("diff", "main", "HEAD")
    assert result.exit_code == 2
    assert "error: flows/broken.yaml:" in result.stderr and "(in HEAD)" in result.stderr


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", "main")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


# -- the data map, from Python (no CLI) ---------------------------------------------------------


def _view_of(paths: list[Path]) -> tuple[Any, Any, Any]:
    from dataflow.sources.load import load
    from dataflow.store.terms import default_index
    from dataflow.view.graph import build_view

    terms = default_index()
    graph = load(paths, terms)
    return build_view(graph.graph, terms), terms, graph


def test_data_map_is_read_from_the_view() -> None:
    from dataflow.view.datamap import data_map

    view, terms, graph = _view_of([ROOT / "flows" / "examples"])
    found = data_map(view, terms, graph.locations())
    service = found.activities["urn:dataflow:acme.customer-service"]
    assert service.label == "Customer service and support-line recording"
    assert "telephone number" in service.data
    assert service.legal_bases == {"customer care: contract (Art. 6(1)(b))",
                                   "service optimisation: legitimate interests (Art. 6(1)(f))",
                                   "dispute management: legitimate interests (Art. 6(1)(f))"}
    # Retention as the view words it, the same text `trace` prints.
    assert service.retention == set(view.nodes["urn:dataflow:acme.customer-service"]["retention"])
    assert "6 months from date of the call" in service.retention
    deskflow = found.flows["urn:dataflow:acme.tickets-to-deskflow"]
    assert deskflow.route() == ("Customer service and support-line recording → Deskflow Inc. "
                                "(United States), processor")
    assert deskflow.mechanisms == {"Commission standard contractual clauses (Art. 46(2)(c))"}
    assert deskflow.outside_eea == {"United States"}
    # The onward hop's receiver has no country of its own: its organisation's is used.
    transcribe = found.flows["urn:dataflow:acme.callcloud-to-transcribe"]
    assert transcribe.mechanisms == {"adequacy decision (Art. 45(3))"}
    assert transcribe.countries == transcribe.outside_eea == {"United States"}
    callcloud = found.flows["urn:dataflow:acme.recordings-to-callcloud"]
    assert callcloud.countries == {"Finland"} and callcloud.outside_eea == set()
    assert found.recipients["urn:dataflow:acme.deskflow"] == "Deskflow Inc. (United States)"
    assert "urn:dataflow:acme.crm" not in found.recipients  # a system is not a recipient
    assert found.countries["https://w3id.org/dpv/loc#US"] == "United States"
    file, line = found.where["urn:dataflow:acme.tickets-to-deskflow"]
    assert file.endswith("customer-service.yaml")
    assert line == line_of(ROOT / "flows" / "examples" / "customer-service.yaml",
                           "- id: acme.tickets-to-deskflow")


def test_data_map_names_a_country_outside_the_eea_by_its_term() -> None:
    """`outside-eea` is a code of the view, not a loc: country; it is still labelled."""
    from dataflow.view.datamap import data_map

    view, terms, graph = _view_of([ROOT / "flows" / "enpros"])
    found = data_map(view, terms, graph.locations())
    unspecified = "unspecified country outside the EEA"
    assert found.countries["https://w3id.org/dataflow#UnspecifiedThirdCountry"] == unspecified
    assert any(unspecified in f.outside_eea for f in found.flows.values())


def test_diff_words_retention_as_trace_does(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The bug: diff said "180 days … → 365 days …" where trace said "6 months" and "1 year"."""
    from dataflow.commands.diff import diff
    from dataflow.view.lineage import subject_lineage

    shutil.copytree(ROOT / "flows" / "examples", tmp_path / "old")
    shutil.copytree(ROOT / "flows" / "examples", tmp_path / "new")
    _edit(tmp_path / "new" / "customer-service.yaml",
          "{duration: 6 months, trigger: date of the call}",
          "{duration: 1 year, trigger: date of the call}")
    monkeypatch.chdir(tmp_path)
    result = diff("old", "new", flow_paths=[Path(".")])
    assert [(c.kind, c.change, c.label) for c in result.changes] == [
        ("retention", "changed", "Customer service and support-line recording")]
    change = result.changes[0]
    assert change.before == ("6 months from date of the call",)
    assert change.after == ("1 year from date of the call",)
    assert change.file == "new/customer-service.yaml"
    # `trace --subject customer` prints the same words, on each side.
    for side, text in (("old", change.before[0]), ("new", change.after[0])):
        view, terms, _ = _view_of([tmp_path / side])
        iri = "urn:dataflow:acme.customer-service"
        assert text in view.nodes[iri]["retention"]
        record = subject_lineage(view, terms, terms.lookup("customer", "data subject category"))
        activity = next(a for a in record.data["activities"] if a["id"] == "acme.customer-service")
        assert text in activity["retention"]
