"""`--format text`: findings grouped by file, for people at a terminal or in a CI log."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..check.pipeline import Report
from ..findings import Finding
from ..vocab import shorten

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, console: Console) -> None:
    """Print the report in one write: rich costs about 1 ms a print, thousands of findings.

    Without colours (a CI log, a pipe, NO_COLOR), the plain text goes straight to the file.
    """
    plain = console.color_system is None
    lines: list[str] = []
    for file, items in groupby(report.findings, key=lambda f: f.file or "(no file)"):
        lines.append(file if plain else f"[bold underline]{escape(file)}[/]")
        for f in items:
            lines.extend(_plain(f) if plain else _markup(f))
        lines.append("")
    e, w, i = (report.count(s) for s in ("error", "warning", "info"))
    summary = (f"{e} error(s), {w} warning(s), {i} info in {len(report.graph.files)} file(s), "
               f"{len(report.graph.graph)} triples")
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    style = "bold red" if e else ("yellow" if w else "bold green")
    mark = "✗" if e else "✓"
    if plain:
        lines.append(f"{mark} {summary}")
        console.file.write("\n".join(lines) + "\n")
    else:
        lines.append(f"[{style}]{mark} {summary}[/]")
        console.print("\n".join(lines))


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}" if f.line else (f.file or "")


def _markup(f: Finding) -> list[str]:
    sev = f.severity.value
    lines = [f"  [{_STYLE[sev]}]{sev:<7}[/] [bold]{f.rule}[/] {escape(f.message)} "
             f"[dim]({escape(shorten(f.focus))})[/]",
             f"          [dim]{escape(_where(f))}  {escape(f.article or '')}[/]"]
    if f.hint:
        lines.append(f"          [green]fix:[/] {escape(f.hint)}")
    return lines


def _plain(f: Finding) -> list[str]:
    lines = [f"  {f.severity.value:<7} {f.rule} {f.message} ({shorten(f.focus)})",
             f"          {_where(f)}  {f.article or ''}"]
    if f.hint:
        lines.append(f"          fix: {f.hint}")
    return lines
