"""Send ledger requests to LINE: claim a batch, call with each retry key, confirm the batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Table, bindparam, func, literal, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

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
BATCH = 1000


@dataclass(frozen=True)
class Job:
    """A claimed request as it goes to LINE, with what confirming it needs to know.

    `messages` is the ledger's JSON text, put into the request body as it is (never parsed).
    """

    id: int
    method: str
    kind: str
    retry_key: str
    recipients: list[str]
    messages: str
    attempts: int
    first_attempt_at: datetime
    next_attempt_at: datetime


def call_of(job: Job) -> Call:
    """The LINE request a claimed job stands for, with its ledger retry key."""
    if job.method == "push":
        return calls.push_raw(job.recipients[0], job.messages, job.retry_key)
    return calls.multicast_raw(job.recipients, job.messages, job.retry_key)


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


def _closing(row: Any, now: datetime, budget: Budget, out: Outcome) -> str | None:
    """Why a ready request must be closed instead of sent (None: it may go; cost reserved)."""
    if row.first_attempt_at is not None and now - row.first_attempt_at >= KEY_WINDOW:
        out.failed += 1
        return "retry key expired (24 h)"
    if not budget.allows(row.kind, len(row.recipients)):
        out.held_for_quota += 1
        return "held back: monthly quota"
    budget.spend(len(row.recipients))  # reserved; given back unless sent
    return None


def _ready_rows(session: Session, columns: Sequence[Any], now: datetime, limit: int,
                digests_first: bool) -> list[Any]:
    """Up to limit ready requests, locked: digests first (when asked), then the longest due.

    The rest are read in the order of the (status, next_attempt_at) index, so each select stops
    after `limit` rows instead of sorting every ready request of a 100,000-request slot for
    every batch; finding the digests scans the ready requests, so a run does it once.
    """
    r = DeliveryRequest
    rows: list[Any] = []
    if digests_first:
        rows += session.execute(select(*columns).where(*_ready(now), r.kind == DIGEST)
                                .order_by(r.id).limit(limit)
                                .with_for_update(skip_locked=True)).all()
    if len(rows) < limit:
        rows += session.execute(select(*columns).where(*_ready(now), r.kind != DIGEST)
                                .order_by(r.next_attempt_at).limit(limit - len(rows))
                                .with_for_update(skip_locked=True)).all()
    return rows


def claim(sessions: sessionmaker[Session], now: datetime, budget: Budget, out: Outcome,
          limit: int = BATCH, digests_first: bool = True) -> list[Job]:
    """Mark up to limit ready requests as being sent (before any call), digests first.

    One transaction: requests whose retry key has expired or that would break the budget are
    closed; the rest are leased with a conditional UPDATE, so a request another scheduler
    leased in between is left to it. Their cost is reserved in the budget. Plain statements
    on the columns needed, no ORM objects: a slot of per-officer cards is 100,000 requests.
    """
    r = DeliveryRequest
    columns = (r.id, r.method, r.kind, r.retry_key, r.recipients,
               sa.cast(r.messages, sa.Text).label("messages"), r.attempts, r.first_attempt_at,
               r.next_attempt_at)
    with sessions.begin() as session:
        wanted: list[Any] = []
        while not wanted:
            rows = _ready_rows(session, columns, now, limit, digests_first)
            if not rows:
                return []
            closed: list[dict[str, Any]] = []
            for row in rows:
                why = _closing(row, now, budget, out)
                if why is None:
                    wanted.append(row)
                else:
                    closed.append({"id_": row.id, "status": DeliveryStatus.FAILED,
                                   "error": why})
            if closed:  # they leave the next select
                session.execute(_by_id(closed[0]), closed)
        first = literal(now, r.first_attempt_at.type)
        leased = set(session.scalars(
            update(r).where(r.id.in_([row.id for row in wanted]), *_ready(now))
            .values(claimed_until=now + LEASE, attempts=r.attempts + 1,
                    first_attempt_at=func.coalesce(r.first_attempt_at, first))
            .returning(r.id).execution_options(synchronize_session=False)))
        jobs = []
        for row in wanted:
            if row.id not in leased:
                budget.spend(-len(row.recipients))
                continue
            jobs.append(Job(row.id, row.method, row.kind, row.retry_key, list(row.recipients),
                            row.messages, row.attempts + 1, row.first_attempt_at or now,
                            row.next_attempt_at))
    return jobs


def _record(job: Job, answer: Answer, now: datetime, out: Outcome) -> dict[str, Any]:
    """The row's new values from LINE's answer: confirmed, retried later, or given up."""
    values: dict[str, Any] = {
        "id_": job.id, "status": DeliveryStatus.PENDING, "last_status": answer.status,
        "claimed_until": None, "next_attempt_at": job.next_attempt_at, "sent_at": None,
        "accepted_request_id": None, "billed": 0, "error": answer.error}
    out.statuses[answer.label] = out.statuses.get(answer.label, 0) + 1
    if answer.accepted:
        values.update(status=DeliveryStatus.SENT, sent_at=now, billed=len(job.recipients),
                      accepted_request_id=answer.accepted_id or answer.request_id, error=None)
        out.sent += 1
        out.billed += len(job.recipients)
        return values
    if answer.rate_limited:
        pause = now + rate_pause(answer.retry_after, answer.monthly_limit)
        values["next_attempt_at"] = pause
        out.rate_limited = True
        out.paused_until = max(out.paused_until or pause, pause)
        out.retrying += 1
        return values
    if answer.retriable:
        delay = timedelta(seconds=BACKOFF.delay(job.attempts))
        if now + delay - job.first_attempt_at < KEY_WINDOW:
            values["next_attempt_at"] = now + delay
            out.retrying += 1
            return values
        values["error"] = f"gave up after 24 h ({answer.label})"
    values["status"] = DeliveryStatus.FAILED
    out.failed += 1
    return values


def confirm(sessions: sessionmaker[Session], results: Sequence[tuple[Job, Answer | None]],
            now: datetime, budget: Budget, out: Outcome) -> None:
    """Record a batch of answers in one transaction; unsent jobs are released untouched."""
    answered: list[dict[str, Any]] = []
    released: list[dict[str, Any]] = []
    for job, answer in results:
        if answer is None:
            released.append({"id_": job.id, "claimed_until": None, "attempts": job.attempts - 1,
                             "next_attempt_at": max(job.next_attempt_at,
                                                    out.paused_until or now)})
            budget.spend(-len(job.recipients))
            continue
        values = _record(job, answer, now, out)
        answered.append(values)
        if values["status"] is not DeliveryStatus.SENT:
            budget.spend(-len(job.recipients))
        log.info("delivery request=%d method=%s status=%s", job.id, job.method, answer.label)
    with sessions.begin() as session:
        for batch in (answered, released):
            if batch:
                session.execute(_by_id(batch[0]), batch)


def _by_id(example: dict[str, Any]) -> Any:
    """An UPDATE of one row by its id, for executemany with dicts shaped like example (a plain
    statement: the ORM's bulk update by primary key cost ~80 µs a row more)."""
    table = cast(Table, DeliveryRequest.__table__)
    return (update(table).where(table.c.id == bindparam("id_"))
            .values({name: bindparam(name) for name in example if name != "id_"}))


@dataclass
class Deliverer:
    """Sends claimed batches through the outbound client while the next batch is claimed."""

    sessions: sessionmaker[Session]
    send: Sender
    batch: int = BATCH

    def run(self, now: datetime, budget: Budget) -> Outcome:
        """Send every request ready at now, batch after batch, until none is left or LINE 429s.

        While one batch is with LINE, the next one is claimed; as soon as LINE has answered
        it, the next one goes out and this one is confirmed: LINE waits only while a batch's
        calls are built.
        """
        out = Outcome()
        with ThreadPoolExecutor(1, thread_name_prefix="deliver") as pool:
            jobs = claim(self.sessions, now, budget, out, self.batch)  # digests first
            sending = self._start(pool, jobs, out) if jobs else None
            while sending is not None:
                upcoming = claim(self.sessions, now, budget, out, self.batch,
                                 digests_first=False)
                answers = sending.result()
                stop = any(a is None or a.rate_limited for a in answers)  # LINE asked to wait
                sending = self._start(pool, upcoming, out) if upcoming and not stop else None
                confirm(self.sessions, list(zip(jobs, answers, strict=True)), now, budget, out)
                if stop and upcoming:  # the next batch goes back unsent
                    confirm(self.sessions, [(job, None) for job in upcoming], now, budget, out)
                jobs = upcoming
        return out

    def _start(self, pool: ThreadPoolExecutor, jobs: list[Job],
               out: Outcome) -> Future[list[Answer | None]]:
        """Hand a batch to the sending thread."""
        out.requests += len(jobs)
        return pool.submit(self.send, [call_of(job) for job in jobs])


def deliver(sessions: sessionmaker[Session], send: Sender, now: datetime,
            budget: Budget) -> Outcome:
    """Send every ready request once: claimed in batches, sent at once, confirmed in batches."""
    return Deliverer(sessions, send).run(now, budget)
