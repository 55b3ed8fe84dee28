"""Small pure helpers for Thai digits, Buddhist Era dates and baht amounts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

BE_OFFSET = 543
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_MIN_BE_YEAR = 2400  # years at or above this are Buddhist Era


def thai_to_arabic(text: str) -> str:
    """Replace Thai digits (๐-๙) by Arabic digits, leaving everything else alone."""
    return text.translate(_THAI_DIGITS)


def be_to_ce(year: int) -> int:
    """Convert a Buddhist Era year to the Common Era."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Convert a Common Era year to the Buddhist Era."""
    return year + BE_OFFSET


def _ce_year(year: int) -> int:
    """Read a 4-digit year: BE when >= 2400, CE otherwise."""
    return be_to_ce(year) if year >= _MIN_BE_YEAR else year


def parse_be_date(text: str) -> date:
    """Parse "D/M/YYYY" (BE, parts not necessarily padded; CE accepted if < 2400)."""
    match = _DMY.match(thai_to_arabic(text).strip())
    if not match:
        raise ValueError(f"not a DD/MM/YYYY date: {text!r}")
    day, month, year = (int(part) for part in match.groups())
    return date(_ce_year(year), month, day)


def parse_date(text: str) -> date:
    """Parse a printed date: "D/M/YYYY" (BE) or "YYYY-MM-DD[ HH:MM:SS]"."""
    clean = thai_to_arabic(text).strip()
    match = _ISO.match(clean)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(_ce_year(year), month, day)
    return parse_be_date(clean)


def format_be_date(value: date) -> str:
    """Format a date as the form prints it, in BE: "25/04/2566"."""
    return f"{value.day:02d}/{value.month:02d}/{ce_to_be(value.year)}"


def parse_decimal(text: str) -> Decimal:
    """Parse "1,234,567.50" (Thai digits allowed); ValueError if unreadable."""
    clean = thai_to_arabic(text).strip()
    if not _NUMBER.match(clean):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(clean.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"not a number: {text!r}") from exc


def parse_int(text: str) -> int:
    """Parse a whole number written with Arabic or Thai digits."""
    clean = thai_to_arabic(text).strip()
    if not clean.isascii() or not clean.isdigit():
        raise ValueError(f"not a whole number: {text!r}")
    return int(clean)


def format_money(value: Decimal) -> str:
    """Format baht with thousands separators: "0", "1,234,567.50"."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def format_number(value: Decimal) -> str:
    """Format a plain quantity without losing its written precision: "3", "36.00"."""
    return f"{value:,f}"


def format_percent(value: Decimal) -> str:
    """Format a percentage with two decimals: "70.00"."""
    return f"{value:.2f}"
