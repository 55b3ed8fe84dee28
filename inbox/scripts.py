"""Every Redis key and Lua script of event delivery, in one place.

The keys keep the names earlier versions gave them; the scripts get them as KEYS (none is
built in Lua), each script one atomic step, called by SHA (loaded again on NOSCRIPT).
"""

from __future__ import annotations

from typing import Any

import redis

PREFIX = "tidtam"

READY_KEY = f"{PREFIX}:ready"
"""List of chats with new events, each once, in the order they became ready."""

READY_HEAD_KEY = f"{PREFIX}:ready:head"
"""The chat first on the ready list at the last sweep (to see that the list moves)."""

PUMPS_KEY = f"{PREFIX}:pumps"
"""Sorted set of live drain pumps: pump id -> lease end (ms since the epoch)."""

IDLE_PUMPS_KEY = f"{PREFIX}:pumps:idle"
"""Sorted set of pumps waiting on the ready list: pump id -> end of the wait (ms)."""

PUMP_KEYS = (READY_KEY, PUMPS_KEY, IDLE_PUMPS_KEY)
"""The keys of the pump scripts NEXT, RETIRE and READY, in their order."""

RETRY_KEY = f"{PREFIX}:retry"
"""Sorted set of chats whose failed first event is retried: chat -> when (s since the epoch)."""

DEAD_KEY = f"{PREFIX}:dead"
"""List of events that failed every retry (inbox/deadletters.py)."""

METRICS_KEY = f"{PREFIX}:metrics"
"""Hash of counters shared by every process (exposed at /metrics)."""

RESEND_KEY = f"{PREFIX}:resend"
"""Sorted set of answers LINE did not take, by when to try again (workers/resend.py)."""

OUTBOX_PREFIX = f"{PREFIX}:outbox:"
"""Followed by an event id: the event's decided replies, then "done" (inbox/contract.py)."""

SCHEDULED_TTL_SECONDS = 120  # bounds how long a chat a pump took and lost can wait
ATTEMPTS_TTL_SECONDS = 86400  # failed attempts at an event are remembered this long


def inbox_key(chat: str) -> str:
    """List of a chat's events not yet finished, the one being handled first."""
    return f"{PREFIX}:inbox:{chat}"


def processing_key(chat: str) -> str:
    """List an earlier version kept the event being handled in (adopted back at start)."""
    return f"{PREFIX}:processing:{chat}"


def scheduled_key(chat: str) -> str:
    """Present while a chat is on the ready list or being drained."""
    return f"{PREFIX}:scheduled:{chat}"


def lock_key(chat: str) -> str:
    """A chat's lock: the token of the drain holding it, with a lease."""
    return f"{PREFIX}:lock:{chat}"


def backoff_key(chat: str) -> str:
    """Present while a chat waits before retrying its failed first event."""
    return f"{PREFIX}:backoff:{chat}"


def swept_key(chat: str) -> str:
    """Present for a quiet time after the sweep made a stalled chat ready."""
    return f"{PREFIX}:swept:{chat}"


def seen_key(event_id: str) -> str:
    """Present while a webhookEventId counts as accepted (duplicates are dropped)."""
    return f"{PREFIX}:seen:{event_id}"


def attempts_key(event_id: str) -> str:
    """How many times handling an event failed."""
    return f"{PREFIX}:attempts:{event_id}"


def outbox_key(event_id: str) -> str:
    """An event's outbox."""
    return f"{OUTBOX_PREFIX}{event_id}"


def chat_of(key: bytes | str) -> str:
    """The chat named by a per-chat key (the part after the second colon)."""
    name = key.decode() if isinstance(key, bytes) else key
    return name.split(":", 2)[2]


INBOX_PATTERN = inbox_key("*")
"""SCAN pattern of every chat's inbox."""

PROCESSING_PATTERN = processing_key("*")
"""SCAN pattern of an earlier version's processing lists."""


# Accept each event once: mark its webhookEventId as seen and append it to its chat's inbox,
# in one atomic step.  A chat that was not yet scheduled is marked scheduled and put on the
# ready list (once, however many events it gets), and a new drain "pump" is admitted when idle
# pumps (waiting on the ready list) are fewer than the ready chats and fewer than `cap` pumps
# live.  KEYS: ready, pumps, idle pumps, metrics, then (seen, inbox, scheduled) per event.
# ARGV: seen ttl, scheduled ttl, cap, pump lease (ms), pump id, now (ms, the caller's clock),
# then (chat, payload) per event.
# Returns {accepted, 1 if the caller must queue the pump with that id else 0}.
ACCEPT = """
local ttl, sched_ttl, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[6])
local n = (#KEYS - 4) / 3
local accepted, ready, pumped = 0, 0, 0
for i = 0, n - 1 do
  if redis.call('SET', KEYS[5 + 3 * i], '1', 'NX', 'EX', ttl) then
    redis.call('RPUSH', KEYS[6 + 3 * i], ARGV[8 + 2 * i])
    accepted = accepted + 1
    if redis.call('SET', KEYS[7 + 3 * i], '1', 'NX', 'EX', sched_ttl) then
      ready = redis.call('RPUSH', KEYS[1], ARGV[7 + 2 * i])
    end
  end
end
if ready > 0 then
  if ready > redis.call('ZCOUNT', KEYS[3], now, '+inf')
      and redis.call('ZCOUNT', KEYS[2], now, '+inf') < tonumber(ARGV[3]) then
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[5])
    pumped = 1
  end
end
if accepted > 0 then redis.call('HINCRBY', KEYS[4], 'events_accepted', accepted) end
if n > accepted then redis.call('HINCRBY', KEYS[4], 'events_duplicate', n - accepted) end
return {accepted, pumped}
"""

# One step of a drain, in one round trip.  The event being handled stays at the head of the
# chat's inbox until it is finished, so one a crash or a failure leaves behind is the next one
# taken.  The first step (ARGV[4] = 1) takes the pump that woke up for this chat (ARGV[5], if
# any) off the idle set, takes the chat's lock (ARGV[1] is our token) unless someone holds it,
# shortens its scheduled flag to the lease either way (the holder renews it with its lock;
# should the holder die, the sweep finds the chat within a lease), and gives up while the
# chat waits for a retry; later steps check the lock is still ours.  When ARGV[3] names the
# event just handled, finish it: off the inbox, counted, its outbox (KEYS[7]) marked done.
# Then take the next event; with none left, the chat is no longer scheduled and the lock is
# released in the same step, so an event accepted after it makes the chat ready again.
# KEYS: lock, backoff, inbox, scheduled, metrics, idle pumps, the finished event's outbox.
# ARGV: token, lease (ms), finished event id or '', 1 on the first step, the woken pump or ''.
# Returns {0}: not ours, or backing off (lock released and the chat unscheduled: the sweep
# makes it ready when its retry is due); {1}: empty (lock released); {2, raw}: an event.
TAKE = """
if ARGV[4] == '1' then
  if ARGV[5] ~= '' then redis.call('ZREM', KEYS[6], ARGV[5]) end
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
  redis.call('SET', KEYS[7], 'done', 'XX', 'KEEPTTL')
end
local raw = redis.call('LINDEX', KEYS[3], 0)
if not raw then
  redis.call('DEL', KEYS[4], KEYS[1])
  return {1}
end
return {2, raw}
"""

# Extend a held lock, and the chat's scheduled flag with it (so a long drain is not put on the
# ready list again meanwhile).  KEYS: lock, scheduled.  ARGV: token, lease (ms).
EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

# Release a lock we hold (and only ours).  KEYS: lock.  ARGV: token.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# Events a worker of an earlier version was handling sit in a "processing" list; put them
# back at the head of their inbox, in order (when a worker starts), unless a drain holds the
# chat now (its finishing step pops the head): the next start adopts them.
# KEYS: processing, inbox, lock.
ADOPT = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local n = 0
while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do n = n + 1 end
return n
"""

# A pump takes the next ready chat and renews its lease (the drain's first step then
# shortens the chat's scheduled flag to a lease).  With none left: when the pump may linger,
# mark it idle (it then waits on the ready list; the webhook admits no new pump for what an
# idle one will take) and return 0; otherwise retire it in the same step, so a chat made
# ready meanwhile admits a new pump.  KEYS: ready, pumps, idle pumps.  ARGV: pump id, lease
# (ms), linger (ms), now (ms, the caller's clock), 1 to renew the lease (the caller does every
# third of it, which also covers an idle wait: linger is shorter than two thirds of a lease).
NEXT = """
local now, lease, linger = tonumber(ARGV[4]), tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[2], 'XX', now + math.max(lease, linger + 1000), ARGV[1])
end
local chat = redis.call('LPOP', KEYS[1])
if chat then return chat end
if linger > 0 then
  redis.call('ZADD', KEYS[3], now + linger + 1000, ARGV[1])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return false
"""

# Retire a pump that has worked long enough; if chats still wait and there is room, admit its
# successor (returned as 1: the caller queues it).  KEYS: ready, pumps, idle pumps.
# ARGV: pump id, lease (ms), cap, successor id.
RETIRE = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('LLEN', KEYS[1]) == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[4])
return 1
"""

# Make chats ready again (the sweep: retries due, work left by a dead worker) and admit a
# pump on the same terms as the accept script.  KEYS: ready, pumps, idle pumps, then each
# chat's scheduled flag.  ARGV: cap, lease (ms), pump id, scheduled ttl (s), then the chats.
READY = """
for i = 4, #KEYS do
  redis.call('SET', KEYS[i], '1', 'EX', tonumber(ARGV[4]))
  redis.call('RPUSH', KEYS[1], ARGV[i + 1])
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('LLEN', KEYS[1]) > redis.call('ZCARD', KEYS[3])
    and redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
  return 1
end
return 0
"""

# The sweep's check that the ready list moves.  A pump that died while it counted as idle (or
# while busy ones are full) would leave a ready chat waiting, since the webhook admits no pump
# for what an idle one is supposed to take; so when the same chat has stayed first on the
# ready list since the last sweep, admit a pump whatever the idle set says (fewer than the cap
# permitting).  KEYS: ready, pumps, the head seen last time.  ARGV: now (ms), cap, lease (ms),
# pump id.  Returns 1 when the caller must queue the pump.
NUDGE = """
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  redis.call('DEL', KEYS[3])
  return 0
end
local last = redis.call('GET', KEYS[3])
redis.call('SET', KEYS[3], head, 'EX', 3600)
if last ~= head then return 0 end
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCOUNT', KEYS[2], now, '+inf') >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
return 1
"""

_registered: dict[tuple[int, str], Any] = {}


def script(conn: redis.Redis, source: str) -> Any:
    """A script registered once per connection (called by SHA; loaded again on NOSCRIPT)."""
    key = (id(conn), source)
    if key not in _registered:
        _registered[key] = conn.register_script(source)
    return _registered[key]
