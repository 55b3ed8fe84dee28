"""Worker-side idempotency for webhook events.

Both statements run on every event, so they are built once per dialect and run on the
session's connection: the ORM's execute path cost 0.87 ms of CPU an event for the two, this
0.31 ms (docs/BENCHMARKS.md, issue 22).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, bindparam, delete, update
from sqlalchemy.orm import Session

from storage.coltypes import utcnow
from storage.models import ProcessedEvent
from storage.upsert import insert_ignore

_BUILT: dict[str, tuple[Executable, Executable]] = {}


def _for(session: Session) -> tuple[Executable, Executable]:
    """The claim (INSERT … ON CONFLICT DO NOTHING RETURNING) and the effects UPDATE for the
    session's database, built the first time it is asked."""
    dialect = session.get_bind().dialect.name
    if dialect not in _BUILT:
        claim = (insert_ignore(session, ProcessedEvent, ["webhook_event_id"])
                 .values(webhook_event_id=bindparam("event_id"), handled_at=bindparam("at"))
                 .returning(ProcessedEvent.webhook_event_id))
        effects = (update(ProcessedEvent)
                   .where(ProcessedEvent.webhook_event_id == bindparam("event_id"))
                   .values(effects=bindparam("effects")))
        _BUILT[dialect] = (claim, effects)
    return _BUILT[dialect]


def mark_processed(session: Session, webhook_event_id: str) -> bool:
    """Record the event as handled; False if it already was (safe under concurrency)."""
    claim, _ = _for(session)
    row = session.connection().execute(claim, {"event_id": webhook_event_id, "at": utcnow()})
    return row.first() is not None


def record_effects(session: Session, webhook_event_id: str, effects: dict[str, Any]) -> None:
    """Store, in the transaction that handled the event, what must happen after it commits."""
    _, store = _for(session)
    session.connection().execute(store, {"event_id": webhook_event_id, "effects": effects})


def purge_processed(session: Session, older_than: datetime) -> int:
    """Delete processed-event rows handled before older_than (an aware datetime)."""
    stmt = delete(ProcessedEvent).where(ProcessedEvent.handled_at < older_than)
    result = cast(CursorResult[Any], session.execute(stmt))
    return result.rowcount
