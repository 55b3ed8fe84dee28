"""A LINE webhook event read into the few fields the bot acts on, and routed to what answers it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.orm import Session

from conversations.drafts import DraftWrite
from core.messages import Message, quick_text, text
from handlers import texts
from photos.refs import PhotoRef

log = logging.getLogger(__name__)


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


@dataclass
class Outcome:
    """What handling an event decided: replies, and a draft change applied after the commit."""

    replies: list[Message] = field(default_factory=list)
    draft: DraftWrite | None = None
    menu: str | None = None  # the rich menu to link to the user after the commit (a role key)


Command = Callable[[Inbound, Session], Outcome | None]
Lifecycle = Callable[[Inbound, Session], None]


class Dialogue(Protocol):
    """A command that keeps a draft across messages and can remind about it."""

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle the event if it belongs to the dialogue (a draft being filled)."""

    def remind(self, event: Inbound, outcome: Outcome, session: Session) -> Outcome:
        """Add a reminder of an unfinished (or lost) draft to another command's answer."""


def help_outcome() -> Outcome:
    """The help text with quick replies for the main commands."""
    return Outcome([text(texts.HELP, [quick_text(q) for q in texts.HELP_QUICK_REPLIES])])


@dataclass
class Router:
    """Dispatch by event kind; text commands are tried in order, then the help text."""

    commands: list[Command] = field(default_factory=list)
    dialogue: Dialogue | None = None
    lifecycle: list[Lifecycle] = field(default_factory=list)
    fallback: Callable[[Inbound, Session], Outcome] | None = None
    greet: Callable[[Inbound, Session], Outcome] | None = None
    contact: str = ""  # ADMIN_CONTACT: added to every answer that says to reach the admin
    meant: Callable[[Inbound], Inbound | None] | None = None  # "ใช่" to "did you mean …?"

    def route(self, event: Inbound, session: Session) -> Outcome:
        """Answer one event; the caller owns the session's transaction."""
        return with_contact(self._route(event, session), self.contact)

    def _route(self, event: Inbound, session: Session) -> Outcome:
        """Answer one event, before the contact is added."""
        if event.kind in (Kind.FOLLOW, Kind.UNFOLLOW) and event.chat is Chat.USER:
            for hook in self.lifecycle:
                hook(event, session)
        if event.kind is Kind.IGNORED or event.kind is Kind.UNFOLLOW:
            log.info("ignored event type=%s id=%s", event.event_type, event.event_id)
            return Outcome()
        if event.chat is not Chat.USER:
            # Said once, when the bot is added; afterwards the bot stays quiet in groups.
            return Outcome([text(texts.GROUP_ONLY_ONE_TO_ONE)] if event.kind is Kind.JOIN
                           else [])
        if event.kind is Kind.FOLLOW:
            if self.greet is not None:
                return self.greet(event, session)
            return Outcome([text(texts.GREETING, [quick_text("ช่วยเหลือ")])])
        if self.dialogue is not None:
            outcome = self.dialogue(event, session)
            if outcome is not None:
                return outcome
        if event.kind in (Kind.OTHER_MESSAGE, Kind.IMAGE):  # a sticker, photo…: the role's help
            head = texts.not_read(event.message_type, event.kind is Kind.IMAGE)
            if self.fallback is None:
                return Outcome([text(f"{head}\n\n{texts.GUEST_NEXT}")])
            outcome = self.fallback(event, session)
            first = outcome.replies[0] if outcome.replies else None
            if first is not None and first.get("type") == "text":
                said = str(first["text"]).removeprefix(texts.NOT_UNDERSTOOD_HEAD)
                first["text"] = f"{head}\n\n{said}"
            return outcome
        if self.meant is not None and event.kind is Kind.TEXT:
            event = self.meant(event) or event  # "ใช่ครับ" after "หมายถึง “สถานะ” ใช่ไหมคะ"
        for command in self.commands:
            outcome = command(event, session)
            if outcome is not None:
                return self._remind(event, outcome, session)
        fallback = self.fallback(event, session) if self.fallback else help_outcome()
        return self._remind(event, fallback, session)

    def _remind(self, event: Inbound, outcome: Outcome, session: Session) -> Outcome:
        """Let the dialogue add its reminder to another command's answer."""
        return (self.dialogue.remind(event, outcome, session) if self.dialogue
                else outcome)


def with_contact(outcome: Outcome, contact: str) -> Outcome:
    """Add the contact to each text that tells the user to reach the admin (once)."""
    if not contact:
        return outcome
    line = texts.CONTACT_LINE.format(contact=contact)
    for reply in outcome.replies:
        body = reply.get("text")
        if reply.get("type") == "text" and isinstance(body, str) and texts.ASK_ADMIN in body \
                and contact not in body:
            reply["text"] = f"{body}\n\n{line}"
    return outcome
