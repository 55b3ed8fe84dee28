"""How values look to people: percent, baht, one-line previews (dates: core.periods)."""

from __future__ import annotations

import re
from decimal import Decimal

# Units Thai writes before the number ("ร้อยละ 85", "ระดับ 5", "ไม่น้อยกว่าร้อยละ 80");
# counted units come after it ("36 ห้อง", "1,250 คน", "12 ครั้ง").
_UNIT_FIRST = re.compile(r"(?:ร้อยละ|ระดับ|อันดับ(?:ที่)?|ลำดับที่)$"
                         r"|^(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน|อย่างน้อย|มากกว่า|น้อยกว่า)")


def money(value: Decimal) -> str:
    """Baht with thousands separators and two decimals: "1,234,567.50"."""
    return f"{value:,.2f}"


def baht(value: Decimal | None) -> str:
    """1234.5 → "1,234.50 บาท"."""
    return "-" if value is None else f"{money(value)} บาท"


def percent(value: Decimal | None) -> str:
    """80 → "80.00 %" (the one percent format: chat, status, charts and printed forms)."""
    return "-" if value is None else f"{value:.2f} %"


def number(value: Decimal) -> str:
    """A quantity as people write it: 1250 → "1,250", 12.50 → "12.5"."""
    return f"{value.normalize():,f}"


def with_unit(shown: str, unit: str | None) -> str:
    """A number and its unit in Thai order: "ร้อยละ 85", but "36 ห้อง"."""
    unit = (unit or "").strip()
    if not unit:
        return shown
    return f"{unit} {shown}" if _UNIT_FIRST.search(unit) else f"{shown} {unit}"


def amount(value: Decimal | None, unit: str | None) -> str:
    """An indicator's value with its unit ("ร้อยละ 80", "36 ห้อง"), or a dash."""
    return "-" if value is None else with_unit(number(value), unit)


def short(text: str | None, limit: int = 80) -> str:
    """A one-line preview of free text."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def project_named(name: str) -> str:
    """ "โครงการ " before a project's name, unless the name already starts with it."""
    name = name.strip()
    return name if name.startswith("โครงการ") else f"โครงการ {name}"
