"""One conversation's events are handled one at a time, in arrival order, by any worker."""

from __future__ import annotations

import itertools
import threading
import time

from sqlalchemy.orm import Session

from handlers.inbound import Inbound
from handlers.messages import text
from handlers.router import Outcome, Router
from tests.stack import USER, Stack
from workers.context import install_context
from workers.inbox import conversation_key
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
    conversations = [conversation_key({"source": {"userId": u}}) for u in (USER, other)]

    def work() -> None:  # what several workers do when each picks up a drain job
        for _ in range(3):
            for conversation in conversations:
                drain_conversation(conversation)

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

    from workers.inbox import drain, inbox_key, processing_key

    conv = "user-Ucrash"
    redis_conn.rpush(processing_key(conv), json.dumps({"webhookEventId": "a", "n": 1}))
    redis_conn.rpush(inbox_key(conv), json.dumps({"webhookEventId": "b", "n": 2}))
    seen: list[int] = []
    assert drain(redis_conn, conv, lambda e: seen.append(e["n"])) == 2
    assert seen == [1, 2]
    assert redis_conn.llen(processing_key(conv)) == 0


def test_poison_event_goes_to_dead_letters_after_three_tries(redis_conn) -> None:
    import json

    import pytest

    from workers.inbox import drain, inbox_key

    conv = "user-Upoison"
    redis_conn.rpush(inbox_key(conv), json.dumps({"webhookEventId": "bad"}),
                     json.dumps({"webhookEventId": "good"}))
    handled: list[str] = []

    def handle(event: dict[str, str]) -> None:
        if event["webhookEventId"] == "bad":
            raise RuntimeError("boom")
        handled.append(event["webhookEventId"])

    for _ in range(2):
        with pytest.raises(RuntimeError):
            drain(redis_conn, conv, handle)
        assert handled == [], "a failing event blocks the events after it until it is buried"
    assert drain(redis_conn, conv, handle) == 2  # the buried one and the good one
    assert handled == ["good"]
    assert [json.loads(x)["webhookEventId"] for x in redis_conn.lrange("tidtam:dead", 0, -1)] \
        == ["bad"]


def test_a_failing_event_is_retried_by_rq_and_answered_once(stack: Stack) -> None:
    failures = iter([RuntimeError("database went away")])

    def flaky(event: Inbound, session: Session) -> Outcome:
        for error in failures:
            raise error
        return Outcome([text(f"ได้รับ {event.text}")])

    stack.router = Router(commands=[flaky])
    stack.send(text="m1")
    stack.run_worker()
    assert stack.texts() == [], "the first try failed"
    assert len(stack.services.queue.scheduled_job_registry) == 1, "RQ retries it later"
    stack.run_worker(retries=True)
    assert stack.texts() == ["ได้รับ m1"]
    assert len(stack.services.queue.scheduled_job_registry) == 0
    assert len(stack.services.queue.failed_job_registry) == 0
