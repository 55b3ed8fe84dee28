"""Build the reminder machinery (policy, LINE client, ledger delivery) from settings."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from linebot.v3.messaging import ApiClient, Configuration, MessagingApi
from sqlalchemy.orm import Session, sessionmaker

from reminders.delivery import LineSender
from reminders.policy import Policy
from reminders.tick import Reminders
from runtime.config import Settings


def policy_from(settings: Settings) -> Policy:
    """The policy with the configured due days, snooze limit and quota share."""
    return Policy(monthly_due_day=settings.monthly_due_day,
                  quarter_due_days=settings.quarter_due_days,
                  snoozes_per_period=settings.reminder_snoozes_per_period,
                  quota_share=Decimal(str(settings.reminder_quota_share)),
                  nudge_style=settings.reminder_nudge_style,
                  cards_up_to=settings.reminder_cards_up_to)


def line_api(settings: Settings) -> MessagingApi:
    """A Messaging API client pointed at LINE_API_BASE_URL."""
    config = Configuration(host=settings.line_api_base_url.rstrip("/"),
                           access_token=settings.line_channel_access_token)
    config.connection_pool_maxsize = max(settings.reminder_senders, 1) + 2
    return MessagingApi(ApiClient(config))


def build_reminders(settings: Settings, sessions: sessionmaker[Session]) -> Reminders:
    """Reminders with the configured policy, time zone, LINE client and request pacing."""
    api = line_api(settings)
    rate = max(settings.line_push_rate, 1)
    sender = LineSender(api, settings.line_api_timeout_seconds, 1.0 / rate)
    return Reminders(sessions, sender, api, policy_from(settings), ZoneInfo(settings.timezone),
                     settings.line_api_timeout_seconds, settings.reminder_quota_cap or None,
                     max(settings.reminder_senders, 1))
