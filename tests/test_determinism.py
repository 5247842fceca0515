"""The same input gives the same bytes: every report, in every format, in any process.

CI diffs reports, code scanning matches SARIF results across runs, and people compare one
run with the next; a set iterated in hash order, a dict filled from one, or a timestamp
would make two runs of one commit differ. Each command runs twice, in separate processes
with different PYTHONHASHSEED values (Python randomises str hashes per process, so set
order changes with it), and the two outputs must be identical byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLES = "flows/examples"
#: Input with errors in three files (a YAML syntax error, a Turtle one, two unknown terms).
BAD = "tests/corpus/many-errors-in-one-run"
FORMATS = ("text", "json", "sarif", "junit", "github")

RUNS: dict[str, list[str]] = {
    **{f"validate-examples-{fmt}": ["validate", "--isolated", "--format", fmt, EXAMPLES]
       for fmt in FORMATS},
    **{f"validate-bad-input-{fmt}": ["validate", "--isolated", "--format", fmt, BAD]
       for fmt in FORMATS},
    "validate-seeds-json": ["validate", "--isolated", "--format", "json", "flows"],
    "trace": ["trace", "--subject", "customer", EXAMPLES],
    "trace-json": ["trace", "--subject", "customer", "--format", "json", EXAMPLES],
    "recipients": ["recipients", "email", EXAMPLES],
    "recipients-json": ["recipients", "email", "--format", "json", EXAMPLES],
    "diagram-mermaid": ["diagram", "--isolated", "--format", "mermaid", EXAMPLES],
    "export-turtle": ["export", "--isolated", EXAMPLES],
    "export-json-ld": ["export", "--isolated", "--format", "json-ld", EXAMPLES],
}


def _run(args: list[str], seed: str) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATAFLOW_DEBUG", "GITHUB_ACTIONS", "PYTHONHASHSEED")}
    env.update(PYTHONHASHSEED=seed, COLUMNS="120")
    done = subprocess.run([sys.executable, "-c", "from dataflow.cli import main; main()", *args],
                          cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_is_the_same_in_every_process(name: str) -> None:
    args = RUNS[name]
    first, second = _run(args, "1"), _run(args, "2")
    assert first[0] in (0, 1, 2), first[2].decode(errors="replace")[-2000:]
    assert first[1] or first[2], f"{name} printed nothing"
    assert first[0] == second[0]
    assert first[1] == second[1], _first_difference(first[1], second[1])
    assert first[2] == second[2], _first_difference(first[2], second[2])


def _first_difference(a: bytes, b: bytes) -> str:
    lines_a, lines_b = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
    for number, (x, y) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if x != y:
            return f"line {number} differs:\n  {x[:300]}\n  {y[:300]}"
    return f"{len(lines_a)} lines against {len(lines_b)}"


def test_the_bad_input_has_errors_in_several_files() -> None:
    code, stdout, _ = _run(["validate", "--isolated", "--format", "json", BAD], "0")
    assert code == 2
    assert len({error["file"] for error in json.loads(stdout)["errors"]}) >= 3
