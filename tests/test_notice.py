"""`dataflow notice`: the Art. 13/14 privacy notice of one audience, and `--check`.

Expected content is written out for flows/examples (Acme, which has no findings) in both
languages, section by section; a map with gaps shows each missing section with the rule of
its finding; `--check` is run the way CI runs it, in a git repository whose flows change
after the notice was committed. The seed notices and records in docs/seeds/ are regenerated
and compared with the committed files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_cli
from dataflow.view.notice.sections import SECTION_IDS, SECTIONS

EXAMPLES = ROOT / "flows" / "examples"
SEEDS = ROOT / "docs" / "seeds"

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
  - id: gapco.broker
    name: Broker Oy
    country: FI
activities:
  - id: gapco.sales
    name: Sales
    role: controller
    purposes:
      - purpose: customer-care
      - purpose: marketing
        legal-basis: consent
    subjects: [customer]
    data: [name, email]
    sources: [data-subject, gapco.broker]
flows:
  - id: gapco.to-vendor
    from: gapco.sales
    to: gapco.vendor
    data: [name]
"""

#: A flow change that makes a committed notice to customers stale: a new recipient.
NEW_RECIPIENT = """\
  - id: acme.calls-to-archive
    from: acme.customer-service
    to: acme.archive
    role: processor
    data: [name, call-recording]
    purposes: [customer-care]
    dpa: {signed: 2025-03-01, reference: DPA-2025-007}

parties:
  - id: acme.archive
    name: Arkistopalvelu Oy
    country: FI
"""


def notice(*args: str | Path) -> str:
    result = run_cli("notice", *args, "--isolated")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def sections(markdown: str) -> dict[str, list[str]]:
    """The lines of each numbered section, by heading (without its number)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line.split(". ", 1)[1], [])
        elif line == "---":
            current = None
        elif current is not None and line:
            current.append(line)
    return found


@pytest.fixture(scope="module")
def customers_en() -> dict[str, list[str]]:
    return sections(notice(EXAMPLES, "--subject", "customer", "--lang", "en"))


@pytest.fixture(scope="module")
def customers_fi() -> dict[str, list[str]]:
    return sections(notice(EXAMPLES, "--subject", "asiakkaat", "--lang", "fi"))


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("gaps")
    (folder / "gapco.yaml").write_text(GAPS, encoding="utf-8")
    return sections(notice(folder, "--subject", "customer", "--lang", "en"))


def test_every_section_in_the_order_of_the_table(customers_en: dict[str, list[str]],
                                                 customers_fi: dict[str, list[str]]) -> None:
    assert list(customers_en) == [s.heading["en"] for s in SECTIONS]
    assert list(customers_fi) == [s.heading["fi"] for s in SECTIONS]
    assert SECTION_IDS[0] == "controller" and len(set(SECTION_IDS)) == len(SECTIONS)


def test_purposes_each_with_its_basis(customers_en: dict[str, list[str]],
                                      customers_fi: dict[str, list[str]]) -> None:
    assert customers_en["Purposes of the processing and their legal bases"] == [
        "- Customer service and support-line recording",
        "  - customer care: contract (Art. 6(1)(b))",
        "  - dispute management: legitimate interests (Art. 6(1)(f))",
        "  - service optimisation: legitimate interests (Art. 6(1)(f))",
        "- Direct marketing to customers' contact persons",
        "  - direct marketing: legitimate interests (Art. 6(1)(f))",
        "- Invoicing and accounting",
        "  - customer claims management: legitimate interests (Art. 6(1)(f))",
        "  - legal compliance: legal obligation (Art. 6(1)(c))",
        "  - payment management and billing: contract (Art. 6(1)(b))",
    ]
    assert customers_fi["Käsittelyn tarkoitukset ja oikeusperusteet"][:4] == [
        "- Customer service and support-line recording",
        "  - asiakaspalvelu: sopimus (6 art. 1 b)",
        "  - palvelun optimointi: oikeutettu etu (6 art. 1 f)",
        "  - riitojen hoitaminen: oikeutettu etu (6 art. 1 f)",
    ]
    assert customers_en["Legitimate interests"][:3] == [
        "- Customer service and support-line recording",
        "  - dispute management: Evidence of orders and changes agreed on the phone, if "
        "disputed.",
        "  - service optimisation: Quality review and agent training from recordings and "
        "transcripts; balancing test LIA-2024-03 on file with the DPO.",
    ]


def test_recipients_over_every_hop(customers_en: dict[str, list[str]],
                                   customers_fi: dict[str, list[str]]) -> None:
    assert customers_fi["Tietojen vastaanottajat"] == [
        "- CallCloud Oy (käsittelijä, Suomi)",
        "- Deskflow Inc. (käsittelijä, Yhdysvallat)",
        "- Mailwave Ltd (käsittelijä, Irlanti)",
        "- Perintä Esimerkki Oy (kolmas osapuoli, Suomi)",
        "- Tilitoimisto Esimerkki Oy (käsittelijä, Suomi)",
        "- Verohallinto (Finnish Tax Administration, incl. the Incomes Register Unit) "
        "(viranomainen, Suomi)",
        "- Deskflow Support Pvt Ltd (alihankkija, Intia; tiedot välittää Deskflow Inc.)",
        "- Transcribe Inc. (alihankkija, Yhdysvallat; tiedot välittää CallCloud Oy)",
    ]
    assert ("- Transcribe Inc. (sub-processor, United States; onward from CallCloud Oy)"
            in customers_en["Recipients"])


def test_transfers_with_their_mechanism_and_a_copy(customers_en: dict[str, list[str]],
                                                   customers_fi: dict[str, list[str]]) -> None:
    assert customers_en["Transfers outside the EU and EEA"] == [
        "- Deskflow Inc. (United States): Commission standard contractual clauses "
        "(Art. 46(2)(c))",
        "- Deskflow Support Pvt Ltd (India; onward from Deskflow Inc.): Commission standard "
        "contractual clauses (Art. 46(2)(c))",
        "- Transcribe Inc. (United States; onward from CallCloud Oy): adequacy decision "
        "(Art. 45(3))",
        "- You can obtain a copy of the safeguards of these transfers from dpo@acme.example.",
    ]
    assert customers_fi["Tietojen siirrot EU:n ja ETA:n ulkopuolelle"][0] == (
        "- Deskflow Inc. (Yhdysvallat): vakiosopimuslausekkeet (46 art. 2 c)")


def test_no_transfers_is_said() -> None:
    employees = sections(notice(EXAMPLES, "--subject", "employee", "--lang", "fi"))
    assert employees["Tietojen siirrot EU:n ja ETA:n ulkopuolelle"] == [
        "- Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle."]


RIGHTS_EN = {
    "access": "- Right of access (Art. 15): you may ask whether we process your personal data "
              "and receive a copy of it.",
    "rectification": "- Right to rectification (Art. 16): you may have inaccurate or "
                     "incomplete data corrected.",
    "erasure": "- Right to erasure (Art. 17): you may ask us to erase your data, for example "
               "when it is no longer needed for its purpose.",
    "restriction": "- Right to restriction of processing (Art. 18): you may ask us only to "
                   "store your data, for example while its accuracy is being checked.",
    "portability": "- Right to data portability (Art. 20): you may receive the data you gave "
                   "us in a machine-readable format and have it passed to another controller.",
    "object": "- Right to object (Art. 21): on grounds relating to your particular situation "
              "you may object to processing based on legitimate interests or on a task in "
              "the public interest; to direct marketing you may object at any time.",
    "withdraw": "- Right to withdraw consent (Art. 7(3)): you may withdraw your consent at any "
                "time; this does not affect the lawfulness of the processing before the "
                "withdrawal.",
}


def test_rights_derived_from_the_bases(customers_en: dict[str, list[str]]) -> None:
    # Customers: contract, legitimate interests, legal obligation; no consent.
    assert customers_en["Your rights"] == [
        RIGHTS_EN["access"], RIGHTS_EN["rectification"], RIGHTS_EN["erasure"],
        RIGHTS_EN["restriction"], RIGHTS_EN["portability"],
        "  - applies to: Customer service and support-line recording, Invoicing and accounting",
        RIGHTS_EN["object"],
        "- To exercise your rights, contact dpo@acme.example.",
    ]
    # Website visitors: consent (analytics) and legitimate interests (strict necessity).
    visitors = sections(notice(EXAMPLES, "--subject", "website-visitor", "--lang", "en"))
    assert visitors["Your rights"][4:] == [
        RIGHTS_EN["portability"], "  - applies to: Web analytics",
        RIGHTS_EN["object"], "  - applies to: Website operation and strictly necessary cookies",
        RIGHTS_EN["withdraw"], "  - applies to: Web analytics",
        "- To exercise your rights, contact dpo@acme.example.",
    ]
    # Employees: contract and legal obligation: no objection, no withdrawal.
    employees = sections(notice(EXAMPLES, "--subject", "employee", "--lang", "fi"))
    assert employees["Rekisteröidyn oikeudet"][4:] == [
        "- Oikeus siirtää tiedot järjestelmästä toiseen (20 art.): voit saada antamasi tiedot "
        "koneluettavassa muodossa ja siirtää ne toiselle rekisterinpitäjälle.",
        "  - koskee käsittelytoimia: Employment records, Payroll",
        "- Voit käyttää oikeuksiasi ottamalla yhteyttä: dpo@acme.example.",
    ]


def test_art14_sources_of_data_not_from_the_subject() -> None:
    applicants = sections(notice(EXAMPLES, "--subject", "job-applicant", "--lang", "fi"))
    assert applicants["Säännönmukaiset tietolähteet"] == [
        "- rekisteröidyltä itseltään: Recruitment",
        "- ulkopuolinen lähde: Recruitment",
        "- Osa tiedoista saadaan muualta kuin sinulta itseltäsi; tietolähteet on lueteltu "
        "edellä (tietosuoja-asetuksen 14 art. 2 kohdan f alakohta).",
    ]
    employees = sections(notice(EXAMPLES, "--subject", "employee", "--lang", "en"))
    assert employees["Where the data comes from"] == [
        "- collected from the data subject: Employment records, Payroll, Sick leave and "
        "absences",
        "- Työterveys Esimerkki Oy: Sick leave and absences",
        "- Verohallinto (Finnish Tax Administration, incl. the Incomes Register Unit): Payroll",
        "- Part of the data is not collected from you: its sources are listed above "
        "(GDPR Art. 14(2)(f)).",
    ]


def test_complaint_to_the_finnish_authority(customers_en: dict[str, list[str]],
                                           customers_fi: dict[str, list[str]]) -> None:
    fi = customers_fi["Oikeus tehdä valitus valvontaviranomaiselle"]
    assert "Suomessa valvontaviranomainen on tietosuojavaltuutettu." in fi[0]
    assert fi[1] == ("- Tietosuojavaltuutetun toimisto: käyntiosoite Lintulahdenkuja 4, 00530 "
                     "Helsinki; postiosoite PL 800, 00531 Helsinki; puhelinvaihde 029 566 6700; "
                     "sähköposti tietosuoja@om.fi; tietosuoja.fi")
    en = customers_en["Right to lodge a complaint"]
    assert "In Finland this is the Data Protection Ombudsman (Tietosuojavaltuutettu)." in en[0]
    assert "P.O. Box 800, 00531 Helsinki, Finland" in en[1]


def test_requirement_from_the_basis(customers_en: dict[str, list[str]]) -> None:
    unrecorded = "— not recorded (the flow format has no field for it)"
    assert customers_en["Is providing the data required?"][-4:] == [
        "- Invoicing and accounting",
        "  - customer claims management: " + unrecorded,
        "  - legal compliance: a statutory requirement: we process the data to meet a legal "
        "obligation",
        "  - payment management and billing: a contractual requirement: the data is needed to enter into "
        "or perform the contract, and without it we cannot do so",
    ]


def test_automated_decisions_and_profiling_from_the_activities(
        customers_en: dict[str, list[str]]) -> None:
    assert customers_en["Automated decision-making and profiling"] == [
        "- No decisions about you are made by automated means alone."]
    adm = FIXTURES / "rules" / "ADM-02" / "pass.yaml"
    base = FIXTURES / "rules" / "_base.yaml"
    en = sections(notice(base, adm, "--subject", "customer", "--lang", "en"))
    assert en["Automated decision-making and profiling"] == [
        "- Purchase on invoice: decisions about you are made by automated means alone",
        "  - Effect on you: legal effect.",
        "  - Allowed by: a contract (Art. 22(2)(a)).",
        "  - Safeguards: the right to contest the decision, the right to express one's point "
        "of view, the right to obtain human intervention.",
    ]
    fi = sections(notice(ROOT / "flows" / "enreach", "--subject", "asiakkaat", "--lang", "fi"))
    assert fi["Automaattinen päätöksenteko ja profilointi"] == [
        "- Profilointi asiakaspalvelupuheluiden ohjaamiseen: tietojasi käytetään profilointiin"]


def test_missing_facts_name_their_rule(gaps: dict[str, list[str]]) -> None:
    assert gaps["Controller and contact details"] == ["- Gap Oy, — missing (ROPA-01)"]
    assert gaps["Data protection officer"] == ["- No data protection officer has been designated."]
    assert gaps["Purposes of the processing and their legal bases"] == [
        "- Sales", "  - customer care: — missing (LB-02)",
        "  - marketing: consent (Art. 6(1)(a))"]
    assert gaps["Recipients"] == ["- Vendor Inc. (— missing (ROPA-04), United States)"]
    # No mechanism, so no safeguards to obtain a copy of.
    assert gaps["Transfers outside the EU and EEA"] == [
        "- Vendor Inc. (United States): — missing (XFER-01)"]
    assert gaps["How long the data is kept"] == [
        "- Sales (email address, name)", "  - — missing (RET-01)"]
    assert gaps["Where the data comes from"] == [
        "- collected from the data subject: Sales", "- Broker Oy: Sales",
        "- Part of the data is not collected from you: its sources are listed above "
        "(GDPR Art. 14(2)(f)).",
    ]
    assert gaps["Your rights"][-2:] == [
        RIGHTS_EN["withdraw"], "- To exercise your rights, contact — missing (ROPA-01)."]
    assert gaps["Is providing the data required?"] == [
        "- Sales", "  - customer care: — missing (LB-02)",
        "  - marketing: voluntary: we process the data for this purpose only with your consent"]


def test_activity_without_subjects_is_in_every_notice(tmp_path: Path) -> None:
    undeclared = ("  - id: gapco.misc\n    name: Miscellaneous\n    role: controller\n"
                  "    purposes:\n      - {purpose: customer-care, legal-basis: contract}\n"
                  "    data: [name]\n")
    (tmp_path / "gapco.yaml").write_text(GAPS.replace("flows:\n", undeclared + "flows:\n"),
                                         encoding="utf-8")
    text = notice(tmp_path, "--subject", "customer", "--lang", "en")
    assert ("Processing activities covered: Miscellaneous (its data subjects are not stated: "
            "— missing (ROPA-03)); Sales.") in text


def test_html_marks_missing_entries(tmp_path: Path) -> None:
    (tmp_path / "gapco.yaml").write_text(GAPS, encoding="utf-8")
    page = notice(tmp_path, "-s", "customer", "--lang", "fi", "--format", "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fi">')
    assert '<section id="transfers">\n<h2>8. Tietojen siirrot EU:n ja ETA:n ulkopuolelle</h2>' in page
    assert '<li class="missing">Vendor Inc. (Yhdysvallat): — puuttuu (XFER-01)</li>' in page


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = notice(EXAMPLES, "-s", "customer")
    target = tmp_path / "notice.md"
    result = run_cli("notice", EXAMPLES, "-s", "customer", "-o", target, "--isolated")
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == first
    assert result.stderr == ("3 activities, 0 section(s) with a missing fact, 1 section(s) "
                             "not in the flow format\n")


def test_bad_subject_exits_2_with_a_did_you_mean() -> None:
    result = run_cli("notice", EXAMPLES, "--subject", "custmer", "--isolated")
    assert result.exit_code == 2
    assert "unknown data subject category 'custmer'; did you mean 'customer'?" in result.stderr
    assert result.stdout == ""


def test_subject_no_activity_is_about_exits_2() -> None:
    result = run_cli("notice", EXAMPLES, "--subject", "patient", "--isolated")
    assert result.exit_code == 2
    assert ("processes data about 'patient' as a controller: nothing to tell them (expected "
            "one of the subjects of a controller's activity: business-contact, customer, "
            "employee, job-applicant, subscriber, visitor)") in result.stderr


def test_bad_language_and_check_with_output_exit_2(tmp_path: Path) -> None:
    assert run_cli("notice", EXAMPLES, "-s", "customer", "--lang", "sv").exit_code == 2
    both = run_cli("notice", EXAMPLES, "-s", "customer", "--check", tmp_path / "a.md",
                   "-o", tmp_path / "b.md")
    assert both.exit_code == 2 and "exclude each other" in both.stderr


# -- notices as code: --check in a repository --------------------------------------------


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_check_fails_on_a_stale_notice_and_passes_on_a_fresh_one(tmp_path: Path) -> None:
    repo = tmp_path / "privacy"
    shutil.copytree(EXAMPLES, repo / "flows")
    flows, committed = repo / "flows", repo / "notices" / "customers.fi.md"
    committed.parent.mkdir()
    _git(repo, "init", "-q")
    args = ("notice", flows, "--subject", "customer", "--lang", "fi", "--isolated")
    assert run_cli(*args, "-o", committed).exit_code == 0
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "flows and the notice to customers")

    fresh = run_cli(*args, "--check", committed)
    assert (fresh.exit_code, fresh.stdout) == (0, "")
    assert fresh.stderr == f"{committed}: up to date\n"

    with (flows / "customer-service.yaml").open("a", encoding="utf-8") as file:
        file.write(NEW_RECIPIENT)
    _git(repo, "commit", "-q", "-am", "a new processor for call recordings")
    stale = run_cli(*args, "--check", committed)
    assert stale.exit_code == 1
    assert stale.stdout.startswith(f"--- {committed} (committed)\n"
                                   f"+++ {committed} (from the flow files)\n@@ ")
    added = [line for line in stale.stdout.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+- Arkistopalvelu Oy (käsittelijä, Suomi)"]
    assert "stale" in stale.stderr

    assert run_cli(*args, "-o", committed).exit_code == 0
    assert run_cli(*args, "--check", committed).exit_code == 0


# -- the seeds, side by side with their published notices ---------------------------------

#: What docs/seeds/ holds for each seed organisation: the Finnish notice to each main
#: audience and the Finnish record. Regenerate with DATAFLOW_UPDATE_SEEDS=1.
SEED_AUDIENCES = {
    "enreach": ("customer", "job-applicant"),
    "enexus": ("customer",),
    "enpros": ("customer",),
    "entrack": ("customer", "employee"),
    "elmonet": ("customer",),
}


def seed_documents(org: str) -> dict[str, list[str | Path]]:
    flows = ROOT / "flows" / org
    documents: dict[str, list[str | Path]] = {
        f"notice-{audience}.fi.md": ["notice", flows, "--subject", audience, "--lang", "fi"]
        for audience in SEED_AUDIENCES[org]}
    documents["record.fi.md"] = ["ropa", flows, "--profile", "fi", "--format", "md"]
    return documents


@pytest.mark.parametrize("org", sorted(SEED_AUDIENCES))
def test_seed_documents_are_up_to_date(org: str) -> None:
    folder = SEEDS / org
    for name, args in seed_documents(org).items():
        result = run_cli(*args, "--isolated")
        assert result.exit_code == 0, result.stderr
        if os.environ.get("DATAFLOW_UPDATE_SEEDS"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(result.stdout, encoding="utf-8")
        assert (folder / name).read_text(encoding="utf-8") == result.stdout, (
            f"docs/seeds/{org}/{name} is stale: run DATAFLOW_UPDATE_SEEDS=1 pytest "
            "tests/test_notice.py -k seed")
    assert (folder / "comparison.md").is_file()


def test_the_pre_commit_hook_runs_the_check() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["dataflow-notice-check"]
    assert (hook["entry"], hook["pass_filenames"], hook["language"]) == (
        "dataflow notice", False, "python")
    files = re.compile(hook["files"])
    for path in ("flows/customer-service.yaml", "dataflow.toml",
                 "privacy/notice-customers.fi.md", "docs/seeds/enreach/notice-customer.fi.md"):
        assert files.search(path), path
    assert not files.search("src/app.py")


def test_the_organisations_own_flows_are_recipients_too(tmp_path: Path) -> None:
    """A flow from the organisation itself (not from an activity) may carry the audience's
    data: the notice names its recipient, as `trace --subject` follows it."""
    own_flow = ("  - id: gapco.to-tax\n    from: gapco\n    to: gapco.tax\n    role: authority\n"
                "    legal-basis: legal-obligation\n")
    tax = "  - id: gapco.tax\n    name: Verohallinto\n    country: FI\n"
    (tmp_path / "gapco.yaml").write_text(
        GAPS.replace("activities:\n", tax + "activities:\n") + own_flow, encoding="utf-8")
    found = sections(notice(tmp_path, "-s", "customer", "--lang", "fi"))
    assert found["Tietojen vastaanottajat"] == [
        "- Vendor Inc. (— puuttuu (ROPA-04), Yhdysvallat)",
        "- Verohallinto (viranomainen, Suomi)",
    ]
