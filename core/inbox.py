"""The inbox contract between the webhook (writer) and the workers (reader): keys, accept script."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import redis

PREFIX = "tidtam"

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
local metrics = KEYS[1] .. ':metrics'
redis.call('HINCRBY', metrics, 'events_accepted', accepted)
redis.call('HINCRBY', metrics, 'events_duplicate', math.floor((#ARGV - 1) / 3) - accepted)
return accepted
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


def accept_script(conn: redis.Redis) -> Any:
    """Register the accept script on a connection."""
    return conn.register_script(ACCEPT_LUA)


def accept_args(events: Iterable[Accepted], ttl_seconds: int) -> list[str | int]:
    """Flatten events into the accept script's ARGV."""
    args: list[str | int] = [ttl_seconds]
    for ev in events:
        args.extend([ev.event_id, ev.conversation, ev.payload])
    return args


DEAD_KEY = f"{PREFIX}:dead"
"""Redis list of events that failed every retry (see workers/deadletters.py)."""


METRICS_KEY = f"{PREFIX}:metrics"
"""Redis hash of counters shared by every process (exposed at /metrics)."""


RESEND_KEY = f"{PREFIX}:resend"
"""Redis sorted set of answers LINE did not take, by when to try again (workers/resend.py)."""
