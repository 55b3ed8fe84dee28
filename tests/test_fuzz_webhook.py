"""Hostile but correctly signed bodies: the webhook never answers 500 and the worker never crashes.

Hypothesis builds LINE-shaped events with wrong types in every field (strings for objects,
lists for strings, lone surrogates, huge numbers); each body is signed, posted to the real
app (Flask test client, real Redis), and every accepted event is handled by the real worker
code against SQLite.
"""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from emulator import sender
from handlers.router import parse_event
from tests.stack import SECRET, Stack
from workers.handle import handle_event

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False), st.text(max_size=30),
    st.sampled_from(["\ud800", "a\udfffb", "U" + "f" * 32, "", "message", "text", "a\x00b",
                     "\u202e\u2066x", "U" + "f" * 100, "E" * 90]),
)
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


def _field(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a well-formed value, sometimes anything at all."""
    return st.one_of(good, good, anything)


source = _field(st.fixed_dictionaries(
    {"type": st.sampled_from(["user", "group", "room"]), "userId": _field(st.just("U" + "b" * 32))},
    optional={"groupId": _field(st.just("C" + "1" * 32))}))
message = _field(st.fixed_dictionaries(
    {"type": _field(st.sampled_from(["text", "sticker", "image"])), "id": _field(st.just("1")),
     "text": _field(st.text(max_size=40))}))
event = st.fixed_dictionaries(
    {"type": _field(st.sampled_from(["message", "follow", "unfollow", "postback", "join",
                                     "leave", "memberJoined", "unsend", "things"]))},
    optional={"source": source, "message": message, "replyToken": _field(st.just("r" * 32)),
              "webhookEventId": _field(st.text(min_size=1, max_size=30)),
              "deliveryContext": _field(st.fixed_dictionaries({"isRedelivery": st.booleans()})),
              "postback": _field(st.fixed_dictionaries({"data": _field(st.text(max_size=20))})),
              "timestamp": _field(st.integers(min_value=0, max_value=2**45)),
              "mode": anything})


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(events=st.lists(event, min_size=1, max_size=4))
def test_signed_hostile_bodies_never_get_500_and_never_crash_the_worker(
        both_stack: Stack, events: list[dict[str, Any]]) -> None:
    stack = both_stack
    client = create_app(stack.settings, stack.services).test_client()
    raw = json.dumps({"destination": "U0", "events": events}).encode()
    resp = client.post("/callback", data=raw,
                       headers={"X-Line-Signature": sender.sign(raw, SECRET),
                                "Content-Type": "application/json"})
    assert resp.status_code in (200, 400), resp.data
    conn = stack.services.redis
    ctx = stack.context()
    for key in list(conn.scan_iter(match="tidtam:inbox:*")):
        while (item := conn.lpop(key)) is not None:
            handle_event(ctx, json.loads(cast(bytes, item)))  # must not raise


def _nested(depth: int, opener: str) -> str:
    """A JSON text that nests depth arrays or objects."""
    if opener == "[":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize(("where", "depth", "opener"), [
    ("body", 100_000, "["), ("body", 5_000, "{"), ("event", 3_000, "["), ("field", 40, "{")])
def test_deep_and_wide_signed_bodies_get_400_or_200_never_500(
        both_stack: Stack, where: str, depth: int, opener: str) -> None:
    client = create_app(both_stack.settings, both_stack.services).test_client()
    deep = _nested(depth, opener)
    event = ('{"type":"message","webhookEventId":"01AAAAAAAAAAAAAAAAAAAAAAAA","source":'
             '{"type":"user","userId":"U' + "b" * 32 + '"},"message":{"type":"text",'
             '"text":"hi","x":' + deep + "}}")
    body = {"body": deep, "event": '{"events":[' + event + "]}",
            "field": '{"events":[' + event + "]}"}[where]
    wide = '{"events":[' + ",".join(['{"type":"follow"}'] * 20_000) + "]}"
    for raw in (body.encode(), wide.encode()):
        resp = client.post("/callback", data=raw,
                           headers={"X-Line-Signature": sender.sign(raw, SECRET),
                                    "Content-Type": "application/json"})
        assert resp.status_code in (200, 400), resp.data[:200]
    conn = both_stack.services.redis
    ctx = both_stack.context()
    for key in list(conn.scan_iter(match="tidtam:inbox:*")):
        while (item := conn.lpop(key)) is not None:
            handle_event(ctx, json.loads(cast(bytes, item)))


def test_nesting_depth_is_counted_outside_strings_only() -> None:
    from bot.webhook import nesting_depth

    assert nesting_depth('{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert nesting_depth(r'"\\"' + "[" * 5) == 5  # an escaped backslash ends the string
    assert nesting_depth(r'"\"' + "[" * 5) == 0  # an escaped quote does not
    assert nesting_depth("[" * 1000, limit=10) == 11


@given(raw=anything)
def test_parse_event_reads_anything(raw: Any) -> None:
    if isinstance(raw, dict):
        parsed = parse_event(raw)
        assert isinstance(parsed.text, str)
