"""Where drafts live between messages: a small storage contract, in Redis or in memory."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import Any, Protocol, cast

import redis

from conversations.engine import Draft, Stage

TRACE_EXTRA_SECONDS = 7 * 24 * 3600


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


def trace_key(user: str) -> str:
    """Redis key remembering that a user had a draft (outlives it, to notice expiry)."""
    return f"tidtam:draft-trace:{user}"


class RedisDraftStore:
    """Drafts in Redis with a TTL; a longer-lived trace remembers that one expired."""

    def __init__(self, conn: redis.Redis, ttl_seconds: int) -> None:
        self.conn, self.ttl = conn, ttl_seconds

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time); no writes."""
        with self.conn.pipeline(transaction=False) as pipe:
            pipe.get(draft_key(user))
            pipe.exists(trace_key(user))
            raw, traced = pipe.execute()
        if raw is not None:
            return Loaded(decode(cast(bytes, raw)))
        return Loaded(None, expired=bool(traced))

    def save(self, user: str, draft: Draft, pipe: Any = None) -> None:
        """Keep the draft, restarting its idle timer (inside pipe when one is given)."""
        target = pipe if pipe is not None else self.conn.pipeline()
        target.set(draft_key(user), encode(draft), ex=self.ttl)
        target.set(trace_key(user), "1", ex=self.ttl + TRACE_EXTRA_SECONDS)
        if pipe is None:
            target.execute()

    def drop(self, user: str, pipe: Any = None) -> None:
        """Forget the draft and its trace (inside pipe when one is given)."""
        (pipe if pipe is not None else self.conn).delete(draft_key(user), trace_key(user))

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
