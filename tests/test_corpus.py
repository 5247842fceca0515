"""The bad-input corpus: every folder of tests/corpus/ is a hostile input and what a person
must see when dataflow reads it (tests/corpus/README.md describes a case's `expect.toml`).

Each case runs on a copy of its folder, in the copy, and must end with its exit code and
its file:line, within the time limit, with no traceback, no "internal error", no raw
control character on the terminal, no network request (a loopback HTTP server that the
cases name as `@LOOPBACK@` counts every request; an audit hook sees any other attempt of
this process) and no file written, changed or removed in the copy.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import stat
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "expect.toml").is_file())
LIMIT_SECONDS = 10.0
#: Address space of a subprocess case: a run that reads /dev/zero fails fast, not the machine.
MEMORY_BYTES = 2 * 1024**3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


def _in_subprocess(args: list[str], work: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATAFLOW_DEBUG", "GITHUB_ACTIONS")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from dataflow.cli import main; main()", *args],
            cwd=work, env=env, capture_output=True, timeout=LIMIT_SECONDS,
            preexec_fn=_limit_memory if sys.platform == "linux" else None, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {LIMIT_SECONDS:.0f} s")
    output = (done.stdout + done.stderr).decode("utf-8", "backslashreplace")
    return done.returncode, output


def _in_process(args: list[str], work: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    global _recording
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    _recording = True
    try:
        result = run_cli(*args)
    finally:
        _recording = False
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_corpus_case(case: Path, tmp_path: Path, loopback: Loopback,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    work = tmp_path / case.name
    _copy(case, work, loopback.url)
    for item in expect.get("make", []):
        _make(work, item)
    args = [str(a) for a in expect.get("args", ["validate", "--isolated", "."])]
    before, original = _snapshot(work), _snapshot(case)
    requests, attempts = len(loopback.requests), len(_attempts)

    start = time.monotonic()
    if expect.get("mode", "cli") == "subprocess":
        code, output = _in_subprocess(args, work)
    else:
        code, output = _in_process(args, work, monkeypatch)
    seconds = time.monotonic() - start

    shown = f"\n--- output of {case.name} ---\n{output[-3000:]}"
    assert "Traceback" not in output, shown
    assert "internal error" not in output, shown
    assert code == expect["exit"], shown
    for where in expect.get("where", []):
        assert where in output, f"{where} not in the output{shown}"
    for words in expect.get("says", []):
        assert words in output, f"{words!r} not in the output{shown}"
    assert not _CONTROL.search(output), f"a raw control character{shown}"
    assert loopback.requests[requests:] == [], "dataflow sent HTTP requests"
    assert _attempts[attempts:] == [], "dataflow tried to use the network"
    assert _snapshot(work) == before, "files changed in the case folder"
    assert _snapshot(case) == original
    assert seconds < LIMIT_SECONDS, f"took {seconds:.1f} s"


def test_the_corpus_is_not_empty() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
        assert {"about", "exit"} <= set(expect), case.name

