"""The one sweep: make ready every chat whose events no live drain will take.

Run by each worker at start (everything that waits, and an earlier version's interrupted
events) and by the housekeeping timer (retries that are due, chats a dead worker left, a
ready list that does not move). Making a chat ready twice is harmless: the second drain
finds it locked or empty.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import cast

import redis

from inbox.contract import Pumping
from inbox.scripts import (
    ADOPT,
    INBOX_PATTERN,
    NUDGE,
    PROCESSING_PATTERN,
    PUMP_KEYS,
    PUMPS_KEY,
    READY,
    READY_HEAD_KEY,
    READY_KEY,
    RETRY_KEY,
    SCHEDULED_TTL_SECONDS,
    backoff_key,
    chat_of,
    inbox_key,
    lock_key,
    scheduled_key,
    script,
    swept_key,
)

log = logging.getLogger(__name__)


def sweep(conn: redis.Redis, pumping: Pumping, enqueue_pump: Callable[[str], None],
          at_start: bool = False, quiet_seconds: int = 10) -> int:
    """Make ready the chats that wait and queue a pump if none will take them; how many.

    at_start: every chat with events that is neither held nor backing off (a worker starting
    after a crash cannot tell a live pump's ready chat from a dead one's); otherwise only
    stalled chats, each at most once per quiet time.
    """
    if at_start:
        adopt_legacy_processing(conn)
        found = due_retries(conn) + [chat for chat in pending_chats(conn)
                                     if not conn.exists(lock_key(chat), backoff_key(chat))]
    else:
        found = due_retries(conn) + stalled_chats(conn, quiet_seconds)
    make_ready(conn, found, pumping.cap, pumping.lease_ms, enqueue_pump)
    nudge(conn, pumping.cap, pumping.lease_ms, enqueue_pump)
    if found:
        log.info("sweep made %d chat(s) ready", len(found))
    return len(found)


def pending_chats(conn: redis.Redis) -> list[str]:
    """Chats that have events waiting."""
    return sorted({chat_of(key) for key in conn.scan_iter(match=INBOX_PATTERN, count=500)})


def due_retries(conn: redis.Redis, now: float | None = None) -> list[str]:
    """Chats whose backoff has ended, each handed to exactly one caller."""
    due = cast(list[bytes], conn.zrangebyscore(RETRY_KEY, 0, now or time.time()))
    return [c.decode() for c in due if conn.zrem(RETRY_KEY, c)]


def stalled_chats(conn: redis.Redis, quiet_seconds: int = 10) -> list[str]:
    """Chats with waiting events and no lock holder, each at most once per quiet time.

    A worker that died mid-event leaves events behind once its short lease runs out; this
    finds them without flooding the ready list while live workers are busy.
    """
    stalled = []
    for chat in pending_chats(conn):
        if conn.exists(lock_key(chat), backoff_key(chat), scheduled_key(chat)):
            continue  # being drained, waiting for a retry, or on the ready list
        if conn.set(swept_key(chat), "1", nx=True, ex=quiet_seconds):
            stalled.append(chat)
    return stalled


def adopt_legacy_processing(conn: redis.Redis) -> int:
    """Move events left in an earlier version's processing lists back to their inboxes."""
    moved = 0
    for key in conn.scan_iter(match=PROCESSING_PATTERN, count=500):
        chat = chat_of(key)
        moved += int(script(conn, ADOPT)(keys=[key, inbox_key(chat), lock_key(chat)]))
    return moved


def make_ready(conn: redis.Redis, chats: list[str], cap: int, lease_ms: int,
               enqueue: Callable[[str], None]) -> None:
    """Put chats on the ready list and queue a pump if no idle one will take them."""
    if not chats:
        return
    pump_id = uuid.uuid4().hex
    keys = [*PUMP_KEYS, *(scheduled_key(chat) for chat in chats)]
    if script(conn, READY)(keys=keys, args=[cap, lease_ms, pump_id, SCHEDULED_TTL_SECONDS,
                                            *chats]):
        enqueue(pump_id)


def nudge(conn: redis.Redis, cap: int, lease_ms: int, enqueue: Callable[[str], None]) -> bool:
    """Queue a pump when the ready list has not moved since the last sweep; True if queued."""
    pump_id = uuid.uuid4().hex
    if script(conn, NUDGE)(keys=[READY_KEY, PUMPS_KEY, READY_HEAD_KEY],
                           args=[int(time.time() * 1000), cap, lease_ms, pump_id]):
        log.warning("the ready list did not move since the last sweep; queued a pump")
        enqueue(pump_id)
        return True
    return False
