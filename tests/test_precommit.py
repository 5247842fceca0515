"""The pre-commit hook, run for real: `pre-commit try-repo` against a temporary repository.

pre-commit builds the hook's environment by pip-installing this repository (and its
dependencies, from PyPI) into a fresh virtualenv: about half a minute per run. If that
cannot be done here (no network, no index), the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

US_FLOW = """  - id: acme.recordings-to-voiceai
    from: acme.customer-service
    to: acme.voiceai-us
    role: processor
    data: [call-recording]
    purposes: [customer-care]
    dpa: {signed: 2025-01-15}
"""
US_PARTY = """  - id: acme.voiceai-us
    name: VoiceAI Inc.
    country: US
"""


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ModuleNotFoundError:
        found = shutil.which("pre-commit")
        if found is None:
            pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
        return [found]
    return [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)  # the hook must run the dataflow pre-commit installed
    try:
        result = subprocess.run(
            [*_pre_commit(), "try-repo", str(ROOT), "dataflow-validate", "--all-files"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.skip("pre-commit did not build the hook environment within 10 minutes")
    output = result.stdout + result.stderr
    if result.returncode not in (0, 1) or "An unexpected error has occurred" in output:
        log = home / "pre-commit.log"
        detail = log.read_text(errors="replace")[-1500:] if log.is_file() else output[-1500:]
        if "pip" in detail or "install" in detail:
            pytest.skip(f"pre-commit could not build the hook's environment (offline?):\n{detail}")
        pytest.fail(f"pre-commit failed:\n{output}\n{detail}")
    return result


def test_pre_commit_hook(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the source tree is not a git repository, so pre-commit cannot use it")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "flows" / "examples", repo / "flows")
    (repo / "docs.md").write_text("not a flow file\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "flows")
    home = tmp_path / "pre-commit-home"

    # A new flow to a US processor without a transfer mechanism: the hook fails.
    flows = repo / "flows"
    (flows / "call-recording.yaml").write_text(
        (flows / "call-recording.yaml").read_text() + US_FLOW)
    (flows / "organisation.yaml").write_text((flows / "organisation.yaml").read_text() + US_PARTY)
    _git(repo, "add", ".")
    failed = _try_repo(repo, home)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "dataflow validate" in output and "Failed" in output
    assert "XFER-01" in output and "acme.recordings-to-voiceai" in output
    assert "flows/call-recording.yaml" in output

    # A waiver with a reason, for the transfer and for the notice that does not name the new
    # recipient yet (TRN-02): the hook passes.
    text = (flows / "call-recording.yaml").read_text()
    (flows / "call-recording.yaml").write_text(text.replace(
        "  - id: acme.recordings-to-voiceai\n",
        "  - id: acme.recordings-to-voiceai  # dataflow: ignore[XFER-01,TRN-02] SCCs being "
        "signed; the notice names VoiceAI from next month\n"))
    _git(repo, "add", ".")
    passed = _try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "dataflow validate" in passed.stdout and "Passed" in passed.stdout
