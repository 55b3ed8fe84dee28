"""One scheduler tick: plan the open slots from the database, record them, deliver them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.periods import Period
from reminders import channel, ledger
from reminders.delivery import Outcome, Sender, deliver
from reminders.due import YEARS_BACK, load_due_dates, load_overrides
from reminders.facts import load_facts
from reminders.fingerprint import fingerprint
from reminders.planner import Clock, Plan, candidate_periods, plan_period
from reminders.policy import Policy
from reminders.quarterly import plan_quarters
from reminders.quota import billed_this_month, budget, read_quota
from reminders.workdays import build_calendar, month_slots, period_key
from storage.models import AgencyDueDay, ReminderState

if TYPE_CHECKING:
    from linebot.v3.messaging import MessagingApi

log = logging.getLogger(__name__)


def clock_for(session: Session, now: datetime, policy: Policy, zone: ZoneInfo) -> Clock:
    """The working calendar around now (package holidays plus the admin's days)."""
    added, removed = load_overrides(session)
    year = now.astimezone(zone).year
    return Clock(build_calendar(range(year - YEARS_BACK, year + 2), added, removed), policy, zone)


def _worth_loading(session: Session, period: Period, now: datetime, clock: Clock) -> bool:
    """True when a slot of the period is open at now, or a snooze of it has come."""
    days = {clock.policy.monthly_due_day, *session.scalars(select(AgencyDueDay.due_day))}
    for day in days:
        if any(clock.open(s.at, now) for s in month_slots(period, day, clock.cal, clock.policy,
                                                          clock.zone)):
            return True
    snoozed = session.scalar(select(func.count()).select_from(ReminderState).where(
        ReminderState.snooze_period == period_key(period), ReminderState.snooze_until <= now))
    return bool(snoozed)


def plan_at(session: Session, now: datetime, policy: Policy, zone: ZoneInfo) -> Plan:
    """Everything due at now, over the periods whose slots can fall today.

    A period's facts are read only when one of its slots is open or a snooze has come, so an
    idle tick costs a few small queries.
    """
    clock = clock_for(session, now, policy, zone)
    today = now.astimezone(zone).date()
    plan = Plan()
    for period in candidate_periods(now, zone):
        if not _worth_loading(session, period, now, clock):
            continue
        due = load_due_dates(session, policy, today, clock.cal)
        part = plan_period(load_facts(session, period, today, due), now, clock)
        plan.sends += part.sends
        plan.skips += part.skips
        plan.slots += part.slots
        plan.unowned += part.unowned
    part = plan_quarters(session, now, clock)
    plan.sends += part.sends
    plan.skips += part.skips
    plan.slots += part.slots
    return plan


@dataclass
class TickResult:
    """What one tick planned, recorded and delivered."""

    planned: int = 0
    requests: int = 0
    unchanged: bool = False
    outcome: Outcome = field(default_factory=Outcome)


@dataclass
class Reminders:
    """The reminder machinery of one process: database, LINE (send: the outbound client's
    send_all; api: its SDK client, for the quota) and policy."""

    sessions: sessionmaker[Session]
    send: Sender
    api: MessagingApi | None
    policy: Policy
    zone: ZoneInfo
    timeout: float = 10.0
    fallback_cap: int | None = None

    def tick(self, now: datetime) -> TickResult:
        """Plan and record what is due at now, then deliver whatever is ready.

        Planning is skipped when nothing it reads has changed since the last recorded plan
        (same day, same open slots, same tables): a slot is open for eleven hours and ticks
        come every minute.
        """
        result = TickResult()
        with self.sessions.begin() as session:
            inputs = fingerprint(session, now, clock_for(session, now, self.policy, self.zone))
            if inputs == channel.last_planned(session):
                result.unchanged = True  # planned and recorded already: nothing new to add
            else:
                plan = plan_at(session, now, self.policy, self.zone)
                result.planned = len(plan.sends)
                result.requests = ledger.enqueue(session, plan.sends, now)
                channel.remember_planned(session, inputs, now)
        result.outcome = self.deliver(now)
        if result.requests or result.outcome.sent or result.outcome.failed:
            log.info("tick planned=%d requests=%d sent=%d failed=%d retrying=%d",
                     result.planned, result.requests, result.outcome.sent,
                     result.outcome.failed, result.outcome.retrying)
        return result

    def deliver(self, now: datetime) -> Outcome:
        """Send the ready requests within this month's budget, unless LINE asked for a pause.

        LINE's quota is read at most once a (local) day and kept in the database; a 429 pauses
        every scheduler until its backoff has passed, not only this run.
        """
        with self.sessions.begin() as session:
            until = channel.paused_until(session, now)
            if until is not None:
                log.info("delivery paused until %s (LINE answered 429)", until.isoformat())
                return Outcome(rate_limited=True, paused_until=until)
            billed = billed_this_month(session, now, self.zone)
            read = channel.cached_quota(session, now, self.zone)
        if read is None and self.api is not None:
            line = read_quota(self.api, self.timeout)
            if line is not None:
                with self.sessions.begin() as session:
                    read = channel.store_quota(session, line, now)
        since = 0
        if read is not None:
            with self.sessions() as session:
                since = channel.billed_since(session, read.read_at)
        money = budget(read.quota if read else None, billed, self.policy.quota_share,
                       self.fallback_cap, since)
        out = deliver(self.sessions, self.send, now, money)
        if out.paused_until is not None:
            with self.sessions.begin() as session:
                channel.pause(session, out.paused_until, now)
        return out
