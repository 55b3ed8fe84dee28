"""A LINE webhook event reduced to the few fields the bot acts on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What happened, as far as the bot cares."""

    TEXT = "text"
    POSTBACK = "postback"
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    JOIN = "join"
    OTHER_MESSAGE = "other_message"
    IGNORED = "ignored"


class Chat(StrEnum):
    """Where the event happened."""

    USER = "user"
    GROUP = "group"
    ROOM = "room"


@dataclass(frozen=True)
class Inbound:
    """The parts of one event that handlers read."""

    event_id: str
    kind: Kind
    chat: Chat
    user_id: str | None
    chat_id: str | None
    reply_token: str | None
    text: str = ""
    postback_data: str = ""
    postback_params: tuple[tuple[str, str], ...] = ()
    timestamp_ms: int = 0
    event_type: str = ""


def _kind(event: dict[str, Any]) -> Kind:
    """Classify a raw event."""
    etype = event.get("type")
    if etype == "message":
        message = event.get("message") or {}
        return Kind.TEXT if message.get("type") == "text" else Kind.OTHER_MESSAGE
    return {
        "postback": Kind.POSTBACK,
        "follow": Kind.FOLLOW,
        "unfollow": Kind.UNFOLLOW,
        "join": Kind.JOIN,
    }.get(str(etype), Kind.IGNORED)


def parse_event(event: dict[str, Any]) -> Inbound:
    """Read a raw LINE event (as LINE sends it) into an Inbound."""
    source = event.get("source") or {}
    chat = {"group": Chat.GROUP, "room": Chat.ROOM}.get(str(source.get("type")), Chat.USER)
    chat_id = source.get("groupId") or source.get("roomId") or source.get("userId")
    postback = event.get("postback") or {}
    params = postback.get("params") or {}
    return Inbound(
        event_id=str(event.get("webhookEventId", "")),
        kind=_kind(event),
        chat=chat,
        user_id=source.get("userId"),
        chat_id=chat_id,
        reply_token=event.get("replyToken"),
        text=str((event.get("message") or {}).get("text", "")),
        postback_data=str(postback.get("data", "")),
        postback_params=tuple(sorted((str(k), str(v)) for k, v in params.items())),
        timestamp_ms=int(event.get("timestamp") or 0),
        event_type=str(event.get("type", "")),
    )
