"""A throwaway PostgreSQL cluster for tests: initdb in a temp dir, pg_ctl start, drop on stop."""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import psycopg
from psycopg import sql

PG_USER = "postgres"
DEFAULT_DB = "tidtam_test"
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH. "
    "Install PostgreSQL 15 (Debian/Ubuntu: `apt-get install postgresql-15` and put "
    "/usr/lib/postgresql/15/bin on PATH) and make sure a `postgres` OS user exists when "
    "tests run as root. PostgreSQL tests are never skipped."
)


class PgUnavailableError(RuntimeError):
    """PostgreSQL cannot be started here (binaries missing or start failed)."""


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary(name: str) -> str:
    """The absolute path of a PostgreSQL binary, or PgUnavailableError."""
    path = shutil.which(name)
    if path is None:
        raise PgUnavailableError(INSTALL_HINT)
    return path


class PgCluster:
    """One PostgreSQL server in a temp dir, run as the postgres user when we are root."""

    def __init__(self) -> None:
        self.initdb = _binary("initdb")
        self.pg_ctl = _binary("pg_ctl")
        _binary("postgres")
        self.as_root = os.geteuid() == 0
        parent = "/tmp" if self.as_root else None  # the postgres user must reach the dir
        self.root = Path(tempfile.mkdtemp(prefix="tidtam-pg-", dir=parent))
        self.data = self.root / "data"
        self.port = 0
        self.running = False
        self._counter = itertools.count(1)
        # The server copies databases while the tests run: one spare per template, ready for
        # the next test, and drops done after a test without waiting for them.
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-spares")
        self._spares: dict[str | None, Future[str]] = {}
        if self.as_root:
            shutil.chown(self.root, user=PG_USER, group=None)

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        """Run argv, as the postgres user when we are root."""
        if self.as_root:
            argv = ["su", PG_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)

    def _initdb(self) -> None:
        """Create the cluster, in C.UTF-8 if this machine has it, else C."""
        base = [self.initdb, "-D", str(self.data), "-A", "trust", "-U", PG_USER, "--encoding=UTF8"]
        errors = []
        for locale in ("C.UTF-8", "C"):
            result = self._run([*base, f"--locale={locale}", "--no-sync"])
            if result.returncode == 0:
                return
            errors.append(result.stderr.strip() or result.stdout.strip())
            self._run(["rm", "-rf", str(self.data)])
        raise PgUnavailableError("initdb failed:\n" + "\n---\n".join(errors))

    def start(self) -> PgCluster:
        """initdb, then start the server on a free port; cleans up if anything fails."""
        try:
            self._initdb()
            self._start_server()
            self.create_database(DEFAULT_DB)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_server(self) -> None:
        """pg_ctl start on a free port, retrying on a port clash."""
        log = self.root / "server.log"
        last = ""
        for _attempt in range(3):
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            result = self._run(
                [self.pg_ctl, "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start"]
            )
            if result.returncode == 0:
                self.running = True
                atexit.register(self.stop)
                return
            last = result.stderr + result.stdout
            with contextlib.suppress(OSError):
                last += "\n" + log.read_text(errors="replace")[-2000:]
        raise PgUnavailableError(f"pg_ctl start failed:\n{last}")

    def stop(self) -> None:
        """Stop the server and delete its directory."""
        self._background.shutdown(wait=True, cancel_futures=True)
        if self.running:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = DEFAULT_DB) -> str:
        """The SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to the maintenance database."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database name (optionally copied from template) and return its URL."""
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(query)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database name, disconnecting anyone still in it."""
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        with self._admin() as conn:
            conn.execute(query)

    def new_database(self, template: str | None = None, prefix: str = "t") -> str:
        """Create a uniquely named database and return its URL."""
        return self.create_database(f"{prefix}_{os.getpid()}_{next(self._counter)}", template)

    def take_database(self, template: str | None = None) -> str:
        """A new database (a copy of template, if given), made ahead while the last test ran."""
        spare = self._spares.pop(template, None)
        url = spare.result() if spare is not None else self.new_database(template)
        self._spares[template] = self._background.submit(self.new_database, template)
        return url

    def drop_database_later(self, name: str) -> None:
        """Drop database name in the background, without waiting for it."""
        self._background.submit(self.drop_database, name)


def database_name(url: str) -> str:
    """The database part of a cluster URL."""
    return url.rsplit("/", 1)[1]
