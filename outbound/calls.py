"""One request to LINE, its JSON encoded once: reply, push or multicast, with its retry key."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from core.messages import Message
from outbound.pause import PUSH, REPLY

REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
MULTICAST_PATH = "/v2/bot/message/multicast"
MAX_PER_REQUEST = 5  # message objects in one request
MAX_MULTICAST = 500  # recipients of one multicast


@dataclass(frozen=True)
class Call:
    """A POST to the Messaging API: path, JSON body, and X-Line-Retry-Key (never on replies)."""

    path: str
    body: bytes
    retry_key: str | None = None

    @property
    def kind(self) -> str:
        """REPLY (free) or PUSH (push and multicast count against the monthly quota)."""
        return REPLY if self.path == REPLY_PATH else PUSH


def _encode(body: dict[str, object]) -> bytes:
    """Compact UTF-8 JSON (Thai stays as it is: a third of the bytes of \\u escapes)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def reply(token: str, messages: Sequence[Message]) -> Call:
    """Answer with a reply token (free; no retry key: LINE refuses one there)."""
    return Call(REPLY_PATH, _encode({"replyToken": token, "messages": list(messages)}))


def push(to: str, messages: Sequence[Message], retry_key: str) -> Call:
    """Push to one user, group or room."""
    return Call(PUSH_PATH, _encode({"to": to, "messages": list(messages)}), retry_key)


def multicast(to: Sequence[str], messages: Sequence[Message], retry_key: str) -> Call:
    """The same messages to up to 500 users in one request."""
    return Call(MULTICAST_PATH, _encode({"to": list(to), "messages": list(messages)}), retry_key)


def _with_messages(head: dict[str, object], messages_json: str) -> bytes:
    """A body whose messages are JSON text already (as a ledger stores them): not parsed."""
    return _encode(head)[:-1] + b',"messages":' + messages_json.encode() + b"}"


def push_raw(to: str, messages_json: str, retry_key: str) -> Call:
    """A push whose messages are JSON text already."""
    return Call(PUSH_PATH, _with_messages({"to": to}, messages_json), retry_key)


def multicast_raw(to: Sequence[str], messages_json: str, retry_key: str) -> Call:
    """A multicast whose messages are JSON text already."""
    return Call(MULTICAST_PATH, _with_messages({"to": list(to)}, messages_json), retry_key)


def chunks(messages: Sequence[Message]) -> list[list[Message]]:
    """Split messages into requests of at most five (quick replies stay on the last one)."""
    return [list(messages[i : i + MAX_PER_REQUEST])
            for i in range(0, len(messages), MAX_PER_REQUEST)]
