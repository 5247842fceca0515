"""pySHACL behind a small adapter: the reference engine."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from ..errors import InputError
from ..findings import SH_SEVERITY, RawResult, Severity
from ..rules import RuleBook
from ..vocab import SH


class ShapesError(InputError):
    """The shapes graph is not valid SHACL."""


def run_pyshacl(data: Graph, book: RuleBook) -> list[RawResult]:
    import pyshacl

    from ..ontology import ontology_graph

    merged = Graph()
    merged += data
    merged += ontology_graph()
    # Pass parsed graphs only: pySHACL reads or fetches any path or URL given as a string.
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
