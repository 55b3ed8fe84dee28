"""Every Redis key of event delivery, in one place (named as earlier versions named them)."""

from __future__ import annotations

PREFIX = "tidtam"

READY_KEY = f"{PREFIX}:ready"
"""List of chats with new events, each once, in the order they became ready."""

READY_HEAD_KEY = f"{PREFIX}:ready:head"
"""The chat first on the ready list at the last sweep (to see that the list moves)."""

PUMPS_KEY = f"{PREFIX}:pumps"
"""Sorted set of live drain pumps: pump id -> lease end (ms since the epoch)."""

IDLE_PUMPS_KEY = f"{PREFIX}:pumps:idle"
"""Sorted set of pumps waiting on the ready list: pump id -> end of the wait (ms)."""

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
