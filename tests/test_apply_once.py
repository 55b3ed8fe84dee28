"""Effects stored before a crash are applied to Redis by one attempt only.

Found under load (two suites side by side): a worker killed after its commit, the next one's
lease lost on a starved machine, and two attempts of the same event both found no outbox,
both applied the stored effects and both answered: a reply, then a push after the reply
token was refused. Only the first attempt may apply; the other treats the answer as maybe sent.
"""

from __future__ import annotations

from conversations.drafts import DraftWrite
from conversations.engine import Draft
from core.messages import text
from handlers.router import Outcome
from inbox.contract import Outbox, read_outbox
from tests.stack import Stack
from workers.handle import _apply


def _outcome(detail: str) -> Outcome:
    draft = Draft(form="progress", target="50470000-3430", target_label="x",
                  values={"detail": detail})
    return Outcome([text(f"ตอบ {detail}")], DraftWrite("U1", draft))


def test_only_the_first_attempt_applies_stored_effects(stack: Stack) -> None:
    ctx = stack.context()
    assert _apply(ctx, "ev-1", _outcome("first"), first=True)
    assert not _apply(ctx, "ev-1", _outcome("second"), first=True)
    state, messages = read_outbox(stack.services.redis, "ev-1")
    assert state is Outbox.PENDING
    assert [m["text"] for m in messages] == ["ตอบ first"]  # the second wrote nothing


def test_a_fresh_event_always_applies(stack: Stack) -> None:
    ctx = stack.context()
    assert _apply(ctx, "ev-2", _outcome("a"))
    assert _apply(ctx, "ev-2", _outcome("b"))  # fresh: the database said it was first
    assert [m["text"] for m in read_outbox(stack.services.redis, "ev-2")[1]] == ["ตอบ b"]
