"""One-time invite codes: created by admins, redeemed once in LINE, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit import audit
from storage.bindings import highest
from storage.coltypes import utcnow
from storage.enums import Role
from storage.models import Agency, Assignment, InviteCode, LineUser, Project

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
VALID_FOR = timedelta(days=7)


class InviteError(ValueError):
    """An invite that cannot be created or redeemed; the reason names it."""


def normalize(code: str) -> str:
    """Upper-case the code and drop spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    """The stored form of a code."""
    return hashlib.sha256(f"tidtam-invite:{normalize(code)}".encode()).hexdigest()


def new_code() -> str:
    """A fresh random code such as "K7QP-3MZX"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def create_invite(session: Session, role: Role, projects: list[str], agency: str | None,
                  actor: str, now: datetime | None = None, everywhere: bool = False) -> str:
    """Create an invite for some projects, one agency or (admins) all of BMA; return the code."""
    if bool(projects) + bool(agency) + everywhere != 1:
        raise InviteError("give either project codes, one agency code, or --everywhere")
    if everywhere and role is not Role.ADMIN:
        raise InviteError("only an admin can be granted every agency (--everywhere)")
    for code in projects:
        if session.scalar(select(Project.id).where(Project.code == code)) is None:
            raise InviteError(f"unknown project {code}")
    if agency and session.scalar(select(Agency.id).where(Agency.code == agency)) is None:
        raise InviteError(f"unknown agency {agency}")
    code = new_code()
    now = now or utcnow()
    invite = InviteCode(code_hash=hash_code(code), role=role,
                        scope=({"projects": projects} if projects else {"agency": agency}
                               if agency else {"everywhere": True}),
                        created_by=actor, created_at=now, expires_at=now + VALID_FOR)
    session.add(invite)
    session.flush()
    audit(session, actor, "invite.create", "invite_codes", invite.id, None,
          {"role": role.value, "scope": invite.scope})
    return code


@dataclass(frozen=True)
class Redeemed:
    """What a redeemed invite granted."""

    role: Role
    projects: list[str]
    agency: str | None
    agency_name: str | None = None
    everywhere: bool = False


def redeem(session: Session, code: str, line_user_id: str, display_name: str | None,
           now: datetime | None = None) -> Redeemed | None:
    """Bind a LINE user with the invite's role and scope; None when the code is not valid."""
    now = now or utcnow()
    invite = session.scalar(select(InviteCode).where(InviteCode.code_hash == hash_code(code))
                            .with_for_update())
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
    if user is None:
        user = LineUser(line_user_id=line_user_id, display_name=display_name)
        session.add(user)
    before = user.role.value if user.role else None
    session.flush()
    projects: list[str] = list(invite.scope.get("projects", []))
    agency: str | None = invite.scope.get("agency")
    for code_ in projects:
        project_id = session.scalar(select(Project.id).where(Project.code == code_))
        if project_id is not None:
            session.add(Assignment(line_user_id=line_user_id, role=invite.role,
                                   project_id=project_id))
    agency_name: str | None = None
    if agency:
        found = session.execute(select(Agency.id, Agency.name).where(Agency.code == agency)).first()
        agency_id, agency_name = (found[0], found[1]) if found else (None, None)
        if agency_id is not None:
            session.add(Assignment(line_user_id=line_user_id, role=invite.role,
                                   agency_id=agency_id))
    everywhere = bool(invite.scope.get("everywhere")) and invite.role is Role.ADMIN
    if everywhere:
        session.add(Assignment(line_user_id=line_user_id, role=Role.ADMIN, everywhere=True))
    session.flush()
    user.role = highest(session.scalars(select(Assignment.role)
                                        .where(Assignment.line_user_id == line_user_id)))
    invite.used_at, invite.used_by = now, line_user_id
    audit(session, line_user_id, "invite.redeem", "line_users", user.id,
          {"role": before}, {"role": user.role.value if user.role else None,
                             "scope": invite.scope})
    return Redeemed(invite.role, projects, agency, agency_name, everywhere)


CANCELLED = "cancelled"  # used_by of an invite an admin cancelled


def invite_status(invite: InviteCode, now: datetime) -> str:
    """"open", "used", "cancelled" or "expired"."""
    if invite.used_by == CANCELLED:
        return "cancelled"
    if invite.used_at is not None:
        return "used"
    return "expired" if invite.expires_at <= now else "open"


def cancel(session: Session, which: str, actor: str,
           now: datetime | None = None) -> InviteCode | None:
    """Cancel an open invite, by id or by its code (audited); None when none is open."""
    now = now or utcnow()
    query = select(InviteCode)
    query = (query.where(InviteCode.id == int(which)) if which.isdigit()
             else query.where(InviteCode.code_hash == hash_code(which)))
    invite = session.scalar(query.with_for_update())
    if invite is None or invite_status(invite, now) != "open":
        return None
    invite.used_at, invite.used_by = now, CANCELLED
    audit(session, actor, "invite.cancel", "invite_codes", invite.id, {"status": "open"},
          {"status": "cancelled"})
    return invite
