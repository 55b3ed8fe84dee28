"""The reporting calendar: working days, fiscal quarters, due dates and nudge slot times."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from core.periods import Period, fiscal_year_of
from core.thai import BE_OFFSET
from reminders.policy import Policy

MAX_SCAN_DAYS = 60


def package_holidays(years: Iterable[int]) -> dict[date, str]:
    """Thai public and government holidays from the `holidays` package, with Thai names."""
    return dict(_holidays_of(tuple(sorted(set(years)))))


@lru_cache(maxsize=32)
def _holidays_of(years: tuple[int, ...]) -> tuple[tuple[date, str], ...]:
    """The package's holidays of some years, computed once per process (~0.1 s the first time)."""
    found = holidays.country_holidays(
        "TH", years=list(years), categories=(holidays.PUBLIC, holidays.GOVERNMENT),
        language="th")
    return tuple((day, str(name)) for day, name in sorted(found.items()))


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: weekdays that are not holidays, plus admin overrides."""

    holidays: Mapping[date, str] = field(default_factory=dict)
    extra_working: frozenset[date] = frozenset()

    def is_working(self, day: date) -> bool:
        """True on a working day."""
        if day in self.extra_working:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday on a day, if it is one and not overridden."""
        return None if day in self.extra_working else self.holidays.get(day)

    def previous_working(self, day: date) -> date:
        """The day itself if it is a working day, else the closest working day before."""
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working(day):
                return day
            day -= timedelta(days=1)
        raise ValueError("no working day within 60 days")

    def next_working(self, day: date) -> date:
        """The day itself if it is a working day, else the closest working day after."""
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within 60 days")

    def shift(self, day: date, working_days: int) -> date:
        """The working day n working days after (n > 0) or before (n < 0) a day."""
        step = timedelta(days=1 if working_days > 0 else -1)
        left = abs(working_days)
        while left:
            day += step
            if self.is_working(day):
                left -= 1
        return day


def build_calendar(years: Iterable[int], added: Mapping[date, str],
                   removed: Iterable[date]) -> WorkCalendar:
    """The package's holidays for the CE years, plus admin-added days, minus removed days."""
    removed_set = frozenset(removed)
    days = package_holidays(years)
    days.update(added)
    return WorkCalendar({d: n for d, n in days.items() if d not in removed_set}, removed_set)


def month_due(period: Period, due_day: int, cal: WorkCalendar) -> date:
    """The due date of a monthly report: its due day (capped at month end), on a working day."""
    last = _cal.monthrange(period.year, period.month)[1]
    return cal.previous_working(date(period.year, period.month, min(due_day, last)))


@dataclass(frozen=True, order=True)
class Quarter:
    """A fiscal quarter: Q1 is October to December."""

    fiscal_year: int
    number: int

    @property
    def start(self) -> date:
        """The first day of the quarter."""
        year = self.fiscal_year - BE_OFFSET - (1 if self.number == 1 else 0)
        month = (10, 1, 4, 7)[self.number - 1]
        return date(year, month, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        start = self.start
        month = start.month + 2
        return date(start.year, month, _cal.monthrange(start.year, month)[1])

    @property
    def key(self) -> str:
        """A stable key such as "2570-Q1"."""
        return f"{self.fiscal_year}-Q{self.number}"


def quarter_of(day: date) -> Quarter:
    """The fiscal quarter a date falls in."""
    return Quarter(fiscal_year_of(day), ((day.month - 10) % 12) // 3 + 1)


def quarter_due(quarter: Quarter, days_after: int, cal: WorkCalendar) -> date:
    """The due date of a quarterly indicator report: quarter end plus N days, on a working day."""
    return cal.previous_working(quarter.end + timedelta(days=days_after))


def period_key(period: Period) -> str:
    """A stable key of a monthly period, "2026-10"."""
    return period.key


def in_quiet_hours(moment: time, policy: Policy) -> bool:
    """True between quiet_start and quiet_end (which may wrap past midnight)."""
    start, end = policy.quiet_start, policy.quiet_end
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def next_allowed(moment: datetime, cal: WorkCalendar, policy: Policy) -> datetime:
    """The moment itself if nudging is allowed then, else the next allowed moment."""
    zone = moment.tzinfo
    for _ in range(MAX_SCAN_DAYS * 2):
        local = moment.timetz()
        if cal.is_working(moment.date()) and not in_quiet_hours(local.replace(tzinfo=None),
                                                                 policy):
            return moment
        if cal.is_working(moment.date()) and moment.time() < policy.quiet_end:
            moment = datetime.combine(moment.date(), policy.quiet_end, zone)
        else:
            moment = datetime.combine(moment.date() + timedelta(days=1), policy.quiet_end, zone)
    raise ValueError("no allowed moment within 120 days")


def day_closes(day: date, zone: ZoneInfo, policy: Policy) -> datetime:
    """When a day's grace window for missed slots closes (the start of quiet hours)."""
    return datetime.combine(day, policy.quiet_start, zone)


@dataclass(frozen=True)
class Slot:
    """One nudge moment of a period: its name, the due date and when to send."""

    name: str
    period: str
    due: date
    at: datetime


def month_slots(period: Period, due_day: int, cal: WorkCalendar, policy: Policy,
                zone: ZoneInfo) -> list[Slot]:
    """The nudge slots of a monthly period, in time order."""
    due = month_due(period, due_day, cal)
    slots = []
    for name, offset in policy.offsets:
        day = cal.shift(due, offset)
        at = next_allowed(datetime.combine(day, policy.send_at, zone), cal, policy)
        slots.append(Slot(name, period_key(period), due, at))
    return sorted(slots, key=lambda s: s.at)


def quarter_slots(quarter: Quarter, days_after: int, cal: WorkCalendar, policy: Policy,
                  zone: ZoneInfo) -> list[Slot]:
    """The nudge slots of a quarterly indicator report, in time order."""
    due = quarter_due(quarter, days_after, cal)
    slots = []
    for name, offset in policy.offsets:
        day = cal.shift(due, offset)
        at = next_allowed(datetime.combine(day, policy.send_at, zone), cal, policy)
        slots.append(Slot(name, quarter.key, due, at))
    return sorted(slots, key=lambda s: s.at)


def next_working_morning(moment: datetime, cal: WorkCalendar, policy: Policy) -> datetime:
    """The send time on the working day after the moment's date (for "remind me tomorrow")."""
    day = cal.next_working(moment.date() + timedelta(days=1))
    return next_allowed(datetime.combine(day, policy.send_at, moment.tzinfo), cal, policy)
