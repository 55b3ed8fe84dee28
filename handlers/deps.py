"""What the handlers need from the process that runs them: built at the edge and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import redis

from photos.store import PhotoStore
from reminders.policy import Policy


class Media(Protocol):
    """Keeps a generated file for a while and gives out a public link to it."""

    @property
    def ttl_seconds(self) -> int:
        """How long a published link works."""
        ...

    def publish(self, data: bytes, ext: str, filename: str = "") -> str:
        """Store data and return its public URL."""
        ...

    def photo_url(self, photo_key: str) -> str:
        """An expiring public URL of a stored photo (ask only after the scope check)."""
        ...


@dataclass(frozen=True)
class HandlerDeps:
    """Redis, the media store, the calendar settings and the reminder policy the commands use."""

    redis: redis.Redis
    media: Media
    timezone: str
    draft_ttl_seconds: int
    policy: Policy = field(default_factory=Policy)
    admin_contact: str = ""  # ADMIN_CONTACT: who users reach for access or help
    web_base_url: str = ""  # the web process's public base URL (dashboard links)
    link_key: bytes = b""  # signs dashboard sign-in links
    link_ttl_seconds: int = 600  # how long a dashboard sign-in link works
    liff_id: str = ""  # when set, "แดชบอร์ด" answers with the LIFF URL instead
    photos_per_report: int = 10  # PHOTOS_PER_REPORT
    photo_max_bytes: int = 10 * 1024 * 1024  # PHOTO_MAX_BYTES
    photos: PhotoStore | None = None  # the photo store (the PDF prints the photos)
