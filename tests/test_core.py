"""The bottom layer: one percent format, one Thai-digit table, one BE offset."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core import periods
from core.display import amount, baht, money, percent, short
from core.thai import be_to_ce, ce_to_be, to_arabic_digits
from forms.layout import report_block
from forms.records import ProgressEntry


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("80"), "80.00 %"), (Decimal("0"), "0.00 %"), (Decimal("25.5"), "25.50 %"),
    (Decimal("100.00"), "100.00 %"), (None, "-"),
])
def test_one_percent_format(value: Decimal | None, shown: str) -> None:
    assert percent(value) == shown


def test_the_printed_form_uses_the_same_percent() -> None:
    entry = ProgressEntry(1, date(2026, 10, 25), "งาน", Decimal("80"), Decimal("1234.5"), 1,
                          on_plan=True, on_target=True)
    assert report_block(entry).status.startswith("ความก้าวหน้าของงานฯ = 80.00 % งบประมาณ")


def test_money_and_previews() -> None:
    assert money(Decimal("1234567.5")) == "1,234,567.50"
    assert baht(Decimal("1234.5")) == "1,234.50 บาท"
    assert baht(None) == "-"
    assert short("  ก\nข  ค ") == "ก ข ค"
    assert short("ก" * 100, 10) == "ก" * 9 + "…"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (Decimal(80), "ร้อยละ", "ร้อยละ 80"), (Decimal("85.50"), "ร้อยละ", "ร้อยละ 85.5"),
    (Decimal(5), "ระดับ", "ระดับ 5"), (Decimal(80), "ไม่น้อยกว่าร้อยละ", "ไม่น้อยกว่าร้อยละ 80"),
    (Decimal("36.00"), "ห้อง", "36 ห้อง"), (Decimal(1250), "คน", "1,250 คน"),
    (Decimal(12), "ครั้ง", "12 ครั้ง"), (Decimal(3), "แห่ง", "3 แห่ง"),
    (Decimal(120000), "บาท", "120,000 บาท"), (Decimal("12.50"), None, "12.5"),
    (None, "ร้อยละ", "-"),
])
def test_an_amount_reads_in_thai_word_order(value: Decimal | None, unit: str | None,
                                            shown: str) -> None:
    assert amount(value, unit) == shown


def test_one_digit_table_reads_thai_and_full_width_digits() -> None:
    assert to_arabic_digits("๕๐๔๗๐๐๐๐-๓๔๓๐ ก") == "50470000-3430 ก"
    assert to_arabic_digits("８０％") == "80%"
    assert to_arabic_digits("abc ไทย") == "abc ไทย"


def test_one_buddhist_era_offset() -> None:
    assert ce_to_be(2026) == 2569
    assert be_to_ce(2569) == 2026
    assert periods.be_year(date(2026, 11, 22)) == 2569
    assert periods.thai_date(date(2023, 4, 25)) == "25 เม.ย. 2566"
    assert periods.numeric_date(date(2023, 4, 5)) == "05/04/2566"
    assert periods.fiscal_year_of(date(2026, 10, 1)) == 2570
    assert periods.fiscal_year_start(2570) == date(2026, 10, 1)
    assert periods.fiscal_year_end(2570) == date(2027, 9, 30)
