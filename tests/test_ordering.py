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
