"""Send ledger requests to LINE: claim a batch, call with each retry key, confirm the batch."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
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

from core.messages import Message
from reminders.planner import DIGEST
from reminders.quota import Budget
from storage.enums import DeliveryStatus
from storage.models import DeliveryRequest

log = logging.getLogger(__name__)
KEY_WINDOW = timedelta(hours=24)
LEASE = timedelta(minutes=10)
BACKOFF = (30, 120, 600, 1800, 3600)
RATE_BACKOFF = timedelta(seconds=60)
MONTHLY_BACKOFF = timedelta(hours=1)  # a 429 for the monthly limit: try again much later
BATCH = 500


@dataclass(frozen=True)
class Job:
    """A claimed request as it goes to LINE: method, retry key, recipients, messages."""

    id: int
    method: str
    kind: str
    retry_key: str
    recipients: list[str]
    messages: list[Message]


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
    """Calls push or multicast with a retry key and a time-out, never raising (thread-safe)."""

    api: MessagingApi
    timeout: float = 10.0
    min_interval: float = 0.0
    _last: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, job: Job) -> Answer:
        """Send one request and report LINE's answer."""
        self._pace()
        try:
            if job.method == "push":
                resp = self.api.push_message_with_http_info(
                    PushMessageRequest.from_dict({"to": job.recipients[0],
                                                  "messages": job.messages}),
                    x_line_retry_key=job.retry_key, _request_timeout=self.timeout)
            else:
                resp = self.api.multicast_with_http_info(
                    MulticastRequest.from_dict({"to": job.recipients, "messages": job.messages}),
                    x_line_retry_key=job.retry_key, _request_timeout=self.timeout)
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
        """Stay under the channel's request rate, across the sending threads."""
        if self.min_interval <= 0:
            return
        with self._lock:
            slot = max(self._last + self.min_interval, time.monotonic())
            self._last = slot
        wait = slot - time.monotonic()
        if wait > 0:
            time.sleep(wait)


Sender = Callable[[Job], Answer]


@dataclass
class Outcome:
    """What one delivery run did."""

    sent: int = 0
    billed: int = 0
    retrying: int = 0
    failed: int = 0
    held_for_quota: int = 0
    rate_limited: bool = False
    paused_until: datetime | None = None
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


def _ready(now: datetime) -> Any:
    """The condition of a request that may be claimed now."""
    return (DeliveryRequest.status == DeliveryStatus.PENDING,
            DeliveryRequest.next_attempt_at <= now,
            or_(DeliveryRequest.claimed_until.is_(None), DeliveryRequest.claimed_until < now))


def claim(sessions: sessionmaker[Session], now: datetime, budget: Budget, out: Outcome,
          limit: int = BATCH) -> list[Job]:
    """Mark up to limit ready requests as being sent (before any call), digests first.

    One transaction: requests whose retry key has expired or that would break the budget are
    closed; the rest are leased with a conditional UPDATE, so a request another scheduler
    leased in between is left to it. Their cost is reserved in the budget.
    """
    order = case((DeliveryRequest.kind == DIGEST, 0), else_=1)
    with sessions.begin() as session:
        wanted: list[DeliveryRequest] = []
        while not wanted:
            rows = session.scalars(
                select(DeliveryRequest).where(*_ready(now)).order_by(order, DeliveryRequest.id)
                .limit(limit).with_for_update(skip_locked=True)).all()
            if not rows:
                return []
            for row in rows:
                if row.first_attempt_at is not None and now - row.first_attempt_at >= KEY_WINDOW:
                    row.status, row.error = DeliveryStatus.FAILED, "retry key expired (24 h)"
                    out.failed += 1
                elif not budget.allows(row.kind, len(row.recipients)):
                    row.status, row.error = DeliveryStatus.FAILED, "held back: monthly quota"
                    out.held_for_quota += 1
                else:
                    budget.spend(len(row.recipients))  # reserved; given back unless sent
                    wanted.append(row)
            session.flush()  # closed rows leave the next select
        leased = set(session.scalars(
            update(DeliveryRequest)
            .where(DeliveryRequest.id.in_([r.id for r in wanted]), *_ready(now))
            .values(claimed_until=now + LEASE, attempts=DeliveryRequest.attempts + 1)
            .returning(DeliveryRequest.id)
            .execution_options(synchronize_session=False)))
        jobs = []
        for row in wanted:
            if row.id not in leased:
                budget.spend(-len(row.recipients))
                continue
            if row.first_attempt_at is None:
                row.first_attempt_at = now
            jobs.append(Job(row.id, row.method, row.kind, row.retry_key,
                            list(row.recipients), row.messages))
    return jobs


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
        monthly = "monthly limit" in (answer.error or "")
        pause = now + timedelta(seconds=answer.retry_after or 0) + (
            MONTHLY_BACKOFF if monthly else RATE_BACKOFF)
        row.next_attempt_at = pause
        out.rate_limited = True
        out.paused_until = max(out.paused_until or pause, pause)
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


def confirm(sessions: sessionmaker[Session], results: Sequence[tuple[Job, Answer | None]],
            now: datetime, budget: Budget, out: Outcome) -> None:
    """Record a batch of answers in one transaction; unsent jobs are released untouched."""
    by_id = dict((job.id, answer) for job, answer in results)
    with sessions.begin() as session:
        rows = session.scalars(select(DeliveryRequest)
                               .where(DeliveryRequest.id.in_(list(by_id)))).all()
        for row in rows:
            answer = by_id[row.id]
            if answer is None:
                row.claimed_until, row.attempts = None, row.attempts - 1
                row.next_attempt_at = max(row.next_attempt_at, out.paused_until or now)
                budget.spend(-len(row.recipients))
                continue
            _record(row, answer, now, out)
            if row.status is not DeliveryStatus.SENT:
                budget.spend(-len(row.recipients))
            log.info("delivery request=%d method=%s status=%s", row.id, row.method,
                     answer.status if answer.status is not None else "timeout")


@dataclass
class Deliverer:
    """Sends claimed batches through a pool of threads that share one HTTP connection pool."""

    sessions: sessionmaker[Session]
    send: Sender
    threads: int = 1
    batch: int = BATCH

    def run(self, now: datetime, budget: Budget) -> Outcome:
        """Send every request ready at now, batch after batch, until none is left or LINE 429s."""
        out = Outcome()
        stop = threading.Event()

        def attempt(job: Job) -> Answer | None:
            if stop.is_set():
                return None
            answer = self.send(job)
            if answer.status == 429:
                stop.set()
            return answer

        pool = ThreadPoolExecutor(self.threads) if self.threads > 1 else None
        try:
            while not out.rate_limited:
                jobs = claim(self.sessions, now, budget, out, self.batch)
                if not jobs:
                    break
                out.requests += len(jobs)
                answers = list(pool.map(attempt, jobs) if pool else map(attempt, jobs))
                confirm(self.sessions, list(zip(jobs, answers, strict=True)), now, budget, out)
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
        return out


def deliver(sessions: sessionmaker[Session], send: Sender, now: datetime,
            budget: Budget, threads: int = 1) -> Outcome:
    """Send every ready request once: claimed in batches, sent by threads, confirmed in batches."""
    return Deliverer(sessions, send, threads).run(now, budget)
