"""Agencies, their units, and projects."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storage.coltypes import Money, UTCDateTime, str_enum, utcnow
from storage.enums import Source
from storage.models.base import Base

if TYPE_CHECKING:
    from storage.models.reports import ProgressReport

AGENCY_CODE_RE = re.compile(r"\d{8}")
PROJECT_CODE_RE = re.compile(r"\d{8}-\d{4}")


def check_agency_code(code: str) -> str:
    """code itself if it is 8 digits, else ValueError."""
    if not AGENCY_CODE_RE.fullmatch(code):
        raise ValueError(f"not an agency code (8 digits): {code!r}")
    return code


def agency_code_of(project_code: str) -> str:
    """The agency code of a project code: its first 8 digits ("50470000-3430" → "50470000")."""
    if not PROJECT_CODE_RE.fullmatch(project_code):
        raise ValueError(f"not a project code (AAAAAAAA-NNNN): {project_code!r}")
    return project_code[:8]


class Agency(Base):
    """A BMA agency (department or district office), e.g. 50470000 สำนักงานเขตบางนา."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @validates("code")
    def _check_code(self, _key: str, code: str) -> str:
        return check_agency_code(code)


class Unit(Base):
    """A unit inside an agency, as the form writes it: "department / division / section"."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("agency_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))

    agency: Mapped[Agency] = relationship()


class Project(Base):
    """A project or routine activity, addressed by its code AAAAAAAA-NNNN."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(13), unique=True, index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(800), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    budget_received: Mapped[Decimal | None] = mapped_column(Money)
    budget_used: Mapped[Decimal | None] = mapped_column(Money)
    responsible_name: Mapped[str | None] = mapped_column(String(255))
    responsible_phone: Mapped[str | None] = mapped_column(String(100))
    coordinator_name: Mapped[str | None] = mapped_column(String(255))
    coordinator_phone: Mapped[str | None] = mapped_column(String(100))
    rationale: Mapped[str | None] = mapped_column(Text)
    objectives: Mapped[str | None] = mapped_column(Text)
    targets: Mapped[str | None] = mapped_column(Text)
    plan_strategy: Mapped[str | None] = mapped_column(Text)
    plan_substrategy: Mapped[str | None] = mapped_column(Text)
    plan_goal: Mapped[str | None] = mapped_column(Text)
    plan_indicator: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source] = mapped_column(str_enum(Source), default=Source.ADMIN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    unit: Mapped[Unit | None] = relationship()
    reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="project", order_by="ProgressReport.number", passive_deletes=True
    )

    @validates("code")
    def _check_code(self, _key: str, code: str) -> str:
        agency_code_of(code)
        return code
