"""Seed organisation Entrack Oy Ab (flows/entrack), modelled from its privacy notice.

The expected findings are the problems a careful reader of the notice raises, for the rules the
validator implements; docs/seeds.md (section entrack) lists each with the notice's sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, finding_keys, line_of, rule_ids, run_cli

ROOT = FIXTURES.parents[1]
SEED = ROOT / "flows" / "entrack"

EXPECTED = {
    # «Tietojen käsittelyyn on aina lain edellyttämä peruste.» names no Art. 6(1) basis.
    ("LB-01", "error", "entrack.customer-register"),
    ("LB-01", "error", "entrack.statutory-obligations"),
    ("LB-01", "error", "entrack.hr"),
    ("LB-01", "error", "entrack.website-cookies"),
    # «… hänen suostumuksellaan tai oikeudellisen edun nojalla.» covers direct marketing only.
    ("LB-02", "error", "entrack.marketing"),
    # No retention anywhere: «Henkilötietojen säilytys» covers only form and access protection.
    ("RET-01", "error", "entrack.customer-register"),
    ("RET-01", "error", "entrack.marketing"),
    ("RET-01", "error", "entrack.statutory-obligations"),
    ("RET-01", "error", "entrack.hr"),
    ("RET-01", "error", "entrack.website-cookies"),
    # «Näitä asioita ovat muun muassa laskutus, …» (open list of purposes)
    ("ROPA-02", "warning", "entrack.customer-register"),
    # «Kerättyä tietoa voidaan käyttää analytiikkaan ja markkinoinnin kohdistamiseen.» with only
    # «Voit halutessasi tyhjentää evästehistorian verkkoselaimen asetuksista …»
    ("FI-ECOM-04", "error", "entrack.website-cookies"),
    # «Esimerkiksi käyttämämme ohjelmisto Google Analytics kerää eväsetietoja.» (no role stated)
    ("ROPA-04", "error", "entrack.cookies-to-google-analytics"),
    # «Joissain tapauksissa henkilötietoja kuitenkin siirretään ja käsitellään EU:n ulkopuolelle.»
    ("XFER-01", "error", "entrack.to-cloud-services"),
    ("ROPA-05", "error", "entrack.to-cloud-services"),
    # «Näitä tapauksia voivat olla esimerkiksi tiettyjen pilvipalveluiden tai muiden sovellusten
    #  hyödyntäminen.»: processors, and no contract is asserted for them.
    ("PROC-01", "warning", "entrack.to-cloud-services"),
    # The published notice (notice.yaml) against the map:
    # «… henkilötietoja saatetaan luovuttaa kolmannen osapuolen alihankkijoille.»: no sector,
    # no task.
    ("TRN-02", "warning", "entrack.to-subcontractors"),
    # No word of the supervisory authority, nor of whether the data must be given.
    ("TRN-06", "error", "entrack.notice"),
    # «… oikeudellisen edun nojalla.» with no interest named; no retention period; «… siirretään
    # ja käsitellään EU:n ulkopuolelle.» with no safeguard but «riittävästä tasosta».
    ("TRN-08", "error", "entrack.notice"),
    # FI-EMP-02: «Saatamme hyödyntää henkilötietojen keräämiseen myös julkisia tietoja, kuten yritysten
    #  verkkosivustoja, erilaisia rekistereitä (esim. YTJ ja Patentti- ja Rekisterihallitus) sekä
    #  sosiaalista mediaa.» is not limited to customers, and HR rests on no consent or named law
    #  («Henkilön suostumuksella saatamme kerätä myös muita tietoja …» speaks of other data). The
    #  source list may not be meant for staff: a warning.
    ("FI-EMP-02", "warning", "entrack.hr"),
    # CONS-01: «… toteuttaa muuta suoramarkkinointia kyseiselle henkilölle hänen suostumuksellaan …»,
    #  but nothing says how consent is given or that it is recorded. (Withdrawal: «oikeus kieltää /
    #  peruuttaa suostumus suoramarkkinointiin» by e-mail to myynti@entrack.fi, so no CONS-02.)
    ("CONS-01", "warning", "entrack.marketing"),
    # «Esimerkiksi käyttämämme ohjelmisto Google Analytics kerää eväsetietoja.»: the tracker is
    # named, but nothing says where its data goes; «… pilvipalveluiden tai muiden sovellusten
    # hyödyntäminen» may or may not include it (a warning).
    ("TRN-03", "warning", "entrack.cookies-to-google-analytics"),
    # SEC-01: «yhteydenottolomakkeen, puhelimen tai sähköpostin kautta henkilön itsensä antamat
    #  tiedot» (communications), protected «käyttöoikeuksin ja salasanoin»: no encryption, no logging.
    #  Messages to the company itself are a mild case of communications: a warning.
    ("SEC-01", "warning", "entrack.customer-register"),
    # DM-02: «Saatamme myös lähettää uutiskirjeitä tai toteuttaa muuta suoramarkkinointia kyseiselle
    #  henkilölle hänen suostumuksellaan tai oikeudellisen edun nojalla.»: two bases for the same
    #  marketing, with no rule for when each applies.
    ("DM-02", "warning", "entrack.marketing"),
    # FI-ECOM-05: the same sentence: newsletters (e-mail) on «oikeudellisen edun nojalla» need
    #  prior consent where they reach natural persons. The data («henkilön työnantajayrityksen
    #  nimi, … työnimike») suggests business contacts, whom §200 lets be marketed to unless they
    #  refuse, but the subjects include newsletter subscribers and site visitors: a warning.
    ("FI-ECOM-05", "warning", "entrack.marketing/purpose/5"),
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
    assert report["summary"]["files"] == 8
    assert report["summary"]["info"] == 0


def test_no_special_categories(report: dict[str, Any]) -> None:
    # Payroll data is not itemised: «… palkanmaksuun tarvittavia tietoja …»; no Art. 9 data stated.
    assert not rule_ids(report) & {"SC-01", "SC-02"}


def test_no_criminal_data(report: dict[str, Any]) -> None:
    # No criminal-offence data or background checks are stated anywhere in the notice.
    assert "CRIM-01" not in rule_ids(report)


def test_no_henkilotunnus(report: dict[str, Any]) -> None:
    # The data list («Keräämme ja käsittelemme seuraavia tietoja: …») has no henkilötunnus, and
    # «palkanmaksuun tarvittavia tietoja» does not itemise one.
    assert "FI-HETU-01" not in rule_ids(report)


def test_no_generic_retention_finding(report: dict[str, Any]) -> None:
    # There is no retention wording at all (RET-01), so nothing to call generic (RET-02):
    # «Henkilötietoja säilytetään pääasiassa sähköisessä muodossa, …» is about form, not time.
    assert "RET-02" not in rule_ids(report)


def test_no_adequacy_or_onward_transfer_finding(report: dict[str, Any]) -> None:
    # «… siirretään ja käsitellään EU:n ulkopuolelle.» names no country and claims no adequacy,
    # and describes no onward transfer: only XFER-01 / ROPA-05 apply.
    assert not rule_ids(report) & {"XFER-02", "XFER-05"}


def test_controller_identity_complete(report: dict[str, Any]) -> None:
    # «Entrack Oy Ab», «Levytie 11», «67800 Kokkola», «Puh: 010 3266880», «Y-tunnus: 1068143-6»
    assert "ROPA-01" not in rule_ids(report)


def test_subcontractor_contract_is_modelled(report: dict[str, Any]) -> None:
    # «Alihankkijat käsittelevät henkilötietoja Entrack Oy:n ja alihankkijan kahdenvälisen
    #  sopimuksen nojalla.»: the Art. 28 contract is asserted, so the flow carries dpa: and PROC-01
    # stays silent on it; the cloud services have no such sentence and keep their PROC-01.
    import yaml

    doc = yaml.safe_load((SEED / "processors.yaml").read_text(encoding="utf-8"))
    flows = {f["id"]: f for f in doc["flows"]}
    assert "dpa" in flows["entrack.to-subcontractors"]
    assert "dpa" not in flows["entrack.to-cloud-services"]
    proc = {focus for rule, _, focus in finding_keys(report) if rule == "PROC-01"}
    assert proc == {"entrack.to-cloud-services"}


def test_roles_and_measures_present(report: dict[str, Any]) -> None:
    # «Rekisterinpitäjä ja yhteydenotto»: one controller role throughout.
    # «Pääsy henkilötietoihin on muun muassa suojattu käyttöoikeuksin ja salasanoin.»
    assert not rule_ids(report) & {"ROLE-01", "ROPA-07"}


@pytest.mark.parametrize(
    ("rule", "focus", "file", "declaration"),
    [
        (
            "XFER-01",
            "entrack.to-cloud-services",
            "processors.yaml",
            "- id: entrack.to-cloud-services",
        ),
        (
            "FI-ECOM-04",
            "entrack.website-cookies",
            "website-cookies.yaml",
            "- id: entrack.website-cookies",
        ),
        (
            "ROPA-04",
            "entrack.cookies-to-google-analytics",
            "website-cookies.yaml",
            "- id: entrack.cookies-to-google-analytics",
        ),
        (
            "PROC-01",
            "entrack.to-cloud-services",
            "processors.yaml",
            "- id: entrack.to-cloud-services",
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


def test_engines_agree() -> None:
    def keys(engine: str) -> set[tuple[str, str, str]]:
        result = run_cli("validate", "--format", "json", "--engine", engine, SEED)
        return finding_keys(result.json())

    assert keys("sparql") == keys("pyshacl") == EXPECTED
