"""Graphs to and from a SPARQL endpoint: what `push` sends, what comes back.

- the map (the default graph of a loaded store) and the bundled ontology as N-Triples, the
  ontology with a digest that says which version it is (`ontology_digest`);
- the source positions of the nodes as the companion graph `<GRAPH#sources>`:
  `<node> df:sourceFile "file" ; df:sourceLine 12`, and one `<GRAPH#file-000001>
  df:flowFile "file"` per flow file, in the order they were read;
- the map that a CONSTRUCT brings back, in a local store with the ontology, for the view;
- the answers of `query --endpoint` as the plain `Result` of store/sparql.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..resources import ontology_files
from ..vocab import DF, PREFIXES
from . import endpoint as remote
from .ontology import DEFAULT, load_ontology, ontology_triples
from .sparql import Result, Value, check

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DIGEST = ox.NamedNode(str(DF.ontologyDigest))
_ONTOLOGY = ox.NamedNode(remote.ONTOLOGY_GRAPH)
SOURCE_FILE, SOURCE_LINE, FLOW_FILE = (str(DF.sourceFile), str(DF.sourceLine), str(DF.flowFile))


@cache
def ontology_digest() -> str:
    """SHA-256 of the bundled ontology files: which ontology a store holds."""
    digest = hashlib.sha256()
    for path in ontology_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")


def data_ntriples(store: ox.Store) -> bytes:
    """The map: the default graph of a loaded store."""
    return _ntriples(q.triple for q in store.quads_for_pattern(None, None, None, DEFAULT))


def ontology_ntriples() -> bytes:
    """The bundled ontology, and `<urn:dataflow:graph:ontology> df:ontologyDigest "…"`."""
    stamp = ox.Triple(_ONTOLOGY, _DIGEST, ox.Literal(ontology_digest()))
    return _ntriples([*ontology_triples(), stamp])


def sources_ntriples(graph: str, files: list[str],
                     located: Iterable[tuple[str, str, int | None]]) -> bytes:
    """The companion graph: the flow files in order, and (node IRI, file, line)."""
    file_p, line_p, flow_p = (ox.NamedNode(p) for p in (SOURCE_FILE, SOURCE_LINE, FLOW_FILE))
    triples = [ox.Triple(ox.NamedNode(f"{graph}#file-{i:06d}"), flow_p, ox.Literal(name))
               for i, name in enumerate(files, start=1)]
    for iri, file, line in located:
        node = ox.NamedNode(iri)
        triples.append(ox.Triple(node, file_p, ox.Literal(file)))
        if line is not None:
            triples.append(ox.Triple(node, line_p, ox.Literal(line)))
    return _ntriples(triples)


def require_ontology(endpoint: remote.Endpoint) -> None:
    """The store holds this dataflow's ontology in its graph, or InputError saying so."""
    text = f"SELECT ?digest {{ <{remote.ONTOLOGY_GRAPH}> <{_DIGEST.value}> ?digest }}"
    _, rows = remote.select(endpoint, text, [remote.ONTOLOGY_GRAPH])
    found = {str(row["digest"].get("value")) for row in rows
             if isinstance(row.get("digest"), dict)}
    if ontology_digest() in found:
        return
    what = "another version of" if found else "no"
    raise InputError(f"the store at {endpoint.shown} holds {what} dataflow's ontology in "
                     f"<{remote.ONTOLOGY_GRAPH}>, which the queries need", None, None,
                     "this version's ontology there: dataflow push --ontology-only "
                     "--endpoint URL (dataflow push puts it there with every map)")


def store_of_ntriples(data: bytes, shown: str) -> ox.Store:
    """A local store of the N-Triples a store sent (the map), with the bundled ontology."""
    store = ox.Store()
    try:
        store.load(data, ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError, MemoryError) as exc:
        raise _not_ntriples(shown, exc) from None
    load_ontology(store)
    return store


def _triples(data: bytes, shown: str) -> list[ox.Triple]:
    """The triples of N-Triples a store sent, in its order."""
    try:
        return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError, MemoryError) as exc:
        raise _not_ntriples(shown, exc) from None


def _not_ntriples(shown: str, exc: Exception) -> InputError:
    return InputError(f"the answer of {shown} is not N-Triples: {exc}"[:300])


# -- query --endpoint -------------------------------------------------------------------------


def query_at(endpoint: remote.Endpoint, text: str) -> Result:
    """A read-only query (checked as `query` checks it) over the map and the ontology of the
    store, with the predeclared prefixes."""
    form = check(text)
    require_ontology(endpoint)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    graphs = endpoint.query_graphs
    if form == "ASK":
        return Result(form, boolean=remote.ask(endpoint, prologue + text, graphs))
    if form == "SELECT":
        names, rows = remote.select(endpoint, prologue + text, graphs)
        return Result(form, variables=names, rows=[
            [_value(row[n]) if isinstance(row.get(n), dict) else None for n in names]
            for row in rows])
    from .sparql import graph_result

    return graph_result(_triples(remote.construct(endpoint, prologue + text, graphs),
                                 endpoint.shown))


def _value(term: dict[str, Any]) -> Value:
    """A term of SPARQL results JSON as the plain `Value` a local query gives."""
    kind = str(term.get("type", "literal"))
    value = str(term.get("value", ""))
    if kind == "uri":
        return Value("uri", value)
    if kind == "bnode":
        return Value("bnode", value)
    if kind == "triple":
        return Value("triple", str(value))
    language = term.get("xml:lang")
    datatype = term.get("datatype")
    if language or datatype == f"{_XSD}string":
        datatype = None
    return Value("literal", value, str(language) if language else None,
                 str(datatype) if datatype else None)
