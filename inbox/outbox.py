"""An event's decided replies in Redis, from the moment they are applied until it is finished.

The outbox is also the mark that an event's effects reached Redis: written with the draft in
one transaction, it says on a retry that the answer may already have gone out; the drain
replaces it with DONE in the step that finishes the event (inbox/scripts.py TAKE), so a late
duplicate of a finished event is recognised and nothing of it is applied or sent again.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any, cast

import redis

from core.messages import Message
from inbox.keys import outbox_key

TTL_SECONDS = 2 * 24 * 3600
DONE = "done"


class State(Enum):
    """Where an event stands in Redis."""

    MISSING = "missing"  # its effects never reached Redis (or it had none)
    PENDING = "pending"  # applied; its answer may or may not have gone out
    DONE = "done"  # finished: taken off its inbox


def put(pipe: Any, event_id: str, messages: list[Message]) -> None:
    """Remember the replies for an event (inside the transaction that applies its effects)."""
    pipe.set(outbox_key(event_id), json.dumps(messages, ensure_ascii=False), ex=TTL_SECONDS)


def read(conn: redis.Redis, event_id: str) -> tuple[State, list[Message]]:
    """An event's state, and the replies still to send when it is pending."""
    raw = cast(bytes | None, conn.get(outbox_key(event_id)))
    if raw is None:
        return State.MISSING, []
    if raw == DONE.encode():
        return State.DONE, []
    return State.PENDING, list(json.loads(raw))
