"""Generated files (charts, PDFs, spreadsheets) kept in Redis under unguessable, expiring tokens."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import redis

from runtime.services import Services

PREFIX = "tidtam:media:"
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf", "jpg": "image/jpeg",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


def store(conn: redis.Redis, data: bytes, ext: str, ttl_seconds: int,
          filename: str = "") -> str:
    """Keep data for ttl_seconds under a fresh random token (256 bits) and return the token."""
    if ext not in CONTENT_TYPES:
        raise ValueError(f"unsupported media type: {ext}")
    token = secrets.token_urlsafe(32)
    key = PREFIX + token
    with conn.pipeline(transaction=True) as pipe:
        pipe.hset(key, mapping={"ext": ext, "body": data,
                                "filename": _FILENAME.sub("_", filename)})
        pipe.expire(key, ttl_seconds)
        pipe.execute()
    return token


def store_photo_link(conn: redis.Redis, photo_key: str, ttl_seconds: int) -> str:
    """A fresh random token (256 bits) that serves the stored photo photo_key for ttl_seconds.

    Only the reference is kept in Redis: the web process reads the bytes from the photo store.
    The token is handed out only after the asker's scope was checked, so a photo's link is
    as private as the report it belongs to, and it stops working when it expires.
    """
    token = secrets.token_urlsafe(32)
    key = PREFIX + token
    with conn.pipeline(transaction=True) as pipe:
        pipe.hset(key, mapping={"ext": "jpg", "photo": photo_key, "filename": ""})
        pipe.expire(key, ttl_seconds)
        pipe.execute()
    return token


def media_url(public_base_url: str, token: str, ext: str) -> str:
    """The public URL of a stored file."""
    return f"{public_base_url.rstrip('/')}/media/{token}.{ext}"


@dataclass(frozen=True)
class MediaStore:
    """Publishes files with the lifetime and public address in a process's current settings."""

    services: Services

    @property
    def ttl_seconds(self) -> int:
        """How long a published link works."""
        return self.services.settings.media_ttl_seconds

    def publish(self, data: bytes, ext: str, filename: str = "") -> str:
        """Store data with the configured lifetime and return its public URL."""
        token = store(self.services.redis, data, ext, self.ttl_seconds, filename)
        return media_url(self.services.settings.effective_public_base_url, token, ext)

    def photo_url(self, photo_key: str) -> str:
        """An expiring public URL of a stored photo (for one who may see its report)."""
        token = store_photo_link(self.services.redis, photo_key, self.ttl_seconds)
        return media_url(self.services.settings.effective_public_base_url, token, "jpg")
