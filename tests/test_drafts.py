"""One storage contract for drafts, run against Redis and memory (as aiogram does)."""

from __future__ import annotations

import pytest

from conversations.drafts import (
    DraftWrite,
    MemoryDraftStore,
    RedisDraftStore,
    apply_write,
    decode,
    encode,
)
from conversations.engine import Draft, Stage


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["redis", "memory"])
def store(request: pytest.FixtureRequest):
    if request.param == "memory":
        return MemoryDraftStore(ttl_seconds=60, clock=Clock())
    return RedisDraftStore(request.getfixturevalue("redis_conn"), ttl_seconds=60, clock=Clock())


DRAFT = Draft(form="progress", target="50470000-3430", target_label="x", stage=Stage.CHECK,
              slot="progress", values={"progress": "80.00"}, answered=("detail",),
              unchecked=("progress",))


def test_saved_draft_loads_back_equal(store) -> None:
    store.save("U1", DRAFT)
    loaded = store.load("U1")
    assert loaded.draft == DRAFT
    assert not loaded.expired
    assert store.load("U2").draft is None


def test_drop_forgets_the_draft_and_its_trace(store) -> None:
    store.save("U1", DRAFT)
    store.drop("U1")
    assert store.load("U1").draft is None
    assert not store.load("U1").expired


def test_expired_draft_is_noticed_until_the_trace_is_cleared(store) -> None:
    store.save("U1", DRAFT)
    store.clock.now += 59
    assert store.load("U1").draft == DRAFT
    store.clock.now += 2
    first = store.load("U1")
    assert first.draft is None
    assert first.expired
    assert store.load("U1").expired, "loading writes nothing; the trace stays until cleared"
    apply_write(store, DraftWrite("U1", None))
    assert not store.load("U1").expired


def test_loading_writes_nothing_to_redis(redis_conn) -> None:
    store = RedisDraftStore(redis_conn, ttl_seconds=60)
    before = redis_conn.info("stats")["total_commands_processed"]
    store.load("U1")
    after = redis_conn.info("stats")["total_commands_processed"]
    assert after - before == 2  # one GET, plus this INFO
    assert redis_conn.dbsize() == 0


def test_one_key_per_draft_kept_past_its_ttl_to_notice_expiry(redis_conn) -> None:
    store = RedisDraftStore(redis_conn, ttl_seconds=60)
    store.save("U1", DRAFT)
    assert redis_conn.keys("tidtam:draft*") == [b"tidtam:draft:U1"]
    assert 60 < redis_conn.ttl("tidtam:draft:U1") <= 60 + 7 * 24 * 3600


def test_a_draft_stored_by_the_previous_version_still_loads(redis_conn) -> None:
    redis_conn.set("tidtam:draft:U1", encode(DRAFT), ex=60)
    assert RedisDraftStore(redis_conn, ttl_seconds=60).load("U1").draft == DRAFT


def test_draft_write_round_trips_through_json() -> None:
    write = DraftWrite("U1", DRAFT)
    assert DraftWrite.from_json(write.to_json()) == write
    assert DraftWrite.from_json(DraftWrite("U1", None).to_json()) == DraftWrite("U1", None)
    assert decode(encode(DRAFT)) == DRAFT
