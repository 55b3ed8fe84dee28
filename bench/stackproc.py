"""The processes the Procfile starts, for benchmarks: gunicorn web, tidtam worker, scheduler.

Redis is the embedded one (as `tidtam run`), the database a migrated SQLite file, and LINE
the emulator served from the benchmark process (so it can time every call it receives).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import redis
import requests
from werkzeug.serving import WSGIRequestHandler, make_server

from emulator.server import create_emulator_app
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from storage.db import make_engine, make_session_factory
from storage.enums import Role, Source
from storage.migrate import upgrade
from storage.models import Agency, Assignment, LineUser, Project

SECRET = "bench-channel-secret"  # noqa: S105 - only ever used with the local emulator
TOKEN = "bench-access-token"  # noqa: S105 - only ever used with the local emulator


class KeepAlive(WSGIRequestHandler):
    """HTTP/1.1 with keep-alive, as LINE's API speaks (werkzeug's default closes each time)."""

    protocol_version = "HTTP/1.1"


def officer_id(i: int) -> str:
    """The LINE user id of the i-th officer."""
    return f"U{i:032x}"


def project_code(i: int) -> str:
    """The project code of the i-th officer's project."""
    return f"5{i // 200:03d}0000-{i % 200 + 1000:04d}"


def seed_officers(db_url: str, n: int) -> None:
    """n officers, each bound to one project of an agency (200 projects an agency)."""
    sessions = make_session_factory(make_engine(db_url))
    with sessions.begin() as s:
        agencies = []
        for a in range((n + 199) // 200):
            agency = Agency(code=f"5{a:03d}0000", name=f"สำนักงานเขตทดสอบ {a + 1}")
            s.add(agency)
            agencies.append(agency)
        s.flush()
        projects = [Project(code=project_code(i), agency_id=agencies[i // 200].id,
                            name=f"โครงการทดสอบที่ {i + 1}", fiscal_year=2570,
                            budget_received=Decimal("100000.00"), source=Source.IMPORT)
                    for i in range(n)]
        s.add_all(projects)
        s.flush()
        for i in range(n):
            s.add(LineUser(line_user_id=officer_id(i), display_name=f"เจ้าหน้าที่ {i + 1}",
                           role=Role.OFFICER))
        s.flush()
        for i, project in enumerate(projects):
            s.add(Assignment(line_user_id=officer_id(i), role=Role.OFFICER,
                             project_id=project.id))


@dataclass
class Proc:
    """A child process and the CPU seconds it (and its children) used so far."""

    name: str
    popen: subprocess.Popen[bytes]

    def cpu(self) -> float:
        """User+system CPU seconds of the process tree (from /proc)."""
        return sum(cpu_of(pid) for pid in tree(self.popen.pid))


def tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            kids = []
        todo.extend(int(k) for k in kids)
    return out


def cpu_of(pid: int) -> float:
    """utime+stime of one process, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A free localhost TCP port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class BenchStack:
    """A running tidtam: embedded Redis, SQLite, emulator (thread), web, worker(s), scheduler."""

    root: Path
    officers: int = 0
    worker_processes: int | None = None  # None: exactly what the Procfile says
    on_call: Callable[[dict[str, Any]], None] | None = None
    line_url: str = ""  # a LINE stand-in to use instead of the emulator (bench/fakeline.py)
    procs: list[Proc] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    web_url: str = ""
    emulator_url: str = ""
    redis: redis.Redis | None = None
    emulator_state: Any = None

    def start(self) -> BenchStack:
        """Start everything and wait until the webhook answers."""
        self.root.mkdir(parents=True, exist_ok=True)
        redis_url = ensure_embedded_redis(self.root / "redis")
        self.redis = redis.Redis.from_url(redis_url)
        self.redis.flushall()
        db_url = f"sqlite:///{self.root / 'tidtam.sqlite3'}"
        upgrade(db_url)
        if self.officers:
            seed_officers(db_url, self.officers)
        web_port = free_port()
        emu = create_emulator_app(SECRET, f"http://127.0.0.1:{web_port}/callback", TOKEN)
        self.emulator_state = emu.extensions["line_emulator"]
        if self.on_call is not None:
            self._hook_calls(self.on_call)
        server = make_server("127.0.0.1", 0, emu, threaded=True, request_handler=KeepAlive)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.emulator_url = self.line_url or f"http://127.0.0.1:{server.server_port}"
        self.web_url = f"http://127.0.0.1:{web_port}"
        self.env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET,
                    "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": self.emulator_url,
                    "REDIS_URL": redis_url, "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING",
                    "VAR_DIR": str(self.root / "var"), "PORT": str(web_port),
                    "PYTHONUNBUFFERED": "1"}
        for name, cmd in procfile_commands(self.worker_processes, web_port):
            log = (self.root / f"{name}.log").open("ab")
            self.procs.append(Proc(name, subprocess.Popen(
                cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.web_url}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        self.wait_workers()
        return self

    def wait_workers(self, timeout: float = 60) -> None:
        """Wait until the workers have registered with Redis."""
        from rq import Worker

        assert self.redis is not None
        deadline = time.monotonic() + timeout
        want = self.worker_processes or procfile_workers()
        while time.monotonic() < deadline and len(Worker.all(connection=self.redis)) < want:
            time.sleep(0.2)

    def _hook_calls(self, on_call: Callable[[dict[str, Any]], None]) -> None:
        """Tell on_call about every Messaging API call the emulator records."""
        state = self.emulator_state
        original = state.record_call

        def record(method: str, path: str, body: Any, status: int, *rest: Any) -> None:
            original(method, path, body, status, *rest)
            on_call({"path": path, "body": body, "status": status, "time": time.time()})

        state.record_call = record

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by each kind of process (and Redis)."""
        out: dict[str, float] = {}
        for p in self.procs:
            out[p.name] = out.get(p.name, 0.0) + p.cpu()
        pidfile = self.root / "redis" / "redis.pid"
        if pidfile.exists():
            out["redis"] = cpu_of(int(pidfile.read_text().strip() or 0))
        return out

    def commands(self) -> int:
        """Redis commands executed so far (INFO commandstats, scripts' commands included)."""
        return sum(self.command_counts().values())

    def command_counts(self) -> dict[str, int]:
        """Redis commands executed so far, by name."""
        assert self.redis is not None
        stats = cast(dict[str, dict[str, int]], self.redis.info("commandstats"))
        return {k.removeprefix("cmdstat_"): int(v["calls"]) for k, v in stats.items()}

    def stop(self) -> None:
        """Stop the processes and Redis."""
        for p in self.procs:
            if p.popen.poll() is None:
                p.popen.terminate()
        for p in self.procs:
            try:
                p.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.popen.kill()
        stop_embedded_redis(self.root / "redis")


def procfile_commands(worker_processes: int | None, port: int) -> list[tuple[str, list[str]]]:
    """The Procfile's web, worker and scheduler lines as argv (worker count overridable)."""
    out: list[tuple[str, list[str]]] = []
    for line in (Path(__file__).resolve().parents[1] / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name not in ("web", "worker", "scheduler"):
            continue
        argv = command.strip().replace("${PORT:-8000}", str(port)).split()
        if argv[0] == "tidtam":
            argv = [sys.executable, "-m", "cli", *argv[1:]]
        elif argv[0] == "gunicorn":
            argv = [sys.executable, "-m", "gunicorn", *argv[1:]]
        if name == "worker" and worker_processes is not None:
            if "--processes" in argv:
                at = argv.index("--processes")
                del argv[at:at + 2]
            argv += ["--processes", str(worker_processes)]
        out.append((name, argv))
    return out


def procfile_workers() -> int:
    """How many worker processes the Procfile's worker line starts on this machine."""
    for name, argv in procfile_commands(None, 0):
        if name == "worker" and "--processes" in argv:
            count = int(argv[argv.index("--processes") + 1])
            return count or os.cpu_count() or 1
    return 1
