"""A local stand-in for the LINE Platform: fake Messaging API, webhook sender, chat console."""

from __future__ import annotations

from emulator.render import Choice, choices, render_message, render_messages
from emulator.sender import (
    build_follow_event,
    build_postback_event,
    build_text_event,
    deliver,
    sign,
    webhook_body,
)
from emulator.server import create_emulator_app

__all__ = [
    "Choice",
    "build_follow_event",
    "build_postback_event",
    "build_text_event",
    "choices",
    "create_emulator_app",
    "deliver",
    "render_message",
    "render_messages",
    "sign",
    "webhook_body",
]
