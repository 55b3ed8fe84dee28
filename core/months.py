"""Which months a project owes a report for, and which are missing: the one rule every view uses.

A project reports once for each calendar month it runs (its reporting month, stored with the
report, not inferred from the day it was filed). At a given day:

- the months it runs are those from its start to its end (the fiscal year's when not printed),
  up to today's month, and none after the month whose report reached 100 % for good;
- a month with a report is *reported*;
- a month without one is *missing* (late) once its due day has passed, and *open* until then;
- a project is *closed* (ปิดโครงการแล้ว) when it reached 100 % and its end date has passed; it
  takes no more reports, so it owes none: nothing of it is missing or open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from core.periods import Period, fiscal_year_end, fiscal_year_start, period_of

FULL = Decimal(100)


@dataclass(frozen=True)
class Months:
    """A project's reporting months as they stand on one day."""

    expected: tuple[Period, ...]  # months it runs, up to today's, not after it was done
    reported: frozenset[Period]
    missing: tuple[Period, ...]  # expected, no report, due day passed: late
    open: tuple[Period, ...]  # expected, no report, not due yet
    done: Period | None  # the month whose report reached 100 % (and stayed there)
    closed: bool  # done and past its end date: takes no more reports

    @property
    def late(self) -> bool:
        """True when at least one month is missing."""
        return bool(self.missing)

    @property
    def first_missing(self) -> Period | None:
        """The earliest missing month, if any."""
        return self.missing[0] if self.missing else None

    def owed(self) -> tuple[Period, ...]:
        """Months a report can still be filed for now: missing ones, then open ones."""
        return self.missing + self.open


def months_between(first: date, last: date) -> list[Period]:
    """The calendar months from first's to last's, both included (none when last < first)."""
    return list(_months_between(first.replace(day=1), last.replace(day=1)))


@lru_cache(maxsize=1024)
def _months_between(first: date, last: date) -> tuple[Period, ...]:
    """months_between of two first days (most projects share their span: computed once)."""
    months: list[Period] = []
    current, stop = period_of(first), period_of(last)
    while current <= stop:
        months.append(current)
        current = current.next()
    return tuple(months)


def done_month(reports: Iterable[tuple[Period, Decimal]]) -> Period | None:
    """The first month from which every report is at 100 %, when the latest one is."""
    done: Period | None = None
    for period, progress in sorted(reports):
        done = (done or period) if progress >= FULL else None
    return done


def project_months(start: date, end: date, reports: Iterable[tuple[Period, Decimal]],
                   today: date, due: Callable[[Period], date]) -> Months:
    """A project's months on `today`: start and end of its work, its reports as (month,
    cumulative progress), and the due date of a month (the agency's due day, working days)."""
    reports = list(reports)
    reported = frozenset(period for period, _ in reports)
    done = done_month(reports)
    last = min(end, today)
    expected = tuple(p for p in months_between(start, last) if done is None or p <= done)
    closed = done is not None and end < today
    unreported = [] if closed else [p for p in expected if p not in reported]
    missing = tuple(p for p in unreported if due(p) < today)
    still_open = tuple(p for p in unreported if due(p) >= today)
    return Months(expected, reported, missing, still_open, done, closed)


def work_span(start: date | None, end: date | None, fiscal_year: int) -> tuple[date, date]:
    """A project's first and last day of work: as printed, else its fiscal year's."""
    return (start or fiscal_year_start(fiscal_year), end or fiscal_year_end(fiscal_year))
