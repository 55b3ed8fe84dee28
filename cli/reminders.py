"""`tidtam reminders plan|run|stats`, `tidtam holidays list|add|remove`, `tidtam scheduler`."""

from __future__ import annotations

import getpass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cli.console import Table, out, show
from cli.devstack import local_settings
from core.periods import thai_date, thai_moment
from reminders.channel import cached_quota, paused_until
from reminders.quota import billed_this_month, month_start, read_quota
from reminders.tick import clock_for, plan_at
from reminders.workdays import build_calendar
from runtime.config import Settings
from runtime.reminders import build_reminders, policy_from
from storage.audit import audit
from storage.db import make_engine, make_session_factory, session_scope
from storage.models import Delivery, DeliveryRequest, LineUser, WorkingDayOverride
from workers.scheduler import run_scheduler

reminders_app = typer.Typer(help="Deadline reminders: dry run, run, statistics.",
                            no_args_is_help=True)
holidays_app = typer.Typer(help="Working-day calendar: holidays and admin overrides.",
                           no_args_is_help=True)


def _sessions(settings: Settings) -> sessionmaker[Session]:
    return make_session_factory(make_engine(settings.effective_database_url))


def _moment(value: str, settings: Settings) -> datetime:
    """An ISO time (naive means TIMEZONE); a bare date means the whole day (until 19:59)."""
    zone = ZoneInfo(settings.timezone)
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(19, 59), zone)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _names(session: Session) -> dict[str, str]:
    return {uid: name or "" for uid, name in
            session.execute(select(LineUser.line_user_id, LineUser.display_name))}


@reminders_app.command("plan")
def plan(at: str = typer.Option("", "--at", help="ISO time or date (default: tomorrow).")
         ) -> None:
    """Dry run: who would get which reminder at a moment, and who is skipped and why."""
    from cli.reminder_plan import show_plan
    from reminders.outlook import registered, upcoming

    settings = local_settings()
    zone = ZoneInfo(settings.timezone)
    day = at or (datetime.now(zone).date() + timedelta(days=1)).isoformat()
    moment = _moment(day, settings)
    policy = policy_from(settings)
    with session_scope(_sessions(settings)) as session:
        result = plan_at(session, moment, policy, zone)
        names = _names(session)
        clock = clock_for(session, moment, policy, zone)
        coming = [f"{thai_moment(u.at.astimezone(zone))}  {u.slot.upper():4}  {u.what}"
                  for u in upcoming(session, moment, clock)]
        people = registered(session)
    show_plan(out(), result, moment, len(day) == 10, names, (coming, people))


@reminders_app.command("run")
def run(at: str = typer.Option("", "--at", help="ISO time (default: now).")) -> None:
    """Plan, record and deliver what is due at a moment (what the scheduler does each tick)."""
    settings = local_settings()
    moment = _moment(at, settings) if at else datetime.now(ZoneInfo(settings.timezone))
    result = build_reminders(settings, _sessions(settings)).tick(moment)
    out = result.outcome
    table = Table("planned", "new requests", "sent", "billed", "retrying", "failed",
                  "held (quota)", "LINE answers")
    table.add_row(str(result.planned), str(result.requests), str(out.sent), str(out.billed),
                  str(out.retrying), str(out.failed), str(out.held_for_quota),
                  ", ".join(f"{k}×{v}" for k, v in sorted(out.statuses.items())))
    show(table)
    if result.unchanged:
        show("Nothing it plans from changed since the last recorded plan, so it was "
                      "not planned again (only ready requests were sent).")
    if out.paused_until is not None:
        show(f"LINE answered 429: every scheduler pauses sending until "
                      f"{out.paused_until.astimezone(moment.tzinfo):%Y-%m-%d %H:%M:%S}.")


@reminders_app.command("stats")
def stats() -> None:
    """This month's pushes against the quota, per kind, and what bundling saved."""
    settings = local_settings()
    zone = ZoneInfo(settings.timezone)
    now = datetime.now(zone)
    since = month_start(now, zone)
    with session_scope(_sessions(settings)) as session:
        billed = billed_this_month(session, now, zone)
        rows = session.execute(
            select(DeliveryRequest.kind, DeliveryRequest.method, DeliveryRequest.status,
                   func.count(), func.coalesce(func.sum(DeliveryRequest.billed), 0))
            .where(DeliveryRequest.created_at >= since)
            .group_by(DeliveryRequest.kind, DeliveryRequest.method, DeliveryRequest.status)
            .order_by(DeliveryRequest.kind, DeliveryRequest.method)).all()
        projects = session.scalar(select(func.coalesce(func.sum(Delivery.projects), 0))
                                  .where(Delivery.created_at >= since)) or 0
        kept = cached_quota(session, now, zone)
        paused = paused_until(session, now)
    if rows:
        table = Table("kind", "method", "status", "requests", "billed messages",
                      title=f"Reminders since {since:%Y-%m-%d}")
        for kind, method, status, count, total in rows:
            table.add_row(kind, method, str(status), str(count), str(total))
        show(table)
    else:
        show(f"No reminder has been sent since {since:%Y-%m-%d}.")
    from runtime.line import line_client  # LINE's SDK: only for the command that calls LINE

    line = read_quota(line_client(settings).api, settings.line_api_timeout_seconds)
    if line is None and kept is not None:
        line = kept.quota
        show(f"LINE does not answer now; its figures as read at "
                      f"{kept.read_at.astimezone(zone):%H:%M} today:")
    elif line is None:
        show(f"LINE's quota could not be read at {settings.line_api_base_url}.")
    cap = "unknown" if line is None else ("no cap" if line.cap is None else f"{line.cap:,}")
    used = "unknown" if line is None else f"{line.consumed:,}"
    show(f"billed by the ledger this month: {billed:,}; LINE's monthly quota: {cap}; "
                  f"LINE's count this month: {used}")
    if paused is not None:
        show(f"sending is paused until {paused.astimezone(zone):%H:%M:%S} "
                      "(LINE answered 429)")
    requests = sum(int(r[3]) for r in rows)
    if requests:
        show(f"one push per project would have been {projects:,} messages; bundled "
                      f"into {requests:,} requests, {max(int(projects) - billed, 0):,} billed "
                      "messages saved")


@reminders_app.command("leave")
def leave(user: str = typer.Argument(..., help="LINE user id."),
          until: str = typer.Argument(..., help="Last day of leave, YYYY-MM-DD; '-' ends it.")
          ) -> None:
    """Record an officer's leave (no nudges; digests show "ลา")."""
    from reminders.state import set_leave

    settings = local_settings()
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    end = None if until == "-" else date.fromisoformat(until)
    with session_scope(_sessions(settings)) as session:
        set_leave(session, user, today if end else None, end)
        audit(session, f"cli:{getpass.getuser()}", "reminder.leave", "reminder_states", user,
              None, {"until": until})
    show(f"leave of {escape(user)}: {'ended' if end is None else 'until ' + until}")


@holidays_app.command("list")
def holidays_list(year: int = typer.Option(0, "--year", help="CE year (default: this year).")
                  ) -> None:
    """Days off of a year: the package's Thai holidays with the admin's changes."""
    settings = local_settings()
    year = year or datetime.now(ZoneInfo(settings.timezone)).year
    with session_scope(_sessions(settings)) as session:
        overrides = {o.day: o for o in session.scalars(select(WorkingDayOverride))}
    added = {d: o.name or "วันหยุด" for d, o in overrides.items() if not o.working}
    cal = build_calendar([year], added, [d for d, o in overrides.items() if o.working])
    table = Table("date", "พ.ศ.", "name", "source", title=f"Days off in {year}")
    days = sorted(set(cal.holidays) | {d for d in overrides if d.year == year})
    for day in days:
        if day.year != year:
            continue
        source = ("admin: working day" if day in cal.extra_working else
                  "admin" if day in added else "holidays TH")
        name = cal.holidays.get(day) or (overrides[day].name if day in overrides else "") or ""
        table.add_row(day.isoformat(), thai_date(day), name, source)
    show(table)


@holidays_app.command("add")
def holidays_add(day: str = typer.Argument(..., help="YYYY-MM-DD"),
                 name: str = typer.Argument(..., help="Name of the day off.")) -> None:
    """Add a day off (e.g. a cabinet-announced holiday)."""
    _override(date.fromisoformat(day), False, name)
    show(f"{day} is now a day off: {escape(name)}")


@holidays_app.command("remove")
def holidays_remove(day: str = typer.Argument(..., help="YYYY-MM-DD")) -> None:
    """Make a day a working day (an added day is dropped; a listed holiday is overridden)."""
    settings = local_settings()
    when = date.fromisoformat(day)
    with session_scope(_sessions(settings)) as session:
        row = session.get(WorkingDayOverride, when)
        if row is not None and not row.working:
            session.delete(row)
            audit(session, f"cli:{getpass.getuser()}", "holiday.remove",
                  "working_day_overrides", day, {"name": row.name}, None)
            show(f"{day}: the added day off was removed")
            return
    _override(when, True, None)
    show(f"{day} is now a working day")


def _override(day: date, working: bool, name: str | None) -> None:
    settings = local_settings()
    with session_scope(_sessions(settings)) as session:
        row = session.get(WorkingDayOverride, day) or WorkingDayOverride(day=day)
        row.working, row.name = working, name
        row.created_by = f"cli:{getpass.getuser()}"
        session.add(row)
        audit(session, row.created_by, "holiday.set", "working_day_overrides", day.isoformat(),
              None, {"working": working, "name": name})


def scheduler() -> None:
    """Run the reminder scheduler: tick every REMINDER_TICK_SECONDS (stateless; run 1+)."""
    from runtime.logs import setup_logging

    settings = local_settings()
    setup_logging(settings.log_level)
    run_scheduler(settings, _sessions(settings))


def register(app: typer.Typer) -> None:
    """Add the reminder, holiday and scheduler commands to the CLI."""
    app.add_typer(reminders_app, name="reminders")
    app.add_typer(holidays_app, name="holidays")
    app.command()(scheduler)


DEMO_USER = "U" + "0" * 31 + "1"


@reminders_app.command("demo")
def demo(user: str = typer.Option(DEMO_USER, "--user", help="LINE user id (tidtam chat's).")
         ) -> None:
    """Send one reminder now to a chat user (demo project and officer binding made if needed)."""
    from reminders import ledger
    from reminders.demo import ensure_demo
    from reminders.due import load_due_dates
    from reminders.facts import load_facts
    from reminders.planner import active_period, plan_manual

    settings = local_settings()
    zone = ZoneInfo(settings.timezone)
    sessions = _sessions(settings)
    now = datetime.now(zone)
    rem = build_reminders(settings, sessions)
    with session_scope(sessions) as session:
        project_ids = ensure_demo(session, user, now.date(), rem.policy)
        clock = clock_for(session, now, rem.policy, zone)
        period = active_period(now, clock, rem.policy.monthly_due_day)
        facts = load_facts(session, period, now.date(),
                           load_due_dates(session, rem.policy, now.date(), clock.cal))
        facts.officers = {user: set(project_ids)}
        result = plan_manual(facts, set(project_ids), now, clock)
        sends = [s.__class__(s.recipient, "demo", s.period, f"demo:{now:%Y%m%dT%H%M%S}",
                             s.projects, s.messages) for s in result.sends]
        ledger.enqueue(session, sends, now)
    if not sends:
        show(f"Nothing to remind {escape(user)} about: the demo projects already have a report "
                      f"for {period.label}, or the user is on leave or blocked the bot.")
        return
    out = rem.deliver(now)
    codes = ", ".join(sends[0].projects)
    if out.sent:
        show(f"Sent the reminder for {period.label} ({codes}) to {escape(user)}: it shows in "
                      "`tidtam chat` now; type the number of a project's button to report.")
    elif out.paused_until is not None:
        show(f"LINE asked us to slow down (429): sending is paused until "
                      f"{out.paused_until.astimezone(zone):%H:%M:%S}; the scheduler sends it then.")
    elif out.retrying or "timeout" in out.statuses:
        show(f"LINE did not answer at {settings.line_api_base_url}: the reminder stays "
                      "in the ledger and the scheduler retries it. Is `make run` running?")
    else:
        show(f"The reminder was not sent (LINE answered "
                      f"{', '.join(f'{k}×{v}' for k, v in out.statuses.items()) or 'nothing'}); "
                      "see `tidtam reminders stats`.")
