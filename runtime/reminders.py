"""Build the reminder machinery (policy, ledger delivery through the LINE client) from settings."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from reminders.policy import Policy
from reminders.tick import Reminders
from runtime.config import Settings

if TYPE_CHECKING:
    from outbound.client import LineClient


def policy_from(settings: Settings) -> Policy:
    """The policy with the configured due days, snooze limit and quota share."""
    return Policy(monthly_due_day=settings.monthly_due_day,
                  quarter_due_days=settings.quarter_due_days,
                  snoozes_per_period=settings.reminder_snoozes_per_period,
                  quota_share=Decimal(str(settings.reminder_quota_share)),
                  nudge_style=settings.reminder_nudge_style,
                  cards_up_to=settings.reminder_cards_up_to)


def build_reminders(settings: Settings, sessions: sessionmaker[Session],
                    line: LineClient | None = None) -> Reminders:
    """Reminders with the configured policy and time zone, sending through the outbound client."""
    from runtime.line import line_client  # LINE's SDK: loaded by what sends, not by every CLI

    line = line or line_client(settings)
    return Reminders(sessions, line.send_all, line.api, policy_from(settings),
                     ZoneInfo(settings.timezone), settings.line_api_timeout_seconds,
                     settings.reminder_quota_cap or None)
