"""`dataflow diff`: what a change does to the data map, and which findings it brings or fixes.

Each side (a git revision, a directory or the work tree) is loaded and checked as
`dataflow validate` checks it, through the one pipeline (`check`); its data map is read from
the networkx view, as `trace` and the diagrams read theirs, so the three agree on every fact.
The baseline is not applied: a diff shows every finding a change introduces or fixes.
Files of a revision are shown by their paths in the repository, and input errors say which
side they are in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..check.config import Settings
from ..check.pipeline import check
from ..errors import InputError, InputErrors
from ..findings import Finding
from ..sources.load import load
from ..store.terms import TermIndex, default_index
from ..view.changes import DataMapDiff, compare_findings, compare_maps
from ..view.datamap import DataMap, data_map
from ..view.graph import build_view
from .snapshot import materialise


def diff(base_spec: str, head_spec: str | None, *, flow_paths: Sequence[Path],
         settings: Settings | None = None, engine: str = "sparql", today: date | None = None,
         ) -> DataMapDiff:
    """Compare the data map and findings at `base_spec` and `head_spec` (None: work tree)."""
    settings = replace(settings or Settings(), baseline=None)
    terms = default_index()
    base_map, base_findings, base_label = _side(base_spec, flow_paths, settings, engine, today,
                                                terms)
    head_map, head_findings, head_label = _side(head_spec, flow_paths, settings, engine, today,
                                                terms)
    introduced, fixed = compare_findings(base_findings, head_findings)
    return DataMapDiff(base_label, head_label, compare_maps(base_map, head_map), introduced,
                       fixed)


def _side(spec: str | None, flow_paths: Sequence[Path], settings: Settings, engine: str,
          today: date | None, terms: TermIndex) -> tuple[DataMap, list[Finding], str]:
    """Load and check one side; its files are shown by their paths in the repository."""
    with materialise(spec, flow_paths) as side:
        try:
            graph = load(side.paths, terms)
            report = check(graph, settings, engine=engine, today=today)
        except (InputError, InputErrors) as exc:
            errors = exc.errors if isinstance(exc, InputErrors) else [exc]
            raise InputErrors([replace(e, file=side.shown(e.file),
                                       message=f"{e.message} (in {side.label})")
                               for e in errors]) from None
        found = data_map(build_view(graph.graph, terms), terms, graph.locations())
        found.where = {k: (side.shown(f) or f, line) for k, (f, line) in found.where.items()}
        return (found, [replace(f, file=side.shown(f.file)) for f in report.findings],
                side.label)
