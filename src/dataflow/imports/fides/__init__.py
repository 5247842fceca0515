"""Fides (fideslang) manifests as dataflow flow files: `dataflow import fides`.

`convert(paths)` reads the manifests and returns the files to write, the warnings and what was
made, without writing anything (commands/fides.py writes them). The mapping is in
docs/migrating-from-fides.md; the tables are in taxonomy.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datasets import map_dataset
from .manifest import Manifests, read_manifests
from .organisations import map_organisations, organisation_key
from .plan import ORGANISATION_FILE, Counts, FlowFile, Plan
from .systems import map_system, map_system_flows
from .terms import ProjectTerm, Vocabulary

__all__ = ["Conversion", "convert"]


@dataclass(frozen=True)
class Conversion:
    """What an import makes: file name -> text, warnings with file:line, and counts."""

    files: dict[str, str]
    warnings: list[str]
    project_terms: list[ProjectTerm]
    counts: Counts
    manifests: list[str]
    skipped: list[str]


def convert(paths: list[Path]) -> Conversion:
    """Read the Fides manifests at `paths` and map them to flow files (InputError if a file
    is not a manifest)."""
    manifests = read_manifests(paths)
    vocabulary = Vocabulary()
    plan = Plan(vocabulary, list(manifests.warnings))
    for kind in ("data_category", "data_use", "data_subject"):
        plan.warnings.extend(vocabulary.learn(kind, manifests.of(kind)))
    plan.files[ORGANISATION_FILE] = FlowFile(ORGANISATION_FILE, [
        "The organisations, parties and datasets of a Fides import, made by `dataflow import "
        "fides`.", "Every TODO is a fact Fides does not record; `dataflow validate` reports "
        "each until it is filled in."])
    organisations = map_organisations(manifests, plan)
    _register(manifests, plan, organisations)
    uses = {key: node for node in manifests.of("data_use")
            if (key := node.text("fides_key")) is not None}
    mapped = [map_system(node, plan, organisations[organisation_key(node)], uses)
              for node in manifests.of("system")]
    for node in manifests.of("dataset"):
        map_dataset(node, plan, organisations[organisation_key(node)])
    for system in mapped:
        map_system_flows(system, plan, organisations[organisation_key(system.node)], uses)
    skipped = [f"{manifests.of(kind)[0].where()}: {kind} resources are Fides's own policy "
               "and bookkeeping, not imported" for kind in ("policy", "registry", "evaluation")
               if manifests.of(kind)]
    return Conversion(plan.render(), plan.warnings, sorted(
        vocabulary.project.values(), key=lambda t: (t.kind, t.key)), plan.counts,
        manifests.files, skipped)


def _register(manifests: Manifests, plan: Plan, organisations: dict[str, str]) -> None:
    """Ids of every system and dataset, before any reference to them is written."""
    for kind in ("system", "dataset"):
        for node in manifests.of(kind):
            key = node.key(kind)
            prefix = organisations[organisation_key(node)]
            plan.entities[(kind, key)] = plan.new_id(prefix, key, kind)

