"""Per-conversation inboxes in Redis: accepted once, handled one at a time, in arrival order."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import redis
from redis.lock import Lock

from core.inbox import METRICS_KEY, PREFIX, inbox_key, processing_key, scheduled_key
from workers.deadletters import bury

log = logging.getLogger(__name__)


LEASE_SECONDS = 15.0


def lock_name(conversation: str) -> str:
    """Redis key of a conversation's lock."""
    return f"{PREFIX}:lock:{conversation}"


def lock_for(conn: redis.Redis, conversation: str, timeout: float = LEASE_SECONDS) -> Lock:
    """The lock that lets only one worker handle a conversation at a time (a short lease)."""
    return cast(Lock, conn.lock(lock_name(conversation), timeout=timeout, blocking=False,
                                thread_local=False))


class LeaseKeeper:
    """Renews a lock's short lease while its holder works, so a dead holder frees it soon."""

    def __init__(self, lock: Lock, lease: float = LEASE_SECONDS) -> None:
        self.lock, self.lease, self.every = lock, lease, lease / 3
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="lease-keeper")

    def __enter__(self) -> LeaseKeeper:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=self.every + 1)

    def _run(self) -> None:
        """Extend the lease until told to stop (a lost lease is logged, not fatal here)."""
        while not self.stop.wait(self.every):
            try:
                self.lock.extend(self.lease, replace_ttl=True)
            except (redis.exceptions.LockError, redis.RedisError):
                log.warning("could not renew a conversation lock")
                return


Handler = Callable[[dict[str, Any]], None]


# Take the conversation's next event: the one a crash or failure left in the processing list,
# else the oldest waiting one (moved to the processing list).  With none left, the
# conversation is no longer scheduled (the lock holder drops the flag, so the webhook makes
# it ready again with its next event).  {0}: backing off; {1}: empty; {2, raw}: an event.
TAKE_LUA = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
local raw = redis.call('LINDEX', KEYS[2], 0)
if not raw then raw = redis.call('LMOVE', KEYS[3], KEYS[2], 'LEFT', 'RIGHT') end
if not raw then
  redis.call('DEL', KEYS[4])
  return {1}
end
return {2, raw}
"""
_take_scripts: dict[int, Any] = {}


def _take(conn: redis.Redis, conversation: str) -> bytes | None:
    """The next event to handle, or None (empty, or backing off); one round trip."""
    script = _take_scripts.get(id(conn))
    if script is None:
        script = _take_scripts[id(conn)] = conn.register_script(TAKE_LUA)
    found = script(keys=[backoff_key(conversation), processing_key(conversation),
                         inbox_key(conversation), scheduled_key(conversation)])
    return cast(bytes, found[1]) if found[0] == 2 else None


def drain(conn: redis.Redis, conversation: str, handle: Handler,
          lease: float = LEASE_SECONDS) -> int:
    """Handle every event waiting in a conversation's inbox, one at a time; return how many."""
    handled = 0
    while True:
        lock = lock_for(conn, conversation, lease)
        if not lock.acquire():
            return handled  # another worker holds it and will drain what we leave
        try:
            with LeaseKeeper(lock, lease):
                handled += _drain_locked(conn, conversation, handle)
        finally:
            with contextlib.suppress(redis.exceptions.LockError):
                lock.release()
        # An event may have arrived after our last take but while we still held the lock.
        with conn.pipeline(transaction=False) as pipe:
            pipe.llen(inbox_key(conversation))
            pipe.exists(backoff_key(conversation))
            waiting, backing_off = pipe.execute()
        if not waiting or backing_off:
            return handled


def _drain_locked(conn: redis.Redis, conversation: str, handle: Handler) -> int:
    """Drain while holding the lock; a crash leaves the current event in the processing list."""
    handled = 0
    work = processing_key(conversation)
    while True:
        raw = _take(conn, conversation)
        if raw is None:
            return handled
        if not _handle_or_bury(conn, conversation, raw, handle):
            return handled
        with conn.pipeline(transaction=False) as pipe:
            pipe.lpop(work)
            pipe.hincrby(METRICS_KEY, "events_handled", 1)
            pipe.execute()
        handled += 1


MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 60
RETRY_KEY = f"{PREFIX}:retry"  # sorted set: conversation -> when its failed event is retried


def backoff_key(conversation: str) -> str:
    """Redis key present while a conversation waits before retrying its failed first event."""
    return f"{PREFIX}:backoff:{conversation}"


def _handle_or_bury(conn: redis.Redis, conversation: str, raw: bytes, handle: Handler) -> bool:
    """Handle one event; False when it failed and waits for a retry with backoff.

    Only real failures count as attempts (a drain during the backoff does not try); after
    MAX_ATTEMPTS (about three minutes of retries) the event moves to the dead-letter list.
    """
    event = json.loads(raw)
    try:
        handle(event)
        return True
    except Exception as exc:
        attempts_key = f"{PREFIX}:attempts:{event.get('webhookEventId', '')}"
        attempts = int(cast(int, conn.incr(attempts_key)))
        conn.expire(attempts_key, 86400)
        conn.hincrby(METRICS_KEY, "events_failed", 1)
        if attempts < MAX_ATTEMPTS:
            wait = min(2 ** attempts, MAX_BACKOFF_SECONDS)
            with conn.pipeline() as pipe:
                pipe.hincrby(METRICS_KEY, "events_retried", 1)
                pipe.set(backoff_key(conversation), "1", ex=wait)
                pipe.zadd(RETRY_KEY, {conversation: time.time() + wait})
                pipe.execute()
            log.warning("event %s failed (attempt %d); retry in %d s",
                        event.get("webhookEventId"), attempts, wait, exc_info=True)
            return False
        conn.hincrby(METRICS_KEY, "events_dead_lettered", 1)
        bury(conn, conversation, raw, f"{type(exc).__name__} after {attempts} attempts")
        log.exception("event %s moved to the dead-letter list", event.get("webhookEventId"))
        return True


def pending_conversations(conn: redis.Redis) -> list[str]:
    """Conversations that have events waiting or interrupted (for the sweeper)."""
    found: set[str] = set()
    for pattern in (f"{PREFIX}:inbox:*", f"{PREFIX}:processing:*"):
        for key in conn.scan_iter(match=pattern, count=500):
            name = key.decode() if isinstance(key, bytes) else str(key)
            found.add(name.split(":", 2)[2])
    return sorted(found)


def due_retries(conn: redis.Redis, now: float | None = None) -> list[str]:
    """Conversations whose backoff has ended, each handed to exactly one caller."""
    due = cast(list[bytes], conn.zrangebyscore(RETRY_KEY, 0, now or time.time()))
    return [c.decode() for c in due if conn.zrem(RETRY_KEY, c)]


def stalled_conversations(conn: redis.Redis, quiet_seconds: int = 10) -> list[str]:
    """Conversations with waiting events and no lock holder, each at most once per quiet time.

    A worker that died mid-event leaves events behind once its short lease runs out; this
    finds them without flooding the queue while live workers are busy.
    """
    stalled = []
    for conversation in pending_conversations(conn):
        if conn.exists(lock_name(conversation), backoff_key(conversation)):
            continue
        if conn.set(f"{PREFIX}:swept:{conversation}", "1", nx=True, ex=quiet_seconds):
            stalled.append(conversation)
    return stalled
