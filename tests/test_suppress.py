"""Inline suppressions: syntax, placement, expiry (SUP-01) and unused suppressions (SUP-02)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import ACTIVITY as CLEAN_ACTIVITY
from conftest import FIXTURES, finding_keys, run_cli
from dataflow.check.rules import load_rulebook
from dataflow.check.suppress import apply_suppressions, parse_suppressions
from dataflow.errors import InputErrors
from dataflow.findings import Finding, Severity

RULES = FIXTURES / "rules"
BASE = RULES / "_base.yaml"
WAIVED = RULES / "SUP-01" / "pass.yaml"  # ignore[XFER-01] … until 2099-06-30

ACTIVITY = """organisation: acme
activities:
  - id: acme.crm
    name: acme.crm
    role: controller
    purposes:
      - {purpose: customer-management, legal-basis: contract}
    subjects: [customer]
    data: [name, email]
    sources: [data-subject]
    retention: {duration: 2 years, trigger: end of customer relationship}
    measures: [access-control]
"""
FLOW = """  - id: acme.crm-to-vendor{trailing}
    from: acme.crm
    to: vendor-us
    role: processor
    data: [name]
    purposes: [customer-management]
    dpa: true
"""


def _flows(tmp_path: Path, above: str = "", trailing: str = "") -> Path:
    path = tmp_path / "flows.yaml"
    path.write_text(ACTIVITY + "flows:\n" + above + FLOW.format(trailing=trailing),
                    encoding="utf-8")
    return path


def _keys(*args: str | Path) -> set[tuple[str, str, str]]:
    result = run_cli("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return finding_keys(result.json())


def test_parse_trailing_own_line_and_stacked() -> None:
    text = (
        "flows:\n"                                                        # 1
        "  # dataflow: ignore[XFER-01] SCCs being signed until 2027-06-30\n"  # 2
        "  # an ordinary comment\n"                                       # 3
        "  # dataflow: ignore[proc-01, LB-01]: DPA in review\n"          # 4
        "\n"                                                              # 5
        "  - id: a   # dataflow: ignore[RET-01] — retention set by law\n"  # 6
        "url: http://x.example/#dataflow: not a comment\n"               # 7
    )
    found = parse_suppressions(text, "f.yaml")
    assert [(s.line, s.target, s.rules, s.reason, s.until) for s in found] == [
        (2, 6, ("XFER-01",), "SCCs being signed", date(2027, 6, 30)),
        (4, 6, ("PROC-01", "LB-01"), "DPA in review", None),
        (6, 6, ("RET-01",), "retention set by law", None),
    ]
    assert found[0].justification == "SCCs being signed (until 2027-06-30)"


@pytest.mark.parametrize(("comment", "message"), [
    ("# dataflow: ignore[XFER-01]", "a suppression needs a reason"),
    ("# dataflow: ignore[XFER-01] until 2027-06-30", "a suppression needs a reason"),
    ("# dataflow: ignore[] because", "must name the rules"),
    ("# dataflow: ignore XFER-01 because", "malformed dataflow comment"),
    ("# dataflow: ignore[XFER 01] because", "is not a rule ID"),
    ("# dataflow: ignore[XFER-01] because until 2027-13-40", "'2027-13-40' is not a date"),
])
def test_malformed_suppressions_are_input_errors(tmp_path: Path, comment: str,
                                                 message: str) -> None:
    path = _flows(tmp_path, above=f"  {comment}\n")
    result = run_cli("validate", BASE, path)
    assert result.exit_code == 2
    assert "flows.yaml:14: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_reason_with_the_word_until_is_not_an_expiry() -> None:
    (s,) = parse_suppressions("x: 1  # dataflow: ignore[LB-01] wait until legal reviews\n",
                              "f.yaml")
    assert s.reason == "wait until legal reviews" and s.until is None


@pytest.mark.parametrize("placement", ["above", "trailing"])
def test_suppression_next_to_the_declaration(tmp_path: Path, placement: str) -> None:
    comment = "# dataflow: ignore[XFER-01] SCCs being signed"
    path = (_flows(tmp_path, above=f"  {comment}\n") if placement == "above"
            else _flows(tmp_path, trailing=f"  {comment}"))
    assert _keys(BASE, path) == set()
    assert _keys(BASE, _flows(tmp_path)) == {("XFER-01", "error", "acme.crm-to-vendor")}


def test_suppression_elsewhere_does_not_apply(tmp_path: Path) -> None:
    path = _flows(tmp_path)
    text = path.read_text().replace("    from: acme.crm\n",
                                    "    from: acme.crm  # dataflow: ignore[XFER-01] wrong line\n")
    path.write_text(text)
    result = run_cli("validate", "--format", "json", BASE, path)
    assert {(f["rule"], f["line"]) for f in result.json()["findings"]} == {
        ("XFER-01", 14), ("SUP-02", 15)}


def test_expiry_is_inclusive_and_expired_suppressions_are_reported() -> None:
    assert _keys("--today", "2099-06-30", BASE, WAIVED) == set()
    assert _keys("--today", "2099-07-01", BASE, WAIVED) == {
        ("XFER-01", "error", "acme.crm-to-vendor"),
        ("SUP-01", "warning", "acme.crm-to-vendor"),
    }
    result = run_cli("validate", "--today", "2099-07-01", "--format", "json", BASE, WAIVED)
    assert result.exit_code == 1
    sup = next(f for f in result.json()["findings"] if f["rule"] == "SUP-01")
    assert sup["message"] == ("Suppression of XFER-01 expired on 2099-06-30 "
                              "(SCCs under negotiation with the vendor)")
    assert sup["file"].endswith("SUP-01/pass.yaml") and sup["line"] == 15
    assert sup["article"] == "GDPR Art. 5(2) (accountability)"


def test_bad_today_is_a_usage_error() -> None:
    assert run_cli("validate", "--today", "tomorrow", BASE).exit_code == 2


def test_unused_rules_in_a_suppression_are_reported(tmp_path: Path) -> None:
    path = _flows(tmp_path, trailing="  # dataflow: ignore[XFER-01,PROC-01,NOPE-01] signing")
    result = run_cli("validate", "--format", "json", BASE, path)
    messages = sorted(f["message"] for f in result.json()["findings"])
    assert messages == ["Suppression names unknown rule NOPE-01",
                        "Suppression of PROC-01 suppresses nothing on this declaration"]
    assert result.exit_code == 0  # SUP-02 is a warning
    assert run_cli("validate", "--strict", BASE, path).exit_code == 1


def test_unused_suppression_reports_can_be_ignored(tmp_path: Path) -> None:
    path = _flows(tmp_path, trailing="  # dataflow: ignore[XFER-01,PROC-01] signing")
    assert _keys("--ignore", "SUP-02", BASE, path) == set()
    assert _keys("--ignore", "SUP", BASE, path) == set()


def test_suppression_of_a_rule_that_is_not_selected_is_unused(tmp_path: Path) -> None:
    path = _flows(tmp_path, trailing="  # dataflow: ignore[XFER-01] signing")
    assert _keys("--ignore", "XFER", BASE, path) == {("SUP-02", "warning", "acme.crm-to-vendor")}


def test_suppression_in_turtle(tmp_path: Path) -> None:
    (tmp_path / "crm.yaml").write_text(ACTIVITY, encoding="utf-8")
    ttl = tmp_path / "vendor.ttl"
    ttl.write_text("""@prefix df: <https://w3id.org/dataflow#> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix pd: <https://w3id.org/dpv/pd#> .

# dataflow: ignore[XFER-01] SCCs being signed until 2099-01-01
<urn:dataflow:acme.crm-to-vendor> a df:Flow ;
    df:organisation <urn:dataflow:acme> ;
    df:from <urn:dataflow:acme.crm> ;
    df:to <urn:dataflow:vendor-us> ;  # dataflow: ignore[PROC-01] not a declaration line
    df:recipientRole df:Processor ;
    dpv:hasPersonalData pd:Name ;
    dpv:hasPurpose dpv:CustomerManagement ;
    df:dpa <urn:dataflow:acme.crm-to-vendor/dpa> .
""", encoding="utf-8")
    result = run_cli("validate", "--format", "json", "--today", "2098-01-01", BASE, tmp_path)
    (unused,) = result.json()["findings"]
    assert (unused["rule"], unused["line"]) == ("SUP-02", 9)
    assert unused["focus"].endswith("vendor.ttl")  # no node is declared on that line
    assert _keys("--today", "2099-01-02", BASE, tmp_path) >= {
        ("XFER-01", "error", "acme.crm-to-vendor"), ("SUP-01", "warning", "acme.crm-to-vendor")}


def test_apply_suppressions_unit() -> None:
    text = ("a: 1  # dataflow: ignore[XFER-01] ok\n"
            "b: 2  # dataflow: ignore[XFER-01] old until 2020-01-01\n")
    sups = parse_suppressions(text, "f.yaml")
    findings = [Finding("XFER-01", Severity.ERROR, "m", "urn:dataflow:a", "f.yaml", 1),
                Finding("XFER-01", Severity.ERROR, "m", "urn:dataflow:b", "f.yaml", 2)]
    kept, waived, meta = apply_suppressions(
        findings, sups, today=date(2025, 1, 1), rules=load_rulebook().rules,
        locate=lambda file, line: {1: "urn:dataflow:a", 2: "urn:dataflow:b"}.get(line))
    assert [f.focus for f in kept] == ["urn:dataflow:b"]
    assert [(w.finding.focus, w.suppression.reason) for w in waived] == [("urn:dataflow:a", "ok")]
    assert [(m.rule, m.focus, m.line, m.severity) for m in meta] == [
        ("SUP-01", "urn:dataflow:b", 2, Severity.WARNING)]


def test_errors_in_several_files_are_all_reported() -> None:
    with pytest.raises(InputErrors) as caught:
        parse_suppressions("# dataflow: ignore[A-1]\n# dataflow: nope\n", "f.yaml")
    assert [e.line for e in caught.value.errors] == [1, 2]


def test_rule_docs_for_suppression_rules() -> None:
    for rule, name in (("SUP-01", "expired-suppression"), ("SUP-02", "unused-suppression")):
        result = run_cli("rule", rule)
        assert result.exit_code == 0
        assert result.stdout.startswith(f"# {rule} ({name})")
        assert "Severity: warning." in result.stdout
        assert "## How to fix" in result.stdout


def test_unused_suppression_in_turtle_names_the_node_declared_below_it(tmp_path: Path) -> None:
    """RDF files are indexed on demand; placing a suppression asks for the whole index."""
    ttl = tmp_path / "party.ttl"
    ttl.write_text("""@prefix df: <https://w3id.org/dataflow#> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix loc: <https://w3id.org/dpv/loc#> .

# dataflow: ignore[XFER-01] nothing flows here yet
<urn:dataflow:vendor-fi> a df:Party ; dpv:hasName "Vendor Oy" ; dpv:hasCountry loc:FI .
""", encoding="utf-8")
    assert _keys(BASE, CLEAN_ACTIVITY, ttl) == {("SUP-02", "warning", "vendor-fi")}
