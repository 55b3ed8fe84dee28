"""Officers' reminder state: reachable or not, leave, and "remind me tomorrow"."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from storage.models import ReminderState


def state_of(session: Session, line_user_id: str) -> ReminderState:
    """The user's reminder state row, created when missing."""
    row = session.get(ReminderState, line_user_id)
    if row is None:
        row = ReminderState(line_user_id=line_user_id, snooze_count=0)
        session.add(row)
        session.flush()
    return row


def set_reachable(session: Session, line_user_id: str, reachable: bool, now: datetime) -> None:
    """Record an unfollow (unreachable since now) or a follow (reachable again)."""
    row = state_of(session, line_user_id)
    row.unreachable_since = None if reachable else (row.unreachable_since or now)


def set_leave(session: Session, line_user_id: str, start: date | None, end: date | None) -> None:
    """Record leave from start to end inclusive (None ends it)."""
    row = state_of(session, line_user_id)
    row.leave_start, row.leave_end = (start, end) if end is not None else (None, None)


def snooze(session: Session, line_user_id: str, period: str, until: datetime,
           limit: int) -> int | None:
    """Snooze the period's reminders until a moment; the count used, or None over the limit."""
    row = state_of(session, line_user_id)
    used = row.snooze_count if row.snooze_period == period else 0
    if used >= limit:
        return None
    row.snooze_period, row.snooze_until, row.snooze_count = period, until, used + 1
    return used + 1
