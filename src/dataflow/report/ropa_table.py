"""Renderers of the record of processing activities as text: CSV, Markdown and HTML.

Each is a pure function of a `Record` (view/record/model.py). CSV has one header row of the
profile's column labels and one row per activity, the lines of a cell joined with line
breaks inside the quoted field. Markdown gives one section per activity (a record has too
many columns for a readable Markdown table), HTML one table with a row per activity, ready
to print in landscape. A missing fact reads the same in every format: `— missing (RULE)`.
"""

from __future__ import annotations

import csv
import html
import io

from ..view.record.model import Cell, Record
from .diagram_labels import anchor
from .registry import Style


def render_csv(record: Record, style: Style) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in record.columns])
    for row in record.rows:
        writer.writerow([cell.text for cell in row.cells])
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render_markdown(record: Record, style: Style) -> str:
    lines = [f"# {record.title}", ""]
    for row in record.rows:
        name, *rest = zip(record.columns, row.cells, strict=True)
        lines += [f"## {_md(name[1].text)}", "",
                  f"| {_md(name[0].label)} | {_md(name[1].text)} |", "|---|---|"]
        lines += [f"| {_md(column.label)} | {_md(cell.text)} |" for column, cell in rest]
        lines.append("")
    if not record.rows:
        lines.append(_EMPTY[record.language])
    return "\n".join(lines).rstrip("\n") + "\n"


_EMPTY = {"en": "No processing activity in this record.",
          "fi": "Selosteessa ei ole käsittelytoimia.",
          "fr": "Aucune activité de traitement dans ce registre."}
_CSS = """body { font-family: system-ui, sans-serif; font-size: 10pt; margin: 1.5em; }
h1 { font-size: 14pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #e8edf3; }
td.missing { background: #fde8e8; font-style: italic; }
@media print { @page { size: A4 landscape; } body { margin: 0; font-size: 7pt; } }"""


def _td(cell: Cell) -> str:
    css = ' class="missing"' if cell.missing is not None else ""
    return f"<td{css}>" + "<br>".join(html.escape(line) for line in cell.lines) + "</td>"


def render_html(record: Record, style: Style) -> str:
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in record.columns)
    body = "\n".join(f'<tr id="{html.escape(anchor("activity", row.activity))}">'
                     + "".join(_td(cell) for cell in row.cells) + "</tr>"
                     for row in record.rows)
    if not record.rows:
        body = (f'<tr><td colspan="{len(record.columns)}">'
                f"{html.escape(_EMPTY[record.language])}</td></tr>")
    title = html.escape(record.title)
    return (f'<!DOCTYPE html>\n<html lang="{record.language}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            f"<h1>{title}</h1>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n"
            "</tbody>\n</table>\n</body>\n</html>\n")
