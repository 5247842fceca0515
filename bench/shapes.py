"""The cost of each compiled shape on a benchmark map: which rules to make faster.

    python -m bench.shapes bench/out/maps/10000/map.ttl [--top 20]

Loads the map (Turtle) and the ontology into Oxigraph, merges them as validation does, and times
every compiled query of the fast engine, slowest first, with the number of results.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dataflow.check.engines.fast import compile_shapes, run_query
from dataflow.check.rules import load_rulebook
from dataflow.store.ontology import load_ontology, ontology_merged
from dataflow.store.rdffiles import load_text
from dataflow.store.rdflib_store import OxStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("map", type=Path)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    store = OxStore()
    load_text(store, args.map.read_text(encoding="utf-8"), "turtle", args.map.resolve().as_uri())
    load_ontology(store)
    compiled = compile_shapes(load_rulebook())
    timings: list[tuple[float, str, int]] = []
    with ontology_merged(store):
        for item in compiled:
            start = time.perf_counter()
            found = run_query(store, item)
            timings.append((time.perf_counter() - start, item.shape, len(found)))
    total = sum(t for t, _, _ in timings)
    print(f"{len(compiled)} queries, {total:.2f} s in all")
    for seconds, shape, count in sorted(timings, reverse=True)[: args.top]:
        print(f"{seconds:7.3f} s  {count:6d}  {shape.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main()
