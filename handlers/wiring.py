"""Assemble the router with every command the bot knows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.services import Services
from conversations.drafts import RedisDraftStore
from conversations.progress_form import PROGRESS_FORM
from handlers.register import RegisterCommand
from handlers.report import ReportCommand
from handlers.router import Command, Router


def build_router(services: Services) -> Router:
    """The router with its commands, in the order they are tried."""
    settings = services.settings
    zone = ZoneInfo(settings.timezone)

    def today() -> date:
        return datetime.now(zone).date()

    drafts = RedisDraftStore(services.redis, settings.draft_ttl_hours * 3600)
    report = ReportCommand(drafts, {PROGRESS_FORM.name: PROGRESS_FORM}, today)
    commands: list[Command] = [
        RegisterCommand(services.redis),
    ]
    return Router(commands=commands, conversation=report)
