"""Turtle and JSON-LD flow files yield the same graph and findings as YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from conftest import FIXTURES, finding_keys, run_cli
from dataflow.sources.load import load

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


def _located(tmp_path: Path, text: str, *iris: str) -> list[int | None]:
    path = tmp_path / "map.ttl"
    path.write_text(text, encoding="utf-8")
    sources = load([path]).sources
    return [where.line if (where := sources.get(iri)) else None for iri in iris]


def test_turtle_subjects_are_located_at_line_start_indented_inline_and_relative(
        tmp_path: Path) -> None:
    text = ("@prefix df: <https://w3id.org/dataflow#> .\n"
            "@prefix x: <urn:dataflow:> .\n"
            "\n"
            "<urn:z> df:note \"mentions <urn:dataflow:a> first\" .\n"
            "    x:a a df:Party .\n"                       # line 5: indented prefixed name
            "<urn:y> df:p <urn:y2> . <urn:dataflow:b> a df:Party .\n"   # line 6: inline only
            "<c> a df:Party .\n")                          # line 7: relative to the file
    relative = f"{tmp_path.as_uri()}/c"
    assert _located(tmp_path, text, "urn:dataflow:a", "urn:dataflow:b", relative) == [5, 6, 7]


def test_turtle_subjects_are_located_relative_to_a_declared_base(tmp_path: Path) -> None:
    text = ("@base <https://example.org/map/> .\n"
            "@prefix df: <https://w3id.org/dataflow#> .\n"
            "\n"
            "<b> a df:Party .\n")
    assert _located(tmp_path, text, "https://example.org/map/b") == [4]


def test_labelled_blank_nodes_of_two_files_stay_two_nodes(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.ttl").write_text(
            f'<urn:dataflow:{name}> <urn:p> _:b0 .\n_:b0 <urn:label> "{name}" .\n',
            encoding="utf-8")
    graph = load([tmp_path]).graph
    blanks = set(graph.objects(None, URIRef("urn:p")))
    assert len(blanks) == 2
    assert {str(graph.value(b, URIRef("urn:label"))) for b in blanks} == {"one", "two"}


def test_owl_imports_is_blamed_on_the_file_that_has_it(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<urn:dataflow:a> <urn:p> <urn:q> .\n", encoding="utf-8")
    (tmp_path / "b.ttl").write_text(
        "\n<urn:dataflow:b> <http://www.w3.org/2002/07/owl#imports> <https://w3id.org/dpv> .\n",
        encoding="utf-8")
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 2
    assert "b.ttl:2: owl:imports <https://w3id.org/dpv> is not followed" in result.stderr
