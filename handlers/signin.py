"""Dashboard sign-in links: signed, single-use, short-lived tokens kept in Redis."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import redis

PREFIX = "tidtam:signin:"


def _mac(key: bytes, token: str) -> str:
    """The link's signature: an HMAC of its random part, cut to 22 characters."""
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()[:22]


def _key(token: str) -> str:
    """The Redis key of a token: its hash, so a dump of Redis holds no usable link."""
    return PREFIX + hashlib.sha256(token.encode()).hexdigest()


def mint(conn: redis.Redis, key: bytes, line_user_id: str, ttl_seconds: int) -> str:
    """A fresh sign-in token for a LINE user ("<random>.<signature>"), valid once, for a while."""
    token = secrets.token_urlsafe(24)
    conn.set(_key(token), line_user_id, ex=ttl_seconds)
    return f"{token}.{_mac(key, token)}"


def redeem(conn: redis.Redis, key: bytes, signed: str) -> str | None:
    """The LINE user a token was minted for, consumed at once (GETDEL); None when forged,
    expired or used already."""
    token, _, mac = signed.partition(".")
    if not token or len(signed) > 100 or not hmac.compare_digest(mac, _mac(key, token)):
        return None
    found = conn.getdel(_key(token))
    return found.decode() if isinstance(found, bytes) else None
