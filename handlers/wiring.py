"""Assemble the router with every command the bot knows, from what the edge passes in."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conversations.drafts import RedisDraftStore
from conversations.indicator_form import INDICATOR_FORM
from conversations.progress_form import PROGRESS_FORM
from handlers.deps import HandlerDeps
from handlers.register import RegisterCommand
from handlers.report import ReportCommand
from handlers.router import Command, Router
from handlers.status import status_commands


def make_router(deps: HandlerDeps) -> Router:
    """The router with its commands, in the order they are tried."""
    zone = ZoneInfo(deps.timezone)

    def today() -> date:
        return datetime.now(zone).date()

    drafts = RedisDraftStore(deps.redis, deps.draft_ttl_seconds)
    forms = {form.name: form for form in (PROGRESS_FORM, INDICATOR_FORM)}
    report = ReportCommand(drafts, forms, today)
    commands: list[Command] = [
        RegisterCommand(deps.redis),
        *status_commands(deps),
    ]
    return Router(commands=commands, conversation=report)
