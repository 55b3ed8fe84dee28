"""Report photos in the database: attach, remove (audited), list, and which files are in use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from photos.refs import PhotoRef
from storage.audit import audit, snapshot
from storage.coltypes import utcnow
from storage.models import ProgressReport, ReportPhoto


def report_photos(session: Session, report_id: int) -> list[ReportPhoto]:
    """A report's photos (not removed), in the order they were attached."""
    return list(session.scalars(
        select(ReportPhoto).where(ReportPhoto.report_id == report_id,
                                  ReportPhoto.removed_at.is_(None))
        .order_by(ReportPhoto.id)))


def photos_of_reports(session: Session, report_ids: Iterable[int]) -> dict[int, list[ReportPhoto]]:
    """The photos of several reports, by report id (every id present, maybe empty)."""
    ids = list(report_ids)
    found: dict[int, list[ReportPhoto]] = {i: [] for i in ids}
    if not ids:
        return found
    for row in session.scalars(select(ReportPhoto).where(
            ReportPhoto.report_id.in_(ids), ReportPhoto.removed_at.is_(None))
            .order_by(ReportPhoto.id)):
        found[row.report_id].append(row)
    return found


def as_refs(rows: Iterable[ReportPhoto]) -> tuple[PhotoRef, ...]:
    """Stored rows as the references a draft carries."""
    return tuple(PhotoRef(r.photo_key, r.thumb_key, r.size_bytes, r.width, r.height, r.id)
                 for r in rows)


def sync_photos(session: Session, report: ProgressReport, wanted: Iterable[PhotoRef],
                line_user_id: str) -> tuple[int, int]:
    """Make the report's photos those wanted: add the new ones, remove the ones left out (each
    audited); returns (added, removed). The caller commits."""
    current = {row.id: row for row in report_photos(session, report.id)}
    keep = {ref.row for ref in wanted if ref.row in current}
    added = 0
    seen = {row.photo_key for row in current.values() if row.id in keep}
    for ref in wanted:
        if ref.row in current or ref.key in seen:
            continue
        seen.add(ref.key)
        row = ReportPhoto(report_id=report.id, project_id=report.project_id, period=report.period,
                          photo_key=ref.key, thumb_key=ref.thumb, size_bytes=ref.size,
                          width=ref.width, height=ref.height, line_user_id=line_user_id)
        session.add(row)
        session.flush()
        audit(session, line_user_id, "photo.add", "report_photos", row.id, None, snapshot(row))
        added += 1
    removed = 0
    for row_id, row in current.items():
        if row_id not in keep:
            before = snapshot(row)
            row.removed_at = utcnow()
            session.flush()
            audit(session, line_user_id, "photo.remove", "report_photos", row.id, before,
                  snapshot(row))
            removed += 1
    return added, removed


def referenced_keys(session: Session, removed_before: datetime | None = None) -> set[str]:
    """Every file key a report photo refers to: live ones, and removed ones still retained
    (removed at or after removed_before; None: every removed one is retained)."""
    keys: set[str] = set()
    query = select(ReportPhoto.photo_key, ReportPhoto.thumb_key, ReportPhoto.removed_at)
    for photo, thumb, removed_at in session.execute(query):
        if removed_at is None or removed_before is None or removed_at >= removed_before:
            keys.update((photo, thumb))
    return keys


def project_photos(session: Session, project_id: int) -> list[tuple[ReportPhoto, int]]:
    """A project's photos (not removed) with their report's number, latest month first."""
    rows = session.execute(
        select(ReportPhoto, ProgressReport.number)
        .join(ProgressReport, ProgressReport.id == ReportPhoto.report_id)
        .where(ReportPhoto.project_id == project_id, ReportPhoto.removed_at.is_(None))
        .order_by(ReportPhoto.period.desc(), ReportPhoto.id))
    return [(row, int(number)) for row, number in rows]
