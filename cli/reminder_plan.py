"""`tidtam reminders plan`: a dry run told in plain words, with tables."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from rich.console import Console

from cli.console import Table
from core.periods import Period, thai_date
from reminders.planner import DIGEST, MANUAL, NUDGE, Plan
from reminders.quarterly import INDICATOR
from storage.enums import Role

SHOWN = 40
KIND_WORDS = {NUDGE: "reminder", DIGEST: "digest", MANUAL: "reminder asked by a supervisor",
              INDICATOR: "indicator reminder"}


def day_words(day: date) -> str:
    """ "Tue 1 Dec 2026 (1 ธ.ค. 2569)"."""
    return f"{day:%a} {day.day} {day:%b %Y} ({thai_date(day)})"


def plural(count: int, noun: str) -> str:
    """ "1 officer", "2 officers"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def about(period_key: str) -> str:
    """What a slot's period key is about: "monthly report of ต.ค. 2569" or a quarter."""
    year, _, rest = period_key.partition("-")
    if rest.startswith("Q"):
        return f"indicators of quarter {rest[1:]}/{year}"
    return f"monthly report of {Period(int(year), int(rest)).label}"


def _slot_words(name: str) -> str:
    name = name.partition(":")[0]
    if name.startswith("snooze"):
        return "snoozed reminder (said เตือนพรุ่งนี้)"
    if name.startswith("manual"):
        return "reminder asked by a supervisor"
    return f"slot {name.upper()}"


def _what(kind: str, count: int) -> str:
    noun = "indicator" if kind == INDICATOR else "project"
    things = plural(count, noun)
    if kind == DIGEST:
        return f"digest: {things} still missing in their scope"
    return f"{KIND_WORDS.get(kind, kind)}: {things} not reported"


def _codes(codes: tuple[str, ...], most: int = 4) -> str:
    shown = ", ".join(codes[:most])
    return shown + (f" +{len(codes) - most}" if len(codes) > most else "")


def _table(who: str, what: str = "what") -> Table:
    table = Table(who, "name", what, "projects / indicators")
    table.columns[0].overflow = "fold"
    return table


def show_plan(console: Console, plan: Plan, moment: datetime, whole_day: bool,
              names: dict[str, str], session_data: tuple[list[str], dict[Role, int]]) -> None:
    """Print what would be sent and skipped at a moment, or when the next reminders come."""
    coming, people = session_data
    when = (f"on {day_words(moment.date())}, the whole day until {moment:%H:%M}" if whole_day
            else f"at {day_words(moment.date())} {moment:%H:%M}")
    console.print(f"[bold]Reminders {when}[/bold] ({moment.tzinfo})")
    console.print(f"Registered in LINE: {plural(people.get(Role.OFFICER, 0), 'officer')}, "
                  f"{plural(people.get(Role.SUPERVISOR, 0), 'supervisor')}.")
    if not people:
        console.print("Nobody is registered yet: hand out invite codes (`tidtam invite --project "
                      "CODE --role officer`), or see a reminder arrive with `tidtam chat` open and "
                      "`tidtam reminders demo`.")
    if not plan.slots:
        console.print("\nNo reminder is due then (reminders go out at 09:00 on the working days "
                      "T-5, T-2, T, T+1 and T+3 around each due date).")
    for slot in plan.slots:
        console.print(f"  {_slot_words(slot.name)} at {slot.at.astimezone(moment.tzinfo):%H:%M}"
                      f": {about(slot.period)}, due {day_words(slot.due)}")
    if plan.sends:
        kinds = Counter(s.kind for s in plan.sends)
        console.print(f"\n[bold]Would send {plural(len(plan.sends), 'message')}[/bold] ("
                      + ", ".join(plural(n, KIND_WORDS.get(k, k)) for k, n in kinds.items())
                      + "):")
        table = _table("to")
        for send in plan.sends[:SHOWN]:
            table.add_row(send.recipient, names.get(send.recipient, ""),
                          _what(send.kind, len(send.projects)), _codes(send.projects))
        console.print(table)
        if len(plan.sends) > SHOWN:
            console.print(f"… and {len(plan.sends) - SHOWN} more.")
    elif plan.slots:
        console.print("\nNothing to send: everyone due has reported or is skipped.")
    if plan.skips:
        why = Counter(k.reason.split(":")[0].split(" until ")[0] for k in plan.skips)
        console.print(f"\n[bold]Skipped {plural(len(plan.skips), 'person')}[/bold] ("
                      + ", ".join(f"{n} {w}" for w, n in why.items()) + "):")
        table = _table("who", "why")
        for skip in plan.skips[:SHOWN]:
            table.add_row(skip.recipient, names.get(skip.recipient, ""), skip.reason,
                          _codes(skip.projects))
        console.print(table)
        if len(plan.skips) > SHOWN:
            console.print(f"… and {len(plan.skips) - SHOWN} more.")
    if plan.unowned:
        console.print(f"\n{len(plan.unowned)} due projects have no officer registered in LINE, "
                      f"so nobody is reminded about them: {_codes(tuple(plan.unowned), 8)} "
                      "(`tidtam invite --project CODE --role officer`).")
    if coming:
        console.print("\nNext reminder moments:")
        for line in coming:
            console.print(f"  {line}")
