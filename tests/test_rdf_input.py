"""Turtle and JSON-LD flow files yield the same graph and findings as YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, finding_keys, run_cli
from dataflow.load import load

BASE = FIXTURES / "rules" / "_base.yaml"
FIXTURE = FIXTURES / "rules" / "XFER-05" / "fail.yaml"


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", ".ttl"), ("json-ld", ".jsonld")])
def test_rdf_forms_give_the_same_findings(tmp_path: Path, fmt: str, suffix: str) -> None:
    graph = load([BASE, FIXTURE]).graph
    rdf_file = tmp_path / f"map{suffix}"
    graph.serialize(rdf_file, format=fmt)
    from_yaml = run_cli("validate", "--format", "json", BASE, FIXTURE).json()
    from_rdf = run_cli("validate", "--format", "json", rdf_file).json()
    assert finding_keys(from_rdf) == finding_keys(from_yaml) == {
        ("XFER-05", "error", "vendor.to-support")}
    assert from_rdf["summary"]["triples"] == from_yaml["summary"]["triples"]


def test_turtle_findings_point_at_the_subject_line(tmp_path: Path) -> None:
    ttl = tmp_path / "map.ttl"
    load([BASE, FIXTURE]).graph.serialize(ttl, format="turtle")
    report = run_cli("validate", "--format", "json", ttl).json()
    finding = report["findings"][0]
    lines = ttl.read_text(encoding="utf-8").splitlines()
    assert finding["file"].endswith("map.ttl")
    assert "vendor.to-support" in lines[finding["line"] - 1]


def test_yaml_can_reference_entities_declared_in_turtle(tmp_path: Path) -> None:
    ttl = tmp_path / "parties.ttl"
    ttl.write_text(
        "@prefix df: <https://w3id.org/dataflow#> .\n"
        "@prefix dpv: <https://w3id.org/dpv#> .\n"
        "@prefix loc: <https://w3id.org/dpv/loc#> .\n"
        "<urn:dataflow:cloud-us> a df:Party ; dpv:hasName \"Cloud Inc.\" ;\n"
        "    dpv:hasCountry loc:US .\n",
        encoding="utf-8",
    )
    flows = tmp_path / "flows.yaml"
    flows.write_text(
        "organisation: acme\nactivities:\n  - id: acme.a\n    role: controller\n"
        "    purposes: [{purpose: customer-management, legal-basis: contract}]\n"
        "    subjects: [customer]\n    data: [name]\n    measures: [access-control]\n"
        "    retention: {duration: 1 year, trigger: end of contract}\n"
        "flows:\n  - id: acme.a-to-cloud\n    from: acme.a\n    to: cloud-us\n"
        "    role: processor\n    data: [name]\n    purposes: [customer-management]\n"
        "    dpa: true\n",
        encoding="utf-8",
    )
    report = run_cli("validate", "--format", "json", BASE, ttl, flows).json()
    assert finding_keys(report) == {("XFER-01", "error", "acme.a-to-cloud")}
