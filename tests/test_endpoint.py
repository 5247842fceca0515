"""`--endpoint`: the map in a real SPARQL store (`oxigraph serve` on loopback), and every way
a store can fail, each an input error (exit 2) with one clear line (docs/endpoint.md).

The store runs in memory: `oxigraph serve --location DIR` takes about 20 s to store the
N = 1,000 map with one PUT (RocksDB), in memory half a second, and the queries are the same.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import ROOT, run_cli
from dataflow.safety import NetworkRefused, reaching

FLOWS = ROOT / "flows"
EXAMPLES = FLOWS / "examples"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _oxigraph() -> str:
    found = Path(sys.executable).with_name("oxigraph")
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


@pytest.fixture(scope="module")
def store() -> Iterator[str]:
    """The query URL of an `oxigraph serve` of its own (a dev dependency, see pyproject)."""
    port = _free_port()
    server = subprocess.Popen([_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(10)


def _push(store: str, graph: str, *paths: Path) -> None:
    result = run_cli("push", *paths, "--endpoint", store, "--graph", graph)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("pushed ") and f"to <{graph}> at " in result.stdout


def _findings(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f["rule"], f["focus"], f["message"], f["file"], f["line"])
            for f in report["findings"]]


def _same_report(store: str, graph: str, *paths: Path) -> list[tuple[Any, ...]]:
    local = run_cli("validate", "--format", "json", "--today", "2026-06-01", *paths)
    remote = run_cli("validate", "--format", "json", "--today", "2026-06-01",
                     "--endpoint", store, "--graph", graph)
    assert remote.exit_code == local.exit_code, remote.stderr
    mine, theirs = remote.json(), local.json()
    assert _findings(mine) == _findings(theirs)
    assert mine == theirs  # summary, hints, articles: the whole report
    return _findings(mine)


def test_validate_flows_as_the_local_engine(store: str) -> None:
    _push(store, "urn:test:flows", FLOWS)
    found = _same_report(store, "urn:test:flows", FLOWS)
    assert found and all(file and line for *_, file, line in found)


def test_validate_a_generated_map_of_1000_activities(store: str, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate, to_yaml
    finally:
        sys.path.remove(str(ROOT))
    synthetic = generate(1000)
    for name, doc in synthetic.files.items():
        (tmp_path / name).write_text(to_yaml(doc), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)  # file names as the benchmark shows them, relative
    try:
        _push(store, "urn:test:n1000", Path("."))
        found = _same_report(store, "urn:test:n1000", Path("."))
    finally:
        os.chdir(cwd)
    keys = {(rule, focus.removeprefix("urn:dataflow:")) for rule, focus, *_ in found}
    assert keys == {(rule, focus) for rule, _, focus in synthetic.expected}


@pytest.mark.parametrize("args", [("recipients", "call-recording"),
                                  ("recipients", "pd:EmailAddress"),
                                  ("trace", "--subject", "customer"),
                                  ("trace", "--subject", "employee")])
def test_recipients_and_trace_as_from_the_flow_files(store: str, args: tuple[str, ...]) -> None:
    _push(store, "urn:test:examples", EXAMPLES)
    local = run_cli(*args, EXAMPLES, "--format", "json")
    remote = run_cli(*args, "--format", "json", "--endpoint", store, "--graph",
                     "urn:test:examples")
    assert (remote.exit_code, local.exit_code) == (0, 0), remote.stderr
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)


@pytest.mark.parametrize("args", [
    ("diagram", "--isolated", "--format", "mermaid"),
    ("diagram", "--isolated", "--format", "mermaid", "--focus", "call-recording"),
    ("ropa", "--isolated", "--profile", "fi", "--format", "md"),
    ("notice", "--isolated", "--subject", "customer", "--lang", "fi", "--format", "md"),
])
def test_diagram_record_and_notice_as_from_the_flow_files(store: str,
                                                         args: tuple[str, ...]) -> None:
    """The DPO's documents from the map in the store are the ones the flow files give,
    error marks and "— missing (RULE)" cells included."""
    _push(store, "urn:test:examples", EXAMPLES)
    local = run_cli(*args, EXAMPLES)
    remote = run_cli(*args, "--endpoint", store, "--graph", "urn:test:examples")
    assert (remote.exit_code, local.exit_code) == (0, 0), remote.stderr
    assert remote.stdout == local.stdout
    assert len(remote.stdout) > 500


@pytest.mark.parametrize("text", [
    "SELECT ?a ?label { ?a a df:Activity ; rdfs:label ?label } ORDER BY ?a ?label",
    "SELECT (COUNT(*) AS ?n) { ?c skos:broader loc:EEA }",  # the ontology is there too
    "ASK { ?a a df:Activity }",
    "CONSTRUCT { ?a df:organisation ?o } WHERE { ?a df:organisation ?o } ORDER BY ?a ?o"])
def test_query_as_over_the_flow_files(store: str, text: str) -> None:
    _push(store, "urn:test:examples", EXAMPLES)
    local = run_cli("query", text, EXAMPLES, "--format", "json")
    remote = run_cli("query", text, "--format", "json", "--endpoint", store, "--graph",
                     "urn:test:examples")
    assert (remote.exit_code, local.exit_code) == (0, 0), remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)


@pytest.mark.parametrize("command", [
    ("validate",), ("recipients", "call-recording"), ("trace", "-s", "customer"),
    ("query", "ASK { ?s ?p ?o }")])
def test_a_graph_that_is_not_there_is_nothing_to_check(store: str,
                                                        command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--endpoint", store, "--graph", "urn:test:no-such-graph")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: nothing to check in graph <urn:test:no-such-graph> "
                                    f"at {store}")


def test_service_is_refused_before_the_store_is_asked(store: str) -> None:
    result = run_cli("query", "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                     "--endpoint", store, "--graph", "urn:test:examples")
    assert result.exit_code == 2
    assert "SERVICE clauses are refused" in result.stderr


# -- stores that fail -------------------------------------------------------------------------


class _Stub(BaseHTTPRequestHandler):
    """A loopback store that answers every request with `status` and `body`."""

    status: ClassVar[int] = 500
    body: ClassVar[bytes] = b"the store broke"
    headers_seen: ClassVar[list[dict[str, str]]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).headers_seen.append(dict(self.headers))
        self.send_response(self.status)
        if self.status in (301, 302):
            self.send_header("Location", "http://203.0.113.9:8080/query")
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_POST = do_PUT = _answer

    def log_message(self, *args: Any) -> None:
        pass


def _stub(status: int, body: bytes = b"the store broke") -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Handler", (_Stub,), {"status": status, "body": body, "headers_seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def failing() -> Iterator[tuple[str, type[_Stub]]]:
    yield from _stub(500)


@pytest.fixture
def refusing() -> Iterator[tuple[str, type[_Stub]]]:
    yield from _stub(401, b"")


@pytest.fixture
def redirecting() -> Iterator[tuple[str, type[_Stub]]]:
    yield from _stub(302, b"")


@pytest.fixture
def without_ontology() -> Iterator[tuple[str, type[_Stub]]]:
    row = {"triples": {"type": "literal", "value": "12"},
           "activities": {"type": "literal", "value": "1"},
           "flows": {"type": "literal", "value": "0"}}
    yield from _stub(200, json.dumps({"head": {"vars": ["triples"]},
                                      "results": {"bindings": [row]}}).encode())


COMMANDS = [("validate",), ("recipients", "call-recording"), ("trace", "-s", "customer"),
            ("query", "ASK { ?s ?p ?o }")]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_store_that_is_down(command: tuple[str, ...]) -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    result = run_cli(*command, "--endpoint", url, "--graph", "urn:test:map")
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot reach {url}: connection refused (is the store "
                             "running?) (expected the URL of a running SPARQL endpoint)\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_http_500(failing: tuple[str, type[_Stub]], command: tuple[str, ...]) -> None:
    url, _ = failing
    result = run_cli(*command, "--endpoint", url, "--graph", "urn:test:map")
    assert result.exit_code == 2
    assert result.stderr == f"error: {url} answered HTTP 500 Internal Server Error: the store broke\n"


def test_http_500_on_push(failing: tuple[str, type[_Stub]]) -> None:
    url, _ = failing
    result = run_cli("push", EXAMPLES, "--endpoint", url, "--graph", "urn:test:map")
    assert result.exit_code == 2
    store = url.removesuffix("query") + "store"
    assert result.stderr == (f"error: {store} (PUT <urn:dataflow:graph:ontology>) answered "
                             "HTTP 500 Internal Server Error: the store broke\n")


def test_a_store_that_never_answers() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        result = run_cli("validate", "--endpoint", url, "--graph", "urn:test:map",
                         "--timeout", "1")
        assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert result.stderr == (f"error: {url} did not answer within 1 s (expected a store that "
                             "answers, or a longer --timeout SECONDS)\n")


def test_credentials_refused_never_shown(refusing: tuple[str, type[_Stub]],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = refusing
    monkeypatch.setenv("DATAFLOW_ENDPOINT_USER", "auditor")
    monkeypatch.setenv("DATAFLOW_ENDPOINT_PASSWORD", "s3cret-Pa55")
    result = run_cli("validate", "--format", "json", "--endpoint", url, "--graph",
                     "urn:test:map")
    assert result.exit_code == 2
    assert "refused the credentials (HTTP 401 Unauthorized)" in result.stderr
    assert "DATAFLOW_ENDPOINT_PASSWORD" in result.stderr
    sent = base64.b64encode(b"auditor:s3cret-Pa55").decode()
    assert handler.headers_seen[0]["Authorization"] == f"Basic {sent}"
    for secret in ("s3cret-Pa55", sent):
        assert secret not in result.stdout + result.stderr
    assert json.loads(result.stdout)["errors"][0]["message"].endswith(
        "refused the credentials (HTTP 401 Unauthorized)")


def test_a_token_is_sent_as_bearer(refusing: tuple[str, type[_Stub]],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = refusing
    monkeypatch.setenv("DATAFLOW_ENDPOINT_TOKEN", "tok-123")
    result = run_cli("recipients", "call-recording", "--endpoint", url, "--graph", "urn:t:m")
    assert result.exit_code == 2
    assert handler.headers_seen[0]["Authorization"] == "Bearer tok-123"
    assert "tok-123" not in result.stdout + result.stderr


def test_no_credentials_asked_for(refusing: tuple[str, type[_Stub]]) -> None:
    url, _ = refusing
    result = run_cli("trace", "-s", "customer", "--endpoint", url, "--graph", "urn:t:m")
    assert result.exit_code == 2
    assert "requires credentials (HTTP 401 Unauthorized)" in result.stderr


def test_credentials_in_the_url_are_refused_unseen() -> None:
    result = run_cli("validate", "--endpoint", "http://auditor:s3cret@127.0.0.1:9/query",
                     "--graph", "urn:test:map")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --endpoint http://127.0.0.1:9/query: credentials "
                                    "in the URL are refused")
    assert "s3cret" not in result.stderr and "auditor" not in result.stderr


def test_a_redirect_is_not_followed(redirecting: tuple[str, type[_Stub]]) -> None:
    url, handler = redirecting
    result = run_cli("query", "ASK { ?s ?p ?o }", "--endpoint", url, "--graph", "urn:t:m")
    assert result.exit_code == 2
    assert "answered with a redirect (HTTP 302 Found) to http://203.0.113.9:8080/query, " \
           "which dataflow does not follow" in result.stderr
    assert len(handler.headers_seen) == 1


def test_a_store_without_the_ontology(without_ontology: tuple[str, type[_Stub]]) -> None:
    url, _ = without_ontology
    result = run_cli("validate", "--endpoint", url, "--graph", "urn:test:map")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: the store at {url} holds no dataflow's ontology "
                                    "in <urn:dataflow:graph:ontology>")
    assert "dataflow push --ontology-only" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("validate", "--graph", "urn:t:m"), "error: --graph needs --endpoint URL\n"),
    (("validate", "--endpoint", "http://127.0.0.1:9/query"), "error: --endpoint needs --graph "
     "IRI (expected the named graph that holds the map, as given to dataflow push)\n"),
    (("validate", str(EXAMPLES), "--endpoint", "http://127.0.0.1:9/query", "--graph", "urn:t:m"),
     "error: give flow files or --endpoint, not both (expected either PATH... or --endpoint "
     "URL --graph IRI)\n"),
    (("validate", "--endpoint", "ftp://127.0.0.1/query", "--graph", "urn:t:m"),
     "error: --endpoint ftp://127.0.0.1/query: not an http or https URL (expected "
     "http://HOST:PORT/PATH)\n"),
    (("validate", "--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"),
     None),
    (("push", str(EXAMPLES), "--endpoint", "http://127.0.0.1:9/sparql", "--graph", "urn:t:m"),
     "error: cannot tell the graph store URL of http://127.0.0.1:9/sparql (expected --store "
     "URL (oxigraph serve: http://HOST:PORT/store; Fuseki: http://HOST:3030/DATASET/data; "
     "GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service))\n"),
])
def test_options_that_do_not_go_together(args: tuple[str, ...], message: str | None) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    if message is None:
        assert result.stderr.startswith("error: --graph not an iri: not a graph IRI")
    else:
        assert result.stderr == message


def test_reaching_lets_through_only_that_host_and_port() -> None:
    with socket.socket() as one, socket.socket() as other:
        for listener in (one, other):
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
        port, elsewhere = one.getsockname()[1], other.getsockname()[1]
        with reaching("127.0.0.1", port):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            with pytest.raises(NetworkRefused):
                socket.create_connection(("127.0.0.1", elsewhere), timeout=2)
            with pytest.raises(NetworkRefused):
                socket.getaddrinfo("example.org", 80)
        with pytest.raises(NetworkRefused):  # no longer once the block is left, when offline
            from dataflow.safety import offline

            with offline():
                socket.create_connection(("127.0.0.1", port), timeout=2)


def test_push_says_what_it_stored(store: str) -> None:
    from dataflow.sources.load import load

    local = load([EXAMPLES])
    result = run_cli("push", EXAMPLES, "--endpoint", store, "--graph", "urn:test:examples")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"pushed {len(local.graph)} triples from {len(local.files)} files to "
        f"<urn:test:examples> at {store.removesuffix('query')}store, the file:line of "
        f"{len(local.locations())} nodes to <urn:test:examples#sources> and the ontology to "
        "<urn:dataflow:graph:ontology>\n")


def test_push_reports_input_errors_and_sends_nothing(failing: tuple[str, type[_Stub]],
                                                     tmp_path: Path) -> None:
    url, handler = failing
    (tmp_path / "bad.yaml").write_text("organisation: [\n", encoding="utf-8")
    result = run_cli("push", tmp_path, "--endpoint", url, "--graph", "urn:test:map")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "bad.yaml:" in result.stderr
    assert handler.headers_seen == []


@pytest.fixture
def echoing() -> Iterator[tuple[str, type[_Stub]]]:
    yield from _stub(500, b"no such user auditor with password s3cret-Pa55 or token tok-123")


def test_a_store_that_echoes_a_secret(echoing: tuple[str, type[_Stub]],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = echoing
    monkeypatch.setenv("DATAFLOW_ENDPOINT_USER", "auditor")
    monkeypatch.setenv("DATAFLOW_ENDPOINT_PASSWORD", "s3cret-Pa55")
    result = run_cli("query", "ASK { ?s ?p ?o }", "--endpoint", url, "--graph", "urn:t:m")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {url} answered HTTP 500 Internal Server Error: no such "
                             "user auditor with password *** or token tok-123\n")
