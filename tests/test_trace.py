"""`dataflow recipients` and `dataflow trace --subject`, end to end through the CLI.

Exact recipients and paths on the seeds and on a fixture with a three-hop onward transfer
(tests/fixtures/trace/onward). "Who receives call recordings" is pinned on Enreach, the
compliant example and the fixture.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, run_cli

ENREACH = ROOT / "flows" / "enreach"
EXAMPLES = ROOT / "flows" / "examples"
ONWARD = FIXTURES / "trace" / "onward"


def recipients(term: str, *paths: Path) -> dict[str, Any]:
    result = run_cli("recipients", term, *paths, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = result.json()
    return data


def paths_of(data: dict[str, Any]) -> dict[str, set[tuple[str, ...]]]:
    """recipient id -> every path as the tuple of its flow ids."""
    return {r["id"]: {tuple(h["flow"] for h in p["hops"]) for p in r["paths"]}
            for r in data["recipients"]}


# -- recipients on the fixture ---------------------------------------------------------------


def test_three_hop_onward_transfer() -> None:
    data = recipients("call-recording", ONWARD)
    assert paths_of(data) == {
        "tri.callhost": {("tri.support-to-callhost",)},
        "tri.voicelab": {("tri.support-to-callhost", "tri.callhost-to-voicelab")},
        "tri.annotate": {("tri.support-to-callhost", "tri.callhost-to-voicelab",
                          "tri.voicelab-to-annotate")},
        # The archive receives "communication", broader than call recordings.
        "tri.archive": {("tri.support-to-callhost", "tri.callhost-to-archive")},
    }
    by_id = {r["id"]: r for r in data["recipients"]}
    annotate = by_id["tri.annotate"]
    assert (annotate["roles"], annotate["countries"], annotate["eea"]) == (
        ["sub-processor"], ["IN"], False)
    hops = annotate["paths"][0]["hops"]
    assert [h["inferred"] for h in hops] == [False, False, True]
    assert [h["match"] for h in hops] == ["declared", "declared", "inferred"]
    assert [h["mechanism"] for h in hops] == [[], ["scc"], []]
    assert [h["legal_basis"] for h in hops] == [["contract"], [], []]
    assert hops[0]["legal_basis_from"] == "activity"
    assert [h["countries"] for h in hops] == [["FI"], ["US"], ["IN"]]
    assert [h["eea"] for h in hops] == [True, False, False]
    assert annotate["inferred"] is True
    assert annotate["paths"][0]["controllers"] == ["tri"]
    assert by_id["tri.voicelab"]["inferred"] is False
    assert by_id["tri.voicelab"]["eea"] is False
    assert by_id["tri.callhost"]["eea"] is True
    assert by_id["tri.callhost"]["retention"] == ["3 months from date of the call"]
    assert by_id["tri.archive"]["match"] == "broader"
    assert "tri.mailer" not in by_id  # only names go there
    assert data["query"]["term"] == "pd:VoiceCommunicationRecording"


def test_narrower_categories_are_included() -> None:
    """Asking for communications includes call recordings: same recipients, all declared."""
    data = recipients("communications", ONWARD)
    assert "call-recording" in data["query"]["includes"]
    assert set(paths_of(data)) == {"tri.callhost", "tri.voicelab", "tri.annotate",
                                   "tri.archive"}
    archive = next(r for r in data["recipients"] if r["id"] == "tri.archive")
    assert archive["match"] == "declared"


@pytest.mark.parametrize("term", ["call-recording", "pd:VoiceCommunicationRecording",
                                  "call recordings", "puhelutallenteet", "Call Recordings"])
def test_every_way_of_naming_the_term(term: str) -> None:
    data = recipients(term, ONWARD)
    assert data["query"]["term"] == "pd:VoiceCommunicationRecording"
    assert set(paths_of(data)) == {"tri.callhost", "tri.voicelab", "tri.annotate",
                                   "tri.archive"}


def test_unknown_term_suggests_and_exits_2() -> None:
    result = run_cli("recipients", "call-recordin", ONWARD)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "unknown data category 'call-recordin'" in result.stderr
    assert "did you mean 'call-recording'" in result.stderr
    assert result.stdout == ""


def test_term_of_the_wrong_kind_exits_2() -> None:
    result = run_cli("recipients", "customer", ONWARD)
    assert result.exit_code == 2
    assert "'customer' is not a data category" in result.stderr


def test_csv_has_one_row_per_path() -> None:
    result = run_cli("recipients", "call-recording", ONWARD, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    annotate = next(r for r in rows if r["recipient"] == "tri.annotate")
    assert annotate["hops"] == "tri.support > tri.callhost > tri.voicelab > tri.annotate"
    assert annotate["data"] == "call-recording > call-recording > ~call-recording"
    assert annotate["mechanism"] == "- > scc > -"
    assert annotate["inferred"] == "yes"
    assert annotate["eea"] == "outside"
    archive = next(r for r in rows if r["recipient"] == "tri.archive")
    assert archive["data"] == "call-recording > ≈call-recording"
    assert len(rows) == 4


def test_text_table() -> None:
    result = run_cli("recipients", "call recordings", ONWARD)
    assert result.exit_code == 0
    out = result.stdout
    assert "Recipients of call recordings" in out
    for name in ("CallHost Oy", "VoiceLab Inc.", "Annotate Pvt Ltd", "Archive GmbH"):
        assert name in out
    assert "Mailer Ltd" not in out
    assert "~ call-recording" in out   # the inferred hop is marked
    assert "4 recipient(s), 2 outside the EEA" in out


def test_no_recipients() -> None:
    result = run_cli("recipients", "henkilotunnus", ONWARD)
    assert result.exit_code == 0
    assert "No party receives" in result.stdout
    assert recipients("henkilotunnus", ONWARD)["recipients"] == []


# -- recipients on the seeds ----------------------------------------------------------------


def test_call_recordings_at_enreach() -> None:
    """The notice names no recipient of call recordings and no flow lists data. Only the
    processor activity holds the recordings (for the customer companies), so the recipients
    are its two sub-contractor flows, both inferred. Organisation-wide disclosures carry what
    Enreach holds as a controller, which does not include the recordings."""
    data = recipients("call-recording", ENREACH)
    assert paths_of(data) == {
        "enreach.subcontractors": {("enreach.communication-services-to-subcontractors",)},
        "enreach.embedded-voice-subcontractor": {
            ("enreach.communication-services-to-embedded-voice-subcontractor",)},
    }
    by_id = {r["id"]: r for r in data["recipients"]}
    assert all(r["inferred"] for r in data["recipients"])
    sub = by_id["enreach.subcontractors"]
    assert sub["roles"] == ["sub-processor"]
    assert (sub["countries"], sub["eea"]) == (["outside-eea"], False)
    first = sub["paths"][0]
    assert first["from"] == "enreach.communication-services"
    assert first["controllers"] == ["enreach.customer-companies"]
    assert first["hops"][0]["mechanism"] == ["scc"]
    sources = {s["id"] for s in data["sources"]}
    assert "enreach.communication-services" in sources
    assert "enreach" not in sources


def test_call_recordings_at_elmonet() -> None:
    """ElmoNet records customer-service calls; none of its ten disclosure sentences limits
    the data, so each of the ten recipients may receive the recordings (all inferred)."""
    data = recipients("puhelutallenteet", ROOT / "flows" / "elmonet")
    found = paths_of(data)
    assert found == {
        "elmonet.analysis-and-advertising-parties": {("elmonet.to-analysis-and-advertising-parties",)},
        "elmonet.authorities": {("elmonet.to-authorities",)},
        "elmonet.credit-card-companies": {("elmonet.to-credit-card-companies",)},
        "elmonet.data-analysis-services": {("elmonet.to-data-analysis-services",)},
        "elmonet.group-parties": {("elmonet.to-group-parties",)},
        "elmonet.other-demanding-parties": {("elmonet.to-other-demanding-parties",)},
        "elmonet.partners": {("elmonet.to-marketing-partners",)},
        "elmonet.service-producers": {("elmonet.to-service-producers",)},
        "elmonet.voice-and-email-providers": {("elmonet.to-voice-and-email-providers",)},
        "elmonet.transaction-parties": {("elmonet.to-transaction-parties",)},
    }
    assert len(found) == 10
    assert all(r["inferred"] for r in data["recipients"])
    assert {s["id"] for s in data["sources"]} == {"elmonet", "elmonet.customer-register"}


def test_call_recordings_at_the_example_organisation() -> None:
    data = recipients("call-recording", EXAMPLES)
    assert paths_of(data) == {
        "acme.callcloud": {("acme.recordings-to-callcloud",),
                           ("acme.hosted-recordings-to-callcloud",)},
        "acme.transcribe-us": {
            ("acme.recordings-to-callcloud", "acme.callcloud-to-transcribe"),
            ("acme.hosted-recordings-to-callcloud", "acme.callcloud-to-transcribe")},
        # Ticketing carries "communication", which may include call recordings.
        "acme.deskflow": {("acme.tickets-to-deskflow",)},
        "acme.deskflow-india": {("acme.tickets-to-deskflow", "acme.deskflow-to-india")},
    }
    by_id = {r["id"]: r for r in data["recipients"]}
    transcribe = by_id["acme.transcribe-us"]
    assert transcribe["match"] == "declared" and transcribe["eea"] is False
    assert {tuple(tuple(h["mechanism"]) for h in p["hops"]) for p in transcribe["paths"]} == {
        ((), ("adequacy",))}
    assert by_id["acme.deskflow"]["match"] == "broader"
    assert by_id["acme.callcloud"]["roles"] == ["processor", "sub-processor"]


def test_seed_without_recipients_of_call_recordings() -> None:
    assert recipients("call-recording", ROOT / "flows" / "enexus")["recipients"] == []


# -- trace --subject -----------------------------------------------------------------------


def trace(subject: str, *paths: Path) -> dict[str, Any]:
    result = run_cli("trace", "--subject", subject, *paths, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = result.json()
    return data


def test_trace_customer_on_fixture() -> None:
    data = trace("customer", ONWARD)
    assert [a["id"] for a in data["activities"]] == ["tri.support"]
    assert data["activities"][0]["retention"] == ["6 months from date of the call"]
    assert [s["id"] for s in data["systems"]] == ["tri.pbx"]
    assert data["systems"][0]["retention"] == ["6 months from date of the call"]
    recs = {r["id"]: r for r in data["recipients"]}
    assert set(recs) == {"tri.callhost", "tri.voicelab", "tri.annotate", "tri.archive",
                         "tri.mailer"}
    assert recs["tri.mailer"]["data"] == ["name"]
    assert recs["tri.callhost"]["retention"] == ["3 months from date of the call"]
    assert recs["tri.annotate"]["inferred"] is True
    countries = {c["code"]: c for c in data["countries"]}
    assert set(countries) == {"FI", "US", "IN", "DE", "IE"}
    assert countries["US"]["eea"] is False and countries["DE"]["eea"] is True
    assert countries["IN"]["places"] == ["tri.annotate"]
    assert countries["FI"]["places"] == ["tri.callhost", "tri.pbx", "tri.support"]


def test_trace_employee_on_fixture() -> None:
    data = trace("employees", ONWARD)
    assert [a["id"] for a in data["activities"]] == ["tri.sick-leave"]
    assert [r["id"] for r in data["recipients"]] == ["tri.clinic"]
    assert data["recipients"][0]["data"] == ["health-record"]


def test_trace_customer_on_examples() -> None:
    data = trace("customer", EXAMPLES)
    assert {a["id"] for a in data["activities"]} == {
        "acme.customer-service", "acme.hosted-call-recording", "acme.direct-marketing",
        "acme.billing"}
    assert {s["id"] for s in data["systems"]} == {
        "acme.crm", "acme.ticketing", "acme.recording-store", "acme.erp"}
    assert {r["id"] for r in data["recipients"]} == {
        "acme.callcloud", "acme.transcribe-us", "acme.deskflow", "acme.deskflow-india",
        "acme.mailwave", "acme.collection-agency", "acme.accounting-firm",
        "acme.verohallinto"}
    outside = {c["code"] for c in data["countries"] if c["eea"] is False}
    assert outside == {"US", "IN"}
    ticketing = next(s for s in data["systems"] if s["id"] == "acme.ticketing")
    assert (ticketing["country"], ticketing["eea"]) == ("US", False)


def test_trace_applicants_at_enreach() -> None:
    """No data category is stated for applicants; the organisation's disclosures may carry
    their data all the same (inferred), and the unknown countries are reported as such."""
    data = trace("job-applicant", ENREACH)
    assert [a["id"] for a in data["activities"]] == ["enreach.recruitment"]
    assert data["activities"][0]["data_stated"] is False
    assert all("generic wording" in r for r in data["activities"][0]["retention"])
    recs = {r["id"] for r in data["recipients"]}
    assert recs == {"enreach.subcontractors", "enreach.group-companies",
                    "enreach.authorities-and-courts", "enreach.unspecified-recipients",
                    "enreach.third-parties-with-consent",
                    "enreach.service-providers-accountants-auditors-advisers",
                    "enreach.embedded-third-party-services"}
    assert all(r["inferred"] for r in data["recipients"])
    codes = [c["code"] for c in data["countries"]]
    assert codes == ["FI", "outside-eea", None]


def test_trace_text() -> None:
    result = run_cli("trace", "-s", "customer", ONWARD)
    assert result.exit_code == 0
    for heading in ("Activities", "Systems", "Recipients", "Countries"):
        assert heading in result.stdout
    assert "Customer support line" in result.stdout
    assert "India (IN)" in result.stdout


def test_trace_unknown_subject() -> None:
    result = run_cli("trace", "--subject", "custmer", ONWARD)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown data subject category 'custmer'")
    assert "did you mean 'customer'" in result.stderr


def test_trace_bad_path() -> None:
    result = run_cli("trace", "--subject", "customer", ROOT / "no-such-dir")
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


@pytest.mark.parametrize("columns", ["80", "100"])
def test_answers_read_at_80_to_100_columns(monkeypatch: pytest.MonkeyPatch,
                                           columns: str) -> None:
    """Below 120 columns the tables would fold names into slivers: each recipient, activity
    and system is a block of whole lines instead, and no line is wider than the terminal."""
    monkeypatch.setenv("COLUMNS", columns)
    examples = ROOT / "flows" / "examples"
    for args in (("recipients", "call recordings"), ("trace", "--subject", "customer")):
        out = run_cli(*args, examples).stdout
        assert max(len(line) for line in out.splitlines()) <= int(columns)
        assert "┃" not in out and "│" not in out
    out = run_cli("recipients", "call recordings", examples).stdout
    assert "Deskflow Inc. acme.deskflow\n  processor · US, outside EEA\n" in out
    assert "  1. acme.customer-service → acme.deskflow (processor)\n" in out
