"""The overview's computed projects, kept per process until the data they came from changes."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import AgencyDueDay, ProgressReport, Project, WorkingDayOverride


def data_version(session: Session) -> tuple[Any, ...]:
    """What the overview's numbers depend on, in one cheap query: reports (a correction bumps
    its revision), projects (an import bumps updated_at), due days and working-day overrides."""
    r = ProgressReport
    return tuple(session.execute(select(
        select(func.count()).select_from(r).scalar_subquery(),
        select(func.max(r.id)).scalar_subquery(),
        select(func.sum(r.revision)).scalar_subquery(),
        select(func.count()).select_from(Project).scalar_subquery(),
        select(func.max(Project.updated_at)).scalar_subquery(),
        select(func.count()).select_from(AgencyDueDay).scalar_subquery(),
        select(func.count()).select_from(WorkingDayOverride).scalar_subquery(),
    )).one())


@dataclass
class LinesCache:
    """A few computed overviews (by scope, filters and day), each with the data version it was
    computed at, for seconds; a newer version is patched when it can be, else built again."""

    ttl_seconds: float
    size: int = 32
    _entries: OrderedDict[Hashable, tuple[float, Any, Any]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, build: Callable[[], Any], version: Any = None,
            patch: Callable[[Any, Any], Any] | None = None) -> Any:
        """The value kept under key at this version; else the kept one patched (patch(its
        version, it), None when it cannot be) or a new one built, outside the lock."""
        now = time.monotonic()
        if self.ttl_seconds <= 0:
            return build()
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
        value = None
        if found is not None and now - found[0] < self.ttl_seconds:
            at, seen, kept = found
            if seen == version:
                return kept
            value = patch(seen, kept) if patch is not None else None
        if value is None:
            at, value = now, build()
        with self._lock:
            self._entries[key] = (at, version, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


@dataclass
class MonthsMemo:
    """Each project's months (core.months) by their exact inputs (the project and a hash of
    the rest): after a report is filed, only that project's are computed again. About 1.5 KB
    an entry; forgets everything past `size` entries."""

    size: int = 50_000
    _memo: dict[Hashable, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for key, computed once."""
        found = self._memo.get(key)
        if found is None:
            found = compute()
            with self._lock:
                if len(self._memo) >= self.size:
                    self._memo.clear()
                self._memo[key] = found
        return found
