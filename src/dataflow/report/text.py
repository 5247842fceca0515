"""`--format text`: findings grouped by file, for people at a terminal or in a CI log."""

from __future__ import annotations

import io
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..findings import Finding, Report
from ..vocab import shorten
from .registry import Style

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, style: Style) -> str:
    """The report as text; with colours, drawn by rich in one print (rich costs about 1 ms a
    print, and there may be thousands of findings). Without, plain string joins."""
    plain = not style.color
    if report.errors:
        return "\n".join([f"error: {e}" for e in report.errors]
                         + [f"✗ {len(report.errors)} input error(s); nothing was checked"])
    lines: list[str] = []
    for file, items in groupby(report.findings, key=lambda f: f.file or "(no file)"):
        lines.append(file if plain else f"[bold underline]{escape(file)}[/]")
        for f in items:
            lines.extend(_plain(f) if plain else _markup(f))
        lines.append("")
    e, w, i = (report.count(s) for s in ("error", "warning", "info"))
    summary = (f"{e} error(s), {w} warning(s), {i} info in {len(report.files)} file(s): "
               f"{_count(report.activities, 'activity', 'activities')}, "
               f"{_count(report.flows, 'flow', 'flows')}, {report.triples} triples")
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    mark = "✗" if e else "✓"
    if plain:
        lines.append(f"{mark} {summary}")
        return "\n".join(lines)
    colour = "bold red" if e else ("yellow" if w else "bold green")
    lines.append(f"[{colour}]{mark} {summary}[/]")
    out = io.StringIO()
    Console(file=out, highlight=False, soft_wrap=True, force_terminal=True,
            width=style.width).print("\n".join(lines))
    return out.getvalue().rstrip("\n")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


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
