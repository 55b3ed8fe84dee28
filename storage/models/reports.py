"""Monthly progress reports of projects ("รายงานครั้งที่ N")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.coltypes import Money, Percent, UTCDateTime, str_enum, utcnow
from storage.enums import Source
from storage.models.base import Base

if TYPE_CHECKING:
    from storage.models.org import Project


class ProgressReport(Base):
    """The current values of report N of a project; corrections bump revision (old in audit_log)."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index("ix_progress_reports_project_id_report_date", "project_id", "report_date"),
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
    detail: Mapped[str] = mapped_column(Text)
    progress_percent: Mapped[Decimal] = mapped_column(Percent)
    budget_disbursed: Mapped[Decimal] = mapped_column(Money)
    budget_count: Mapped[int | None] = mapped_column(Integer)
    on_plan: Mapped[bool] = mapped_column(Boolean)
    on_target: Mapped[bool] = mapped_column(Boolean)
    obstacles: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source] = mapped_column(str_enum(Source), default=Source.BOT)
    submitted_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("line_users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="reports")
