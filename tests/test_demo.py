"""The demo a fresh `make run` loads, `tidtam demo reset`, `tidtam projects`, and what
`tidtam import` says it created and updated."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cli.demo import seed_if_empty
from core.months import Months
from core.periods import period_of
from reminders.demo import this_month_due
from reminders.due import load_due_dates
from reminders.policy import Policy
from runtime.config import Settings
from storage.db import make_engine, make_session_factory, session_scope
from storage.demo import OFFICER, SUPERVISOR, load_demo, reset_demo
from storage.enums import Role
from storage.models import Assignment, LineUser, ProgressReport, Project
from storage.scope import scope_of
from tests.cli import flat, run_cli
from tests.seeds import SEEDS

# Through the year: the first days of a fiscal year, mid-month, a due day, its end, leap day.
ONE_DAY = timedelta(days=1)
DAYS = [date(2026, 10, 1), date(2026, 12, 7), date(2027, 1, 25), date(2027, 2, 28),
        date(2028, 2, 29), date(2027, 9, 30)]


@pytest.fixture
def factory(db_url: str) -> sessionmaker[Session]:
    return make_session_factory(make_engine(db_url))


def _due(session: Session, today: date) -> date:
    return this_month_due(session, Policy(), today)


def _months(session: Session, today: date) -> dict[str, Months]:
    due = load_due_dates(session, Policy(), today)
    return {p.code: due.months(p.agency_id, p.start_date, p.end_date, p.fiscal_year,
                               [(period_of(r.period), r.progress_percent) for r in p.reports],
                               today)
            for p in session.scalars(select(Project))}


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_shows_every_state_on_any_day(factory: sessionmaker[Session],
                                               today: date) -> None:
    with session_scope(factory) as session:
        due = _due(session, today)
        codes = load_demo(session, today, due)
    with factory() as session:
        months = _months(session, today)
        on_time, late, behind, finished = (months[code] for code in codes)
        this_month = period_of(today)
        assert not on_time.missing
        assert not behind.missing
        if today <= due:
            assert on_time.open == behind.open == (this_month,)
        else:  # the on-time projects filed this month already
            assert this_month in on_time.reported
            assert this_month in behind.reported
        assert late.missing
        assert period_of(this_month.start - ONE_DAY) in late.missing
        assert finished.closed
        assert not finished.owed()
        last = session.scalars(select(ProgressReport).join(Project)
                               .where(Project.code == codes[2])
                               .order_by(ProgressReport.period.desc())).first()
        assert last is not None
        assert last.on_plan is False
        assert last.obstacles
        officer, supervisor = (scope_of(session, u.line_user_id)
                               for u in (OFFICER, SUPERVISOR))
        assert officer.role is Role.OFFICER
        assert supervisor.role is Role.SUPERVISOR
        reports = session.scalars(select(ProgressReport)).all()
        assert all(isinstance(r.progress_percent, Decimal) for r in reports)
        assert all(period_of(r.report_date) == period_of(r.period) for r in reports)


def test_reset_puts_the_demo_back_and_unbinds_others(factory: sessionmaker[Session]) -> None:
    today = date(2026, 12, 7)
    other = "U" + "7" * 32
    with session_scope(factory) as session:
        codes = load_demo(session, today, _due(session, today))
        project = session.scalar(select(Project).where(Project.code == codes[0]))
        assert project is not None
        session.add(ProgressReport(
            project_id=project.id, number=4, period=period_of(today).start, report_date=today,
            detail="ทดลองส่ง", progress_percent=Decimal(60), budget_disbursed=Decimal(0),
            on_plan=True, on_target=True))
        session.add(LineUser(line_user_id=other, role=Role.OFFICER))
        session.flush()
        session.add(Assignment(line_user_id=other, role=Role.OFFICER, project_id=project.id))
    with session_scope(factory) as session:
        assert reset_demo(session, today, _due(session, today)) == codes
    with factory() as session:
        months = _months(session, today)
        assert months[codes[0]].open == (period_of(today),), "the filed month is open again"
        assert scope_of(session, other).role is None, "bindings to demo projects are gone"
        assert scope_of(session, OFFICER.line_user_id).role is Role.OFFICER
        assert len(session.scalars(select(Project)).all()) == 4


def _settings(url: str, tmp_path: Path, **more: str) -> Settings:
    plain = Settings(database_url=url, var_dir=tmp_path / "var", seeds_dir=SEEDS)
    return plain.model_copy(update=more)


def test_a_first_start_loads_the_seeds_and_the_demo_once(db_url: str, tmp_path: Path) -> None:
    seeded = seed_if_empty(_settings(db_url, tmp_path))
    assert seeded is not None
    assert sorted(seeded.projects) == ["23000000-6663", "50490000-3572"]
    assert seeded.indicators == ["indicator 08"]
    assert len(seeded.demo) == 4
    assert seed_if_empty(_settings(db_url, tmp_path)) is None, "only an empty database"


def test_nothing_of_the_demo_with_a_real_line_channel(db_url: str, tmp_path: Path) -> None:
    real = _settings(db_url, tmp_path, line_channel_secret="s", line_channel_access_token="t")
    assert seed_if_empty(real) is None
    with make_session_factory(make_engine(db_url))() as session:
        assert session.scalar(select(Project.id)) is None
    refused = run_cli("demo", "reset", env={"DATABASE_URL": db_url,
                                            "LINE_CHANNEL_SECRET": "s",
                                            "LINE_CHANNEL_ACCESS_TOKEN": "t"})
    assert refused.exit_code == 2
    assert "emulator only" in flat(refused.output)


def test_projects_lists_and_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'projects.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    reset = run_cli("demo", "reset")
    assert reset.exit_code == 0, reset.output
    imported = run_cli("import", str(SEEDS))
    assert imported.exit_code == 0, imported.output
    said = flat(imported.output)
    assert "created: 23000000-6663, 50490000-3572, indicator 08" in said
    again = flat(run_cli("import", str(SEEDS)).output)
    assert "created:" not in again
    assert "updated:" not in again
    on = ["--on", "2026-12-07"]
    every = flat(run_cli("projects", *on).output)
    for code in ("10000000-0001", "10000000-0004", "23000000-6663", "50490000-3572"):
        assert code in every
    assert "6 projects, 1 late" in every
    late = flat(run_cli("projects", "--state", "late", *on).output)
    assert "10000000-0002" in late
    assert "พ.ย. 2569" in late
    assert "10000000-0001" not in late
    running = flat(run_cli("projects", "--state", "running", *on).output)
    assert "10000000-0001" in running
    assert "50490000-3572" not in running
    assert "10000000-0004" not in running, "finished last month"
    finished = flat(run_cli("projects", "--state", "finished", *on).output)
    assert "50490000-3572" in finished
    assert "10000000-0004" in finished
    agency = flat(run_cli("projects", "--agency", "50490000", *on).output)
    assert "50490000-3572" in agency
    assert "10000000" not in agency
    year = flat(run_cli("projects", "--fiscal-year", "2566", *on).output)
    assert "23000000-6663" in year
    assert "10000000-0001" not in year
    none = flat(run_cli("projects", "--agency", "99999999", *on).output)
    assert "No project matches." in none


def test_the_demo_forms_name_the_agency_and_whoever_is_responsible(
        factory: sessionmaker[Session]) -> None:
    from forms.exporter import collect_records, records_text

    today = date(2026, 12, 7)
    with session_scope(factory) as session:
        codes = load_demo(session, today, _due(session, today))
    with factory() as session:
        mine = records_text(collect_records(session, [codes[0]], None, [], None))
        other = records_text(collect_records(session, [codes[2]], None, [], None))
    assert "หน่วยงานสาธิต (ข้อมูลสมมติ) / ฝ่ายแผนงาน" in mine
    assert OFFICER.name in mine
    assert OFFICER.name not in other, "not named for a project she cannot see"
