"""Small repository helpers; they take a session and never commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Agency, ProgressReport, Project, check_agency_code
from storage.upsert import insert_ignore


def get_or_create_agency(session: Session, code: str, name: str | None = None) -> Agency:
    """The agency with code, created if missing (race-safe); fills in a missing name."""
    agency = session.scalars(select(Agency).where(Agency.code == code)).one_or_none()
    if agency is None:
        check_agency_code(code)
        session.execute(
            insert_ignore(session, Agency, ["code"]).values(code=code, name=name)
        )
        agency = session.scalars(
            select(Agency).where(Agency.code == code).execution_options(populate_existing=True)
        ).one()
    if name and not agency.name:
        agency.name = name
    return agency


def get_project_by_code(session: Session, code: str) -> Project | None:
    """The project with code (AAAAAAAA-NNNN), or None."""
    return session.scalars(select(Project).where(Project.code == code.strip())).one_or_none()


def latest_report(session: Session, project_id: int) -> ProgressReport | None:
    """The project's report of its latest reporting month (then the highest number)."""
    stmt = (
        select(ProgressReport)
        .where(ProgressReport.project_id == project_id)
        .order_by(ProgressReport.period.desc(), ProgressReport.number.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def next_report_number(session: Session, project_id: int) -> int:
    """One more than the project's highest report number (1 for the first report)."""
    stmt = select(func.coalesce(func.max(ProgressReport.number), 0)).where(
        ProgressReport.project_id == project_id
    )
    return int(session.scalar(stmt) or 0) + 1
