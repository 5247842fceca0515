"""flows/enreach/: Enreach Oy's privacy notice (seed 000_95b86bbe982b6576) modelled as flow files.

The notice is one undifferentiated text for two roles: Enreach as the processor of the
communication services it produces for business customers (call recordings, call history,
presence, calendar, location) and as the controller of its own sales, marketing, customer
service, website, recruitment, staff and supplier data. The tests pin the exact findings, the
rules that must stay silent, and where the call recordings go.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import ROOT, finding_keys, run_cli

ENREACH = ROOT / "flows" / "enreach"

EXPECTED = {
    # «Enreach Oy on sitoutunut …» / contact block: name, address, e-mail, phone and a DPO
    # mailbox are given, but no Y-tunnus anywhere.
    ("ROPA-01", "info", "enreach"),
    # «Hoidamme työnhakuprosessia.» and «… keräämme hakuprosessin aikana toimittamiasi tietoja.»:
    # no legal basis, no data category.
    ("LB-01", "error", "enreach.recruitment"),
    ("ROPA-03", "error", "enreach.recruitment"),
    ("RET-02", "error", "enreach.recruitment"),
    # «Profiloituja henkilötietojasi voidaan käyttää välisemme kommunikaation tehostamiseen.»: no
    #  basis.
    ("LB-01", "error", "enreach.call-routing-profiling"),
    ("RET-02", "error", "enreach.call-routing-profiling"),
    # «Omilta kotisivuiltamme voimme kerätä IP-osoitteita …», web forms, events: no basis.
    ("LB-01", "error", "enreach.website"),
    ("RET-02", "error", "enreach.website"),
    # «Palvelumme ja kotisivumme voivat sisältää kolmannen osapuolen palveluja.»: their own policies
    # apply (third-party controllers); no basis for embedding them.
    ("LB-01", "error", "enreach.to-embedded-third-party-services"),
    # «Ehkäisemme rikollisia toimia, … toimimme lakien ja säännösten mukaisesti.»: no basis, no
    #  data,
    # and «Tämä tietosuojaseloste ei kata kaikkia tilanteita …» is a catch-all purpose.
    ("LB-01", "error", "enreach.crime-prevention-and-legal-compliance"),
    ("ROPA-02", "warning", "enreach.crime-prevention-and-legal-compliance"),
    ("ROPA-03", "error", "enreach.crime-prevention-and-legal-compliance"),
    ("RET-02", "error", "enreach.crime-prevention-and-legal-compliance"),
    # «… sekä henkilöstöstämme.»: staff are mentioned, nothing else.
    ("LB-01", "error", "enreach.staff"),
    ("ROPA-02", "error", "enreach.staff"),
    ("ROPA-03", "error", "enreach.staff"),
    ("RET-02", "error", "enreach.staff"),
    # «Enreach Oy, ei kerää tai käsittele arkaluonteista henkilötietoa, ellei tiedon keräämiselle
    #  ole lakisääteisiä perusteita (esimerkiksi työsuhteeseen liittyen).»: special-category data
    # is admitted on an employment ground (Art. 9(2)(b)) that rests on a law the notice never
    # names, and it is kept only for «niin kauan kuin se on tarpeellista».
    ("SC-02", "warning", "enreach.special-categories-on-statutory-grounds"),
    ("RET-02", "error", "enreach.special-categories-on-statutory-grounds"),
    # «… tietoja palveluiden toimittajista, yhteistyökumppaneista …»: contract basis, no data.
    ("ROPA-03", "error", "enreach.suppliers-and-partners"),
    ("RET-02", "error", "enreach.suppliers-and-partners"),
    # Contract is tied only to «sopimuksiin kirjattujen velvoitteiden täyttämiseen»; support,
    # portal, product messages and satisfaction surveys have no basis of their own.
    ("LB-02", "error", "enreach.customer-service"),
    ("RET-02", "error", "enreach.customer-service"),
    # «Säilytämme henkilötietoja niin kauan kuin se on tarpeellista …» / «jonkin aikaa viimeisen
    # yhteydenpidon jälkeen»: only generic retention for every controller register.
    ("RET-02", "error", "enreach.marketing-material"),
    ("RET-02", "error", "enreach.sales-and-direct-marketing"),
    # «Saatamme käyttää henkilötietojen käsittelyssä alihankkijoita.» / «Jos henkilötietoja
    # käsittelevä alihankkija sijaitsee EU/EEA-alueen ulkopuolella …»: no country. (No PROC-01:
    # «Keskinäisissä sopimuksissamme vaadimme, että alihankkijamme käyttävät henkilötietoja vain
    #  sovittujen palvelujen toimittamiseen …» asserts the sub-contractor contracts.)
    ("ROPA-05", "error", "enreach.communication-services-to-subcontractors"),
    ("ROPA-05", "error", "enreach.communication-services-to-embedded-voice-subcontractor"),
    ("ROPA-05", "error", "enreach.to-subcontractors"),
    # «… alihankkijoiden ja Enreach Oy -konsernin yhtiöiden välillä …»: no role, no country.
    ("ROPA-04", "error", "enreach.to-group-companies"),
    ("ROPA-05", "error", "enreach.to-group-companies"),
    # «… jos yrityksenä olemme vakuuttuneita, että niiden paljastaminen suojelee yrityksemme
    #  oikeuksia»,
    # «Henkilötietojesi julkaiseminen voi myös olla oikeutettua …», «Kolmansia osapuolia ovat ne
    # henkilötietojen saajat jotka toimivat palveluntuottajina, kirjanpitäjinä …»: no role.
    ("ROPA-04", "error", "enreach.to-protect-company-rights"),
    ("ROPA-04", "error", "enreach.fraud-disclosure"),
    ("ROPA-04", "error", "enreach.to-service-providers-accountants-auditors-advisers"),
    # «Muut tilanteet»: «Tämä tietosuojaseloste ei kata kaikkia tilanteita, joissa henkilötietojen
    #  käyttö tai julkaiseminen voi olla oikeutettua tai sallittua …»: to whom, not stated.
    ("ROPA-04", "error", "enreach.other-situations-disclosure"),
    # The same sentence is a catch-all disclosure clause: no purpose a recipient is held to.
    ("LB-04", "warning", "enreach.other-situations-disclosure"),
    # The published notice (notice.yaml) against the map:
    # «Saatamme käyttää henkilötietojen käsittelyssä alihankkijoita.», «kolmansille osapuolille …
    # ilman suostumustasi», «jos … niiden paljastaminen suojelee yrityksemme oikeuksia», «… kun
    # haluamme estää vilpillisen toiminnan» and «Palvelumme ja kotisivumme voivat sisältää
    # kolmannen osapuolen palveluja.»: recipients covered only by catch-all categories.
    ("TRN-02", "warning", "enreach.to-subcontractors"),
    ("TRN-02", "warning", "enreach.to-third-parties-with-consent"),
    ("TRN-02", "warning", "enreach.to-protect-company-rights"),
    ("TRN-02", "warning", "enreach.fraud-disclosure"),
    ("TRN-02", "warning", "enreach.other-situations-disclosure"),
    ("TRN-02", "warning", "enreach.to-embedded-third-party-services"),
    # «Oikeutettuun etuun perustuva henkilötietojen kerääminen» for sales and marketing, but the
    # only objection offered is «Oikeus kieltää henkilötietojen käsittely, kun tietoja käytetään
    # suoramarkkinointiin.»: no Art. 21(1) objection.
    ("RIGHTS-01", "error", "enreach.notice"),
    # Nothing says whether the data must be given.
    ("TRN-06", "error", "enreach.notice"),
    # «Email: privacy.fi@enreach.com» and «… tietosuojavaltuutettu, hänen sähköpostiosoitteensa on
    # privacy.fi@enreach.com.», but «… tulee lähettää sähköpostiosoitteeseen
    # privacy.fi@enreach.fi»: two domains for one mailbox.
    ("TRN-05", "warning", "enreach.notice"),
    # «… esimerkiksi Euroopan Unionin hyväksymiä mallilausekkeita.»: the clauses are named, but
    # not where a copy can be had.
    ("XFER-03", "warning", "enreach.notice"),
    # «Jos solmimme sopimuksen uuden alihankkijan kanssa …, ilmoitamme asiakkaillemme muutoksista
    # sopimustemme mukaisesti.»: a general authorisation with notice of changes, but no right to
    # object is stated; «Vaadimme alihankkijaamme toimimaan tämän tietosuojaselosteen ja
    # sovellettavan lain mukaisesti.» binds the sub-contractors to the notice and the law, not to
    # the customers' terms (a notice: warnings).
    ("PROC-03", "warning", "enreach.communication-services-to-subcontractors"),
    ("PROC-03", "warning", "enreach.communication-services-to-embedded-voice-subcontractor"),
    # SEC-01: «puhelinkeskusteluissa, asiakirjoissa ja sähköpostissa» (communications) are protected by
    #  «palomuurein ja salasanoin suojattuja tietoliikenneyhteyksiä» and «Secure Socket Layer (SSL)»:
    #  encryption in transfer, but none at rest and no logging.
    ("SEC-01", "warning", "enreach.customer-service"),
    # DPIA-01 and SEC-01: «… ellei tiedon keräämiselle ole lakisääteisiä perusteita (esimerkiksi
    #  työsuhteeseen liittyen).»: employees' special-category data (two WP248 criteria; a notice need
    #  not mention a DPIA), with the same measures as above.
    ("DPIA-01", "warning", "enreach.special-categories-on-statutory-grounds"),
    ("SEC-01", "warning", "enreach.special-categories-on-statutory-grounds"),
    # DM-02: «Lähetämme sinulle markkinointimateriaalia vain jos olet tilannut materiaalia ja antanut
    #  suostumuksesi sen lähettämiseen.» against «Harjoitamme suoramarkkinointia silloin, kun se on
    #  kaikkien osapuoltenyhteisen edun mukaista.»: the same customers, and no channel stated for
    #  the second, so whether the e-mail material falls under one or the other is open.
    ("DM-02", "warning", "enreach.sales-and-direct-marketing"),
}


def _report(engine: str = "sparql") -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", "--format", "json", "--engine", engine, ENREACH)
    return result.exit_code, result.json()


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_exact_findings(engine: str) -> None:
    exit_code, report = _report(engine)
    assert exit_code == 1
    assert report["conforms"] is False
    assert finding_keys(report) == EXPECTED


def test_summary() -> None:
    _, report = _report()
    summary = report["summary"]
    assert summary["files"] == len(list(ENREACH.glob("*.yaml"))) == 10
    # LB-02 reports each of the four basis-less purposes of enreach.customer-service.
    # RIGHTS-01 and TRN-06 add one error each, TRN-02 five warnings, TRN-05 and XFER-03 one
    # each (notice.yaml). PROC-03 four warnings (two sub-contractor flows, two gaps each). SEC-01 four warnings
    # (two measures missing on each of two activities), DPIA-01 one.
    # The «Muut tilanteet» clause adds ROPA-04, TRN-02 and LB-04 (one each).
    # DM-02 one warning (marketing on consent and on legitimate interests).
    assert (summary["error"], summary["warning"], summary["info"]) == (36, 21, 1)


def test_rules_that_must_not_fire() -> None:
    _, report = _report()
    rules = {rule for rule, _, _ in finding_keys(report)}
    # «… ellei tiedon keräämiselle ole lakisääteisiä perusteita (esimerkiksi työsuhteeseen
    #  liittyen).»: the admitted special-category data has an Art. 9(2) condition (employment),
    # so SC-01 stays silent; the missing law is SC-02 (in EXPECTED).
    assert "SC-01" not in rules
    # «Keskinäisissä sopimuksissamme vaadimme, että alihankkijamme …»: the sub-contractor contracts
    # are asserted, so no flow to a (sub-)processor lacks a DPA.
    assert "PROC-01" not in rules
    # «Ehkäisemme rikollisia toimia …» is a purpose; no criminal-offence data is declared.
    assert "CRIM-01" not in rules
    # The henkilötunnus is never mentioned in the notice.
    assert "FI-HETU-01" not in rules
    # Cookies are never mentioned: «Omilta kotisivuiltamme voimme kerätä IP-osoitteita ja tietoja
    # sivuilla tapahtuvasta toiminnasta.» names no method, so no terminal access is modelled.
    assert "FI-ECOM-04" not in rules
    # «… esimerkiksi Euroopan Unionin hyväksymiä mallilausekkeita.»: SCCs are the only mechanism
    # named (hedged); no adequacy is claimed and no onward hop is declared.
    assert "XFER-01" not in rules
    assert "XFER-02" not in rules
    assert "XFER-05" not in rules
    # «Siirrämme tietoja rajojen yli ja globaalisti ainoastaan tietosuojariskiarvioinnin jälkeen.»:
    # a transfer impact assessment is stated for the transfers, so XFER-03 has only its notice
    # part (the copy of the clauses) in EXPECTED.
    assert ("XFER-03", "warning", "enreach.to-group-companies") not in finding_keys(report)
    # «Palvelumme ja kotisivumme voivat sisältää kolmannen osapuolen palveluja.»: embedded third-party
    # services, but no data collected from the visitor's device is tied to them, so neither JC-02
    # nor TRN-03 has a tracker to judge.
    assert not rules & {"JC-02", "TRN-03"}
    # «Käsittelemme henkilötietojasi, kun tuotamme kommunikaatiopalveluja sinulle. Olemme saaneet
    #  tiedot rekisterinpitäjä-asiakkaaltamme …»: the communication services are a processor
    # activity with a (generic) controller; every other register is Enreach's own.
    assert "ROLE-01" not in rules
    # «Miten suojelemme tietojasi?» lists firewalls, passwords, access rights, confidentiality and
    # SSL for all data.
    assert "ROPA-07" not in rules
    # The notice has (generic) retention for everything: RET-02, not RET-01.
    assert "RET-01" not in rules
    assert "ROPA-06" not in rules
    # «Pyydämme hyväksyntäsi henkilötietojesi keräämiseen Suostumuslomakkeella. Suostumus tallennetaan
    #  järjestelmiimme.» and «… tee se markkinointiviestin mukana tulleen linkin kautta.»: consent is
    # recorded and has a withdrawal channel.
    assert not rules & {"CONS-01", "CONS-02"}
    # «Jos haet töihin Enreach Oy:lle, keräämme hakuprosessin aikana toimittamiasi tietoja.»:
    # applicants' data comes from the applicant.
    assert "FI-EMP-02" not in rules


def test_processor_activity_has_no_findings() -> None:
    """«Päätöksen henkilötietojen säilytysajasta tekee silloin Rekisterinpitäjä.»"""
    _, report = _report()
    foci = {focus for _, _, focus in finding_keys(report)}
    assert "enreach.communication-services" not in foci


def test_file_and_line_of_findings() -> None:
    _, report = _report()
    where = {
        (f["rule"], f["focus"].removeprefix("urn:dataflow:")): (f["file"], f["line"])
        for f in report["findings"]
    }
    assert where[("ROPA-04", "enreach.to-group-companies")] == (
        "flows/enreach/subcontractors-and-transfers.yaml", 87)
    assert where[("SC-02", "enreach.special-categories-on-statutory-grounds")] == (
        "flows/enreach/staff-and-partners.yaml", 43)
    assert where[("LB-01", "enreach.recruitment")] == ("flows/enreach/recruitment.yaml", 7)
    assert where[("ROPA-01", "enreach")] == ("flows/enreach/organisation.yaml", 21)


def test_admitted_special_categories() -> None:
    """«… ei kerää tai käsittele arkaluonteista henkilötietoa, ellei tiedon keräämiselle ole
    lakisääteisiä perusteita (esimerkiksi työsuhteeseen liittyen).»

    An exception, not a denial: special-category data of employees on an Art. 9(2)(b)
    condition, with no law cited. No particular category is guessed, and the staff activity
    keeps saying only what the notice says of staff in general.
    """
    activities = {a["id"]: a for doc in _load() for a in doc.get("activities", [])}
    sensitive = activities["enreach.special-categories-on-statutory-grounds"]
    assert sensitive["role"] == "controller"
    assert sensitive["subjects"] == ["employee"]
    assert sensitive["data"] == ["dpv:SpecialCategoryPersonalData"]
    (purpose,) = sensitive["purposes"]
    assert purpose["art9-condition"] == "art9-employment"
    assert "national-law" not in purpose
    staff = activities["enreach.staff"]
    assert "data" not in staff and "purposes" not in staff
    holders = {aid for aid, a in activities.items() if "dpv:SpecialCategoryPersonalData"
               in a.get("data", [])}
    assert holders == {"enreach.special-categories-on-statutory-grounds"}


def test_subcontractor_contracts_are_modelled() -> None:
    """«Keskinäisissä sopimuksissamme vaadimme, että alihankkijamme käyttävät henkilötietoja vain
    sovittujen palvelujen toimittamiseen …»: every flow to a (sub-)processor carries dpa:."""
    flows = [f for doc in _load() for f in doc.get("flows", [])]
    processors = [f for f in flows if f.get("role") in {"processor", "sub-processor"}]
    assert {f["id"] for f in processors} == {
        "enreach.communication-services-to-subcontractors",
        "enreach.communication-services-to-embedded-voice-subcontractor",
        "enreach.to-subcontractors",
    }
    assert all("dpa" in f for f in processors)


def _load() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ENREACH.glob("*.yaml"))]


def test_every_file_belongs_to_enreach() -> None:
    for doc in _load():
        assert doc["organisation"] == "enreach"


def test_call_recordings_stay_with_the_processor_activity() -> None:
    """Who receives call recordings: the notice names no recipient of them.

    «puhelunauhoitteet» are declared only on the processor activity; its flows go to the
    sub-contractors and the Embedded Voice sub-contractor as sub-processors, and no flow lists
    data, because no disclosure sentence names or limits the categories.
    """
    activities = {a["id"]: a for doc in _load() for a in doc.get("activities", [])}
    flows = [f for doc in _load() for f in doc.get("flows", [])]
    holders = {aid for aid, a in activities.items() if "call-recording" in a.get("data", [])}
    assert holders == {"enreach.communication-services"}
    services = activities["enreach.communication-services"]
    assert services["role"] == "processor"
    assert services["controllers"] == ["enreach.customer-companies"]
    assert {"traffic-data", "call-log", "location", "calendar"} <= set(services["data"])
    out = {f["to"]: f["role"] for f in flows if f["from"] == "enreach.communication-services"}
    assert out == {
        "enreach.subcontractors": "sub-processor",
        "enreach.embedded-voice-subcontractor": "sub-processor",
    }
    assert all("data" not in f for f in flows)
