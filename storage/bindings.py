"""A user's bindings (assignments): the role they imply, and revoking one (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.audit import audit
from storage.enums import Role
from storage.models import Assignment, LineUser

ROLE_ORDER = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)  # in order of what they may see


def rank(role: Role) -> int:
    """A role's place in ROLE_ORDER."""
    return ROLE_ORDER.index(role)


def highest(roles: Iterable[Role | str]) -> Role | None:
    """The highest of some roles, None when there are none."""
    found = [Role(r) for r in roles]
    return max(found, key=rank) if found else None


def sync_role(session: Session, line_user_id: str, actor: str) -> Role | None:
    """Set the user's stored role to the highest of their bindings (None: unregistered)."""
    role = highest(session.scalars(select(Assignment.role)
                                   .where(Assignment.line_user_id == line_user_id)))
    user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
    if user is not None and user.role != role:
        before = user.role.value if user.role else None
        user.role = role
        audit(session, actor, "line_user.role", "line_users", user.id, {"role": before},
              {"role": role.value if role else None})
    return role


@dataclass(frozen=True)
class Revoked:
    """A removed binding: whose it was and the role they keep (None: unregistered)."""

    line_user_id: str
    role_after: Role | None


def revoke_binding(session: Session, binding_id: int, actor: str) -> Revoked | None:
    """Remove one binding (audited) and bring the user's role down with it; None if unknown."""
    row = session.get(Assignment, binding_id)
    if row is None:
        return None
    before = {"line_user_id": row.line_user_id, "role": row.role.value,
              "project_id": row.project_id, "agency_id": row.agency_id,
              "everywhere": row.everywhere}
    user_id = row.line_user_id
    session.execute(delete(Assignment).where(Assignment.id == binding_id))
    audit(session, actor, "assignment.revoke", "assignments", binding_id, before, None)
    return Revoked(user_id, sync_role(session, user_id, actor))
