"""`dataflow ropa`: the record of processing activities (GDPR Art. 30) of a map.

The flow files are loaded once; the one pipeline (`check.pipeline.check`, with the
configuration, inline suppressions and baseline as `validate` applies them) gives the
findings, the view gives the facts, and view/record/ lays them out in an authority's
columns, each missing fact marked with the rule IDs of the findings that explain it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.config import Settings
from ..check.pipeline import check
from ..errors import InputError
from ..store.terms import default_index
from ..view.graph import build_view
from ..view.record.facts import Facts
from ..view.record.model import Record, build_record
from ..view.record.profiles import PROFILES, ROLES, Role
from ..view.record.read import read_facts
from .mapsource import load_map

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


def ropa(paths: Sequence[Path], settings: Settings, *, profile: str = "art30",
         role: str = "controller", engine: str = "sparql", today: date | None = None,
         endpoint: Endpoint | None = None) -> Record:
    """The record of the activities of `role` in `paths`, in the layout of `profile`."""
    if profile not in PROFILES:
        raise InputError(f"unknown profile '{profile}'", None, None,
                         "one of " + ", ".join(PROFILES))
    if role not in ROLES:
        raise InputError(f"unknown role '{role}'", None, None, "one of " + ", ".join(ROLES))
    chosen: Role = "processor" if role == "processor" else "controller"
    terms = default_index()
    graph = load_map(paths, terms, endpoint)
    report = check(graph, settings, engine=engine, today=today)
    if not report.activities:
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"no processing activity in {where}: nothing to record", None, None,
                         "flow files that declare activities")
    facts: Facts = read_facts(graph, build_view(graph.graph, terms), terms)
    return build_record(facts, profile, chosen, report.findings)
