"""`dataflow validate` and `dataflow baseline`: flow files -> graph -> the one pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.baseline import key, render_baseline
from ..check.config import Settings
from ..check.pipeline import check, check_at
from ..errors import InputError
from ..findings import Report
from ..sources.load import load
from ..store.terms import default_index

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


def validate(paths: Sequence[Path], settings: Settings, *, engine: str = "sparql",
             today: date | None = None, endpoint: Endpoint | None = None) -> Report:
    """Load the flow files into one graph (or, with `endpoint`, take the map in that store)
    and check it; an input with no activity and no flow is an input error, not a pass."""
    if endpoint is not None:
        report = check_at(endpoint, settings, engine=engine, today=today)
        if not report.checked:
            raise InputError(f"nothing to check in graph <{endpoint.graph}> at "
                             f"{endpoint.shown}: no processing activity or flow found", None,
                             None, "the graph IRI that dataflow push loaded the map into")
        return report
    report = check(load(paths, default_index()), settings, engine=engine, today=today)
    if not report.checked:
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"nothing to check in {where}: no processing activity or flow found",
                         None, None, "flow files that declare activities or flows")
    return report


def failed(report: Report, strict: bool) -> bool:
    """Errors fail a run; warnings too when strict."""
    return report.count("error") > 0 or (strict and report.count("warning") > 0)


def baseline(paths: Sequence[Path], settings: Settings, *, engine: str = "sparql",
             today: date | None = None) -> tuple[str, str]:
    """The baseline file of today's findings, and a line saying what it records."""
    report = validate(paths, replace(settings, baseline=None), engine=engine, today=today)
    keys = {key(f) for f in report.findings}
    summary = (f"{len(keys)} baseline entr{'y' if len(keys) == 1 else 'ies'} "
               f"({len(report.findings)} finding(s))")
    return render_baseline(report.findings), summary
