"""`--format json`: the documented machine-readable report."""

from __future__ import annotations

import json

from ..findings import Report
from .registry import Style


def render(report: Report, style: Style) -> str:
    data = {
        "conforms": report.conforms,
        "summary": {
            "error": report.count("error"),
            "warning": report.count("warning"),
            "info": report.count("info"),
            "files": len(report.files),
            "activities": report.activities,
            "flows": report.flows,
            "triples": report.triples,
        },
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
