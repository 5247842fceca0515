"""`dataflow import fides`: Fides manifests to flow files, and back through `validate`.

The fixtures in tests/fixtures/fides/ were written for these tests: current.yml uses
fideslang 3.x fields, legacy.yml those of 1.x and 2.x. expected/ holds the exact files the
import writes (reviewed by hand); the findings below are the exact findings of `validate` on
them, each the TODO of a fact that Fides does not record, or a real gap of the manifest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, finding_keys, run_cli
from dataflow.imports.fides import taxonomy
from dataflow.imports.fides.countries import ALPHA3_TO_ALPHA2
from dataflow.imports.yamlwriter import Block, render, scalar
from dataflow.sources.yamlfile import read_yaml
from dataflow.store.terms import KIND_ROOTS, default_index

FIDES = FIXTURES / "fides"
EXPECTED = FIDES / "expected"

FINDINGS = {
    # Consent-based purposes: a Fides manifest says nothing of consent records or withdrawal.
    ("CONS-01", "error", "default-organization.tracker.coaching"),
    ("CONS-02", "error", "default-organization.tracker.coaching"),
    ("CONS-01", "error", "nordic-shop.crm-system.newsletter"),
    ("CONS-02", "error", "nordic-shop.crm-system.newsletter"),
    ("FI-ECOM-04", "error", "default-organization.tracker.page-views"),
    ("LB-01", "error", "nordic-shop.web-shop.recommendations"),
    ("RET-01", "error", "default-organization.tracker.coaching"),
    ("RET-01", "error", "default-organization.tracker.page-views"),
    ("RET-01", "error", "nordic-shop.crm-system.newsletter"),
    ("RET-01", "error", "nordic-shop.web-shop.health-questions-for-returns"),
    ("ROLE-01", "error", "nordic-shop.crm-system.newsletter"),
    ("ROPA-01", "error", "default-organization"),
    ("ROPA-01", "info", "default-organization"),
    ("ROPA-01", "info", "nordic-shop"),
    ("ROPA-03", "warning", "nordic-shop.web-shop.health-questions-for-returns.to-courier-company"),
    ("ROPA-04", "error", "default-organization.event-store.to-transfer-gb"),
    ("ROPA-04", "error", "default-organization.tracker.coaching.to-transfer"),
    ("ROPA-04", "error", "default-organization.tracker.coaching.to-transfer-us"),
    ("ROPA-04", "error", "default-organization.tracker.page-views.to-ad-network"),
    ("ROPA-04", "error", "default-organization.tracker.page-views.to-transfer"),
    ("ROPA-04", "error", "default-organization.tracker.page-views.to-transfer-us"),
    ("ROPA-04", "error", "nordic-shop.customer-db.to-take-payments"),
    ("ROPA-04", "error", "nordic-shop.web-shop.health-questions-for-returns.to-courier-company"),
    ("ROPA-04", "error", "nordic-shop.web-shop.health-questions-for-returns.to-transfer"),
    ("ROPA-04", "error", "nordic-shop.web-shop.recommendations.to-transfer"),
    ("ROPA-04", "error", "nordic-shop.web-shop.take-payments.to-crm-system"),
    ("ROPA-04", "error", "nordic-shop.web-shop.take-payments.to-transfer"),
    ("ROPA-05", "error", "default-organization.tracker.coaching.to-transfer"),
    ("ROPA-05", "error", "default-organization.tracker.page-views.to-transfer"),
    ("ROPA-05", "error", "nordic-shop.web-shop.health-questions-for-returns.to-transfer"),
    ("ROPA-05", "error", "nordic-shop.web-shop.recommendations.to-transfer"),
    ("ROPA-05", "error", "nordic-shop.web-shop.take-payments.to-transfer"),
    ("ROPA-06", "warning", "nordic-shop.web-shop.recommendations"),
    ("ROPA-06", "warning", "nordic-shop.web-shop.take-payments"),
    ("ROPA-07", "warning", "nordic-shop.crm-system.newsletter"),
    ("ROPA-07", "warning", "nordic-shop.web-shop.recommendations"),
    ("ROPA-07", "warning", "nordic-shop.web-shop.take-payments"),
    ("SC-01", "error", "nordic-shop.web-shop.take-payments"),
    ("XFER-01", "error", "default-organization.tracker.coaching.to-transfer"),
    ("XFER-01", "error", "default-organization.tracker.coaching.to-transfer-us"),
    ("XFER-01", "error", "default-organization.tracker.page-views.to-transfer"),
    ("XFER-01", "error", "default-organization.tracker.page-views.to-transfer-us"),
    # Legitimate interests with no interest named, no assessment and no way to object.
    ("LI-01", "warning", "default-organization.tracker.page-views/purpose/1"),
    ("LI-01", "warning", "nordic-shop.web-shop.health-questions-for-returns/purpose/1"),
    ("LI-02", "error", "default-organization.tracker.page-views"),
    ("LI-02", "error", "nordic-shop.web-shop.health-questions-for-returns"),
    # Health and political-opinion data: one WP248 criterion and no screening; no measures.
    ("DPIA-01", "warning", "nordic-shop.web-shop.health-questions-for-returns"),
    ("DPIA-01", "warning", "nordic-shop.web-shop.take-payments"),
    ("SEC-01", "warning", "default-organization.tracker.coaching"),
    ("SEC-01", "warning", "nordic-shop.web-shop.health-questions-for-returns"),
    # SCCs to a country the manifest does not name, with no transfer impact assessment.
    ("XFER-03", "warning", "nordic-shop.web-shop.health-questions-for-returns.to-transfer"),
    ("XFER-03", "warning", "nordic-shop.web-shop.recommendations.to-transfer"),
    ("XFER-03", "warning", "nordic-shop.web-shop.take-payments.to-transfer"),
}


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the fixture directory, so that comments name `current.yml:12`."""
    monkeypatch.chdir(FIDES)


def _import(out: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("import", "fides", *args, "-o", out)
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_the_expected_flow_files(tmp_path: Path, in_fixtures: None) -> None:
    code, stdout, stderr = _import(tmp_path, "current.yml", "legacy.yml")
    assert code == 0, stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in EXPECTED.iterdir())
    for name in written:
        assert (tmp_path / name).read_text(encoding="utf-8") == \
            (EXPECTED / name).read_text(encoding="utf-8"), name
    assert stdout.splitlines()[0] == (
        "imported 2 manifest(s): 3 system(s), 6 privacy declaration(s) as 6 activities, "
        "2 dataset(s), 6 parties, 12 flow(s)")
    assert "  data_subject prospect -> under dpv:HumanSubject" in stdout.splitlines()


def test_unknown_keys_and_codes_are_warnings_with_file_and_line(tmp_path: Path,
                                                                 in_fixtures: None) -> None:
    code, _, stderr = _import(tmp_path, "current.yml", "legacy.yml")
    assert code == 0
    assert stderr.splitlines() == [
        "warning: current.yml:58: unknown key 'loyalty_points' in privacy declaration, skipped",
        "warning: legacy.yml:25: 'XYZ' is no ISO 3166-1 alpha-3 code, left open",
        "notice: current.yml:92: policy resources are Fides's own policy and bookkeeping, "
        "not imported",
    ]


def test_validate_reports_exactly_the_open_facts() -> None:
    result = run_cli("validate", EXPECTED, "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = result.json()
    assert finding_keys(report) == FINDINGS
    assert report["summary"]["activities"] == 6 and report["summary"]["flows"] == 12


def test_every_entry_names_its_manifest_and_line() -> None:
    for path in EXPECTED.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith("- id: "):
                above = lines[i - 1].strip()
                assert above.startswith("# ") and (".yml:" in above), (path.name, line)


def test_project_terms_sit_under_the_nearest_dpv_term() -> None:
    """The political opinion is special-category data (SC-01 above) through DPV's own term;
    a key without an equivalent keeps its name and reaches its broader term in Turtle."""
    terms = (EXPECTED / "fides-terms.ttl").read_text(encoding="utf-8")
    assert ("<urn:fides:data_subject:app_member> skos:broader <https://w3id.org/dpv#Customer>"
            in terms)
    assert ("<urn:fides:data_category:user.derived.identifiable.device.cookie_id> skos:broader "
            "<https://w3id.org/dataflow#Cookie>" in terms)


def test_a_file_that_is_not_a_manifest_exits_2_with_its_line(tmp_path: Path,
                                                             in_fixtures: None) -> None:
    code, stdout, stderr = _import(tmp_path / "out", "not-a-manifest.yml")
    assert code == 2 and stdout == ""
    assert stderr.startswith("error: not-a-manifest.yml:2:1: not a Fides manifest: no system:")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "where"), [
    ("- just\n- a list\n", "bad.yml:1:1: not a Fides manifest: the document is not a mapping"),
    ("system: web\n", "bad.yml:1:9: 'system' is not a list"),
    ("system:\n  - name: No key\n", "bad.yml:2:5: system without a fides_key"),
    ("system:\n  - fides_key: a\n    privacy_declarations: [x]\n",
     "bad.yml:3:28: an entry of 'privacy_declarations' is not a mapping"),
    ("system:\n  - fides_key: a\n  - fides_key: a\n",
     "bad.yml:3:16: system 'a' is declared twice (first at bad.yml:2)"),
])
def test_malformed_manifests_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    text: str, where: str) -> None:
    (tmp_path / "bad.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _import(tmp_path / "out", "bad.yml")
    assert code == 2
    assert stderr.startswith(f"error: {where}"), stderr


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path,
                                                          in_fixtures: None) -> None:
    (tmp_path / "tracker.yaml").write_text("mine\n", encoding="utf-8")
    code, _, stderr = _import(tmp_path, "legacy.yml")
    assert code == 2 and "tracker.yaml: file exists; not overwritten" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.yaml"]
    assert (tmp_path / "tracker.yaml").read_text(encoding="utf-8") == "mine\n"
    code, _, _ = _import(tmp_path, "legacy.yml", "--force")
    assert code == 0
    assert (tmp_path / "tracker.yaml").read_text(encoding="utf-8") == \
        (EXPECTED / "tracker.yaml").read_text(encoding="utf-8")


def test_a_symbolic_link_in_the_output_is_refused(tmp_path: Path, in_fixtures: None) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "tracker.yaml").symlink_to(outside)
    code, _, stderr = _import(out, "legacy.yml", "--force")
    assert code == 2 and "refusing to write through a symbolic link" in stderr
    assert outside.read_text(encoding="utf-8") == "keep\n"


def test_hostile_text_stays_inside_its_scalar_or_comment(tmp_path: Path) -> None:
    manifest = tmp_path / "hostile.yml"
    manifest.write_text(
        'system:\n  - fides_key: "x\\nactivities: []"\n'
        '    name: "evil\\n# TODO: nothing\\nid: x #"\n'
        '    description: "null"\n'
        '    privacy_declarations:\n'
        '      - name: "\\u2028role: controller"\n'
        '        data_use: "a b>c"\n'
        '        data_categories: ["user.x\\ny"]\n', encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = _import(out, str(manifest))
    assert code == 0, stderr
    for path in out.glob("*.yaml"):
        doc = read_yaml(path.read_text(encoding="utf-8"), path.name)
        assert isinstance(doc.data, dict)
    system = yaml.safe_load((out / "x-activities.yaml").read_text(encoding="utf-8"))
    assert system["systems"][0]["name"] == "evil\n# TODO: nothing\nid: x #"
    assert system["systems"][0]["description"] == "null"
    assert "role" not in system["activities"][0]
    assert system["activities"][0]["purposes"][0]["purpose"] == "urn:fides:data_use:a%20b%3Ec"
    result = run_cli("validate", out, "--format", "json")
    assert result.exit_code == 1, result.stderr


def test_a_hop_declared_at_both_ends_is_one_flow(tmp_path: Path) -> None:
    """Two declarations, two activities; egress on one system and ingress on the other."""
    manifest = tmp_path / "demo.yml"
    manifest.write_text(
        "system:\n  - fides_key: a\n    egress: [{fides_key: b, type: system}]\n"
        "    privacy_declarations:\n      - {name: One, data_use: analytics,"
        " data_categories: [user.contact], data_subjects: [customer]}\n"
        "      - {name: Two, data_use: analytics, data_categories: [user], data_subjects:"
        " [customer]}\n"
        "  - fides_key: b\n    ingress: [{fides_key: a, type: system}]\n"
        "    privacy_declarations: []\n", encoding="utf-8")
    code, _, stderr = _import(tmp_path / "out", str(manifest))
    assert code == 0, stderr
    result = run_cli("validate", tmp_path / "out", "--format", "json")
    assert result.exit_code == 1
    assert result.json()["summary"]["activities"] == 2
    assert result.json()["summary"]["flows"] == 1  # declared at both ends: one hop


@pytest.mark.parametrize("table,kind", [
    (taxonomy.DATA_CATEGORIES, "data category"), (taxonomy.DATA_USES, "purpose"),
    (taxonomy.DATA_SUBJECTS, "data subject category")])
def test_taxonomy_tables_hold_ontology_terms_of_their_kind(table: dict[str, tuple[str, bool]],
                                                           kind: str) -> None:
    index = default_index()
    for key, (term, _) in table.items():
        assert index.lookup(term, kind), key


@pytest.mark.parametrize("table,kind", [
    (taxonomy.LEGAL_BASES, "Art. 6 legal basis"), (taxonomy.ART9_CONDITIONS,
                                                   "Art. 9(2) condition"),
    (taxonomy.TRANSFER_MECHANISMS, "transfer mechanism")])
def test_enumerations_map_to_terms_of_their_kind(table: tuple[tuple[str, str], ...],
                                                 kind: str) -> None:
    assert kind in KIND_ROOTS
    index = default_index()
    for _, term in table:
        assert index.lookup(term, kind)


@pytest.mark.parametrize(("text", "term"), [
    ("Legal obligations", "legal-obligation"), ("Legal Obligation", "legal-obligation"),
    ("Legitimate interests", "legitimate-interest"), ("Vital Interest", "vital-interest")])
def test_current_and_legacy_legal_bases(text: str, term: str) -> None:
    assert taxonomy.match(text, taxonomy.LEGAL_BASES) == term


@pytest.mark.parametrize(("text", "term"), [
    ("Public health (with a basis in law)", "art9-public-health"),
    ("Health or social care (with a basis in law)", "art9-health-care"),
    ("Employment, social security and social protection", "art9-employment"),
    ("Standard contractual clauses", None)])
def test_art9_conditions_first_match_wins(text: str, term: str | None) -> None:
    assert taxonomy.match(text, taxonomy.ART9_CONDITIONS) == term


def test_alpha3_table_is_complete() -> None:
    assert len(ALPHA3_TO_ALPHA2) == 249
    assert ALPHA3_TO_ALPHA2["USA"] == "US" and ALPHA3_TO_ALPHA2["GBR"] == "GB"
    assert len(set(ALPHA3_TO_ALPHA2.values())) == 249


@pytest.mark.parametrize(("text", "written"), [
    ("a@b.example", "a@b.example"), ("urn:fides:data_use:x", "urn:fides:data_use:x"),
    ("a: b", '"a: b"'), ("x #y", '"x #y"'), ("NO", '"NO"'), ("null", '"null"'),
    ("line\nbreak", '"line\\nbreak"'), ("\u2028x", '"\\u2028x"'), ("- x", '"- x"')])
def test_scalars_are_quoted_when_yaml_could_misread_them(text: str, written: str) -> None:
    assert scalar(text) == written
    assert yaml.safe_load(f"k: {written}")["k"] == text


def test_comments_cannot_break_their_line() -> None:
    top = Block()
    top.add("k", "v", comment="end\nk2: injected")
    assert render(["head\nx: 1"], top) == "# head\\nx: 1\nk: v  # end\\nk2: injected\n"


def test_the_worked_example_of_the_docs_is_what_the_import_prints(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (FIDES.parents[2] / "docs" / "migrating-from-fides.md").read_text(encoding="utf-8")
    manifest = doc.split("```yaml\norganization:", 1)[1].split("```", 1)[0]
    shown = doc.split("$ dataflow import fides fides.yml -o flows\n", 1)[1].split("```", 1)[0]
    (tmp_path / "fides.yml").write_text("organization:" + manifest, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("import", "fides", "fides.yml", "-o", "flows")
    assert result.exit_code == 0 and result.stdout == shown
    checkout = (tmp_path / "flows" / "checkout.yaml").read_text(encoding="utf-8")
    excerpt = doc.split("one of its flows:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    activity, flow = excerpt.split("\nflows:\n")
    assert activity in checkout and flow in checkout
    report = run_cli("validate", "flows", "--format", "json").json()["summary"]
    assert (report["error"], report["warning"], report["info"]) == (12, 5, 1)
