"""`--format json`: the documented machine-readable report.

A run stopped by bad input has `conforms: false`, its input errors in `errors` (`file`,
`line`, `column`, `message`, `expected`) and their number in `summary.input_errors`.
"""

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
            "input_errors": len(report.errors),
        },
        "errors": [e.as_dict() for e in report.errors],
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
