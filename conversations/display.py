"""How values look to people: baht, percent, Buddhist-Era dates, yes/no phrases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def baht(value: Decimal | None) -> str:
    """1234.5 → "1,234.50 บาท"."""
    return "-" if value is None else f"{value:,.2f} บาท"


def percent(value: Decimal | None) -> str:
    """80 → "80.00 %"."""
    return "-" if value is None else f"{value:.2f} %"


def be_date(day: date) -> str:
    """A date in the Buddhist Era, the way Thai officials write it: "21 พ.ย. 2569"."""
    return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {day.year + 543}"


def be_numeric(day: date) -> str:
    """A date as on the official form: "21/11/2569"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def short(text: str | None, limit: int = 80) -> str:
    """A one-line preview of free text."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
