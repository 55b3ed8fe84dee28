"""LINE Login's ID-token verify endpoint, and the operator's way to get a LIFF ID token."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, Response, jsonify, request

ISSUER = "https://access.line.me"


@dataclass
class IdTokens:
    """ID tokens the emulator issued, as LIFF's getIDToken() would hand them to a page."""

    clock: Callable[[], float] = time.time
    tokens: dict[str, dict[str, object]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, user_id: str, channel_id: str, name: str, ttl: float) -> str:
        """A fresh token for a user of a LINE Login channel, valid ttl seconds."""
        token = "emu." + secrets.token_urlsafe(32)
        now = int(self.clock())
        with self.lock:
            self.tokens[token] = {"iss": ISSUER, "sub": user_id, "aud": channel_id,
                                  "exp": now + int(ttl), "iat": now, "name": name,
                                  "amr": ["linesso"]}
        return token

    def claims(self, token: str) -> dict[str, object] | None:
        """The claims of an issued token, or None."""
        with self.lock:
            found = self.tokens.get(token)
            return dict(found) if found else None


def _refuse(description: str) -> Response:
    resp = jsonify({"error": "invalid_request", "error_description": description})
    resp.status_code = 400
    return resp


def register_login(app: Flask, tokens: IdTokens) -> None:
    """Add POST /oauth2/v2.1/verify (form: id_token, client_id) and POST /_emulator/id_token."""

    @app.post("/oauth2/v2.1/verify")
    def verify() -> Response:
        token, client_id = request.form.get("id_token", ""), request.form.get("client_id", "")
        if not token or not client_id:
            return _refuse("id_token and client_id are required.")
        claims = tokens.claims(token)
        if claims is None:
            return _refuse("Invalid IdToken.")
        if claims["aud"] != client_id:
            return _refuse("Invalid IdToken Audience.")
        if int(str(claims["exp"])) <= tokens.clock():
            return _refuse("IdToken expired.")
        return jsonify(claims)

    @app.post("/_emulator/id_token")
    def id_token() -> Response:
        body = request.get_json(silent=True) or {}
        token = tokens.issue(str(body.get("userId", "")), str(body.get("clientId", "")),
                             str(body.get("name", "ผู้ใช้ทดสอบ")), float(body.get("ttl", 3600)))
        return jsonify({"idToken": token})
