"""What is coming: the next reminder moments and who is registered, for operators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.periods import period_of
from reminders.planner import Clock
from reminders.workdays import Quarter, month_slots, quarter_of, quarter_slots
from storage.enums import Role
from storage.models import AgencyDueDay, Assignment


@dataclass(frozen=True)
class Upcoming:
    """One coming reminder moment: when, which slot, about what."""

    at: datetime
    slot: str
    what: str


def _next_quarter(quarter: Quarter) -> Quarter:
    return (Quarter(quarter.fiscal_year, quarter.number + 1) if quarter.number < 4
            else Quarter(quarter.fiscal_year + 1, 1))


def upcoming(session: Session, now: datetime, clock: Clock, limit: int = 6) -> list[Upcoming]:
    """The next reminder moments after now (monthly reports and quarterly indicators)."""
    today = now.astimezone(clock.zone).date()
    days = sorted({clock.policy.monthly_due_day, *session.scalars(select(AgencyDueDay.due_day))})
    found: list[Upcoming] = []
    period = period_of(today)
    for _ in range(3):
        for day in days:
            what = f"monthly report of {period.label}" + (f" (due day {day})"
                                                          if len(days) > 1 else "")
            found += [Upcoming(s.at, s.name, f"{what}, due {s.due:%a} {s.due.isoformat()}")
                      for s in month_slots(period, day, clock.cal, clock.policy, clock.zone)
                      if s.at > now]
        period = period.next()
    current = quarter_of(today)
    last = quarter_of(current.start - timedelta(days=1))
    for q in (last, current, _next_quarter(current)):
        found += [Upcoming(s.at, s.name, f"indicators of quarter {q.number}/{q.fiscal_year}, "
                                          f"due {s.due:%a} {s.due.isoformat()}")
                  for s in quarter_slots(q, clock.policy.quarter_due_days, clock.cal,
                                         clock.policy, clock.zone) if s.at > now]
    return sorted(found, key=lambda u: u.at)[:limit]


def registered(session: Session) -> dict[Role, int]:
    """How many LINE users are bound as officers and as supervisors."""
    rows = session.execute(select(Assignment.role, func.count(func.distinct(
        Assignment.line_user_id))).group_by(Assignment.role))
    return {role: int(count) for role, count in rows}
