"""One chat's events are handled one at a time, in arrival order, by any worker."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from sqlalchemy.orm import Session

from core.messages import text
from handlers.router import Inbound, Outcome, Router
from inbox.contract import chat_key
from tests.stack import USER, Stack
from workers.context import install_context
from workers.jobs import drain_conversation


class Recorder:
    """A command that records when each message is handled and takes a while doing it."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, str, float, float]] = []
        self.lock = threading.Lock()

    def __call__(self, event: Inbound, session: Session) -> Outcome:
        start = time.monotonic()
        time.sleep(0.05)
        with self.lock:
            self.spans.append((event.user_id or "", event.text, start, time.monotonic()))
        return Outcome([text(f"ได้รับ {event.text}")])


def test_two_workers_keep_each_users_order_and_never_overlap(stack: Stack) -> None:
    recorder = Recorder()
    stack.router = Router(commands=[recorder])
    other = "U" + "c" * 32
    for i in range(6):
        stack.send(text=f"m{i}")
        stack.send(text=f"o{i}", userId=other)
    install_context(stack.context())
    chats = [chat_key({"source": {"userId": u}}) for u in (USER, other)]

    def work() -> None:  # what several workers do when each picks up a drain job
        for _ in range(3):
            for chat in chats:
                drain_conversation(chat)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    for user, prefix in ((USER, "m"), (other, "o")):
        spans = [s for s in recorder.spans if s[0] == user]
        assert [s[1] for s in spans] == [f"{prefix}{i}" for i in range(6)]
        for earlier, later in itertools.pairwise(spans):
            assert earlier[3] <= later[2], "two events of one user were handled at once"
    assert len(recorder.spans) == 12, "every event handled exactly once"
    assert stack.texts() == [f"ได้รับ m{i}" for i in range(6)]
    assert stack.texts(other) == [f"ได้รับ o{i}" for i in range(6)]


def test_event_left_by_a_crashed_worker_is_handled_first(redis_conn) -> None:
    import json

    from inbox.contract import drain
    from inbox.scripts import inbox_key, lock_key

    conv = "user-Ucrash"
    redis_conn.rpush(inbox_key(conv), json.dumps({"webhookEventId": "a", "n": 1}),
                     json.dumps({"webhookEventId": "b", "n": 2}))

    def die(event: dict[str, int]) -> None:
        raise SystemExit("killed while handling")  # not an Exception: no retry bookkeeping

    with pytest.raises(SystemExit):
        drain(redis_conn, conv, die)
    assert redis_conn.llen(inbox_key(conv)) == 2, "the event being handled stays in the inbox"
    redis_conn.delete(lock_key(conv))  # what the lease does for a dead worker
    seen: list[int] = []
    assert drain(redis_conn, conv, lambda e: seen.append(e["n"])) == 2
    assert seen == [1, 2]
    assert redis_conn.llen(inbox_key(conv)) == 0


def test_events_an_earlier_version_was_handling_are_adopted_first(redis_conn) -> None:
    import json

    from inbox.contract import drain
    from inbox.scripts import inbox_key, processing_key
    from inbox.sweep import adopt_legacy_processing

    conv = "user-Uupgrade"
    redis_conn.rpush(processing_key(conv), json.dumps({"webhookEventId": "a", "n": 1}))
    redis_conn.rpush(inbox_key(conv), json.dumps({"webhookEventId": "b", "n": 2}))
    redis_conn.set(f"tidtam:lock:{conv}", "someone", px=60000)
    assert adopt_legacy_processing(redis_conn) == 0, "not while a drain holds it"
    redis_conn.delete(f"tidtam:lock:{conv}")
    assert adopt_legacy_processing(redis_conn) == 1
    seen: list[int] = []
    assert drain(redis_conn, conv, lambda e: seen.append(e["n"])) == 2
    assert seen == [1, 2]
    assert not redis_conn.exists(processing_key(conv))


def test_failing_event_backs_off_then_goes_to_dead_letters(redis_conn) -> None:
    import json

    from inbox.contract import drain
    from inbox.deadletters import dead_letters, replay
    from inbox.retry import EVENTS
    from inbox.scripts import backoff_key, inbox_key
    from inbox.sweep import stalled_chats

    conv = "user-Upoison"
    redis_conn.rpush(inbox_key(conv), json.dumps({"webhookEventId": "bad"}),
                     json.dumps({"webhookEventId": "good"}))
    handled: list[str] = []
    tries: list[str] = []

    def handle(event: dict[str, str]) -> None:
        tries.append(event["webhookEventId"])
        if event["webhookEventId"] == "bad":
            raise RuntimeError("boom")
        handled.append(event["webhookEventId"])

    for attempt in range(1, EVENTS.max_attempts):
        assert drain(redis_conn, conv, handle) == 0
        assert handled == [], "a failing event blocks the events after it until it is buried"
        assert 0 < redis_conn.ttl(backoff_key(conv)) <= min(2 ** attempt, 60)
        # Drains during the backoff (the user writing again) do not count as attempts.
        assert drain(redis_conn, conv, handle) == 0
        assert tries.count("bad") == attempt
        assert stalled_chats(redis_conn) == [], "the sweep waits for the backoff too"
        redis_conn.delete(backoff_key(conv))  # time passes
    assert drain(redis_conn, conv, handle) == 2  # the buried one and the good one
    assert handled == ["good"]
    (letter,) = dead_letters(redis_conn)
    assert letter.event_id == "bad"
    assert letter.error == f"RuntimeError after {EVENTS.max_attempts} attempts"
    assert letter.chat == conv
    # The operator fixes the cause and replays it: it is handled once.
    assert replay(redis_conn, "bad") == conv
    assert dead_letters(redis_conn) == []
    assert drain(redis_conn, conv, lambda e: handled.append(e["webhookEventId"])) == 1
    assert handled == ["good", "bad"]
    assert replay(redis_conn, "nothing") is None


def test_a_failing_event_is_retried_after_its_backoff_and_answered_once(stack: Stack) -> None:
    from inbox.scripts import backoff_key
    from workers.jobs import sweep_inboxes

    failures = iter([RuntimeError("database went away")])

    def flaky(event: Inbound, session: Session) -> Outcome:
        for error in failures:
            raise error
        return Outcome([text(f"ได้รับ {event.text}")])

    stack.router = Router(commands=[flaky])
    stack.send(text="m1")
    stack.run_worker()
    assert stack.texts() == [], "the first try failed"
    conv = chat_key({"source": {"userId": USER}})
    assert stack.services.redis.exists(backoff_key(conv)), "it waits before the next try"
    assert sweep_inboxes(stack.context()) == 0, "not during the backoff"
    stack.services.redis.delete(backoff_key(conv))  # time passes
    assert sweep_inboxes(stack.context()) == 1
    stack.run_worker()
    assert stack.texts() == ["ได้รับ m1"]
