"""Assemble the router with every command the bot knows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.services import Services
from conversations.drafts import RedisDraftStore
from conversations.indicator_form import INDICATOR_FORM
from conversations.progress_form import PROGRESS_FORM
from handlers.register import RegisterCommand
from handlers.reminder_commands import ReminderCommands
from handlers.report import ReportCommand
from handlers.router import Command, Router
from handlers.status import status_commands
from reminders.policy import policy_from


def build_router(services: Services, clock: Callable[[], datetime] | None = None) -> Router:
    """The router with its commands, in the order they are tried (clock: for time travel)."""
    settings = services.settings
    zone = ZoneInfo(settings.timezone)
    now = clock or (lambda: datetime.now(UTC))

    def today() -> date:
        return now().astimezone(zone).date()

    drafts = RedisDraftStore(services.redis, settings.draft_ttl_hours * 3600)
    forms = {form.name: form for form in (PROGRESS_FORM, INDICATOR_FORM)}
    report = ReportCommand(drafts, forms, today)
    reminders = ReminderCommands(policy_from(settings), zone, now)
    commands: list[Command] = [
        RegisterCommand(services.redis),
        reminders,
        *status_commands(services),
    ]
    return Router(commands=commands, conversation=report, lifecycle=[reminders.lifecycle])
