"""A fake LINE Messaging API, plus operator endpoints that play the user's side."""

from __future__ import annotations

import base64
import binascii
import copy
import hmac
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests
from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from emulator import sender
from emulator.faults import FaultPlan
from emulator.login import IdTokens, register_login
from emulator.richmenu import RichMenus, register_rich_menus
from emulator.state import JSON, MAX_MULTICAST, EmulatorState, LineError, body_error, message_errors

MAX_BODY = 2 * 1024 * 1024
MAX_SEND_BODY = 48 * 1024 * 1024  # /_emulator/send may carry a photo (base64), even a huge one
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
NO_HEADER = ("Authorization header required. "
             "Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'")
BAD_TOKEN = ("Authentication failed. "  # noqa: S105 - an error message, not a secret
             "Confirm that the access token in the authorization header is valid.")
Reply = tuple[JSON, int]


def _authorize(expected: str) -> None:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    if not token:
        raise LineError(401, NO_HEADER)
    if expected and not hmac.compare_digest(token.encode(), expected.encode()):
        raise LineError(401, BAD_TOKEN)


def _json() -> JSON:
    g.body = request.get_json(silent=True)
    if not isinstance(g.body, dict):
        raise LineError(400, "The request body could not be parsed as JSON")
    return g.body


def _retry_key(allowed: bool) -> str | None:
    key = request.headers.get("X-Line-Retry-Key")
    if key is None:
        return None
    if not allowed:
        raise LineError(400, "X-Line-Retry-Key header is not supported by this API")
    if not UUID_RE.match(key):
        raise LineError(400, "The value for the 'X-Line-Retry-Key' header is invalid")
    return key


def _check(errors: list[JSON]) -> None:
    if errors:
        raise body_error(errors)


def _missing(body: JSON, name: str) -> list[JSON]:
    value = body.get(name)
    return [] if isinstance(value, str) and value else [
        {"message": "Must not be null", "property": name}]


def _bounded_ids(value: Any) -> list[JSON]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_MULTICAST:
        return [{"message": f"Size must be between 1 and {MAX_MULTICAST}", "property": "to"}]
    return [{"message": "Invalid user ID", "property": f"to[{i}]"}
            for i, uid in enumerate(value) if not (isinstance(uid, str) and uid.startswith("U"))]


def create_emulator_app(channel_secret: str, webhook_url: str, access_token: str = "", *,
                        clock: Callable[[], float] = time.time,
                        destination: str = sender.DEFAULT_DESTINATION) -> Flask:
    """Build the emulator; serve it threaded, since the bot calls back while /send waits."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    state = EmulatorState(clock=clock)
    app.extensions["line_emulator"] = state
    faults = FaultPlan()
    menus = RichMenus()
    app.extensions["line_emulator_menus"] = menus
    register_rich_menus(app, menus)
    register_login(app, IdTokens(clock=clock))

    contents: dict[str, tuple[bytes, int]] = {}  # message id → (content, status when gone)

    @app.before_request
    def _begin() -> None:
        g.request_id, g.body = str(uuid.uuid4()), None
        if request.path == "/_emulator/send":
            request.max_content_length = MAX_SEND_BODY
        if request.path.startswith("/v2/"):
            _authorize(access_token)
            faults.strike(request.path)

    @app.after_request
    def _finish(resp: Response) -> Response:
        resp.headers["x-line-request-id"] = g.request_id
        if request.path.startswith(("/v2/", "/oauth2/")):
            state.record_call(request.method, request.path, g.body, resp.status_code,
                              request.headers.get("X-Line-Retry-Key"), g.request_id)
        return resp

    @app.errorhandler(LineError)
    def _line_error(err: LineError) -> Response:
        resp = jsonify(err.body)
        resp.status_code = err.status
        resp.headers.update(err.headers)
        return resp

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException) -> Response:
        resp = jsonify({"message": err.name})
        resp.status_code = err.code or 500
        return resp

    @app.post("/v2/bot/message/reply")
    def reply() -> JSON:
        body = _json()
        _retry_key(allowed=False)
        _check(_missing(body, "replyToken") + message_errors(body.get("messages")))
        return {"sentMessages": state.reply(body["replyToken"], body["messages"])}

    @app.post("/v2/bot/message/push")
    def push() -> JSON:
        body = _json()
        key = _retry_key(allowed=True)
        _check(_missing(body, "to") + message_errors(body.get("messages")))
        sent = state.send([body["to"]], body["messages"], "push", key, g.request_id)
        return {"sentMessages": sent}

    @app.post("/v2/bot/message/multicast")
    def multicast() -> JSON:
        body = _json()
        key = _retry_key(allowed=True)
        _check(_bounded_ids(body.get("to")) + message_errors(body.get("messages")))
        state.send(body["to"], body["messages"], "multicast", key, g.request_id)
        return {}

    @app.post("/v2/bot/chat/loading/start")
    def loading() -> Reply:
        body = _json()
        _retry_key(allowed=False)
        seconds = body.get("loadingSeconds", 20)
        errors = _missing(body, "chatId")
        if type(seconds) is not int or not 5 <= seconds <= 60 or seconds % 5:
            errors.append({"message": "Must be a multiple of 5 between 5 and 60",
                           "property": "loadingSeconds"})
        _check(errors)
        return {}, 202

    @app.get("/v2/bot/message/quota")
    def quota() -> JSON:
        return state.quota()

    @app.get("/v2/bot/message/quota/consumption")
    def consumption() -> JSON:
        return state.consumption()

    @app.post("/_emulator/config")
    def configure() -> JSON:
        return state.configure(request.get_json(silent=True) or {})

    @app.get("/v2/bot/profile/<user_id>")
    def profile(user_id: str) -> Reply:
        name = state.display_name(user_id)
        if name is None:  # as LINE: a user who never added the bot (or whom it forgot)
            return {"message": "Not found"}, 404
        return {"userId": user_id, "displayName": name, "language": "th"}, 200

    def _post(event: JSON) -> Reply:
        body = sender.webhook_body(event, destination=destination)
        try:
            status = sender.deliver(webhook_url, body, channel_secret)
        except requests.RequestException as exc:
            return {"status": None, "error": str(exc), "event": event}, 502
        return {"status": status, "event": event}, 200

    @app.post("/_emulator/send")
    def send() -> Reply:
        data = request.get_json(silent=True) or {}
        user_id = data.get("userId")
        group_id = data.get("groupId") if data.get("sourceType") == "group" else None
        if not isinstance(user_id, str) or (data.get("sourceType") == "group" and not group_id):
            return {"message": "userId (and groupId for a group) is required"}, 400
        if isinstance(data.get("displayName"), str):
            state.set_display_name(user_id, data["displayName"])
        kw: JSON = {"group_id": group_id, "timestamp_ms": int(clock() * 1000)}
        kind, postback = data.get("type"), data.get("postback")
        if isinstance(data.get("image"), str):  # a photo the user sends: LINE keeps its content
            try:
                photo = base64.b64decode(data["image"], validate=True)
            except (binascii.Error, ValueError):
                return {"message": "image must be base64"}, 400
            message_id = sender.new_message_id()
            contents[message_id] = (photo, 200)
            event = sender.build_image_event(user_id, message_id, **kw)
        elif isinstance(data.get("text"), str):
            event = sender.build_text_event(user_id, data["text"], **kw)
        elif isinstance(postback, dict) and isinstance(postback.get("data"), str):
            event = sender.build_postback_event(user_id, postback["data"],
                                                postback.get("params"), **kw)
        elif kind in sender.EVENT_BUILDERS:
            event = sender.EVENT_BUILDERS[kind](user_id, **kw)
        else:
            return {"message": "give text, image (base64), postback {data}, or type "
                               "follow|unfollow|sticker|image|video|file"}, 400
        if kind in ("follow", "unfollow"):
            state.configure({"block" if kind == "unfollow" else "unblock": [user_id]})
        if "replyToken" in event:
            state.issue_reply_token(event["replyToken"], group_id or user_id)
        state.remember_event(event)
        return _post(event)

    @app.get("/v2/bot/message/<message_id>/content")
    def content(message_id: str) -> Response | Reply:
        """A sent photo's bytes, as LINE's api-data host serves them; 404 when unknown."""
        held = contents.get(message_id)
        if held is None or held[1] != 200:
            return {"message": "Not found"}, held[1] if held else 404
        return Response(held[0], mimetype="image/jpeg")

    @app.delete("/_emulator/content/<message_id>")
    def expire_content(message_id: str) -> JSON:
        """Make a sent photo's content gone, as LINE does after a while (404, or ?status=410)."""
        status = request.args.get("status", 404, type=int)
        held = contents.get(message_id)
        contents[message_id] = (held[0] if held else b"", status)
        return {}

    @app.post("/_emulator/redeliver")
    def redeliver() -> Reply:
        data = request.get_json(silent=True) or {}
        event = state.event(str(data.get("webhookEventId")))
        if event is None:
            return {"message": "Unknown webhookEventId"}, 404
        event = copy.deepcopy(event)
        event["deliveryContext"] = {"isRedelivery": True}
        return _post(event)

    @app.get("/v2/bot/info")
    def bot_info() -> JSON:
        return {"userId": "U" + "e" * 32, "basicId": "@tidtam", "displayName": "ติดตาม",
                "chatMode": "bot", "markAsReadMode": "auto"}

    @app.get("/v2/bot/channel/webhook/endpoint")
    def webhook_endpoint() -> JSON:
        return {"endpoint": webhook_url, "active": True}

    @app.post("/_emulator/faults")
    def arm_fault() -> JSON:
        """Make the next API calls fail or hang: {"status": 500, "hang": 0, "count": 3}
        (and "retryAfter": seconds, for a Retry-After header on the error)."""
        faults.arm(request.get_json(silent=True) or {})
        return {}

    @app.delete("/_emulator/faults")
    def clear_faults() -> JSON:
        faults.clear()
        return {}

    @app.get("/_emulator/calls")
    def calls() -> JSON:
        return {"calls": state.calls(request.args.get("since", 0, type=int))}

    @app.get("/_emulator/stats")
    def stats() -> JSON:
        return state.stats()

    @app.delete("/_emulator/calls")
    def reset() -> JSON:
        state.reset()
        return {}

    @app.get("/_emulator/messages")
    def messages() -> Reply:
        chat_id = request.args.get("userId") or request.args.get("chatId")
        if not chat_id:
            return {"message": "userId is required"}, 400
        since = request.args.get("since", 0, type=int)
        return {"messages": state.messages(chat_id, since)}, 200

    return app

