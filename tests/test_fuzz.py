"""A fuzzer of our own: valid flow files, mutated, must never crash dataflow.

Each example takes a valid set of flow files (flows/examples; tests/fixtures/rules/_base.yaml
with one rule's pass.yaml; DPV Turtle and JSON-LD fixtures), mutates one file, first on its
parsed YAML or JSON-LD (keys dropped, duplicated or renamed, scalars of another type or
numbers of thousands of digits, terms replaced with near-misses or random unicode including
control characters and lone surrogates, deeper nesting, shared and recursive nodes that
become anchors and aliases) and then on its text and bytes (bytes flipped, inserted or
deleted; a BOM, NUL, CR, CRLF, tab, merge key, duplicated line, invalid UTF-8, Turtle or
JSON-LD fragment inserted), and runs `dataflow validate` in-process in the text and json
formats. Whatever the input, the run must end with exit code 0, 1 or 2, without a traceback
or an internal error, without a raw control character in its output, and the json output
must parse.

CI runs the bounded profile (30 examples, about 10 s). A long run:

    DATAFLOW_FUZZ_MINUTES=30 nice -n 19 .venv/bin/pytest tests/test_fuzz.py -p no:xdist -q -k validate

runs batches of 200 examples without a deadline until that many minutes have passed, keeps
going after a failure, writes each failing input (the smallest seen per kind of failure)
to DATAFLOW_FUZZ_OUT (default .pytest_cache/fuzz/) with a summary.json, and fails at the end
if anything failed (docs/security.md, "Fuzzing").
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, run_cli

MINUTES = float(os.environ.get("DATAFLOW_FUZZ_MINUTES") or 0)
OUT = Path(os.environ.get("DATAFLOW_FUZZ_OUT") or ROOT / ".pytest_cache" / "fuzz")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
           HealthCheck.filter_too_much]

settings.register_profile(
    "ci", max_examples=30, deadline=None, database=None, derandomize=False,
    suppress_health_check=_HEALTH, print_blob=True)
#: No example database in the long run either: a failure replayed first by every batch would
#: stop it exploring (each failing input is saved to OUT instead).
settings.register_profile(
    "long", max_examples=200, deadline=None, database=None, suppress_health_check=_HEALTH,
    print_blob=True)


# -- the valid inputs ----------------------------------------------------------------------

@dataclass(frozen=True)
class Seed:
    """A set of valid flow files; `target` is the one that gets mutated."""
    name: str
    files: tuple[Path, ...]
    target: Path


def _seeds() -> list[Seed]:
    examples = sorted((ROOT / "flows" / "examples").glob("*.yaml"))
    found = [Seed(f"examples/{p.name}", tuple(examples), p) for p in examples]
    base = FIXTURES / "rules" / "_base.yaml"
    for rule in ("LB-01", "XFER-01", "RET-01", "SC-01", "FI-HETU-01", "SUP-01", "ROPA-02"):
        passing = FIXTURES / "rules" / rule / "pass.yaml"
        found.append(Seed(f"rules/{rule}/pass.yaml", (base, passing), passing))
    for rdf in (FIXTURES / "dpv" / "acme-dpv2.jsonld", FIXTURES / "dpv" / "acme-dpv2.ttl",
                FIXTURES / "dpv" / "dpcat-v1.ttl", FIXTURES / "rules" / "COVER-01" / "pass.ttl"):
        found.append(Seed(f"dpv/{rdf.name}", (rdf,), rdf))
    return found


SEEDS = _seeds()
#: The parsed YAML or JSON-LD of each seed (Turtle is mutated as bytes only).
_PARSED = {seed.target: (json.loads if seed.target.suffix == ".jsonld" else yaml.safe_load)(
    seed.target.read_text(encoding="utf-8")) for seed in SEEDS if seed.target.suffix != ".ttl"}


# -- structural mutations, on the parsed YAML ----------------------------------------------

#: Characters a hostile term may hold: control characters, separators, lone surrogates,
#: bidirectional overrides, YAML and IRI punctuation.
_NASTY = ["\x00", "\x01", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b",
          "\u2028", "\u2029", "\u202e", "\ufeff", "\ufffe", "\ud800", "\udfff", "\udc80",
          " ", "<", ">", '"', "{", "}", "|", "^", "`", "\\", "%", "%zz", "#", ":", "/", "?",
          "@", "&", "*", "!", "'", "\U0001f600", "é", "ä"]

_unicode = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_nasty_text = st.lists(st.sampled_from(_NASTY) | _unicode, min_size=1, max_size=4).map("".join)


def _near_miss(draw: st.DrawFn, text: str) -> str:
    """A term as a person mistypes it."""
    if not text:
        return draw(_nasty_text)
    how = draw(st.sampled_from(["drop", "insert", "replace", "case", "dash", "space",
                                "nasty", "double", "prefix"]))
    i = draw(st.integers(0, len(text) - 1))
    if how == "drop":
        return text[:i] + text[i + 1:]
    if how == "insert":
        return text[:i] + draw(st.sampled_from(_NASTY + ["a", "-", "."])) + text[i:]
    if how == "replace":
        return text[:i] + draw(st.sampled_from(_NASTY + ["x", "0"])) + text[i + 1:]
    if how == "case":
        return text.swapcase()
    if how == "dash":
        return text.replace("-", "_") if "-" in text else text + "-"
    if how == "space":
        return f" {text} "
    if how == "double":
        return text + text
    if how == "prefix":
        return draw(st.sampled_from(["dpv:", "http://", "urn:", "ex:", "_:", "https://w3id.org/dpv#",
                                     "<", "acme.", "../"])) + text
    return text + draw(_nasty_text)


def _scalar(draw: st.DrawFn, old: Any) -> Any:
    """A value of another type, or a text that is almost right."""
    kind = draw(st.sampled_from(["near", "nasty", "int", "bigint", "float", "bool", "none",
                                 "list", "map", "date", "empty", "long"]))
    if kind == "near":
        return _near_miss(draw, str(old) if not isinstance(old, (dict, list)) else "")
    if kind == "nasty":
        return draw(_nasty_text)
    if kind == "int":
        return draw(st.integers(-10, 10**6))
    if kind == "bigint":  # written out as digits (Python's int refuses str() past 4,300)
        return _Digits("9" * draw(st.sampled_from([19, 400, 4300, 4301, 6000])))
    if kind == "float":
        return draw(st.floats(allow_nan=True, allow_infinity=True))
    if kind == "bool":
        return draw(st.booleans())
    if kind == "none":
        return None
    if kind == "list":
        return [old]
    if kind == "map":
        return {str(old) if not isinstance(old, (dict, list)) else "x": old}
    if kind == "date":
        return draw(st.dates(min_value=datetime.date(1, 1, 1)))
    if kind == "empty":
        return draw(st.sampled_from(["", [], {}]))
    return draw(st.sampled_from(["a", "2 years ", "é", "\u202e"])) * draw(st.integers(100, 20_000))


class _Digits(str):
    """A number too long for Python's int: a plain YAML scalar, a bare JSON number."""


yaml.SafeDumper.add_representer(
    _Digits, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:int", str(data)))


def _positions(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in the document, each container once."""
    found: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                found.append((node, key))
                stack.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                found.append((node, index))
                stack.append(value)
    return found


def _mutate(draw: st.DrawFn, doc: Any) -> Any:
    """One structural change to `doc` (changed in place where it can be); the new doc."""
    places = _positions(doc)
    if not places:
        return draw(st.sampled_from([[doc], {"organisation": doc}, {}, None]))
    parent, key = draw(st.sampled_from(places))
    old = parent[key]
    how = draw(st.sampled_from(["drop", "duplicate", "rename", "retype", "retype", "near",
                                "near", "nest", "alias", "recursive", "swap"]))
    if how == "drop":
        del parent[key]
    elif how == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(old))
        else:
            parent[_near_miss(draw, str(key))] = copy.deepcopy(old)
    elif how == "rename" and isinstance(parent, dict):
        value = parent.pop(key)
        new = draw(st.sampled_from(["near", "nasty", "int", "none"]))
        name: Any = None
        if new == "near":
            name = _near_miss(draw, str(key))
        elif new == "nasty":
            name = draw(_nasty_text)
        elif new == "int":
            name = 7
        parent[name] = value
    elif how in ("retype", "rename"):
        parent[key] = _scalar(draw, old)
    elif how == "near":
        parent[key] = _near_miss(draw, old) if isinstance(old, str) else _scalar(draw, old)
    elif how == "nest":
        depth = draw(st.sampled_from([1, 2, 5, 99, 100, 101, 150]))
        value = old
        for _ in range(depth):
            value = [value] if draw(st.booleans()) else {"x": value}
        parent[key] = value
    elif how == "alias":  # a node shared with another place: an anchor and an alias
        other, other_key = draw(st.sampled_from(places))
        parent[key] = other[other_key]
    elif how == "recursive" and isinstance(old, (dict, list)):
        if isinstance(old, list):
            old.append(old)
        else:
            old[draw(st.sampled_from(["x", "data", "purposes", "id"]))] = old
    else:  # swap with another value
        other, other_key = draw(st.sampled_from(places))
        parent[key], other[other_key] = other[other_key], old
    return doc


def _dump(draw: st.DrawFn, doc: Any, suffix: str) -> str:
    if suffix == ".jsonld":
        try:
            text = json.dumps(doc, ensure_ascii=draw(st.booleans()), default=str,
                              indent=draw(st.sampled_from([None, 1])))
        except (ValueError, RecursionError):  # a recursive structure
            return json.dumps(str(doc)[:1000])
        # long numbers as bare JSON numbers, which Python's JSON reader cannot convert
        return re.sub(r'"(9{18,})"', r"\1", text)
    style = draw(st.sampled_from([None, False, True]))
    try:
        return yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), sort_keys=False,
                              default_flow_style=style, width=draw(st.sampled_from([80, 10**6])))
    except (yaml.YAMLError, RecursionError, ValueError):  # what PyYAML cannot write
        return yaml.safe_dump(str(doc)[:1000])


# -- mutations of the text and its bytes ---------------------------------------------------

_BYTES = [b"\xef\xbb\xbf", b"\x00", b"\r", b"\r\n", b"\t", b"\n", b"\x1b[2J", b"\x01",
          b"\xff", b"\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x80\xa8", b"\xc2\x85",
          b"\x92", b"\xe9", b"\x80", b":", b"- ", b"&a ", b"*a", b"<<: *a", b"{", b"[", b"'",
          b'"', b"#", b"!!python/object:os.system ", b"%YAML 1.1\n", b"---\n", b"...\n",
          b"? ", b"|", b">", b"!", b"@", b"`", b"\\", b"dataflow: 99\n", b"&a", b"  ",
          b"<", b">", b"<http://a b>", b"@prefix x: <http://a/> .\n", b"@base <../> .\n",
          b"\\u0000", b"\\U0010FFFF", b"\\ud800", b'"""', b"^^", b"_:b", b";", b".", b",",
          b'"@context": "http://127.0.0.1:9/x", ', b'"@id": "a b", ', b"owl:imports"]


def _text_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    how = draw(st.sampled_from(["flip", "insert", "delete", "splice", "line", "dupline",
                                "dropline", "tabs", "crlf", "bom", "merge", "truncate"]))
    at = draw(st.integers(0, len(data)))
    if how == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:]
    if how == "insert":
        return data[:at] + draw(st.sampled_from(_BYTES)) + data[at:]
    if how == "delete":
        return data[:at] + data[at + draw(st.integers(1, 16)):]
    if how == "splice":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    if how == "line":
        lines.insert(index, draw(st.sampled_from(_BYTES)) + lines[index])
    elif how == "dupline":  # a duplicate key, or a duplicate list entry
        lines.insert(index, lines[index])
    elif how == "dropline":
        del lines[index]
    elif how == "tabs":
        lines[index] = lines[index].replace(b"  ", b"\t")
    elif how == "crlf":
        return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"])))
    elif how == "bom":
        return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    elif how == "merge":  # an anchor on one mapping, merged into another
        lines[index] = lines[index] + b" &m"
        lines.insert(draw(st.integers(0, len(lines))), b"  <<: *m")
    else:
        return data[:at]
    return b"\n".join(lines)


@dataclass
class Case:
    seed: Seed
    data: bytes
    steps: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Case({self.seed.name!r}, {self.data!r:.2000}, steps={self.steps})"


@st.composite
def cases(draw: st.DrawFn) -> Case:
    seed = draw(st.sampled_from(SEEDS))
    steps: list[str] = []
    if seed.target in _PARSED and draw(st.integers(0, 3)):  # mostly structural, then bytes
        doc = copy.deepcopy(_PARSED[seed.target])
        for _ in range(draw(st.integers(1, 4))):
            doc = _mutate(draw, doc)
        text = _dump(draw, doc, seed.target.suffix)
        data = text.encode("utf-8", "surrogatepass")
        steps.append("structure")
    else:
        data = seed.target.read_bytes()
    for _ in range(draw(st.integers(0 if steps else 1, 3))):
        data = _text_mutation(draw, data)
        steps.append("bytes")
    return Case(seed, data, steps)


# -- running it ------------------------------------------------------------------------------

@dataclass
class Tally:
    runs: int = 0
    failures: dict[str, bytes] = field(default_factory=dict)
    exits: dict[int, int] = field(default_factory=dict)


TALLY = Tally()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="dataflow-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _kind(problem: str) -> str:
    """A failure's kind: its first line without the numbers, quotes and paths that vary."""
    first = problem.strip().splitlines()[0] if problem.strip() else problem
    return re.sub(r"\d+|'[^']*'|\"[^\"]*\"", "_", first)[:160]


def _save(case: Case, problem: str) -> None:
    kind = _kind(problem)
    known = TALLY.failures.get(kind)
    if known is not None and len(known) <= len(case.data):
        return
    TALLY.failures[kind] = case.data
    OUT.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(kind.encode()).hexdigest()[:12]
    (OUT / f"{name}{case.seed.target.suffix}").write_bytes(case.data)
    (OUT / f"{name}.txt").write_text(f"seed: {case.seed.name}\nsteps: {case.steps}\n{problem}\n",
                                     encoding="utf-8", errors="backslashreplace")


def check(case: Case, folder: Path) -> None:
    """Run dataflow on the mutated files in text and json; fail on anything but a clean end."""
    TALLY.runs += 1
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in case.seed.files:
        target = folder / path.name
        if path == case.seed.target:
            target.write_bytes(case.data)
        else:
            shutil.copyfile(path, target)
    for fmt in ("text", "json"):
        try:
            result = run_cli("validate", "--isolated", "--format", fmt, folder)
        except BaseException as exc:  # anything that leaves the CLI is a bug
            if isinstance(exc, KeyboardInterrupt):
                raise
            problem = f"{type(exc).__name__} leaves the CLI ({fmt}): {exc!s:.500}"
            _save(case, problem)
            raise AssertionError(problem) from exc
        output = result.stdout + result.stderr
        TALLY.exits[result.exit_code] = TALLY.exits.get(result.exit_code, 0) + 1
        problems = []
        if result.exit_code not in (0, 1, 2):
            problems.append(f"exit code {result.exit_code} ({fmt})")
        if "Traceback" in output or "internal error" in output:
            problems.append(f"a traceback or internal error ({fmt})")
        if match := _CONTROL.search(output):
            problems.append(f"a raw control character {match.group()!r} in the output ({fmt})")
        if fmt == "json":
            try:
                json.loads(result.stdout)
            except ValueError as exc:
                problems.append(f"json output that does not parse: {exc}")
        if problems:
            problem = "; ".join(problems) + "\n" + output[-2000:]
            _save(case, problem)
            raise AssertionError(problem)


def test_fuzz_validate(workdir: Path) -> None:
    """Bounded in CI; with DATAFLOW_FUZZ_MINUTES, batches until the time is up."""

    @given(case=cases())
    def one(case: Case) -> None:
        check(case, workdir / "flows")

    if not MINUTES:
        settings(settings.get_profile("ci"))(one)()
        return
    long = settings(settings.get_profile("long"))(one)
    stop = time.monotonic() + MINUTES * 60
    start, batches, errors = time.monotonic(), 0, []
    while time.monotonic() < stop:
        batches += 1
        known = len(TALLY.failures)
        try:
            long()
        except Exception as exc:  # recorded; the run goes on to find more
            errors.append(f"{type(exc).__name__}: {exc!s:.300}")
            if len(TALLY.failures) == known:  # not from check(): a bug of the fuzzer itself
                TALLY.failures[f"fuzzer: {_kind(str(exc))}"] = b""
        summary = {"minutes": round((time.monotonic() - start) / 60, 1), "batches": batches,
                   "runs": TALLY.runs, "exit_codes": TALLY.exits,
                   "failing_batches": len(errors), "kinds_of_failure": sorted(TALLY.failures),
                   "errors": errors[-20:]}
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=True),
                                          encoding="utf-8")
    assert not TALLY.failures, f"{len(TALLY.failures)} kinds of failure, see {OUT}"


def test_mutations_change_the_input() -> None:
    """The fuzzer is not idle: its mutations make inputs that dataflow refuses, and some that
    it still accepts."""
    seen: set[bytes] = set()

    @settings(max_examples=40, database=None, deadline=None, suppress_health_check=_HEALTH,
              phases=[Phase.generate])
    @given(case=cases())
    def collect(case: Case) -> None:
        seen.add(case.data)

    collect()
    originals = {seed.target.read_bytes() for seed in SEEDS}
    assert len(seen - originals) >= 20
