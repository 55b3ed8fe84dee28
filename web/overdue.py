"""The overdue page's rows: who owes which months since when, names only for those entitled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.periods import Period
from handlers.status_views import Row
from storage.enums import Role
from storage.models import Agency, Assignment, LineUser, Project
from storage.scope import Scope


@dataclass(frozen=True)
class Owed:
    """One late project: its missing months (core.months) and who answers for it."""

    code: str
    name: str
    agency_code: str
    agency_name: str | None
    missing: tuple[Period, ...]
    responsible: str | None  # the form's responsible person (None: hidden or not printed)
    officers: tuple[str, ...]  # LINE display names of officers bound to it (hidden: empty)
    personal: bool  # whether the viewer may see names

    @property
    def since(self) -> Period:
        """The earliest missing month."""
        return self.missing[0]


def can_nudge(scope: Scope) -> bool:
    """Whether the viewer may press "เตือนค้างส่ง" (the chat command's own test)."""
    return scope.role in (Role.SUPERVISOR, Role.ADMIN) and bool(
        scope.agency_ids or scope.project_ids)


def owed(session: Session, scope: Scope, rows: list[Row], agency: str = "") -> list[Owed]:
    """The late projects of rows (of one agency if given), earliest missing month first."""
    codes = [r.standing.code for r in rows]
    if not codes:
        return []
    heads = {code: (pid, agency_id, acode, aname, responsible)
             for pid, code, agency_id, acode, aname, responsible in session.execute(
                 select(Project.id, Project.code, Project.agency_id, Agency.code, Agency.name,
                        Project.responsible_name)
                 .join(Agency, Agency.id == Project.agency_id)
                 .where(Project.code.in_(codes)))}
    names: dict[int, list[str]] = defaultdict(list)
    for pid, display in session.execute(
            select(Assignment.project_id, LineUser.display_name)
            .join(LineUser, LineUser.line_user_id == Assignment.line_user_id)
            .where(Assignment.role == Role.OFFICER,
                   Assignment.project_id.in_([h[0] for h in heads.values()]))
            .order_by(LineUser.display_name)):
        if pid is not None:
            names[pid].append(display or "(ไม่ทราบชื่อ)")
    out = []
    for r in rows:
        pid, agency_id, acode, aname, responsible = heads[r.standing.code]
        if agency and acode != agency:
            continue
        personal = scope.sees_personal_data(_Ref(pid, agency_id))
        out.append(Owed(r.standing.code, r.standing.name, acode, aname, r.months.missing,
                        responsible if personal else None,
                        tuple(names.get(pid, ())) if personal else (), personal))
    out.sort(key=lambda o: (o.since, o.code))
    return out


@dataclass(frozen=True)
class _Ref:
    """A project's id and agency, for the scope's checks."""

    id: int
    agency_id: int
