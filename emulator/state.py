"""In-memory record of what the bot asked LINE to do, with LINE's limits (thread-safe)."""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

MESSAGE_TYPES = ("text", "image", "video", "audio", "location", "sticker", "imagemap",
                 "template", "flex")
QUOTABLE = frozenset({"text", "sticker", "image", "video"})
MAX_MESSAGES, MAX_TEXT, MAX_ALT_TEXT, MAX_QUICK_REPLY = 5, 5000, 1500, 13
MAX_POSTBACK, MAX_MULTICAST, MAX_CAROUSEL = 300, 500, 12
REPLY_TOKEN_TTL = 60.0
RETRY_KEY_TTL = 24 * 3600.0
MONTHLY_LIMIT = "You have reached your monthly limit."
RATE_LIMIT = "The API rate limit has been exceeded. Try again later."
RATES = {"push": 2000, "multicast": 200}


class LineError(Exception):
    """An error answered the way LINE answers it: a status and a JSON body."""

    def __init__(self, status: int, message: str, details: list[JSON] | None = None,
                 headers: dict[str, str] | None = None, extra: JSON | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}
        self.body: JSON = {"message": message, **(extra or {})}
        if details:
            self.body["details"] = details


def body_error(details: list[JSON]) -> LineError:
    """The 400 LINE gives for an invalid request body."""
    return LineError(400, f"The request body has {len(details)} error(s)", details)


def _size(prop: str, low: int, high: int) -> JSON:
    return {"message": f"Size must be between {low} and {high}", "property": prop}


def _length(value: Any, prop: str, high: int) -> list[JSON]:
    if value is None or (isinstance(value, str) and len(value) <= high):
        return []
    return [{"message": f"Length must be between 0 and {high}", "property": prop}]


def _actions(node: Any, prop: str) -> Iterator[tuple[JSON, str]]:
    """Yield every postback/datetimepicker action object inside a message, with its path."""
    if isinstance(node, dict):
        if node.get("type") in ("postback", "datetimepicker"):
            yield node, prop
        for key, value in node.items():
            yield from _actions(value, f"{prop}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _actions(value, f"{prop}[{i}]")


def message_errors(messages: Any) -> list[JSON]:
    """Every limit a list of message objects breaks, as LINE's error details."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
        return [_size("messages", 1, MAX_MESSAGES)]
    errors: list[JSON] = []
    for i, msg in enumerate(messages):
        p = f"messages[{i}]"
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind not in MESSAGE_TYPES:
            errors.append({"message": f"Must be one of the following values: "
                           f"[{', '.join(MESSAGE_TYPES)}]", "property": f"{p}.type"})
            continue
        assert isinstance(msg, dict)
        if kind == "text" and not isinstance(msg.get("text"), str):
            errors.append({"message": "Must not be null", "property": f"{p}.text"})
        errors += _length(msg.get("text"), f"{p}.text", MAX_TEXT)
        if kind in ("template", "flex", "imagemap"):
            if not isinstance(msg.get("altText"), str):
                errors.append({"message": "Must not be null", "property": f"{p}.altText"})
            errors += _length(msg.get("altText"), f"{p}.altText", MAX_ALT_TEXT)
        items = (msg.get("quickReply") or {}).get("items", [])
        if len(items) > MAX_QUICK_REPLY:
            errors.append(_size(f"{p}.quickReply.items", 0, MAX_QUICK_REPLY))
        bubbles = (msg.get("contents") or {}).get("contents", []) if kind == "flex" else []
        if len(bubbles) > MAX_CAROUSEL:
            errors.append(_size(f"{p}.contents.contents", 1, MAX_CAROUSEL))
        for action, ap in _actions(msg, p):
            errors += _length(action.get("data"), f"{ap}.data", MAX_POSTBACK)
            errors += _length(action.get("displayText"), f"{ap}.displayText", MAX_POSTBACK)
    return errors


@dataclass
class _Token:
    chat_id: str
    issued: float
    used: bool = False


@dataclass
class EmulatorState:
    """Calls, delivered messages, reply tokens, retry keys, profiles and sent events."""

    clock: Callable[[], float]
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _calls: list[JSON] = field(default_factory=list)
    _messages: list[JSON] = field(default_factory=list)
    _tokens: dict[str, _Token] = field(default_factory=dict)
    _retry_keys: dict[str, tuple[float, str, list[JSON]]] = field(default_factory=dict)
    _profiles: dict[str, str] = field(default_factory=dict)
    _events: dict[str, JSON] = field(default_factory=dict)
    quota_cap: int | None = None
    usage: int = 0
    blocked: set[str] = field(default_factory=set)
    faults: list[JSON] = field(default_factory=list)
    rates: dict[str, int] = field(default_factory=lambda: dict(RATES))
    _window: dict[str, tuple[int, int]] = field(default_factory=dict)

    def configure(self, data: JSON) -> JSON:
        """Set the quota, usage, blocked users, rate limits and injected faults."""
        with self._lock:
            if "quotaCap" in data:
                self.quota_cap = data["quotaCap"]
            if "usage" in data:
                self.usage = int(data["usage"])
            self.blocked |= set(data.get("block", []))
            self.blocked -= set(data.get("unblock", []))
            self.faults += list(data.get("faults", []))
            self.rates.update(data.get("rates", {}))
            return {"quotaCap": self.quota_cap, "usage": self.usage,
                    "blocked": sorted(self.blocked), "faults": len(self.faults)}

    def quota(self) -> JSON:
        """GET /v2/bot/message/quota."""
        with self._lock:
            if self.quota_cap is None:
                return {"type": "none"}
            return {"type": "limited", "value": self.quota_cap}

    def consumption(self) -> JSON:
        """GET /v2/bot/message/quota/consumption."""
        with self._lock:
            return {"totalUsage": self.usage}

    def _fault(self, via: str) -> JSON | None:
        """The next injected fault for a push or multicast, if any."""
        if self.faults:
            fault = self.faults[0]
            fault["times"] = int(fault.get("times", 1)) - 1
            if fault["times"] <= 0:
                self.faults.pop(0)
            return fault
        return None

    def _rate(self, via: str) -> None:
        """429 when more requests than the limit arrive within one second."""
        second = int(self.clock())
        start, count = self._window.get(via, (second, 0))
        count = count + 1 if start == second else 1
        self._window[via] = (second, count)
        if count > self.rates.get(via, 10**9):
            raise LineError(429, RATE_LIMIT)

    def record_call(self, method: str, path: str, body: Any, status: int,
                    retry_key: str | None, request_id: str) -> None:
        """Remember one API call and how it was answered."""
        with self._lock:
            self._calls.append({"seq": next(self._seq), "method": method, "path": path,
                                "body": body, "status": status, "retryKey": retry_key,
                                "requestId": request_id, "time": self.clock()})

    def calls(self, since: int = 0) -> list[JSON]:
        """Recorded API calls with seq > since."""
        with self._lock:
            return [c for c in self._calls if c["seq"] > since]

    def stats(self) -> JSON:
        """Counts: API calls per path and status, messages delivered per way, usage."""
        with self._lock:
            calls: dict[str, int] = {}
            for call in self._calls:
                key = f"{call['method']} {call['path']} {call['status']}"
                calls[key] = calls.get(key, 0) + 1
            delivered: dict[str, int] = {}
            for message in self._messages:
                delivered[message["via"]] = delivered.get(message["via"], 0) + 1
            recipients = len({m["to"] for m in self._messages if m["via"] != "reply"})
            return {"calls": calls, "delivered": delivered, "pushRecipients": recipients,
                    "usage": self.usage}

    def messages(self, chat_id: str, since: int = 0) -> list[JSON]:
        """Messages delivered to a user, group or room, with seq > since."""
        with self._lock:
            return [m for m in self._messages if m["to"] == chat_id and m["seq"] > since]

    def reset(self) -> None:
        """Forget calls and delivered messages (tokens, keys and events stay)."""
        with self._lock:
            self._calls.clear()
            self._messages.clear()

    def issue_reply_token(self, token: str, chat_id: str) -> None:
        """Register a reply token handed to the bot in a webhook event."""
        with self._lock:
            self._tokens[token] = _Token(chat_id, self.clock())

    def reply(self, token: str, messages: list[JSON]) -> list[JSON]:
        """Use a reply token once, within its lifetime, and deliver the messages."""
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None or entry.used or self.clock() - entry.issued > REPLY_TOKEN_TTL:
                raise LineError(400, "Invalid reply token")
            entry.used = True
            return self._deliver([entry.chat_id], messages, "reply")

    def send(self, to: list[str], messages: list[JSON], via: str, retry_key: str | None,
             request_id: str) -> list[JSON]:
        """Deliver push/multicast messages once per retry key; a repeat raises 409."""
        with self._lock:
            now = self.clock()
            self._rate(via)
            fault = self._fault(via)
            if fault is not None and not fault.get("after"):
                raise LineError(int(fault.get("status", 500)), "Injected fault")
            if retry_key is not None:
                prior = self._retry_keys.get(retry_key)
                if prior is not None and now - prior[0] < RETRY_KEY_TTL:
                    extra = {"sentMessages": prior[2]} if via == "push" else {}
                    raise LineError(409, "The retry key is already accepted",
                                    headers={"x-line-accepted-request-id": prior[1]},
                                    extra=extra)
            reachable = [u for u in to if u not in self.blocked]
            if self.quota_cap is not None and self.usage + len(reachable) > self.quota_cap:
                raise LineError(429, MONTHLY_LIMIT)
            sent = self._deliver(reachable, messages, via)
            self.usage += len(reachable)
            if retry_key is not None:
                self._retry_keys[retry_key] = (now, request_id, sent)
            if fault is not None:
                raise LineError(int(fault.get("status", 500)), "Injected fault after delivery")
            return sent

    def _deliver(self, to: list[str], messages: list[JSON], via: str) -> list[JSON]:
        sent = []
        for msg in messages:
            item: JSON = {"id": str(secrets.randbelow(10**18) + 10**17)}
            if msg.get("type") in QUOTABLE:
                item["quoteToken"] = secrets.token_urlsafe(24)
            sent.append(item)
            for chat_id in to:
                self._messages.append({"seq": next(self._seq), "to": chat_id, "via": via,
                                       "id": item["id"], "message": msg,
                                       "time": self.clock()})
        return sent

    def set_display_name(self, user_id: str, name: str) -> None:
        """Register the display name the profile API will return for a user."""
        with self._lock:
            self._profiles[user_id] = name

    def display_name(self, user_id: str) -> str | None:
        """The display name a user's events carried, None for a user never seen."""
        with self._lock:
            return self._profiles.get(user_id)

    def remember_event(self, event: JSON) -> None:
        """Keep a sent webhook event so it can be redelivered."""
        with self._lock:
            self._events[event["webhookEventId"]] = event

    def event(self, webhook_event_id: str) -> JSON | None:
        """A webhook event sent earlier, by its id."""
        with self._lock:
            return self._events.get(webhook_event_id)
