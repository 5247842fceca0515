"""One benchmark stage, run in its own process so that its peak memory is its own.

    python -m bench.stages STAGE MAP_DIR

prints one JSON object: the stage's wall time in seconds (`seconds`), the peak resident
memory of the process (`peak_mb`, which includes the interpreter and what the stage had to
load first) and stage-specific details. Only the work named by the stage is timed; the
set-up it needs (loading the map before validating it, say) is not.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Time one stage with the collector paused, as the command line runs every command."""
    from dataflow.gcpause import gc_paused

    with gc_paused():
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value


def store_load(map_dir: Path) -> Result:
    """The physical limit: the map's Turtle loaded into a pyoxigraph Store (`Store.load`),
    the store that the engine then queries. Every end-to-end time is compared with it."""
    import pyoxigraph as ox

    store = ox.Store()
    seconds, _ = _timed(lambda: store.load(path=str(map_dir / "map.ttl"),
                                           format=ox.RdfFormat.TURTLE))
    return {"seconds": seconds, "triples": len(store)}


def parse_oxigraph(map_dir: Path) -> Result:
    """Oxigraph's Turtle parser reading the map into a list of triples (no store)."""
    import pyoxigraph as ox

    seconds, triples = _timed(lambda: list(ox.parse(path=str(map_dir / "map.ttl"),
                                                    format=ox.RdfFormat.TURTLE)))
    return {"seconds": seconds, "triples": len(triples)}


def parse_rdflib(map_dir: Path) -> Result:
    """rdflib's Turtle parser into an in-memory Graph, for comparison."""
    from rdflib import Graph

    graph = Graph()
    seconds, _ = _timed(lambda: graph.parse(map_dir / "map.ttl", format="turtle"))
    return {"seconds": seconds, "triples": len(graph)}


def load_yaml(map_dir: Path) -> Result:
    """dataflow's loader on the YAML files: read, validate, build the graph and its store."""
    from dataflow.sources.load import load
    from dataflow.store.terms import default_index

    default_index()  # the ontology index is start-up work, timed in `startup`
    seconds, graph = _timed(lambda: load([map_dir / "yaml"]))
    return {"seconds": seconds, "triples": len(graph.graph), "files": len(graph.files)}


def load_yaml_breakdown(map_dir: Path) -> Result:
    """The YAML load in its steps (the calls of dataflow.sources.load.load, timed one by one)."""
    from dataflow.gcpause import gc_paused
    from dataflow.sources.load import discover
    from dataflow.store.terms import default_index

    terms = default_index()
    files = discover([map_dir / "yaml"])
    with gc_paused():
        return _steps(files, terms)


def _steps(files: list[Path], terms: Any) -> Result:
    from dataflow.sources.parse import Declared, declare, parse_flow_file
    from dataflow.sources.sourcemap import SourceMap
    from dataflow.sources.yamlfile import read_yaml
    from dataflow.sources.yamlgraph import GraphBuilder
    from dataflow.store.rdflib_store import rdflib_graph
    from dataflow.store.sink import TripleSink

    t0 = time.perf_counter()
    texts = [(p.read_text(encoding="utf-8"), str(p)) for p in files]
    t1 = time.perf_counter()
    docs = [read_yaml(text, name) for text, name in texts]
    t2 = time.perf_counter()
    parsed = [parse_flow_file(doc) for doc in docs]
    t3 = time.perf_counter()
    declared = Declared()
    for item in parsed:
        declare(item, declared)
    sink = TripleSink()
    builder = GraphBuilder(sink, terms, declared, SourceMap())
    for item in parsed:
        builder.build(item)
    t4 = time.perf_counter()
    graph = rdflib_graph(sink.to_store())
    t5 = time.perf_counter()
    steps = {"read files": t1 - t0, "YAML compose (libyaml) + line map": t2 - t1,
             "pydantic validation": t3 - t2, "build triples": t4 - t3,
             "bulk load into Oxigraph": t5 - t4}
    return {"seconds": t5 - t0, "steps": steps, "triples": len(graph)}


def load_turtle(map_dir: Path) -> Result:
    """dataflow's loader on the Turtle file: Oxigraph parse, line index, store."""
    from dataflow.sources.load import load
    from dataflow.store.terms import default_index

    default_index()
    seconds, graph = _timed(lambda: load([map_dir / "map.ttl"]))
    return {"seconds": seconds, "triples": len(graph.graph)}


def _engine(map_dir: Path, engine: str) -> Result:
    from dataflow.check.engines import run_engine
    from dataflow.check.pipeline import to_findings
    from dataflow.check.rules import load_rulebook
    from dataflow.sources.load import load

    graph = load([map_dir / "yaml"])
    book = load_rulebook()
    notices: list[str] = []
    seconds, (raw, used) = _timed(lambda: run_engine(engine, graph.graph, book,
                                                     notices.append))
    findings = to_findings(raw, graph.sources, book)
    return {"seconds": seconds, "engine": used, "findings": len(findings),
            "keys": sorted({(f.rule, f.severity.value, f.focus) for f in findings})}


def engine_sparql(map_dir: Path) -> Result:
    """The fast engine alone: compile the shapes and run every query on the loaded store."""
    return _engine(map_dir, "sparql")


def engine_pyshacl(map_dir: Path) -> Result:
    """pySHACL alone, on the same graph and shapes."""
    return _engine(map_dir, "pyshacl")


#: Where the optional benchmark dependency comes from (pyproject: the `bench` extra).
TURBO_MISSING = ("pyshacl-turbo is not installed: pip install -e '.[bench]' (or pip install "
                 "pyshacl-turbo) to run this stage")


def _report_results(report: Any) -> list[Any]:
    """A SHACL validation report graph as the engines' raw results (as reference.py reads it)."""
    from rdflib.namespace import RDF

    from dataflow.findings import SH_SEVERITY, RawResult, Severity
    from dataflow.vocab import SH

    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        results.append(RawResult(
            shape=str(report.value(result, SH.sourceShape)),
            focus=str(report.value(result, SH.focusNode)),
            severity=SH_SEVERITY.get(str(report.value(result, SH.resultSeverity)),
                                     Severity.ERROR),
            message=str(message) if message is not None else ""))
    return results


def _shape_graph(shapes: Any, shape: Any) -> Any:
    """One shape of the rule book with its constraints and their prefix declarations."""
    from rdflib import Graph

    from dataflow.vocab import SH

    graph = Graph()
    todo, seen = [shape], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in shapes.triples((node, None, None)):
            graph.add(triple)
            if triple[1] in (SH.sparql, SH.prefixes, SH.declare):
                todo.append(triple[2])
    return graph


def _turbo_refuses(turbo: Any, shapes: Any) -> dict[str, str]:
    """The shapes pyshacl-turbo will not compile, each with its message (one probe per shape,
    on an empty data graph)."""
    from rdflib import Graph

    from dataflow.vocab import SH

    refused = {}
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        try:
            _, report, text = turbo.validate(Graph(), shacl_graph=_shape_graph(shapes, shape),
                                             advanced=True)
            if not isinstance(report, Graph):
                refused[str(shape)] = str(text).strip()
        except Exception as exc:  # the engine's own error, recorded as it is
            refused[str(shape)] = f"{type(exc).__name__}: {exc}"
    return refused


def engine_turbo(map_dir: Path) -> Result:
    """pyshacl-turbo (a Rust SHACL engine with pySHACL's API, an optional dependency) on the
    same graph and shapes. Its input is the loaded pyoxigraph Store with the ontology merged
    into the default graph, as the fast engine sees it; the timed call includes turbo's copy
    of the store (an N-Quads snapshot), compiling the shapes and building the report graph.

    If it refuses the rule book, the refusal is recorded, the shapes it refuses are found one
    by one, and it runs on the others; its findings are compared with the fast engine's on
    exactly those shapes (rule, severity, focus)."""
    from importlib import import_module
    from importlib.metadata import version

    try:  # by name: mypy and ruff pass without the optional dependency
        turbo = import_module("pyshacl_turbo")
    except ImportError:
        return {"skipped": TURBO_MISSING}

    from rdflib import Graph, URIRef

    from dataflow.check.engines import run_engine
    from dataflow.check.pipeline import to_findings
    from dataflow.check.rules import load_rulebook
    from dataflow.safety import offline
    from dataflow.sources.load import load
    from dataflow.store.ontology import ontology_merged
    from dataflow.store.rdflib_store import store_of
    from dataflow.vocab import SH

    graph = load([map_dir / "yaml"])
    book = load_rulebook()
    store = store_of(graph.graph)

    def run(shapes: Graph) -> tuple[Any, str]:
        with offline(), ontology_merged(store):
            _, report, text = turbo.validate(store, shacl_graph=shapes, inference="none",
                                             advanced=True, allow_warnings=True,
                                             allow_infos=True)
        return report, str(text)

    result: Result = {"engine": f"pyshacl-turbo {version('pyshacl-turbo')}", "input": "Store"}
    seconds, (report, text) = _timed(lambda: run(book.shapes))
    refused: dict[str, str] = {}
    if not isinstance(report, Graph):  # like pySHACL, it returns its failure as the report
        result["whole_book_error"] = text.strip()
        result["whole_book_seconds"] = seconds
        refused = _turbo_refuses(turbo, book.shapes)
        subset = Graph()
        subset += book.shapes
        for shape in refused:
            subset.remove((URIRef(shape), None, None))
        seconds, (report, text) = _timed(lambda: run(subset))
        if not isinstance(report, Graph):
            result.update(error=text.strip(), refused=refused)
            return result
    result["stage_peak_mb"] = round(_peak_mb(), 1)
    raw = _report_results(report)
    notices: list[str] = []
    fast_raw, _ = run_engine("sparql", graph.graph, book, notices.append)
    fast_raw = [r for r in fast_raw if r.shape not in refused]

    def keys(items: list[Any]) -> set[tuple[str, str, str]]:
        return {(f.rule, f.severity.value, f.focus) for f in to_findings(items, graph.sources,
                                                                        book)}

    mine, fast = keys(raw), keys(fast_raw)
    with_sparql = set(book.shapes.subjects(SH.sparql, None))
    result.update(seconds=seconds, findings=len(mine), fast_findings=len(fast),
                  shapes_run=len(with_sparql) - len(refused), shapes_refused=len(refused),
                  refused={shape.rsplit("#", 1)[-1]: why for shape, why in refused.items()},
                  agree=mine == fast, only_turbo=sorted(mine - fast)[:20],
                  only_fast=sorted(fast - mine)[:20], only_turbo_count=len(mine - fast),
                  only_fast_count=len(fast - mine), triples=len(graph.graph),
                  fast_engine_notices=notices)
    return result


#: The question the view stages ask: `dataflow recipients name` and `trace --subject customer`.
RECIPIENTS_OF = "name"
SUBJECT = "customer"


def _loaded_view_input(map_dir: Path) -> tuple[Any, Any]:
    """The loaded map and the term index (set-up, not timed)."""
    from dataflow.sources.load import load
    from dataflow.store.terms import default_index

    terms = default_index()
    return load([map_dir / "yaml"], terms), terms


def view_and_recipients(map_dir: Path) -> Result:
    """`dataflow recipients name` after load, as the command runs it: derive the networkx view
    (`build_view`), answer and resolve the answer into its record (`recipients_lineage`),
    render it as JSON. `_timed` pauses the collector, as the command does."""
    from dataflow.report import lineage as report
    from dataflow.report.registry import Style
    from dataflow.view import graph as graphview
    from dataflow.view import lineage

    graph, terms = _loaded_view_input(map_dir)
    category = terms.lookup(RECIPIENTS_OF, "data category")
    build_seconds, view = _timed(lambda: graphview.build_view(graph.graph, terms))
    answer_seconds, answer = _timed(lambda: lineage.recipients_lineage(view, terms, category))
    render_seconds, text = _timed(lambda: report.render_json(answer, Style()))
    found = answer.data["recipients"]
    return {"seconds": build_seconds + answer_seconds, "build_view": build_seconds,
            "answer": answer_seconds, "render_json": render_seconds,
            "recipients": len(found), "truncated": answer.data["truncated"],
            "paths": sum(len(r["paths"]) for r in found), "json_chars": len(text),
            "nodes": view.number_of_nodes(), "edges": view.number_of_edges()}


def view_and_trace(map_dir: Path) -> Result:
    """`dataflow trace --subject customer` after load, as the command runs it: build the
    view, answer and resolve (`subject_lineage`), render as JSON."""
    from dataflow.report import lineage as report
    from dataflow.report.registry import Style
    from dataflow.view import graph as graphview
    from dataflow.view import lineage

    graph, terms = _loaded_view_input(map_dir)
    subject = terms.lookup(SUBJECT, "data subject category")
    build_seconds, view = _timed(lambda: graphview.build_view(graph.graph, terms))
    answer_seconds, answer = _timed(lambda: lineage.subject_lineage(view, terms, subject))
    render_seconds, text = _timed(lambda: report.render_json(answer, Style()))
    return {"seconds": build_seconds + answer_seconds, "build_view": build_seconds,
            "answer": answer_seconds, "render_json": render_seconds,
            "recipients": len(answer.data["recipients"]),
            "activities": len(answer.data["activities"]),
            "truncated": answer.data["truncated"], "json_chars": len(text)}


def diagram(map_dir: Path) -> Result:
    """`dataflow diagram` (Mermaid) after load and validation, as the diagram command runs
    it: build the view, build the diagram, render it, each timed. `_timed` pauses the
    collector, as the command does."""
    from dataflow.check.pipeline import check
    from dataflow.report import mermaid
    from dataflow.report.registry import Style
    from dataflow.view import diagram as module
    from dataflow.view import graph as graphview

    graph, terms = _loaded_view_input(map_dir)
    found = check(graph).findings
    build_seconds, view = _timed(lambda: graphview.build_view(graph.graph, terms))
    diagram_seconds, drawn = _timed(lambda: module.build(view, terms, found, title="bench"))
    render_seconds, text = _timed(lambda: mermaid.render(drawn, Style()))
    return {"seconds": build_seconds + diagram_seconds + render_seconds,
            "build_view": build_seconds, "diagram_build": diagram_seconds,
            "render_mermaid": render_seconds, "chars": len(text),
            "diagram_nodes": len(drawn.nodes), "diagram_edges": len(drawn.edges)}


def _command(args: list[str]) -> Result:
    import subprocess

    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dataflow.cli", *args], capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result: Result = {"seconds": seconds, "exit": proc.returncode, "child_peak_mb": peak}
    if proc.returncode in (0, 1) and args[:3] == ["validate", "--format", "json"]:
        result["findings"] = len(json.loads(proc.stdout)["findings"])
    else:
        result["stderr"] = proc.stderr[-500:]
    return result


def validate_yaml(map_dir: Path) -> Result:
    """End to end: `dataflow validate --format json` on the YAML files, start-up included."""
    return _command(["validate", "--format", "json", str(map_dir / "yaml")])


def validate_turtle(map_dir: Path) -> Result:
    """End to end on the Turtle file."""
    return _command(["validate", "--format", "json", str(map_dir / "map.ttl")])


def recipients_turtle(map_dir: Path) -> Result:
    """End to end: `dataflow recipients DATA --format json` on the Turtle file."""
    return _command(["recipients", RECIPIENTS_OF, "--format", "json", str(map_dir / "map.ttl")])


#: The named graph the endpoint stage pushes the map into.
ENDPOINT_GRAPH = "urn:dataflow:bench:map"
#: Seconds each request of push and validate may wait (the CLI's default is 60).
ENDPOINT_TIMEOUT = "1800"


def _child(args: list[str]) -> tuple[float, int, str, str, float]:
    """Run `dataflow ARGS` as a command: wall time, exit code, stdout, stderr and the peak
    resident memory of that one process (os.wait4, not the maximum over all children)."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dataflow.cli", *args], stdout=out,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (seconds, proc.returncode, out.read().decode(), err.read().decode(),
                usage.ru_maxrss / 1024)


def _oxigraph() -> str | None:
    import shutil

    found = Path(sys.executable).with_name("oxigraph")
    return str(found) if found.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, server: Any, seconds: float = 30) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("oxigraph serve did not start") from None
            time.sleep(0.1)


def _vm_hwm_mb(pid: int) -> float | None:
    """The peak resident memory of a running process (Linux), None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _report_findings(text: str) -> list[tuple[Any, ...]]:
    return [(f["rule"], f["severity"], f["focus"], f["message"], f["file"], f["line"])
            for f in json.loads(text)["findings"]]


def endpoint(map_dir: Path, on_disk: bool = True) -> Result:
    """The endpoint path: `oxigraph serve` on a free loopback port with a fresh `--location`
    (RocksDB on disk; in memory with `on_disk=False`), `dataflow push` of the map's Turtle
    into a named graph, then `dataflow validate --endpoint URL --graph IRI --format json`,
    each timed as a command, start-up included. The local `dataflow validate --format json`
    on the same Turtle is the reference: the two reports must have the same findings (rule,
    severity, focus, message, file, line), and are compared whole too. The server is stopped
    afterwards."""
    import subprocess
    import tempfile

    binary = _oxigraph()
    if binary is None:
        return {"skipped": "no oxigraph CLI (pip install oxigraph, a dev dependency)"}
    turtle = str(map_dir / "map.ttl")
    result: Result = {"store": "oxigraph serve " + ("--location (fresh)" if on_disk
                                                     else "(in memory)")}
    with tempfile.TemporaryDirectory(prefix="dataflow-bench-oxigraph-") as location:
        port = _free_port()
        url = f"http://127.0.0.1:{port}/query"
        where = ["--location", location] if on_disk else []
        server = subprocess.Popen([binary, "serve", *where, "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port, server)
            remote = ["--endpoint", url, "--graph", ENDPOINT_GRAPH, "--timeout",
                      ENDPOINT_TIMEOUT]
            seconds, code, out, err, peak = _child(["push", turtle, *remote])
            result.update(push_seconds=seconds, push_exit=code, push_peak_mb=peak,
                          pushed=out.strip()[:300])
            print(f"push {seconds:.2f} s, exit {code}", file=sys.stderr, flush=True)
            if code != 0:
                result["error"] = f"push failed ({code}): {err.strip()[-300:]}"
                return result
            seconds, code, out, err, peak = _child(["validate", "--format", "json", *remote])
            result.update(seconds=seconds, exit=code, child_peak_mb=peak)
            result["server_peak_mb"] = _vm_hwm_mb(server.pid)
            print(f"validate --endpoint {seconds:.2f} s, exit {code}", file=sys.stderr,
                  flush=True)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        result["store_mb"] = sum(f.stat().st_size for f in Path(location).rglob("*")
                                 if f.is_file()) / 1e6
    if code not in (0, 1):
        result["error"] = f"validate --endpoint failed ({code}): {err.strip()[-300:]}"
        return result
    local_seconds, local_code, local_out, local_err, local_peak = _child(
        ["validate", "--format", "json", turtle])
    if local_code not in (0, 1):
        result["error"] = f"local validate failed ({local_code}): {local_err.strip()[-300:]}"
        return result
    mine, theirs = _report_findings(out), _report_findings(local_out)
    result.update(local_seconds=local_seconds, local_peak_mb=local_peak, findings=len(mine),
                  local_findings=len(theirs), exit_matches=code == local_code,
                  findings_equal=mine == theirs,
                  report_equal=json.loads(out) == json.loads(local_out),
                  only_endpoint=[list(f) for f in sorted(set(mine) - set(theirs))][:20],
                  only_local=[list(f) for f in sorted(set(theirs) - set(mine))][:20])
    return result


def endpoint_memory(map_dir: Path) -> Result:
    """The endpoint path with `oxigraph serve` in memory (no --location)."""
    return endpoint(map_dir, on_disk=False)


STAGES: dict[str, Callable[[Path], Result]] = {
    "validate-yaml": validate_yaml,
    "validate-turtle": validate_turtle,
    "recipients-turtle": recipients_turtle,
    "store-load": store_load,
    "parse-oxigraph": parse_oxigraph,
    "parse-rdflib": parse_rdflib,
    "load-yaml": load_yaml,
    "load-yaml-steps": load_yaml_breakdown,
    "load-turtle": load_turtle,
    "engine-sparql": engine_sparql,
    "engine-pyshacl": engine_pyshacl,
    "engine-turbo": engine_turbo,
    "endpoint": endpoint,
    "endpoint-memory": endpoint_memory,
    "view-recipients": view_and_recipients,
    "view-trace": view_and_trace,
    "diagram": diagram,
}


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # run `finally` blocks: stop a server, remove its files


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _stop)
    stage, map_dir = sys.argv[1], Path(sys.argv[2])
    result = STAGES[stage](map_dir)
    result["peak_mb"] = round(_peak_mb(), 1)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
