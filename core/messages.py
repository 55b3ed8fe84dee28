"""Builders of LINE message objects (plain dicts in the Messaging API's JSON shape)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Message = dict[str, Any]
MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13


def text(body: str, quick: Iterable[Message] = ()) -> Message:
    """A text message, cut to LINE's limit, with optional quick-reply items."""
    message: Message = {"type": "text", "text": body[:MAX_TEXT]}
    items = list(quick)[:MAX_QUICK_REPLIES]
    if items:
        message["quickReply"] = {"items": items}
    return message


def quick_text(label: str, send: str | None = None) -> Message:
    """A quick-reply item that sends a text message."""
    return {"type": "action", "action": {"type": "message", "label": label[:20],
                                         "text": send or label}}


REPORT_POSTBACK = "report:"
"""Prefix of a postback that starts the report conversation for a project and, after "@", the
month it is for ("report:CODE@2026-11")."""


def quick_postback(label: str, data: str, display: str) -> Message:
    """A quick-reply item that sends a postback (shown in the chat as display)."""
    return {"type": "action", "action": {"type": "postback", "label": label[:20],
                                         "data": data[:300], "displayText": display[:300]}}


def quick_date(label: str, data: str, initial: str, earliest: str, latest: str) -> Message:
    """A quick-reply item that opens LINE's date picker (dates as YYYY-MM-DD)."""
    return {"type": "action", "action": {"type": "datetimepicker", "label": label[:20],
                                         "data": data[:300], "mode": "date", "initial": initial,
                                         "min": earliest, "max": latest}}


PERIOD_POSTBACK = "period:"
"""Prefix of the date picker's postback that names the month a report is for ("period:CODE")."""
