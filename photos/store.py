"""The photo store's contract: bytes kept under their content hash, on any backend."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

_KEY = re.compile(r"[0-9a-f]{64}")


def content_key(data: bytes) -> str:
    """The key bytes are stored under: their SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


def check_key(key: str) -> str:
    """key itself, or ValueError when it is not a content hash (no paths, no tricks)."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a photo key: {key!r}")
    return key


class PhotoStore(Protocol):
    """Where photo bytes live: put by content, get/delete/exists by key, list every key."""

    def put(self, data: bytes) -> str:
        """Store data (idempotent) and return its key, the content hash."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under key; KeyError when there are none."""
        ...

    def delete(self, key: str) -> None:
        """Remove key's bytes; nothing when they are already gone."""
        ...

    def exists(self, key: str) -> bool:
        """True when bytes are stored under key."""
        ...

    def keys(self) -> Iterator[str]:
        """Every stored key, in no particular order."""
        ...

    def modified(self, key: str) -> datetime:
        """When key's bytes were last written (aware, UTC); KeyError when there are none."""
        ...
