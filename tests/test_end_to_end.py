"""End to end: web app, real RQ worker processes, real Redis, the emulator, both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers import texts
from storage.migrate import upgrade
from tests.procs import stop, wait_for
from tests.stack import SECRET, TOKEN, USER, Stack, make_stack

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def e2e_stack(request, tmp_path: Path, redis_url: str, redis_conn) -> Iterator[Stack]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    else:
        url = request.getfixturevalue("fresh_pg_url")
    upgrade(url)
    st = make_stack(tmp_path, redis_url, url)
    yield st
    for server in st.servers:
        server.stop()
    st.services.engine.dispose()


def _start_workers(stack: Stack, count: int) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LINE_API_BASE_URL": stack.emulator_url, "REDIS_URL": stack.settings.redis_url,
           "DATABASE_URL": stack.settings.database_url, "LOG_LEVEL": "WARNING"}
    return [subprocess.Popen([sys.executable, "-m", "cli", "worker"], env=env)
            for _ in range(count)]


def test_messages_flow_through_real_worker_processes(e2e_stack: Stack) -> None:
    workers = _start_workers(e2e_stack, 2)
    try:
        e2e_stack.send(type="follow")
        for word in ("สวัสดี", "ช่วยเหลือ", "อะไรนะ"):
            assert e2e_stack.send(text=word)["status"] == 200
        assert wait_for(lambda: len(e2e_stack.texts()) >= 4, 90.0), e2e_stack.calls()
        assert e2e_stack.texts() == [texts.GREETING, texts.HELP, texts.HELP,
                                     texts.NOT_UNDERSTOOD_GUEST]
        sent = [c for c in e2e_stack.calls() if "/message/" in c["path"]]
        assert all(c["path"].endswith("/reply") for c in sent), "answers are replies"
        assert wait_for(lambda: any(c["path"].startswith("/v2/bot/user/all/richmenu/")
                                     for c in e2e_stack.calls()), 90.0), "the workers set up menus"
        creates = [c for c in e2e_stack.calls() if c["path"] == "/v2/bot/richmenu"]
        assert len(creates) == 4, "two workers, one set of menus"
    finally:
        stop(*workers)
    assert all(p.returncode is not None for p in workers)
    assert e2e_stack.texts(USER)[0].startswith("สวัสดีค่ะ")
