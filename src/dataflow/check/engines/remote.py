"""The fast engine's queries, run where the map lives: a SPARQL 1.1 endpoint.

Each shape is compiled exactly as for the local store (fast.py), and the query goes out
unchanged over the protocol, with the map's graph and the ontology's as its default graph
(`default-graph-uri`), one request per query, `CONCURRENT` at a time: a store answers
requests in parallel, and most of a request's time is spent waiting. Shapes the fast path
cannot compile raise NotCompilable, as locally; the pipeline then copies the map and runs
pySHACL here.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial

from ...findings import RawResult
from ...store import endpoint as remote
from ..rules import RuleBook
from .fast import CompiledQuery, compile_shapes, render_message

#: Queries in flight at once (a store's own limit is usually higher).
CONCURRENT = 4


def run_at(endpoint: remote.Endpoint, book: RuleBook) -> list[RawResult]:
    """The raw results of every compiled shape, from the store."""
    compiled = compile_shapes(book)
    with ThreadPoolExecutor(CONCURRENT) as pool:
        answers = list(pool.map(partial(_results, endpoint), compiled))
    return [r for results in answers for r in results]


def _results(endpoint: remote.Endpoint, item: CompiledQuery) -> list[RawResult]:
    _, rows = remote.select(endpoint, item.query, endpoint.query_graphs)
    results = []
    for row in rows:
        values = {name: str(term.get("value", "")) for name, term in row.items()
                  if isinstance(term, dict)}
        focus = values.get("this")
        if focus is not None:
            results.append(RawResult(item.shape, focus, item.severity,
                                     render_message(item.message, values)))
    return results
