"""When each month's report is due, per agency: the calendar and due days core.months needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.months import Months, project_months, work_span
from core.periods import Period
from reminders.policy import Policy
from reminders.workdays import WorkCalendar, build_calendar, month_due
from storage.models import AgencyDueDay, WorkingDayOverride

YEARS_BACK = 4  # printouts of finished projects reach a few years back


@dataclass
class DueDates:
    """The due date of any month for any agency (the agency's due day on a working day)."""

    cal: WorkCalendar
    default_day: int
    agency_days: Mapping[int, int]
    _memo: dict[tuple[Period, int], date] = field(default_factory=dict, repr=False)

    def due_day(self, agency_id: int) -> int:
        """The agency's due day of the month (the policy's when it set none)."""
        return self.agency_days.get(agency_id, self.default_day)

    def of(self, agency_id: int) -> Callable[[Period], date]:
        """The due date of a month, for one agency's projects."""
        day = self.due_day(agency_id)

        def due(period: Period) -> date:
            key = (period, day)
            found = self._memo.get(key)
            if found is None:
                found = self._memo[key] = month_due(period, day, self.cal)
            return found

        return due

    def months(self, agency_id: int, start: date | None, end: date | None, fiscal_year: int,
               reports: Iterable[tuple[Period, Decimal]], today: date) -> Months:
        """A project's reporting months on today (core.months, with this agency's due dates)."""
        first, last = work_span(start, end, fiscal_year)
        return project_months(first, last, reports, today, self.of(agency_id))


def load_due_dates(session: Session, policy: Policy, today: date,
                   calendar: WorkCalendar | None = None) -> DueDates:
    """Due days of every agency and the working calendar around today, read in two queries."""
    if calendar is None:
        added, removed = load_overrides(session)
        calendar = build_calendar(range(today.year - YEARS_BACK, today.year + 2), added, removed)
    days = {agency: day for agency, day in
            session.execute(select(AgencyDueDay.agency_id, AgencyDueDay.due_day))}
    return DueDates(calendar, policy.monthly_due_day, days)


def load_overrides(session: Session) -> tuple[dict[date, str], list[date]]:
    """The admin's added days off (with names) and days turned into working days."""
    added: dict[date, str] = {}
    removed: list[date] = []
    for row in session.scalars(select(WorkingDayOverride)):
        if row.working:
            removed.append(row.day)
        else:
            added[row.day] = row.name or "วันหยุด"
    return added, removed
