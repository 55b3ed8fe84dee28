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
    return Draft(**data)


class DraftStore(Protocol):
    """Get, save and drop the one draft a user may have; drafts expire when left idle."""

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time)."""

    def save(self, user: str, draft: Draft) -> None:
        """Keep the draft, restarting its idle timer."""

    def drop(self, user: str) -> None:
        """Forget the draft (finished or cancelled)."""


class RedisDraftStore:
    """Drafts in Redis with a TTL; a longer-lived trace remembers that one expired."""

    def __init__(self, conn: redis.Redis, ttl_seconds: int) -> None:
        self.conn, self.ttl = conn, ttl_seconds

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time)."""
        raw = cast(bytes | None, self.conn.get(f"tidtam:draft:{user}"))
        if raw is not None:
            return Loaded(decode(raw))
        expired = bool(self.conn.delete(f"tidtam:draft-trace:{user}"))
        return Loaded(None, expired)

    def save(self, user: str, draft: Draft) -> None:
        """Keep the draft, restarting its idle timer."""
        with self.conn.pipeline() as pipe:
            pipe.set(f"tidtam:draft:{user}", encode(draft), ex=self.ttl)
            pipe.set(f"tidtam:draft-trace:{user}", "1", ex=self.ttl + TRACE_EXTRA_SECONDS)
            pipe.execute()

    def drop(self, user: str) -> None:
        """Forget the draft (finished or cancelled)."""
        self.conn.delete(f"tidtam:draft:{user}", f"tidtam:draft-trace:{user}")


class MemoryDraftStore:
    """Drafts in a dict, with the same expiry rules (for unit tests of the edges)."""

    def __init__(self, ttl_seconds: int, clock: Any = time.monotonic) -> None:
        self.ttl, self.clock = ttl_seconds, clock
        self.items: dict[str, tuple[float, str]] = {}

    def load(self, user: str) -> Loaded:
        """The user's draft, or None (saying whether one expired since last time)."""
        item = self.items.get(user)
        if item is None:
            return Loaded(None)
        saved_at, raw = item
        if self.clock() - saved_at > self.ttl:
            del self.items[user]
            return Loaded(None, expired=True)
        return Loaded(decode(raw))

    def save(self, user: str, draft: Draft) -> None:
        """Keep the draft, restarting its idle timer."""
        self.items[user] = (self.clock(), encode(draft))

    def drop(self, user: str) -> None:
        """Forget the draft (finished or cancelled)."""
        self.items.pop(user, None)
