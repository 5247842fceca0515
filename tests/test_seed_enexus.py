"""Seed organisation eNexus Oy: flows/enexus, modelled from its privacy notice
«Asiakasrekisteri - tietosuojaseloste» (20.2.2020). See docs/seeds.md (section enexus).

The validator must raise exactly what a careful reader of the notice raises (for the rules
it implements) and nothing the notice does not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, finding_keys, line_of, rule_ids, run_cli

FLOWS = FIXTURES.parents[1] / "flows" / "enexus"

EXPECTED = {
    # «Rekisterinpitäjä	eNexus Oy»: no Y-tunnus anywhere in the notice.
    ("ROPA-01", "info", "enexus"),
    # «Käsittely perustuu sopimukseen.» / «Oikeutetun edun peruste	Asiakassuhde»:
    # one global basis for every purpose of the register.
    ("LB-02", "error", "enexus.customer-register"),
    ("LB-02", "error", "enexus.marketing"),
    ("LB-02", "error", "enexus.website-cookies"),
    # «… esimerkiksi mainonnan kohdistamiseen …», «… esim. postitustarroja suoramainoksiin tai
    #  vastaavia.»
    ("ROPA-02", "warning", "enexus.marketing"),
    # «Sivuillamme vierailevalla käyttäjällä on mahdollisuus koska tahansa estää evästeiden
    # käyttö muuttamalla selaimensa asetuksia.» / «… suostumusta ei tarvita.»
    ("FI-ECOM-04", "error", "enexus.website-cookies"),
    # «… paitsi käyttäessä ulkoista palveluntarjoajaa joko lisäarvopalvelun tuottamiseen tai
    # luottopäätöksen tueksi.»: no role.
    ("ROPA-04", "error", "enexus.register-to-external-provider"),
    # «… paitsi luottihakemukseen, perintään tai laskutukseen liittyvissä asioissa …»: no role.
    ("ROPA-04", "error", "enexus.register-to-credit-collection-invoicing"),
    # Google Analytics is used but never listed as a recipient, with no role.
    ("ROPA-04", "error", "enexus.website-to-google-analytics"),
    # «ulkoituskumppanit (taloushallinto)», partner servers, «lukuun toimivien yritysten»,
    # and the technical-implementation transfer: implied processors, no DPA mentioned.
    ("PROC-01", "warning", "enexus.register-to-financial-admin"),
    ("PROC-01", "warning", "enexus.register-to-partner-servers"),
    ("PROC-01", "warning", "enexus.register-to-acting-on-behalf"),
    ("PROC-01", "warning", "enexus.register-transfer-outside-eu"),
    # «Henkilötietoja ei siirretä Euroopan Unionin ulkopuolelle, ellei se ole yrityksen tai sen
    # yhteistyökumppanin teknisen toteutuksen varmistamiseksi tarpeellista.»
    ("ROPA-05", "error", "enexus.register-transfer-outside-eu"),
    ("XFER-01", "error", "enexus.register-transfer-outside-eu"),
    # «Yrityksellä on oikeus julkaista asiakasrekisterin sisältämiä tietoja …»: a disclosure
    # with no basis of its own.
    ("LB-01", "error", "enexus.list-publication"),
    # The published notice (notice.yaml) against the map:
    # «yhteistyökumppaneita, jolloin osia rekisteritiedoista saatetaan siirtää
    #  yhteistyökumppanin palvelimille» and «sen lukuun toimivien yritysten»: recipients
    # covered only by catch-all categories, no sector or task.
    ("TRN-02", "warning", "enexus.register-to-partner-servers"),
    ("TRN-02", "warning", "enexus.register-transfer-outside-eu"),
    ("TRN-02", "warning", "enexus.register-to-acting-on-behalf"),
    # «Oikeutetun edun peruste	Asiakassuhde», yet «Vastustamisoikeus» describes access,
    # rectification and erasure: only direct marketing may be objected to («oikeus kieltää …
    # suoramainontaa»), not the Art. 21(1) processing on legitimate interests.
    ("RIGHTS-01", "error", "enexus.notice"),
    # «Onko tietojen antaminen lakisääteinen tai sopimukseen perustuva vaatimus»: asked in a
    # heading, never answered.
    ("TRN-06", "error", "enexus.notice"),
    # «ellei se ole … teknisen toteutuksen varmistamiseksi tarpeellista»: a transfer admitted
    # with no country and no safeguard.
    ("TRN-08", "error", "enexus.notice"),
    # «suostumusta ei tarvita» next to analytics and advertising cookies; «Kerättävästä datasta
    # ei voida yksilöidä …» next to «vierailijan IP-osoite».
    ("TRN-07", "warning", "enexus.notice"),
    # «Henkilötietojen säilyttämisaika	10 vuotta asiakkuuden päättymisestä lukien.»: one period,
    # with no provision cited, for every register, the marketing data and the cookies included.
    ("RET-03", "warning", "enexus.customer-register"),
    ("RET-03", "warning", "enexus.marketing"),
    ("RET-03", "warning", "enexus.website-cookies"),
    # «Sivustolta kerätään käyttöstatistiikkaa Google Analytics -palveluun, …»: the tracker is named,
    # but not where its data goes; «ellei se ole … teknisen toteutuksen varmistamiseksi tarpeellista»
    # may or may not mean it (a warning).
    ("TRN-03", "warning", "enexus.website-to-google-analytics"),
    # ADM-02: «… paitsi käyttäessä ulkoista palveluntarjoajaa joko lisäarvopalvelun tuottamiseen tai
    #  luottopäätöksen tueksi.»: credit decisions are supported by an outside score, and the notice
    #  does not say whether anyone reviews them.
    ("ADM-02", "warning", "enexus.customer-register"),
}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = run_cli("validate", "--format", "json", FLOWS)
    assert result.exit_code == 1, result.stdout
    return result.json()



def located(report: dict[str, Any], rule: str, focus: str) -> set[tuple[str, int]]:
    return {(Path(f["file"]).name, f["line"]) for f in report["findings"]
            if f["rule"] == rule and f["focus"].endswith(":" + focus)}



def test_exact_findings(report: dict[str, Any]) -> None:
    assert finding_keys(report) == EXPECTED


def test_exit_code_and_summary(report: dict[str, Any]) -> None:
    assert report["conforms"] is False
    assert report["summary"]["files"] == 5


def test_not_raised(report: dict[str, Any]) -> None:
    found = rule_ids(report)
    # The notice is silent on special categories and names no Art. 9 or Art. 10 data
    # (GA Demographics «ikä, sukupuoli ja käyttäjän aihepiirit» are not special categories).
    assert not found & {"SC-01", "SC-02", "CRIM-01"}
    # No henkilötunnus anywhere in the notice.
    assert "FI-HETU-01" not in found
    # A basis is stated: «Käsittely perustuu sopimukseen.» The defect is LB-02, so LB-01 fires
    # only for the list publication, a disclosure with no basis of its own.
    assert ("LB-01", "error", "enexus.customer-register") not in finding_keys(report)
    assert not any(r == "LB-01" and f != "enexus.list-publication"
                   for r, _, f in finding_keys(report))
    # Retention is a period with its trigger: «10 vuotta asiakkuuden päättymisestä lukien.»
    assert not found & {"RET-01", "RET-02", "ROPA-06"}
    # TOMs are listed: «Järjestelmä on suojattu palomuurilla, …»
    assert "ROPA-07" not in found
    # «Rekisterinpitäjä	eNexus Oy»: one controller role, no processing for others.
    assert "ROLE-01" not in found
    # «Kyseessä olevat henkilötietoryhmät	Asiakkaat; …» and the cookie section's
    # «vierailijan IP-osoite»: subjects and data are declared, and every flow carries declared data.
    assert "ROPA-03" not in found
    # No country, adequacy claim or onward hop is named: nothing for XFER-02 or XFER-05.
    # (Google Analytics' location is not stated, so it is not modelled as a transfer.)
    assert not found & {"XFER-02", "XFER-05"}


def test_file_and_line(report: dict[str, Any]) -> None:
    assert located(report, "XFER-01", "enexus.register-transfer-outside-eu") == {
        ("customer-register.yaml",
         line_of(FLOWS / "customer-register.yaml", "- id: enexus.register-transfer-outside-eu"))}
    assert located(report, "FI-ECOM-04", "enexus.website-cookies") == {
        ("website-cookies.yaml", line_of(FLOWS / "website-cookies.yaml", "- id: enexus.website-cookies"))}
    assert located(report, "ROPA-01", "enexus") == {
        ("organisation.yaml", line_of(FLOWS / "organisation.yaml", "- id: enexus"))}
