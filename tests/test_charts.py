"""Progress charts: real PNGs of the expected size with Thai labels; media URLs expire."""

from __future__ import annotations

import struct
import time
import warnings
from datetime import date
from decimal import Decimal
from typing import cast

import pytest
import requests
from matplotlib import font_manager

from core.months import months_between
from core.periods import Period, fiscal_periods
from handlers import charts
from runtime.media_store import PREFIX, media_url, store
from tests.stack import Stack


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (asserting it is a PNG)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


POINTS = [(date(2026, 10, 1), date(2026, 10, 25), Decimal("10")),
          (date(2026, 11, 1), date(2026, 11, 18), Decimal("25.50"))]
PLACED = [(day, pct) for _, day, pct in POINTS]


def test_chart_is_a_png_of_the_expected_size_without_missing_glyphs() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts.progress_chart("50470000-3430", "บางนาพารู้ ห้องสมุดเคลื่อนที่สู่ชุมชน",
                                    2570, POINTS, date(2026, 11, 22))
    assert png_size(png) == (charts.WIDTH_PX, charts.HEIGHT_PX) == (1040, 720)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert len(png) < 1_000_000  # LINE's limit for previewImageUrl


def test_sarabun_is_the_font_used() -> None:
    charts.progress_chart("50470000-3430", "ทดสอบ", 2570, [], None)
    found = font_manager.findfont(font_manager.FontProperties(family=charts.FONT_FAMILY),
                                  fallback_to_default=False)
    assert found.endswith("Sarabun-Regular.ttf")


def test_chart_without_reports_and_with_reports_past_the_year() -> None:
    empty = charts.progress_chart("50470000-3431", "ยังไม่มีรายงาน", 2570, [], None)
    assert png_size(empty) == (1040, 720)
    late = [*POINTS, (date(2027, 11, 1), date(2027, 11, 3), Decimal("100"))]
    extended = charts.progress_chart("50470000-3430", "ขยายเวลา" * 30, 2570, late, None)
    assert png_size(extended) == (1040, 720)


def test_month_ticks_run_from_october_to_september() -> None:
    ticks, labels = charts._month_ticks(fiscal_periods(2570))
    assert ticks[0] == date(2026, 10, 1)
    assert ticks[-1] == date(2027, 9, 1)
    assert labels[0] == "ต.ค.\n2569"
    assert labels[3] == "ม.ค.\n2570"
    assert labels[-1] == "ก.ย."


def test_a_long_axis_labels_at_most_thirteen_months_each_year_named() -> None:
    months = months_between(date(2023, 1, 1), date(2027, 9, 30))
    ticks, labels = charts._month_ticks(months)
    assert len(ticks) == 57
    shown = [label for label in labels if label]
    assert len(shown) <= 13
    assert shown[0] == "ม.ค.\n2566"
    assert {label.split("\n")[1] for label in shown if "\n" in label} == {
        "2566", "2567", "2568", "2569", "2570"}


def test_media_is_served_until_it_expires(stack: Stack) -> None:
    conn = stack.services.redis
    token = store(conn, b"%PDF-1.7 test", "pdf", 60, "tidtam-50470000-3430")
    assert 55 < int(cast(int, conn.ttl(PREFIX + token))) <= 60
    url = media_url(stack.bot_url, token, "pdf")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/pdf"
    assert "tidtam-50470000-3430.pdf" in resp.headers["Content-Disposition"]
    assert resp.content == b"%PDF-1.7 test"
    for bad in (url.replace(".pdf", ".png"), f"{stack.bot_url}/media/{'A' * 43}.pdf",
                f"{stack.bot_url}/media/short.pdf", f"{stack.bot_url}/media/{token}.exe"):
        assert requests.get(bad, timeout=10).status_code == 404
    conn.pexpire(PREFIX + token, 1)  # its lifetime runs out now (a test cannot wait a minute)
    time.sleep(0.01)
    assert requests.get(url, timeout=10).status_code == 404


def test_every_report_the_history_lists_is_drawn_and_the_last_label_is_the_latest() -> None:
    view = charts.chart_view(2570, POINTS)
    assert view.own_year
    assert view.points == PLACED
    assert view.plan == [(date(2026, 10, 1), 0.0), (date(2027, 10, 1), 100.0)]
    own = charts.chart_view(2570, POINTS, span=(date(2026, 12, 1), date(2027, 3, 31)))
    assert own.plan == [(date(2026, 10, 1), 0.0), (date(2026, 12, 1), 0.0),
                        (date(2027, 4, 1), 100.0), (date(2027, 10, 1), 100.0)]
    # two reports of one month: the later one (95.50) is the latest, not the larger value
    same_month = [*POINTS, (date(2026, 11, 1), date(2026, 11, 20), Decimal("100")),
                  (date(2026, 11, 1), date(2026, 11, 20), Decimal("95.50"))]
    assert charts.chart_view(2570, same_month).last_label == "95.50 %"
    # a stray report years earlier is drawn too (history lists it): the axis reaches it
    stray = charts.chart_view(2570, [(date(2023, 1, 1), date(2023, 1, 31), Decimal(100)),
                                     *POINTS])
    assert len(stray.points) == 3
    assert stray.months[0] == Period(2023, 1)
    assert not stray.own_year


def test_a_project_started_before_its_fiscal_year_keeps_its_first_month() -> None:
    """The demo's continuing project: FY 2570, work from 1 Sep 2026, reports for September
    (in FY 2569 by the calendar), October and November (filed late, on 7 Dec): all drawn, on
    the months from September, the last one inside November where history puts it."""
    span = (date(2026, 9, 1), date(2027, 9, 30))
    reports = [(date(2026, 9, 1), date(2026, 9, 20), Decimal(10)),
               (date(2026, 10, 1), date(2026, 10, 20), Decimal(25)),
               (date(2026, 11, 1), date(2026, 11, 30), Decimal(40))]
    view = charts.chart_view(2570, reports, span)
    assert [d for d, _ in view.points] == [date(2026, 9, 20), date(2026, 10, 20),
                                           date(2026, 11, 30)]
    assert view.months[0] == Period(2026, 9)
    assert view.months[-1] == Period(2027, 9)
    assert view.plan[0] == (date(2026, 9, 1), 0.0)
    assert view.last_label == "40.00 %"
    # a form dated outside its month (a printout) is drawn inside the month it reports on
    odd = charts.chart_view(2570, [(date(2026, 10, 1), date(2026, 11, 3), Decimal(5))])
    assert odd.points == [(date(2026, 10, 31), Decimal(5))]


def test_a_continuing_project_shows_its_own_year_and_the_months_after() -> None:
    later = charts.chart_view(2569, [(date(2026, 9, 1), date(2026, 9, 1), Decimal("40")),
                                     (date(2026, 10, 1), date(2026, 10, 5), Decimal("60"))])
    assert len(later.points) == 2
    assert later.months[0] == Period(2025, 10)
    assert later.months[-1] == Period(2026, 10)
    assert [y for _, y in later.plan] == [0.0, 100.0, 100.0]  # its own year, then flat
    ticks, labels = charts._month_ticks(later.months)
    assert len(ticks) == 13
    assert len(set(labels)) == 13


def test_legend_is_below_the_plot(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.axes import Axes

    seen: dict[str, object] = {}
    original = Axes.legend

    def legend(self: Axes, *args: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "legend", legend)
    charts.progress_chart("50470000-3430", "ทดสอบ", 2570, POINTS, date(2026, 11, 22))
    anchor = seen["bbox_to_anchor"]
    assert isinstance(anchor, tuple)
    assert anchor[1] < 0  # outside the axes, under the month labels
