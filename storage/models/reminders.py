"""Reminder tables: working-day overrides, the delivery ledger, officers' reminder state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.coltypes import UTCDateTime, json_type, str_enum, utcnow
from storage.enums import DeliveryStatus
from storage.models.base import Base


class WorkingDayOverride(Base):
    """An admin's correction of the holiday calendar: a day off added, or a working day."""

    __tablename__ = "working_day_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgencyDueDay(Base):
    """An agency's own monthly due day, overriding MONTHLY_DUE_DAY."""

    __tablename__ = "agency_due_days"

    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    due_day: Mapped[int] = mapped_column(Integer)


class ReminderState(Base):
    """Per LINE user: reachable or not (unfollow), leave, and "remind me tomorrow"."""

    __tablename__ = "reminder_states"

    line_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leave_start: Mapped[date | None] = mapped_column(Date)
    leave_end: Mapped[date | None] = mapped_column(Date)
    snooze_period: Mapped[str | None] = mapped_column(String(16))
    snooze_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    snooze_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class NudgeRequest(Base):
    """A supervisor's "nudge the missing officers now", at most once a day per scope."""

    __tablename__ = "nudge_requests"
    __table_args__ = (UniqueConstraint("scope", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DeliveryRequest(Base):
    """One push or multicast call to LINE with its retry key, marked before and after."""

    __tablename__ = "delivery_requests"
    __table_args__ = (Index("ix_delivery_requests_status_next_attempt_at",
                            "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)
    method: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(20))
    recipients: Mapped[Any] = mapped_column(json_type())
    messages: Mapped[Any] = mapped_column(json_type())
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    accepted_request_id: Mapped[str | None] = mapped_column(String(64))
    billed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class Delivery(Base):
    """The ledger: one message per (recipient, kind, period, slot), ever."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("recipient", "kind", "period", "slot"),
                      Index("ix_deliveries_period_slot", "period", "slot"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(16))
    slot: Mapped[str] = mapped_column(String(32))
    retry_key: Mapped[str] = mapped_column(String(36))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_requests.id", ondelete="SET NULL"), index=True)
    projects: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class ChannelState(Base):
    """What the reminders remember about the LINE channel between runs: quota, pauses."""

    __tablename__ = "channel_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(json_type())
    until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
