"""Per-conversation inboxes in Redis: accepted once, handled one at a time, in arrival order."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, cast

import redis

from core.inbox import IDLE_PUMPS_KEY, METRICS_KEY, PREFIX, inbox_key, scheduled_key
from workers import outbox
from workers.deadletters import bury

log = logging.getLogger(__name__)


LEASE_SECONDS = 15.0


def lock_name(conversation: str) -> str:
    """Redis key of a conversation's lock."""
    return f"{PREFIX}:lock:{conversation}"


class LeaseRenewer:
    """One thread per process renewing the leases its drains hold, so a dead holder frees
    its conversations within a lease while a live one keeps them however long LINE takes."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[redis.Redis, str, int]] = {}
        self.mutex = threading.Lock()
        self.thread: threading.Thread | None = None

    def hold(self, conn: redis.Redis, key: str, token: str, lease_ms: int) -> None:
        """Keep renewing key's lease while it holds token."""
        with self.mutex:
            self.held[key] = (conn, token, lease_ms)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="lease-renewer")
                self.thread.start()

    def drop(self, key: str, token: str) -> None:
        """Stop renewing key for the holder of token (another drain's hold is left alone)."""
        with self.mutex:
            if self.held.get(key, (None, ""))[1] == token:
                self.held.pop(key)

    def _run(self) -> None:
        """Extend every held lease each third of the shortest one (a lost one is let go)."""
        while True:
            with self.mutex:
                every = min((ms for _, _, ms in self.held.values()), default=3000) / 3000
            time.sleep(every)
            with self.mutex:
                held = dict(self.held)
            for key, (conn, token, lease_ms) in held.items():
                try:
                    scheduled = scheduled_key(key.split(":", 2)[2])
                    if not script(conn, EXTEND_LUA)(keys=[key, scheduled],
                                                     args=[token, lease_ms]):
                        self._lost(key, token)
                except redis.RedisError:
                    log.warning("could not renew a conversation lease")

    def _lost(self, key: str, token: str) -> None:
        """Forget a lease that is no longer ours (unless its drain let it go meanwhile)."""
        with self.mutex:
            if self.held.get(key, (None, ""))[1] != token:
                return
            self.held.pop(key)
        log.warning("a conversation lease was lost before it could be renewed")


# Extend a held lock, and the conversation's scheduled flag with it (so a long drain is not
# put on the ready list again meanwhile).
EXTEND_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_renewer = LeaseRenewer()


Handler = Callable[[dict[str, Any]], None]


# One step of a drain, in one round trip.  The event being handled stays at the head of the
# conversation's inbox until it is finished, so one a crash or a failure leaves behind is the
# next one taken.  The first step (ARGV[4] = 1) takes the pump that woke up for this
# conversation (ARGV[6], if any) off the idle set, takes the conversation's lock (ARGV[1] is our
# token) unless someone holds it, shortens its scheduled flag to the lease either way (the
# holder renews it with its lock; should the holder die, the sweep finds the conversation
# within a lease), and gives up while the conversation waits for a retry; later
# steps check the lock is still ours.  When ARGV[3] names the event just handled, finish it:
# off the inbox, counted, its outbox marked done.  Then take the next event; with none left,
# the conversation is no longer scheduled and the lock is released in the same step, so an
# event accepted after it makes the conversation ready again.  Returns {0}: not ours, or
# backing off (lock released and the conversation unscheduled: the sweep makes it ready
# when its retry is due); {1}: empty (lock released); {2, raw}: an event to handle.
TAKE_LUA = """
if ARGV[4] == '1' then
  if ARGV[6] ~= '' then redis.call('ZREM', KEYS[6], ARGV[6]) end
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
  if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
  if redis.call('EXISTS', KEYS[2]) == 1 then
    redis.call('DEL', KEYS[1], KEYS[4])
    return {0}
  end
elseif redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {0}
end
if ARGV[3] ~= '' then
  redis.call('LPOP', KEYS[3])
  redis.call('HINCRBY', KEYS[5], 'events_handled', 1)
  redis.call('SET', ARGV[5] .. ARGV[3], 'done', 'XX', 'KEEPTTL')
end
local raw = redis.call('LINDEX', KEYS[3], 0)
if not raw then
  redis.call('DEL', KEYS[4], KEYS[1])
  return {1}
end
return {2, raw}
"""

# Events a worker of an earlier version was handling sit in a "processing" list; put them
# back at the head of their inbox, in order (when a worker starts), unless a drain holds the
# conversation now (its finishing step pops the head): the next start adopts them.
ADOPT_LUA = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local n = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do n = n + 1 end
return n
"""
_scripts: dict[tuple[int, str], Any] = {}


def script(conn: redis.Redis, source: str) -> Any:
    """A script registered once per connection (called by SHA; loaded again on NOSCRIPT)."""
    key = (id(conn), source)
    if key not in _scripts:
        _scripts[key] = conn.register_script(source)
    return _scripts[key]


def drain(conn: redis.Redis, conversation: str, handle: Handler,
          lease: float = LEASE_SECONDS, woken: str = "") -> int:
    """Handle every event waiting in a conversation's inbox, one at a time; return how many.

    Returns at once when another worker holds the conversation (it drains what we leave) or
    when its first event waits for a retry (the sweep makes it ready again). woken: the
    pump that was idle until it took this conversation.
    """
    take = script(conn, TAKE_LUA)
    lock, token, lease_ms = lock_name(conversation), uuid.uuid4().hex, int(lease * 1000)
    keys = [lock, backoff_key(conversation), inbox_key(conversation),
            scheduled_key(conversation), METRICS_KEY, IDLE_PUMPS_KEY]
    handled, finished, holding = 0, "", False
    try:
        while True:
            found = take(keys=keys, args=[token, lease_ms, finished, int(not holding),
                                          outbox.PREFIX, "" if holding else woken])
            holding = found[0] == 2
            if not holding:
                return handled
            if not finished:
                _renewer.hold(conn, lock, token, lease_ms)
            raw = cast(bytes, found[1])
            event_id = _handle_or_bury(conn, conversation, raw, handle)
            if event_id is None:
                return handled
            finished = event_id or "-"
            handled += 1
    finally:
        _renewer.drop(lock, token)
        if holding:
            with contextlib.suppress(redis.RedisError):
                script(conn, RELEASE_LUA)(keys=[lock], args=[token])


def adopt_legacy_processing(conn: redis.Redis) -> int:
    """Move events left in an earlier version's processing lists back to their inboxes."""
    moved = 0
    for key in conn.scan_iter(match=f"{PREFIX}:processing:*", count=500):
        name = key.decode() if isinstance(key, bytes) else str(key)
        conversation = name.split(":", 2)[2]
        moved += int(script(conn, ADOPT_LUA)(keys=[name, inbox_key(conversation),
                                                    lock_name(conversation)]))
    return moved


MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 60
RETRY_KEY = f"{PREFIX}:retry"  # sorted set: conversation -> when its failed event is retried


def backoff_key(conversation: str) -> str:
    """Redis key present while a conversation waits before retrying its failed first event."""
    return f"{PREFIX}:backoff:{conversation}"


def _handle_or_bury(conn: redis.Redis, conversation: str, raw: bytes,
                    handle: Handler) -> str | None:
    """Handle one event; its id when done (or buried), None when it waits for a retry.

    Only real failures count as attempts (a drain during the backoff does not try); after
    MAX_ATTEMPTS (about three minutes of retries) the event moves to the dead-letter list.
    """
    event = json.loads(raw)
    event_id = str(event.get("webhookEventId") or "") if isinstance(event, dict) else ""
    try:
        handle(event)
        return event_id
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
                pipe.delete(scheduled_key(conversation))  # the sweep makes it ready again
                pipe.execute()
            log.warning("event %s failed (attempt %d); retry in %d s",
                        event.get("webhookEventId"), attempts, wait, exc_info=True)
            return None
        conn.hincrby(METRICS_KEY, "events_dead_lettered", 1)
        bury(conn, conversation, raw, f"{type(exc).__name__} after {attempts} attempts")
        log.exception("event %s moved to the dead-letter list", event.get("webhookEventId"))
        return event_id


def pending_conversations(conn: redis.Redis) -> list[str]:
    """Conversations that have events waiting, an interrupted one first (for the sweeper)."""
    found: set[str] = set()
    for key in conn.scan_iter(match=f"{PREFIX}:inbox:*", count=500):
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
        if conn.exists(lock_name(conversation), backoff_key(conversation),
                       scheduled_key(conversation)):
            continue  # being drained, waiting for a retry, or on the ready list
        if conn.set(f"{PREFIX}:swept:{conversation}", "1", nx=True, ex=quiet_seconds):
            stalled.append(conversation)
    return stalled
