"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import MIGRATIONS_DIR, alembic_config, current, downgrade, head, upgrade
from storage.models import Base

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each backend."""
    name = "sqlite_url" if request.param == "sqlite" else "fresh_pg_url"
    return str(request.getfixturevalue(name))


def schema_diff(url: str) -> list[object]:
    """What autogenerate would change to make the database match the models."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    """The tables in the database at url."""
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_one_head_and_a_linear_history() -> None:
    script = ScriptDirectory.from_config(alembic_config(""))
    assert len(script.get_heads()) == 1
    assert head() == script.get_current_head()


def test_upgrade_to_head_matches_the_models(empty_url: str) -> None:
    assert current(empty_url) is None
    upgrade(empty_url)
    assert current(empty_url) == head()
    assert schema_diff(empty_url) == []
    assert set(Base.metadata.tables) <= table_names(empty_url)


def test_downgrade_to_base_and_up_again(empty_url: str) -> None:
    upgrade(empty_url)
    downgrade(empty_url, "base")
    assert current(empty_url) is None
    assert table_names(empty_url) <= {"alembic_version"}
    upgrade(empty_url)
    assert schema_diff(empty_url) == []


def test_upgrade_works_from_any_directory(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    upgrade(sqlite_url)
    assert current(sqlite_url) == head()


def test_migrations_never_import_the_models() -> None:
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "storage." not in text, path.name
        assert "astext_type=Text()" not in text, path.name


def test_alembic_command_line_takes_x_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    ini = MIGRATIONS_DIR / "alembic.ini"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTHONPATH"}}
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ini), "-x", f"url={url}", "upgrade", "head"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert current(url) == head()


def test_env_falls_back_to_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    command.upgrade(config, "head")
    assert current(url) == head()


def test_0005_keys_quarter_reports_by_fiscal_year_and_keeps_the_data(empty_url: str) -> None:
    from sqlalchemy import text

    upgrade(empty_url, "0003")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            for i, year in ((1, 2563), (2, None)):
                c.execute(text(
                    "INSERT INTO indicators (id, natural_key, fiscal_year, name, source, "
                    "created_at, updated_at) VALUES (:i, :k, :y, 'ห้องสมุด', 'import', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"i": i, "k": f"k{i}", "y": year})
                c.execute(text(
                    "INSERT INTO indicator_quarter_reports (indicator_id, quarter, narrative, "
                    "submitted_at) VALUES (:i, 1, :n, CURRENT_TIMESTAMP)"),
                    {"i": i, "n": f"ไตรมาส 1 ของ {i}"})
        upgrade(empty_url)
        with engine.begin() as c:
            rows = c.execute(text("SELECT indicator_id, fiscal_year, quarter, narrative FROM "
                                  "indicator_quarter_reports ORDER BY indicator_id")).all()
            assert [tuple(r) for r in rows] == [(1, 2563, 1, "ไตรมาส 1 ของ 1"),
                                                (2, None, 1, "ไตรมาส 1 ของ 2")]
            c.execute(text(  # FY 2570 Q1 beside FY 2563 Q1, not over it
                "INSERT INTO indicator_quarter_reports (indicator_id, fiscal_year, quarter, "
                "narrative, submitted_at) VALUES (1, 2570, 1, 'ใหม่', CURRENT_TIMESTAMP)"))
        downgrade(empty_url, "0003")
        with engine.begin() as c:
            rows = c.execute(text("SELECT indicator_id, narrative FROM "
                                  "indicator_quarter_reports ORDER BY indicator_id")).all()
            assert [tuple(r) for r in rows] == [(1, "ใหม่"), (2, "ไตรมาส 1 ของ 2")]
    finally:
        engine.dispose()


def test_0006_makes_global_admin_explicit_and_unregisters_the_revoked(empty_url: str) -> None:
    from sqlalchemy import text

    upgrade(empty_url, "0005")
    engine = make_engine(empty_url)
    hand_made, revoked_admin, revoked_officer, agency_admin = (
        f"U{c * 32}" for c in "1234")
    try:
        with engine.begin() as c:
            c.execute(text("INSERT INTO agencies (id, code, name, created_at) "
                           "VALUES (1, '23000000', 'สยป.', CURRENT_TIMESTAMP)"))
            for user, role in ((hand_made, "admin"), (revoked_admin, "admin"),
                               (revoked_officer, "officer"), (agency_admin, "admin")):
                c.execute(text("INSERT INTO line_users (line_user_id, role, created_at) "
                               "VALUES (:u, :r, CURRENT_TIMESTAMP)"), {"u": user, "r": role})
            c.execute(text("INSERT INTO assignments (line_user_id, role, agency_id, created_at)"
                           " VALUES (:u, 'admin', 1, CURRENT_TIMESTAMP)"), {"u": agency_admin})
            for user in (revoked_admin, revoked_officer):
                c.execute(text(
                    "INSERT INTO audit_log (at, actor, action, entity, entity_id, before) "
                    "VALUES (CURRENT_TIMESTAMP, 'cli:root', 'assignment.revoke', "
                    "'assignments', '7', :b)"), {"b": f'{{"line_user_id": "{user}"}}'})
        upgrade(empty_url)
        with engine.begin() as c:
            roles: dict[str, str | None] = {
                user: role for user, role in c.execute(text(
                    "SELECT line_user_id, role FROM line_users"))}
            assert roles == {hand_made: "admin", revoked_admin: None, revoked_officer: None,
                             agency_admin: "admin"}
            grants = c.execute(text("SELECT line_user_id FROM assignments WHERE everywhere"))
            assert [g for (g,) in grants] == [hand_made]
            audited = c.execute(text("SELECT COUNT(*) FROM audit_log WHERE actor = "
                                     "'migration:0006'")).scalar()
            assert audited == 3
        downgrade(empty_url, "0005")
        with engine.begin() as c:
            count = c.execute(text("SELECT COUNT(*) FROM assignments")).scalar()
            assert count == 1
    finally:
        engine.dispose()


def test_0007_gives_reports_their_month_and_numbers_them_in_month_order(empty_url: str) -> None:
    from sqlalchemy import text

    upgrade(empty_url, "0006")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as c:
            c.execute(text("INSERT INTO agencies (id, code, name, created_at) "
                           "VALUES (1, '50470000', 'บางนา', CURRENT_TIMESTAMP)"))
            c.execute(text("INSERT INTO projects (id, code, agency_id, name, fiscal_year, "
                           "source, created_at, updated_at) VALUES (1, '50470000-0001', 1, "
                           "'ทดสอบ', 2570, 'import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            # the old bot: December filed first (1), then November late, dated 30 Nov (2)
            for number, day in ((1, "2026-12-07"), (2, "2026-11-30"), (3, "2026-10-20")):
                c.execute(text(
                    "INSERT INTO progress_reports (project_id, number, revision, report_date, "
                    "detail, progress_percent, budget_disbursed, budget_count, on_plan, "
                    "on_target, source, submitted_at) VALUES (1, :n, 1, :d, 'ทำ', 10, 0, :n, "
                    "true, true, 'bot', CURRENT_TIMESTAMP)"), {"n": number, "d": day})
        upgrade(empty_url)
        with engine.begin() as c:
            rows = c.execute(text("SELECT number, budget_count, report_date, period FROM "
                                  "progress_reports ORDER BY number")).all()
            assert [(n, b, str(d)[:10], str(p)[:10]) for n, b, d, p in rows] == [
                (1, 1, "2026-10-20", "2026-10-01"), (2, 2, "2026-11-30", "2026-11-01"),
                (3, 3, "2026-12-07", "2026-12-01")]
            moved = c.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                   "'report.renumber' AND actor = 'migration:0007'")).scalar()
            assert moved == 2  # December 1 -> 3 and October 3 -> 1; November stays 2
        downgrade(empty_url, "0006")
        upgrade(empty_url)
        assert schema_diff(empty_url) == []
    finally:
        engine.dispose()


def test_0009_lets_a_status_be_unknown_and_downgrades_only_without_unknowns(
        empty_url: str) -> None:
    from sqlalchemy import text

    upgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    insert = text(
        "INSERT INTO progress_reports (id, project_id, number, revision, report_date, period, "
        "detail, progress_percent, budget_disbursed, on_plan, on_target, source, submitted_at)"
        " VALUES (:i, 1, :i, 1, '2026-10-20', '2026-10-01', 'ทำ', 10, 0, :p, :t, 'import', "
        "CURRENT_TIMESTAMP)")
    try:
        with engine.begin() as c:
            c.execute(text("INSERT INTO agencies (id, code, name, created_at) "
                           "VALUES (1, '50470000', 'บางนา', CURRENT_TIMESTAMP)"))
            c.execute(text("INSERT INTO projects (id, code, agency_id, name, fiscal_year, "
                           "source, created_at, updated_at) VALUES (1, '50470000-0001', 1, "
                           "'ทดสอบ', 2570, 'import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            c.execute(insert, {"i": 1, "p": True, "t": False})
        upgrade(empty_url, "0009")
        with engine.begin() as c:
            c.execute(insert, {"i": 2, "p": None, "t": True})  # a printout left it blank
            rows = c.execute(text("SELECT number, on_plan, on_target FROM progress_reports "
                                  "ORDER BY number")).all()
            assert [(n, None if p is None else bool(p), bool(t)) for n, p, t in rows] == [
                (1, True, False), (2, None, True)]
        with pytest.raises(RuntimeError, match=r"1 progress report\(s\).*ids 2\b"):
            downgrade(empty_url, "0008")  # never guesses yes or no
        assert current(empty_url) == "0009"
        with engine.begin() as c:
            c.execute(text("UPDATE progress_reports SET on_plan = false WHERE number = 2"))
        downgrade(empty_url, "0008")
        assert current(empty_url) == "0008"
        upgrade(empty_url)
        assert schema_diff(empty_url) == []
    finally:
        engine.dispose()
