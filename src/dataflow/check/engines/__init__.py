"""Validation engines. Each takes the data graph and the rule book and returns raw results;
check/pipeline.py turns them into findings.

- `sparql`: the fast path. Runs each SHACL-SPARQL constraint as one query over Oxigraph.
- `pyshacl`: the reference SHACL engine, for any shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rdflib import Graph

from ...findings import RawResult
from ...safety import offline
from ..rules import RuleBook

NAMES = ("sparql", "pyshacl")


class Engine(Protocol):
    def __call__(self, data: Graph, book: RuleBook) -> list[RawResult]: ...


def get_engine(name: str) -> Engine:
    if name == "pyshacl":
        from .reference import run_pyshacl

        return run_pyshacl
    from .fast import run_sparql

    return run_sparql


def run_engine(name: str, data: Graph, book: RuleBook,
               notice: Callable[[str], None]) -> tuple[list[RawResult], str]:
    """Run the named engine, offline; the fast path falls back to pySHACL for shapes it
    cannot compile, with a notice. Returns the results and the engine that produced them."""
    with offline():
        if name == "sparql":
            from .fast import NotCompilable

            try:
                return get_engine("sparql")(data, book), "sparql"
            except NotCompilable as exc:
                notice(f"fast path cannot run these shapes ({exc}); using pySHACL")
                name = "pyshacl"
        return get_engine(name)(data, book), name
