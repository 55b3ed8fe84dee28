"""Marks of open report drafts: set when one begins, cleared when it ends, read when it is gone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import DraftMark
from storage.upsert import insert_ignore


def mark_open(session: Session, line_user_id: str, target: str, now: datetime) -> None:
    """Remember that the user has a draft open (a second mark changes nothing)."""
    session.execute(insert_ignore(session, DraftMark, ["line_user_id"]).values(
        line_user_id=line_user_id, target=target[:100], started_at=now))


def clear(session: Session, line_user_id: str) -> None:
    """The user's draft ended (submitted, cancelled or expired)."""
    session.execute(delete(DraftMark).where(DraftMark.line_user_id == line_user_id))


def take(session: Session, line_user_id: str) -> DraftMark | None:
    """The user's mark, removed: it is read only when Redis has no draft for them."""
    mark = session.scalar(select(DraftMark).where(DraftMark.line_user_id == line_user_id))
    if mark is not None:
        clear(session, line_user_id)
    return mark
