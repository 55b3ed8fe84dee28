"""One worksheet as a table: Thai headers, typed cells, frozen header row, autofilter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

# Real date cells shown in the Buddhist era: LCID 041E (Thai), calendar 07 (Thai Buddhist),
# understood by Excel (every version since 2007) and LibreOffice (README: "The spreadsheet").
BE_DATE = "[$-107041E]d mmm yyyy"
BE_MONTH = "[$-107041E]mmm yyyy"
# XML 1.0 has no place for these control characters: a cell holding one would break the file.
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


class Cell(StrEnum):
    """How a column's values are written."""

    TEXT = "text"  # always a string, never a formula (untrusted text: "=HYPERLINK(…)")
    INT = "int"
    MONEY = "money"
    PERCENT = "percent"  # 0–100, as the form prints it
    NUMBER = "number"
    DATE = "date"
    MONTH = "month"


_FORMATS = {Cell.INT: "0", Cell.MONEY: "#,##0.00", Cell.PERCENT: "0.00", Cell.NUMBER: "#,##0.##",
            Cell.DATE: BE_DATE, Cell.MONTH: BE_MONTH}
_WIDTHS = {Cell.TEXT: 30, Cell.INT: 10, Cell.MONEY: 16, Cell.PERCENT: 10, Cell.NUMBER: 14,
           Cell.DATE: 14, Cell.MONTH: 12}


@dataclass(frozen=True)
class Column:
    """A column: its Thai header, how its cells are written, and how a row gives its value."""

    header: str
    cell: Cell
    value: Callable[[Any], Any]
    width: int | None = None


def clean_text(value: object) -> str:
    """Text fit for a cell: control characters dropped."""
    return str(value).translate(_CONTROL)


def write_table(book: Workbook, name: str, columns: Sequence[Column], rows: Iterable[Any],
                formats: dict[str, Format]) -> Worksheet:
    """A sheet with a header row and one row per item, rows written in order (constant memory)."""
    sheet = book.add_worksheet(name)
    head = formats["head"]
    for c, column in enumerate(columns):
        sheet.set_column(c, c, column.width or _WIDTHS[column.cell])
        sheet.write_string(0, c, column.header, head)
    sheet.freeze_panes(1, 0)
    writers = [_writer(sheet, column.cell, formats) for column in columns]
    getters = [column.value for column in columns]
    r = 0
    for r, item in enumerate(rows, 1):
        for c, (get, write) in enumerate(zip(getters, writers, strict=True)):
            value = get(item)
            if value is not None and value != "":
                write(r, c, value)
    sheet.autofilter(0, 0, max(r, 1), len(columns) - 1)
    return sheet


def _writer(sheet: Worksheet, cell: Cell, formats: dict[str, Format]
            ) -> Callable[[int, int, Any], Any]:
    """The function that writes one value of this kind of cell."""
    if cell is Cell.TEXT:
        return lambda r, c, v: sheet.write_string(r, c, clean_text(v))
    style = formats[cell.value]
    if cell in (Cell.DATE, Cell.MONTH):
        return lambda r, c, v: sheet.write_datetime(r, c, v, style)
    return lambda r, c, v: sheet.write_number(r, c, _number(v), style)


def _number(value: int | Decimal | float) -> float | int:
    """A Decimal as the float an .xlsx number cell holds (ints stay ints)."""
    return value if isinstance(value, int) else float(value)


def add_formats(book: Workbook) -> dict[str, Format]:
    """The header style and one number format per kind of cell."""
    formats = {"head": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                        "bg_color": "#DCE6F1", "border": 1})}
    for cell, code in _FORMATS.items():
        formats[cell.value] = book.add_format({"num_format": code})
    return formats

