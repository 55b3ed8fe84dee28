"""Serve generated files (chart PNGs, form PDFs) kept by runtime.media at their expiring URLs."""

from __future__ import annotations

import re
from typing import cast

import redis
from flask import Blueprint, Response, abort, current_app

from runtime.media import CONTENT_TYPES, PREFIX
from runtime.services import Services

_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
blueprint = Blueprint("media", __name__)


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
