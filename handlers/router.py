"""Route one inbound event to the behaviour that answers it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from conversations.drafts import DraftWrite
from core.messages import Message, quick_text, text
from handlers import texts
from handlers.inbound import Chat, Inbound, Kind

log = logging.getLogger(__name__)


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
