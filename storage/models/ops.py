"""Operational tables: audit log, processed webhook events, push delivery log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.coltypes import UTCDateTime, json_type, str_enum, utcnow
from storage.enums import DeliveryStatus
from storage.models.base import Base


def _new_retry_key() -> str:
    """A fresh retry key (LINE's X-Line-Retry-Key is a UUID)."""
    return str(uuid.uuid4())


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


class DeliveryLog(Base):
    """One push message to deliver exactly once, keyed by an idempotency key."""

    __tablename__ = "delivery_log"
    __table_args__ = (Index("ix_delivery_log_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    line_user_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    retry_key: Mapped[str] = mapped_column(String(36), default=_new_retry_key)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
