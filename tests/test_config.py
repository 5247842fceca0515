"""Configuration: discovery, selection (more specific wins), per-path ignores, severities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, finding_keys, run_cli
from dataflow.check.config import (
    ConfigFile,
    find_config,
    is_selected,
    path_matches,
    resolve,
    severity_for,
)
from dataflow.errors import InputError
from dataflow.findings import Severity

RULES = FIXTURES / "rules"


@pytest.mark.parametrize(("select", "ignore", "rule", "expected"), [
    (["ALL"], [], "XFER-01", True),
    (["XFER"], [], "LB-01", False),
    (["XFER"], ["XFER-01"], "XFER-01", False),
    (["XFER"], ["XFER-01"], "XFER-02", True),
    (["XFER-01"], ["XFER"], "XFER-01", True),  # the more specific selector wins
    (["ALL"], ["FI"], "FI-HETU-01", False),
    (["FI-HETU"], ["FI"], "FI-HETU-01", True),
    (["FI-HETU"], ["FI"], "FI-ECOM-04", False),
    (["XFER"], ["XFER"], "XFER-01", False),  # a tie goes to ignore
    (["X"], [], "XFER-01", False),  # prefixes end at a hyphen
])
def test_selection(select: list[str], ignore: list[str], rule: str, expected: bool) -> None:
    assert is_selected(rule, select, ignore) is expected


def test_severity_override_most_specific_wins() -> None:
    overrides = [("XFER", Severity.WARNING), ("XFER-05", Severity.INFO), ("ALL", Severity.ERROR)]
    assert severity_for("XFER-01", overrides) is Severity.WARNING
    assert severity_for("XFER-05", overrides) is Severity.INFO
    assert severity_for("LB-01", overrides) is Severity.ERROR
    assert severity_for("LB-01", []) is None


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("flows/legacy/*.yaml", "flows/legacy/a.yaml", True),
    ("flows/legacy/*.yaml", "flows/legacy/old/a.yaml", False),
    ("flows/legacy/**/*.yaml", "flows/legacy/old/a.yaml", True),
    ("flows/legacy/**", "flows/legacy/old/a.ttl", True),
    ("flows/legacy", "flows/legacy/old/a.ttl", True),  # a directory covers what it holds
    ("flows/legacy/", "flows/legacy/a.ttl", True),
    ("**/cookies.yaml", "flows/acme/cookies.yaml", True),
    ("cookies.yaml", "flows/acme/cookies.yaml", True),  # no slash: the file name
    ("acme/*.yaml", "flows/acme/cookies.yaml", False),
    ("flows/acme?.yaml", "flows/acme1.yaml", True),
])
def test_path_matches(pattern: str, path: str, expected: bool) -> None:
    assert path_matches(pattern, path) is expected


def test_find_config(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[tool.dataflow]\nselect = ['XFER']\n")
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"  # no [tool.dataflow]: passed over
    (tmp_path / "a" / "dataflow.toml").write_text("select = ['LB']\n")
    assert find_config(deep) == tmp_path / "a" / "dataflow.toml"
    (deep / "pyproject.toml").write_text("[tool.dataflow]\n")
    assert find_config(deep) == deep / "pyproject.toml"


def test_resolve_reads_the_file_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "dataflow.toml").write_text("""
paths = ["flows"]
shapes = ["policy"]
select = ["xfer", "LB"]
ignore = ["XFER-05"]
per-path-ignores = {"flows/legacy/**" = ["RET"]}
severity = {"PROC-01" = "error", ROPA = "info"}
baseline = "baseline.json"
rules-url = "https://example.org/docs/rules.md"
""")
    settings = resolve(cwd=tmp_path)
    assert settings.root == tmp_path.resolve()
    assert settings.paths == (tmp_path.resolve() / "flows",)
    assert settings.shapes == (tmp_path.resolve() / "policy",)
    assert settings.select == ("XFER", "LB") and settings.ignore == ("XFER-05",)
    assert settings.per_path_ignores == (("flows/legacy/**", ("RET",)),)
    assert dict(settings.severity) == {"PROC-01": Severity.ERROR, "ROPA": Severity.INFO}
    assert settings.baseline == tmp_path.resolve() / "baseline.json"
    assert settings.rules_url == "https://example.org/docs/rules.md"
    cli = resolve(cwd=tmp_path, select=["SC,CRIM", "RET"], ignore=[], shapes=[],
                  paths=[Path("x")])
    assert cli.select == ("SC", "CRIM", "RET") and cli.ignore == ()
    assert cli.shapes == () and cli.paths == (Path("x"),)
    assert resolve(cwd=tmp_path, isolated=True).select == ("ALL",)


def test_unknown_selector_names_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "dataflow.toml").write_text('ignore = ["XFR"]\n')
    with pytest.raises(InputError) as caught:
        resolve(cwd=tmp_path).check(["XFER-01", "XFER-02", "LB-01"])
    assert "ignore: unknown rule or family 'XFR'; did you mean 'XFER'" in str(caught.value)
    assert caught.value.file and caught.value.file.endswith("dataflow.toml")
    with pytest.raises(InputError, match="command line"):
        resolve(cwd=tmp_path, select=["NOPE"]).check(["XFER-01"])


def test_config_model_keys_are_kebab_case() -> None:
    assert set(ConfigFile.model_json_schema(by_alias=True)["properties"]) == {
        "paths", "shapes", "select", "ignore", "per-path-ignores", "severity", "baseline",
        "rules-url"}


# --- through the command line, in a project directory ------------------------------------------

@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with flows/ holding the base organisation and two failing fixtures."""
    flows = tmp_path / "flows"
    (flows / "legacy").mkdir(parents=True)
    shutil.copy(RULES / "_base.yaml", flows / "base.yaml")
    shutil.copy(RULES / "XFER-01" / "fail.yaml", flows / "transfers.yaml")
    text = (RULES / "RET-01" / "fail.yaml").read_text().replace("acme.crm", "acme.old-crm")
    (flows / "legacy" / "old.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _keys(*args: str) -> set[tuple[str, str, str]]:
    result = run_cli("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return finding_keys(result.json())


def test_project_without_config(project: Path) -> None:
    assert {rule for rule, _, _ in _keys()} == {"XFER-01", "RET-01"}


def test_pyproject_ignore_per_path_and_severity(project: Path) -> None:
    (project / "pyproject.toml").write_text("""[project]
name = "flows"

[tool.dataflow]
severity = {XFER = "warning"}
per-path-ignores = {"flows/legacy/" = ["RET"]}
""")
    keys = _keys()
    assert keys == {("XFER-01", "warning", "acme.crm-to-vendor"),
                    ("XFER-01", "warning", "acme.crm-to-hosting")}
    result = run_cli("validate")
    assert result.exit_code == 0  # only warnings
    assert run_cli("validate", "--strict").exit_code == 1
    # the command line overrides the file's select/ignore
    assert {r for r, _, _ in _keys("--select", "RET")} == set()  # RET-01 still per-path ignored
    assert _keys("--ignore", "XFER-01") == set()


def test_dataflow_toml_select_and_paths(project: Path) -> None:
    (project / "dataflow.toml").write_text(
        'paths = ["flows/base.yaml", "flows/legacy"]\nselect = ["RET"]\n')
    assert {r for r, _, _ in _keys()} == {"RET-01"}
    assert _keys("flows/base.yaml", "flows/transfers.yaml") == set()  # XFER is not selected
    assert {r for r, _, _ in _keys("--isolated", "flows")} == {"XFER-01", "RET-01"}
    assert {r for r, _, _ in _keys("--select", "ALL", "flows")} == {"XFER-01", "RET-01"}


@pytest.mark.parametrize(("text", "message"), [
    ("[tool.dataflow]\nselct = ['XFER']\n", "[tool.dataflow] selct: Extra inputs are not"),
    ("[tool.dataflow]\nseverity = {XFER = 'fatal'}\n",
     "[tool.dataflow] severity.XFER: Input should be 'error', 'warning' or 'info'"),
    ("[tool.dataflow]\nper-path-ignores = {'a' = 'XFER'}\n",
     "[tool.dataflow] per-path-ignores.a: Input should be a valid list"),
    ("[tool.dataflow]\nignore = ['XFR']\n", "ignore: unknown rule or family 'XFR'"),
    ("[tool.dataflow]\nper-path-ignores = {'a' = ['NOPE']}\n",
     "per-path-ignores.'a': unknown rule or family 'NOPE'"),
    ("[tool.dataflow\n", "pyproject.toml:1: TOML syntax error"),
])
def test_bad_config_exits_2_with_file_and_key(project: Path, text: str, message: str) -> None:
    (project / "pyproject.toml").write_text(text)
    result = run_cli("validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: pyproject.toml")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_explicit_config_file(project: Path) -> None:
    (project / "strict.toml").write_text('ignore = ["XFER"]\n')
    assert {r for r, _, _ in _keys("--config", "strict.toml")} == {"RET-01"}
    result = run_cli("validate", "--config", "missing.toml")
    assert result.exit_code == 2 and "no such configuration file" in result.stderr


def test_config_shapes(project: Path) -> None:
    policies = (Path(__file__).parents[1] / "shapes" / "policies").as_posix()
    (project / "dataflow.toml").write_text(f'shapes = ["{policies}"]\nselect = ["POL"]\n')
    assert {r for r, _, _ in _keys()} == {"POL-SCC-01"}
