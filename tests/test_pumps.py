"""Drain pumps: a chat is made ready once, a pump is queued only when needed, and a
pump drains ready chats in order until none is left (real Redis)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import redis
from rq.utils import import_attribute

from inbox.contract import Accepted, Pumping, accept, drain
from inbox.lease import LeaseRenewer
from inbox.scripts import IDLE_PUMPS_KEY, PUMPS_KEY, READY_KEY, inbox_key, scheduled_key
from inbox.sweep import make_ready, nudge
from runtime.services import PUMP_JOB
from workers.jobs import pump


def _accept(conn: redis.Redis, chat: str, n: int, pump_id: str, cap: int = 2) -> int:
    event = {"webhookEventId": f"e{n}", "type": "message", "n": n}
    accepted = Accepted(f"e{n}", chat, json.dumps(event))
    _, pumped = accept(conn, [accepted], 60, Pumping(cap, 15000), pump_id)
    return int(pumped)


def test_a_chat_is_made_ready_once_and_a_pump_admitted_only_when_needed(
        redis_conn: redis.Redis) -> None:
    assert _accept(redis_conn, "user-A", 1, "p1") == 1, "the first event needs a pump"
    assert _accept(redis_conn, "user-A", 2, "p2") == 0, "A is scheduled already"
    assert redis_conn.lrange(READY_KEY, 0, -1) == [b"user-A"]
    assert redis_conn.llen(inbox_key("user-A")) == 2
    assert _accept(redis_conn, "user-B", 3, "p3") == 1, "B waits, and no pump is idle"
    assert _accept(redis_conn, "user-C", 4, "p4") == 0, "two pumps live: the cap"
    assert redis_conn.zcard(PUMPS_KEY) == 2


def test_an_idle_pump_takes_the_next_chat_without_a_new_job(
        redis_conn: redis.Redis) -> None:
    redis_conn.zadd(IDLE_PUMPS_KEY, {"p0": time.time() * 1000 + 5000})
    redis_conn.zadd(PUMPS_KEY, {"p0": time.time() * 1000 + 15000})
    assert _accept(redis_conn, "user-A", 1, "p1") == 0
    assert _accept(redis_conn, "user-B", 2, "p2") == 1, "two ready, one idle pump"


def test_an_expired_pump_lease_frees_its_place(redis_conn: redis.Redis) -> None:
    redis_conn.zadd(PUMPS_KEY, {"dead1": 1000, "dead2": 2000})
    assert _accept(redis_conn, "user-A", 1, "p1", cap=2) == 1


def test_a_pump_drains_every_ready_chat_in_order_then_unschedules_them(
        redis_conn: redis.Redis) -> None:
    for n, chat in enumerate(["user-A", "user-B", "user-A", "user-B", "user-A"]):
        _accept(redis_conn, chat, n, f"p{n}")
    seen: list[tuple[str, int]] = []

    def drain_one(chat: str, woken: str = "") -> int:
        def handle(event: dict[str, Any]) -> None:
            seen.append((chat, event["n"]))
        return drain(redis_conn, chat, handle, woken=woken)

    queued: list[str] = []
    assert pump(redis_conn, "p0", drain_one, 15000, 2, queued.append) == 5
    assert seen == [("user-A", 0), ("user-A", 2), ("user-A", 4), ("user-B", 1), ("user-B", 3)]
    assert not redis_conn.exists(scheduled_key("user-A"), scheduled_key("user-B"), READY_KEY)
    assert redis_conn.zscore(PUMPS_KEY, "p0") is None, "a pump with nothing left retires"
    assert queued == []
    assert _accept(redis_conn, "user-A", 9, "p9") == 1, "A is made ready again"


def test_a_pump_out_of_time_hands_over_to_a_successor(redis_conn: redis.Redis) -> None:
    for n, chat in enumerate(["user-A", "user-B"]):
        _accept(redis_conn, chat, n, f"p{n}")
    queued: list[str] = []
    handled = pump(redis_conn, "p0", lambda c, w: drain(redis_conn, c, lambda e: None), 15000, 4,
                   queued.append, work_seconds=0.0)
    assert handled == 0, "out of time at once"
    assert len(queued) == 1, "a successor is queued"
    assert redis_conn.lrange(READY_KEY, 0, -1) == [b"user-A", b"user-B"]
    assert redis_conn.zscore(PUMPS_KEY, "p0") is None
    assert redis_conn.zscore(PUMPS_KEY, queued[0]) is not None


def test_the_sweep_makes_a_stalled_chat_ready_and_queues_a_pump(
        redis_conn: redis.Redis) -> None:
    redis_conn.rpush(inbox_key("user-A"), json.dumps({"webhookEventId": "x"}))
    queued: list[str] = []
    make_ready(redis_conn, ["user-A"], 2, 15000, queued.append)
    assert redis_conn.lrange(READY_KEY, 0, -1) == [b"user-A"]
    assert len(queued) == 1
    assert redis_conn.exists(scheduled_key("user-A"))


def test_the_renewer_keeps_a_held_lease_and_lets_a_dropped_one_run_out(
        redis_conn: redis.Redis) -> None:
    renewer = LeaseRenewer()
    redis_conn.set("tidtam:lock:user-A", "t1", px=300)
    redis_conn.set(scheduled_key("user-A"), "1", px=300)
    renewer.hold(redis_conn, "user-A", "t1", 300)
    renewer.drop("user-A", "t2")  # another drain that did not get the lock
    time.sleep(0.8)
    assert redis_conn.get("tidtam:lock:user-A") == b"t1", "renewed past its 0.3 s lease"
    assert redis_conn.exists(scheduled_key("user-A")), "the scheduled flag lives as long"
    renewer.drop("user-A", "t1")
    time.sleep(0.6)
    assert not redis_conn.exists("tidtam:lock:user-A"), "a dropped lease runs out"


def test_a_lingering_pump_takes_what_arrives_while_it_waits(redis_conn: redis.Redis) -> None:
    import threading

    seen: list[int] = []
    idle_while_handling: list[bool] = []

    def drain_one(chat: str, woken: str = "") -> int:
        def handle(event: dict[str, Any]) -> None:
            idle_while_handling.append(redis_conn.zscore(IDLE_PUMPS_KEY, "p0") is not None)
            seen.append(event["n"])
        return drain(redis_conn, chat, handle, woken=woken)

    redis_conn.zadd(PUMPS_KEY, {"p0": time.time() * 1000 + 15000})
    result: list[int] = []
    waiting = threading.Thread(target=lambda: result.append(
        pump(redis_conn, "p0", drain_one, 15000, 2, lambda p: None, linger=1.0,
             work_seconds=1.5)))
    waiting.start()
    deadline = time.monotonic() + 5
    while redis_conn.zscore(IDLE_PUMPS_KEY, "p0") is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _accept(redis_conn, "user-A", 1, "p1") == 0, "the idle pump will take it"
    waiting.join()
    assert seen == [1]
    assert result == [1]
    assert idle_while_handling == [False], "a woken pump no longer counts as idle"
    assert not redis_conn.exists(scheduled_key("user-A"), inbox_key("user-A"))


def test_a_pump_with_threads_drains_chats_side_by_side_each_in_order(
        redis_conn: redis.Redis) -> None:
    import threading

    chats = [f"user-{c}" for c in "ABCD"]
    for n in range(8):
        _accept(redis_conn, chats[n % 4], n, f"p{n}", cap=8)
    seen: dict[str, list[int]] = {c: [] for c in chats}
    running, most = 0, 0
    mutex = threading.Lock()

    def drain_one(chat: str, woken: str = "") -> int:
        def handle(event: dict[str, Any]) -> None:
            nonlocal running, most
            with mutex:
                running += 1
                most = max(most, running)
            time.sleep(0.2)  # LINE taking its time to answer
            seen[chat].append(event["n"])
            with mutex:
                running -= 1
        return drain(redis_conn, chat, handle, woken=woken)

    redis_conn.zadd(PUMPS_KEY, {"p0": time.time() * 1000 + 15000})
    started = time.monotonic()
    assert pump(redis_conn, "p0", drain_one, 15000, 8, lambda p: None, threads=4) == 8
    assert most == 4, "four chats were handled at the same time"
    assert time.monotonic() - started < 1.2, "not one after another (1.6 s)"
    assert seen == {"user-A": [0, 4], "user-B": [1, 5], "user-C": [2, 6], "user-D": [3, 7]}
    assert not redis_conn.exists(*(scheduled_key(c) for c in chats))


def test_a_failing_drain_stops_a_threaded_pump_and_fails_its_job(redis_conn: redis.Redis) -> None:
    _accept(redis_conn, "user-A", 1, "p1")

    def broken(chat: str, woken: str = "") -> int:
        raise redis.ConnectionError("Redis went away")

    redis_conn.zadd(PUMPS_KEY, {"p0": time.time() * 1000 + 15000})
    with pytest.raises(redis.ConnectionError):
        pump(redis_conn, "p0", broken, 15000, 2, lambda p: None, threads=4)
    assert redis_conn.zscore(PUMPS_KEY, "p0") is None, "the pump retired all the same"


def test_the_sweep_queues_a_pump_when_a_dead_idle_pump_holds_up_the_ready_list(
        redis_conn: redis.Redis) -> None:
    now = time.time() * 1000
    redis_conn.zadd(IDLE_PUMPS_KEY, {"dead": now + 6000})  # killed while it waited for work
    redis_conn.zadd(PUMPS_KEY, {"dead": now + 6000})
    assert _accept(redis_conn, "user-A", 1, "p1") == 0, "the dead pump counts as idle"
    queued: list[str] = []
    assert not nudge(redis_conn, 8, 15000, queued.append), "first sight of the head"
    assert nudge(redis_conn, 8, 15000, queued.append), "still first a sweep later"
    assert len(queued) == 1
    assert redis_conn.zscore(PUMPS_KEY, queued[0]) is not None
    redis_conn.lpop(READY_KEY)
    _accept(redis_conn, "user-B", 2, "p2")
    assert not nudge(redis_conn, 8, 15000, queued.append), "the list moved"
    assert not nudge(redis_conn, 2, 15000, queued.append), "at the cap"


@pytest.mark.parametrize("path", [PUMP_JOB, "workers.jobs.drain_ready",
                                  "workers.jobs.drain_conversation"])
def test_rq_finds_every_job_path_a_queue_may_hold(path: str) -> None:
    """Jobs are queued by dotted path: those queued before an upgrade must still resolve."""
    assert callable(import_attribute(path))
