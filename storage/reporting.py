"""What officers may report on, the context a draft needs, and storing finished reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from storage.audit import audit, snapshot
from storage.coltypes import utcnow
from storage.enums import Role, Source
from storage.models import Assignment, LineUser, ProgressReport, Project
from storage.repo import latest_report, next_report_number


def _officer_bindings(column: Any) -> Select[Any]:
    """One column of the officer bindings of the user named by the "user" parameter."""
    return select(column).where(Assignment.line_user_id == bindparam("user"),
                                Assignment.role == Role.OFFICER)


# Built once: building the statement for every message cost more than running it.
_REPORTABLE = (select(Project)
               .where(or_(Project.id.in_(_officer_bindings(Assignment.project_id)),
                          Project.agency_id.in_(_officer_bindings(Assignment.agency_id))))
               .order_by(Project.code))


def reportable_projects(session: Session, line_user_id: str) -> list[Project]:
    """Projects an officer is bound to, directly or through their agency, by code."""
    return list(session.scalars(_REPORTABLE, {"user": line_user_id}))


def user_row(session: Session, line_user_id: str) -> LineUser | None:
    """The stored LINE user, if any."""
    return session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))


def total_disbursed(session: Session, project_id: int) -> Decimal:
    """The sum of budget disbursed over all reports of a project."""
    total = session.scalar(select(func.coalesce(func.sum(ProgressReport.budget_disbursed), 0))
                           .where(ProgressReport.project_id == project_id))
    return Decimal(str(total)).quantize(Decimal("0.01"))


def draft_context(session: Session, project: Project,
                  last: ProgressReport | None = None) -> dict[str, str]:
    """Hints and limits for a draft: last report's values (last, when the caller has read
    it already) and the budget."""
    ctx: dict[str, str] = {}
    last = last or latest_report(session, project.id)
    if last is not None:
        ctx.update(last_progress=str(last.progress_percent), last_detail=last.detail,
                   last_number=str(last.number), last_date=last.report_date.isoformat())
    if project.budget_received:
        ctx["budget_received"] = str(project.budget_received)
    ctx["budget_used"] = str(total_disbursed(session, project.id))
    return ctx


@dataclass(frozen=True)
class ReportValues:
    """The answers of a finished progress report draft."""

    detail: str
    progress: Decimal
    disbursed: Decimal
    on_plan: bool
    on_target: bool
    obstacles: str | None


def submit_report(session: Session, project: Project, values: ReportValues,
                  line_user_id: str, today: date) -> ProgressReport:
    """Store a new report with the next number and today's date, and audit it."""
    user = user_row(session, line_user_id)
    report = ProgressReport(
        project_id=project.id, number=next_report_number(session, project.id), revision=1,
        report_date=today, detail=values.detail, progress_percent=values.progress,
        budget_disbursed=values.disbursed, on_plan=values.on_plan, on_target=values.on_target,
        obstacles=values.obstacles, source=Source.BOT,
        submitted_by_user_id=user.id if user else None, submitted_at=utcnow())
    report.budget_count = report.number
    session.add(report)
    session.flush()
    audit(session, line_user_id, "report.create", "progress_reports", report.id, None,
          snapshot(report))
    return report


def amend_report(session: Session, report: ProgressReport, values: ReportValues,
                 line_user_id: str) -> ProgressReport:
    """Correct a report as a new revision; the old values stay in the audit log."""
    before = snapshot(report)
    report.detail, report.progress_percent = values.detail, values.progress
    report.budget_disbursed, report.on_plan = values.disbursed, values.on_plan
    report.on_target, report.obstacles = values.on_target, values.obstacles
    report.revision += 1
    report.source = Source.BOT
    report.submitted_at = utcnow()
    user = user_row(session, line_user_id)
    report.submitted_by_user_id = user.id if user else report.submitted_by_user_id
    session.flush()
    audit(session, line_user_id, "report.amend", "progress_reports", report.id, before,
          snapshot(report))
    return report


def latest_in_period(session: Session, project_id: int, period_start: date,
                     period_end: date) -> ProgressReport | None:
    """The latest report of a project dated within a period."""
    return session.scalar(select(ProgressReport)
                          .where(ProgressReport.project_id == project_id,
                                 ProgressReport.report_date >= period_start,
                                 ProgressReport.report_date <= period_end)
                          .order_by(ProgressReport.number.desc()).limit(1))


def last_submitted_by(session: Session, line_user_id: str,
                      day: date) -> tuple[ProgressReport, Project] | None:
    """The report a user submitted (or amended) most recently, if it is dated on day."""
    user = user_row(session, line_user_id)
    if user is None:
        return None
    row = session.execute(
        select(ProgressReport, Project).join(Project, Project.id == ProgressReport.project_id)
        .where(ProgressReport.submitted_by_user_id == user.id)
        .order_by(ProgressReport.submitted_at.desc()).limit(1)).first()
    if row is None or row[0].report_date != day:
        return None
    return row[0], row[1]
