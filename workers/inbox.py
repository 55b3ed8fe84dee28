"""Per-conversation inboxes in Redis: accepted once, handled one at a time, in arrival order."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import redis
from redis.lock import Lock

PREFIX = "tidtam"
log = logging.getLogger(__name__)

# Accept each event once: mark its webhookEventId as seen and append it to its
# conversation's inbox, in one atomic step.  ARGV: ttl, then (id, key, payload)*.
ACCEPT_LUA = """
local ttl = tonumber(ARGV[1])
local accepted = 0
for i = 2, #ARGV, 3 do
  local id, key, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('SET', KEYS[1] .. ':seen:' .. id, '1', 'NX', 'EX', ttl) then
    redis.call('RPUSH', KEYS[1] .. ':inbox:' .. key, payload)
    accepted = accepted + 1
  end
end
return accepted
"""


@dataclass(frozen=True)
class Accepted:
    """One event ready for the inbox: its id, its conversation key, its JSON."""

    event_id: str
    conversation: str
    payload: str


def conversation_key(event: dict[str, Any]) -> str:
    """The key that orders events: the user, group or room the event comes from."""
    source = event.get("source") or {}
    for field in ("groupId", "roomId", "userId"):
        value = source.get(field)
        if isinstance(value, str) and value:
            return f"{field[:-2]}-{value}"
    return "unknown"


def to_accepted(event: dict[str, Any]) -> Accepted:
    """Wrap a raw LINE event for the inbox."""
    event_id = str(event.get("webhookEventId") or "")
    return Accepted(event_id, conversation_key(event), json.dumps(event, ensure_ascii=False))


def inbox_key(conversation: str) -> str:
    """Redis list holding events not yet taken by a worker."""
    return f"{PREFIX}:inbox:{conversation}"


def processing_key(conversation: str) -> str:
    """Redis list holding the event a worker is handling now (for crash recovery)."""
    return f"{PREFIX}:processing:{conversation}"


def lock_for(conn: redis.Redis, conversation: str, timeout: float = 120.0) -> Lock:
    """The lock that lets only one worker handle a conversation at a time."""
    return cast(Lock, conn.lock(f"{PREFIX}:lock:{conversation}", timeout=timeout,
                                blocking=False))


def accept_script(conn: redis.Redis) -> Any:
    """Register the accept script on a connection."""
    return conn.register_script(ACCEPT_LUA)


def accept_args(events: Iterable[Accepted], ttl_seconds: int) -> list[str | int]:
    """Flatten events into the accept script's ARGV."""
    args: list[str | int] = [ttl_seconds]
    for ev in events:
        args.extend([ev.event_id, ev.conversation, ev.payload])
    return args


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
