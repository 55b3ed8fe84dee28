"""Property: whatever the order reports arrive in, every view's missing months equal an oracle.

Random printouts imported, then months filed on time, late or out of order through the bot's
storage path, and corrections; then a random "today". The status card, ค้างส่ง/สรุป and the
reminder planner must each name exactly the months this file's own small oracle names, and
report numbers must follow the months.
"""

from __future__ import annotations

import calendar
import shutil
import tempfile
from datetime import UTC, date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.periods import Period, period_of
from handlers.status import overview_rows, project_status
from handlers.status_views import overdue_of
from reminders.due import load_due_dates
from reminders.facts import load_facts
from reminders.policy import Policy
from storage import queries
from storage.db import make_engine, make_session_factory
from storage.enums import Role, Source
from storage.models import Agency, Assignment, LineUser, ProgressReport, Project
from storage.reporting import amend_report, month_report, submit_report
from storage.scope import scope_of

START = date(2026, 10, 1)
MONTHS = [Period(2026, 10 + i) if i < 3 else Period(2027, i - 2) for i in range(12)]
OFFICER, ADMIN = "U" + "o" * 32, "U" + "a" * 32


@cache
def _days_off(year: int) -> frozenset[date]:
    """Thai public and government holidays, straight from the holidays package."""
    found = holidays.country_holidays("TH", years=[year],
                                      categories=(holidays.PUBLIC, holidays.GOVERNMENT))
    return frozenset(found)


def _due(period: Period) -> date:
    """The 25th (or the month's last day), moved back to a working day."""
    day = date(period.year, period.month, min(25, calendar.monthrange(period.year,
                                                                      period.month)[1]))
    while day.weekday() >= 5 or day in _days_off(day.year):
        day -= timedelta(days=1)
    return day


def _oracle(reported: dict[Period, Decimal], end: date, today: date) -> tuple[list[Period],
                                                                              list[Period]]:
    """(missing, open) months, written from the rule in the README, not from core.months."""
    done = None
    for month in sorted(reported):
        done = (done or month) if reported[month] >= 100 else None
    if done is not None and end < today:
        return [], []
    months = [m for m in MONTHS if m.start <= min(end, today) and (done is None or m <= done)]
    unreported = [m for m in months if m not in reported]
    return [m for m in unreported if _due(m) < today], [m for m in unreported
                                                          if _due(m) >= today]


def _seed(url: str, end: date) -> None:
    sessions = make_session_factory(make_engine(url))
    with sessions.begin() as s:
        agency = Agency(code="50470000", name="สำนักงานเขตบางนา")
        s.add(agency)
        s.flush()
        s.add(Project(code="50470000-0001", agency_id=agency.id, name="ทดสอบ", fiscal_year=2570,
                      start_date=START, end_date=end, source=Source.IMPORT))
        s.add_all([LineUser(line_user_id=OFFICER, role=Role.OFFICER),
                   LineUser(line_user_id=ADMIN, role=Role.ADMIN)])
        s.flush()
        s.add(Assignment(line_user_id=ADMIN, role=Role.ADMIN, everywhere=True))


progress = st.sampled_from(["0", "10", "35.5", "60", "99.99", "100"]).map(Decimal)
imports = st.dictionaries(st.integers(0, 11), progress, max_size=6)
actions = st.lists(st.tuples(st.sampled_from(["file", "amend"]), st.integers(0, 11), progress,
                             st.integers(0, 70)), max_size=8)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(printed=imports, steps=actions, today_offset=st.integers(0, 520),
       short=st.booleans())
def test_every_view_names_the_oracles_months(request: pytest.FixtureRequest,
                                             printed: dict[int, Decimal],
                                             steps: list[tuple[str, int, Decimal, int]],
                                             today_offset: int, short: bool) -> None:
    template = Path(request.getfixturevalue("_sqlite_migrated_template"))
    folder = Path(tempfile.mkdtemp())
    try:
        _run(folder, template, printed, steps, today_offset, short)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, template: Path, printed: dict[int, Decimal],
         steps: list[tuple[str, int, Decimal, int]], today_offset: int, short: bool) -> None:
    url = f"sqlite:///{folder / 'p.sqlite3'}"
    shutil.copyfile(template, folder / "p.sqlite3")
    end = date(2027, 3, 31) if short else date(2027, 9, 30)
    _seed(url, end)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    reported: dict[Period, Decimal] = {}
    try:
        with sessions.begin() as s:  # a printout: its months in order, numbered 1..k
            project = s.scalar(select(Project))
            assert project is not None
            for number, index in enumerate(sorted(printed), 1):
                month = MONTHS[index]
                s.add(ProgressReport(project_id=project.id, number=number, budget_count=number,
                                     report_date=month.start + timedelta(days=14),
                                     detail="พิมพ์", progress_percent=printed[index],
                                     budget_disbursed=Decimal(0), on_plan=True,
                                     on_target=True, source=Source.IMPORT))
                reported[month] = printed[index]
        for kind, index, value, late_by in steps:
            month = MONTHS[index]
            values = {"detail": "ทำแล้ว", "progress": value, "disbursed": Decimal(0),
                      "on_plan": True, "on_target": True, "obstacles": None}
            with sessions.begin() as s:
                project = s.scalar(select(Project))
                assert project is not None
                existing = month_report(s, project.id, month.start)
                if existing is not None:
                    amend_report(s, existing, values, OFFICER)
                elif kind == "file":
                    submit_report(s, project, values, OFFICER, month.start,
                                  month.start + timedelta(days=10 + late_by))
                else:
                    continue
                reported[month] = value
        today = START + timedelta(days=today_offset)
        missing, still_open = _oracle(reported, end, today)
        _check_views(sessions, today, missing, still_open)
    finally:
        engine.dispose()


def _check_views(sessions: sessionmaker[Session], today: date, missing: list[Period],
                 still_open: list[Period]) -> None:
    policy = Policy()
    with sessions() as s:
        info = queries.find_project(s, "50470000-0001")
        assert info is not None
        card = project_status(s, info, today, policy, personal=True, zone=UTC)
        assert list(card.months.missing) == missing
        assert list(card.months.open) == still_open
        rows = overview_rows(s, scope_of(s, ADMIN), today, policy)
        for row in rows:  # listed while active (this fiscal year, or not ended)
            assert list(row.months.missing) == missing
            assert (row in overdue_of(rows)) == bool(missing)
        current = period_of(today)
        facts = load_facts(s, current, today, load_due_dates(s, policy, today))
        for fact in facts.projects.values():
            assert fact.due(current) == (current in missing or current in still_open)
        numbered = s.execute(select(ProgressReport.period, ProgressReport.number)
                             .order_by(ProgressReport.period)).all()
        numbers = [n for _, n in numbered]
        assert numbers == sorted(numbers)
        assert len(set(numbers)) == len(numbers)
