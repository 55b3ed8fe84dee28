"""Per-conversation inboxes in Redis: accepted once, handled one at a time, in arrival order."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any, cast

import redis
from redis.lock import Lock

from core.inbox import PREFIX, inbox_key, processing_key

log = logging.getLogger(__name__)


def lock_for(conn: redis.Redis, conversation: str, timeout: float = 120.0) -> Lock:
    """The lock that lets only one worker handle a conversation at a time."""
    return cast(Lock, conn.lock(f"{PREFIX}:lock:{conversation}", timeout=timeout,
                                blocking=False))


Handler = Callable[[dict[str, Any]], None]


def drain(conn: redis.Redis, conversation: str, handle: Handler) -> int:
    """Handle every event waiting in a conversation's inbox, one at a time; return how many."""
    handled = 0
    while True:
        lock = lock_for(conn, conversation)
        if not lock.acquire():
            return handled  # another worker holds it and will drain what we leave
        try:
            handled += _drain_locked(conn, conversation, handle, lock)
        finally:
            with contextlib.suppress(redis.exceptions.LockError):
                lock.release()
        # An event may have arrived after our last pop but while we still held the lock.
        if not conn.llen(inbox_key(conversation)):
            return handled


def _drain_locked(conn: redis.Redis, conversation: str, handle: Handler, lock: Lock) -> int:
    """Drain while holding the lock; a crash leaves the current event in the processing list."""
    handled = 0
    src, work = inbox_key(conversation), processing_key(conversation)
    while True:
        # An event left over by a worker that died is handled first.
        raw = cast(bytes | None, conn.lindex(work, 0))
        if raw is None:
            raw = cast(bytes | None, conn.lmove(src, work, "LEFT", "RIGHT"))
        if raw is None:
            return handled
        _handle_or_bury(conn, raw, handle)
        conn.lpop(work)
        lock.extend(120.0, replace_ttl=True)
        handled += 1


MAX_ATTEMPTS = 3


def _handle_or_bury(conn: redis.Redis, raw: bytes, handle: Handler) -> None:
    """Handle one event; after MAX_ATTEMPTS failures move it to the dead-letter list."""
    event = json.loads(raw)
    try:
        handle(event)
    except Exception:
        attempts_key = f"{PREFIX}:attempts:{event.get('webhookEventId', '')}"
        attempts = int(cast(int, conn.incr(attempts_key)))
        conn.expire(attempts_key, 86400)
        if attempts < MAX_ATTEMPTS:
            raise  # the job fails and RQ retries it later; the event stays first in line
        conn.rpush(f"{PREFIX}:dead", raw)
        log.exception("event %s moved to the dead-letter list", event.get("webhookEventId"))


def pending_conversations(conn: redis.Redis) -> list[str]:
    """Conversations that have events waiting or interrupted (for the sweeper)."""
    found: set[str] = set()
    for pattern in (f"{PREFIX}:inbox:*", f"{PREFIX}:processing:*"):
        for key in conn.scan_iter(match=pattern, count=500):
            name = key.decode() if isinstance(key, bytes) else str(key)
            found.add(name.split(":", 2)[2])
    return sorted(found)
