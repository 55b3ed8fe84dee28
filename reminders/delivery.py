"""Send ledger requests to LINE: claim a batch, call with each retry key, confirm the batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.messages import Message
from outbound import calls
from outbound.answer import Answer
from outbound.calls import Call
from outbound.policy import BACKOFF, KEY_WINDOW, rate_pause
from reminders.planner import DIGEST
from reminders.quota import Budget
from storage.enums import DeliveryStatus
from storage.models import DeliveryRequest

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)
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


def call_of(job: Job) -> Call:
    """The LINE request a claimed job stands for, with its ledger retry key."""
    if job.method == "push":
        return calls.push(job.recipients[0], job.messages, job.retry_key)
    return calls.multicast(job.recipients, job.messages, job.retry_key)


Sender = Callable[[Sequence[Call]], list[Answer | None]]  # None: not sent (after a 429)


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
    row.last_status, row.claimed_until = answer.status, None
    out.statuses[answer.label] = out.statuses.get(answer.label, 0) + 1
    if answer.accepted:
        row.status, row.sent_at = DeliveryStatus.SENT, now
        row.accepted_request_id = answer.accepted_id or answer.request_id
        row.billed, row.error = len(row.recipients), None
        out.sent += 1
        out.billed += row.billed
        return
    row.error = answer.error
    first = row.first_attempt_at or now
    if answer.rate_limited:
        pause = now + rate_pause(answer.retry_after, answer.monthly_limit)
        row.next_attempt_at = pause
        out.rate_limited = True
        out.paused_until = max(out.paused_until or pause, pause)
        out.retrying += 1
        return
    if answer.retriable:
        delay = timedelta(seconds=BACKOFF.delay(row.attempts))
        if now + delay - first < KEY_WINDOW:
            row.next_attempt_at = now + delay
            out.retrying += 1
            return
        row.error = f"gave up after 24 h ({answer.label})"
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
    """Sends claimed batches through the outbound client while the next batch is claimed."""

    sessions: sessionmaker[Session]
    send: Sender
    batch: int = BATCH

    def run(self, now: datetime, budget: Budget) -> Outcome:
        """Send every request ready at now, batch after batch, until none is left or LINE 429s.

        While one batch is with LINE, the previous one is confirmed and the next one claimed,
        so the database and LINE are busy at the same time.
        """
        out = Outcome()
        with ThreadPoolExecutor(1, thread_name_prefix="deliver") as pool:
            jobs = claim(self.sessions, now, budget, out, self.batch)
            while jobs:
                out.requests += len(jobs)
                sending: Future[list[Answer | None]] = pool.submit(
                    self.send, [call_of(job) for job in jobs])
                upcoming = claim(self.sessions, now, budget, out, self.batch)
                answers = sending.result()
                confirm(self.sessions, list(zip(jobs, answers, strict=True)), now, budget, out)
                if out.rate_limited or None in answers:  # LINE asked to wait
                    if upcoming:  # the next batch goes back unsent
                        confirm(self.sessions, [(job, None) for job in upcoming], now, budget,
                                out)
                    break
                jobs = upcoming
        return out


def deliver(sessions: sessionmaker[Session], send: Sender, now: datetime,
            budget: Budget) -> Outcome:
    """Send every ready request once: claimed in batches, sent at once, confirmed in batches."""
    return Deliverer(sessions, send).run(now, budget)
