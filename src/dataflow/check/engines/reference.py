"""pySHACL behind a small adapter: the reference engine."""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from ...errors import InputError
from ...findings import SH_SEVERITY, RawResult, Severity
from ...gcpause import gc_resumed
from ...vocab import SH
from ..rules import RuleBook


class ShapesError(InputError):
    """The shapes graph is not valid SHACL."""


#: Parsed queries by their text, kept for the process: a language server or a test run
#: validates many times with the same shapes. Bounded, in case user shapes keep changing.
_PREPARED: dict[str, Any] = {}
_PREPARED_MAX = 4096


class PreparedQueryGraph(Graph):
    """An rdflib Graph that parses each SPARQL text once.

    pySHACL sends a constraint's query once per focus node, as text, and rdflib parses it
    every time: parsing was 18 of the 22 s of pySHACL on flows/examples. The parsed query is
    rdflib's own, so the evaluation, and the results, are unchanged. pySHACL writes the
    shape's prefixes into the text, so the text alone says what the query means.
    """

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
              initNs: Any = None, initBindings: Any = None,
              use_store_provided: bool = True, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs and not initNs:
            from rdflib.plugins.sparql import prepareQuery

            prepared = _PREPARED.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(self.namespaces()))
                if len(_PREPARED) >= _PREPARED_MAX:
                    _PREPARED.clear()
                _PREPARED[query_object] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


def run_pyshacl(data: Graph, book: RuleBook) -> list[RawResult]:
    import pyshacl

    from ...safety import no_remote_graphs
    from ...store.ontology import ontology_graph

    no_remote_graphs()

    merged = PreparedQueryGraph()
    merged += data
    merged += ontology_graph()
    # Pass parsed graphs only: pySHACL reads or fetches any path or URL given as a string.
    with gc_resumed():
        _, report, text = pyshacl.validate(
            data_graph=merged,
            shacl_graph=book.shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            inplace=True,
        )
    if not isinstance(report, Graph):  # pySHACL returns its exception on a shapes error
        raise ShapesError(f"pySHACL could not run the shapes: {text.strip()}")
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        severity = report.value(result, SH.resultSeverity)
        message = report.value(result, SH.resultMessage)
        results.append(RawResult(
            shape=str(shape),
            focus=str(focus),
            severity=SH_SEVERITY.get(str(severity), Severity.ERROR),
            message=str(message) if message is not None else "",
        ))
    return results
