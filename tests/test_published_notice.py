"""The `notice:` block: YAML -> the graph the notice rules read, errors with file:line, and
the DPV export (docs/flow-format.md#notice, ontology/notice.ttl, shapes/notice.ttl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from conftest import FIXTURES, finding_keys, run_cli
from dataflow.errors import InputErrors
from dataflow.sources.load import load
from dataflow.view.notice.sections import SECTION_IDS

DF = Namespace("https://w3id.org/dataflow#")
DPV = Namespace("https://w3id.org/dpv#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
BASE = FIXTURES / "rules" / "_base.yaml"
N = "urn:dataflow:"

ACTIVITY = """
activities:
  - id: acme.care
    name: Customer care
    role: controller
    purposes: [{purpose: customer-care, legal-basis: contract}]
    subjects: [customer]
    data: [name, email]
    sources: [data-subject]
    retention: {duration: 2 years, trigger: end of customer relationship}
    measures: [access-control]
"""

NOTICE = """
notice:
  id: acme.notice
  url: https://acme.example/privacy
  language: fi
  date: 2024-05-01
  activities: [acme.care]
  controller: {name: Acme Oy, email: privacy@acme.example, quote: «Rekisterinpitäjä Acme Oy»}
  purposes:
    - {purpose: customer-care, legal-basis: contract}
  complaint: «Voit tehdä valituksen tietosuojavaltuutetulle.»
  retention: true
  requirement: false
  recipients:
    - {party: hosting-fi}
    - {category: partners, covers: [vendor-us], catch-all: true}
  transfers: none
  rights: [access, objection, objection-direct-marketing, withdraw-consent]
  claims:
    - {claim: consent-not-needed, quote: «suostumusta ei tarvita»}
"""


def _graph(tmp_path: Path, text: str) -> Graph:
    flow = tmp_path / "notice.yaml"
    flow.write_text("organisation: acme\n" + ACTIVITY + text, encoding="utf-8")
    return load([BASE, flow]).graph


def _statements(graph: Graph, notice: URIRef, section: str) -> set[URIRef]:
    return {s for s in graph.objects(notice, DF.states)
            if isinstance(s, URIRef) and (s, DF.section, Literal(section)) in graph}


def test_the_notice_is_a_dpv_privacy_notice_of_its_organisation(tmp_path: Path) -> None:
    graph = _graph(tmp_path, NOTICE)
    notice, acme = URIRef(N + "acme.notice"), URIRef(N + "acme")
    assert {DPV.PrivacyNotice, DF.PublishedNotice} <= set(graph.objects(notice, RDF.type))
    assert (acme, DPV.hasNotice, notice) in graph
    assert (URIRef(N + "acme.care"), DPV.hasNotice, notice) in graph
    assert (notice, DF.covers, URIRef(N + "acme.care")) in graph
    assert (notice, DF.coversAll, None) not in graph
    assert (notice, DF.url, Literal("https://acme.example/privacy")) in graph
    assert (notice, DCTERMS.language, Literal("fi")) in graph
    assert (notice, DCTERMS.date, Literal("2024-05-01", datatype=XSD.date)) in graph


def test_each_section_is_a_statement_keyed_by_the_notice_sections(tmp_path: Path) -> None:
    graph = _graph(tmp_path, NOTICE)
    notice = URIRef(N + "acme.notice")
    stated = {str(v) for s in graph.objects(notice, DF.states)
              for v in graph.objects(s, DF.section)}
    assert stated == {"controller", "purposes", "complaint", "retention", "recipients",
                      "transfers", "rights"}
    assert stated <= set(SECTION_IDS)
    complaint, = _statements(graph, notice, "complaint")
    assert (complaint, DF.quote, Literal("«Voit tehdä valituksen tietosuojavaltuutetulle.»")) \
        in graph
    controller, = _statements(graph, notice, "controller")
    assert (controller, DPV.hasName, Literal("Acme Oy")) in graph
    assert (controller, DF.email, Literal("privacy@acme.example")) in graph


def test_recipients_transfers_rights_and_claims(tmp_path: Path) -> None:
    graph = _graph(tmp_path, NOTICE)
    notice = URIRef(N + "acme.notice")
    recipients = _statements(graph, notice, "recipients")
    assert {o for s in recipients for o in graph.objects(s, DF.names)} == {URIRef(N + "hosting-fi")}
    vague, = (s for s in recipients if (s, DF.catchAll, Literal(True)) in graph)
    assert set(graph.objects(vague, DF.coversRecipient)) == {URIRef(N + "vendor-us")}
    assert (vague, DF.category, Literal("partners")) in graph
    transfers, = _statements(graph, notice, "transfers")
    assert (transfers, DF.claim, DF.NoTransfers) in graph
    rights, = _statements(graph, notice, "rights")
    assert set(graph.objects(rights, DPV.hasRight)) == {
        EU_GDPR.A15, EU_GDPR.A21, DF.DirectMarketingObjection, EU_GDPR["A7-3"]}
    claims = {o for s in graph.objects(notice, DF.states) for o in graph.objects(s, DF.claim)}
    assert claims == {DF.NoTransfers, DF.ConsentNotNeeded}


def test_one_notice_or_a_list_and_default_coverage(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
notice:
  - {id: acme.one, recipients: none}
  - {id: acme.two, organisation: acme}
""")
    for notice in ("acme.one", "acme.two"):
        assert (URIRef(N + notice), DF.coversAll, Literal(True)) in graph
    recipients, = _statements(graph, URIRef(N + "acme.one"), "recipients")
    assert (recipients, DF.claim, DF.NotDisclosed) in graph


@pytest.mark.parametrize(("text", "message", "line"), [
    ("notice:\n  id: acme.notice\n  rights: [access, objecton]\n",
     "unknown value 'objecton'; did you mean 'objection'?", 12 + 3),
    ("notice:\n  id: acme.notice\n  recipients:\n    - {party: acme.nobody}\n",
     "unknown id 'acme.nobody'", 12 + 4),
    ("notice:\n  id: acme.notice\n  transfer: none\n", "unknown key 'transfer'", 12 + 3),
])
def test_errors_name_the_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    with pytest.raises(InputErrors) as caught:
        _graph(tmp_path, text)
    error, = caught.value.errors
    assert message in error.message
    assert error.line == line


def test_the_dpv_export_keeps_the_notice_and_validates_the_same(tmp_path: Path) -> None:
    flow = FIXTURES / "rules" / "TRN-07" / "fail.yaml"
    out = tmp_path / "export.ttl"
    assert run_cli("export", "--format", "turtle", "--output", out, BASE, flow).exit_code == 0
    exported = Graph().parse(out, format="turtle")
    notice = URIRef(N + "acme.notice")
    assert set(exported.objects(notice, RDF.type)) == {DPV.PrivacyNotice}
    assert (URIRef(N + "acme"), DPV.hasNotice, notice) in exported
    keys = finding_keys(run_cli("validate", "--format", "json", out).json())
    assert keys == finding_keys(run_cli("validate", "--format", "json", BASE, flow).json()) \
        == {("TRN-07", "warning", "acme.notice")}


def test_a_notice_id_is_unique_like_every_id(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as caught:
        _graph(tmp_path, "notice:\n  id: acme.care\n")
    error, = caught.value.errors
    assert "id 'acme.care' is declared twice" in error.message
    assert error.line == 14


def test_every_notice_section_is_a_key_of_the_notice_block() -> None:
    from dataflow.sources.noticefile import Notice

    keys = {field.alias or name for name, field in Notice.model_fields.items()}
    assert set(SECTION_IDS) <= keys


def test_transfers_with_the_means_to_obtain_a_copy(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
notice:
  id: acme.notice
  transfers:
    to: [{country: US, mechanism: scc, party: vendor-us}]
    copy: «Jäljennöksen saa tietosuojavastaavalta.»
""")
    notice = URIRef(N + "acme.notice")
    transfers = _statements(graph, notice, "transfers")
    assert {o for s in transfers for o in graph.objects(s, DF.names)} == {URIRef(N + "vendor-us")}
    copy, = (s for s in transfers if (s, DF.copyOfSafeguards, Literal(True)) in graph)
    assert (copy, DF.quote, Literal("«Jäljennöksen saa tietosuojavastaavalta.»")) in graph
