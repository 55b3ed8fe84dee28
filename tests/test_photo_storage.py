"""report_photos on SQLite and PostgreSQL: attach, remove (audited), list, referenced files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from photos.refs import PhotoRef
from storage.coltypes import utcnow
from storage.db import make_engine, make_session_factory
from storage.enums import Source
from storage.models import Agency, AuditLog, ProgressReport, Project
from storage.photos import project_photos, referenced_keys, report_photos, sync_photos


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        yield s
    engine.dispose()


def _report(s: Session) -> ProgressReport:
    agency = Agency(code="50470000", name="สำนักงานเขตบางนา")
    s.add(agency)
    s.flush()
    project = Project(code="50470000-3430", agency_id=agency.id, name="โครงการ", fiscal_year=2570,
                      budget_received=Decimal("1000.00"), source=Source.IMPORT)
    s.add(project)
    s.flush()
    report = ProgressReport(project_id=project.id, number=1, report_date=date(2026, 10, 20),
                            detail="ทดสอบ", progress_percent=Decimal(10),
                            budget_disbursed=Decimal(0), on_plan=True, on_target=True)
    s.add(report)
    s.flush()
    return report


def _ref(n: int, row: int = 0) -> PhotoRef:
    return PhotoRef(f"{n:064x}", f"{n + 100:064x}", 1000 + n, 640, 480, row)


def test_sync_adds_removes_and_audits_each_photo(session: Session) -> None:
    report = _report(session)
    assert sync_photos(session, report, [_ref(1), _ref(2), _ref(2)], "U1") == (2, 0)
    rows = report_photos(session, report.id)
    assert [r.photo_key for r in rows] == [_ref(1).key, _ref(2).key]
    assert rows[0].period == date(2026, 10, 1)
    kept = [_ref(2, rows[1].id), _ref(3)]
    assert sync_photos(session, report, kept, "U2") == (1, 1)
    session.commit()
    assert [r.photo_key for r in report_photos(session, report.id)] == [_ref(2).key, _ref(3).key]
    assert [(r.photo_key, n) for r, n in project_photos(session, report.project_id)] == [
        (_ref(2).key, 1), (_ref(3).key, 1)]
    actions = [(a.action, a.actor) for a in session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions == [("photo.add", "U1"), ("photo.add", "U1"), ("photo.add", "U2"),
                       ("photo.remove", "U2")]


def test_referenced_keys_keep_removed_photos_only_while_retained(session: Session) -> None:
    report = _report(session)
    sync_photos(session, report, [_ref(1), _ref(2)], "U1")
    first = report_photos(session, report.id)[0]
    sync_photos(session, report, [_ref(1, first.id)], "U1")  # the second is removed now
    session.commit()
    everything = {_ref(1).key, _ref(1).thumb, _ref(2).key, _ref(2).thumb}
    assert referenced_keys(session) == everything
    assert referenced_keys(session, utcnow() - timedelta(days=1)) == everything
    assert referenced_keys(session, utcnow() + timedelta(seconds=5)) == {_ref(1).key,
                                                                         _ref(1).thumb}
