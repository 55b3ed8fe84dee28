"""Dashboard sessions: a random id in an HttpOnly cookie, the LINE user behind it in Redis."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import redis
import requests
from flask import Request
from werkzeug.wrappers import Response

from runtime.config import Settings

log = logging.getLogger(__name__)
COOKIE = "tidtam_dash"
PREFIX = "tidtam:websession:"
FLASH = "tidtam:webflash:"  # a message kept for a session's next page
VERIFY_PATH = "/oauth2/v2.1/verify"


def _key(session_id: str, prefix: str = PREFIX) -> str:
    """The Redis key of a session (or of its flash message): its id's hash, so a dump of Redis
    opens no session."""
    return prefix + hashlib.sha256(session_id.encode()).hexdigest()


def start(conn: redis.Redis, settings: Settings, response: Response, line_user_id: str) -> None:
    """Open a session for a LINE user and set its cookie on the response."""
    session_id = secrets.token_urlsafe(32)
    seconds = max(int(settings.dashboard_session_hours * 3600), 60)
    conn.set(_key(session_id), line_user_id, ex=seconds)
    secure = settings.effective_public_base_url.startswith("https://")
    response.set_cookie(COOKIE, session_id, max_age=seconds, path="/dash", httponly=True,
                        secure=secure, samesite="Lax")


def viewer(conn: redis.Redis, request: Request) -> str | None:
    """The LINE user of the request's session, or None (no cookie, expired, signed out)."""
    session_id = request.cookies.get(COOKIE, "")
    if not session_id or len(session_id) > 100:
        return None
    found = conn.get(_key(session_id))
    return found.decode() if isinstance(found, bytes) else None


def end(conn: redis.Redis, request: Request, response: Response) -> None:
    """Close the request's session and clear its cookie."""
    session_id = request.cookies.get(COOKIE, "")
    if session_id:
        conn.delete(_key(session_id))
    response.delete_cookie(COOKIE, path="/dash")


def flash(conn: redis.Redis, request: Request, message: str, seconds: int = 300) -> None:
    """Keep a message for the session's next page (Post/Redirect/Get: the answer to a form
    shows once, after the redirect, and a refresh neither sends the form again nor repeats it)."""
    session_id = request.cookies.get(COOKIE, "")
    if session_id:
        conn.set(_key(session_id, FLASH), message, ex=seconds)


def take_flash(conn: redis.Redis, request: Request) -> str:
    """The session's kept message, once ("" when there is none)."""
    session_id = request.cookies.get(COOKIE, "")
    if not session_id or len(session_id) > 100:
        return ""
    key = _key(session_id, FLASH)
    pipe = conn.pipeline()
    pipe.get(key)
    pipe.delete(key)
    found = pipe.execute()[0]
    return found.decode() if isinstance(found, bytes) else ""


def csrf_token(key: bytes, request: Request) -> str:
    """The form token of the request's session (a POST must carry it back)."""
    session_id = request.cookies.get(COOKIE, "")
    return hmac.new(key, b"csrf:" + session_id.encode(), hashlib.sha256).hexdigest()[:32]


def csrf_ok(key: bytes, request: Request) -> bool:
    """True when a POST carries its session's form token."""
    sent = request.form.get("csrf", "")
    return bool(sent) and hmac.compare_digest(sent, csrf_token(key, request))


@dataclass(frozen=True)
class Verified:
    """What LINE's verify endpoint says about an ID token."""

    sub: str
    name: str | None


def verify_id_token(settings: Settings, id_token: str) -> Verified | None:
    """Ask LINE (or the emulator) whether a LIFF ID token is genuine and meant for our LINE
    Login channel; None when it is not, or LINE cannot be asked."""
    url = settings.line_login_api_base_url.rstrip("/") + VERIFY_PATH
    try:
        resp = requests.post(url, data={"id_token": id_token,
                                        "client_id": settings.line_login_channel_id}, timeout=5)
    except requests.RequestException:
        log.warning("liff: verify endpoint unreachable")
        return None
    if resp.status_code != 200:
        log.info("liff: id token refused (%d)", resp.status_code)
        return None
    claims: dict[str, Any] = resp.json()
    sub = claims.get("sub")
    if not isinstance(sub, str) or claims.get("aud") != settings.line_login_channel_id:
        return None
    name = claims.get("name")
    return Verified(sub, name if isinstance(name, str) else None)
