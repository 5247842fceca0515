"""The bad-input corpus: every folder of tests/corpus/ is a hostile input and what a person
must see when dataflow reads it (tests/corpus/README.md describes a case's `expect.toml`).

Each case runs on a copy of its folder, in the copy, and must end with its exit code and
its file:line, within the time limit, with no traceback, no "internal error", no raw
control character on the terminal, no network request (a loopback HTTP server that the
cases name as `@LOOPBACK@` counts every request; an audit hook sees any other attempt of
this process) and no file written, changed or removed in the copy, but for the report
files a case names under `outputs`, which must be written and name its `where`.

Where a case's output is a findings format (json, sarif, junit, github), each `where` must be
a location of that format's own structure (a JSON error's file, line and column; a SARIF
region; a JUnit testcase; a GitHub annotation), not just text somewhere in the output. And
every case that ends in exit code 2 from `validate` runs once more with `--format json`,
whose errors must name each of its `where`.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "expect.toml").is_file())
LIMIT_SECONDS = 10.0
#: Address space of a subprocess case: a run that reads /dev/zero fails fast, not the machine.
MEMORY_BYTES = 2 * 1024**3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Terminal width for every run: rich wraps tables to the terminal, and a `says` must not be
#: split by a narrow one (pytest-xdist workers have none).
_COLUMNS = "200"
_FORMATS = ("json", "sarif", "junit", "github")
_NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "urllib.Request")
_attempts: list[str] = []
_recording = False


def _record(event: str, args: tuple[Any, ...]) -> None:
    if _recording and event in _NETWORK_EVENTS:
        _attempts.append(f"{event} {args!r:.200}")


sys.addaudithook(_record)


@dataclass
class Loopback:
    url: str
    requests: list[str]


@pytest.fixture(scope="module")
def loopback() -> Iterator[Loopback]:
    """An HTTP server on 127.0.0.1 that records every request it gets (and answers 500)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            requests.append(f"{self.command} {self.path}")
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST = do_PUT = do_HEAD = _any

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Loopback(f"http://127.0.0.1:{server.server_address[1]}", requests)
    finally:
        server.shutdown()
        server.server_close()


def _copy(case: Path, work: Path, url: str) -> None:
    """The case's files into `work`, with @LOOPBACK@ replaced by the server's URL."""
    for source in sorted(case.rglob("*")):
        target = work / source.relative_to(case)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        target.write_bytes(data.replace(b"@LOOPBACK@", url.encode()))


def _make(work: Path, item: dict[str, Any]) -> None:
    """Files a case cannot commit: special files, symlinks, and very large files."""
    path = work / item["file"]
    kind = item["kind"]
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "outside":  # a symlink to a file outside the folder given to dataflow
        outside = work.parent / f"outside-{path.name}"
        outside.write_text(item.get("text", ""), encoding="utf-8")
        path.symlink_to(outside)
    elif kind == "sparse":
        with path.open("wb") as handle:
            handle.truncate(int(item["size"]))
    elif kind == "rename":  # to a name a repository can hold but TOML cannot: raw bytes
        os.rename(path, path.parent / os.fsdecode(bytes.fromhex(item["to_hex"])))
    elif kind == "repeat":  # the marker in the file becomes `text` repeated `count` times
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(item["marker"], item["text"] * int(item["count"])),
                        encoding="utf-8")
    else:
        raise AssertionError(f"unknown kind of made file: {kind}")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: its kind, and the content hash of regular files."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with path.open("rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                found[str(path.relative_to(folder))] = digest.hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                found[str(path.relative_to(folder))] = "-> " + os.readlink(path)
            else:
                found[str(path.relative_to(folder))] = stat.filemode(info.st_mode)
    return found


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _in_subprocess(args: list[str], work: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATAFLOW_DEBUG", "GITHUB_ACTIONS")}
    env["COLUMNS"] = _COLUMNS
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from dataflow.cli import main; main()", *args],
            cwd=work, env=env, capture_output=True, timeout=LIMIT_SECONDS,
            preexec_fn=_limit_memory if sys.platform == "linux" else None, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {LIMIT_SECONDS:.0f} s")
    return (done.returncode, done.stdout.decode("utf-8", "backslashreplace"),
            done.stderr.decode("utf-8", "backslashreplace"))


def _in_process(args: list[str], work: Path,
                monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    global _recording
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("COLUMNS", _COLUMNS)
    _recording = True
    try:
        result = run_cli(*args)
    finally:
        _recording = False
    return result.exit_code, result.stdout, result.stderr


def _run(expect: dict[str, Any], args: list[str], work: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of dataflow run as the case says: in-process or not."""
    if expect.get("mode", "cli") == "subprocess":
        return _in_subprocess(args, work)
    return _in_process(args, work, monkeypatch)


def _format(args: list[str]) -> str:
    """The findings format the arguments ask for (text when they name none)."""
    for i, arg in enumerate(args[:-1]):
        if arg in ("--format", "-f"):
            return args[i + 1]
    return next((a.split("=", 1)[1] for a in args if a.startswith("--format=")), "text")


def places(text: str, fmt: str) -> set[str]:
    """Every location a report in `fmt` names, as `file`, `file:line` and `file:line:column`,
    read from the format's own structure. Raises ValueError if the report does not parse."""
    found: set[str] = set()

    def add(file: object, line: object = None, column: object = None) -> None:
        if not file:
            return
        found.add(str(file))
        if line:
            found.add(f"{file}:{line}")
            if column:
                found.add(f"{file}:{line}:{column}")

    if fmt == "json":
        report = json.loads(text)
        for error in report.get("errors", []):
            add(error["file"], error["line"], error["column"])
        for finding in report.get("findings", []):
            add(finding.get("file"), finding.get("line"))
    elif fmt == "sarif":
        for run in json.loads(text)["runs"]:
            for result in run["results"]:
                for location in result.get("locations", []):
                    physical = location["physicalLocation"]
                    region = physical.get("region", {})
                    add(unquote(physical["artifactLocation"]["uri"]), region.get("startLine"),
                        region.get("startColumn"))
    elif fmt == "junit":
        for case in ET.fromstring(text).iter("testcase"):
            add(case.get("file"), case.get("line"))
            for file, line, column in re.findall(r"(\S+?):(\d+)(?::(\d+))?\b", case.get("name", "")):
                add(file, line, column)
    elif fmt == "github":
        for file, line, column in re.findall(
                r"^::(?:error|warning|notice) file=([^,\n]*)(?:,line=(\d+))?(?:,col=(\d+))?",
                text, re.MULTILINE):
            add(file, line, column)
    else:
        raise ValueError(f"no structure to read in format {fmt}")
    return found


def _expect(case: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """The case's expect.toml; a case marked `xfail` is an open bug, and must fail."""
    expect: dict[str, Any] = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    if "xfail" in expect:
        request.applymarker(pytest.mark.xfail(reason=expect["xfail"], strict=True))
    return expect


def _prepare(case: Path, expect: dict[str, Any], work: Path, url: str) -> list[str]:
    _copy(case, work, url)
    for item in expect.get("make", []):
        _make(work, item)
    return [str(a) for a in expect.get("args", ["validate", "--isolated", "."])]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_corpus_case(case: Path, tmp_path: Path, loopback: Loopback,
                     monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    expect = _expect(case, request)
    work = tmp_path / case.name
    args = _prepare(case, expect, work, loopback.url)
    outputs = [str(name) for name in expect.get("outputs", [])]
    before, original = _snapshot(work), _snapshot(case)
    requests, attempts = len(loopback.requests), len(_attempts)

    start = time.monotonic()
    code, stdout, stderr = _run(expect, args, work, monkeypatch)
    seconds = time.monotonic() - start
    output = stdout + stderr

    shown = f"\n--- output of {case.name} ---\n{output[-3000:]}"
    assert "Traceback" not in output, shown
    assert "internal error" not in output, shown
    assert code == expect["exit"], shown
    fmt = _format(args)
    structured = places(stdout, fmt) if fmt in _FORMATS else None
    for where in expect.get("where", []):
        assert where in output, f"{where} not in the output{shown}"
        if structured is not None:
            assert where in structured, f"{where} not among the {fmt} locations {structured}"
    for words in expect.get("says", []):
        assert words in output, f"{words!r} not in the output{shown}"
    assert not _CONTROL.search(output), f"a raw control character{shown}"
    assert loopback.requests[requests:] == [], "dataflow sent HTTP requests"
    assert _attempts[attempts:] == [], "dataflow tried to use the network"
    after = _snapshot(work)
    for name in outputs:  # report files the case asks for: written, and naming the `where`
        assert after.pop(name, None) is not None, f"{name} was not written"
        written = (work / name).read_text(encoding="utf-8")
        assert not _CONTROL.search(written), f"a raw control character in {name}"
        kind = Path(name).suffix.lstrip(".")
        located = places(written, kind) if kind in _FORMATS else {written}
        for where in expect.get("where", []):
            assert any(where in place for place in located), f"{where} not in {name}"
    assert after == before, "files changed in the case folder"
    assert _snapshot(case) == original
    assert seconds < LIMIT_SECONDS, f"took {seconds:.1f} s"


def _bad_validate_input(case: Path) -> bool:
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    args = [str(a) for a in expect.get("args", ["validate"])]
    return expect["exit"] == 2 and args[0] == "validate" and _format(args) != "json"


@pytest.mark.parametrize("case", [c for c in CASES if _bad_validate_input(c)],
                         ids=lambda p: p.name)
def test_corpus_case_in_json(case: Path, tmp_path: Path, loopback: Loopback,
                             monkeypatch: pytest.MonkeyPatch,
                             request: pytest.FixtureRequest) -> None:
    """The same bad input with --format json: valid JSON on stdout whose `errors` name every
    `where` of the case as a file, file:line or file:line:column."""
    expect = _expect(case, request)
    if "json_xfail" in expect:
        request.applymarker(pytest.mark.xfail(reason=expect["json_xfail"], strict=True))
    work = tmp_path / case.name
    args = _with_format(_prepare(case, expect, work, loopback.url), "json")
    code, stdout, stderr = _run(expect, args, work, monkeypatch)
    shown = f"\n--- output of {case.name} in json ---\n{(stdout + stderr)[-3000:]}"
    assert code == 2, shown
    assert "Traceback" not in stdout + stderr, shown
    report = json.loads(stdout)
    assert report["errors"], shown
    assert report["summary"]["input_errors"] == len(report["errors"]), shown
    located = places(stdout, "json")
    for where in expect.get("where", []):
        assert where in located, f"{where} not among the JSON errors' locations {located}{shown}"


def _with_format(args: list[str], fmt: str) -> list[str]:
    """`args` with `--format fmt` in place of the format they name, or after the command."""
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--format", "-f"):
            skip = True
        elif not arg.startswith("--format="):
            kept.append(arg)
    return [kept[0], "--format", fmt, *kept[1:]]


def test_the_corpus_is_not_empty() -> None:
    assert len(CASES) >= 110
    for case in CASES:
        expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
        assert {"about", "exit"} <= set(expect), case.name
        assert set(expect) <= {"about", "exit", "where", "says", "args", "mode", "make",
                               "outputs", "xfail", "json_xfail"}, case.name
        for name in expect.get("outputs", []):  # the run must make them, not find them
            assert not (case / name).exists(), f"{case.name}/{name} is left from a run"


def test_places_reads_every_format() -> None:
    """The locations the harness reads from each format, so that a format check can fail."""
    assert places('{"errors": [{"file": "a.yaml", "line": 3, "column": 7}], "findings": '
                  '[{"file": "b.ttl", "line": 9}]}', "json") == {
        "a.yaml", "a.yaml:3", "a.yaml:3:7", "b.ttl", "b.ttl:9"}
    sarif = {"runs": [{"results": [{"locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "a.yaml"}, "region": {"startLine": 3, "startColumn": 7}}}]}]}]}
    assert "a.yaml:3:7" in places(json.dumps(sarif), "sarif")
    assert places('<testsuites><testsuite><testcase name="INPUT a.yaml:3:7" file="a.yaml" '
                  'line="3"/></testsuite></testsuites>', "junit") >= {"a.yaml:3", "a.yaml:3:7"}
    assert places("::error file=a.yaml,line=3,col=7,title=INPUT::x\n", "github") >= {"a.yaml:3:7"}
    assert "a.yaml:4" not in places("::error file=a.yaml,line=3,col=7,title=INPUT::x\n", "github")
    with pytest.raises(ValueError):
        places("not json", "json")

