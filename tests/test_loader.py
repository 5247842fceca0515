"""Bad input gets a message with file:line and what was expected, exit code 2, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ACTIVITY, FIXTURES, line_of, run_cli

BASE = FIXTURES / "rules" / "_base.yaml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CASES = [
    ("syntax.yaml", "flows:\n  - id: x\n    from: [a\n", "syntax.yaml:3:11: YAML syntax error"),
    ("unknown-key.yaml", "activities:\n  - id: a\n    organisation: acme\n    colour: red\n",
     "unknown-key.yaml:4:5: unknown key 'colour' (expected one of automated-decisions, "
     "controllers, data, description, id, legal-bases, measures, monitoring, name, objection, "
     "organisation, profiling, purposes, retention, role, scale, sources, subjects, systems)"),
    ("misspelt-key.yaml", "activities:\n  - id: a\n    organisation: acme\n"
     "    purposes:\n      - {purpose: marketing, legal-basis: consent, consnt: web-form}\n",
     "misspelt-key.yaml:5:52: unknown key 'consnt'; did you mean 'consent'? (expected one of "
     "art10-ground, art9-condition, assessment, channels, consent, description, interest, "
     "legal-basis, national-law, purpose, soft-opt-in, strictly-necessary)"),
    ("consent-key.yaml", "activities:\n  - id: a\n    organisation: acme\n    purposes:\n"
     "      - {purpose: marketing, legal-basis: consent, consent: {method: opt-in, withdrawl: x}}\n",
     "consent-key.yaml:5:78: unknown key 'withdrawl'; did you mean 'withdrawal'? (expected one "
     "of method, record, withdrawal)"),
    ("channel.yaml", "activities:\n  - id: a\n    organisation: acme\n    purposes:\n"
     "      - {purpose: marketing, legal-basis: consent, channels: [emial]}\n",
     "channel.yaml:5:63: unknown value 'emial'; did you mean 'email'? (expected one of "
     "email, sms, automated-call, phone, post)"),
    ("one-purpose.yaml", "activities:\n  - id: a\n    organisation: acme\n    purposes:\n"
     "      purpose: marketing\n      colour: red\n",
     "one-purpose.yaml:6:7: unknown key 'colour'"),
    ("unknown-id.yaml",
     "flows:\n  - id: f\n    from: acme\n    to: hosting-fl\n    role: processor\n",
     "unknown-id.yaml:4:9: unknown id 'hosting-fl'; did you mean 'hosting-fi'?"),
    ("unknown-term.yaml",
     "activities:\n  - id: a\n    organisation: acme\n    data: [call-recordngs]\n",
     "unknown-term.yaml:4:12: unknown data category 'call-recordngs'; did you mean "
     "'call-recording'"),
    ("wrong-kind.yaml",
     "activities:\n  - id: a\n    organisation: acme\n    purposes:\n"
     "      - {purpose: marketing, legal-basis: call-recording}\n",
     "wrong-kind.yaml:5:43: 'call-recording' is not a valid Art. 6 legal basis"),
    ("wrong-type.yaml",
     "flows:\n  - id: f\n    from: acme\n    to: hosting-fi\n    start: someday\n",
     "wrong-type.yaml:5:12: flows.0.start: Input should be a valid date"),
    ("bad-country.yaml", "parties:\n  - id: p\n    country: XX\n",
     "bad-country.yaml:3:14: unknown country 'XX'"),
    ("bad-country-name.yaml", "parties:\n  - id: p\n    country: Finlnd\n",
     "bad-country-name.yaml:3:14: unknown country 'Finlnd'; did you mean 'FI'? (expected a "
     "country: an alias, a CURIE such as loc:AD, or an IRI; `dataflow terms country` lists "
     "them)"),
    ("duplicate.yaml", "parties:\n  - id: hosting-fi\n", "duplicate.yaml:2: id 'hosting-fi' is "
     "declared twice"),
    ("bad-duration.yaml",
     "activities:\n  - id: a\n    organisation: acme\n    retention: {duration: forever}\n",
     "bad-duration.yaml:4:27: cannot read duration 'forever'"),
    ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b .\n", "bad.ttl:2:11: turtle syntax error: . is not a valid RDF object"),
    ("remote.jsonld", '{"@context": "https://w3id.org/dpv/dpv.jsonld", "@id": "urn:x"}',
     "remote.jsonld:1: remote JSON-LD @context is not allowed"),
    ("imports.ttl", "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
     "<urn:x> owl:imports <https://w3id.org/dpv> .\n",
     "imports.ttl:2: owl:imports <https://w3id.org/dpv> is not followed"),
]


@pytest.mark.parametrize(("name", "text", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, name, text)
    result = run_cli("validate", BASE, path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: ")
    assert message in first.replace(os.path.relpath(tmp_path) + os.sep, "")


def test_norway_is_not_false(tmp_path: Path) -> None:
    path = write(tmp_path, "no.yaml", "parties:\n  - id: p\n    name: Norsk AS\n    country: NO\n")
    result = run_cli("validate", "--format", "json", BASE, ACTIVITY, path)
    assert result.exit_code == 0, result.stderr


def test_missing_path() -> None:
    result = run_cli("validate", "does-not-exist")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: does-not-exist: no such file or directory")


def test_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("parties:\n  - id: p\n    name: Åbo\xe4\n".encode("latin-1"))
    result = run_cli("validate", BASE, path)
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.stderr


def test_one_run_reports_every_bad_term_of_an_entry_and_no_false_unknown_id(
        tmp_path: Path) -> None:
    """Two bad terms in one activity are both reported; a duplicate id does not hide the
    other ids of its file (the flow's 'acme.sales' is declared after the duplicate)."""
    path = write(tmp_path, "draft.yaml", (
        "organisation: acme\n"
        "systems:\n  - id: hosting-fi\n    name: Again\n"
        "activities:\n  - id: acme.sales\n    name: Sales\n    role: controller\n"
        "    purposes: [{purpose: hr-management, legal-basis: contract}]\n"
        "    subjects: [prospect]\n    data: [email]\n"
        "flows:\n  - id: acme.f\n    from: acme.sales\n    to: hosting-fi\n"
        "    role: processor\n    country: UK\n"))
    result = run_cli("validate", BASE, path)
    assert result.exit_code == 2
    shown = [line.replace(os.path.relpath(tmp_path) + os.sep, "").split(" (expected")[0]
             for line in result.stderr.splitlines()]
    assert shown == [
        "error: draft.yaml:3: id 'hosting-fi' is declared twice (first at "
        + os.path.relpath(BASE) + ":" + str(line_of(BASE, "- id: hosting-fi")) + ")",
        "error: draft.yaml:9:26: unknown purpose 'hr-management'; did you mean "
        "'human-resource-management'?",
        "error: draft.yaml:10:16: unknown data subject category 'prospect'",
        "error: draft.yaml:17:14: unknown country 'UK'; did you mean 'GB'?",
    ]


def test_a_file_that_cannot_be_read_does_not_make_its_ids_unknown_elsewhere(
        tmp_path: Path) -> None:
    """A typo in the file that declares acme.crm stops that file only: another file's
    `sources: [acme.crm]` is not reported as an unknown data source (the trial's typo)."""
    base = tmp_path / "base.yaml"
    base.write_text("organisation: acme\norganisations:\n  - {id: acme, name: Acme, country: FI}\n"
                    "systems:\n  - id: acme.crm\n    name: CRM\n    colour: red\n",
                    encoding="utf-8")
    user = write(tmp_path, "billing.yaml", (
        "organisation: acme\nactivities:\n  - id: acme.billing\n    name: Billing\n"
        "    role: controller\n    purposes: [{purpose: customer-care, legal-basis: contract}]\n"
        "    sources: [acme.crm]\n"))
    result = run_cli("validate", base, user)
    assert result.exit_code == 2
    assert [line.split(" (expected")[0].replace(os.path.relpath(tmp_path) + os.sep, "")
            for line in result.stderr.splitlines()] == [
        "error: base.yaml:7:5: unknown key 'colour'; did you mean 'country'?"]
