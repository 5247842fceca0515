"""Renderers: each turns a validation report into text for one audience or tool.

Every format is a pure function of the report in its own module; `render` picks one by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..check.pipeline import Report

FORMATS = ("text", "json", "sarif", "junit", "github")


def render(fmt: str, report: Report, *, rules_url: str) -> str:
    """The report in format `fmt` (one of FORMATS), as text without terminal colours."""
    if fmt == "json":
        from .json import render as render_json

        return render_json(report)
    if fmt == "sarif":
        from .sarif import render as render_sarif

        return render_sarif(report, rules_url=rules_url)
    if fmt == "junit":
        from .junit import render as render_junit

        return render_junit(report)
    if fmt == "github":
        from .github import render as render_github

        return render_github(report)
    if fmt == "text":
        import io

        from rich.console import Console

        from .text import render as render_text

        buffer = io.StringIO()
        render_text(report, Console(file=buffer, highlight=False, soft_wrap=True,
                                    color_system=None, width=100))
        return buffer.getvalue().rstrip("\n")
    raise ValueError(f"unknown format {fmt!r}")
