"""An accepted LINE event: its id, its chat (the unit of ordering) and its JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Accepted:
    """One event ready for the inbox: its id, its chat key, its JSON."""

    event_id: str
    chat: str
    payload: str
    event_type: str = ""
    redelivery: object = None


@dataclass(frozen=True)
class Taken:
    """An event a worker took from its chat's inbox: the event and its raw JSON."""

    chat: str
    event_id: str
    event: dict[str, Any]
    raw: bytes


def chat_key(event: dict[str, Any]) -> str:
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
    return Accepted(event_id, chat_key(event), json.dumps(event, ensure_ascii=False),
                    str(event.get("type"))[:40], redelivery)


def taken(chat: str, raw: bytes) -> Taken:
    """Read a raw inbox entry (an entry that is not an object gets an empty event)."""
    event = json.loads(raw)
    event = event if isinstance(event, dict) else {}
    return Taken(chat, str(event.get("webhookEventId") or ""), event, raw)
