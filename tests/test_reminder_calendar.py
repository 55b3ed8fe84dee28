"""The reporting calendar over a whole fiscal year: due dates, working days, slots, quarters."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.periods import Period, fiscal_periods
from reminders.policy import Policy
from reminders.workdays import (
    Quarter,
    WorkCalendar,
    build_calendar,
    month_due,
    month_slots,
    next_allowed,
    next_working_morning,
    quarter_due,
    quarter_of,
)

BKK = ZoneInfo("Asia/Bangkok")
FY = 2570  # 1 Oct 2026 – 30 Sep 2027
POLICY = Policy()


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return build_calendar([2026, 2027], {}, [])


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_holidays_have_thai_names_and_weekends_rest(cal: WorkCalendar) -> None:
    assert cal.holiday_name(date(2026, 10, 23)) == "วันปิยมหาราช"
    assert not cal.is_working(date(2026, 10, 24))  # Saturday
    assert not cal.is_working(date(2026, 12, 7))  # substitution day (ชดเชย)
    assert cal.is_working(date(2026, 10, 22))


def test_every_monthly_due_date_of_the_year_is_the_last_working_day_on_or_before_the_25th(
        cal: WorkCalendar) -> None:
    for period in fiscal_periods(FY):
        due = month_due(period, 25, cal)
        assert cal.is_working(due)
        assert due <= date(period.year, period.month, 25)
        assert all(not cal.is_working(d) for d in _days(due + timedelta(days=1),
                                                          date(period.year, period.month, 25)))


def test_known_due_dates(cal: WorkCalendar) -> None:
    # 25 Oct 2026 is a Sunday and Friday 23 Oct is วันปิยมหาราช: due Thursday 22 Oct.
    assert month_due(Period(2026, 10), 25, cal) == date(2026, 10, 22)
    assert month_due(Period(2026, 12), 25, cal) == date(2026, 12, 25)
    assert month_due(Period(2027, 4), 25, cal) == date(2027, 4, 23)
    assert month_due(Period(2027, 2), 31, cal) == date(2027, 2, 26)  # capped at month end


def test_admin_days_change_the_calendar() -> None:
    removed = build_calendar([2026], {}, [date(2026, 10, 23)])
    assert month_due(Period(2026, 10), 25, removed) == date(2026, 10, 23)
    added = build_calendar([2026], {date(2026, 12, 25): "วันหยุดพิเศษ"}, [])
    assert month_due(Period(2026, 12), 25, added) == date(2026, 12, 24)
    saturday = build_calendar([2026], {}, [date(2026, 10, 24)])
    assert saturday.is_working(date(2026, 10, 24))


def test_slots_over_the_year_are_working_mornings_the_right_working_days_apart(
        cal: WorkCalendar) -> None:
    for period in fiscal_periods(FY):
        slots = month_slots(period, 25, cal, POLICY, BKK)
        assert [s.name for s in slots] == ["t-5", "t-2", "t", "t+1", "t+3"]
        due = slots[0].due
        for slot in slots:
            assert slot.at.tzinfo is BKK
            assert slot.at.time() == time(9, 0)
            assert cal.is_working(slot.at.date())
            between = [d for d in _days(min(due, slot.at.date()), max(due, slot.at.date()))
                       if cal.is_working(d)]
            assert len(between) - 1 == abs(POLICY.offset_of(slot.name))
        assert slots[2].at.date() == due


def test_october_2026_slots_skip_the_holiday_and_weekend(cal: WorkCalendar) -> None:
    got = {s.name: s.at.date() for s in month_slots(Period(2026, 10), 25, cal, POLICY, BKK)}
    assert got == {"t-5": date(2026, 10, 15), "t-2": date(2026, 10, 20), "t": date(2026, 10, 22),
                   "t+1": date(2026, 10, 26), "t+3": date(2026, 10, 28)}


def test_quiet_hours_and_rest_days_move_a_slot_to_the_next_allowed_moment(
        cal: WorkCalendar) -> None:
    late = Policy(send_at=time(21, 0))
    friday_night = datetime(2026, 10, 16, 21, 0, tzinfo=BKK)
    assert next_allowed(friday_night, cal, late) == datetime(2026, 10, 19, 8, 0, tzinfo=BKK)
    early = datetime(2026, 10, 19, 6, 30, tzinfo=BKK)
    assert next_allowed(early, cal, POLICY) == datetime(2026, 10, 19, 8, 0, tzinfo=BKK)
    holiday = datetime(2026, 10, 23, 10, 0, tzinfo=BKK)
    assert next_allowed(holiday, cal, POLICY) == datetime(2026, 10, 26, 8, 0, tzinfo=BKK)
    for period in fiscal_periods(FY):
        for slot in month_slots(period, 25, cal, late, BKK):
            assert slot.at.time() == time(8, 0)
            assert cal.is_working(slot.at.date())


def test_next_working_morning_after_a_friday_is_monday(cal: WorkCalendar) -> None:
    friday = datetime(2026, 10, 16, 15, 0, tzinfo=BKK)
    assert next_working_morning(friday, cal, POLICY) == datetime(2026, 10, 19, 9, 0, tzinfo=BKK)
    before_holiday = datetime(2026, 10, 22, 15, 0, tzinfo=BKK)
    assert next_working_morning(before_holiday, cal, POLICY).date() == date(2026, 10, 26)


def test_quarters_cover_the_fiscal_year_and_fall_due_after_fifteen_days(
        cal: WorkCalendar) -> None:
    quarters = [Quarter(FY, n) for n in range(1, 5)]
    assert quarters[0].start == date(2026, 10, 1)
    assert quarters[3].end == date(2027, 9, 30)
    for day in _days(date(2026, 10, 1), date(2027, 9, 30)):
        q = quarter_of(day)
        assert q.fiscal_year == FY
        assert q.start <= day <= q.end
    assert quarter_due(quarters[0], 15, cal) == date(2027, 1, 15)
    assert quarter_due(quarters[1], 15, cal) == date(2027, 4, 15 - 3)  # 13–15 Apr Songkran
    for q in quarters:
        due = quarter_due(q, 15, cal)
        assert cal.is_working(due)
        assert due <= q.end + timedelta(days=15)
