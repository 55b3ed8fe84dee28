"""What the reminders remember about the LINE channel between runs: its quota, and a 429 pause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reminders.quota import LineQuota
from storage.models import ChannelState, DeliveryRequest
from storage.upsert import insert_ignore

QUOTA, PAUSE, PLANNED = "line_quota", "pause", "planned"


@dataclass(frozen=True)
class QuotaRead:
    """LINE's quota figures and when they were read."""

    quota: LineQuota
    read_at: datetime


def _put(session: Session, key: str, now: datetime, value: dict[str, object],
         until: datetime | None = None) -> ChannelState:
    """The row of a key, created (race-free) when missing, with its new value."""
    session.execute(insert_ignore(session, ChannelState, ["key"]),
                    [{"key": key, "value": value, "until": until, "updated_at": now}])
    row = session.get(ChannelState, key, populate_existing=True)
    assert row is not None
    row.value, row.updated_at = value, now
    return row


def paused_until(session: Session, now: datetime) -> datetime | None:
    """The end of a pause LINE asked for (a 429), when it has not passed yet."""
    row = session.get(ChannelState, PAUSE)
    if row is None or row.until is None or row.until <= now:
        return None
    return row.until


def pause(session: Session, until: datetime, now: datetime) -> None:
    """Pause every sender until a moment (kept when a later pause is already recorded)."""
    row = _put(session, PAUSE, now, {})
    row.until = max(row.until, until) if row.until is not None and row.until > now else until


def cached_quota(session: Session, now: datetime, zone: ZoneInfo) -> QuotaRead | None:
    """LINE's quota as read earlier today (local day), or None when it must be read again."""
    row = session.get(ChannelState, QUOTA)
    if row is None or row.updated_at.astimezone(zone).date() != now.astimezone(zone).date():
        return None
    if row.updated_at > now:
        return None
    cap = row.value.get("cap")
    return QuotaRead(LineQuota(None if cap is None else int(cap), int(row.value["consumed"])),
                     row.updated_at)


def store_quota(session: Session, quota: LineQuota, now: datetime) -> QuotaRead:
    """Remember LINE's quota figures as read now."""
    _put(session, QUOTA, now, {"cap": quota.cap, "consumed": quota.consumed})
    return QuotaRead(quota, now)


def billed_since(session: Session, since: datetime) -> int:
    """Billed messages the ledger sent since a moment."""
    total = session.scalar(select(func.coalesce(func.sum(DeliveryRequest.billed), 0))
                           .where(DeliveryRequest.sent_at >= since))
    return int(total or 0)


def last_planned(session: Session) -> str | None:
    """The fingerprint of the inputs the last recorded plan was made from."""
    row = session.get(ChannelState, PLANNED)
    return None if row is None else str(row.value.get("fingerprint"))


def remember_planned(session: Session, fingerprint: str, now: datetime) -> None:
    """Record that a plan made from these inputs is in the ledger."""
    _put(session, PLANNED, now, {"fingerprint": fingerprint})
