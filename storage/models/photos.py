"""Photos attached to reports as evidence (หลักฐาน): references; the bytes live in photos/."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.coltypes import UTCDateTime, utcnow
from storage.models.base import Base


class ReportPhoto(Base):
    """One photo of one month's report: its stored copy and thumbnail (content hashes), who
    attached it and when; a removed photo keeps its row (removed_at) for the audit trail."""

    __tablename__ = "report_photos"
    __table_args__ = (
        Index("ix_report_photos_report_id", "report_id"),
        Index("ix_report_photos_project_id_period", "project_id", "period"),
        Index("ix_report_photos_photo_key", "photo_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)
    photo_key: Mapped[str] = mapped_column(String(64))
    thumb_key: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    line_user_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
