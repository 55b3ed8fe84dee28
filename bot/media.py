"""Generated files (chart PNGs, form PDFs) in Redis, served at unguessable, expiring URLs."""

from __future__ import annotations

import re
import secrets
from typing import cast

import redis
from flask import Blueprint, Response, abort, current_app

from bot.services import Services

PREFIX = "tidtam:media:"
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
_FILENAME = re.compile(r"[^A-Za-z0-9._-]")
blueprint = Blueprint("media", __name__)


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


def media_url(public_base_url: str, token: str, ext: str) -> str:
    """The public URL of a stored file."""
    return f"{public_base_url.rstrip('/')}/media/{token}.{ext}"


def publish(services: Services, data: bytes, ext: str, filename: str = "") -> str:
    """Store data with the configured lifetime and return its public URL."""
    ttl = services.settings.media_ttl_seconds
    token = store(services.redis, data, ext, ttl, filename)
    return media_url(services.settings.effective_public_base_url, token, ext)


@blueprint.get("/media/<token>.<ext>")
def serve(token: str, ext: str) -> Response:
    """Serve a stored file; 404 for an unknown, expired or malformed token."""
    if not _TOKEN.fullmatch(token) or ext not in CONTENT_TYPES:
        abort(404)
    services: Services = current_app.extensions["tidtam"]
    try:
        fields = cast(dict[bytes, bytes], services.redis.hgetall(PREFIX + token))
        ttl = max(int(cast(int, services.redis.ttl(PREFIX + token))), 0)
    except redis.RedisError:
        abort(503)
    if not fields or fields.get(b"ext", b"").decode() != ext:
        abort(404)
    resp = Response(fields[b"body"], mimetype=CONTENT_TYPES[ext])
    resp.headers["Cache-Control"] = f"private, max-age={ttl}"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    filename = fields.get(b"filename", b"").decode()
    if filename:
        resp.headers["Content-Disposition"] = f'inline; filename="{filename}.{ext}"'
    return resp
