"""The fast path's query rewrites and its second process change costs, never answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from dataflow.check.engines.fast import compile_shapes, run_queries, run_sparql
from dataflow.check.engines.parallel import map_items
from dataflow.check.engines.rewrite import anchor_end, defer_nested_filters, not_exists_to_minus
from dataflow.check.rules import RuleBook, load_rulebook
from dataflow.sources.load import load
from dataflow.store.ontology import query_graphs

SEEDS = sorted(p for p in (ROOT / "flows").iterdir() if p.is_dir())


def test_join_inside_not_exists_becomes_minus() -> None:
    query = """SELECT $this WHERE {
    $this <urn:p> ?x .
    FILTER NOT EXISTS { $this <urn:q> ?y . ?y <urn:r> <urn:c> . }
}"""
    rewritten = not_exists_to_minus(query)
    assert "FILTER NOT EXISTS" not in rewritten
    assert "MINUS { $this <urn:q> ?y . ?y <urn:r> <urn:c> . }" in rewritten


@pytest.mark.parametrize("block", [
    "{ ?x <urn:q> ?y . FILTER (?y != ?z) }",            # refers to an outer variable
    "{ ?w <urn:q> ?y . ?y <urn:r> ?v . }",              # shares nothing with the outside
    "{ ?x <urn:q> ?y }",                                # one pattern: cheap, stays a filter
    "{ ?x <urn:q> ?y . ?y <urn:r>* ?z . }",             # closure: costly when unbound
    "{ ?opt <urn:q> ?y . ?y <urn:r> ?v . }",            # ?opt is only bound by OPTIONAL
])
def test_unsafe_or_unprofitable_blocks_stay(block: str) -> None:
    query = ("SELECT $this WHERE { $this <urn:p> ?x . ?x <urn:s> ?z . "
             "OPTIONAL { $this <urn:o> ?opt } FILTER NOT EXISTS " + block + " }")
    assert not_exists_to_minus(query) == query


def test_nested_correlated_filters_run_after_a_subselect() -> None:
    query = """SELECT DISTINCT $this WHERE {
    $this <urn:p> ?x .
    FILTER NOT EXISTS { ?d <urn:j> ?x . FILTER NOT EXISTS { $this <urn:c> ?d } }
}"""
    deferred = defer_nested_filters(query)
    inner, outer = deferred.split("} }", 1)
    assert "{ SELECT * WHERE {" in inner and "$this <urn:p> ?x" in inner
    assert "FILTER NOT EXISTS { ?d <urn:j> ?x" in outer


def test_the_target_joins_in_after_leading_patterns_that_do_not_mention_this() -> None:
    body = """
    ?notice a <urn:Notice> . ?org <urn:hasNotice> ?notice .
    $this <urn:organisation> ?org .
}"""
    assert body[:anchor_end(body)].strip().endswith("?org <urn:hasNotice> ?notice .")
    for starts_elsewhere in ("\n    $this <urn:p> ?x .\n}",
                             "\n    ?x <urn:p> 1.5 . $this <urn:q> ?x .\n}",
                             "\n    ?x <urn:p> ?y . FILTER (?y) ?z <urn:q> ?x . $this <urn:r> ?z .\n}",
                             "\n    { ?x <urn:p> ?y } ?z <urn:q> ?x . $this <urn:r> ?z .\n}",
                             "\n    ?x <urn:p> ?y ; <urn:q> $this .\n}"):
        assert anchor_end(starts_elsewhere) == 0, starts_elsewhere


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_rewritten_queries_answer_as_written(seed: Path) -> None:
    """Each compiled query, with and without the rewrites, on Oxigraph."""
    book = load_rulebook([ROOT / "shapes" / "policies"])
    store = load([seed]).store
    for item in compile_shapes(book):
        original = _uncompiled(book, item.shape, item.message)
        assert original != item.query or "MINUS" not in item.query
        rows = {str(r["this"]) for r in store.query(item.query, default_graph=query_graphs())}
        want = {str(r["this"]) for r in store.query(original, default_graph=query_graphs())}
        assert rows == want, (item.shape, item.query)


def _uncompiled(book: RuleBook, shape: str, message: str) -> str:
    """The same constraint compiled without the Oxigraph rewrites: NOT EXISTS kept, no
    deferred filters, the target in front (the book's compiled queries are set aside)."""
    import dataflow.check.engines.fast as fast

    saved = fast.not_exists_to_minus, fast.defer_nested_filters, fast.anchor_end, book.compiled
    fast.not_exists_to_minus = fast.defer_nested_filters = lambda q: q  # type: ignore[assignment]
    fast.anchor_end = lambda body: 0  # type: ignore[assignment]
    book.compiled = None
    try:
        query = next(c.query for c in fast.compile_shapes(book)
                     if c.shape == shape and c.message == message)
    finally:
        fast.not_exists_to_minus, fast.defer_nested_filters, fast.anchor_end, book.compiled = saved
    return query


def test_two_processes_give_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = load([ROOT / "flows" / "enreach"])
    book = load_rulebook()
    single = run_queries(graph.store, compile_shapes(book))
    monkeypatch.setenv("DATAFLOW_WORKERS", "2")
    double = run_sparql(graph.graph, book)
    assert double == single


@pytest.mark.parametrize("workers", ["1", "2"])
def test_validation_leaves_the_data_graph_as_it_was(workers: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The ontology is merged into the default graph while queries run, and removed after."""
    monkeypatch.setenv("DATAFLOW_WORKERS", workers)
    graph = load([ROOT / "flows" / "enreach"])
    before = set(graph.store)
    assert run_sparql(graph.graph, load_rulebook())
    assert set(graph.store) == before


def test_both_processes_take_from_one_queue_and_every_item_is_answered_in_order() -> None:
    items = list(range(300))
    assert map_items(lambda i: [i, -i], items, 2) == [r for i in items for r in (i, -i)]
