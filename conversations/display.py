"""How answers look to people: baht, percent, one-line previews (dates: handlers.periods)."""

from __future__ import annotations

from decimal import Decimal


def baht(value: Decimal | None) -> str:
    """1234.5 → "1,234.50 บาท"."""
    return "-" if value is None else f"{value:,.2f} บาท"


def percent(value: Decimal | None) -> str:
    """80 → "80.00 %"."""
    return "-" if value is None else f"{value:.2f} %"


def short(text: str | None, limit: int = 80) -> str:
    """A one-line preview of free text."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
