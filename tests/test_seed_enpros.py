"""Seed organisation Enpros Oy: flows/enpros, modelled from its privacy notice
«Asiakasrekisteri - tietosuojaseloste» (undated). See docs/seeds.md (section enpros).

The validator must raise exactly what a careful reader of the notice raises (for the rules
it implements) and nothing the notice does not have. Sentences shared with the eNexus notice
are modelled the same way (tests/test_seed_enexus.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, finding_keys, line_of, rule_ids, run_cli

FLOWS = FIXTURES.parents[1] / "flows" / "enpros"
ACTIVITIES = ("enpros.customer-register", "enpros.marketing", "enpros.website-cookies")

EXPECTED = {
    # «Enpros Oy» «Ivontie 5» «80260 Joensuu» «jukka.karttunen@enpros.fi»: no Y-tunnus.
    ("ROPA-01", "info", "enpros"),
    # No Art. 6(1) basis is stated anywhere in the notice.
    *{("LB-01", "error", a) for a in ACTIVITIES},
    # Disclosures with no basis of their own:
    # «Yrityksellä on oikeus julkaista asiakasrekisterin sisältämiä tietoja …»
    ("LB-01", "error", "enpros.list-publication"),
    # «… voi Enpros Oy tämän vuoksi luovuttaa tietoja yritysjärjestelyyn liittyvälle kolmannelle
    #  osapuolelle.»
    ("LB-01", "error", "enpros.register-to-business-transfer"),
    # «Voimme jakaa sosiaalisen median, mainosalan ja analytiikka-alan kumppaneillemme tietoja …»
    ("LB-01", "error", "enpros.website-to-ad-partners"),
    # The notice has no data-subject section.
    *{("ROPA-03", "error", a) for a in ACTIVITIES},
    # «Tietoja säilytetään niin kauan kuin niitä tarvitaan.» (and two more generic sentences)
    *{("RET-02", "error", a) for a in ACTIVITIES},
    # «Käytämme henkilötietoja mm.» / «… esim. postitustarroja suoramainoksiin tai vastaavia.»
    ("ROPA-02", "warning", "enpros.customer-register"),
    ("ROPA-02", "warning", "enpros.marketing"),
    # «Käyttämällä sivustoamme, hyväksyt evästeiden käytön.»
    ("FI-ECOM-04", "error", "enpros.website-cookies"),
    # «… paitsi käyttäessä ulkoista palveluntarjoajaa joko lisäarvopalvelun tuottamiseen tai
    # luottotietojen tarkistamiseen.»: no role.
    ("ROPA-04", "error", "enpros.register-to-external-provider"),
    # «… paitsi luottotietojen tarkastamiseen, perintään tai laskutukseen liittyvissä asioissa …»:
    #  no role.
    ("ROPA-04", "error", "enpros.register-to-credit-collection-invoicing"),
    # «Tietoja ei siirretä Euroopan Unionin ulkopuolelle, ellei se ole yrityksen tai sen
    # yhteistyökumppanin teknisen toteutuksen varmistamiseksi tarpeellista»
    ("ROPA-05", "error", "enpros.register-transfer-outside-eu"),
    ("XFER-01", "error", "enpros.register-transfer-outside-eu"),
    ("PROC-01", "warning", "enpros.register-transfer-outside-eu"),
    # The published notice (notice.yaml) against the map:
    # «… ellei se ole yrityksen tai sen yhteistyökumppanin teknisen toteutuksen varmistamiseksi
    #  tarpeellista»: the partner is only "a partner".
    ("TRN-02", "warning", "enpros.register-transfer-outside-eu"),
    # «Voit tarkistaa … sekä voi päivittää, muuttaa tai poistaa tietojasi.»: no right to
    # restriction anywhere.
    ("RIGHTS-01", "error", "enpros.notice"),
    # «Asianomainen voi saattaa epäämisen tietosuojavaltuutetun ratkaistavaksi.» is about a
    # refused correction, not the right to complain; nothing says whether the data is required.
    ("TRN-06", "error", "enpros.notice"),
    # «Käytämme henkilötietoja mm. …»: purposes with no basis; «Tietoja ei siirretä Euroopan
    # Unionin ulkopuolelle, ellei …»: a transfer with no safeguard.
    ("TRN-08", "error", "enpros.notice"),
    # «Voimme jakaa sosiaalisen median, mainosalan ja analytiikka-alan kumppaneillemme tietoja siitä,
    # miten käytät sivustoamme. Kumppanimme voivat yhdistää näitä tietoja muihin tietoihin …»:
    # partners that take what the cookies collect for their own ends are candidate joint
    # controllers for the collection (Fashion ID); the notice names none of them and says
    # nothing of where their data goes.
    ("JC-02", "warning", "enpros.website-to-ad-partners"),
    ("TRN-03", "warning", "enpros.website-to-ad-partners"),
    # ADM-02: «… paitsi käyttäessä ulkoista palveluntarjoajaa joko lisäarvopalvelun tuottamiseen tai
    #  luottotietojen tarkistamiseen.»: a credit check, and nothing on whether it decides alone.
    ("ADM-02", "warning", "enpros.customer-register"),
    # DPIA-01: the credit check (scoring) and «Tietoja saadaan asiakkaan tekemistä tilauksista,
    #  sähköposteista …» (e-mail contents) are two WP248 criteria; a notice need not mention a
    #  DPIA, so a warning.
    ("DPIA-01", "warning", "enpros.customer-register"),
    # SEC-01: the e-mail contents are protected by «paikallisia tiukkoja tietoturvakäytäntöjä»,
    #  access rights, locks and «virustorjunta ja palomuuri»: no encryption, no logging.
    ("SEC-01", "warning", "enpros.customer-register"),
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
    # «Emme kerää arkaluonteisia henkilötietoja»: no special-category data; none of Art. 10 either.
    assert not found & {"SC-01", "SC-02", "CRIM-01"}
    # No henkilötunnus anywhere in the notice.
    assert "FI-HETU-01" not in found
    # No basis at all, so there is no global basis for LB-02 to report (the defect is LB-01).
    assert "LB-02" not in found
    # Retention is stated, if only generically («Tietoja säilytetään niin kauan kuin niitä
    # tarvitaan.»): RET-02, not RET-01; and no duration without a trigger (ROPA-06).
    assert not found & {"RET-01", "ROPA-06"}
    # TOMs are listed: «Kulunvalvonta», «Järjestelmien suojaaminen virustorjunta ja palomuuuri»
    assert "ROPA-07" not in found
    # «Vastaava / Rekisterinpitäjä …»: one controller role.
    assert "ROLE-01" not in found
    # No country, adequacy claim or onward hop is named.
    assert not found & {"XFER-02", "XFER-05"}
    # «… sekä lainsäädännön velvoittaessa.»: the disclosure to authorities rests on the law.
    assert ("LB-01", "error", "enpros.register-to-authorities") not in finding_keys(report)


def test_shared_template_sentences_match_enexus(report: dict[str, Any]) -> None:
    """Sentences both notices share give the same findings on the same kind of flow."""
    enexus = run_cli("validate", "--format", "json", FLOWS.parent / "enexus").json()

    def by_flow(r: dict[str, Any], org: str, name: str) -> set[tuple[str, str]]:
        return {(rule, sev) for rule, sev, f in finding_keys(r) if f == f"{org}.{name}"}

    for name in ("register-to-external-provider", "register-to-credit-collection-invoicing",
                 "register-to-authorities", "register-transfer-outside-eu", "list-publication"):
        assert by_flow(report, "enpros", name) == by_flow(enexus, "enexus", name), name


def test_file_and_line(report: dict[str, Any]) -> None:
    assert located(report, "LB-01", "enpros.register-to-business-transfer") == {
        ("customer-register.yaml",
         line_of(FLOWS / "customer-register.yaml", "- id: enpros.register-to-business-transfer"))}
    assert located(report, "RET-02", "enpros.marketing") == {
        ("marketing.yaml", line_of(FLOWS / "marketing.yaml", "- id: enpros.marketing"))}
    assert located(report, "FI-ECOM-04", "enpros.website-cookies") == {
        ("website-cookies.yaml", line_of(FLOWS / "website-cookies.yaml", "- id: enpros.website-cookies"))}
