"""`dataflow ropa`: the Art. 30 record, per profile and format, read back cell by cell.

The expected content is written out for flows/examples (Acme, which has no findings), the
spreadsheets are read back with openpyxl and odfpy and compared with the flow files
themselves, and a map with gaps shows each missing fact with the rule of its finding.
"""

from __future__ import annotations

import csv
import io
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from dataflow.cli import app
from dataflow.findings import Finding, Severity
from dataflow.sources.load import load
from dataflow.store.terms import default_index
from dataflow.view.graph import build_view
from dataflow.view.record.facts import Facts, rights
from dataflow.view.record.model import build_record
from dataflow.view.record.read import read_facts

EXAMPLES = ROOT / "flows" / "examples"
ACME = ("Acme Contact Oy (business ID 1234567-8), Esimerkkikatu 1, 00100 Helsinki, "
        "privacy@acme.example, +358 9 4242 4242")
DPO = "Tietosuojavastaava (Data Protection Officer), dpo@acme.example, +358 9 4242 4200"

GAPS = """\
organisation: gapco
organisations:
  - id: gapco
    name: Gap Oy
    country: FI
parties:
  - id: gapco.vendor
    name: Vendor Inc.
    country: US
  - id: gapco.clinic
    name: Clinic Oy
    country: FI
activities:
  - id: gapco.hr
    name: Staff health
    role: controller
    purposes:
      - purpose: human-resource-management
    subjects: [employee]
    data: [name, health-record]
  - id: gapco.hosting
    name: Hosting for clients
    role: processor
    purposes:
      - purpose: service-provision
    subjects: [customer]
    data: [name]
    retention:
      - {duration: 30 days, trigger: end of contract}
flows:
  - id: gapco.hr-to-vendor
    from: gapco.hr
    to: gapco.vendor
    data: [name]
  - id: gapco.hr-to-clinic
    from: gapco.hr
    to: gapco.clinic
    role: processor
    data: [name, health-record]
"""


def rows_of(text: str) -> list[dict[str, str]]:
    """A CSV record as one dict per activity, keyed by column label."""
    header, *rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(header, row, strict=True)) for row in rows]


def row_named(text: str, name: str) -> dict[str, str]:
    return next(row for row in rows_of(text) if next(iter(row.values())) == name)


def ropa(*args: str | Path) -> str:
    result = run_cli("ropa", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gaps")
    (folder / "gaps.yaml").write_text(GAPS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def facts() -> Facts:
    terms = default_index()
    graph = load([EXAMPLES], terms)
    return read_facts(graph, build_view(graph.graph, terms), terms)


# -- the facts (the API the notice will use too) ------------------------------------------------


def test_facts_hold_purposes_recipients_transfers_and_rights(facts: Facts) -> None:
    service = next(p for p in facts.activities if p.iri == "urn:dataflow:acme.customer-service")
    assert [(p.purpose.en, [b.en for b in p.bases]) for p in service.purposes] == [
        ("customer care", ["contract (Art. 6(1)(b))"]),
        ("dispute management", ["legitimate interests (Art. 6(1)(f))"]),
        ("service optimisation", ["legitimate interests (Art. 6(1)(f))"])]
    assert [(r.name, r.via, r.eea) for r in service.recipients] == [
        ("CallCloud Oy", None, True), ("Deskflow Inc.", None, False),
        ("Deskflow Support Pvt Ltd", "Deskflow Inc.", False),
        ("Transcribe Inc.", "CallCloud Oy", False)]
    assert [(t.name, [c.fi for c in t.countries], [m.iri.rsplit("#")[-1] for m in t.mechanisms])
            for t in service.transfers] == [
        ("Deskflow Inc.", ["Yhdysvallat"], ["A46-2-c"]),
        ("Deskflow Support Pvt Ltd", ["Intia"], ["A46-2-c"]),
        ("Transcribe Inc.", ["Yhdysvallat"], ["A45-3"])]
    assert rights(service) == ("access", "rectification", "erasure", "restriction",
                               "portability", "object")
    payroll = next(p for p in facts.activities if p.iri == "urn:dataflow:acme.payroll")
    assert payroll.identity_codes == {"https://w3id.org/dataflow#PersonalIdentityCode"}
    assert payroll.special == frozenset()
    assert [law.fi for p in payroll.purposes for law in p.national_law] == [
        "Ennakkoperintälaki 1118/1996", "Laki tulotietojärjestelmästä 53/2018",
        "tietosuojalaki 29 § 1 mom. 2 kohta", "tietosuojalaki 29 § 2 mom."]


# -- each profile, exact content ------------------------------------------------------------------


def test_art30_markdown_section_of_an_activity() -> None:
    text = ropa(EXAMPLES)
    assert text.startswith("# Record of processing activities (GDPR Art. 30(1))\n\n")
    section = text.split("## Invoicing and accounting\n\n")[1].split("\n\n")[0]
    assert section == "\n".join([
        "| Processing activity | Invoicing and accounting |",
        "|---|---|",
        f"| Controller (name and contact details) | {ACME} |",
        f"| Data protection officer | {DPO} |",
        "| Representative in the EU | not required (established in the EEA) |",
        "| Joint controllers | none |",
        "| Purposes of the processing | customer claims management<br>legal compliance<br>"
        "payment management and billing |",
        "| Categories of data subjects | customers |",
        "| Categories of personal data | bank account<br>email address<br>financial "
        "transactions<br>name<br>postal address<br>telephone number |",
        "| Categories of recipients | Perintä Esimerkki Oy (third-party controller, Finland)<br>"
        "Tilitoimisto Esimerkki Oy (processor, Finland)<br>Verohallinto (Finnish Tax "
        "Administration, incl. the Incomes Register Unit) (authority, Finland) |",
        "| Third countries or international organisations | no transfers outside the EEA |",
        "| Transfers and their safeguards | no transfers outside the EEA |",
        "| Time limits for erasure | 10 years from end of the financial year (under "
        "Kirjanpitolaki 1336/1997 2 luku 10 § (accounting books))<br>6 years from end of the "
        "year in which the financial year ended (under Kirjanpitolaki 1336/1997 2 luku 10 § "
        "(invoices and other vouchers)) |",
        "| Technical and organisational security measures | access control<br>backups<br>"
        "DPIA screening<br>encryption at rest<br>logging<br>multi-factor authentication |"])
    assert text.count("\n## ") == 10  # the eleven activities but the processor one


def test_fi_profile_in_finnish() -> None:
    text = ropa(EXAMPLES, "--profile", "fi", "--format", "csv")
    assert list(rows_of(text)[0]) == [
        "Käsittelytoimi", "Rekisterinpitäjän nimi ja yhteystiedot",
        "Tietosuojavastaavan yhteystiedot", "Edustajan yhteystiedot", "Yhteisrekisterinpitäjät",
        "Käsittelyn tarkoitukset", "Käsittelyn oikeusperuste", "Rekisteröityjen ryhmät",
        "Henkilötietoryhmät", "Vastaanottajat ja vastaanottajaryhmät",
        "Siirrot kolmansiin maihin tai kansainvälisille järjestöille",
        "Siirtoperuste ja suojatoimet", "Tietoryhmien poistamisen määräajat (säilytysajat)",
        "Teknisten ja organisatoristen turvatoimien yleinen kuvaus"]
    service = row_named(text, "Customer service and support-line recording")
    assert service["Rekisterinpitäjän nimi ja yhteystiedot"] == ACME.replace(
        "business ID", "Y-tunnus")
    assert service["Käsittelyn oikeusperuste"] == (
        "asiakaspalvelu: sopimus (6 art. 1 b)\npalvelun optimointi: oikeutettu etu (6 art. 1 f)"
        "\nriitojen hoitaminen: oikeutettu etu (6 art. 1 f)")
    assert service["Vastaanottajat ja vastaanottajaryhmät"] == (
        "CallCloud Oy (käsittelijä, Suomi)\nDeskflow Inc. (käsittelijä, Yhdysvallat)\n"
        "Deskflow Support Pvt Ltd (alihankkija, Intia; tiedot välittää Deskflow Inc.)\n"
        "Transcribe Inc. (alihankkija, Yhdysvallat; tiedot välittää CallCloud Oy)")
    assert service["Siirtoperuste ja suojatoimet"] == (
        "Deskflow Inc. (Yhdysvallat): vakiosopimuslausekkeet (46 art. 2 c)\n"
        "Deskflow Support Pvt Ltd (Intia; tiedot välittää Deskflow Inc.): vakiosopimuslausekkeet "
        "(46 art. 2 c)\nTranscribe Inc. (Yhdysvallat; tiedot välittää CallCloud Oy): riittävyyspäätös "
        "(45 artikla)")
    assert service["Tietoryhmien poistamisen määräajat (säilytysajat)"] == (
        "2 vuotta alkaen: closing of the support ticket\n6 kuukautta alkaen: date of the call\n"
        "1 vuosi alkaen: end of the customer relationship")
    payroll = row_named(text, "Payroll")
    assert payroll["Henkilötietoryhmät"] == (
        "henkilötunnus (kansallinen tunniste)\nnimi\npalkkatiedot\npankkitilitiedot\n"
        "postiosoite\nverotiedot")
    assert payroll["Siirtoperuste ja suojatoimet"] == "ei siirtoja EU/ETA-alueen ulkopuolelle"
    assert row_named(text, "Sick leave and absences")["Vastaanottajat ja vastaanottajaryhmät"] \
        == "ei ole"


def test_cnil_profile_separates_sensitive_data_and_types_recipients() -> None:
    text = ropa(EXAMPLES, "-p", "cnil", "-f", "csv")
    assert list(rows_of(text)[0]) == [
        "Nom du traitement", "Description du traitement", "Responsable du traitement",
        "Délégué à la protection des données", "Représentant", "Responsables conjoints",
        "Finalités", "Base légale", "Catégories de personnes concernées",
        "Catégories de données personnelles", "Données sensibles", "Durées de conservation",
        "Destinataires (par type)", "Contrats de sous-traitance",
        "Transferts hors UE (destinataire, pays, garanties)", "Mesures de sécurité"]
    payroll = row_named(text, "Payroll")
    assert payroll["Catégories de données personnelles"] == (
        "bank account\nname\npostal address\nsalary\ntax data")
    assert payroll["Données sensibles"] == "Finnish personal identity code"
    assert payroll["Destinataires (par type)"] == (
        "processor: Palkkapalvelu Oy (Finland)\nauthority: Verohallinto (Finnish Tax "
        "Administration, incl. the Incomes Register Unit) (Finland)")
    assert payroll["Contrats de sous-traitance"] == (
        "Palkkapalvelu Oy: Palkkapalvelu DPA 2021, 2021-12-01")
    assert payroll["Durées de conservation"].splitlines()[0] == (
        "10 ans à compter de : end of the financial year (fondement : Kirjanpitolaki "
        "1336/1997 2 luku 10 § (payroll ledger))")
    assert row_named(text, "Sick leave and absences")["Données sensibles"] == "health records"
    assert row_named(text, "Newsletter")["Transferts hors UE (destinataire, pays, garanties)"] \
        == "aucun transfert hors de l'EEE"


def test_ico_profile_adds_sources_interests_conditions_rights_and_dpia() -> None:
    text = ropa(EXAMPLES, "-p", "ico", "-f", "csv")
    service = row_named(text, "Customer service and support-line recording")
    assert service["Legitimate interests pursued"] == (
        "dispute management: Evidence of orders and changes agreed on the phone, if disputed."
        "\nservice optimisation: Quality review and agent training from recordings and "
        "transcripts; balancing test LIA-2024-03 on file with the DPO.")
    assert service["Source of the personal data"] == "collected from the data subject"
    assert service["Automated decision-making, including profiling"] == "not stated"
    assert service["Data protection impact assessment"] == "none recorded among the measures"
    newsletter = row_named(text, "Newsletter")
    assert newsletter["Rights available to individuals"] == (
        "access (Art. 15)\nrectification (Art. 16)\nerasure (Art. 17)\nrestriction (Art. 18)\n"
        "data portability (Art. 20)\nwithdrawal of consent (Art. 7(3))")
    assert newsletter["Legitimate interests pursued"] == "none"
    sick = row_named(text, "Sick leave and absences")
    assert sick["Article 9 condition or national law for special category data"] == (
        "human resource management: employment and social security law (Art. 9(2)(b)); "
        "Laki yksityisyyden suojasta työelämässä 759/2004 5 §, Työsopimuslaki 55/2001 2 luku "
        "11 § (sick pay)")
    assert sick["Source of the personal data"] == (
        "collected from the data subject\nTyöterveys Esimerkki Oy")


def test_processor_record_lists_the_controllers_acted_for() -> None:
    text = ropa(EXAMPLES, "--role", "processor")
    assert text == "\n".join([
        "# Record of categories of processing activities carried out on behalf of a "
        "controller (GDPR Art. 30(2))",
        "",
        "## Call recording and transcription for business customers",
        "",
        "| Processing activity | Call recording and transcription for business customers |",
        "|---|---|",
        f"| Processor (name and contact details) | {ACME} |",
        f"| Data protection officer | {DPO} |",
        "| Representative in the EU | not required (established in the EEA) |",
        "| Controllers on whose behalf the processor acts | Business customers of Acme "
        "Contact Centre |",
        "| Categories of processing carried out for each controller | service provision: "
        "Recording, storing, playing back and transcribing calls for the customer. |",
        "| Third countries or international organisations | United States: Transcribe Inc. |",
        "| Transfers and their safeguards | Transcribe Inc. (United States; onward from "
        "CallCloud Oy): adequacy decision (Art. 45(3)) |",
        "| Technical and organisational security measures | access control<br>encryption at "
        "rest<br>encryption in transfer<br>logging<br>multi-factor authentication<br>staff "
        "training |",
        ""])
    fi = rows_of(ropa(EXAMPLES, "--role", "processor", "-p", "fi", "-f", "csv"))
    assert [row["Alihankkijat"] for row in fi] == [
        "CallCloud Oy (alihankkija, Suomi)\n"
        "Transcribe Inc. (alihankkija, Yhdysvallat; tiedot välittää CallCloud Oy)"]


def test_html_is_one_table_in_the_profiles_language() -> None:
    text = ropa(EXAMPLES, "-p", "ico", "-f", "html")
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert "<h1>Record of processing activities (ICO documentation template)</h1>" in text
    assert text.count("<th>") == 21
    assert text.count("<tr>") == 1  # the head; each activity's row has the id that the
    # HTML diagram links to (docs/diagrams.md)
    assert text.count('<tr id="activity-') == 10
    assert '<tr id="activity-acme.customer-service">' in text
    # no fact missing: automated decisions not stated is not a gap of an Art. 30 record
    assert text.count('<td class="missing">') == 0
    assert text.count("<td>not stated</td>") == 10
    assert '<td>access control<br>backups<br>DPIA screening<br>encryption at rest' in text
    assert ropa(EXAMPLES, "-p", "fi", "-f", "html").startswith('<!DOCTYPE html>\n<html lang="fi">')


# -- spreadsheets, read back and compared with the flow files ------------------------------------


def _flow_activities() -> list[dict[str, Any]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")).get("activities") or []
    return found


def _label(alias: str, kind: str) -> str:
    terms = default_index()
    return terms.label(terms.lookup(alias, kind))


def _expected(activity: dict[str, Any]) -> dict[str, list[str]]:
    """The purposes and bases, subjects, data and measures as the flow file states them."""
    purposes = [(_label(p["purpose"], "purpose"), _label(p["legal-basis"], "Art. 6 legal basis"))
                for p in activity["purposes"]]
    return {
        "purposes": sorted({p for p, _ in purposes}, key=str.casefold),
        "bases": sorted((f"{p}: {b}" for p, b in purposes), key=str.casefold),
        "subjects": sorted(_label(s, "data subject category") for s in activity["subjects"]),
        "data": sorted((_label(d, "data category") for d in activity["data"]), key=str.casefold),
        "measures": sorted((_label(m, "measure") for m in activity["measures"]),
                           key=str.casefold),
    }


def _check_against_flow_files(sheet: list[list[str]], columns: dict[str, str]) -> None:
    header = sheet[2]
    index = {key: header.index(label) for key, label in columns.items()}
    rows = {row[0]: row for row in sheet[3:]}
    controllers = [a for a in _flow_activities() if a["role"] != "processor"]
    assert sorted(rows) == sorted(a["name"] for a in controllers)
    for activity in controllers:
        row, expected = rows[activity["name"]], _expected(activity)
        for key, column in index.items():
            lines = [line.removesuffix(" (special category)").removesuffix(
                " (national identification number)") for line in row[column].split("\n")]
            assert lines == expected[key], (activity["id"], key)
        retention = row[header.index("Retention schedule" if "Retention schedule" in header
                                     else "Durées de conservation")]
        assert len(retention.split("\n")) == len(activity["retention"])


def test_xlsx_read_back_matches_the_flow_files(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "record.xlsx"
    result = run_cli("ropa", EXAMPLES, "-p", "ico", "-o", target)  # format from the suffix
    assert result.exit_code == 0
    assert result.stderr == "10 activities, 0 cell(s) with a missing fact\n"
    book = load_workbook(target)
    sheet = book["Record of processing"]
    assert sheet["A1"].value == "Record of processing activities (ICO documentation template)"
    assert sheet.freeze_panes == "B4"
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    _check_against_flow_files(values, {
        "purposes": "Purposes of processing", "bases": "Article 6 lawful basis",
        "subjects": "Categories of individuals", "data": "Categories of personal data",
        "measures": "Technical and organisational security measures"})
    adm = values[2].index("Automated decision-making, including profiling") + 1
    assert {sheet.cell(row=r, column=adm).value for r in range(4, 14)} == {"not stated"}
    assert {sheet.cell(row=r, column=c).fill.fgColor.rgb  # no fact missing, none shaded
            for r in range(4, 14) for c in range(1, sheet.max_column + 1)} == {"00000000"}


def test_xlsx_shades_the_cells_with_a_missing_fact(gaps: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "record.xlsx"
    assert run_cli("ropa", gaps, "-p", "ico", "-o", target).exit_code == 0
    sheet = load_workbook(target)["Record of processing"]
    shaded = {sheet.cell(row=3, column=c).value for c in range(1, sheet.max_column + 1)
              if sheet.cell(row=4, column=c).fill.fgColor.rgb == "00FDE8E8"}
    missing = {sheet.cell(row=3, column=c).value for c in range(1, sheet.max_column + 1)
               if "— missing" in str(sheet.cell(row=4, column=c).value)}
    assert len(missing) == 10 and shaded == missing


def _ods_rows(path: Path) -> tuple[str, list[list[str]]]:
    from odf import teletype
    from odf.opendocument import load as load_ods
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    table = load_ods(str(path)).spreadsheet.getElementsByType(Table)[0]
    rows = [["\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
             for cell in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)]
    return str(table.getAttribute("name")), rows


def test_ods_read_back_matches_the_flow_files(tmp_path: Path) -> None:
    target = tmp_path / "registre.ods"
    assert run_cli("ropa", EXAMPLES, "-p", "cnil", "-f", "ods", "-o", target).exit_code == 0
    assert target.read_bytes()[30:38] == b"mimetype"
    name, rows = _ods_rows(target)
    assert name == "Registre des traitements"
    assert rows[0] == ["Registre des activités de traitement (article 30.1 du RGPD)"]
    _check_against_flow_files(rows, {
        "purposes": "Finalités", "bases": "Base légale",
        "subjects": "Catégories de personnes concernées", "measures": "Mesures de sécurité"})


def test_fi_spreadsheet_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "seloste.xlsx"
    assert run_cli("ropa", EXAMPLES, "-p", "fi", "-o", target).exit_code == 0
    sheet = load_workbook(target)["Seloste käsittelytoimista"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Payroll"][6] == ("lakisääteisten velvoitteiden noudattaminen: lakisääteinen "
                                  "velvoite (6 art. 1 c)\npalkanlaskenta: sopimus (6 art. 1 b)")
    assert rows["Newsletter"][6] == "markkinointi: suostumus (6 art. 1 a)"
    assert rows["Web analytics"][12] == (  # in the order of the flow file
        "14 kuukautta alkaen: the visit\n"
        "12 kuukautta alkaen: the visitor's consent (analytics cookie lifetime)")


# -- missing facts ---------------------------------------------------------------------------------


def test_missing_facts_name_the_rule_of_their_finding(gaps: Path) -> None:
    result = run_cli("ropa", gaps, "-p", "ico", "-f", "csv")
    assert result.stderr == ("1 activity, 10 cell(s) with a missing fact (run `dataflow "
                             "validate` for the findings)\n")
    row = rows_of(result.stdout)[0]
    assert row["Controller (name and contact details)"] == "Gap Oy, — missing (ROPA-01)"
    assert row["Article 6 lawful basis"] == "human resource management: — missing (LB-01)"
    assert row["Article 9 condition or national law for special category data"] == (
        "— missing (SC-01)")
    assert row["Categories of recipients"] == (
        "Clinic Oy (processor, Finland)\nVendor Inc. (— missing (ROPA-04), United States)")
    assert row["Contracts with processors"] == "Clinic Oy: — missing (PROC-01)"
    assert row["Safeguards for transfers to third countries"] == (
        "Vendor Inc. (United States): — missing (XFER-01)")
    assert row["Retention schedule"] == "— missing (RET-01)"
    assert row["Technical and organisational security measures"] == "— missing (ROPA-07)"
    assert row["Source of the personal data"] == "— missing (no finding reported)"
    processor = rows_of(ropa(gaps, "-p", "fi", "--role", "processor", "-f", "csv"))[0]
    assert processor["Rekisterinpitäjät, joiden lukuun tietoja käsitellään"] == (
        "— puuttuu (ROLE-01)")
    assert processor["Teknisten ja organisatoristen turvatoimien yleinen kuvaus"] == (
        "— puuttuu (ROPA-07)")


def test_a_gap_without_a_finding_says_so(gaps: Path) -> None:
    """Findings reach the model as data: without them a gap still shows, and says that no
    finding explains it (a suppressed or unselected rule)."""
    terms = default_index()
    graph = load([gaps], terms)
    facts = read_facts(graph, build_view(graph.graph, terms), terms)
    bare = build_record(facts, "art30", "controller", [])
    assert bare.cell("urn:dataflow:gapco.hr", "measures").lines == (
        "— missing (no finding reported)",)
    assert bare.cell("urn:dataflow:gapco.hr", "measures").missing == ()
    found = [Finding("ROPA-07", Severity.WARNING, "no measure", "urn:dataflow:gapco.hr")]
    cell = build_record(facts, "fi", "controller", found).cell("urn:dataflow:gapco.hr",
                                                               "measures")
    assert (cell.lines, cell.missing) == (("— puuttuu (ROPA-07)",), ("ROPA-07",))
    assert build_record(facts, "art30", "controller", found).cell(
        "urn:dataflow:gapco.hr", "activity").missing is None


def test_suppressed_finding_leaves_the_gap_unexplained(tmp_path: Path) -> None:
    (tmp_path / "gaps.yaml").write_text(GAPS.replace(
        "  - id: gapco.hr\n",
        "  - id: gapco.hr   # dataflow: ignore[ROPA-07] measures are being documented\n"),
        encoding="utf-8")
    row = row_named(ropa(tmp_path, "-f", "csv"), "Staff health")
    assert row["Technical and organisational security measures"] == (
        "— missing (no finding reported)")


# -- options ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("--profile", "dsk"), ("--role", "joint-controller"),
                                  ("--format", "pdf")])
def test_bad_options_exit_2(args: tuple[str, str]) -> None:
    result = run_cli("ropa", EXAMPLES, *args)
    assert result.exit_code == 2
    assert "Invalid value" in result.stderr


def test_no_activity_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "parties.yaml").write_text("parties:\n  - id: x.p\n    name: P\n",
                                           encoding="utf-8")
    result = run_cli("ropa", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no processing activity in ")


def test_the_suffix_of_the_output_names_the_format(tmp_path: Path) -> None:
    assert run_cli("ropa", EXAMPLES, "-o", tmp_path / "record.markdown").exit_code == 0
    assert (tmp_path / "record.markdown").read_text(encoding="utf-8").startswith(
        "# Record of processing activities (GDPR Art. 30(1))\n")
    assert run_cli("ropa", EXAMPLES, "-o", tmp_path / "record.htm").exit_code == 0
    assert (tmp_path / "record.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = run_cli("ropa", EXAMPLES, "-o", tmp_path / "record.pdf")
    assert result.exit_code == 2
    assert result.stderr == (f"error: --output {tmp_path / 'record.pdf'}: the suffix names no "
                             "format of the record (expected --format xlsx|ods|csv|md|html)\n")
    assert not (tmp_path / "record.pdf").exists()


def test_binary_formats_never_go_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr("dataflow.cli.documents.sys", terminal)
    result = run_cli("ropa", EXAMPLES, "-f", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == ("error: --format xlsx writes a binary file: give --output FILE, "
                             "or redirect standard output to a file\n")


def test_binary_formats_go_to_a_pipe() -> None:
    result = CliRunner().invoke(app, ["ropa", str(EXAMPLES), "-f", "ods"])
    assert result.exit_code == 0
    assert result.stdout_bytes[:2] == b"PK"
    assert b"application/vnd.oasis.opendocument.spreadsheet" in result.stdout_bytes[:100]


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_spreadsheets_are_the_same_bytes_at_any_time(suffix: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    import zipfile

    first, later = tmp_path / f"first.{suffix}", tmp_path / f"later.{suffix}"
    assert run_cli("ropa", EXAMPLES, "-o", first).exit_code == 0
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 86_400)  # ZIP entries take the time
    assert run_cli("ropa", EXAMPLES, "-o", later).exit_code == 0
    assert first.read_bytes() == later.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert {e.date_time for e in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        if suffix == "xlsx":
            core = package.read("docProps/core.xml").decode()
            assert core.count(">1980-01-01T00:00:00Z<") == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, as a build sets it
    dated = tmp_path / f"dated.{suffix}"
    assert run_cli("ropa", EXAMPLES, "-o", dated).exit_code == 0
    with zipfile.ZipFile(dated) as package:
        assert {e.date_time for e in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}
