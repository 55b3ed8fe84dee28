"""Delivery through the emulator: two schedulers, a killed worker, 5xx/429 storms, the quota."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from outbound.answer import Answer
from outbound.calls import Call
from reminders.delivery import LEASE
from reminders.tick import Reminders
from storage.enums import DeliveryStatus
from storage.models import Delivery, DeliveryRequest
from tests.reminder_kit import (
    ANN,
    BEN,
    CAT,
    SUP,
    Clock,
    at,
    pushes,
    reminders,
    seed,
    timed_stack,
)
from tests.stack import Stack

T_MINUS_5 = at(2026, 10, 15)
T_PLUS_3 = at(2026, 10, 28)


def _configure(stack: Stack, **body) -> None:
    requests.post(f"{stack.emulator_url}/_emulator/config", json=body, timeout=5
                  ).raise_for_status()


def _requests(stack: Stack) -> list[DeliveryRequest]:
    with stack.services.sessions() as s:
        return list(s.scalars(select(DeliveryRequest).order_by(DeliveryRequest.id)))


def _received(stack: Stack) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in pushes(stack):
        out[m["to"]] = out.get(m["to"], 0) + 1
    return out


def test_two_schedulers_at_once_send_nothing_twice(stack: Stack) -> None:
    seed(stack)
    first, second = reminders(stack), reminders(stack)
    threads = [threading.Thread(target=r.tick, args=(T_MINUS_5 + timedelta(seconds=n),))
               for n, r in enumerate((first, second, first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _received(stack) == {ANN: 1, BEN: 1, CAT: 1}
    with stack.services.sessions() as s:
        assert len(s.scalars(select(Delivery)).all()) == 3


def test_a_worker_killed_after_the_call_is_retried_with_the_same_key(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    real = rem.send

    def killed(batch: Sequence[Call]) -> list[Answer | None]:
        real(batch[:1])  # LINE accepted the first, then the process died before recording it
        raise SystemExit("killed")

    dying = Reminders(rem.sessions, killed, rem.api, rem.policy, rem.zone)
    with pytest.raises(SystemExit):
        dying.tick(T_MINUS_5)
    assert len(pushes(stack)) == 1
    (claimed, *_rest) = _requests(stack)
    assert claimed.status is DeliveryStatus.PENDING
    assert claimed.attempts == 1
    rem.tick(T_MINUS_5 + LEASE + timedelta(minutes=1))  # after the claim's lease
    assert _received(stack) == {ANN: 1, BEN: 1, CAT: 1}
    statuses = [c["status"] for c in stack.calls() if c["path"].endswith(("push", "multicast"))]
    assert 409 in statuses
    rows = _requests(stack)
    assert all(r.status is DeliveryStatus.SENT for r in rows)
    assert any(r.accepted_request_id and r.last_status == 409 for r in rows)


def test_a_500_storm_is_retried_with_backoff_and_lost_answers_are_not_resent(
        stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, faults=[{"status": 500, "times": 3}, {"status": 500, "after": True}])
    rem.tick(T_MINUS_5)
    assert pushes(stack) == [] or len(pushes(stack)) <= 1
    for minutes in (1, 3, 10, 30, 60, 120):
        rem.tick(T_MINUS_5 + timedelta(minutes=minutes))
    assert _received(stack) == {ANN: 1, BEN: 1, CAT: 1}
    assert all(r.status is DeliveryStatus.SENT for r in _requests(stack))
    keys = {c["retryKey"] for c in stack.calls() if c["path"].endswith(("push", "multicast"))}
    assert len(keys) == 2  # one push, one multicast, whatever the attempts


def test_retries_stop_24_hours_after_the_first_attempt(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, faults=[{"status": 503, "times": 1000}])
    rem.tick(T_MINUS_5)
    rem.tick(T_MINUS_5 + timedelta(hours=23, minutes=59, seconds=30))
    rem.tick(T_MINUS_5 + timedelta(hours=25))
    rows = _requests(stack)
    assert all(r.status is DeliveryStatus.FAILED for r in rows)
    assert pushes(stack) == []


def test_429_backs_off_and_4xx_is_not_retried(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, faults=[{"status": 429, "times": 1}, {"status": 400, "times": 1}])
    out = rem.tick(T_MINUS_5).outcome
    assert out.rate_limited
    assert pushes(stack) == []
    out = rem.tick(T_MINUS_5 + timedelta(seconds=30)).outcome
    assert out.sent == 0  # the 429'd request waits (the other one met the 400, now or then)
    out = rem.tick(T_MINUS_5 + timedelta(minutes=2)).outcome
    assert out.sent == 1
    rem.tick(T_MINUS_5 + timedelta(minutes=30))
    failed = [r for r in _requests(stack) if r.status is DeliveryStatus.FAILED]
    assert [r.last_status for r in failed] == [400]


def test_blocked_user_gets_200_and_nothing_and_unfollow_stops_pushes(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, block=[BEN])  # blocked without the bot hearing (webhook lost)
    rem.tick(T_MINUS_5)
    assert _received(stack) == {ANN: 1, CAT: 1}
    stack.send(userId=CAT, type="unfollow")
    stack.run_worker()
    rem.tick(at(2026, 10, 20))  # T-2
    assert _received(stack) == {ANN: 2, CAT: 1}
    sent_to = [r.recipients for r in _requests(stack)]
    assert [CAT] not in sent_to[2:]


def test_near_the_cap_nudges_give_way_to_digests_and_the_cap_holds(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, quotaCap=10, usage=7)  # 70 %: under the 80 % share, but 3 nudges > 8
    out = rem.tick(T_PLUS_3).outcome
    assert _received(stack) == {SUP: 1}
    assert out.held_for_quota == 2
    held = [r for r in _requests(stack) if r.error == "held back: monthly quota"]
    assert {r.kind for r in held} == {"nudge"}
    _configure(stack, quotaCap=10, usage=10)
    stack.send(userId=SUP, text="เตือนค้างส่ง")
    stack.run_worker()
    out = rem.tick(T_PLUS_3 + timedelta(minutes=1)).outcome
    assert out.sent == 0
    assert _received(stack) == {SUP: 1}


def test_ledger_and_planner_on_both_databases(tmp_path, redis_url, redis_conn, db_url) -> None:
    from tests.stack import make_stack

    st = make_stack(tmp_path, redis_url, db_url)
    try:
        seed(st)
        first, second = reminders(st), reminders(st)
        threads = [threading.Thread(target=r.tick, args=(T_PLUS_3 + timedelta(seconds=n),))
                   for n, r in enumerate((first, second, first, second))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert _received(st) == {ANN: 1, BEN: 1, CAT: 1, SUP: 1}
        with st.services.sessions() as s:
            rows = s.scalars(select(Delivery)).all()
            assert sorted(r.kind for r in rows) == ["digest", "nudge", "nudge", "nudge"]
            assert all(r.request_id for r in rows)
    finally:
        for server in st.servers:
            server.stop()
        st.services.engine.dispose()


def _quota_reads(stack: Stack) -> int:
    return len([c for c in stack.calls() if c["path"] == "/v2/bot/message/quota"])


def test_line_quota_is_read_once_a_day_and_the_ledger_counts_since(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    _configure(stack, quotaCap=10, usage=5)
    rem.tick(T_MINUS_5)  # 2 requests, 3 billed: 5 + 3 = 8 of 10
    rem.tick(T_MINUS_5 + timedelta(hours=3))
    assert _quota_reads(stack) == 1
    _configure(stack, usage=0)  # LINE's figure is not asked again today
    timed_stack(stack, Clock(T_MINUS_5 + timedelta(hours=4)))
    stack.send(userId=SUP, text="เตือนค้างส่ง")
    stack.run_worker()
    out = rem.tick(T_MINUS_5 + timedelta(hours=4)).outcome
    assert out.held_for_quota == 2  # 8 counted (5 read + 3 since): nudges stop at 80 %
    rem.tick(at(2026, 10, 16))
    assert _quota_reads(stack) == 2


def test_a_429_pauses_every_scheduler_until_its_backoff_has_passed(stack: Stack) -> None:
    seed(stack)
    first, second = reminders(stack), reminders(stack)
    _configure(stack, faults=[{"status": 429, "times": 1}])
    assert first.tick(T_MINUS_5).outcome.rate_limited
    calls = len(stack.calls())
    out = second.tick(T_MINUS_5 + timedelta(seconds=30)).outcome  # another process
    assert out.paused_until is not None
    assert out.sent == 0
    assert len(stack.calls()) == calls  # not even the quota was asked
    second.tick(T_MINUS_5 + timedelta(minutes=2))
    assert _received(stack) == {ANN: 1, BEN: 1, CAT: 1}
