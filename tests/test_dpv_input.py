"""DPV written by others is read (ontology/lift/) and checked like flow files.

Plain DPV 2.x in Turtle and JSON-LD, DPV v1 (dpv-skos) in DPCat's idiom and DPV v0.1 in
DCAT are each checked for exact findings, with the file:line of each pointing into the
fixture. The fixtures are under tests/fixtures/dpv/, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from conftest import FIXTURES, line_of, run_cli
from dataflow.sources import load as load_module
from dataflow.sources.load import load
from dataflow.vocab import DF, DPV, LOC

DPV_FIXTURES = FIXTURES / "dpv"
DPV2 = DPV_FIXTURES / "acme-dpv2.ttl"
DPV2_JSONLD = DPV_FIXTURES / "acme-dpv2.jsonld"
DPCAT = DPV_FIXTURES / "dpcat-v1.ttl"
ACME = "https://example.com/acme/dpv#"
ROPA = "https://example.com/acme/ropa#"


def located(path: Path) -> tuple[dict[str, object], set[tuple[str, str, str, int | None]]]:
    """The JSON report of `path`, and (rule, severity, focus, line) of each finding."""
    result = run_cli("validate", "--format", "json", path)
    assert result.exit_code in (0, 1), result.stderr
    report = result.json()
    for finding in report["findings"]:
        assert finding["file"] is None or finding["file"].endswith(path.name)
    return report, {(f["rule"], f["severity"], f["focus"], f["line"])
                    for f in report["findings"]}


def test_plain_dpv2_turtle_gives_exact_findings_at_the_source_lines() -> None:
    report, found = located(DPV2)
    assert found == {
        ("XFER-01", "error", ACME + "support/to/helpdesk-us", line_of(DPV2, ":support a dpv:Process ;")),
        ("LB-01", "error", ACME + "newsletter", line_of(DPV2, ":newsletter a dpv:Process ;")),
        ("SC-01", "error", ACME + "occupational-health",
         line_of(DPV2, ":occupational-health a dpv:Process ;")),
        # Employees' health records with access control only: two WP248 criteria and no DPIA,
        # and no encryption or logging.
        ("DPIA-01", "error", ACME + "occupational-health",
         line_of(DPV2, ":occupational-health a dpv:Process ;")),
        ("SEC-01", "warning", ACME + "occupational-health",
         line_of(DPV2, ":occupational-health a dpv:Process ;")),
        # Art. 6(1)(c) with no dpv:hasApplicableLaw; direct marketing with no objection channel
        ("LB-03", "error", ACME + "occupational-health",
         line_of(DPV2, ":occupational-health a dpv:Process ;")),
        ("DM-01", "error", ACME + "newsletter", line_of(DPV2, ":newsletter a dpv:Process ;")),
    }
    assert (report["summary"]["activities"], report["summary"]["flows"]) == (3, 1)


def test_plain_dpv2_json_ld_gives_the_same_findings_at_its_own_lines() -> None:
    _, found = located(DPV2_JSONLD)
    lines = DPV2_JSONLD.read_text(encoding="utf-8").splitlines()

    def at(node: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if f'{{"@id": "ex:{node}"' in text)

    assert found == {
        ("XFER-01", "error", ACME + "support/to/helpdesk-us", at("support")),
        ("LB-01", "error", ACME + "newsletter", at("newsletter")),
        ("SC-01", "error", ACME + "occupational-health", at("occupational-health")),
        ("DPIA-01", "error", ACME + "occupational-health", at("occupational-health")),
        ("SEC-01", "warning", ACME + "occupational-health", at("occupational-health")),
        ("LB-03", "error", ACME + "occupational-health", at("occupational-health")),
        ("DM-01", "error", ACME + "newsletter", at("newsletter")),
    }


def test_a_remote_json_ld_context_stays_refused(tmp_path: Path) -> None:
    remote = tmp_path / "remote.jsonld"
    remote.write_text(json.dumps({"@context": "https://w3id.org/dpv/dpv.jsonld",
                                  "@id": "ex:p", "@type": "Process"}), encoding="utf-8")
    result = run_cli("validate", remote)
    assert result.exit_code == 2
    assert "remote JSON-LD @context is not allowed" in result.stderr


def test_dpcat_records_in_dpv_v1_are_counted_and_checked() -> None:
    report, found = located(DPCAT)
    hr1, hr2, hr3 = (line_of(DPCAT, f":hr-{n} a dpcat:ROPARecord ;") for n in (1, 2, 3))
    assert found == {
        ("DPV-01", "info", ROPA + "hr-1", hr1),
        ("ROPA-06", "warning", ROPA + "hr-1", hr1),
        ("DPV-01", "info", ROPA + "hr-2", hr2),
        ("SC-01", "error", ROPA + "hr-2", hr2),
        # Employees' sick-leave data (two WP248 criteria) and employees alone (one), with access
        # control as the only measure.
        ("DPIA-01", "error", ROPA + "hr-2", hr2),
        ("SEC-01", "warning", ROPA + "hr-2", hr2),
        ("LB-03", "error", ROPA + "hr-2", hr2),  # a legal obligation that cites no law
        ("DPIA-01", "warning", ROPA + "hr-3", hr3),
        ("RET-01", "error", ROPA + "hr-3", hr3),
        ("ROPA-01", "info", "https://example.com/acme/vocab#Acme",
         line_of(DPCAT, "acme:Acme a dpv:LegalEntity ;")),
    }
    assert (report["summary"]["activities"], report["summary"]["flows"]) == (3, 1)
    messages = {f["message"] for f in report["findings"] if f["rule"] == "DPV-01"}
    assert messages == {
        "Generic legal basis contract read as contract (Art. 6(1)(b))",
        "Generic legal basis legal obligation read as legal obligation (Art. 6(1)(c))"}


def test_every_stated_retention_is_read() -> None:
    """OWL-Time as DPCat writes it gives days; a titled duration gives criteria."""
    graph = load([DPCAT]).graph
    hr1, hr2 = URIRef(ROPA + "hr-1"), URIRef(ROPA + "hr-2")
    days = {int(d) for r in graph.objects(hr1, DPV.hasStorageCondition)
            for d in graph.objects(r, DF.retentionDays)}
    criteria = {str(c) for r in graph.objects(hr2, DPV.hasStorageCondition)
                for c in graph.objects(r, DF.retentionCriteria)}
    assert days == {730}
    assert criteria == {"End of Contract"}


def test_internal_recipients_are_not_flows_and_others_get_their_role() -> None:
    graph = load([DPCAT]).graph
    flows = {(str(f), str(graph.value(f, DF.to)), str(graph.value(f, DF.recipientRole)))
             for f in graph.subjects(RDF.type, DF.Flow)}
    assert flows == {(ROPA + "hr-2/to/PensionInsurer", "https://example.com/acme/vocab#PensionInsurer",
                      str(DF.ThirdPartyController))}


DCAT_V0 = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix dpv:  <http://www.w3.org/ns/dpv#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix :     <http://example.com/alpha/hr/> .

:Candidates rdfs:subClassOf dpv:DataSubject .
:CV rdfs:subClassOf dpv:PersonalDataCategory .

:catalogue a dcat:Dataset , dcat:Catalog ; dcat:dataset :Record001 .

:Record001 a dcat:Dataset ;
    dct:title "Record001" ;
    dpv:hasDataController :Alpha ;
    dpv:hasPurpose [ a dpv:ServiceProvision ] ;
    dpv:hasLegalBasis dpv:Contract ;
    dpv:hasDataSubject :Candidates ;
    dpv:hasPersonalDataCategory :CV , dpv:Financial ;
    dpv:hasDuration [ a dpv:StorageDuration ; time:years "1"^^xsd:decimal ; time:months "6"^^xsd:decimal ] ;
    dpv:hasRecipient [ a dpv:DataProcessor ; dct:title "Beta Ltd." ; dpv:hasLocation "Canada" ] ;
    dpv:hasTechnicalOrganisationalMeasures :StandardTechnicalMeasures .

:Alpha a dpv:LegalEntity ; dpv:hasName "Alpha Ltd." ; dpv:hasContact "dpo@alpha.example" .
"""


def test_a_dpv_v0_dcat_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "hr.ttl"
    path.write_text(DCAT_V0, encoding="utf-8")
    flow = "http://example.com/alpha/hr/Record001/to/Beta%20Ltd."
    report, found = located(path)
    record = line_of(path, ":Record001 a dcat:Dataset ;")
    assert found == {
        ("DPV-01", "info", "http://example.com/alpha/hr/Record001", record),
        ("ROPA-06", "warning", "http://example.com/alpha/hr/Record001", record),
        ("XFER-01", "error", flow, record),
        ("PROC-01", "error", flow, record),
        ("ROPA-01", "info", "http://example.com/alpha/hr/Alpha", line_of(path, ":Alpha a dpv:LegalEntity ; dpv:hasName \"Alpha Ltd.\" ; dpv:hasContact \"dpo@alpha.example\" .")),
    }
    assert (report["summary"]["activities"], report["summary"]["flows"]) == (1, 1)
    graph = load([path]).graph
    recipient = graph.value(URIRef(flow), DF.to)
    assert graph.value(recipient, DPV.hasCountry) == LOC.CA
    days = {int(d) for r in graph.objects(URIRef("http://example.com/alpha/hr/Record001"),
                                          DPV.hasStorageCondition)
            for d in graph.objects(r, DF.retentionDays)}
    assert days == {365 + 180}


NESTED = """@prefix dpv:     <https://w3id.org/dpv#> .
@prefix pd:      <https://w3id.org/dpv/pd#> .
@prefix eu-gdpr: <https://w3id.org/dpv/legal/eu/gdpr#> .
@prefix :        <https://example.com/nested#> .

:acme a dpv:Organisation ; dpv:hasName "Acme" ; dpv:hasContact "tel:+358 9 123 456" ;
    dpv:hasIdentifier "1234567-8" .

:crm a dpv:Process ;
    dpv:hasDataController :acme ;
    dpv:hasPurpose dpv:CustomerManagement , dpv:DirectMarketing ;
    dpv:hasDataSubject dpv:Customer ;
    dpv:hasPersonalData pd:Name ;
    dpv:hasTechnicalOrganisationalMeasure dpv:AccessControlMethod ;
    dpv:hasStorageCondition [ a dpv:StorageDuration ; dpv:hasDuration "until the account is closed" ] ;
    dpv:hasProcess :crm-contract , :crm-marketing , :crm-analytics .

:crm-contract dpv:hasPurpose dpv:CustomerManagement ; dpv:hasLegalBasis eu-gdpr:A6-1-b .
:crm-marketing dpv:hasPurpose dpv:DirectMarketing ; dpv:hasLegalBasis eu-gdpr:A6-1-f .

:crm-analytics a dpv:Process ;
    dpv:hasPurpose dpv:ServiceOptimisation ;
    dpv:hasDataSubject dpv:Customer ;
    dpv:hasPersonalData pd:Name ;
    dpv:hasTechnicalOrganisationalMeasure dpv:AccessControlMethod ;
    dpv:hasStorageCondition [ a dpv:StorageDuration ; dpv:hasDuration "P1Y" ] .
"""


def test_nested_processes_pair_purposes_and_inherit_the_controller(tmp_path: Path) -> None:
    """A nested process that states only a purpose and its basis pairs them for the parent
    (no LB-02); a nested process of its own inherits the controller (LB-01 on it, as it has
    no basis; ROPA-06, as DPV states no trigger)."""
    path = tmp_path / "nested.ttl"
    path.write_text(NESTED, encoding="utf-8")
    report, found = located(path)
    analytics = "https://example.com/nested#crm-analytics"
    line = line_of(path, ":crm-analytics a dpv:Process ;")
    crm, marketing = (f"https://example.com/nested#{n}" for n in ("crm", "crm-marketing"))
    # DPV has no term for an objection channel or an interest assessment: DM-01 and LI-01
    assert found == {("LB-01", "error", analytics, line), ("ROPA-06", "warning", analytics, line),
                     ("DM-01", "error", crm, line_of(path, ":crm a dpv:Process ;")),
                     ("LI-01", "warning", marketing, line_of(path, ":crm-marketing dpv:hasPurpose"))}
    assert report["summary"]["activities"] == 2
    graph = load([path]).graph
    assert graph.value(URIRef(analytics), DF.organisation) == URIRef("https://example.com/nested#acme")
    assert graph.value(URIRef("https://example.com/nested#acme"), DF.phone) == Literal("+358 9 123 456")


def test_two_purposes_and_two_bases_on_one_process_are_not_paired(tmp_path: Path) -> None:
    """DPV does not say which basis carries which purpose; LB-02 says so, as for a flow
    file's untied legal-bases."""
    path = tmp_path / "untied.ttl"
    path.write_text(NESTED.split(":crm-contract dpv:hasPurpose")[0].replace(
        "    dpv:hasProcess :crm-contract , :crm-marketing , :crm-analytics .",
        "    dpv:hasLegalBasis eu-gdpr:A6-1-b , eu-gdpr:A6-1-f ."), encoding="utf-8")
    _, found = located(path)
    crm = "https://example.com/nested#crm"
    assert {(rule, focus) for rule, _, focus, _ in found} == {("LB-02", crm), ("DM-01", crm)}


def test_graphs_in_the_projects_own_terms_skip_the_lift(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ttl = tmp_path / "map.ttl"
    load([FIXTURES / "rules" / "_base.yaml", FIXTURES / "rules" / "XFER-05" / "fail.yaml"]
         ).graph.serialize(ttl, format="turtle")
    answers: list[bool] = []

    def spy(*args: object) -> bool:
        answers.append(lift(*args))  # type: ignore[arg-type]
        return answers[-1]

    lift = load_module.lift
    monkeypatch.setattr(load_module, "lift", spy)
    load([ttl])
    load([DPV2])
    assert answers == [False, True]


def test_what_the_lift_does_not_read_is_named(tmp_path: Path) -> None:
    path = tmp_path / "record.ttl"
    path.write_text(DPCAT.read_text(encoding="utf-8").replace(
        "    dct:title \"Staff directory\"@en ;",
        "    dct:title \"Staff directory\"@en ;\n    dpv:hasResponsibleEntity acme:HRUnit ;"
        "\n    dpcat:reviewedOn \"2024-01-01\" ;"), encoding="utf-8")
    report, _ = located(path)
    covered = {(f["focus"], f["message"]) for f in report["findings"] if f["rule"] == "COVER-01"}
    assert covered == {
        (ROPA + "hr-3", "dpv:hasResponsibleEntity is not read by dataflow here: what it states is not checked"),
        (ROPA + "hr-3", "dpcat:reviewedOn is not read by dataflow here: what it states is not checked"),
    }


def test_a_controller_on_something_that_is_no_process_is_named(tmp_path: Path) -> None:
    path = tmp_path / "untyped.ttl"
    path.write_text(DPV2.read_text(encoding="utf-8") + "\n:notes dpv:hasDataController :acme ;\n"
                    "    dpv:hasPurpose dpv:Marketing .\n", encoding="utf-8")
    report, found = located(path)
    notes = ACME + "notes"
    assert ("COVER-01", "warning", notes, line_of(path, ":notes dpv:hasDataController :acme ;")) in found
    assert [f["message"] for f in report["findings"] if f["focus"] == notes] == [
        "dpv:hasDataController is not read by dataflow here: what it states is not checked"]


CRIMINAL = """@prefix dpv: <https://w3id.org/dpv#> .
@prefix pd: <https://w3id.org/dpv/pd#> .
@prefix eu-gdpr: <https://w3id.org/dpv/legal/eu/gdpr#> .
@prefix : <https://example.com/acme/dpv#> .

:vetting a dpv:Process ;
    dpv:hasDataController :acme ;
    dpv:hasPurpose dpv:HumanResourceManagement ;
    dpv:hasLegalBasis eu-gdpr:A6-1-c ;
    dpv:hasDataSubject dpv:JobApplicant ;
    dpv:hasPersonalData pd:CriminalConviction ;
    dpv:hasTechnicalOrganisationalMeasure dpv:AccessControlMethod ;
    dpv:hasStorageCondition [ a dpv:StorageDuration ; dpv:hasDuration "P6M" ;
        dct:description "from the end of the recruitment" ] .
"""


def test_dpv_findings_are_fixed_in_dpv_terms_and_criminal_data_reads_its_law(
        tmp_path: Path) -> None:
    """A finding in a DPV file gets a DPV-worded fix; a flow file's gets the YAML one. A
    process with criminal data and dpv:hasApplicableLaw has its Art. 10 ground (CRIM-01)."""
    record = tmp_path / "vetting.ttl"
    record.write_text("@prefix dct: <http://purl.org/dc/terms/> .\n" + CRIMINAL,
                      encoding="utf-8")
    report = run_cli("validate", "--format", "json", "--select", "CRIM", record).json()
    assert [(f["rule"], f["hint"]) for f in report["findings"]] == [
        ("CRIM-01", "add dpv:hasApplicableLaw naming the law that authorises processing the "
                    "criminal data (Art. 10) to the process")]
    record.write_text(record.read_text(encoding="utf-8").replace(
        "dpv:hasLegalBasis eu-gdpr:A6-1-c ;",
        "dpv:hasLegalBasis eu-gdpr:A6-1-c ;\n    dpv:hasApplicableLaw :rikosrekisterilaki ;"),
        encoding="utf-8")
    report = run_cli("validate", "--format", "json", "--select", "CRIM", record).json()
    assert report["findings"] == []


def test_a_dpv_period_gets_its_start_from_the_dataflow_term_the_hint_names(
        tmp_path: Path) -> None:
    """DPV has no term for the event a storage period runs from: ROPA-06 says which term to
    add, and adding it meets the rule, with nothing reported as not understood."""
    report = run_cli("validate", "--format", "json", "--select", "ROPA-06,COVER", DPCAT).json()
    assert [(f["rule"], f["hint"]) for f in report["findings"]] == [
        ("ROPA-06", "DPV has no term for the event a period runs from: add df:retentionTrigger "
                    "\"end of the contract\" to the storage condition (the dataflow term that "
                    "dataflow export writes)")]
    fixed = tmp_path / "dpcat.ttl"
    fixed.write_text(DPCAT.read_text(encoding="utf-8").replace(
        'skos:editorialNote "CVs are kept for two (2) years."@en ;',
        'skos:editorialNote "CVs are kept for two (2) years."@en ;\n'
        '        <https://w3id.org/dataflow#retentionTrigger> "end of the recruitment" ;'),
        encoding="utf-8")
    report = run_cli("validate", "--format", "json", "--select", "ROPA-06,COVER", fixed).json()
    assert report["findings"] == []
