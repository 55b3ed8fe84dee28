"""The inbox contract (accept, take, finish, fail, retry_later, dead_letter) against real Redis."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import threading
import time
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, cast

import pytest
import redis

from inbox import scripts
from inbox.contract import (
    Accepted,
    Claim,
    Outbox,
    Pumping,
    Verdict,
    accept,
    chat_key,
    drain,
    read_outbox,
    to_accepted,
)
from inbox.deadletters import dead_letters, replay
from inbox.retry import Backoff
from inbox.scripts import (
    METRICS_KEY,
    READY_KEY,
    backoff_key,
    inbox_key,
    lock_key,
    outbox_key,
    scheduled_key,
)
from inbox.sweep import due_retries, sweep

ROOT = Path(__file__).resolve().parents[1]
PUMPING = Pumping(cap=2, lease_ms=15000)


def _event(event_id: str, user: str = "U1", n: int = 0) -> Accepted:
    return to_accepted({"webhookEventId": event_id, "type": "message", "n": n,
                        "source": {"type": "user", "userId": user}})


def _metric(conn: redis.Redis, name: str) -> int:
    return int(conn.hget(METRICS_KEY, name) or 0)  # type: ignore[arg-type]


def test_an_event_is_wrapped_with_its_chat_and_keys_keep_their_names() -> None:
    event = {"webhookEventId": "01H", "type": "message", "x": "ไทย",
             "source": {"type": "user", "userId": "U1"}, "deliveryContext": {"isRedelivery": True}}
    assert to_accepted(event) == Accepted("01H", "user-U1", json.dumps(event, ensure_ascii=False),
                                          "message", True)
    assert chat_key({"source": {"userId": "U1", "groupId": "G1"}}) == "group-G1"
    assert chat_key({"source": {"roomId": "R1", "userId": "U1"}}) == "room-R1"
    assert chat_key({}) == chat_key({"source": "U1"}) == chat_key({"source": ["U1"]}) == "unknown"
    assert to_accepted({**event, "deliveryContext": "yes"}).redelivery is None
    assert inbox_key("user-U1") == "tidtam:inbox:user-U1", "what earlier versions stored"


def test_accept_stores_each_event_once_in_its_chat_and_asks_for_one_pump(
        redis_conn: redis.Redis) -> None:
    assert accept(redis_conn, [_event("a"), _event("b"), _event("a")], 60, PUMPING, "p1") \
        == (2, True)
    assert accept(redis_conn, [_event("b"), _event("c")], 60, PUMPING, "p2") == (1, False), \
        "the chat is ready already: no second pump"
    stored = cast(list[bytes], redis_conn.lrange(inbox_key("user-U1"), 0, -1))
    assert [json.loads(r)["webhookEventId"] for r in stored] == ["a", "b", "c"]
    assert redis_conn.lrange(READY_KEY, 0, -1) == [b"user-U1"]
    assert (_metric(redis_conn, "events_accepted"), _metric(redis_conn, "events_duplicate")) \
        == (3, 2)


def test_take_and_finish_go_through_a_chat_in_order_then_let_it_go(
        redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event(x) for x in "abc"], 60, PUMPING, "p1")
    redis_conn.set(outbox_key("a"), "[]")  # its effects were applied
    claim = Claim(redis_conn, "user-U1")
    first = claim.take()
    assert first is not None
    assert first.event_id == "a"
    assert Claim(redis_conn, "user-U1").take() is None, "one taker at a time"
    assert redis_conn.llen(inbox_key("user-U1")) == 3, "the event in hand stays in the inbox"
    second = claim.finish(first)
    assert second is not None
    assert second.event_id == "b"
    assert read_outbox(redis_conn, "a")[0] is Outbox.DONE
    third = claim.finish(second)
    assert third is not None
    assert third.event_id == "c"
    assert claim.finish(third) is None
    assert not redis_conn.exists(inbox_key("user-U1"), lock_key("user-U1"),
                                 scheduled_key("user-U1"))
    assert _metric(redis_conn, "events_handled") == 3
    assert accept(redis_conn, [_event("d")], 60, PUMPING, "p2") == (1, True), "ready again"


def test_a_failed_event_is_retried_later_then_dead_lettered_and_replayed(
        redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event("bad"), _event("good")], 60, PUMPING, "p1")
    policy = Backoff(max_attempts=3, max_wait_seconds=60)
    for attempt in (1, 2):
        claim = Claim(redis_conn, "user-U1", policy=policy)
        event = claim.take()
        assert event is not None
        assert event.event_id == "bad"
        assert claim.fail(event, RuntimeError("boom")) is Verdict.RETRY_LATER
        assert 0 < int(redis_conn.ttl(backoff_key("user-U1"))) <= 2 ** attempt  # type: ignore[arg-type]
        assert not redis_conn.exists(lock_key("user-U1")), "let go while it waits"
        assert Claim(redis_conn, "user-U1", policy=policy).take() is None, "not during the wait"
        assert due_retries(redis_conn, time.time() + 61) == ["user-U1"]
        redis_conn.delete(backoff_key("user-U1"))  # time passes
    claim = Claim(redis_conn, "user-U1", policy=policy)
    event = claim.take()
    assert event is not None
    assert claim.fail(event, RuntimeError("boom")) is Verdict.DEAD
    following = claim.finish(event)
    assert following is not None
    assert following.event_id == "good", "the chat goes on"
    assert claim.finish(following) is None
    (letter,) = dead_letters(redis_conn)
    assert (letter.event_id, letter.chat, letter.error) == ("bad", "user-U1",
                                                            "RuntimeError after 3 attempts")
    assert (_metric(redis_conn, "events_failed"), _metric(redis_conn, "events_retried"),
            _metric(redis_conn, "events_dead_lettered")) == (3, 2, 1)
    assert replay(redis_conn, "bad") == "user-U1"
    assert dead_letters(redis_conn) == []
    seen: list[str] = []
    assert drain(redis_conn, "user-U1", lambda e: seen.append(e["webhookEventId"])) == 1
    assert seen == ["bad"]


def test_retry_later_and_dead_letter_may_be_called_directly(redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event("x")], 60, PUMPING, "p1")
    claim = Claim(redis_conn, "user-U1")
    event = claim.take()
    assert event is not None
    claim.retry_later(5)
    assert 0 < int(redis_conn.ttl(backoff_key("user-U1"))) <= 5  # type: ignore[arg-type]
    assert due_retries(redis_conn) == [], "not due yet"
    redis_conn.delete(backoff_key("user-U1"))
    claim = Claim(redis_conn, "user-U1")
    event = claim.take()
    assert event is not None
    claim.dead_letter(event, "given up by hand")
    assert claim.finish(event) is None
    assert [d.error for d in dead_letters(redis_conn)] == ["given up by hand"]


def test_two_takers_of_one_chat_never_overlap_and_keep_its_order(
        redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event(f"e{n}", n=n) for n in range(20)], 60, PUMPING, "p1")
    seen: list[int] = []
    busy = threading.Lock()

    def handle(event: dict[str, Any]) -> None:
        assert busy.acquire(blocking=False), "two events of one chat at once"
        time.sleep(0.005)
        seen.append(event["n"])
        busy.release()

    def work() -> None:
        for _ in range(30):
            drain(redis_conn, "user-U1", handle)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert seen == list(range(20))


TAKE_AND_DIE = """
import os, signal, sys, redis
from inbox.contract import Claim
conn = redis.Redis.from_url(sys.argv[1])
event = Claim(conn, "user-U1", lease_ms=300).take()
print(event.event_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.processes  # a real process, SIGKILLed: left out of `make check`
def test_an_event_a_killed_taker_held_is_taken_again_once_its_lease_runs_out(
        redis_url: str, redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event("a"), _event("b")], 60, PUMPING, "p1")
    redis_conn.lpop(READY_KEY)  # a pump took the chat, and its drain was killed
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    died = subprocess.run([sys.executable, "-c", TAKE_AND_DIE, redis_url], env=env,
                          capture_output=True, text=True, timeout=60)
    assert died.returncode == -9
    assert died.stdout.split() == ["a"]
    assert Claim(redis_conn, "user-U1", lease_ms=300).take() is None, "held while it lasts"
    deadline = time.monotonic() + 5
    while redis_conn.exists(lock_key("user-U1"), scheduled_key("user-U1")):
        assert time.monotonic() < deadline, "the lease ran out"
        time.sleep(0.05)
    queued: list[str] = []
    assert sweep(redis_conn, PUMPING, queued.append) == 1, "the sweep finds the stalled chat"
    assert redis_conn.lrange(READY_KEY, 0, -1) == [b"user-U1"]
    assert len(queued) == 1
    seen: list[str] = []
    assert drain(redis_conn, "user-U1", lambda e: seen.append(e["webhookEventId"])) == 2
    assert seen == ["a", "b"], "the interrupted event first, once"


@pytest.mark.parametrize("at_start", [True, False])
def test_the_sweep_leaves_a_held_or_waiting_chat_alone(redis_conn: redis.Redis,
                                                      at_start: bool) -> None:
    accept(redis_conn, [_event("a", "U1"), _event("b", "U2")], 60, PUMPING, "p1")
    redis_conn.delete(READY_KEY, scheduled_key("user-U1"), scheduled_key("user-U2"))
    redis_conn.set(lock_key("user-U1"), "someone", px=5000)
    redis_conn.set(backoff_key("user-U2"), "1", ex=5)
    assert sweep(redis_conn, PUMPING, lambda p: None, at_start=at_start) == 0
    redis_conn.delete(lock_key("user-U1"))
    assert sweep(redis_conn, PUMPING, lambda p: None, at_start=at_start) == 1


def test_every_key_delivery_writes_is_named_in_scripts_py(redis_conn: redis.Redis) -> None:
    accept(redis_conn, [_event("a"), _event("b"), _event("c", "U2")], 60, PUMPING, "p1")
    accept(redis_conn, [_event("a")], 60, PUMPING, "p2")
    policy = Backoff(max_attempts=2)
    claim = Claim(redis_conn, "user-U1", policy=policy)
    event = claim.take()
    assert event is not None
    redis_conn.set(outbox_key(event.event_id), "[]")
    assert claim.fail(event, RuntimeError("boom")) is Verdict.RETRY_LATER
    sweep(redis_conn, PUMPING, lambda p: None)
    sweep(redis_conn, PUMPING, lambda p: None)
    patterns = [value for name, value in vars(scripts).items() if name.endswith("_KEY")]
    patterns += [f("*") for name, f in vars(scripts).items()
                 if name.endswith("_key") and inspect.isfunction(f)]
    written = {k.decode() for k in cast(list[bytes], list(redis_conn.scan_iter()))}
    assert len(written) >= 10
    assert [k for k in written if not any(fnmatch(k, p) for p in patterns)] == []
