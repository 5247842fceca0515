"""Validation engines. Each takes the data graph, the ontology and the rule book and returns
raw results; `validate.py` turns them into findings.

- `sparql`: the fast path. Runs each SHACL-SPARQL constraint as one query over Oxigraph.
- `pyshacl`: the reference SHACL engine, for any shapes.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from ...findings import RawResult
from ..rules import RuleBook


class Engine(Protocol):
    def __call__(self, data: Graph, book: RuleBook) -> list[RawResult]: ...


ENGINES = ("sparql", "pyshacl")


def get_engine(name: str) -> Engine:
    if name == "pyshacl":
        from .reference import run_pyshacl

        return run_pyshacl
    from .fast import run_sparql

    return run_sparql
