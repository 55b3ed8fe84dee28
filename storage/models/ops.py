"""Operational tables: audit log, processed webhook events, and marks of open drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.coltypes import UTCDateTime, json_type, utcnow
from storage.models.base import Base


class AuditLog(Base):
    """Who changed what, with JSON snapshots before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[Any] = mapped_column(json_type(), nullable=True)
    after: Mapped[Any] = mapped_column(json_type(), nullable=True)


class ProcessedEvent(Base):
    """A webhook event a worker has handled, with the effects its handling decided."""

    __tablename__ = "processed_events"

    webhook_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    effects: Mapped[Any] = mapped_column(json_type(), nullable=True)


class DraftMark(Base):
    """That a user has a report draft open (the draft itself lives in Redis).

    Written when a draft begins and removed when it ends, in the same transaction as the
    event that did it, so a draft that vanished from Redis (lost) can be told apart from one
    that never was, and the officer is told instead of answered with help.
    """

    __tablename__ = "draft_marks"

    line_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
