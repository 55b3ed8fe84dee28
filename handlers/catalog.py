"""Assemble the router with every command the bot knows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from conversations import grammar
from conversations.drafts import RedisDraftStore
from conversations.indicator_form import INDICATOR_FORM
from conversations.progress_form import PROGRESS_FORM
from handlers.dashboard import DashboardCommand
from handlers.deps import HandlerDeps
from handlers.guide import Guide
from handlers.register import RegisterCommand
from handlers.reminder_commands import ReminderCommands
from handlers.report import ReportCommand
from handlers.router import Command, Router
from handlers.status import status_commands


def make_router(deps: HandlerDeps, clock: Callable[[], datetime] | None = None) -> Router:
    """The router with its commands, in the order they are tried (clock: for time travel)."""
    zone = ZoneInfo(deps.timezone)
    now = clock or (lambda: datetime.now(UTC))

    def today() -> date:
        return now().astimezone(zone).date()

    drafts = RedisDraftStore(deps.redis, deps.draft_ttl_seconds)
    forms = {form.name: form for form in (PROGRESS_FORM, INDICATOR_FORM)}
    statuses = status_commands(deps, today)
    report = ReportCommand(drafts, forms, today, deps.policy, status=statuses[0],
                           max_photos=deps.photos_per_report,
                           max_photo_bytes=deps.photo_max_bytes, now=clock)
    reminders = ReminderCommands(deps.policy, zone, now)
    guide = Guide(deps.admin_contact, redis=deps.redis)
    commands: list[Command] = [
        RegisterCommand(deps.redis),
        reminders,
        *statuses,
        DashboardCommand(deps.redis, deps.web_base_url, deps.link_key, deps.link_ttl_seconds,
                         deps.liff_id),
        guide,
    ]
    grammar.warm()
    return Router(commands=commands, dialogue=report, lifecycle=[reminders.lifecycle],
                  fallback=guide.fallback, greet=guide.greet, contact=deps.admin_contact,
                  meant=guide.meant)
