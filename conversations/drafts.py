"""Where drafts live between messages: a small storage contract, in Redis or in memory."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol, cast

import redis

from conversations.engine import Draft, Stage

TRACE_EXTRA_SECONDS = 7 * 24 * 3600  # how long an expired draft is remembered (its notice)


@dataclass(frozen=True)
class Loaded:
    """A draft (or None), and whether an earlier draft expired unfinished."""

    draft: Draft | None
    expired: bool = False


def encode(draft: Draft) -> str:
    """A draft as JSON."""
    return json.dumps(asdict(draft), ensure_ascii=False)


def decode(raw: str | bytes) -> Draft:
    """A draft back from JSON."""
    data: dict[str, Any] = json.loads(raw)
    data["stage"] = Stage(data["stage"])
    data["answered"] = tuple(data.get("answered", ()))
    data["unchecked"] = tuple(data.get("unchecked", ()))
    data["photos"] = tuple(data.get("photos", ()))
    return Draft(**data)


@dataclass(frozen=True)
class DraftWrite:
    """A change to one user's draft, decided by a step and applied after the database commits."""

    user: str
    draft: Draft | None  # None: forget the draft (finished, cancelled, or expired)

    def to_json(self) -> dict[str, Any]:
        """This write as JSON-friendly data (it is stored with the event's effects)."""
        return {"user": self.user, "draft": asdict(self.draft) if self.draft else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DraftWrite:
        """A write back from to_json's data."""
        raw = data.get("draft")
        return cls(str(data["user"]), decode(json.dumps(raw)) if raw else None)


class DraftStore(Protocol):
    """Get, save and drop the one draft a user may have; drafts expire when left idle."""

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time); no writes."""

    def save(self, user: str, draft: Draft) -> None:
        """Keep the draft, restarting its idle timer."""

    def drop(self, user: str) -> None:
        """Forget the draft (finished or cancelled) and any trace of an expired one."""


def apply_write(store: DraftStore, write: DraftWrite) -> None:
    """Apply a decided change to a store (saving again the same draft is harmless)."""
    if write.draft is None:
        store.drop(write.user)
    else:
        store.save(write.user, write.draft)


def draft_key(user: str) -> str:
    """Redis key of a user's draft."""
    return f"tidtam:draft:{user}"


def _stamped(draft: Draft, now: float) -> str:
    """A draft with the time it was saved, as stored in Redis."""
    return json.dumps({"saved": now, "draft": asdict(draft)}, ensure_ascii=False)


class RedisDraftStore:
    """Drafts in Redis, one key each: kept past their TTL with the time they were saved, so
    one read tells a live draft from one that expired unfinished (one GET, one SET)."""

    def __init__(self, conn: redis.Redis, ttl_seconds: int,
                 clock: Callable[[], float] = time.time) -> None:
        self.conn, self.ttl, self.clock = conn, ttl_seconds, clock

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time); no writes."""
        raw = cast(bytes | None, self.conn.get(draft_key(user)))
        if raw is None:
            return Loaded(None)
        data = json.loads(raw)
        if "saved" not in data:  # written before drafts carried their time: live
            return Loaded(decode(raw))
        if self.clock() - float(data["saved"]) > self.ttl:
            return Loaded(None, expired=True)
        return Loaded(decode(json.dumps(data["draft"])))

    def save(self, user: str, draft: Draft, pipe: Any = None) -> None:
        """Keep the draft, restarting its idle timer (inside pipe when one is given)."""
        (pipe if pipe is not None else self.conn).set(
            draft_key(user), _stamped(draft, self.clock()), ex=self.ttl + TRACE_EXTRA_SECONDS)

    def drop(self, user: str, pipe: Any = None) -> None:
        """Forget the draft, expired or not (inside pipe when one is given)."""
        (pipe if pipe is not None else self.conn).delete(draft_key(user))

    def write(self, change: DraftWrite, pipe: Any = None) -> None:
        """Apply a decided change, inside pipe when one is given."""
        if change.draft is None:
            self.drop(change.user, pipe)
        else:
            self.save(change.user, change.draft, pipe)


class MemoryDraftStore:
    """Drafts in a dict, with the same expiry rules (for unit tests of the edges)."""

    def __init__(self, ttl_seconds: int, clock: Any = time.monotonic) -> None:
        self.ttl, self.clock = ttl_seconds, clock
        self.items: dict[str, tuple[float, str]] = {}
        self.traces: dict[str, float] = {}

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time); no writes."""
        item = self.items.get(user)
        now = self.clock()
        if item is not None and now - item[0] <= self.ttl:
            return Loaded(decode(item[1]))
        traced = user in self.traces and now - self.traces[user] <= self.ttl + TRACE_EXTRA_SECONDS
        return Loaded(None, expired=traced)

    def save(self, user: str, draft: Draft) -> None:
        """Keep the draft, restarting its idle timer."""
        self.items[user] = (self.clock(), encode(draft))
        self.traces[user] = self.clock()

    def drop(self, user: str) -> None:
        """Forget the draft and its trace."""
        self.items.pop(user, None)
        self.traces.pop(user, None)


def draft_photo_keys(conn: redis.Redis) -> set[str]:
    """Every photo file key the drafts in Redis hold (photos are kept there until submitted)."""
    keys: set[str] = set()
    for name in conn.scan_iter(match=draft_key("*"), count=500):
        raw = cast(bytes | None, conn.get(name))
        if raw is None:
            continue
        data = json.loads(raw)
        for photo in (data.get("draft", data) or {}).get("photos", ()):
            keys.update(str(photo[k]) for k in ("key", "thumb") if k in photo)
    return keys
