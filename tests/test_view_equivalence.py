"""build_view (bulk reads of the store) gives the same view as the simple oracle.

Nodes are compared with all their attributes, edges by (sender, receiver, flow IRI) with
every field of their Hop. Everything compared is an IRI or a string, never a blank node id.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from conftest import FIXTURES, ROOT
from dataflow.errors import InputError, InputErrors
from dataflow.sources.load import SUFFIXES, load
from dataflow.store.rdflib_store import OxigraphStore
from dataflow.store.terms import default_index
from dataflow.view.graph import Hop, build_view
from oracle_view import oracle_view

FLOWS = ROOT / "flows"


def nodes(view: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    return {n: dict(attrs) for n, attrs in view.nodes(data=True)}


def edges(view: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, key, attrs in view.edges(keys=True, data=True):
        assert set(attrs) == {"hop"}
        hop = attrs["hop"]
        assert isinstance(hop, Hop)
        assert (hop.sender, hop.receiver, hop.flow) == (u, v, key)
        found[(u, v, key)] = hop._asdict()
    return found


def assert_same_view(graph: Graph) -> nx.MultiDiGraph:
    terms = default_index()
    fast, slow = build_view(graph, terms), oracle_view(graph, terms)
    assert nodes(fast) == nodes(slow)
    assert edges(fast) == edges(slow)
    assert fast.number_of_edges() == slow.number_of_edges()
    # The same adjacency both ways (build_view fills networkx's dicts itself).
    assert sorted(fast.in_edges(keys=True)) == sorted(slow.in_edges(keys=True))
    assert dict(fast.in_degree()) == dict(slow.in_degree())
    assert dict(fast.out_degree()) == dict(slow.out_degree())
    assert nx.utils.graphs_equal(fast, slow)
    if isinstance(graph.store, OxigraphStore):  # the same store gives the same order
        assert list(fast.nodes) == list(slow.nodes)
        assert list(fast.edges(keys=True)) == list(slow.edges(keys=True))
    return fast


def loadable(paths: list[Path]) -> Graph | None:
    try:
        return load(paths).graph
    except (InputError, InputErrors):
        return None


ORGANISATIONS = sorted(p for p in FLOWS.iterdir() if p.is_dir())


@pytest.mark.parametrize("organisation", ORGANISATIONS, ids=lambda p: p.name)
def test_every_organisation(organisation: Path) -> None:
    graph = load([organisation]).graph
    view = assert_same_view(graph)
    assert view.number_of_nodes() > 0


def test_all_organisations_together() -> None:
    assert_same_view(load([FLOWS]).graph).number_of_edges()


def _fixture_inputs() -> list[list[Path]]:
    """Every fixture file alone, each rule fixture on the rules' base map, every folder."""
    files = [p for p in sorted(FIXTURES.rglob("*")) if p.suffix.lower() in SUFFIXES]
    base = FIXTURES / "rules" / "_base.yaml"
    on_base = [[base, p] for p in files if p.parent.parent == base.parent]
    return [[p] for p in sorted({p.parent for p in files})] + [[p] for p in files] + on_base


def test_fixtures_that_load() -> None:
    loaded = 0
    for paths in _fixture_inputs():
        graph = loadable(paths)
        if graph is None:
            continue
        assert_same_view(graph)
        loaded += 1
    assert loaded > 40


def test_generated_map(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate, write
    finally:
        sys.path.remove(str(ROOT))
    yaml_dir, ttl = write(generate(100), tmp_path)
    from_yaml = assert_same_view(load([yaml_dir]).graph)
    from_turtle = assert_same_view(load([ttl]).graph)
    assert from_yaml.number_of_edges() == from_turtle.number_of_edges() == 1000
    assert nodes(from_yaml) == nodes(from_turtle)
    assert edges(from_yaml) == edges(from_turtle)


EDGE_CASES = """\
@prefix df:   <https://w3id.org/dataflow#> .
@prefix dpv:  <https://w3id.org/dpv#> .
@prefix pd:   <https://w3id.org/dpv/pd#> .
@prefix loc:  <https://w3id.org/dpv/loc#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <urn:dataflow:> .

ex:org a df:Organisation ; dpv:hasName "Org" ; dpv:hasCountry loc:FI .
ex:org.act a df:Activity ; df:organisation ex:org ; rdfs:label "Labelled only"@en ;
    df:role df:Controller ; dpv:hasPersonalData pd:Name, pd:EmailAddress ;
    dpv:hasDataSubject dpv:Customer ; df:system ex:org.sys ;
    df:purposeBasis ex:org.act-pb1, ex:org.act-pb2 ;
    dpv:hasStorageCondition [ df:retentionDays 730 ; df:retentionTrigger "end of contract" ] ,
        [ df:retentionCriteria "  until the\\n  claim   expires " ; df:genericWording true ] ,
        [ df:retentionTrigger "deletion request" ] , [ df:retentionDays "13"^^xsd:integer ] .
ex:org.act-pb1 dpv:hasPurpose dpv:CustomerManagement ; dpv:hasLegalBasis dpv:Contract .
ex:org.act-pb2 dpv:hasLegalBasis dpv:Consent .
ex:org.sys a df:System ; df:organisation ex:org ; dpv:hasCountry loc:US .
ex:org2 a df:Organisation ; dpv:hasName "Other" ; dpv:hasCountry loc:SE .
ex:shared a df:System ; df:organisation ex:org2, ex:org .
ex:vendor a df:Party ; dpv:hasCountry loc:US ; df:certification df:DPF ;
    dpv:hasName "Vendor B", "Vendor A" .
ex:nameless a df:Party .
ex:f1 a df:Flow ; df:from ex:org.act ; df:to ex:vendor ; dpv:hasPersonalData pd:Name ;
    df:targetCountry loc:US, loc:DE ; df:storageCountry loc:IE ; df:accessCountry loc:IN ;
    dpv:hasStorageCondition [ df:retentionDays 90 ] ; df:description "to the vendor" ;
    df:recipientRole df:Processor ; df:transferMechanism df:SCC ; dpv:hasPurpose dpv:Sales .
ex:f2 a df:Flow ; df:from ex:vendor ; df:to ex:untyped .
ex:f3 a df:Flow ; df:from ex:vendor .
ex:f4 a df:Flow ; df:from ex:org.act ; df:to ex:nameless .
ex:f5 a df:Flow ; df:from ex:org.act ; df:to ex:vendor ; dpv:hasPersonalData pd:Name .
"""


def test_hand_written_rdf_edge_cases() -> None:
    # A graph on rdflib's own store (build_view copies it into Oxigraph). Of two names, each
    # store gives another first: compare one name here, two through the loader below. A node
    # of two classes (which the loader refuses) is of the later one.
    graph = Graph()
    text = (EDGE_CASES.replace(', "Vendor A" .', " .")
            .replace("ex:shared a df:System ; df:organisation ex:org2, ex:org .",
                     "ex:shared a df:System, df:Activity ; df:organisation ex:org2 ."))
    graph.parse(data=text, format="turtle")
    view = assert_same_view(graph)
    assert view.nodes["urn:dataflow:untyped"]["kind"] == "unknown"
    assert view.nodes["urn:dataflow:shared"]["kind"] == "activity"
    assert view.number_of_edges() == 4


def test_hand_written_rdf_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "edge.ttl"
    path.write_text(EDGE_CASES, encoding="utf-8")
    assert_same_view(load([path]).graph)


TRICKY = r'''
<urn:a> <urn:p> "x y", "a\tb\nc\"q\\d", 730, "13"^^<http://www.w3.org/2001/XMLSchema#integer>,
    true, 1.5, "fi"@fi, <urn:b>, _:bn, "<x>", "ends with >", "é \u00e9 \U0001F600", "",
    "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>, "\\u0041", "a>\"<b", "a, b",
    "crlf\r\n", "x"@en-GB .
_:bn <urn:p> <urn:c> .
<urn:ä?q=1#f> <urn:p> "tab\there" .
'''
COMMA_IRI = "<urn:comma,iri> <urn:p> <urn:x,y> ."


PLAIN = "<urn:a> <urn:p> <urn:b>, 12, true, \"plain\" . _:x <urn:p> 1 ."


@pytest.mark.parametrize(("text", "rows"), [(PLAIN, 5), (TRICKY, 21), (TRICKY + COMMA_IRI, 22)],
                         ids=["split", "csv-module", "term-by-term"])
def test_csv_values_are_the_values_pyoxigraph_gives(text: str, rows: int) -> None:
    import pyoxigraph as ox

    from dataflow.view.columns import read_csv

    store = ox.Store()
    store.load(text.encode("utf-8"), ox.RdfFormat.TURTLE)

    def plain(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)

    for query, width in (("SELECT ?s ?o WHERE { ?s <urn:p> ?o }", 2),
                         ("SELECT ?o WHERE { ?s <urn:p> ?o }", 1),
                         ("SELECT ?s ?o WHERE { ?s <urn:none> ?o }", 2),
                         ("SELECT ?s WHERE { ?s <urn:none> ?o }", 1)):
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        expected = [plain(t) for row in solutions for t in row]
        assert read_csv(store, query, width) == expected
    assert len(read_csv(store, "SELECT ?s ?o WHERE { ?s <urn:p> ?o }", 2)) == 2 * rows
