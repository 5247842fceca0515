"""`dataflow export`: the merged graph of the flow files, written as plain DPV 2.3.

The graph is rewritten by the CONSTRUCT rules in ontology/export/ (the mirror image of the
lift in ontology/lift/): activities become dpv:Process, each flow a dpv:Process that
discloses data to one recipient, nested in the activity that sends it. Only what DPV has no
term for stays in the project's vocabulary. `dataflow validate` reads the export back to the
same findings on the same IRIs (tests/test_export.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..resources import data_dir
from ..safety import offline
from ..sources.load import load
from ..store.construct import Triple, construct_all
from ..store.rdffiles import count_typed
from ..vocab import DF

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@cache
def export_rules() -> tuple[str, ...]:
    """The export rules (ontology/export/NN-name.rq), in file-name order."""
    folder = data_dir("ontology") / "export"
    return tuple(path.read_text(encoding="utf-8")
                 for path in sorted(folder.glob("[0-9][0-9]-*.rq")))


def export(paths: Sequence[Path]) -> list[Triple]:
    """The DPV graph of the flow files under `paths`, as plain triples.

    A map with no activity and no flow is an input error, as it is for validate.
    """
    graph = load(paths)
    store = graph.store
    if not (count_typed(store, _RDF_TYPE, str(DF.Activity))
            or count_typed(store, _RDF_TYPE, str(DF.Flow))):
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"nothing to export in {where}: no processing activity or flow found",
                         None, None, "flow files that declare activities or flows")
    with offline():
        return construct_all(store, export_rules())
