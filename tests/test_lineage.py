"""The resolved lineage records (view/lineage.py) and their renderers (report/lineage.py,
report/lineage_text.py), through the Python API rather than the CLI.

`recipients_lineage` and `subject_lineage` answer with plain data; the subject CSV is pinned
row by row on the compliant example and on the onward-transfer fixture. The renderers are
pure: a hand-made record, with no graph behind it, renders in every format of the lineage
family, unchanged and the same every time. tests/test_trace.py covers the answers themselves
end to end through the CLI.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT
from dataflow.report import lineage as report
from dataflow.report import lineage_text
from dataflow.report.registry import Style, formats, render
from dataflow.sources.load import load
from dataflow.store.terms import default_index
from dataflow.view.graph import build_view
from dataflow.view.lineage import Lineage, recipients_lineage, subject_lineage

EXAMPLES = ROOT / "flows" / "examples"
ONWARD = FIXTURES / "trace" / "onward"


def subject_record(subject: str, path: Path) -> Lineage:
    terms = default_index()
    view = build_view(load([path], terms).graph, terms)
    return subject_lineage(view, terms, terms.lookup(subject, "data subject category"))


def csv_rows(text: str) -> list[tuple[str, ...]]:
    return [tuple(row) for row in csv.reader(io.StringIO(text))]


def test_records_hold_no_live_objects() -> None:
    """A record is plain data: what json.dumps accepts, the same as `--format json` prints."""
    terms = default_index()
    view = build_view(load([ONWARD], terms).graph, terms)
    record = recipients_lineage(view, terms, terms.lookup("call-recording", "data category"))
    assert record.kind == "recipients"
    assert json.loads(json.dumps(record.data)) == record.data
    assert [r["id"] for r in record.data["recipients"]] == [
        "tri.annotate", "tri.archive", "tri.callhost", "tri.voicelab"]


SUBJECT_COLUMNS = ("kind", "id", "name", "role", "country", "eea", "data", "legal_basis",
                   "retention", "used_by", "path", "match")
HOSTED_KEEP = ("3 months from date of the call (the default; each business customer sets its "
               "own period)|all recordings of a business customer are deleted 30 days after "
               "its service agreement ends")
SERVICE_KEEP = ("1 year from end of the customer relationship|2 years from closing of the "
                "support ticket|6 months from date of the call")
BILLING_KEEP = ("10 years from end of the financial year|6 years from end of the year in which "
                "the financial year ended")


def test_subject_csv_on_examples() -> None:
    """One row per activity, per system and per path to a recipient, in the record's order."""
    rows = csv_rows(report.render_csv(subject_record("customer", EXAMPLES), Style()))
    assert rows == [
        SUBJECT_COLUMNS,
        ("activity", "acme.hosted-call-recording",
         "Call recording and transcription for business customers", "processor", "FI",
         "inside", "call-log|call-recording|phone", "", HOSTED_KEEP, "", "", ""),
        ("activity", "acme.customer-service", "Customer service and support-line recording",
         "controller", "FI", "inside",
         "call-log|call-recording|communication|email|job|name|phone",
         "contract|legitimate-interest", SERVICE_KEEP, "", "", ""),
        ("activity", "acme.direct-marketing", "Direct marketing to customers' contact persons",
         "controller", "FI", "inside", "email|job|name|phone", "legitimate-interest",
         "1 year from end of the customer relationship|5 years from date of the objection "
         "(suppression list; e-mail address and phone number only)", "", "", ""),
        ("activity", "acme.billing", "Invoicing and accounting", "controller", "FI", "inside",
         "address|bank-account|email|name|phone|transaction",
         "contract|legal-obligation|legitimate-interest", BILLING_KEEP, "", "", ""),
        ("system", "acme.crm", "CRM (customer and contract register)", "", "FI", "inside", "",
         "", SERVICE_KEEP, "acme.customer-service", "", ""),
        ("system", "acme.erp", "ERP and invoicing", "", "FI", "inside", "", "", BILLING_KEEP,
         "acme.billing", "", ""),
        ("system", "acme.recording-store", "Recording store (CallCloud)", "", "FI", "inside", "",
         "", HOSTED_KEEP, "acme.hosted-call-recording", "", ""),
        ("system", "acme.ticketing", "Support ticketing (Deskflow)", "", "US", "outside", "", "",
         SERVICE_KEEP, "acme.customer-service", "", ""),
        ("recipient", "acme.callcloud", "CallCloud Oy", "sub-processor", "FI", "inside",
         "call-log|call-recording|phone", "", "", "",
         "acme.hosted-call-recording > acme.callcloud", "declared"),
        ("recipient", "acme.callcloud", "CallCloud Oy", "processor", "FI", "inside",
         "call-recording|phone", "contract|legitimate-interest", "", "",
         "acme.customer-service > acme.callcloud", "declared"),
        ("recipient", "acme.deskflow", "Deskflow Inc.", "processor", "US", "outside",
         "communication|email|name|phone", "contract", "", "",
         "acme.customer-service > acme.deskflow", "declared"),
        ("recipient", "acme.deskflow-india", "Deskflow Support Pvt Ltd", "sub-processor", "IN",
         "outside", "communication|email|name", "", "", "",
         "acme.customer-service > acme.deskflow > acme.deskflow-india", "declared"),
        ("recipient", "acme.mailwave", "Mailwave Ltd", "processor", "IE", "inside",
         "email|name", "legitimate-interest", "", "", "acme.direct-marketing > acme.mailwave",
         "declared"),
        ("recipient", "acme.collection-agency", "Perintä Esimerkki Oy", "third-party", "FI",
         "inside", "address|name|phone|transaction", "legitimate-interest", "", "",
         "acme.billing > acme.collection-agency", "declared"),
        ("recipient", "acme.accounting-firm", "Tilitoimisto Esimerkki Oy", "processor", "FI",
         "inside", "address|name|transaction", "legal-obligation", "", "",
         "acme.billing > acme.accounting-firm", "declared"),
        ("recipient", "acme.transcribe-us", "Transcribe Inc.", "sub-processor", "US", "outside",
         "call-recording", "", "", "",
         "acme.hosted-call-recording > acme.callcloud > acme.transcribe-us", "declared"),
        ("recipient", "acme.transcribe-us", "Transcribe Inc.", "sub-processor", "US", "outside",
         "call-recording", "", "", "",
         "acme.customer-service > acme.callcloud > acme.transcribe-us", "declared"),
        ("recipient", "acme.verohallinto", "Verohallinto (Finnish Tax Administration, incl. "
         "the Incomes Register Unit)", "authority", "FI", "inside", "name|transaction",
         "legal-obligation", "", "", "acme.billing > acme.verohallinto", "declared"),
    ]


def test_subject_csv_marks_inferred_and_broader_paths() -> None:
    rows = csv_rows(report.render_csv(subject_record("customer", ONWARD), Style()))
    recipients_only = [(r[1], r[3], r[4], r[5], r[6], r[10], r[11]) for r in rows
                       if r[0] == "recipient"]
    assert recipients_only == [
        ("tri.annotate", "sub-processor", "IN", "outside", "call-recording",
         "tri.support > tri.callhost > tri.voicelab > tri.annotate", "inferred"),
        ("tri.archive", "sub-processor", "DE", "inside", "call-recording",
         "tri.support > tri.callhost > tri.archive", "broader"),
        ("tri.callhost", "processor", "FI", "inside", "call-recording|phone",
         "tri.support > tri.callhost", "declared"),
        ("tri.mailer", "processor", "IE", "inside", "name", "tri.support > tri.mailer",
         "declared"),
        ("tri.voicelab", "sub-processor", "US", "outside", "call-recording",
         "tri.support > tri.callhost > tri.voicelab", "declared"),
    ]
    assert [r[:2] for r in rows if r[0] != "recipient"] == [
        ("kind", "id"), ("activity", "tri.support"), ("system", "tri.pbx")]


# -- renderers are pure functions of a hand-made record ---------------------------------------


def _hop(sender: str, receiver: str, role: str, match: str, **more: Any) -> dict[str, Any]:
    return {"flow": f"{sender}-to-{receiver.split('.')[-1]}", "from": sender, "to": receiver,
            "role": role, "data": ["name"], "declared_data": [] if match == "inferred"
            else ["name"], "match": match, "inferred": match == "inferred", "purposes": [],
            "legal_basis": [], "legal_basis_from": None, "mechanism": [], "countries": [],
            "eea": None, "retention": [], **more}


DIRECT = _hop("x.desk", "x.host", "processor", "declared", legal_basis=["contract"],
              legal_basis_from="activity", countries=["US"], eea=False,
              mechanism=["scc"], retention=["1 year"])
ONWARD_HOP = _hop("x.host", "x.helper", "sub-processor", "inferred", countries=["IN"],
                  eea=False)


def _recipient(rid: str, name: str, role: str, match: str,
               hops: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": rid, "name": name, "kind": "party", "organisation": None, "roles": [role],
            "countries": hops[-1]["countries"], "eea": hops[-1]["eea"], "match": match,
            "inferred": match == "inferred", "data": ["name"],
            "retention": hops[-1]["retention"],
            "paths": [{"from": "x.desk", "controllers": ["x"], "held": ["name"],
                       "match": match, "inferred": match == "inferred", "hops": hops}]}


RECIPIENTS = Lineage("recipients", {
    "query": {"term": "pd:Name", "label": "names", "kind": "data category",
              "includes": ["first-name", "last-name"]},
    "sources": [{"id": "x.desk", "name": "Help desk", "kind": "activity", "organisation": "x",
                 "holds": ["name"]}],
    "recipients": [_recipient("x.host", "Host Inc.", "processor", "declared", [DIRECT]),
                   _recipient("x.helper", "Helper Pvt", "sub-processor", "inferred",
                              [DIRECT, ONWARD_HOP])],
    "truncated": True,
})
SUBJECT = Lineage("subject", {
    "subject": {"term": "dpv:Customer", "label": "customers", "kind": "data subject category",
                "includes": []},
    "activities": [{"id": "x.desk", "name": "Help desk", "kind": "activity",
                    "organisation": "x", "role": "controller", "data": ["name"],
                    "data_stated": True, "subjects": ["customer"],
                    "purposes": [{"purpose": "support", "legal_basis": ["contract"]}],
                    "country": "FI", "eea": True, "systems": ["x.crm"],
                    "retention": ["2 years"]}],
    "systems": [{"id": "x.crm", "name": "CRM", "kind": "system", "organisation": "x",
                 "country": None, "eea": None, "used_by": ["x.desk"],
                 "retention": ["2 years"]}],
    "recipients": [_recipient("x.host", "Host Inc.", "processor", "declared", [DIRECT])],
    "countries": [{"code": "FI", "name": "Finland", "eea": True, "places": ["x.desk"]},
                  {"code": "US", "name": "United States", "eea": False, "places": ["x.host"]},
                  {"code": None, "name": "not stated", "eea": None, "places": ["x.crm"]}],
    "truncated": False,
})


@pytest.mark.parametrize("record", [RECIPIENTS, SUBJECT], ids=["recipients", "subject"])
def test_renderers_are_pure(record: Lineage) -> None:
    """Every format of the lineage family renders a record with no graph behind it, leaves
    it as it was, and gives the same text every time."""
    before = copy.deepcopy(record.data)
    assert formats("lineage") == ("text", "json", "csv")
    for fmt in formats("lineage"):
        first = render("lineage", fmt, record, Style(width=160))
        assert first == render("lineage", fmt, record, Style(width=160))
        assert isinstance(first, str) and first
    assert record.data == before
    assert report.render_json(record, Style()) == json.dumps(before, indent=2,
                                                              ensure_ascii=False)


def test_recipients_of_a_hand_made_record() -> None:
    text = lineage_text.render(RECIPIENTS, Style(width=160))
    assert "\x1b[" not in text
    assert "Recipients of names (pd:Name, including first-name, last-name)" in text
    assert "1. x.desk → x.host (processor)" in text
    assert "2. x.host → x.helper (sub-processor)" in text
    assert "contract (activity)" in text
    assert "~ name" in text
    assert "outside EEA" in text
    assert "2 recipient(s), 2 outside the EEA, 1 only through flows that name no data." in text
    assert "warning: the path search hit its limit" in text
    coloured = lineage_text.render(RECIPIENTS, Style(color=True, width=160))
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text
    assert csv_rows(report.render_csv(RECIPIENTS, Style())) == [
        report.CSV_COLUMNS,
        ("x.host", "Host Inc.", "party", "processor", "US", "outside", "1", "x.desk > x.host",
         "x.desk-to-host", "declared", "no", "name", "contract", "scc"),
        ("x.helper", "Helper Pvt", "party", "sub-processor", "IN", "outside", "1",
         "x.desk > x.host > x.helper", "x.desk-to-host > x.host-to-helper", "inferred", "yes",
         "name > ~name", "contract > -", "scc > -"),
    ]


def test_subject_of_a_hand_made_record() -> None:
    text = lineage_text.render(SUBJECT, Style(width=160))
    assert "Where data about customers goes (dpv:Customer)" in text
    for heading in ("Activities", "Systems", "Recipients", "Countries"):
        assert heading in text
    assert "United States (US)" in text
    assert "warning" not in text
    assert csv_rows(report.render_csv(SUBJECT, Style())) == [
        SUBJECT_COLUMNS,
        ("activity", "x.desk", "Help desk", "controller", "FI", "inside", "name", "contract",
         "2 years", "", "", ""),
        ("system", "x.crm", "CRM", "", "", "unknown", "", "", "2 years", "x.desk", "", ""),
        ("recipient", "x.host", "Host Inc.", "processor", "US", "outside", "name", "contract",
         "1 year", "", "x.desk > x.host", "declared"),
    ]
