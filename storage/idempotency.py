"""Worker-side idempotency for webhook events."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.orm import Session

from storage.coltypes import utcnow
from storage.models import ProcessedEvent
from storage.upsert import insert_ignore


def mark_processed(session: Session, webhook_event_id: str) -> bool:
    """Record the event as handled; False if it already was (safe under concurrency)."""
    stmt = (
        insert_ignore(session, ProcessedEvent, ["webhook_event_id"])
        .values(webhook_event_id=webhook_event_id, handled_at=utcnow())
        .returning(ProcessedEvent.webhook_event_id)
    )
    return session.execute(stmt).first() is not None


def record_effects(session: Session, webhook_event_id: str, effects: dict[str, Any]) -> None:
    """Store, in the transaction that handled the event, what must happen after it commits."""
    session.execute(update(ProcessedEvent)
                    .where(ProcessedEvent.webhook_event_id == webhook_event_id)
                    .values(effects=effects))


def purge_processed(session: Session, older_than: datetime) -> int:
    """Delete processed-event rows handled before older_than (an aware datetime)."""
    stmt = delete(ProcessedEvent).where(ProcessedEvent.handled_at < older_than)
    result = cast(CursorResult[Any], session.execute(stmt))
    return result.rowcount
