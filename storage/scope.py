"""Who may see what: a LINE user's projects, agencies and right to personal data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol, TypeVarTuple

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from storage.bindings import highest
from storage.enums import Role
from storage.models import Assignment, Project

Ts = TypeVarTuple("Ts")
_SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})


class Scoped(Protocol):
    """Anything that names a project and its agency (an ORM row or a plain dataclass)."""

    @property
    def id(self) -> int:
        """The project id."""

    @property
    def agency_id(self) -> int:
        """The agency id of the project."""


@dataclass(frozen=True)
class Scope:
    """What one LINE user may see: the projects and agencies bound to them.

    One rule for every way out (status, history, chart, PDF, export, digests): a user sees a
    project bound to them directly or through its agency; only an admin holding the explicit
    `everywhere` grant sees all, and an admin bound to an agency sees only it. Role and scope
    come from the bindings alone: a user whose last binding was revoked is not registered.
    Names and phones (status card, PDF) go to supervisors and admins of the project and to the
    officer bound to the project itself (the responsible officer named on the form), never to
    an officer bound only to the agency.
    """

    line_user_id: str
    role: Role | None = None
    project_ids: frozenset[int] = frozenset()
    agency_ids: frozenset[int] = frozenset()
    personal_project_ids: frozenset[int] = frozenset()
    personal_agency_ids: frozenset[int] = frozenset()
    everywhere: bool = False

    @property
    def registered(self) -> bool:
        """True when the user has a role at all."""
        return self.role is not None

    @property
    def is_admin(self) -> bool:
        """True for an admin granted all of BMA explicitly, who sees everything."""
        return self.role is Role.ADMIN and self.everywhere

    @property
    def user_hash(self) -> str:
        """A short hash of the LINE user id, for logs."""
        return hashlib.sha256(self.line_user_id.encode()).hexdigest()[:12]

    def can_see(self, project: Scoped) -> bool:
        """True when the user may see the project's status."""
        return self.is_admin or project.id in self.project_ids or (
            project.agency_id in self.agency_ids)

    def sees_personal_data(self, project: Scoped) -> bool:
        """True when names and phones of the project's people may be shown."""
        return self.is_admin or project.id in self.personal_project_ids or (
            project.agency_id in self.personal_agency_ids)

    def may_print(self, project: Scoped) -> bool:
        """True when the user may have the official form: it prints names and phones."""
        return self.can_see(project) and self.sees_personal_data(project)

    def filter(self, stmt: Select[*Ts]) -> Select[*Ts]:
        """Restrict a statement over Project to the projects this user may see."""
        if self.is_admin:
            return stmt
        clauses = []
        if self.project_ids:
            clauses.append(Project.id.in_(sorted(self.project_ids)))
        if self.agency_ids:
            clauses.append(Project.agency_id.in_(sorted(self.agency_ids)))
        return stmt.where(or_(*clauses) if clauses else false())


def scope_of(session: Session, line_user_id: str) -> Scope:
    """The scope of a LINE user from their bindings, in one query; no binding, no role."""
    stmt = select(Assignment.role, Assignment.project_id, Assignment.agency_id,
                  Assignment.everywhere).where(Assignment.line_user_id == line_user_id)
    rows = session.execute(stmt).all()
    role = highest(row[0] for row in rows)
    if role is None:
        return Scope(line_user_id)
    projects: set[int] = set()
    agencies: set[int] = set()
    personal_projects: set[int] = set()
    personal_agencies: set[int] = set()
    everywhere = False
    for bound_role, project_id, agency_id, all_of_bma in rows:
        if project_id is not None:
            projects.add(project_id)
            personal_projects.add(project_id)  # supervisor, admin or the responsible officer
        if agency_id is not None:
            agencies.add(agency_id)
            if bound_role in _SUPERVISING:
                personal_agencies.add(agency_id)
        everywhere = everywhere or (bool(all_of_bma) and bound_role is Role.ADMIN)
    return Scope(
        line_user_id, role, frozenset(projects), frozenset(agencies),
        frozenset(personal_projects), frozenset(personal_agencies), everywhere,
    )
