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
    "view-recipients": view_and_recipients,
    "view-trace": view_and_trace,
    "diagram": diagram,
}


def main() -> None:
    stage, map_dir = sys.argv[1], Path(sys.argv[2])
    result = STAGES[stage](map_dir)
    result["peak_mb"] = round(_peak_mb(), 1)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
