from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dataflow.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
#: One compliant activity, for runs whose subject is not an activity (see the file).
ACTIVITY = FIXTURES / "activity.yaml"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str | Path) -> Result:
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _wide_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renderers see standard output as a file (160 columns), whatever terminal runs the
    tests; a test about narrow output sets COLUMNS itself."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def cli() -> Any:
    return run_cli


def short(focus: str) -> str:
    return focus.removeprefix("urn:dataflow:")


def finding_keys(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(rule, severity, focus id) of every finding in a JSON report."""
    return {(f["rule"], f["severity"], short(f["focus"])) for f in report["findings"]}


def rule_ids(report: dict[str, Any]) -> set[str]:
    """The rule IDs that occur in a JSON report."""
    return {rule for rule, _, _ in finding_keys(report)}


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of `path` that is `text` (a trailing comment allowed)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped == text or stripped.startswith(text + " "):
            return number
    raise AssertionError(f"{text!r} not in {path}")
