"""The outbound LINE client against the emulator: retry keys, 409, 4xx, time-outs, 429, pacing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests

from emulator.server import create_emulator_app
from outbound import calls
from outbound.answer import LineError
from outbound.client import LineClient
from outbound.policy import BACKOFF, Backoff, rate_pause, retry_key_for
from tests.stack import SECRET, TOKEN, serve

ANN, BEN = "U" + "1" * 32, "U" + "2" * 32
HELLO = [{"type": "text", "text": "สวัสดีค่ะ"}]


@pytest.fixture
def emulator() -> Iterator[str]:
    """The LINE emulator on a free port (its webhook goes nowhere)."""
    with serve(create_emulator_app(SECRET, "http://127.0.0.1:9/callback", TOKEN)) as url:
        yield url


@pytest.fixture
def line(emulator: str) -> Iterator[LineClient]:
    """A client pointed at the emulator, with a short time-out."""
    client = LineClient.connect(emulator, TOKEN, timeout=1.0, connections=8, rate=0)
    yield client
    client.close()


def _fault(url: str, **fault: object) -> None:
    requests.post(f"{url}/_emulator/faults", json=fault, timeout=5).raise_for_status()


def _calls(url: str) -> list[dict[str, object]]:
    return list(requests.get(f"{url}/_emulator/calls", timeout=5).json()["calls"])


def _received(url: str, user: str) -> int:
    got = requests.get(f"{url}/_emulator/messages", params={"userId": user}, timeout=5)
    return len(got.json()["messages"])


def test_a_push_sent_again_with_its_retry_key_is_delivered_once(emulator: str,
                                                                line: LineClient) -> None:
    line.push(ANN, HELLO, "event-1:0")
    line.push(ANN, HELLO, "event-1:0")  # a retry after a lost answer: LINE says 409
    assert _received(emulator, ANN) == 1
    pushes = [c for c in _calls(emulator) if c["path"] == calls.PUSH_PATH]
    assert [c["status"] for c in pushes] == [200, 409]
    assert {c["retryKey"] for c in pushes} == {retry_key_for("event-1:0")}


def test_every_answer_is_reported_and_a_4xx_is_refused(emulator: str, line: LineClient) -> None:
    batch = [calls.push(ANN, HELLO, retry_key_for("a")),
             calls.push(BEN, [{"type": "text"}], retry_key_for("b")),  # no text: 400
             calls.multicast([ANN, BEN], HELLO, retry_key_for("c"))]
    first, bad, multi = line.send_all(batch)
    assert first is not None
    assert first.accepted
    assert first.request_id
    assert bad is not None
    assert bad.status == 400
    assert bad.refused
    assert not bad.retriable
    assert multi is not None
    assert multi.accepted
    assert (_received(emulator, ANN), _received(emulator, BEN)) == (2, 1)
    with pytest.raises(LineError) as refused:
        line.push(BEN, [{"type": "text"}], "d")
    assert refused.value.status == 400


def test_a_hung_call_times_out_and_may_be_retried_with_the_same_key(
        emulator: str, line: LineClient) -> None:
    _fault(emulator, hang=3, count=1)
    started = time.monotonic()
    [answer] = line.send_all([calls.push(ANN, HELLO, retry_key_for("slow"))])
    assert time.monotonic() - started < 2.5
    assert answer is not None
    assert answer.status is None
    assert answer.retriable
    _fault(emulator, status=503, count=1)
    [answer] = line.send_all([calls.push(ANN, HELLO, retry_key_for("slow"))])
    assert answer is not None
    assert answer.status == 503
    assert answer.retriable


def test_a_429_stops_the_batch_and_its_retry_after_pauses_every_sender(
        emulator: str, line: LineClient) -> None:
    _fault(emulator, status=429, count=1, retryAfter=1, path=calls.PUSH_PATH)
    batch = [calls.push(ANN, HELLO, retry_key_for(f"n{k}")) for k in range(20)]
    answers = line.send_all(batch)
    limited = [a for a in answers if a is not None and a.rate_limited]
    assert len(limited) == 1
    assert limited[0].retry_after == 1
    assert None in answers, "the calls not yet made when LINE said 429 are not made"
    made = len(_calls(emulator))
    paused = line.send(calls.push(BEN, HELLO, retry_key_for("later")))
    assert paused.rate_limited, "within Retry-After nothing goes to LINE"
    with pytest.raises(LineError):
        line.reply("token", HELLO, to=None, key="e")
    assert len(_calls(emulator)) == made
    time.sleep(1.1)
    assert line.send(calls.push(BEN, HELLO, retry_key_for("later"))).accepted


def test_a_reply_whose_token_was_refused_is_pushed_with_a_retry_key(
        emulator: str, line: LineClient) -> None:
    line.reply("not-a-token", HELLO, to=ANN, key="event-2")
    made = [(c["path"], c["status"]) for c in _calls(emulator)]
    assert made == [(calls.REPLY_PATH, 400), (calls.PUSH_PATH, 200)]
    assert _received(emulator, ANN) == 1


def test_the_rate_is_kept(emulator: str) -> None:
    client = LineClient.connect(emulator, TOKEN, timeout=5.0, connections=8, rate=40)
    try:
        started = time.monotonic()
        answers = client.send_all([calls.push(ANN, HELLO, retry_key_for(f"r{k}"))
                                   for k in range(20)])
        took = time.monotonic() - started
    finally:
        client.close()
    assert all(a is not None and a.accepted for a in answers)
    assert took >= 19 / 40 - 0.06  # 20 calls at 40 a second (50 ms of slots may be caught up)


def test_stored_message_json_goes_into_the_body_as_it_is() -> None:
    stored = json.dumps(HELLO, sort_keys=True)
    raw = calls.push_raw(ANN, stored, "k")
    assert json.loads(raw.body) == json.loads(calls.push(ANN, HELLO, "k").body)
    multi = calls.multicast_raw([ANN, BEN], stored, "k")
    assert json.loads(multi.body) == {"to": [ANN, BEN], "messages": HELLO}


def test_one_backoff_and_one_pause_rule() -> None:
    assert [BACKOFF.delay(n) for n in range(1, 11)] == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert Backoff(first=1, factor=3, cap=10).delay(3) == 9
    assert rate_pause(5, monthly=False).total_seconds() == 65
    assert rate_pause(None, monthly=True).total_seconds() == 3600
