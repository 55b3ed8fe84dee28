"""Indicators an officer may report on, and storing their quarterly reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.audit import audit, snapshot
from storage.coltypes import utcnow
from storage.enums import Role
from storage.models import Assignment, Indicator, IndicatorQuarterReport, Project
from storage.reporting import user_row


def reportable_indicators(session: Session, line_user_id: str) -> list[Indicator]:
    """Indicators of the agencies an officer works for (directly or through a project)."""
    bound = select(Assignment).where(Assignment.line_user_id == line_user_id,
                                     Assignment.role == Role.OFFICER).subquery()
    via_projects = select(Project.agency_id).where(Project.id.in_(select(bound.c.project_id)))
    agencies = select(bound.c.agency_id).where(bound.c.agency_id.is_not(None))
    stmt = (select(Indicator)
            .where(or_(Indicator.agency_id.in_(agencies), Indicator.agency_id.in_(via_projects)))
            .order_by(Indicator.number, Indicator.id))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class QuarterValues:
    """The answers of a finished quarterly indicator draft."""

    quarter: int
    narrative: str
    achieved: Decimal
    supporting_factors: str | None
    obstacles: str | None
    year_summary: str | None
    fiscal_year: int | None = None  # of the day the draft began


def submit_quarter(session: Session, indicator: Indicator, values: QuarterValues,
                   line_user_id: str) -> IndicatorQuarterReport:
    """Store (or replace) one quarter's report of a fiscal year and the achieved value; audited."""
    same_year = (IndicatorQuarterReport.fiscal_year.is_(None) if values.fiscal_year is None
                 else IndicatorQuarterReport.fiscal_year == values.fiscal_year)
    row = session.scalar(select(IndicatorQuarterReport).where(
        IndicatorQuarterReport.indicator_id == indicator.id, same_year,
        IndicatorQuarterReport.quarter == values.quarter))
    before = snapshot(row) if row is not None else None
    if row is None:
        row = IndicatorQuarterReport(indicator_id=indicator.id, quarter=values.quarter,
                                     fiscal_year=values.fiscal_year, narrative=values.narrative)
        session.add(row)
    user = user_row(session, line_user_id)
    row.narrative, row.achieved_value = values.narrative, values.achieved
    row.supporting_factors, row.obstacles = values.supporting_factors, values.obstacles
    row.submitted_by, row.submitted_at = (user.id if user else None), utcnow()
    indicator.achieved_value = values.achieved
    if values.year_summary:
        indicator.year_summary = values.year_summary
    session.flush()
    audit(session, line_user_id, "indicator.quarter", "indicator_quarter_reports", row.id,
          before, snapshot(row))
    return row


def visible_indicators(session: Session, agency_ids: frozenset[int], project_ids: frozenset[int],
                       everything: bool) -> list[Indicator]:
    """Indicators of the agencies someone oversees (or of their projects' agencies; admins: all)."""
    stmt = select(Indicator).order_by(Indicator.number, Indicator.id)
    if not everything:
        via_projects = select(Project.agency_id).where(Project.id.in_(project_ids))
        stmt = stmt.where(or_(Indicator.agency_id.in_(agency_ids),
                              Indicator.agency_id.in_(via_projects)))
    return list(session.scalars(stmt))
