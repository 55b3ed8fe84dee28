"""The bot keeps answering through LINE failures and Redis restarts, with real worker processes."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import redis
import requests

from handlers import texts
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from storage.migrate import upgrade
from tests.procs import start_worker, stop, wait_for
from tests.stack import Stack, make_stack

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


def _worker(stack: Stack, **extra: str) -> subprocess.Popen[bytes]:
    return start_worker(stack, LOCK_LEASE_SECONDS="2", **extra)


def _fault(stack: Stack, **fault: object) -> None:
    requests.post(f"{stack.emulator_url}/_emulator/faults", json=fault,
                  timeout=10).raise_for_status()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    stop(proc)


def test_line_500_burst_delays_the_answer_but_loses_and_doubles_nothing(stack: Stack) -> None:
    worker = _worker(stack)
    try:
        _fault(stack, status=500, count=2, path="/v2/bot/message/reply")
        stack.send(text="ช่วยเหลือ")
        stack.send(text="อะไรนะ")
        assert wait_for(lambda: len(stack.texts()) >= 2), stack.calls()
        time.sleep(1.0)
    finally:
        _stop(worker)
    assert stack.texts() == [texts.HELP, texts.NOT_UNDERSTOOD_GUEST], "each answered once, in order"
    statuses = [c["status"] for c in stack.calls() if c["path"].endswith("/reply")]
    assert statuses == [500, 500, 200, 200]


def test_hung_line_call_times_out_and_is_not_answered_twice(stack: Stack) -> None:
    worker = _worker(stack, LINE_API_TIMEOUT_SECONDS="1")
    try:
        _fault(stack, hang=3, count=1, path="/v2/bot/message/reply")
        started = time.monotonic()
        stack.send(text="ช่วยเหลือ")
        stack.send(text="อะไรนะ")
        assert wait_for(lambda: len(stack.texts()) >= 2), stack.calls()
        assert time.monotonic() - started < 20, "a hung call does not hold the worker long"
        time.sleep(4.0)  # the hung call completes at LINE after the bot gave up on it
    finally:
        _stop(worker)
    assert sorted(stack.texts()) == sorted([texts.HELP, texts.NOT_UNDERSTOOD_GUEST]), \
        "each answered once (the hung answer later, as a push)"
    assert not [c for c in stack.calls() if c["path"].endswith("/push")], \
        "a reply token used by the timed-out call is not followed by a push"


def test_worker_rides_out_a_redis_restart(tmp_path: Path) -> None:
    var = tmp_path / "redis"
    url = ensure_embedded_redis(var)
    db = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    upgrade(db)
    stack = make_stack(tmp_path, url, db)
    worker = _worker(stack)
    try:
        stack.send(text="ช่วยเหลือ")
        assert wait_for(lambda: len(stack.texts()) == 1)
        health = requests.get(f"{stack.bot_url}/healthz", timeout=5).json()
        assert health["workers"] == 1
        stop_embedded_redis(var)
        assert stack.send(text="อะไรนะ")["status"] == 503, "no Redis: LINE is asked to redeliver"
        time.sleep(2.0)
        assert worker.poll() is None, "the worker waits for Redis instead of exiting"
        ensure_embedded_redis(var)
        assert stack.send(text="อะไรนะ")["status"] == 200
        assert wait_for(lambda: len(stack.texts()) == 2), stack.calls()
        time.sleep(0.5)
        assert stack.texts() == [texts.HELP, texts.NOT_UNDERSTOOD_GUEST]
    finally:
        _stop(worker)
        for server in stack.servers:
            server.stop()
        stack.services.engine.dispose()
        stop_embedded_redis(var)


def test_embedded_redis_starts_under_a_deep_checkout(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 6) / "var"
    url = ensure_embedded_redis(deep)
    try:
        assert len(url) <= 120
        assert redis.Redis.from_url(url).ping()
        assert (deep / "redis.log").exists(), "its data and log stay under var/"
    finally:
        stop_embedded_redis(deep)


def test_answer_deferred_through_an_outage_is_pushed_once_with_its_retry_key(stack: Stack) -> None:
    from workers.resend import due, pending, resend, resend_due

    conn = stack.services.redis
    _fault(stack, status=500, count=4)
    stack.send(text="ช่วยเหลือ")
    stack.run_worker()
    assert stack.texts() == []
    gateway = stack.context().gateway
    start = time.time()
    assert resend_due(conn, gateway, start + 2) == 0, "LINE still fails: it waits longer"
    assert resend_due(conn, gateway, start + 8) == 0
    assert resend_due(conn, gateway, start + 30) == 0
    assert pending(conn) == 1
    stack.send(text="อะไรนะ")  # LINE is back: the user's next message is not held up
    stack.run_worker()
    assert stack.texts() == [texts.NOT_UNDERSTOOD_GUEST]
    [event_id] = due(conn, start + 3600)  # an hour later the reply token is long gone
    assert resend(conn, gateway, event_id, start + 3600) == "sent"
    assert stack.texts() == [texts.NOT_UNDERSTOOD_GUEST, texts.HELP]
    pushes = [c for c in stack.calls() if c["path"].endswith("/push")]
    assert len(pushes) == 1
    assert pushes[0]["retryKey"]
    assert pending(conn) == 0
