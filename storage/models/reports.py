"""Monthly progress reports of projects ("รายงานครั้งที่ N")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from core.report_schema import REPORT_FIELDS, Kind
from storage.coltypes import Money, Percent, UTCDateTime, str_enum, utcnow
from storage.enums import Source
from storage.models.base import Base

if TYPE_CHECKING:
    from storage.models.org import Project


def _month_of_report_date(context: Any) -> date:
    """A printed report's month is its date's month: the default when none is given."""
    printed: date = context.get_current_parameters()["report_date"]
    return printed.replace(day=1)


class ProgressReport(Base):
    """The current values of report N of a project; corrections bump revision (old in audit_log).

    `period` is the reporting month the report is for (its first day), stored, never inferred:
    a report filed on 7 Dec for November has period 1 Nov. `report_date` is the date printed on
    the form (the filing day, or the month's last day for a month filed after it ended) and
    `submitted_at` the moment it was filed. `number` (รายงานครั้งที่ N) follows the months.
    """

    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("ix_progress_reports_project_id_report_date", "project_id", "report_date"),
        Index("ix_progress_reports_project_id_period", "project_id", "period"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint(
            "progress_percent >= 0 AND progress_percent <= 100", name="progress_percent_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    report_date: Mapped[date] = mapped_column(Date)
    period: Mapped[date] = mapped_column(Date, default=_month_of_report_date)
    detail: Mapped[str] = mapped_column(Text)
    progress_percent: Mapped[Decimal] = mapped_column(Percent)
    budget_disbursed: Mapped[Decimal] = mapped_column(Money)
    budget_count: Mapped[int | None] = mapped_column(Integer)
    on_plan: Mapped[bool | None] = mapped_column(Boolean)  # None: the printout left it blank
    on_target: Mapped[bool | None] = mapped_column(Boolean)
    obstacles: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source] = mapped_column(str_enum(Source), default=Source.BOT)
    submitted_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("line_users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="reports")

    @validates("period")
    def _first_of_month(self, _key: str, value: date) -> date:
        if value.day != 1:
            raise ValueError(f"a reporting period is the first day of its month, not {value}")
        return value


_COLUMN_TYPES: dict[Kind, Any] = {Kind.TEXT: Text, Kind.PERCENT: Percent, Kind.MONEY: Money,
                                  Kind.COUNT: Integer, Kind.BOOL: Boolean}


def _declared_columns() -> None:
    """Give every report field without a hand-written column above a nullable column of its
    kind (core.report_schema); a count may not be negative."""
    table = ProgressReport.__table__
    for declared in REPORT_FIELDS:
        if declared.column in table.c:
            continue
        kind = _COLUMN_TYPES[declared.kind]
        setattr(ProgressReport, declared.column, mapped_column(kind, nullable=True))
        if declared.kind is Kind.COUNT:
            table.append_constraint(  # type: ignore[attr-defined]
                CheckConstraint(f"{declared.column} >= 0",
                                name=f"{declared.column}_not_negative"))


_declared_columns()
