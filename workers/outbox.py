"""Replies decided but not yet sent, kept in Redis so a failed send is retried, not lost.

The drain clears an event's outbox in the step that takes the next event (workers/inbox.py).
"""

from __future__ import annotations

import json
from typing import cast

import redis

from core.messages import Message

TTL_SECONDS = 3 * 24 * 3600


def _key(event_id: str) -> str:
    """Redis key of one event's pending replies."""
    return f"tidtam:outbox:{event_id}"


def put(conn: redis.Redis, event_id: str, messages: list[Message]) -> None:
    """Remember the replies for an event until they are sent."""
    conn.set(_key(event_id), json.dumps(messages, ensure_ascii=False), ex=TTL_SECONDS)


def pending(conn: redis.Redis, event_id: str) -> list[Message]:
    """The replies still to send for an event (empty when none)."""
    raw = cast(bytes | None, conn.get(_key(event_id)))
    return list(json.loads(raw)) if raw else []
