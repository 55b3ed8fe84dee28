"""What officers may report on, the context a draft needs, and storing finished reports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from core.periods import Period, period_of
from core.report_schema import REPORT_FIELDS, Kind, ReportField, always
from storage.audit import audit, snapshot
from storage.coltypes import utcnow
from storage.enums import Role, Source
from storage.models import Assignment, LineUser, ProgressReport, Project
from storage.repo import next_report_number


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


def month_report(session: Session, project_id: int, period: date) -> ProgressReport | None:
    """The project's report for a month (the highest number, should an import bring two)."""
    return session.scalar(select(ProgressReport)
                          .where(ProgressReport.project_id == project_id,
                                 ProgressReport.period == period)
                          .order_by(ProgressReport.number.desc()).limit(1))


def previous_report(session: Session, project_id: int, period: date) -> ProgressReport | None:
    """The report of the latest month before period: what "last time" means for that month."""
    return session.scalar(select(ProgressReport)
                          .where(ProgressReport.project_id == project_id,
                                 ProgressReport.period < period)
                          .order_by(ProgressReport.period.desc(), ProgressReport.number.desc())
                          .limit(1))


def next_report(session: Session, project_id: int, period: date) -> ProgressReport | None:
    """The report of the earliest month after period (there is one when filing late)."""
    return session.scalar(select(ProgressReport)
                          .where(ProgressReport.project_id == project_id,
                                 ProgressReport.period > period)
                          .order_by(ProgressReport.period, ProgressReport.number).limit(1))


def reported_months(session: Session, project_id: int) -> list[tuple[Period, Decimal]]:
    """The months a project has reports for, with each report's cumulative progress."""
    rows = session.execute(select(ProgressReport.period, ProgressReport.progress_percent)
                           .where(ProgressReport.project_id == project_id))
    return [(period_of(month), Decimal(str(progress))) for month, progress in rows]


def draft_context(session: Session, project: Project, period: date) -> dict[str, str]:
    """Hints and limits for a draft of one month: the previous month's report and the budget."""
    ctx: dict[str, str] = {"period": period.isoformat()}
    last = previous_report(session, project.id, period)
    if last is not None:
        ctx.update(last_progress=str(last.progress_percent), last_detail=last.detail,
                   last_number=str(last.number), last_date=last.report_date.isoformat(),
                   last_period=last.period.isoformat())
    later = next_report(session, project.id, period)
    if later is not None:
        ctx.update(next_progress=str(later.progress_percent),
                   next_period=later.period.isoformat())
    if project.budget_received:
        ctx["budget_received"] = str(project.budget_received)
    ctx["budget_used"] = str(total_disbursed(session, project.id))
    return ctx


# The answers of a finished draft, by report field name (core.report_schema).
ReportValues = Mapping[str, Any]


def column_value(field: ReportField, value: Any) -> Any:
    """A field's answer as its column holds it (a count as an int, empty text as None)."""
    if value is None or (field.kind is Kind.TEXT and value == "" and field.required is not always):
        return None
    return int(value) if field.kind is Kind.COUNT else value


def report_columns(values: ReportValues) -> dict[str, Any]:
    """The progress_reports columns of a draft's answers; a field not answered (a draft begun
    before the field existed) stores NULL."""
    return {f.column: column_value(f, values.get(f.name)) for f in REPORT_FIELDS}


def report_answers(report: ProgressReport) -> dict[str, Any]:
    """A stored report's values by report field name."""
    return {f.name: getattr(report, f.column) for f in REPORT_FIELDS}


def printed_date(period: date, today: date) -> date:
    """The date a report is printed with: today, or its month's last day if that has ended."""
    if (period.year, period.month) >= (today.year, today.month):
        return today
    return period_of(period).end


def _number_for(session: Session, project_id: int, period: date, actor: str) -> int:
    """The number a new report of a month takes: its place among the months (later reports
    move up by one, each move audited), or the next number when it is the latest month."""
    later = session.scalar(select(func.min(ProgressReport.number))
                           .where(ProgressReport.project_id == project_id,
                                  ProgressReport.period > period))
    if later is None:
        return next_report_number(session, project_id)
    moving = list(session.scalars(select(ProgressReport)
                                  .where(ProgressReport.project_id == project_id,
                                         ProgressReport.number >= later)
                                  .order_by(ProgressReport.number.desc())))
    for report in moving:  # highest first: (project_id, number) stays unique at every step
        before = {"number": report.number, "budget_count": report.budget_count}
        if report.budget_count == report.number:
            report.budget_count += 1
        report.number += 1
        session.flush()
        audit(session, actor, "report.renumber", "progress_reports", report.id, before,
              {"number": report.number, "budget_count": report.budget_count})
    return int(later)


def submit_report(session: Session, project: Project, values: ReportValues,
                  line_user_id: str, period: date, today: date,
                  at: datetime | None = None) -> ProgressReport:
    """Store a new report for a month, numbered in month order, and audit it (at: when it
    was sent, the caller's clock; now by default)."""
    user = user_row(session, line_user_id)
    number = _number_for(session, project.id, period, line_user_id)
    report = ProgressReport(
        project_id=project.id, number=number, revision=1, period=period,
        report_date=printed_date(period, today), **report_columns(values),
        source=Source.BOT, budget_count=number,
        submitted_by_user_id=user.id if user else None, submitted_at=at or utcnow())
    session.add(report)
    session.flush()
    audit(session, line_user_id, "report.create", "progress_reports", report.id, None,
          snapshot(report))
    return report


def amend_report(session: Session, report: ProgressReport, values: ReportValues,
                 line_user_id: str, at: datetime | None = None) -> ProgressReport:
    """Correct a report as a new revision; the old values stay in the audit log."""
    before = snapshot(report)
    for column, value in report_columns(values).items():
        setattr(report, column, value)
    report.revision += 1
    report.source = Source.BOT
    report.submitted_at = at or utcnow()
    user = user_row(session, line_user_id)
    report.submitted_by_user_id = user.id if user else report.submitted_by_user_id
    session.flush()
    audit(session, line_user_id, "report.amend", "progress_reports", report.id, before,
          snapshot(report))
    return report


def last_submitted_by(session: Session, line_user_id: str,
                      since: datetime) -> tuple[ProgressReport, Project] | None:
    """The report a user submitted (or amended) most recently, if that was after since."""
    user = user_row(session, line_user_id)
    if user is None:
        return None
    row = session.execute(
        select(ProgressReport, Project).join(Project, Project.id == ProgressReport.project_id)
        .where(ProgressReport.submitted_by_user_id == user.id)
        .order_by(ProgressReport.submitted_at.desc()).limit(1)).first()
    if row is None or row[0].submitted_at < since:
        return None
    return row[0], row[1]
