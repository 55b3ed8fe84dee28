"""A LINE webhook event reduced to the few fields the bot acts on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from photos.refs import PhotoRef


class Kind(StrEnum):
    """What happened, as far as the bot cares."""

    TEXT = "text"
    POSTBACK = "postback"
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    JOIN = "join"
    IMAGE = "image"  # a photo: the worker fetches it from LINE before routing (photo below)
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
    message_type: str = ""  # a message's type as LINE names it: text, image, video, file…
    message_id: str = ""
    photo: PhotoRef | None = None  # an image, fetched, checked and stored by the worker
    photo_problem: str = ""  # …or why it could not be (photos.intake.Problem)


def _dict(value: Any) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty one (signed bodies can still be odd)."""
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    """The value if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


MAX_ID = 64  # LINE's user, group and room ids are 33 characters; the columns hold 64


def _id(value: Any) -> str | None:
    """A LINE id, or None when it is not a string that could be one."""
    found = _str(value)
    return found if found is not None and len(found) <= MAX_ID else None


def _message_id(value: Any) -> str:
    """A LINE message id (digits), or "" (it goes into the content URL: nothing else may)."""
    return value if isinstance(value, str) and value.isascii() and value.isdigit() \
        and len(value) <= 32 else ""


def _kind(event: dict[str, Any]) -> Kind:
    """Classify a raw event."""
    etype = event.get("type")
    if etype == "message":
        message = _dict(event.get("message"))
        if message.get("type") == "text" and isinstance(message.get("text"), str):
            return Kind.TEXT
        if message.get("type") == "image" and _message_id(message.get("id")):
            return Kind.IMAGE
        return Kind.OTHER_MESSAGE
    return {
        "postback": Kind.POSTBACK,
        "follow": Kind.FOLLOW,
        "unfollow": Kind.UNFOLLOW,
        "join": Kind.JOIN,
    }.get(str(etype), Kind.IGNORED)


def parse_event(event: dict[str, Any]) -> Inbound:
    """Read a raw LINE event (as LINE sends it) into an Inbound."""
    source = _dict(event.get("source"))
    chat = {"group": Chat.GROUP, "room": Chat.ROOM}.get(str(source.get("type")), Chat.USER)
    user_id = _id(source.get("userId"))
    chat_id = _id(source.get("groupId")) or _id(source.get("roomId")) or user_id
    postback = _dict(event.get("postback"))
    params = _dict(postback.get("params"))
    timestamp = event.get("timestamp")
    kind = _kind(event)
    message = _dict(event.get("message"))
    if kind is Kind.POSTBACK and not isinstance(postback.get("data"), str):
        kind = Kind.IGNORED
    return Inbound(
        event_id=str(event.get("webhookEventId", "")),
        kind=kind,
        chat=chat,
        user_id=user_id,
        chat_id=chat_id,
        reply_token=_str(event.get("replyToken")),
        text=str(message.get("text", "")) if kind is Kind.TEXT else "",
        postback_data=str(postback.get("data", "")),
        postback_params=tuple(sorted((str(k), str(v)) for k, v in params.items())),
        timestamp_ms=timestamp if isinstance(timestamp, int) else 0,
        event_type=str(event.get("type", ""))[:40],
        message_type=str(message.get("type", ""))[:20],
        message_id=_message_id(message.get("id")),
    )
