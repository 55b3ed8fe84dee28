"""Engine setup, models, constraints, audit and repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from storage.audit import audit, snapshot
from storage.db import make_engine, make_session_factory, normalize_url, ping, session_scope
from storage.enums import DeliveryStatus, Role, Source
from storage.idempotency import mark_processed
from storage.models import (
    Agency,
    Assignment,
    AuditLog,
    DeliveryRequest,
    Indicator,
    IndicatorQuarterReport,
    InviteCode,
    LineUser,
    ProgressReport,
    Project,
    Unit,
    agency_code_of,
)
from storage.repo import (
    get_or_create_agency,
    get_project_by_code,
    latest_report,
    next_report_number,
)
from tests.pg import PgCluster, PgUnavailableError, _free_port

BANGKOK = timezone(timedelta(hours=7))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database (both backends)."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory on that engine."""
    return make_session_factory(engine)


def add_project(session: Session, code: str = "50470000-3430", **values: object) -> Project:
    """Add a minimal project (and its agency) and flush."""
    agency = get_or_create_agency(session, agency_code_of(code), "สำนักงานเขตบางนา")
    fields: dict[str, object] = {"name": "โครงการทดสอบ", "fiscal_year": 2567, **values}
    project = Project(code=code, agency_id=agency.id, **fields)
    session.add(project)
    session.flush()
    return project


def add_report(session: Session, project: Project, number: int, **values: object) -> ProgressReport:
    """Add a progress report and flush."""
    fields: dict[str, object] = {
        "report_date": date(2024, 1, number),
        "detail": f"ครั้งที่ {number}",
        "progress_percent": Decimal("10.00") * number,
        "budget_disbursed": Decimal("0"),
        "on_plan": True,
        "on_target": True,
        **values,
    }
    report = ProgressReport(project_id=project.id, number=number, **fields)
    session.add(report)
    session.flush()
    return report


# ---- engine and sessions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgres://u:p@db.example:5432/tidtam", "postgresql+psycopg"),
        ("postgresql://u@db.example/tidtam", "postgresql+psycopg"),
        ("postgresql+psycopg://u@db.example/tidtam", "postgresql+psycopg"),
        ("sqlite:///var/x.sqlite3", "sqlite"),
    ],
)
def test_urls_are_normalised_to_psycopg(url: str, driver: str) -> None:
    assert normalize_url(url).drivername == driver
    engine = make_engine(url)  # no connection is made
    assert engine.url.drivername == driver
    assert engine.url.database == normalize_url(url).database
    engine.dispose()


def test_sqlite_parent_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tidtam.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    assert path.parent.is_dir()
    assert ping(engine)
    engine.dispose()


def test_sqlite_pragmas_are_on_for_every_connection(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    for _ in range(2):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        engine.dispose()


def test_ping(engine: Engine) -> None:
    assert ping(engine)
    dead = make_engine(f"postgresql://postgres@127.0.0.1:{_free_port()}/nothing")
    assert not ping(dead)
    dead.dispose()


def test_session_scope_commits_and_rolls_back(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        get_or_create_agency(session, "50490000", "สำนักงานเขตทุ่งครุ")

    def fail_inside() -> None:
        with session_scope(factory) as session:
            get_or_create_agency(session, "50010000")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_inside()
    with session_scope(factory) as session:
        codes = session.scalars(select(Agency.code)).all()
    assert codes == ["50490000"]


# ---- values round-trip exactly ---------------------------------------------------------


def test_money_and_percent_round_trip_exactly(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        project = add_project(
            session,
            budget_received=Decimal("1234567.89"),
            budget_used=Decimal("999999999999.99"),
            start_date=date(2023, 10, 1),
        )
        add_report(
            session, project, 1,
            progress_percent=Decimal("75.50"), budget_disbursed=Decimal("0.10"),
            detail="1. แต่งตั้งคณะทำงาน\n2. ประชุมครั้งที่ 1\n",
        )
    with session_scope(factory) as session:
        project = session.scalars(select(Project)).one()
        report = session.scalars(select(ProgressReport)).one()
        assert project.budget_received == Decimal("1234567.89")
        assert str(project.budget_received) == "1234567.89"
        assert project.budget_used == Decimal("999999999999.99")
        assert str(report.progress_percent) == "75.50"
        assert str(report.budget_disbursed) == "0.10"
        assert report.detail == "1. แต่งตั้งคณะทำงาน\n2. ประชุมครั้งที่ 1\n"
        assert project.start_date == date(2023, 10, 1)
        assert report.revision == 1
        assert report.source is Source.BOT


def test_datetimes_come_back_aware_in_utc(factory: sessionmaker[Session]) -> None:
    sent = datetime(2024, 3, 1, 9, 30, tzinfo=BANGKOK)
    with session_scope(factory) as session:
        session.add(DeliveryRequest(retry_key="0" * 36, method="push", kind="nudge",
                                    recipients=["U1"], messages=[], sent_at=sent))
    with session_scope(factory) as session:
        row = session.scalars(select(DeliveryRequest)).one()
        assert row.sent_at == sent
        assert row.sent_at is not None
        assert row.sent_at.tzinfo == UTC
        assert row.sent_at.hour == 2
        assert row.created_at.tzinfo == UTC
        assert row.status is DeliveryStatus.PENDING
        assert len(row.retry_key) == 36
        assert row.attempts == 0


def test_naive_datetimes_are_refused(factory: sessionmaker[Session]) -> None:
    with pytest.raises(StatementError, match="naive datetime"), session_scope(factory) as session:
        session.add(DeliveryRequest(retry_key="0" * 36, method="push", kind="nudge",
                                    recipients=["U1"], messages=[],
                                    sent_at=datetime(2024, 3, 1, 9, 30)))


def test_enums_are_stored_as_their_values(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        session.add(LineUser(line_user_id="U" + "a" * 32, role=Role.SUPERVISOR))
        session.add(InviteCode(code_hash="h" * 64, role=Role.OFFICER,
                               scope=["50470000-3430", "50470000-3431"],
                               expires_at=datetime(2030, 1, 1, tzinfo=UTC)))
    with session_scope(factory) as session:
        assert session.execute(text("SELECT role FROM line_users")).scalar() == "supervisor"
        invite = session.scalars(select(InviteCode)).one()
        assert invite.role is Role.OFFICER
        assert invite.scope == ["50470000-3430", "50470000-3431"]


# ---- constraints -------------------------------------------------------------------------


def test_duplicate_project_code_is_rejected(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        add_project(session)
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        add_project(session, name="อีกโครงการ")


def test_duplicate_report_number_is_rejected(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        project = add_project(session)
        add_report(session, project, 1)
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        add_report(session, project, 1, detail="ซ้ำ")


def test_duplicate_unit_path_per_agency_is_rejected(factory: sessionmaker[Session]) -> None:
    path = "สำนักงานเขตทุ่งครุ / ฝ่ายพัฒนาชุมชนและสวัสดิการ / ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม"
    with session_scope(factory) as session:
        agency = get_or_create_agency(session, "50490000")
        session.add(Unit(agency_id=agency.id, path=path))
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(Unit(agency_id=agency.id, path=path))


def test_foreign_keys_are_enforced(factory: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(Project(code="50470000-0001", agency_id=9999, name="x", fiscal_year=2567))


def test_deleting_a_project_deletes_its_reports(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        project = add_project(session)
        add_report(session, project, 1)
    with session_scope(factory) as session:
        session.execute(text("DELETE FROM projects"))
    with session_scope(factory) as session:
        assert session.scalars(select(ProgressReport)).all() == []


@pytest.mark.parametrize("percent", [Decimal("100.01"), Decimal("-1")])
def test_progress_percent_must_be_0_to_100(
    factory: sessionmaker[Session], percent: Decimal
) -> None:
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        add_report(session, add_project(session), 1, progress_percent=percent)


def test_indicator_natural_key_treats_missing_parts_as_equal(
    factory: sessionmaker[Session],
) -> None:
    name = "จำนวนห้องสมุดเพื่อการเรียนรู้ที่ได้รับการพัฒนาเป็นห้องสมุดมีชีวิต"
    with session_scope(factory) as session:
        session.add(Indicator(number="08", name=name, target_value=Decimal("3")))
        session.add(Indicator(number="09", name=name))
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(Indicator(number="08.", name=f"  {name} "))


def test_indicator_quarter_must_be_1_to_4_and_unique(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        indicator = Indicator(fiscal_year=2564, number="08", name="ตัวชี้วัด")
        session.add(indicator)
        session.flush()
        session.add(IndicatorQuarterReport(indicator_id=indicator.id, fiscal_year=2564,
                                           quarter=1, narrative="ก"))
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(IndicatorQuarterReport(indicator_id=indicator.id, fiscal_year=2564,
                                           quarter=5, narrative="ข"))
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(IndicatorQuarterReport(indicator_id=indicator.id, fiscal_year=2564,
                                           quarter=1, narrative="ค"))
    with session_scope(factory) as session:  # the same quarter of another fiscal year
        session.add(IndicatorQuarterReport(indicator_id=indicator.id, fiscal_year=2570,
                                           quarter=1, narrative="ง"))


@pytest.mark.parametrize(("use_project", "use_agency"), [(True, True), (False, False)])
def test_assignment_needs_exactly_one_scope(
    factory: sessionmaker[Session], use_project: bool, use_agency: bool
) -> None:
    user = "U" + "b" * 32
    with session_scope(factory) as session:
        project = add_project(session)
        session.add(LineUser(line_user_id=user, role=Role.OFFICER))
        session.flush()
        session.add(Assignment(line_user_id=user, role=Role.OFFICER, project_id=project.id))
        session.add(Assignment(line_user_id=user, role=Role.SUPERVISOR,
                               agency_id=project.agency_id))
    with pytest.raises(IntegrityError), session_scope(factory) as session:
        session.add(Assignment(
            line_user_id=user, role=Role.SUPERVISOR,
            project_id=project.id if use_project else None,
            agency_id=project.agency_id if use_agency else None,
        ))


def test_codes_are_validated_in_python() -> None:
    with pytest.raises(ValueError, match="project code"):
        Project(code="5047000-3430")
    with pytest.raises(ValueError, match="agency code"):
        Agency(code="5047")


# ---- audit -------------------------------------------------------------------------------


def test_audit_serialises_decimal_dates_and_enums(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        project = add_project(session, budget_received=Decimal("1500000.50"))
        report = add_report(session, project, 1, progress_percent=Decimal("40.00"))
        before = snapshot(report)
        report.progress_percent = Decimal("45.50")
        report.revision += 1
        audit(session, "U" + "c" * 32, "correct", "progress_reports", report.id,
              before, {"progress_percent": Decimal("45.50"), "at": datetime(2024, 2, 1, tzinfo=UTC),
                       "report_date": date(2024, 1, 31), "source": Source.BOT})
        audit(session, "cli:admin", "create", "projects", project.id, None, snapshot(project))
    with session_scope(factory) as session:
        correct, create = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        assert correct.before["progress_percent"] == "40.00"
        assert correct.before["report_date"] == "2024-01-01"
        assert correct.before["detail"] == "ครั้งที่ 1"
        assert correct.after == {"progress_percent": "45.50", "at": "2024-02-01T00:00:00+00:00",
                                 "report_date": "2024-01-31", "source": "bot"}
        assert correct.entity_id == str(report.id)
        assert correct.at.tzinfo == UTC
        assert create.after["budget_received"] == "1500000.50"
        assert create.after["code"] == "50470000-3430"
        nulls = session.scalars(select(AuditLog.id).where(AuditLog.before.is_(None))).all()
        assert nulls == [create.id]


# ---- repositories --------------------------------------------------------------------------


def test_get_or_create_agency(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        first = get_or_create_agency(session, "50470000")
        assert first.name is None
        again = get_or_create_agency(session, "50470000", "สำนักงานเขตบางนา")
        assert again.id == first.id
        assert again.name == "สำนักงานเขตบางนา"
        kept = get_or_create_agency(session, "50470000", "ชื่ออื่น")
        assert kept.name == "สำนักงานเขตบางนา"
        with pytest.raises(ValueError, match="agency code"):
            get_or_create_agency(session, "bangna")
    with session_scope(factory) as session:
        assert session.scalars(select(Agency)).one().name == "สำนักงานเขตบางนา"


def test_get_project_by_code(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        add_project(session, "50490000-3572")
    with session_scope(factory) as session:
        project = get_project_by_code(session, " 50490000-3572 ")
        assert project is not None
        assert project.agency.code == "50490000"
        assert get_project_by_code(session, "50490000-9999") is None


def test_latest_report_and_next_number(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as session:
        project = add_project(session)
        assert latest_report(session, project.id) is None
        assert next_report_number(session, project.id) == 1
        add_report(session, project, 1, report_date=date(2023, 1, 10))
        add_report(session, project, 3, report_date=date(2023, 3, 24))
        add_report(session, project, 2, report_date=date(2023, 2, 28))
        latest = latest_report(session, project.id)
        assert latest is not None
        assert latest.number == 3
        assert next_report_number(session, project.id) == 4
        assert [r.number for r in project.reports] == [1, 2, 3]


def test_mark_processed_is_once_only(factory: sessionmaker[Session]) -> None:
    event_id = "01HZX3B7N8Q4V2K9M6T5R1S0PA"
    with session_scope(factory) as session:
        assert mark_processed(session, event_id)
    with session_scope(factory) as session:
        assert not mark_processed(session, event_id)
        assert mark_processed(session, "x" + "f" * 26)  # bot/webhook.py's derived ids: 27 chars


def test_pg_helper_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PgUnavailableError, match="Install PostgreSQL 15"):
        PgCluster()
