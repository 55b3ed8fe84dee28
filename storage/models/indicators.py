"""KPI indicators (seed 001) and their quarterly narratives."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from storage.coltypes import Quantity, UTCDateTime, str_enum, utcnow
from storage.enums import IndicatorLevel, Source
from storage.models.base import Base


def _norm(value: object) -> str:
    """A key component: whitespace collapsed, "-" for missing."""
    if value is None:
        return "-"
    return " ".join(str(value).split()) or "-"


def indicator_natural_key(
    agency_id: int | None, fiscal_year: int | None, number: str | None, name: str
) -> str:
    """sha256 hex of (agency, fiscal year, number, name); NULLs compare equal, unlike UNIQUE."""
    parts = [_norm(agency_id), _norm(fiscal_year), _norm(number).rstrip("."), _norm(name)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Indicator(Base):
    """A KPI indicator with its definition, target and year result."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    natural_key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    fiscal_year: Mapped[int | None] = mapped_column(Integer, index=True)
    number: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[IndicatorLevel | None] = mapped_column(str_enum(IndicatorLevel))
    level_text: Mapped[str | None] = mapped_column(Text)
    plan_strategy: Mapped[str | None] = mapped_column(Text)
    plan_substrategy: Mapped[str | None] = mapped_column(Text)
    plan_goal: Mapped[str | None] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    calculation: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[Decimal | None] = mapped_column(Quantity)
    target_unit: Mapped[str | None] = mapped_column(String(100))
    target_text: Mapped[str | None] = mapped_column(Text)
    achieved_value: Mapped[Decimal | None] = mapped_column(Quantity)
    achieved_text: Mapped[str | None] = mapped_column(Text)
    year_summary: Mapped[str | None] = mapped_column(Text)
    supporting_factors: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source] = mapped_column(str_enum(Source), default=Source.IMPORT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    quarters: Mapped[list[IndicatorQuarterReport]] = relationship(
        back_populates="indicator", order_by="IndicatorQuarterReport.quarter", passive_deletes=True
    )

    def refresh_natural_key(self) -> str:
        """Recompute natural_key from the key columns (done automatically on flush)."""
        self.natural_key = indicator_natural_key(
            self.agency_id, self.fiscal_year, self.number, self.name
        )
        return self.natural_key


@event.listens_for(Indicator, "before_insert")
@event.listens_for(Indicator, "before_update")
def _set_natural_key(_mapper: Mapper[Any], _connection: Any, target: Indicator) -> None:
    """Keep natural_key in step with the key columns at every flush."""
    target.refresh_natural_key()


class IndicatorQuarterReport(Base):
    """The narrative of one quarter (1 = Oct–Dec) of an indicator."""

    __tablename__ = "indicator_quarter_reports"
    __table_args__ = (
        UniqueConstraint("indicator_id", "fiscal_year", "quarter"),
        CheckConstraint("quarter >= 1 AND quarter <= 4", name="quarter_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int | None] = mapped_column(Integer)  # NULL: the printout named none
    quarter: Mapped[int] = mapped_column(Integer)
    narrative: Mapped[str] = mapped_column(Text)
    achieved_value: Mapped[Decimal | None] = mapped_column(Quantity)
    supporting_factors: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[int | None] = mapped_column(
        ForeignKey("line_users.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="quarters")
