"""A worksheet as a table: Thai headers, typed cells, frozen header row, autofilter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sheets.xlsx import SheetSpec, date_cell, number_cell, text_cell

# Real date cells shown in the Buddhist era: LCID 041E (Thai), calendar 07 (Thai Buddhist),
# understood by Excel and LibreOffice (README: "The planning unit's spreadsheet").
BE_DATE = "[$-107041E]d mmm yyyy"
BE_MONTH = "[$-107041E]mmm yyyy"


class Cell(StrEnum):
    """How a column's values are written."""

    TEXT = "text"  # always a string, never a formula (untrusted text: "=HYPERLINK(…)")
    INT = "int"
    MONEY = "money"
    PERCENT = "percent"  # 0–100, as the form prints it
    NUMBER = "number"
    DATE = "date"
    MONTH = "month"


# cellXfs of STYLES, in order: 0 plain, 1 header, then one per kind of number or date.
HEAD = 1
_STYLE = {Cell.TEXT: 0, Cell.INT: 2, Cell.MONEY: 3, Cell.PERCENT: 4, Cell.NUMBER: 5,
          Cell.DATE: 6, Cell.MONTH: 7}
_WIDTHS = {Cell.TEXT: 30, Cell.INT: 10, Cell.MONEY: 16, Cell.PERCENT: 10, Cell.NUMBER: 14,
           Cell.DATE: 14, Cell.MONTH: 12}
_XF = '<xf numFmtId="{}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="5">'
    f'<numFmt numFmtId="164" formatCode="{BE_DATE}"/>'
    f'<numFmt numFmtId="165" formatCode="{BE_MONTH}"/>'
    '<numFmt numFmtId="166" formatCode="#,##0.00"/>'
    '<numFmt numFmtId="167" formatCode="0.00"/>'
    '<numFmt numFmtId="168" formatCode="#,##0.##"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Tahoma"/></font>'
    '<font><b/><sz val="11"/><name val="Tahoma"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/>'
    '<bottom style="thin"/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    + "".join(_XF.format(n) for n in (1, 166, 167, 168, 164, 165))
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')


@dataclass(frozen=True)
class Column:
    """A column: its Thai header, how its cells are written, and how a row gives its value."""

    header: str
    cell: Cell
    value: Callable[[Any], Any]
    width: int | None = None


def _writer(cell: Cell) -> Callable[[str, int, Any], str]:
    """The function that writes one value of this kind of cell."""
    style = _STYLE[cell]
    if cell is Cell.TEXT:
        return text_cell(style)
    if cell in (Cell.DATE, Cell.MONTH):
        return date_cell(style)
    return number_cell(style)


def table(name: str, columns: tuple[Column, ...], rows: Iterable[Any]) -> SheetSpec:
    """The sheet of these columns over these rows."""
    return SheetSpec(name, [c.header for c in columns],
                     [c.width or _WIDTHS[c.cell] for c in columns],
                     [_writer(c.cell) for c in columns], [c.value for c in columns], rows)
