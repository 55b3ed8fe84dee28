"""The contract of event delivery: the event, accept, take, finish, fail, and its outbox.

The webhook accepts; a worker's Claim on one chat takes its events one at a time, in arrival
order, and ends each with finish (done), or fail (which retries later, or dead-letters once
the retry policy gives up). An event stays first in its chat's inbox until it is finished,
so one a crashed taker held is taken again once its lease runs out. drain() is the one loop
the workers run over a claim. The outbox holds an event's decided replies from the moment
they are applied until the event is finished.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

import redis

from core.messages import Message
from inbox import retry, scripts
from inbox.lease import RENEWER
from inbox.scripts import (
    ATTEMPTS_TTL_SECONDS,
    DEAD_KEY,
    IDLE_PUMPS_KEY,
    METRICS_KEY,
    PUMPS_KEY,
    READY_KEY,
    RETRY_KEY,
    SCHEDULED_TTL_SECONDS,
    attempts_key,
    backoff_key,
    inbox_key,
    lock_key,
    outbox_key,
    scheduled_key,
    seen_key,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Accepted:
    """One event ready for the inbox: its id, its chat key, its JSON."""

    event_id: str
    chat: str
    payload: str
    event_type: str = ""
    redelivery: object = None


@dataclass(frozen=True)
class Taken:
    """An event a worker took from its chat's inbox: the event and its raw JSON."""

    chat: str
    event_id: str
    event: dict[str, Any]
    raw: bytes


def chat_key(event: dict[str, Any]) -> str:
    """The key that orders events: the user, group or room the event comes from."""
    source = event.get("source")
    if not isinstance(source, dict):
        return "unknown"
    for field in ("groupId", "roomId", "userId"):
        value = source.get(field)
        if isinstance(value, str) and value:
            return f"{field[:-2]}-{value}"
    return "unknown"


def to_accepted(event: dict[str, Any]) -> Accepted:
    """Wrap a raw LINE event for the inbox."""
    event_id = str(event.get("webhookEventId") or "")
    context = event.get("deliveryContext")
    redelivery = context.get("isRedelivery") if isinstance(context, dict) else None
    return Accepted(event_id, chat_key(event), json.dumps(event, ensure_ascii=False),
                    str(event.get("type"))[:40], redelivery)


def taken(chat: str, raw: bytes) -> Taken:
    """Read a raw inbox entry (an entry that is not an object gets an empty event)."""
    event = json.loads(raw)
    event = event if isinstance(event, dict) else {}
    return Taken(chat, str(event.get("webhookEventId") or ""), event, raw)


@dataclass(frozen=True)
class Pumping:
    """How many drain pumps may live at once, and how long a pump's lease lasts."""

    cap: int = 4
    lease_ms: int = 15000


def accept(conn: redis.Redis, events: Iterable[Accepted], seen_ttl_seconds: int,
           pumping: Pumping, pump_id: str, now_ms: int | None = None) -> tuple[int, bool]:
    """Store new events in their chats' inboxes, each once, in one atomic step.

    Returns how many were new, and whether the caller must queue the pump pump_id (a chat
    became ready and no idle pump will take it).
    """
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    keys = [READY_KEY, PUMPS_KEY, IDLE_PUMPS_KEY, METRICS_KEY]
    args: list[str | int] = [seen_ttl_seconds, SCHEDULED_TTL_SECONDS, pumping.cap,
                             pumping.lease_ms, pump_id, now_ms]
    for ev in events:
        keys.extend([seen_key(ev.event_id), inbox_key(ev.chat), scheduled_key(ev.chat)])
        args.extend([ev.chat, ev.payload])
    accepted, pumped = scripts.script(conn, scripts.ACCEPT)(keys=keys, args=args)
    return int(accepted), bool(pumped)


class Verdict(Enum):
    """What fail decided for an event."""

    RETRY_LATER = "retry_later"  # the chat waits (backoff), then the event is taken again
    DEAD = "dead"  # moved to the dead-letter list; finish it to go on with the chat


class Claim:
    """A worker's hold on one chat (its lock, with a renewed lease) while it takes events."""

    def __init__(self, conn: redis.Redis, chat: str, lease_ms: int = 15000, woken: str = "",
                 policy: retry.Backoff | None = None) -> None:
        """woken: the idle pump that took this chat off the ready list (no longer idle)."""
        self.conn, self.chat, self.lease_ms, self.woken = conn, chat, lease_ms, woken
        self.policy = policy or retry.EVENTS
        self.token = uuid.uuid4().hex
        self.holding = False
        self._keys = [lock_key(chat), backoff_key(chat), inbox_key(chat), scheduled_key(chat),
                      METRICS_KEY, IDLE_PUMPS_KEY]

    def _step(self, first: bool, finished: str) -> Taken | None:
        """One TAKE step (inbox/scripts.py): finish an event and take the next."""
        found = scripts.script(self.conn, scripts.TAKE)(
            keys=[*self._keys, outbox_key(finished)],
            args=[self.token, self.lease_ms, finished, int(first), self.woken if first else ""])
        if found[0] != 2:
            self._let_go(locked=False)
            return None
        if not self.holding:
            self.holding = True
            RENEWER.hold(self.conn, self.chat, self.token, self.lease_ms)
        return taken(self.chat, cast(bytes, found[1]))

    def take(self) -> Taken | None:
        """Lock the chat and take its first event; None if another worker holds the chat,
        it waits for a retry, or it has no event (then it is no longer scheduled)."""
        return self._step(True, "")

    def finish(self, event: Taken) -> Taken | None:
        """Finish the event (off the inbox, counted, outbox done) and take the next, in one
        step; None when the chat is empty (lock released) or no longer ours."""
        return self._step(False, event.event_id or "-")

    def fail(self, event: Taken, error: BaseException) -> Verdict:
        """Count a failed attempt; retry later, or dead-letter once the policy gives up."""
        key = attempts_key(event.event_id)
        with self.conn.pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, ATTEMPTS_TTL_SECONDS)
            pipe.hincrby(METRICS_KEY, "events_failed", 1)
            attempts = int(pipe.execute()[0])
        if self.policy.gives_up(attempts):
            self.dead_letter(event, f"{type(error).__name__} after {attempts} attempts")
            log.error("event %s moved to the dead-letter list", event.event_id, exc_info=error)
            return Verdict.DEAD
        wait = self.policy.wait(attempts)
        self.retry_later(wait)
        log.warning("event %s failed (attempt %d); retry in %d s", event.event_id, attempts, wait,
                    exc_info=error)
        return Verdict.RETRY_LATER

    def retry_later(self, seconds: int) -> None:
        """Leave the first event where it is and let the chat go until the wait is over (the
        sweep makes it ready again then)."""
        with self.conn.pipeline() as pipe:
            pipe.hincrby(METRICS_KEY, "events_retried", 1)
            pipe.set(backoff_key(self.chat), "1", ex=seconds)
            pipe.zadd(RETRY_KEY, {self.chat: time.time() + seconds})
            pipe.delete(scheduled_key(self.chat))
            pipe.execute()
        self.release()

    def dead_letter(self, event: Taken, error: str) -> None:
        """Copy the event to the dead-letter list; finish it to go on with the chat."""
        self.conn.hincrby(METRICS_KEY, "events_dead_lettered", 1)
        # Read back by inbox/deadletters.py (the chat's field keeps its earlier name).
        self.conn.rpush(DEAD_KEY, json.dumps({"event": json.loads(event.raw), "conversation":
                                              self.chat, "buried_at": time.time(),
                                              "error": error[:200]}, ensure_ascii=False))

    def release(self) -> None:
        """Let the chat go (its lock too, if still ours)."""
        self._let_go(locked=self.holding)

    def _let_go(self, locked: bool) -> None:
        """Stop renewing the lease; delete the lock when it may still be ours."""
        RENEWER.drop(self.chat, self.token)
        self.holding = False
        if locked:
            with contextlib.suppress(redis.RedisError):
                scripts.script(self.conn, scripts.RELEASE)(keys=[lock_key(self.chat)],
                                                           args=[self.token])


LEASE_SECONDS = 15.0
Handler = Callable[[dict[str, Any]], None]


def drain(conn: redis.Redis, chat: str, handle: Handler, lease: float = LEASE_SECONDS,
          woken: str = "") -> int:
    """Handle every event waiting in a chat's inbox, one at a time; return how many.

    Returns at once when another worker holds the chat (it drains what we leave) or when its
    first event waits for a retry (the sweep makes it ready again). An event that raises is
    failed (retried later, or dead-lettered and counted as handled); woken: the pump that was
    idle until it took this chat.
    """
    claim = Claim(conn, chat, int(lease * 1000), woken)
    handled = 0
    try:
        event = claim.take()
        while event is not None:
            try:
                handle(event.event)
            except Exception as exc:
                if claim.fail(event, exc) is Verdict.RETRY_LATER:
                    return handled
            handled += 1
            event = claim.finish(event)
        return handled
    finally:
        claim.release()


# The outbox. Written with the draft in one transaction, it is also the mark that an event's
# effects reached Redis: on a retry it says the answer may already have gone out. The drain
# replaces it with "done" in the step that finishes the event (TAKE), so a late duplicate of a
# finished event is recognised and nothing of it is applied or sent again.
OUTBOX_TTL_SECONDS = 2 * 24 * 3600
OUTBOX_DONE = "done"


class Outbox(Enum):
    """Where an event stands in Redis."""

    MISSING = "missing"  # its effects never reached Redis (or it had none)
    PENDING = "pending"  # applied; its answer may or may not have gone out
    DONE = "done"  # finished: taken off its inbox


def put_outbox(pipe: Any, event_id: str, messages: list[Message]) -> None:
    """Remember the replies for an event (inside the transaction that applies its effects)."""
    pipe.set(outbox_key(event_id), json.dumps(messages, ensure_ascii=False),
             ex=OUTBOX_TTL_SECONDS)


def read_outbox(conn: redis.Redis, event_id: str) -> tuple[Outbox, list[Message]]:
    """An event's state, and the replies still to send when it is pending."""
    raw = cast(bytes | None, conn.get(outbox_key(event_id)))
    if raw is None:
        return Outbox.MISSING, []
    if raw == OUTBOX_DONE.encode():
        return Outbox.DONE, []
    return Outbox.PENDING, list(json.loads(raw))
