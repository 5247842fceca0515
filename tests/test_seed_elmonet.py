"""Seed organisation ElmoNet Oy (flows/elmonet), modelled from its privacy notice.

The expected findings are the problems a careful reader of the notice raises, for the rules the
validator implements; docs/seeds.md (section elmonet) lists each with the notice's sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, finding_keys, line_of, rule_ids, run_cli

ROOT = FIXTURES.parents[1]
SEED = ROOT / "flows" / "elmonet"

EXPECTED = {
    # «Henkilötietoja käsitellään perustuen palvelusopimukseen, jossa rekisteröity on osapuolena,
    #  tai rekisteröidyltä saatuun suostumukseen.»  Two bases for the whole register, none per
    #  purpose.
    ("LB-02", "error", "elmonet.customer-register"),
    # «asiakkaan perustiedot, kuten nimi- ja osoitetiedot, henkilötunnus, …» with no §29 ground.
    ("FI-HETU-01", "error", "elmonet.customer-register"),
    # «Rekisterinpitäjä säilyttää henkilötietoja rekisterissä, kunnes peruste henkilötietojen
    #  käsittelylle päättyy.»
    # «Säilytysajoissa noudatetaan kulloinkin voimassaolevaa lainsäädäntöä.»
    ("RET-02", "error", "elmonet.customer-register"),
    # «yrityksen toiminnan suunnittelu ja tilastoinnin tarpeet, sekä muut vastaavat tarkoitukset.»
    ("ROPA-02", "warning", "elmonet.customer-register"),
    # No PROC-01: the processors («rekisterinpitäjän lukuun toimivien palvelun tuottajien ja
    #  yhteistyökumppanien», «kumppaneille ja alihankkijoille, kuten puhe- ja
    #  sähköpostipalveluiden tarjoajille») work under the contracts the notice asserts:
    # «henkilötietojen käsittelyperiaatteista on sovittu sopimuksin».
    # No role stated for: «yhteistyökumppaneillemme» (marketing), «luottokorttiyhtiöille»,
    # «data-analyysi- ja yhtiötietojen tarjoamispalveluille», «tietojen analysointiin ja
    # digitaalisen mainonnan toteuttamiseen osallistuville tahoille», «muiden tahojen», and the
    # parties of
    # «yrityskaupan, fuusion, ulkoistuksen tai liiketoimintakaupan» and «konsernisuhteeseen».
    ("ROPA-04", "error", "elmonet.to-marketing-partners"),
    ("ROPA-04", "error", "elmonet.to-credit-card-companies"),
    ("ROPA-04", "error", "elmonet.to-data-analysis-services"),
    ("ROPA-04", "error", "elmonet.to-analysis-and-advertising-parties"),
    ("ROPA-04", "error", "elmonet.to-other-demanding-parties"),
    ("ROPA-04", "error", "elmonet.to-transaction-parties"),
    ("ROPA-04", "error", "elmonet.to-group-parties"),
    # «Voimme luovuttaa käyttäjän tietoja myös toimivaltaisten viranomaisten … kulloinkin
    #  voimassaolevaan lainsäädäntöön perustuvalla tavalla …»: no Art. 6(1) basis for the
    #  disclosure.
    ("LB-01", "error", "elmonet.to-authorities"),
    # The published notice (notice.yaml) against the map:
    # «rekisterinpitäjän lukuun toimivien palvelun tuottajien ja yhteistyökumppanien»,
    # «… yhteistyökumppaneillemme» (marketing) and «muiden tahojen»: recipients covered only by
    # catch-all categories, no sector or task.
    ("TRN-02", "warning", "elmonet.to-service-producers"),
    ("TRN-02", "warning", "elmonet.to-marketing-partners"),
    ("TRN-02", "warning", "elmonet.to-other-demanding-parties"),
    # «… luvan- ja kiellonvaraiseen suoramainontaan …», and «9. REKISTERÖIDYN OIKEUDET» lists
    # no right to object.
    ("RIGHTS-01", "error", "elmonet.notice"),
    # Nothing says whether the data must be given.
    ("TRN-06", "error", "elmonet.notice"),
    # SEC-01: «puhelutallenteet asiakaspalvelutilanteissa» and the henkilötunnus, protected as
    #  «Tietojärjestelmien käyttöä valvotaan ja tietokannat on suojattu palomuurin, salasanoin …»:
    #  no encryption is stated; «käyttöä valvotaan» is read as monitoring, not logging (a careful
    #  reader could read it as logging: a warning either way).
    ("SEC-01", "warning", "elmonet.customer-register"),
    # FI-ECOM-02: «puheluiden teletunnistetiedot» (traffic data) are kept in the one register whose
    #  purposes include «markkinointitarkoitukset», «… suoramarkkinointiin …», «asiakassuhteen
    #  ylläpitäminen ja hoitaminen, sekä siihen liittyvän viestinnän ja markkinoinnin
    #  mahdollistaminen» and «… sekä muut vastaavat tarkoitukset»; consent («tai rekisteröidyltä
    #  saatuun suostumukseen») is tied to no purpose. The notice does not say the traffic data is
    #  what serves those purposes: a warning.
    ("FI-ECOM-02", "warning", "elmonet.customer-register"),
    # LB-04: «Tietoja voidaan luovuttaa markkinointitarkoituksiin … tietojen päivittämiseen tai
    #  muihin vastaaviin selvityksiin yhteistyökumppaneillemme.»: a catch-all disclosure clause.
    ("LB-04", "warning", "elmonet.to-marketing-partners"),
    # DM-03: «Tietoja voidaan luovuttaa markkinointitarkoituksiin suoramarkkinointia … varten …
    #  yhteistyökumppaneillemme.» and no word of a right to refuse it: the rights listed are
    #  access, rectification, erasure, restriction, portability, complaint and withdrawal.
    ("DM-03", "warning", "elmonet.to-marketing-partners"),
}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = run_cli("validate", "--format", "json", SEED)
    assert result.exit_code == 1, result.stdout + result.stderr
    data: dict[str, Any] = result.json()
    return data




def test_exact_findings(report: dict[str, Any]) -> None:
    assert finding_keys(report) == EXPECTED


def test_summary(report: dict[str, Any]) -> None:
    assert report["conforms"] is False
    assert report["summary"]["files"] == 6
    assert report["summary"]["info"] == 0


def test_no_transfer_findings(report: dict[str, Any]) -> None:
    # «Tietoja ei siirretä EU:n tai Euroopan talousalueen ulkopuolelle.»  No flow leaves the EEA.
    assert not rule_ids(report) & {"XFER-01", "XFER-02", "XFER-05", "ROPA-05"}


def test_no_special_categories(report: dict[str, Any]) -> None:
    # The data list (kohta 5) has no Art. 9 data; «puhelutallenteet asiakaspalvelutilanteissa» are
    # communications, not special-category data.
    assert not rule_ids(report) & {"SC-01", "SC-02"}


def test_no_criminal_data(report: dict[str, Any]) -> None:
    # «palveluiden estotiedot» (service blocking data) is not described as misuse or criminal data.
    assert "CRIM-01" not in rule_ids(report)


def test_no_cookie_finding(report: dict[str, Any]) -> None:
    # The notice mentions no cookies, pixels or SDKs; «IP-osoite» alone is no terminal access.
    assert "FI-ECOM-04" not in rule_ids(report)


def test_retention_is_stated_but_generic(report: dict[str, Any]) -> None:
    # «10. TIETOJEN SÄILYTYS» exists (so not RET-01) but is generic wording only (RET-02).
    assert "RET-01" not in rule_ids(report)
    assert ("RET-02", "error", "elmonet.customer-register") in finding_keys(report)


def test_register_has_a_basis(report: dict[str, Any]) -> None:
    # The register names contract and consent, so the activity itself has a basis (no LB-01 on it);
    # the gap is the missing tie to purposes (LB-02).
    assert ("LB-01", "error", "elmonet.customer-register") not in finding_keys(report)


def test_processor_contracts_are_modelled(report: dict[str, Any]) -> None:
    # «Kumppanien valinnassa on noudatettu huolellisuutta ja henkilötietojen
    #  käsittelyperiaatteista on sovittu sopimuksin.»: both processor flows carry dpa:, so PROC-01
    # (a warning for a notice) does not fire.
    import yaml

    doc = yaml.safe_load((SEED / "service-delivery.yaml").read_text(encoding="utf-8"))
    processors = [f for f in doc["flows"] if f.get("role") == "processor"]
    assert {f["id"] for f in processors} == {
        "elmonet.to-service-producers", "elmonet.to-voice-and-email-providers"}
    assert all("dpa" in f for f in processors)
    assert "PROC-01" not in rule_ids(report)


def test_controller_identity_roles_measures(report: dict[str, Any]) -> None:
    # «ElmoNet Oy (0215655-1)», «Honkalantie 1, 34600 Ruovesi»,
    # «03 486 4300, asiakaspalvelu@elmonet.fi»;
    # «1. REKISTERINPITÄJÄ:»; «8. REKISTERIN SUOJAUSPERIAATTEET:» lists many measures.
    assert not rule_ids(report) & {"ROPA-01", "ROLE-01", "ROPA-07"}


@pytest.mark.parametrize(
    ("rule", "focus", "file", "declaration"),
    [
        (
            "FI-HETU-01",
            "elmonet.customer-register",
            "customer-register.yaml",
            "- id: elmonet.customer-register",
        ),
        (
            "LB-01",
            "elmonet.to-authorities",
            "authorities-and-corporate.yaml",
            "- id: elmonet.to-authorities",
        ),
        (
            "ROPA-04",
            "elmonet.to-credit-card-companies",
            "service-delivery.yaml",
            "- id: elmonet.to-credit-card-companies",
        ),
    ],
)
def test_finding_location(
    report: dict[str, Any], rule: str, focus: str, file: str, declaration: str
) -> None:
    path = SEED / file
    hits = [
        f for f in report["findings"] if f["rule"] == rule and f["focus"] == f"urn:dataflow:{focus}"
    ]
    assert hits
    for finding in hits:
        assert Path(finding["file"]).resolve() == path.resolve()
        assert finding["line"] == line_of(path, declaration)


def test_call_recordings_have_no_declared_recipient() -> None:
    # «puhelutallenteet asiakaspalvelutilanteissa» is in the register, but every disclosure sentence
    # says only «Tietoja» / «Henkilötietoja» and names no recipient of call recordings: no flow
    # declares them, and no flow declares any data category at all (none is stated).
    from dataflow.sources.load import load
    from dataflow.view.graph import build_view

    graph = load([SEED]).graph
    view = build_view(graph)
    call_recording = "https://w3id.org/dpv/pd#VoiceCommunicationRecording"
    register = "urn:dataflow:elmonet.customer-register"
    assert call_recording in view.nodes[register]["data"]
    hops = [d["hop"] for _, _, d in view.edges(data=True)]
    assert len(hops) == 10
    assert all(hop.sender == register and hop.data == () for hop in hops)


def test_engines_agree() -> None:
    def keys(engine: str) -> set[tuple[str, str, str]]:
        result = run_cli("validate", "--format", "json", "--engine", engine, SEED)
        return finding_keys(result.json())

    assert keys("sparql") == keys("pyshacl") == EXPECTED
