"""What the view reads from the store: each predicate once, as columns of plain strings.

This is the only place in view/ that touches Oxigraph. It is a measured speed-up (see
docs/performance.md), guarded by tests/test_view_equivalence.py, which compares the view
built from these columns with a plain-rdflib reference.
"""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from ..vocab import DF, DPV

KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
         DF.Activity: "activity"}



# Each predicate the view needs is read once, with one SPARQL SELECT on the Oxigraph store
# that Oxigraph serialises as SPARQL CSV, where every term is its plain value: an IRI, a
# literal's lexical form, `_:id` for a blank node (used only as a key that joins one column
# to another). When no value needs CSV quoting, the text is split with two passes of C;
# otherwise the csv module reads it (and an IRI with a comma, which Oxigraph leaves
# unquoted, makes that column be read term by term). The store's terms never become
# Python objects, let alone rdflib terms. The queries run on two threads (Oxigraph
# releases the GIL) while this thread turns the columns read so far into the view.

#: Threads that read the store (Oxigraph releases the GIL while it evaluates and serialises).
READERS = 2
_SELECT = "SELECT ?s ?o WHERE {{ ?s <{}> ?o }}"
_SUBJECTS = "SELECT ?s WHERE {{ ?s <{}> <{}> }}"
#: Read for nodes only: every flow has a df:organisation too, and the view needs none of them
#: (a join on the type is cheaper than serialising 100,000 rows more).
_NODES_ONLY = {DF.organisation}
_NODES_SELECT = ("SELECT ?s ?o WHERE {{ VALUES ?c {{ " + " ".join(f"<{c}>" for c in KINDS)
                 + " }} ?s a ?c . ?s <{}> ?o }}")
_NODE_COLUMNS = (DPV.hasCountry, DF.organisation, DPV.hasName, RDFS.label, DF.role,
                 DPV.hasDataController, DPV.hasPersonalData, DPV.hasDataSubject,
                 DPV.hasLegalBasis, DF.system, DF.certification, DF.purposeBasis,
                 DPV.hasPurpose, DF.art9Condition, DPV.hasStorageCondition,
                 DF.retentionDays, DF.retentionTrigger, DF.retentionCriteria,
                 DF.genericWording)
_FLOW_COLUMNS = (DF["from"], DF.to, DF.transferMechanism, DF.recipientRole, DF.description,
                 DF.targetCountry, DF.storageCountry, DF.accessCountry)


def read_csv(store: ox.Store, query: str, width: int) -> list[str]:
    """The values of every row of a SELECT of `width` variables, flattened row by row."""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    data = solutions.serialize(format=ox.QueryResultsFormat.CSV)
    assert data is not None
    text = data.decode("utf-8")
    if '"' not in text and text.count(",") == text.count("\r\n") * (width - 1):
        flat = text.replace("\r\n", ",").split(",") if width > 1 else text.split("\r\n")
        del flat[:width]  # the header
        flat.pop()  # after the last line break
        return flat
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if all(len(row) == width for row in rows):
        return [value for row in rows[1:] for value in row]
    # Oxigraph does not quote an IRI with a comma in it: read such a column term by term.
    again = store.query(query)
    assert isinstance(again, ox.QuerySolutions)
    return [f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value
            for row in again for term in row]


class Columns:
    """predicate -> subject -> objects, each predicate read from the store once."""

    def __init__(self, store: ox.Store, pool: ThreadPoolExecutor) -> None:
        self._reads: dict[Any, Future[list[str]]] = {}
        # In the order the view is built in: nodes, then flows.
        for cls in KINDS:
            query = _SUBJECTS.format(RDF.type, cls)
            self._reads[cls, None] = pool.submit(read_csv, store, query, 1)
        for predicate in _NODE_COLUMNS:
            query = (_NODES_SELECT if predicate in _NODES_ONLY else _SELECT).format(predicate)
            self._reads[predicate] = pool.submit(read_csv, store, query, 2)
        self._reads[DF.Flow, None] = pool.submit(read_csv, store,
                                                 _SUBJECTS.format(RDF.type, DF.Flow), 1)
        for predicate in _FLOW_COLUMNS:
            self._reads[predicate] = pool.submit(read_csv, store, _SELECT.format(predicate), 2)
        self._first: dict[URIRef, dict[str, str]] = {}
        self._every: dict[URIRef, dict[str, tuple[str, ...]]] = {}

    def _read(self, key: Any) -> list[str]:
        return self._reads[key].result()

    def cancel(self) -> None:
        """Drop the reads not started yet (after an error)."""
        for read in self._reads.values():
            read.cancel()

    def typed(self, cls: URIRef) -> list[str]:
        """Every subject of class `cls`, in the store's order."""
        return self._read((cls, None))

    def first(self, predicate: URIRef) -> dict[str, str]:
        """subject -> one object: the first in the store's order, as `graph.value` gives."""
        found = self._first.get(predicate)
        if found is None:
            flat = self._read(predicate)
            # Reversed, so that the first object of a subject is the one the dict keeps.
            found = self._first[predicate] = dict(zip(flat[-2::-2], flat[-1::-2],
                                                      strict=True))
        return found

    def every(self, predicate: URIRef) -> dict[str, tuple[str, ...]]:
        """subject -> all its objects, sorted."""
        found = self._every.get(predicate)
        if found is None:
            flat = self._read(predicate)
            subjects, objects = flat[0::2], flat[1::2]
            found = dict(zip(subjects, zip(objects, strict=True), strict=True))
            if len(found) < len(subjects):  # some subject has several objects
                several: dict[str, list[str]] = {}
                for subject, obj in zip(subjects, objects, strict=True):
                    several.setdefault(subject, []).append(obj)
                found = {subject: tuple(sorted(objs)) for subject, objs in several.items()}
            self._every[predicate] = found
        return found
