"""How the printed forms write numbers and dates (Thai digits and BE years: core.thai)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from core.thai import be_to_ce, to_arabic_digits

_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_MIN_BE_YEAR = 2400  # years at or above this are Buddhist Era


def _ce_year(year: int) -> int:
    """Read a 4-digit year: BE when >= 2400, CE otherwise."""
    return be_to_ce(year) if year >= _MIN_BE_YEAR else year


def parse_be_date(text: str) -> date:
    """Parse "D/M/YYYY" (BE, parts not necessarily padded; CE accepted if < 2400)."""
    match = _DMY.match(to_arabic_digits(text).strip())
    if not match:
        raise ValueError(f"not a DD/MM/YYYY date: {text!r}")
    day, month, year = (int(part) for part in match.groups())
    return date(_ce_year(year), month, day)


def parse_date(text: str) -> date:
    """Parse a printed date: "D/M/YYYY" (BE) or "YYYY-MM-DD[ HH:MM:SS]"."""
    clean = to_arabic_digits(text).strip()
    match = _ISO.match(clean)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(_ce_year(year), month, day)
    return parse_be_date(clean)


def parse_decimal(text: str) -> Decimal:
    """Parse "1,234,567.50" (Thai digits allowed); ValueError if unreadable."""
    clean = to_arabic_digits(text).strip()
    if not _NUMBER.match(clean):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(clean.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"not a number: {text!r}") from exc


def parse_int(text: str) -> int:
    """Parse a whole number written with Arabic or Thai digits."""
    clean = to_arabic_digits(text).strip()
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
