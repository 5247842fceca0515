"""The codebase stays linted (ruff) and typed (mypy --strict), as part of the test command."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_tool_is_clean(tool: str) -> None:
    if shutil.which(tool) is None and tool != "mypy":
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    command = {
        "ruff": ["ruff", "check", "src", "tests", "bench"],
        "mypy": [sys.executable, "-m", "mypy"],
    }[tool]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
