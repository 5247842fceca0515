"""`--format text`: findings grouped by file, for people at a terminal or in a CI log."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..findings import Finding
from ..validate import Report
from ..vocab import shorten

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, console: Console) -> None:
    for file, items in groupby(report.findings, key=lambda f: f.file or "(no file)"):
        console.print(f"[bold underline]{escape(file)}[/]")
        for f in items:
            _finding(f, console)
        console.print()
    e, w, i = (report.count(s) for s in ("error", "warning", "info"))
    summary = (f"{e} error(s), {w} warning(s), {i} info in {len(report.graph.files)} file(s), "
               f"{len(report.graph.graph)} triples")
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    style = "bold red" if e else ("yellow" if w else "bold green")
    mark = "✗" if e else "✓"
    console.print(f"[{style}]{mark} {summary}[/]")


def _finding(f: Finding, console: Console) -> None:
    where = f"{f.file}:{f.line}" if f.line else (f.file or "")
    sev = f.severity.value
    console.print(
        f"  [{_STYLE[sev]}]{sev:<7}[/] [bold]{f.rule}[/] {escape(f.message)} "
        f"[dim]({escape(shorten(f.focus))})[/]"
    )
    console.print(f"          [dim]{escape(where)}  {escape(f.article or '')}[/]")
    if f.hint:
        console.print(f"          [green]fix:[/] {escape(f.hint)}")
