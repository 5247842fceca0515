"""The codebase stays linted (ruff) and typed (mypy --strict), as part of the test command."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_tool_is_clean(tool: str) -> None:
    # From this interpreter, not PATH: CI runs .venv/bin/pytest without activating the venv.
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    command = {
        "ruff": [sys.executable, "-m", "ruff", "check", "src", "tests", "bench"],
        "mypy": [sys.executable, "-m", "mypy"],
    }[tool]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
