"""`dataflow query`: read-only SPARQL, refusals, and the named queries in docs/queries/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from dataflow.store.sparql import keywords

EXAMPLES = ROOT / "flows" / "examples"
ONWARD = FIXTURES / "trace" / "onward"
MISSING = ROOT / "no-such-dir"   # refusals must come before anything is loaded

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x:> DELETE { ?s ?p ?o } INSERT { ?s x:p ?o } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP GRAPH <urn:g>",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
]
REMOTE = [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * { ?s ?p ?o OPTIONAL { service silent <http://example.org/sparql> "
     "{ ?s ?q ?x } } }", "SERVICE"),
    ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }", "SERVICE"),
    ("ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/graph.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
     "FROM"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("ASK FROM <http://example.org/graph.ttl> { ?s ?p ?o }", "FROM"),
    # Codepoint escapes are expanded before parsing (SPARQL 1.1, 19.2).
    ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * \\U00000046ROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }", "FROM"),
]


@pytest.mark.parametrize("sparql", UPDATES)
def test_updates_are_refused(sparql: str) -> None:
    result = run_cli("query", sparql, MISSING)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("error: dataflow query is read-only")
    assert result.stdout == ""


@pytest.mark.parametrize(("sparql", "what"), REMOTE)
def test_service_and_from_are_refused(sparql: str, what: str) -> None:
    result = run_cli("query", sparql, MISSING)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"error: {what}")
    assert "never" in result.stderr


def test_update_from_a_file_is_refused(tmp_path: Path) -> None:
    query = tmp_path / "evil.rq"
    query.write_text("# looks harmless\nDELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run_cli("query", "--file", query, EXAMPLES)
    assert result.exit_code == 2
    assert "read-only" in result.stderr


def test_describe_is_refused() -> None:
    result = run_cli("query", "DESCRIBE <urn:dataflow:acme>", MISSING)
    assert result.exit_code == 2
    assert "only SELECT, ASK and CONSTRUCT" in result.stderr


def test_syntax_error() -> None:
    result = run_cli("query", "SELEC ?s WHERE { ?s ?p ?o }", EXAMPLES)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: SPARQL syntax error")


def test_escaped_update_is_refused() -> None:
    result = run_cli("query", "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }", MISSING)
    assert result.exit_code == 2
    assert "read-only" in result.stderr
    assert next(keywords("\\u0044ELETE WHERE { ?s ?p ?o }")) == "DELETE"


def test_keywords_skip_names_strings_comments_and_iris() -> None:
    text = ('SELECT ?from ?service WHERE { ?f df:from ?x ; rdfs:label "INSERT or SERVICE"@en .'
            " ?x <http://example.org/FROM> ?y } # DELETE everything")
    assert list(keywords(text)) == ["SELECT", "WHERE"]


def test_a_harmless_query_that_mentions_the_keywords() -> None:
    sparql = ('SELECT ?flow ?from WHERE { ?flow df:from ?from . '
              'FILTER (?flow != "SERVICE FROM INSERT") }  # no SERVICE here')
    result = run_cli("query", sparql, ONWARD, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flow,from"
    assert len(lines) == 1 + 6


def test_select_json_is_sparql_results() -> None:
    sparql = ("SELECT ?party ?country WHERE { ?party a df:Party ; dpv:hasCountry ?country . "
              "FILTER NOT EXISTS { ?country skos:broader loc:EEA } } ORDER BY ?party")
    result = run_cli("query", sparql, ONWARD, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["head"]["vars"] == ["party", "country"]
    rows = [(b["party"]["value"], b["country"]["value"]) for b in data["results"]["bindings"]]
    assert rows == [("urn:dataflow:tri.annotate", "https://w3id.org/dpv/loc#IN"),
                    ("urn:dataflow:tri.voicelab", "https://w3id.org/dpv/loc#US")]


def test_ontology_is_loaded_and_text_shortens_iris() -> None:
    result = run_cli("query", 'SELECT ?label WHERE { loc:FI rdfs:label ?label '
                     'FILTER (lang(?label) = "en") }', ONWARD)
    assert result.exit_code == 0
    assert "Finland" in result.stdout
    result = run_cli("query", "SELECT ?f WHERE { ?f a df:Flow } ORDER BY ?f LIMIT 1", ONWARD)
    assert "tri.callhost-to-archive" in result.stdout
    assert "urn:dataflow:" not in result.stdout


def test_ask_and_construct() -> None:
    ask = run_cli("query", "ASK { ?f df:to <urn:dataflow:tri.annotate> }", ONWARD)
    assert (ask.exit_code, ask.stdout.strip()) == (0, "true")
    ask = run_cli("query", "ASK { ?f df:to <urn:dataflow:nobody> }", ONWARD, "-f", "json")
    assert ask.json()["boolean"] is False
    construct = run_cli("query", "CONSTRUCT { ?f df:to ?to } WHERE { ?f df:from "
                        "<urn:dataflow:tri.voicelab> ; df:to ?to }", ONWARD)
    assert construct.exit_code == 0
    assert "<urn:dataflow:tri.voicelab-to-annotate> df:to <urn:dataflow:tri.annotate>" in \
        construct.stdout


def test_one_query_only() -> None:
    result = run_cli("query", "--named", "legitimate-interest", "--file", "x.rq")
    assert result.exit_code == 2
    assert "give one query" in result.stderr


# -- named queries ----------------------------------------------------------------------------

NAMED = ["call-recording-recipients", "flows-leaving-eea", "legitimate-interest",
         "special-category"]


def test_named_queries_are_listed() -> None:
    result = run_cli("query", "--list")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == NAMED


@pytest.mark.parametrize("name", NAMED)
def test_named_query_runs_on_every_seed(name: str) -> None:
    result = run_cli("query", "--named", name, ROOT / "flows", "--format", "json")
    assert result.exit_code == 0, result.stderr


def _column(name: str, column: str, *paths: Path) -> list[str]:
    result = run_cli("query", "--named", name, *paths, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [b[column]["value"].removeprefix("urn:dataflow:")
            for b in result.json()["results"]["bindings"]]


def test_flows_leaving_the_eea() -> None:
    assert _column("flows-leaving-eea", "flow", EXAMPLES) == [
        "acme.callcloud-to-transcribe", "acme.deskflow-to-india", "acme.tickets-to-deskflow"]
    assert _column("flows-leaving-eea", "flow", ONWARD) == [
        "tri.callhost-to-voicelab", "tri.voicelab-to-annotate"]


def test_legitimate_interest() -> None:
    assert sorted(set(_column("legitimate-interest", "activity", EXAMPLES))) == [
        "acme.billing", "acme.customer-service", "acme.direct-marketing", "acme.website"]


def test_call_recording_recipients_one_hop() -> None:
    result = run_cli("query", "--named", "call-recording-recipients", ONWARD, "-f", "json")
    rows = {(b["recipient"]["value"].removeprefix("urn:dataflow:"), b["inferred"]["value"])
            for b in result.json()["results"]["bindings"]}
    assert rows == {("tri.callhost", "false"), ("tri.voicelab", "false"),
                    ("tri.annotate", "true")}


def test_special_category() -> None:
    assert _column("special-category", "process", EXAMPLES) == ["acme.sick-leave"]
    assert _column("special-category", "process", ONWARD) == [
        "tri.sick-leave", "tri.sick-leave-to-clinic"]


def test_unknown_named_query() -> None:
    result = run_cli("query", "--named", "flows-leaving-ea", EXAMPLES)
    assert result.exit_code == 2
    assert "did you mean 'flows-leaving-eea'" in result.stderr
