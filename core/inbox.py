"""The inbox contract between the webhook (writer) and the workers (reader): keys, accept script."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import redis

PREFIX = "tidtam"

# Accept each event once: mark its webhookEventId as seen and append it to its
# conversation's inbox, in one atomic step.  A conversation that was not yet scheduled is
# marked scheduled and put on the ready list (once, however many events it gets), and a new
# drain "pump" is admitted when idle pumps (waiting on the ready list) are fewer than the
# ready conversations and fewer than `cap` pumps live (a pump is a job that takes
# conversations off the ready list until it is empty).  KEYS[1]: the prefix.
# ARGV: ttl, scheduled ttl, cap, pump lease (ms), pump id, now (ms, the caller's clock),
# then (id, key, payload)*.
# Returns {accepted, 1 if the caller must queue the pump with that id else 0}.
ACCEPT_LUA = """
local p = KEYS[1]
local ttl, sched_ttl, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[6])
local accepted, ready, pumped = 0, 0, 0
for i = 7, #ARGV, 3 do
  local id, key, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('SET', p .. ':seen:' .. id, '1', 'NX', 'EX', ttl) then
    redis.call('RPUSH', p .. ':inbox:' .. key, payload)
    accepted = accepted + 1
    if redis.call('SET', p .. ':scheduled:' .. key, '1', 'NX', 'EX', sched_ttl) then
      ready = redis.call('RPUSH', p .. ':ready', key)
    end
  end
end
if ready > 0 then
  local pumps = p .. ':pumps'
  if ready > redis.call('ZCOUNT', p .. ':pumps:idle', now, '+inf')
      and redis.call('ZCOUNT', pumps, now, '+inf') < tonumber(ARGV[3]) then
    redis.call('ZREMRANGEBYSCORE', pumps, '-inf', now)
    redis.call('ZADD', pumps, now + tonumber(ARGV[4]), ARGV[5])
    pumped = 1
  end
end
local duplicates = math.floor((#ARGV - 6) / 3) - accepted
if accepted > 0 then redis.call('HINCRBY', p .. ':metrics', 'events_accepted', accepted) end
if duplicates > 0 then redis.call('HINCRBY', p .. ':metrics', 'events_duplicate', duplicates) end
return {accepted, pumped}
"""


@dataclass(frozen=True)
class Accepted:
    """One event ready for the inbox: its id, its conversation key, its JSON."""

    event_id: str
    conversation: str
    payload: str
    event_type: str = ""
    redelivery: object = None


def conversation_key(event: dict[str, Any]) -> str:
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
    return Accepted(event_id, conversation_key(event), json.dumps(event, ensure_ascii=False),
                    str(event.get("type"))[:40], redelivery)


def inbox_key(conversation: str) -> str:
    """Redis list holding events not yet taken by a worker."""
    return f"{PREFIX}:inbox:{conversation}"


def processing_key(conversation: str) -> str:
    """Redis list holding the event a worker is handling now (for crash recovery)."""
    return f"{PREFIX}:processing:{conversation}"


def scheduled_key(conversation: str) -> str:
    """Redis key present while a conversation is on the ready list or being drained."""
    return f"{PREFIX}:scheduled:{conversation}"


READY_KEY = f"{PREFIX}:ready"
"""Redis list of conversations with new events, each once, in the order they became ready."""

PUMPS_KEY = f"{PREFIX}:pumps"
"""Redis sorted set of live drain pumps: pump id -> lease end (ms since the epoch)."""

IDLE_PUMPS_KEY = f"{PREFIX}:pumps:idle"
"""Redis sorted set of pumps waiting on the ready list: pump id -> end of the wait (ms)."""

SCHEDULED_TTL_SECONDS = 120  # bounds how long a conversation a pump took and lost can wait


def accept_script(conn: redis.Redis) -> Any:
    """Register the accept script on a connection (called by SHA; loaded once on NOSCRIPT)."""
    return conn.register_script(ACCEPT_LUA)


def accept_args(events: Iterable[Accepted], ttl_seconds: int, pumps: int = 4,
                pump_lease_ms: int = 15000, pump_id: str = "", now_ms: int = 0) -> list[str | int]:
    """Flatten events into the accept script's ARGV (now_ms: the caller's clock, for leases)."""
    args: list[str | int] = [ttl_seconds, SCHEDULED_TTL_SECONDS, pumps, pump_lease_ms, pump_id,
                             now_ms]
    for ev in events:
        args.extend([ev.event_id, ev.conversation, ev.payload])
    return args


DEAD_KEY = f"{PREFIX}:dead"
"""Redis list of events that failed every retry (see workers/deadletters.py)."""


METRICS_KEY = f"{PREFIX}:metrics"
"""Redis hash of counters shared by every process (exposed at /metrics)."""


RESEND_KEY = f"{PREFIX}:resend"
"""Redis sorted set of answers LINE did not take, by when to try again (workers/resend.py)."""
