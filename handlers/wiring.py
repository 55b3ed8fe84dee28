"""Assemble the router with every command the bot knows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.services import Services
from conversations.drafts import RedisDraftStore
from conversations.indicator_form import INDICATOR_FORM
from conversations.progress_form import PROGRESS_FORM
from handlers.register import RegisterCommand
from handlers.report import ReportCommand
from handlers.router import Command, Router
from handlers.status import status_commands


def build_router(services: Services) -> Router:
    """The router with its commands, in the order they are tried."""
    settings = services.settings
    zone = ZoneInfo(settings.timezone)

    def today() -> date:
        return datetime.now(zone).date()

    drafts = RedisDraftStore(services.redis, settings.draft_ttl_hours * 3600)
    forms = {form.name: form for form in (PROGRESS_FORM, INDICATOR_FORM)}
    report = ReportCommand(drafts, forms, today)
    commands: list[Command] = [
        RegisterCommand(services.redis),
        *status_commands(services),
    ]
    return Router(commands=commands, conversation=report)
