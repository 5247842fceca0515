"""`--format json`: the documented machine-readable report."""

from __future__ import annotations

import json

from ..check.pipeline import Report


def render(report: Report) -> str:
    data = {
        "conforms": report.conforms,
        "summary": {
            "error": report.count("error"),
            "warning": report.count("warning"),
            "info": report.count("info"),
            "files": len(report.graph.files),
            "triples": len(report.graph.graph),
        },
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
