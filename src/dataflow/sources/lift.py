"""The lift: DPV written by others, read as the project's activities and flows.

Every shape targets df:Activity and df:Flow and reads the project's terms (df:purposeBasis,
df:recipientRole, df:retentionDays, …). A plain DPV graph states the same things in DPV's
own way: a dpv:Process with its controller, recipients, legal bases and storage conditions,
in one of several vocabulary versions. The lift maps one onto the other with SPARQL
CONSTRUCT rules kept as files in ontology/lift/ (`NN-name.rq`, each with a header saying what
it maps and why), run in file-name order after the RDF files are loaded and before the YAML
files are built; what each rule builds is added to the data before the next one runs.

Lifted nodes keep the source node's IRI where they can (a dpv:Process becomes a df:Activity
under the same IRI), so findings keep the source's file:line. A node the lift makes up (a
flow per recipient of a process) has a deterministic IRI and `df:liftedFrom` its source
node, and the source map answers it with that node's file:line.

Graphs in the project's own terms have nothing to lift: one ASK (gate.rq) decides, so the
benchmark maps load as fast as before.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import data_dir
from ..store.construct import apply_rules, ask, ensure_ontology, pairs
from .sourcemap import Location, SourceMap

if TYPE_CHECKING:
    from ..store.rdflib_store import OxStore

LIFTED_FROM = """
SELECT ?node ?source WHERE { ?node <https://w3id.org/dataflow#liftedFrom> ?source }
"""


def rules_dir() -> Path:
    return data_dir("ontology") / "lift"


@cache
def rules() -> tuple[tuple[str, str], ...]:
    """The lift rules as (file name, query text), in the order they run."""
    return tuple((path.name, path.read_text(encoding="utf-8"))
                 for path in sorted(rules_dir().glob("[0-9][0-9]-*.rq")))


@cache
def gate() -> str:
    return (rules_dir() / "gate.rq").read_text(encoding="utf-8")


def lift(store: OxStore, sources: SourceMap) -> bool:
    """Lift the DPV in `store` (the RDF files loaded so far); True if there was any.

    Made-up nodes are located through `sources` at the node they were lifted from.
    """
    if not ask(store, gate()):
        return False
    ensure_ontology(store)
    apply_rules(store, (text for _, text in rules()))
    origin = dict(pairs(store, LIFTED_FROM))
    if origin:
        sources.finders.insert(0, _LiftedFinder(origin, sources))
    return True


class _LiftedFinder:
    """Answers a made-up node with the file:line of the node it was lifted from."""

    def __init__(self, origin: dict[str, str], sources: SourceMap) -> None:
        self.origin = origin
        self.sources = sources

    def __call__(self, iri: str) -> Location | None:
        source = self.origin.get(iri)
        return self.sources.get(source) if source is not None else None
