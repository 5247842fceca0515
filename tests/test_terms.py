"""The vocabulary for the architect who writes flow files: `dataflow terms`, resolution of
labels in either number and language, suggestions by meaning, and the small things of issue
14 (`--version`, why `--strict` failed, help that reads at 80 columns)."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from conftest import ACTIVITY, FIXTURES, ROOT, run_cli
from dataflow.cli import app
from dataflow.store.terms import default_index

BASE = FIXTURES / "rules" / "_base.yaml"


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


# -- dataflow terms ------------------------------------------------------------------------

def test_a_kind_lists_its_terms_two_lines_each() -> None:
    result = run_cli("terms", "certification")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "certification (`dataflow terms certification`): 4 terms\n"
        "written in parties: certifications\n"
        "\n"
        "appi  df:APPI\n"
        "    business operator under Japan's APPI\n"
        "df:Certification\n"
        "    adequacy-scope certification\n"
        "dpf  df:DPF\n"
        "    EU-US Data Privacy Framework certification\n"
        "pipeda  df:PIPEDA\n"
        "    subject to Canada's PIPEDA\n")


def test_json_has_alias_curie_labels_in_both_languages_and_the_broader_term() -> None:
    result = run_cli("terms", "data", "call recording", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == [{
        "kind": "data",
        "name": "call-recording",
        "aliases": ["call-recording", "voice-recording"],
        "curie": "pd:VoiceCommunicationRecording",
        "iri": "https://w3id.org/dpv/pd#VoiceCommunicationRecording",
        "labels": {"en": ["call recordings"], "fi": ["puhelutallenteet", "puhelunauhoitteet"]},
        "synonyms": [],
        "broader": ["communication"],
        "definition": None,
    }]


@pytest.mark.parametrize(("args", "names"), [
    (("subject", "asiakas"), ["customer"]),             # Finnish singular of "asiakkaat"
    (("subject", "customers"), ["customer", "business-contact"]),  # and the narrower one
    (("data", "puhelutallenne"), ["call-recording"]),   # Finnish singular, any kind
    (("puhelutallenne",), ["call-recording"]),
    (("legal-basis", "sopimus"), ["contract"]),         # Finnish label
    (("country", "UK"), ["GB", "UA"]),                   # a synonym, then the prefix of Ukraine
    (("mechanism", "eu-gdpr:A46-2"), ["bcr", "certification-mechanism", "code-of-conduct",
                                      "public-authority-instrument", "scc", "scc-dpa"]),
    (("purposes", "hr"), ["human-resource-management"]),  # a plural kind name is a kind too
    (("https://w3id.org/dpv/pd#VoiceCommunicationRecording",), ["call-recording"]),
])
def test_search_by_any_name_in_either_language_and_number(args: tuple[str, ...],
                                                          names: list[str]) -> None:
    result = run_cli("terms", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [row["name"] for row in result.json()] == names


def test_every_kind_is_listed_and_reads_at_80_columns() -> None:
    result = run_cli("terms")
    assert result.exit_code == 0, result.stderr
    heads = [line.split(" (`dataflow terms ")[0] for line in result.stdout.splitlines()
             if " (`dataflow terms " in line]
    assert heads == ["data category", "data subject category", "purpose", "Art. 6 legal basis",
                     "Art. 9(2) condition", "transfer mechanism", "role", "measure",
                     "data source", "certification", "country", "consent method", "frequency",
                     "national law", "record kind"]
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_nothing_found_exits_1_and_an_unknown_kind_exits_2() -> None:
    nothing = run_cli("terms", "xyzzy")
    assert (nothing.exit_code, nothing.stdout, nothing.stderr) == (
        1, "", "no term matches 'xyzzy'\n")
    as_json = run_cli("terms", "data", "xyzzy", "--format", "json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")
    unknown = run_cli("terms", "purpse", "marketing")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "error: unknown kind of term 'purpse'; did you mean 'purpose'? (expected one of data, "
        "subject, purpose, legal-basis, art9-condition, mechanism, role, measure, source, ")


# -- resolution and suggestions in flow files ----------------------------------------------

def _validate(tmp_path: Path, body: str) -> Any:
    path = tmp_path / "flow.yaml"
    path.write_text("organisation: acme\n" + body, encoding="utf-8")
    return run_cli("validate", "--format", "json", BASE, ACTIVITY, path)


@pytest.mark.parametrize("written", [
    "call recording", "call recordings", "Call Recording", "puhelutallenne",
    "puhelutallenteet", "voice-recordings",
])
def test_a_label_or_alias_in_either_number_resolves(tmp_path: Path, written: str) -> None:
    result = _validate(tmp_path, "flows:\n  - {id: f, from: acme.newsletter, to: hosting-fi, "
                       f"role: processor, data: [{written}], dpa: true}}\n")
    assert result.exit_code == 0, result.stderr


def test_a_misspelling_is_never_resolved_silently(tmp_path: Path) -> None:
    result = _validate(tmp_path, "flows:\n  - {id: f, from: acme.newsletter, to: hosting-fi, "
                       "role: procesor}\n")
    assert result.exit_code == 2
    assert "unknown role 'procesor'; did you mean 'processor' or 'sub-processor'?" in result.stderr


SUGGESTIONS = [
    ("activities:\n  - {id: a, purposes: [hr-management]}\n",
     "unknown purpose 'hr-management'; did you mean 'human-resource-management'? (expected a "
     "purpose: an alias, a CURIE such as dpv:AcademicResearch, or an IRI; `dataflow terms "
     "purpose` lists them)"),
    ("parties:\n  - {id: p, country: UK}\n",
     "unknown country 'UK'; did you mean 'GB'? (expected a country: an alias, a CURIE such as "
     "loc:AD, or an IRI; `dataflow terms country` lists them)"),
    ("parties:\n  - {id: p, country: Englanti}\n", "unknown country 'Englanti'; did you mean "
     "'GB'?"),
    ("flows:\n  - {id: f, from: acme.newsletter, to: vendor-us, mechanism: sccs}\n",
     "unknown transfer mechanism 'sccs'; did you mean 'scc'?"),
    ("flows:\n  - {id: f, from: acme.newsletter, to: vendor-us, mechanism: privacy shield}\n",
     "unknown transfer mechanism 'privacy shield'; did you mean 'adequacy'?"),
    ("activities:\n  - {id: a, purposes: [{purpose: marketing, legal-basis: legitimate-intrest}]}"
     "\n", "unknown Art. 6 legal basis 'legitimate-intrest'; did you mean 'legitimate-interest'? "
     "(expected an Art. 6 legal basis"),
    ("activities:\n  - {id: a, purposes: [{purpose: marketing, art9-condition: consent}]}\n",
     "'consent' is not a valid Art. 9(2) condition"),
    ("activities:\n  - {id: a, purposes: [{purpose: marketing, art9-condition: explicit consent}]}"
     "\n", "unknown Art. 9(2) condition 'explicit consent'; did you mean 'art9-explicit-consent'?"),
    ("activities:\n  - {id: a, subjects: [personnel]}\n",
     "unknown data subject category 'personnel'; did you mean 'employee'?"),
    ("activities:\n  - {id: a, data: [hetu-number]}\n",
     "unknown data category 'hetu-number'; did you mean 'hetu'?"),
    ("activities:\n  - {id: a, purposes: [customer-support]}\n",
     "unknown purpose 'customer-support'; did you mean 'customer-care'?"),
]


@pytest.mark.parametrize(("body", "message"), SUGGESTIONS, ids=[s[1][:32] for s in SUGGESTIONS])
def test_suggestions_go_by_meaning(tmp_path: Path, body: str, message: str) -> None:
    result = _validate(tmp_path, body)
    assert result.exit_code == 2
    assert message in result.stderr


def test_recipients_takes_a_label_in_the_singular() -> None:
    result = run_cli("recipients", "call recording", ROOT / "flows" / "examples",
                     "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["query"]["term"] == "pd:VoiceCommunicationRecording"


def test_the_index_api_for_editors() -> None:
    """What a language server reuses: resolve, info, terms, search, suggest, is_kind."""
    index = default_index()
    iri = index.resolve("puhelutallenne", "data")
    assert iri is not None and index.is_kind(iri, "data")
    info = index.info(iri)
    assert (info.name, info.kinds, info.summary) == (
        "call-recording", ("data",),
        "call recordings · puhelutallenteet (pd:VoiceCommunicationRecording)")
    assert index.resolve("puhelutallenne") is None  # without a kind, only exact labels
    assert [t.name for t in index.terms("frequency")] == ["occasional", "systematic"]
    assert index.suggest("UK", "country") == ["GB"]


# -- the small things ------------------------------------------------------------------------

def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"dataflow {version('dataflow')}\n")


def test_strict_says_why_a_run_with_only_warnings_failed() -> None:
    result = run_cli("validate", "--strict", BASE, FIXTURES / "rules" / "ROPA-06" / "fail.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "failed: 1 warning and no errors; --strict fails a run on warnings")
    plain = run_cli("validate", BASE, FIXTURES / "rules" / "ROPA-06" / "fail.yaml")
    assert plain.exit_code == 0 and "failed" not in plain.stderr


def test_command_help_has_no_line_breaks_inside_a_paragraph() -> None:
    """typer shows a docstring's line breaks in the list of commands; each paragraph of a
    command's help is therefore one line, for the terminal to wrap."""
    for registered in app.registered_commands:
        text = registered.help or inspect.getdoc(registered.callback) or ""
        for paragraph in text.split("\n\n"):
            assert "\n" not in paragraph, (registered.name, paragraph)
    listing = run_cli("--help").stdout
    assert "data, transfers, countries, legal bases" in listing


def test_the_example_in_docs_editors_md_is_what_the_command_prints() -> None:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    block = text.split("```console\n$ dataflow terms data puhelutallenne\n")[1].split("```")[0]
    assert run_cli("terms", "data", "puhelutallenne").stdout == block
