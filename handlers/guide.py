"""Finding your way: help per role, greetings, thanks, and "did you mean …?" questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from conversations import grammar
from conversations.answers import core, without_particles
from conversations.grammar import Intent
from core.messages import Message, quick_text, text
from handlers import texts
from handlers.menus import role_key
from handlers.router import Inbound, Kind, Outcome
from storage.enums import Role
from storage.queries import NameIndex
from storage.scope import scope_of

ROLE_TH = {Role.OFFICER: "เจ้าหน้าที่ผู้รับผิดชอบโครงการ", Role.SUPERVISOR: "ผู้บังคับบัญชา/ผู้ติดตาม",
           Role.ADMIN: "ผู้ดูแลระบบ"}


def help_for(role: Role | None) -> Message:
    """The help text and quick replies for one role (None: not registered)."""
    if role is Role.OFFICER:
        return text(texts.HELP_OFFICER, [quick_text(q) for q in texts.OFFICER_QUICK])
    if role in (Role.SUPERVISOR, Role.ADMIN):
        body = texts.HELP_ADMIN if role is Role.ADMIN else texts.HELP_SUPERVISOR
        return text(body, [quick_text(q) for q in texts.SUPERVISOR_QUICK])
    return text(texts.HELP, [quick_text(q) for q in texts.HELP_QUICK_REPLIES])


def not_understood(role: Role | None) -> Message:
    """The short answer to a message nothing understood, with the role's likeliest commands."""
    if role is None:
        return text(texts.NOT_UNDERSTOOD_GUEST, [quick_text(q) for q in texts.LIKELY_GUEST])
    likely = texts.LIKELY_OFFICER if role is Role.OFFICER else texts.LIKELY_SUPERVISOR
    return text(texts.NOT_UNDERSTOOD, [quick_text(q) for q in likely])


def _role(session: Session, user: str | None) -> Role | None:
    """The user's role, or None when they are not registered."""
    return scope_of(session, user).role if user else None


def contact_text(contact: str) -> str:
    """The answer to "ติดต่อผู้ดูแล": the operator's ADMIN_CONTACT, or who else to ask."""
    return texts.CONTACT.format(contact=contact) if contact else texts.CONTACT_UNSET


SUGGESTION_TTL_SECONDS = 180
# "ใช่", "ใช่ครับ", "ถูกต้องค่ะ", "โอเค": a yes to the "did you mean …?" just asked.
_YES = re.compile(r"^(?:ใช่|ใช่แล้ว|ถูก|ถูกต้อง|ok|โอเค|yes|ครับ|ค่ะ|คะ|จ้า|เอา|เอาอันนั้น)$", re.I)


def suggested_key(user: str) -> str:
    """Where the "did you mean …?" last asked of a user waits for a typed yes."""
    return f"tidtam:suggested:{user}"


@dataclass
class Guide:
    """Answers help, thanks, greetings and "who do I contact", and asks back when a command
    was only nearly typed."""

    contact: str = ""
    names: NameIndex = field(default_factory=NameIndex)
    redis: Any = None  # where a "did you mean …?" waits for a typed "ใช่" (none: buttons only)

    def meant(self, event: Inbound) -> Inbound | None:
        """The message a typed yes to "did you mean …?" means (the suggestion), else None."""
        if self.redis is None or event.user_id is None or event.kind is not Kind.TEXT:
            return None
        said = without_particles(core(event.text)).replace(" ", "") or event.text.strip()
        if not _YES.match(said):
            return None  # anything else is read as itself (the offer lapses in a few minutes)
        suggestion = self.redis.getdel(suggested_key(event.user_id))
        return replace(event, text=suggestion.decode()) if suggestion else None

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle the text if it is help, thanks, a greeting or a near-miss command."""
        if event.kind is not Kind.TEXT:
            return None
        parsed = grammar.understand(event.text)
        if parsed.intent is Intent.HELP:
            return Outcome([help_for(_role(session, event.user_id))])
        if parsed.intent is Intent.CONTACT:
            return Outcome([text(contact_text(self.contact), [quick_text("ช่วยเหลือ")])])
        if parsed.intent is Intent.THANKS:
            return Outcome([text(texts.THANKS)])
        if parsed.intent is Intent.GREET:
            role = _role(session, event.user_id)
            if role is None:
                return Outcome([help_for(None)])
            return Outcome([text(f"{texts.HELLO} ท่าน{ROLE_TH[role]} "
                                 "วันนี้ให้ช่วยอะไรดีคะ", help_for(role)["quickReply"]["items"])])
        suggestion = parsed.suggestion or self._project_named(event, session)
        if suggestion:
            if self.redis is not None and event.user_id is not None:
                self.redis.set(suggested_key(event.user_id), suggestion, ex=SUGGESTION_TTL_SECONDS)
            return Outcome([text(texts.DID_YOU_MEAN.format(suggestion=suggestion),
                                 [quick_text(suggestion[:20], suggestion),
                                  quick_text("ช่วยเหลือ")])])
        return None

    def _project_named(self, event: Inbound, session: Session) -> str:
        """"สถานะ <name>" when a bare message is part of a project name the asker may see."""
        name = grammar.content(event.text)
        if not event.user_id or not 3 <= len(name) <= 40 or any(c.isdigit() for c in name) \
                or "\n" in name:
            return ""
        scope = scope_of(session, event.user_id)
        if not scope.registered:
            return ""
        _, total = self.names.search(session, scope, name, 1, 0)
        return f"สถานะ {name}" if total else ""

    def fallback(self, event: Inbound, session: Session) -> Outcome:
        """When nothing understood the message: a short sorry with the role's likeliest
        commands (the whole help only when asked for)."""
        return Outcome([not_understood(_role(session, event.user_id))])

    def greet(self, event: Inbound, session: Session) -> Outcome:
        """A follow: strangers get the welcome; people coming back are greeted by role."""
        role = _role(session, event.user_id)
        if role is None:
            return Outcome([text(texts.GREETING, [quick_text("ช่วยเหลือ")])], menu="guest")
        back = texts.WELCOME_BACK.format(role=ROLE_TH[role])
        return Outcome([text(back), help_for(role)], menu=role_key(role))
