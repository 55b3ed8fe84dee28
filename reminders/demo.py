"""The demo agency bound to a chat user, so a newcomer can see a reminder arrive."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from core.periods import period_of
from reminders.due import load_due_dates
from reminders.policy import Policy
from storage.demo import bind_officer, demo_agency


def this_month_due(session: Session, policy: Policy, today: date) -> date:
    """The demo agency's due date of today's month (the policy's day on a working day)."""
    agency = demo_agency(session)
    due = load_due_dates(session, policy, today)
    return due.of(agency.id if agency is not None else 0)(period_of(today))


def ensure_demo(session: Session, line_user_id: str, today: date, policy: Policy) -> list[int]:
    """The demo's officer projects, the user bound to them (the demo loaded if missing)."""
    return bind_officer(session, line_user_id, today, this_month_due(session, policy, today))
