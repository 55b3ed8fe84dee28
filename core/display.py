"""How values look to people: percent, baht, one-line previews (dates: core.periods)."""

from __future__ import annotations

from decimal import Decimal


def money(value: Decimal) -> str:
    """Baht with thousands separators and two decimals: "1,234,567.50"."""
    return f"{value:,.2f}"


def baht(value: Decimal | None) -> str:
    """1234.5 → "1,234.50 บาท"."""
    return "-" if value is None else f"{money(value)} บาท"


def percent(value: Decimal | None) -> str:
    """80 → "80.00 %" (the one percent format: chat, status, charts and printed forms)."""
    return "-" if value is None else f"{value:.2f} %"


def short(text: str | None, limit: int = 80) -> str:
    """A one-line preview of free text."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def project_named(name: str) -> str:
    """ "โครงการ " before a project's name, unless the name already starts with it."""
    name = name.strip()
    return name if name.startswith("โครงการ") else f"โครงการ {name}"
