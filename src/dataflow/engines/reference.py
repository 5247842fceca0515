"""pySHACL behind a small adapter: the reference engine."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from ..findings import SH_SEVERITY, RawResult, Severity
from ..rules import RuleBook
from ..vocab import SH


def run_pyshacl(data: Graph, ontology: Graph, book: RuleBook) -> list[RawResult]:
    import pyshacl

    merged = Graph()
    merged += data
    merged += ontology
    # Pass parsed graphs only: pySHACL reads or fetches any path or URL given as a string.
    _, report, _ = pyshacl.validate(
        data_graph=merged,
        shacl_graph=book.shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
    )
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
