"""The security model's own guarantees, below the corpus (tests/test_corpus.py): the N-Triples
sink cannot be escaped, crashes exit 3, messages cannot drive the terminal, files are read
within the limits, and docs/security.md states the limits the code applies."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from conftest import ROOT
from dataflow import limits
from dataflow.check.rules import SPARQL_TEXTS, load_rulebook
from dataflow.errors import InputError
from dataflow.store.ontology import DEFAULT
from dataflow.store.sink import TripleSink, UnsafeTerm
from dataflow.store.sparql import remote
from dataflow.textfile import read_text

S, P = URIRef("urn:s"), URIRef("urn:p")
DATATYPE = URIRef("urn:datatype")  # not one rdflib normalises (xsd:token collapses spaces)
HOSTILE_TEXT = [
    "a\nb", "a\rb", "a\r\nb", ">", '"', "\\", "\\n", "\\u0041", "\\", "\x00", "a\x00b",
    "\x01\x1b[2J\x07", "\x7f", "\u0085", "\u2028", "\ufeff", "é", "\U0010ffff", "",
    '" .\n<urn:x> <urn:y> <urn:z> .\n<urn:s> <urn:p> "',
    "\"@en .\n_:b <urn:y> \"x",
]
HOSTILE_IRIS = [
    "urn:x> .\n<urn:dataflow:acme.support-to-us> <https://w3id.org/dataflow#transferMechanism> "
    "<https://w3id.org/dpv/legal/eu/gdpr#A46-2-c",
    "urn:a b", "urn:a\nb", "urn:a\rb", 'urn:a"b', "urn:a\\b", "urn:a\\u003E", "urn:a>",
    "urn:a<", "urn:{a}", "urn:a|b", "urn:a^b", "urn:a`b", "urn:a\x00", "urn:a\x7f",
    "urn:a\udc80", "urn:%zz", "noscheme", "", "http://[::1",
]


def _objects(store: ox.Store) -> list[object]:
    return [q.object for q in store.quads_for_pattern(None, None, None, DEFAULT)]


@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=repr)
def test_hostile_text_is_one_literal_with_its_exact_value(value: str) -> None:
    """Oxigraph's N-Triples parser reads back exactly one triple per literal, unchanged."""
    sink = TripleSink()
    sink.add_text(S, P, value)
    sink.add((S, URIRef("urn:q"), Literal(value, lang="fi")))
    sink.add((S, URIRef("urn:r"), Literal(value, datatype=DATATYPE)))
    store = sink.to_store()
    found = {q.predicate.value: q.object for q in store.quads_for_pattern(None, None, None,
                                                                          DEFAULT)}
    assert len(_objects(store)) == 3
    assert {term.value for term in found.values()} == {value}  # type: ignore[attr-defined]
    assert found["urn:q"].language == "fi"  # type: ignore[attr-defined]
    assert found["urn:r"].datatype.value == str(DATATYPE)  # type: ignore[attr-defined]


@pytest.mark.parametrize("iri", HOSTILE_IRIS, ids=repr)
@pytest.mark.parametrize("position", ["subject", "predicate", "object", "datatype"])
def test_an_iri_that_oxigraph_refuses_is_never_written(iri: str, position: str) -> None:
    sink = TripleSink()
    triple = {"subject": (URIRef(iri), P, S), "predicate": (S, URIRef(iri), S),
              "object": (S, P, URIRef(iri)),
              "datatype": (S, P, Literal("x", datatype=URIRef(iri)))}[position]
    with pytest.raises(UnsafeTerm):
        sink.add(triple)
    assert sink.lines == []


def test_a_lone_surrogate_in_a_literal_is_refused() -> None:
    sink = TripleSink()
    sink.add_text(S, P, "ok")
    sink.add_text(S, P, "x\udc80")
    with pytest.raises(UnsafeTerm, match="lone surrogate"):
        sink.to_store()


@pytest.mark.parametrize("label", ["a b", "x> .", "a\nb", ""], ids=repr)
def test_blank_node_labels_are_checked(label: str) -> None:
    """(rdflib checks language tags itself; the sink checks them too.)"""
    with pytest.raises(UnsafeTerm):
        TripleSink().add((S, P, BNode(label)))


def test_valid_iris_pass_unchanged() -> None:
    sink = TripleSink()
    for iri in ("urn:é", "https://example.org/a?b=c&d=%20#frag", "urn:dataflow:acme.x/y"):
        sink.add((S, P, URIRef(iri)))
    assert {o.value for o in _objects(sink.to_store())} == {  # type: ignore[attr-defined]
        "urn:é", "https://example.org/a?b=c&d=%20#frag", "urn:dataflow:acme.x/y"}


def test_a_crash_exits_3_with_one_line() -> None:
    """A bug is not bad input: exit 3, one line, no traceback (DATAFLOW_DEBUG shows it)."""
    code = ("import dataflow.commands.catalogue as c, dataflow.cli as cli\n"
            "def boom(): raise RuntimeError('line one\\nline two')\n"
            "c.schema = boom\ncli.main()")
    env = {k: v for k, v in os.environ.items() if k != "DATAFLOW_DEBUG"}
    done = subprocess.run([sys.executable, "-c", code, "schema"], capture_output=True,
                          text=True, timeout=60, env=env, check=False)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("internal error: RuntimeError: line one\\nline two")
    assert "a bug in dataflow" in done.stderr


def test_input_errors_escape_control_characters_and_surrogates() -> None:
    error = InputError("unknown measure 'a\nb\x1b]0;x\x07\udc80\t'", "f\x1b.yaml", 3)
    assert str(error) == "f\\x1b.yaml:3: unknown measure 'a\\nb\\x1b]0;x\\x07\\udc80\t'"
    str(error).encode("utf-8")


def test_read_text_refuses_pipes_and_large_files(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file: it is a named pipe"):
        read_text(pipe)  # returns at once: the pipe is opened without blocking
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="larger than the 128 MiB limit"):
        read_text(big)


def test_read_text_reads_line_ends_as_text_mode_does(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\rc: 3\n")
    assert read_text(path) == path.read_text(encoding="utf-8") == "a: 1\nb: 2\nc: 3\n"


def test_the_bundled_shapes_pass_the_grammar_check_they_skip() -> None:
    """load_rulebook checks the bundled shapes lexically only (rdflib's parser would cost a
    second a run); they pass the full check too."""
    shapes = load_rulebook().shapes
    texts = [str(o) for p in SPARQL_TEXTS for o in shapes.objects(None, p)]
    assert len(texts) > 30
    assert [t for t in texts if remote(t, grammar=True) is not None] == []


def test_docs_state_every_limit() -> None:
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for name in dir(limits):
        if name.isupper():
            assert f"`{name}`" in doc, name
    for value in ("128 MiB", "100 levels", "20 levels", "10,000", "1,000,000", "16 MiB",
                  "6 digits"):
        assert value in doc, value
    assert re.search(r"\b3\b.*internal error", doc)
