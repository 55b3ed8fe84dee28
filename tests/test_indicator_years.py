"""Indicator reports are kept per fiscal year: import asks for the year, export shows one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from forms.exporter import collect_records, records_text
from forms.importer import import_texts
from storage.db import make_engine, make_session_factory
from storage.models import Indicator, IndicatorQuarterReport
from tests.seeds import SEEDS

PRINTOUT = (SEEDS / "001_ce7fb0a3eb1f43d0.txt").read_text(encoding="utf-8")
OLD_Q1 = "อยู่ระหว่างจัดทำหนังสือประสานงานกับหน่วยงานร่วมจัดกิจกรรม"
NEW_Q1 = "จัดกิจกรรมห้องสมุดเคลื่อนที่ครบ 12 ครั้ง"


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a freshly migrated database (both backends)."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


def _number(sessions: sessionmaker[Session]) -> str:
    with sessions() as s:
        numbers = {i.number for i in s.scalars(select(Indicator))}
    [number] = numbers
    assert number is not None
    return number


def test_a_printout_without_a_year_is_imported_with_a_question(sessions) -> None:
    summary = import_texts(sessions, [("kpi.txt", PRINTOUT)])
    assert summary.ok
    assert any("--fiscal-year" in w.message for w in summary.warnings)
    # the admin answers: the same printout with its year adopts the indicator and its quarters
    summary = import_texts(sessions, [("kpi.txt", PRINTOUT)], fiscal_year=2563)
    assert summary.ok
    assert not any("--fiscal-year" in w.message for w in summary.warnings)
    with sessions() as s:
        [indicator] = s.scalars(select(Indicator)).all()
        assert indicator.fiscal_year == 2563
        years = {q.fiscal_year for q in s.scalars(select(IndicatorQuarterReport))}
        assert years == {2563}


def test_a_new_year_never_replaces_the_old_year_and_export_shows_one_year(sessions) -> None:
    assert import_texts(sessions, [("2563.txt", PRINTOUT)], fiscal_year=2563).ok
    assert OLD_Q1 in PRINTOUT
    newer = PRINTOUT.replace(OLD_Q1, NEW_Q1)
    assert import_texts(sessions, [("2570.txt", newer)], fiscal_year=2570).ok
    number = _number(sessions)
    with sessions() as s:
        assert len(s.scalars(select(Indicator)).all()) == 2
        old = records_text(collect_records(s, indicator_numbers=[number], fiscal_year=2563))
        new = records_text(collect_records(s, indicator_numbers=[number], fiscal_year=2570))
    assert OLD_Q1 in old
    assert NEW_Q1 not in old
    assert NEW_Q1 in new
    assert OLD_Q1 not in new
    assert old.count("ไตรมาสที่ 1") == new.count("ไตรมาสที่ 1") == 1
