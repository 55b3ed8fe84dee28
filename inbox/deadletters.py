"""The dead-letter list: events that failed every retry, kept for an operator to see and replay.

The contract's Claim.dead_letter writes an entry: the event, its chat (stored under its
earlier name, "conversation"), when and why.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, cast

import redis

from inbox.contract import chat_key
from inbox.scripts import DEAD_KEY, attempts_key, inbox_key


@dataclass(frozen=True)
class DeadLetter:
    """One buried event: what it was, when and why it was given up on (no message text)."""

    event_id: str
    event_type: str
    chat: str
    buried_at: float
    error: str
    raw: bytes

    @property
    def who(self) -> str:
        """A short hash of the chat, for operators (never the LINE id itself)."""
        return hashlib.sha256(self.chat.encode()).hexdigest()[:10]


def _read(raw: bytes) -> DeadLetter:
    """A dead letter from its stored JSON (older entries are the bare event)."""
    data: dict[str, Any] = json.loads(raw)
    event = data.get("event", data) if isinstance(data.get("event"), dict) else data
    return DeadLetter(str(event.get("webhookEventId", "")), str(event.get("type", ""))[:40],
                      str(data.get("conversation") or chat_key(event)),
                      float(data.get("buried_at") or 0),
                      str(data.get("error") or ""), raw)


def dead_letters(conn: redis.Redis) -> list[DeadLetter]:
    """Every buried event, oldest first."""
    return [_read(raw) for raw in cast(list[bytes], conn.lrange(DEAD_KEY, 0, -1))]


def replay(conn: redis.Redis, event_id: str) -> str | None:
    """Put a buried event back at the end of its chat's inbox (never at the front,
    where a drain may be finishing the event it is handling); its chat, or None."""
    for letter in dead_letters(conn):
        if letter.event_id != event_id:
            continue
        event = json.loads(letter.raw)
        event = event.get("event", event) if isinstance(event.get("event"), dict) else event
        with conn.pipeline(transaction=True) as pipe:
            pipe.lrem(DEAD_KEY, 1, letter.raw)  # type: ignore[arg-type]
            pipe.delete(attempts_key(event_id))
            pipe.rpush(inbox_key(letter.chat), json.dumps(event, ensure_ascii=False))
            pipe.execute()
        return letter.chat
    return None
