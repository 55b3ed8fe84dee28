"""A digest of everything a tick's plan depends on, so an unchanged minute is not planned again."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reminders.planner import Clock, candidate_periods
from reminders.quarterly import candidate_quarters
from reminders.workdays import month_slots, quarter_slots
from storage.models import (
    AgencyDueDay,
    Assignment,
    Indicator,
    IndicatorQuarterReport,
    LineUser,
    ProgressReport,
    Project,
    ReminderState,
    WorkingDayOverride,
)


def open_slots(session: Session, now: datetime, clock: Clock) -> list[str]:
    """Keys of the monthly and quarterly slots open at now."""
    days = sorted({clock.policy.monthly_due_day, *session.scalars(select(AgencyDueDay.due_day))})
    keys = [f"{s.period}/{s.name}/{s.due}" for period in candidate_periods(now, clock.zone)
            for day in days
            for s in month_slots(period, day, clock.cal, clock.policy, clock.zone)
            if clock.open(s.at, now)]
    keys += [f"{s.period}/{s.name}/{s.due}" for q in candidate_quarters(now, clock)
             for s in quarter_slots(q, clock.policy.quarter_due_days, clock.cal, clock.policy,
                                    clock.zone) if clock.open(s.at, now)]
    return keys


def fingerprint(session: Session, now: datetime, clock: Clock) -> str:
    """A hash of the day, the open slots, the policy and the state of every table planned from.

    Counts, largest ids and latest change times: any report filed, binding made, leave,
    snooze or unfollow, project, indicator or calendar change moves it; so does a snooze
    coming due.
    """
    stats = [
        select(func.count(ProgressReport.id), func.max(ProgressReport.id),
               func.max(ProgressReport.submitted_at)),
        select(func.count(Project.id), func.max(Project.id), func.max(Project.updated_at)),
        select(func.count(Assignment.id), func.max(Assignment.id)),
        select(func.count(LineUser.id), func.max(LineUser.id)),
        select(func.count(), func.max(ReminderState.updated_at)).select_from(ReminderState),
        select(func.count()).select_from(ReminderState).where(
            ReminderState.snooze_until <= now),
        select(func.count(), func.sum(AgencyDueDay.due_day)).select_from(AgencyDueDay),
        select(func.count(), func.max(WorkingDayOverride.created_at))
        .select_from(WorkingDayOverride),
        select(func.count(Indicator.id), func.max(Indicator.updated_at)),
        select(func.count(IndicatorQuarterReport.id), func.max(IndicatorQuarterReport.id),
               func.max(IndicatorQuarterReport.submitted_at)),
    ]
    parts = [now.astimezone(clock.zone).date().isoformat(), repr(clock.policy),
             *open_slots(session, now, clock)]
    parts += [repr(tuple(session.execute(stmt).one())) for stmt in stats]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
