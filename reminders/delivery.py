"""Send ledger requests to LINE: claim, call with the row's retry key, confirm or back off."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from linebot.v3.messaging import (
    ApiException,
    MessagingApi,
    MulticastRequest,
    PushMessageRequest,
)
from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker
from urllib3.exceptions import HTTPError

from reminders.planner import DIGEST
from reminders.quota import Budget
from storage.enums import DeliveryStatus
from storage.models import DeliveryRequest

log = logging.getLogger(__name__)
KEY_WINDOW = timedelta(hours=24)
LEASE = timedelta(minutes=2)
BACKOFF = (30, 120, 600, 1800, 3600)
RATE_BACKOFF = timedelta(seconds=60)
PICK = 200


@dataclass(frozen=True)
class Answer:
    """How LINE answered one call: a status (None for a time-out) and headers."""

    status: int | None
    request_id: str | None = None
    accepted_id: str | None = None
    retry_after: int | None = None
    error: str | None = None


@dataclass
class LineSender:
    """Calls push or multicast with a retry key and a time-out, never raising."""

    api: MessagingApi
    timeout: float = 10.0
    min_interval: float = 0.0
    _last: float = 0.0

    def __call__(self, row: DeliveryRequest) -> Answer:
        """Send one request and report LINE's answer."""
        self._pace()
        try:
            if row.method == "push":
                resp = self.api.push_message_with_http_info(
                    PushMessageRequest.from_dict({"to": row.recipients[0],
                                                  "messages": row.messages}),
                    x_line_retry_key=row.retry_key, _request_timeout=self.timeout)
            else:
                resp = self.api.multicast_with_http_info(
                    MulticastRequest.from_dict({"to": row.recipients, "messages": row.messages}),
                    x_line_retry_key=row.retry_key, _request_timeout=self.timeout)
        except ApiException as exc:
            headers: Any = exc.headers or {}
            retry_after = headers.get("Retry-After")
            return Answer(exc.status, headers.get("x-line-request-id"),
                          headers.get("x-line-accepted-request-id"),
                          int(retry_after) if str(retry_after or "").isdigit() else None,
                          str(exc.body or exc.reason)[:500])
        except (HTTPError, OSError) as exc:
            return Answer(None, error=type(exc).__name__)
        headers = resp.headers or {}
        return Answer(resp.status_code, headers.get("x-line-request-id"))

    def _pace(self) -> None:
        """Stay under the channel's request rate."""
        if self.min_interval <= 0:
            return
        wait = self._last + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()


Sender = Callable[[DeliveryRequest], Answer]


@dataclass
class Outcome:
    """What one delivery run did."""

    sent: int = 0
    billed: int = 0
    retrying: int = 0
    failed: int = 0
    held_for_quota: int = 0
    rate_limited: bool = False
    statuses: dict[str, int] = field(default_factory=dict)


def _pending(session: Session, now: datetime) -> list[int]:
    """Ids of requests ready to go, digests first."""
    order = case((DeliveryRequest.kind == DIGEST, 0), else_=1)
    return list(session.scalars(
        select(DeliveryRequest.id)
        .where(DeliveryRequest.status == DeliveryStatus.PENDING,
               DeliveryRequest.next_attempt_at <= now,
               or_(DeliveryRequest.claimed_until.is_(None),
                   DeliveryRequest.claimed_until < now))
        .order_by(order, DeliveryRequest.id).limit(PICK)))


def _claim(session: Session, rid: int, now: datetime) -> bool:
    """Mark a request as being sent (before the call); False when another worker has it."""
    result = session.execute(
        update(DeliveryRequest)
        .where(DeliveryRequest.id == rid, DeliveryRequest.status == DeliveryStatus.PENDING,
               or_(DeliveryRequest.claimed_until.is_(None),
                   DeliveryRequest.claimed_until < now))
        .values(claimed_until=now + LEASE, attempts=DeliveryRequest.attempts + 1))
    return bool(getattr(result, "rowcount", 0))


def _record(row: DeliveryRequest, answer: Answer, now: datetime, out: Outcome) -> None:
    """Confirm, schedule a retry, or give up, from LINE's answer."""
    status = answer.status
    row.last_status, row.claimed_until = status, None
    label = str(status) if status is not None else "timeout"
    out.statuses[label] = out.statuses.get(label, 0) + 1
    if status is not None and (200 <= status < 300 or status == 409):
        row.status, row.sent_at = DeliveryStatus.SENT, now
        row.accepted_request_id = answer.accepted_id or answer.request_id
        row.billed, row.error = len(row.recipients), None
        out.sent += 1
        out.billed += row.billed
        return
    row.error = answer.error
    first = row.first_attempt_at or now
    if status == 429:
        row.next_attempt_at = now + timedelta(seconds=answer.retry_after or 0) + RATE_BACKOFF
        out.rate_limited = True
        out.retrying += 1
        return
    if status is None or status >= 500:
        delay = timedelta(seconds=BACKOFF[min(row.attempts, len(BACKOFF)) - 1])
        if now + delay - first < KEY_WINDOW:
            row.next_attempt_at = now + delay
            out.retrying += 1
            return
        row.error = f"gave up after 24 h ({label})"
    row.status = DeliveryStatus.FAILED
    out.failed += 1


def deliver(sessions: sessionmaker[Session], send: Sender, now: datetime,
            budget: Budget) -> Outcome:
    """Send every ready request once (each claimed, called, recorded in its own commit)."""
    out = Outcome()
    seen: set[int] = set()
    while not out.rate_limited:
        with sessions.begin() as session:
            ids = [i for i in _pending(session, now) if i not in seen]
        if not ids:
            break
        for rid in ids:
            seen.add(rid)
            if not _one(sessions, rid, send, now, budget, out):
                break
    return out


def _one(sessions: sessionmaker[Session], rid: int, send: Sender, now: datetime,
         budget: Budget, out: Outcome) -> bool:
    """Deliver one request; False when LINE asks us to slow down."""
    with sessions.begin() as session:
        row = session.get(DeliveryRequest, rid)
        if row is None or row.status is not DeliveryStatus.PENDING:
            return True
        if row.first_attempt_at is not None and now - row.first_attempt_at >= KEY_WINDOW:
            row.status, row.error = DeliveryStatus.FAILED, "retry key expired (24 h)"
            out.failed += 1
            return True
        cost = len(row.recipients)
        if not budget.allows(row.kind, cost):
            row.status, row.error = DeliveryStatus.FAILED, "held back: monthly quota"
            out.held_for_quota += 1
            return True
        if not _claim(session, rid, now):
            return True
        if row.first_attempt_at is None:
            row.first_attempt_at = now
    with sessions() as session:
        row = session.get(DeliveryRequest, rid)
        assert row is not None
        snapshot = DeliveryRequest(id=row.id, method=row.method, retry_key=row.retry_key,
                                   recipients=list(row.recipients), messages=row.messages)
    answer = send(snapshot)
    with sessions.begin() as session:
        row = session.get(DeliveryRequest, rid)
        assert row is not None
        session.refresh(row)
        _record(row, answer, now, out)
        if row.status is DeliveryStatus.SENT:
            budget.spend(row.billed)
    log.info("delivery request=%d method=%s status=%s", rid, row.method,
             answer.status if answer.status is not None else "timeout")
    return not out.rate_limited
