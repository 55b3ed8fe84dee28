"""A streaming .xlsx writer for plain tables: only what the planning unit's workbook needs.

Every cell is written by its declared type (sheets.table.Cell): text is always an inline
string (never a formula, whatever it starts with), numbers are numbers, dates are date serials
with a Buddhist-era number format. XlsxWriter spent ~38 µs a cell here (46 s for 30,000
projects, docs/DECISIONS.md "The planning unit's spreadsheet"); this writes rows as text
straight into the zip.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import IO, Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = date(1899, 12, 30).toordinal()
# XML 1.0 has no place for control characters: drop them; escape the markup characters.
_ESCAPE = {**dict.fromkeys((c for c in range(32) if chr(c) not in "\t\n\r"), None),
           ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_TEXT = 32_767  # Excel's limit for one cell


def column_letter(index: int) -> str:
    """A 0-based column index as Excel's letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape(text: str) -> str:
    """Text as XML character data, control characters dropped, cut to Excel's cell limit."""
    text = text[:_MAX_TEXT]
    return text.translate(_ESCAPE) if _NEEDS_ESCAPE.search(text) else text


def attribute(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return escape(text).replace('"', "&quot;")


def text_cell(style: int) -> Callable[[str, int, Any], str]:
    """Writes a value as an inline string (style 0: none)."""
    s = f' s="{style}"' if style else ""
    return lambda col, row, v: (f'<c r="{col}{row}"{s} t="inlineStr"><is><t xml:space="preserve">'
                                f"{escape(v if isinstance(v, str) else str(v))}</t></is></c>")


def number_cell(style: int) -> Callable[[str, int, Any], str]:
    """Writes an int, float or Decimal as a number cell."""
    return lambda col, row, v: f'<c r="{col}{row}" s="{style}"><v>{v}</v></c>'


def date_cell(style: int) -> Callable[[str, int, Any], str]:
    """Writes a date as Excel's day serial (1900 date system)."""
    return lambda col, row, v: (f'<c r="{col}{row}" s="{style}"><v>'
                                f"{v.toordinal() - _EPOCH}</v></c>")


class SheetSpec:
    """One worksheet: name, headers, column widths, how each cell is written, and its rows."""

    def __init__(self, name: str, headers: Sequence[str], widths: Sequence[int],
                 writers: Sequence[Callable[[str, int, Any], str]],
                 getters: Sequence[Callable[[Any], Any]], rows: Iterable[Any]) -> None:
        self.name, self.headers, self.widths = name, headers, widths
        self.writers, self.getters, self.rows = writers, getters, rows


def _sheet(out: IO[bytes], spec: SheetSpec, selected: bool, head_style: int) -> int:
    """Stream one worksheet's XML; return its last row number."""
    letters = [column_letter(i) for i in range(len(spec.headers))]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                   for i, w in enumerate(spec.widths, 1))
    tab = ' tabSelected="1"' if selected else ""
    out.write(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews>'
        f'<sheetView{tab} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        f'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f'<cols>{cols}</cols><sheetData><row r="1">'.encode())
    head = text_cell(head_style)
    out.write("".join(head(col, 1, h) for col, h in zip(letters, spec.headers, strict=True))
              .encode() + b"</row>")
    triples = list(zip(letters, spec.getters, spec.writers, strict=True))
    row = 1
    chunk: list[str] = []
    for row, item in enumerate(spec.rows, 2):
        chunk.append(f'<row r="{row}">')
        for col, get, write in triples:
            value = get(item)
            if value is not None and value != "":
                chunk.append(write(col, row, value))
        chunk.append("</row>")
        if len(chunk) > 4096:
            out.write("".join(chunk).encode())
            chunk.clear()
    out.write("".join(chunk).encode())
    last = max(row, 1)
    out.write(f'</sheetData><autoFilter ref="A1:{letters[-1]}{last}"/></worksheet>'.encode())
    return last


def write_xlsx(target: IO[bytes], sheets: Sequence[SheetSpec], styles_xml: str,
               head_style: int) -> None:
    """The whole package: content types, relationships, workbook, styles and each sheet."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        lasts = []
        for n, spec in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                lasts.append(_sheet(out, spec, n == 1, head_style))
        z.writestr("[Content_Types].xml", _content_types(len(sheets)))
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
                   f'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", _workbook(sheets, lasts))
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        z.writestr("xl/styles.xml", styles_xml)


def _content_types(count: int) -> str:
    """[Content_Types].xml."""
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    parts = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet}"/>'
                    for n in range(1, count + 1))
    base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{base}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{base}.styles+xml"/>'
            f"{parts}</Types>")


def _workbook(sheets: Sequence[SheetSpec], lasts: Sequence[int]) -> str:
    """xl/workbook.xml: the sheets in order and each one's filter range."""
    names = "".join(f'<sheet name="{attribute(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, s in enumerate(sheets, 1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"'{escape(s.name)}'!$A$1:${column_letter(len(s.headers) - 1)}${last}</definedName>"
        for n, (s, last) in enumerate(zip(sheets, lasts, strict=True)))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{names}</sheets><definedNames>{filters}</definedNames></workbook>")


def _workbook_rels(count: int) -> str:
    """xl/_rels/workbook.xml.rels: each sheet, then the styles."""
    rels = "".join(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" '
                   f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, count + 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG}">{rels}<Relationship Id="rId{count + 1}" '
            f'Type="{REL}/styles" Target="styles.xml"/></Relationships>')
