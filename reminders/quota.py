"""The monthly message budget: LINE's quota, its consumption, and what the ledger billed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from urllib3.exceptions import HTTPError

from reminders.planner import DIGEST
from storage.models import DeliveryRequest

if TYPE_CHECKING:
    from linebot.v3.messaging import MessagingApi

log = logging.getLogger(__name__)


@dataclass
class Budget:
    """How many billed messages may still go out this month; nudges stop at a share of it."""

    cap: int | None
    used: int
    share: Decimal

    def allows(self, kind: str, cost: int) -> bool:
        """True when a request of this kind and cost fits."""
        if self.cap is None:
            return True
        limit = self.cap if kind == DIGEST else int(self.cap * self.share)
        return self.used + cost <= limit

    def spend(self, cost: int) -> None:
        """Count messages that went out."""
        self.used += cost


def month_start(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight on the first of now's month, in the zone."""
    local = now.astimezone(zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def billed_this_month(session: Session, now: datetime, zone: ZoneInfo) -> int:
    """Billed messages the ledger sent since the month began."""
    total = session.scalar(select(func.coalesce(func.sum(DeliveryRequest.billed), 0))
                           .where(DeliveryRequest.sent_at >= month_start(now, zone)))
    return int(total or 0)


@dataclass(frozen=True)
class LineQuota:
    """LINE's monthly cap (None when unlimited) and its approximate consumption."""

    cap: int | None
    consumed: int


def read_quota(api: MessagingApi, timeout: float) -> LineQuota | None:
    """GET /v2/bot/message/quota and /quota/consumption; None when LINE cannot be asked."""
    from linebot.v3.messaging import ApiException  # loaded with the API that raises it

    try:
        quota = api.get_message_quota(_request_timeout=timeout)
        used = api.get_message_quota_consumption(_request_timeout=timeout)
    except (ApiException, HTTPError) as exc:
        log.warning("quota not readable: %s", type(exc).__name__)
        return None
    cap = int(quota.value) if quota.type == "limited" and quota.value is not None else None
    return LineQuota(cap, int(used.total_usage or 0))


def budget(line: LineQuota | None, billed: int, share: Decimal,
           fallback_cap: int | None, since_read: int = 0) -> Budget:
    """The budget from LINE's figures and our own ledger (whichever counted more).

    LINE's consumption is read once a day: what the ledger billed since then is added to it.
    """
    if line is None:
        return Budget(fallback_cap, billed, share)
    return Budget(line.cap, max(line.consumed + since_read, billed), share)
