"""Build, sign and deliver webhook events the way the LINE Platform does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import requests

JSON = dict[str, Any]
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DEFAULT_DESTINATION = "U" + "0" * 32


def now_ms() -> int:
    """The current time in milliseconds, as webhook timestamps are."""
    return int(time.time() * 1000)


def new_event_id(timestamp_ms: int | None = None) -> str:
    """A 26-character ULID: 48 bits of milliseconds, then 80 random bits."""
    value = ((timestamp_ms if timestamp_ms is not None else now_ms()) << 80) | secrets.randbits(80)
    return "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def new_reply_token() -> str:
    """A random reply token (32 hex characters, like LINE's)."""
    return secrets.token_hex(16)


def new_message_id() -> str:
    """A random numeric message id."""
    return str(secrets.randbelow(10**18) + 10**17)


def source(user_id: str, group_id: str | None = None) -> JSON:
    """A webhook source: the user, or the user inside a group chat."""
    if group_id is None:
        return {"type": "user", "userId": user_id}
    return {"type": "group", "groupId": group_id, "userId": user_id}


def build_event(event_type: str, user_id: str, *, group_id: str | None = None,
                timestamp_ms: int | None = None, reply_token: str | None = None,
                replyable: bool = True, **payload: Any) -> JSON:
    """A webhook event of any type; payload keys are added to the event as is."""
    ts = timestamp_ms if timestamp_ms is not None else now_ms()
    event: JSON = {"type": event_type, "mode": "active", "timestamp": ts,
                   "source": source(user_id, group_id),
                   "webhookEventId": new_event_id(ts),
                   "deliveryContext": {"isRedelivery": False}}
    if replyable:
        event["replyToken"] = reply_token or new_reply_token()
    event.update(payload)
    return event


def _message(kind: str, message_id: str | None = None, **fields: Any) -> JSON:
    return {"id": message_id or new_message_id(), "type": kind,
            "quoteToken": secrets.token_urlsafe(24), **fields}


def build_text_event(user_id: str, text: str, **kw: Any) -> JSON:
    """A text message event."""
    return build_event("message", user_id, message=_message("text", text=text), **kw)


def build_sticker_event(user_id: str, package_id: str = "446", sticker_id: str = "1988",
                        **kw: Any) -> JSON:
    """A sticker message event."""
    msg = _message("sticker", packageId=package_id, stickerId=sticker_id,
                   stickerResourceType="STATIC")
    return build_event("message", user_id, message=msg, **kw)


def build_image_event(user_id: str, message_id: str | None = None, **kw: Any) -> JSON:
    """An image message event (content held by LINE, at /v2/bot/message/{id}/content)."""
    msg = _message("image", message_id, contentProvider={"type": "line"})
    return build_event("message", user_id, message=msg, **kw)


def build_video_event(user_id: str, message_id: str | None = None, **kw: Any) -> JSON:
    """A video message event."""
    msg = _message("video", message_id, duration=12000, contentProvider={"type": "line"})
    return build_event("message", user_id, message=msg, **kw)


def build_file_event(user_id: str, message_id: str | None = None, **kw: Any) -> JSON:
    """A file message event (a document sent in the chat)."""
    msg = _message("file", message_id, fileName="report.pdf", fileSize=20480)
    return build_event("message", user_id, message=msg, **kw)


def build_postback_event(user_id: str, data: str, params: JSON | None = None,
                         **kw: Any) -> JSON:
    """A postback event, with datetime picker params if given."""
    postback: JSON = {"data": data}
    if params:
        postback["params"] = params
    return build_event("postback", user_id, postback=postback, **kw)


def build_follow_event(user_id: str, unblocked: bool = False, **kw: Any) -> JSON:
    """A follow event (a friend add, or an unblock)."""
    return build_event("follow", user_id, follow={"isUnblocked": unblocked}, **kw)


def build_unfollow_event(user_id: str, **kw: Any) -> JSON:
    """An unfollow (block) event: it carries no reply token."""
    return build_event("unfollow", user_id, replyable=False, **kw)


def build_join_event(user_id: str, **kw: Any) -> JSON:
    """The bot was added to a group (source carries the group; LINE names no user)."""
    event = build_event("join", user_id, **kw)
    event["source"].pop("userId", None)
    return event


EVENT_BUILDERS: dict[str, Callable[..., JSON]] = {
    "follow": build_follow_event,
    "join": build_join_event,
    "unfollow": build_unfollow_event,
    "sticker": build_sticker_event,
    "image": build_image_event,
    "video": build_video_event,
    "file": build_file_event,
}


def webhook_body(*events: JSON, destination: str = DEFAULT_DESTINATION) -> JSON:
    """The request body LINE posts to the webhook."""
    return {"destination": destination, "events": list(events)}


def encode(body: JSON) -> bytes:
    """Serialise a webhook body to the exact bytes that get signed and sent."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def sign(body: bytes, secret: str) -> str:
    """The X-Line-Signature of a body: base64 of HMAC-SHA256 with the channel secret."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_headers(body: bytes, secret: str) -> dict[str, str]:
    """The headers LINE sends with a webhook request."""
    return {"Content-Type": "application/json; charset=utf-8",
            "User-Agent": "LineBotWebhook/2.0", "X-Line-Signature": sign(body, secret)}


def deliver(webhook_url: str, body: JSON, secret: str, timeout: float = 10.0) -> int:
    """Sign a webhook body, POST it to the bot and return the bot's HTTP status."""
    raw = encode(body)
    resp = requests.post(webhook_url, data=raw, headers=signed_headers(raw, secret),
                         timeout=timeout)
    return resp.status_code
