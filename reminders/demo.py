"""A demo project bound to a chat user, so a newcomer can see a reminder arrive."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.periods import fiscal_year_end, fiscal_year_of, fiscal_year_start
from storage.enums import Role, Source
from storage.models import Agency, Assignment, LineUser, Project

DEMO_AGENCY = "10000000"
DEMO_PROJECTS = (("10000000-0001", "โครงการทดลองระบบเตือนส่งรายงาน"),
                 ("10000000-0002", "โครงการทดลองห้องสมุดเคลื่อนที่"))


def ensure_demo(session: Session, line_user_id: str) -> list[int]:
    """Create the demo agency, projects and the user's officer binding if missing."""
    agency = session.scalar(select(Agency).where(Agency.code == DEMO_AGENCY))
    if agency is None:
        agency = Agency(code=DEMO_AGENCY, name="หน่วยงานทดลอง")
        session.add(agency)
        session.flush()
    year = fiscal_year_of(datetime.now(UTC).date())
    ids = []
    for code, name in DEMO_PROJECTS:
        project = session.scalar(select(Project).where(Project.code == code))
        if project is None:
            project = Project(code=code, agency_id=agency.id, name=name, fiscal_year=year,
                              start_date=fiscal_year_start(year),
                              end_date=fiscal_year_end(year),
                              source=Source.ADMIN)
            session.add(project)
            session.flush()
        ids.append(project.id)
    user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
    if user is None:
        session.add(LineUser(line_user_id=line_user_id, role=Role.OFFICER))
    elif user.role is None:
        user.role = Role.OFFICER
    session.flush()
    bound = set(session.scalars(select(Assignment.project_id).where(
        Assignment.line_user_id == line_user_id, Assignment.role == Role.OFFICER)))
    for pid in ids:
        if pid not in bound:
            session.add(Assignment(line_user_id=line_user_id, role=Role.OFFICER, project_id=pid))
    return ids
