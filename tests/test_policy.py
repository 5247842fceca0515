"""Optional and user-supplied policy: extra shape files passed with --shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, finding_keys, run_cli

BASE = FIXTURES / "rules" / "_base.yaml"
TRANSFERS = FIXTURES / "policy" / "transfers.yaml"
REQUIRE_SCC = ROOT / "shapes" / "policies" / "require-scc.ttl"


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_default_policy_accepts_any_chapter_v_mechanism(engine: str) -> None:
    result = run_cli("validate", "--format", "json", "--engine", engine, BASE, TRANSFERS)
    assert result.exit_code == 0
    assert finding_keys(result.json()) == set()


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_strict_policy_requires_scc(engine: str) -> None:
    result = run_cli("validate", "--format", "json", "--engine", engine,
                     "--shapes", REQUIRE_SCC, BASE, TRANSFERS)
    assert result.exit_code == 1
    # BCRs do not satisfy the policy; SCCs do; a DPF-certified recipient is adequate.
    assert finding_keys(result.json()) == {("POL-SCC-01", "error", "acme.crm-to-group-us")}


def test_user_shapes_and_their_docs(tmp_path: Path) -> None:
    flows = tmp_path / "cn.yaml"
    flows.write_text(TRANSFERS.read_text(encoding="utf-8").replace(
        "    mechanism: scc\n", "    mechanism: scc\n    storage: [CN]\n"), encoding="utf-8")
    shapes = FIXTURES / "policy" / "no-china.ttl"
    result = run_cli("validate", "--format", "json", "--shapes", shapes, BASE, flows)
    report = result.json()
    assert finding_keys(report) == {("NO-CN-01", "warning", "acme.crm-to-support-in")}
    assert report["findings"][0]["article"] == "Acme group policy 4.2"
    assert report["findings"][0]["hint"] == "store the data in the EEA"
    doc = run_cli("rule", "NO-CN-01", "--shapes", shapes).stdout
    assert "# NO-CN-01 (storage-in-china)" in doc


def test_core_shapes_fall_back_to_pyshacl_with_a_notice(tmp_path: Path) -> None:
    shapes = tmp_path / "core.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix df: <https://w3id.org/dataflow#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:shape:named> a sh:NodeShape ; sh:targetClass df:Activity ;\n"
        "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:severity sh:Warning ] .\n",
        encoding="utf-8",
    )
    unnamed = tmp_path / "unnamed.yaml"
    unnamed.write_text(TRANSFERS.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("validate", "--format", "json", "--shapes", shapes, BASE, unnamed)
    assert "notice: fast path cannot run these shapes" in result.stderr
    findings = result.json()["findings"]
    assert [(f["severity"], f["focus"]) for f in findings] == [("warning", "urn:dataflow:acme.crm")]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_flow_into_an_own_server_abroad_is_no_transfer(tmp_path: Path, engine: str) -> None:
    """The same flow into a server a vendor runs is a transfer without a mechanism, and its
    receiver needs a role; into Acme's own server it is neither (both engines)."""
    own = FIXTURES / "internal" / "own-server-abroad.yaml"
    base = FIXTURES / "rules" / "_base.yaml"
    result = run_cli("validate", "--format", "json", "--engine", engine, base, own)
    assert result.exit_code == 0, result.stdout
    assert finding_keys(result.json()) == set()
    vendor = tmp_path / "vendor.yaml"
    vendor.write_text(own.read_text(encoding="utf-8").replace(
        "operator: acme", "operator: acme.dc-vendor") + "parties:\n  - id: acme.dc-vendor\n"
        "    name: DC Vendor Inc.\n    country: US\n", encoding="utf-8")
    result = run_cli("validate", "--format", "json", "--engine", engine, base, vendor)
    assert finding_keys(result.json()) == {("XFER-01", "error", "acme.newsletter-to-dc"),
                                           ("ROPA-04", "error", "acme.newsletter-to-dc")}


def test_shapes_are_read_again_only_when_a_shapes_file_changes(tmp_path: Path) -> None:
    """The language server checks on every keystroke: the rule book is kept while no shapes
    file changes, and read again when one does."""
    import os

    from dataflow.check.rules import load_rulebook

    shapes = tmp_path / "extra.ttl"
    shapes.write_text("@prefix df: <https://w3id.org/dataflow#> .\n"
                      "<urn:x:R> a df:Rule ; df:ruleId \"MY-01\" .\n", encoding="utf-8")
    first = load_rulebook([shapes])
    assert load_rulebook([shapes]) is first
    shapes.write_text(shapes.read_text(encoding="utf-8").replace("MY-01", "MY-02"),
                      encoding="utf-8")
    stat = shapes.stat()
    os.utime(shapes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_rulebook([shapes])
    assert second is not first
    assert "MY-02" in second.rules and "MY-01" not in second.rules
