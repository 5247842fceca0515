"""Renderers of the record of processing activities as spreadsheets: XLSX (openpyxl) and
ODS (odfpy), the formats the authorities publish their templates in.

One sheet: the title in the first row, the profile's column labels in the third (bold,
frozen, with a filter in XLSX), then one row per activity. The lines of a cell are kept as
line breaks in XLSX (wrapped text) and as one paragraph per line in ODS. A cell whose fact
is missing is shaded and reads `— missing (RULE)`, as in every other format. Both return
bytes (a ZIP package), the same bytes for the same record: the package's timestamps and the
workbook's created and modified dates are fixed (SOURCE_DATE_EPOCH when set, as reproducible
builds do, else 1980-01-01), so a record committed beside the flow files changes only when
the map does.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile

from ..view.record.model import Record
from .registry import Style

#: The sheet's name per language (at most 31 characters, as Excel requires).
_SHEET = {"en": "Record of processing", "fi": "Seloste käsittelytoimista",
          "fr": "Registre des traitements"}
_MISSING_FILL = "FDE8E8"
_HEADER_FILL = "E8EDF3"
#: Column widths in characters: the activity's name narrower, long lists wider.
_WIDTH, _NAME_WIDTH = 40, 28
HEADER_ROW = 3
"""The row (1-based) of the column labels; activities start on the next one."""


def render_xlsx(record: Record, style: Style) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _SHEET[record.language]
    sheet.cell(row=1, column=1, value=record.title).font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    missing_fill = PatternFill("solid", fgColor=_MISSING_FILL)
    for index, column in enumerate(record.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.label)
        cell.font, cell.alignment, cell.fill = Font(bold=True), wrap, header_fill
        sheet.column_dimensions[get_column_letter(index)].width = (
            _NAME_WIDTH if index == 1 else _WIDTH)
    for offset, row in enumerate(record.rows, start=HEADER_ROW + 1):
        for index, value in enumerate(row.cells, start=1):
            cell = sheet.cell(row=offset, column=index, value=value.text)
            cell.alignment = wrap
            if value.missing is not None:
                cell.fill = missing_fill
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    last = get_column_letter(len(record.columns))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(record.rows)}"
    out = io.BytesIO()
    book.save(out)
    return reproducible(out.getvalue())


def render_ods(record: Record, style: Style) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style as OdfStyle
    from odf.style import TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    title = OdfStyle(name="title", family="table-cell")
    title.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    header = OdfStyle(name="header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold"))
    header.addElement(TableCellProperties(backgroundcolor=f"#{_HEADER_FILL}", wrapoption="wrap"))
    body = OdfStyle(name="body", family="table-cell")
    body.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    missing = OdfStyle(name="missing", family="table-cell")
    missing.addElement(TableCellProperties(backgroundcolor=f"#{_MISSING_FILL}",
                                           wrapoption="wrap", verticalalign="top"))
    widths = []
    for name, chars in (("name", _NAME_WIDTH), ("wide", _WIDTH)):
        width = OdfStyle(name=name, family="table-column")
        width.addElement(TableColumnProperties(columnwidth=f"{chars * 0.19:.2f}cm"))
        widths.append(width)
    for element in (title, header, body, missing, *widths):
        doc.automaticstyles.addElement(element)

    table = Table(name=_SHEET[record.language])
    table.addElement(TableColumn(stylename=widths[0]))
    if len(record.columns) > 1:
        table.addElement(TableColumn(stylename=widths[1],
                                     numbercolumnsrepeated=len(record.columns) - 1))

    def add_row(values: list[tuple[str, ...]], styles: list[OdfStyle]) -> None:
        row = TableRow()
        for lines, cell_style in zip(values, styles, strict=True):
            cell = TableCell(valuetype="string", stylename=cell_style)
            for line in lines:
                cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)

    add_row([(record.title,)], [title])
    add_row([()], [body])
    add_row([(c.label,) for c in record.columns], [header] * len(record.columns))
    for row in record.rows:
        add_row([cell.lines for cell in row.cells],
                [missing if cell.missing is not None else body for cell in row.cells])
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue())


#: 1980-01-01, the first moment a ZIP entry can carry.
_ZIP_EPOCH = 315532800
_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def reproducible(package: bytes) -> bytes:
    """The ZIP package with every entry's timestamp, and the dates in docProps/core.xml,
    set to one fixed moment; entries, their order and compression unchanged."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(given) if given.isdigit() else 0
    moment = time.gmtime(max(epoch, _ZIP_EPOCH))
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", moment).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(entry.filename, date_time=moment[:6])
            fixed.compress_type = entry.compress_type
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, data)
    return out.getvalue()
