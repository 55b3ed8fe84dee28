"""A whole fiscal year of ticks: holidays, admin days, quiet hours, late filers, leave, snooze,
unfollow, a scheduler that was down; every message arrives on its slot day exactly once."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from core.periods import fiscal_periods
from reminders.workdays import build_calendar, month_slots, next_working_morning
from storage.enums import Source
from tests.reminder_kit import (
    ANN,
    BEN,
    BKK,
    CAT,
    P1,
    P2,
    SUP,
    Clock,
    at,
    codes_in,
    reminders,
    report,
    seed,
    timed_stack,
)
from tests.stack import Stack

pytestmark = pytest.mark.slow  # a year of ticks, about a minute: left out of `make check`

USERS = (ANN, BEN, CAT, SUP)
LATE_MONTHS = {(2027, 1), (2027, 2)}


def _say(stack: Stack, clock: Clock, when: datetime, user: str, **payload) -> None:
    clock.now = when
    stack.send(userId=user, **payload)
    stack.run_worker()


def test_a_fiscal_year_of_reminders(stack: Stack) -> None:
    seed(stack)
    clock = Clock(at(2026, 10, 1))
    timed_stack(stack, clock)
    rem = reminders(stack)
    stack.send(userId=SUP, type="follow")  # nothing to do with reminders: a greeting reply
    _run_admin_day(stack)
    policy = rem.policy
    cal = build_calendar([2026, 2027], {date(2026, 12, 24): "วันหยุดพิเศษ"}, [])
    slots = {(p.year, p.month): month_slots(p, 25, cal, policy, BKK) for p in fiscal_periods(2570)}
    down_day = slots[(2027, 3)][1].at.date()          # scheduler down all day: T-2 of March lost
    late_start = slots[(2027, 4)][2].at.date()         # down until 15:00 on April's T: caught up
    snooze_day = slots[(2026, 11)][0].at.date()        # Ben snoozes after November's T-5
    snoozed_to = next_working_morning(datetime.combine(snooze_day, datetime.min.time(), BKK),
                                      cal, policy).date()
    got: dict[str, list[tuple[date, dict[str, Any]]]] = defaultdict(list)
    seen = dict.fromkeys(USERS, 0)
    day = date(2026, 10, 1)
    while day <= date(2027, 9, 30):
        month = (day.year, day.month)
        if day.day == 1 and month not in LATE_MONTHS:
            report(stack, P1, day)
            report(stack, P2, day)
        if day == date(2026, 12, 1):
            _say(stack, clock, at(2026, 12, 1, 8, 30), CAT, text="ลา ถึง 31/12/2569")
        if day == date(2027, 2, 1):
            _say(stack, clock, at(2027, 2, 1, 8, 30), CAT, type="unfollow")
        if day == date(2027, 3, 5):
            _say(stack, clock, at(2027, 3, 5, 8, 30), CAT, type="follow")
        for hour in (6, 9, 15, 21):
            if day == down_day or (day == late_start and hour < 15):
                continue
            now = at(day.year, day.month, day.day, hour)
            clock.now = now
            rem.tick(now)
            for user in USERS:
                fresh = [m for m in stack.messages(user) if m["via"] != "reply"]
                for m in fresh[seen[user]:]:
                    got[user].append((day, m["message"]))
                seen[user] = len(fresh)
            if day == snooze_day and hour == 9:
                _say(stack, clock, at(day.year, day.month, day.day, 10), BEN,
                     text="เตือนพรุ่งนี้")
            if month in LATE_MONTHS and day == slots[month][3].at.date() and hour == 9:
                _file_by_button(stack, clock, at(day.year, day.month, day.day, 12))
        day += timedelta(days=1)

    every = sorted(s.at.date() for month in slots.values() for s in month)
    ben = sorted({*every, snoozed_to} - {down_day})
    assert [d for d, _ in got[BEN]] == ben
    assert date(2026, 12, 24) not in ben
    assert all(cal.is_working(d) for d in ben)
    dec, feb = slots[(2026, 12)], slots[(2027, 2)]
    cat = [d for d in every if d != down_day  # on leave in December, blocked the bot in February
           and not date(2026, 12, 1) <= d <= date(2026, 12, 31)
           and not date(2027, 2, 1) <= d < date(2027, 3, 5)]
    assert feb[-1].at.date() == date(2027, 3, 2)  # February's T+3 spills into March
    assert [d for d, _ in got[CAT]] == cat
    ann = sorted(s.at.date() for m in LATE_MONTHS for s in slots[m][:4])
    assert [d for d, _ in got[ANN]] == ann
    assert all(codes_in(m) == [P1, P2] for _, m in got[ANN])
    digests = [d for d, _ in got[SUP]]
    assert digests == sorted(m[4].at.date() for m in slots.values())
    texts = {d: m["text"] for d, m in got[SUP]}
    assert "แคท (ลา)" in texts[dec[4].at.date()]
    assert "แคท (ติดต่อไม่ได้)" in texts[feb[4].at.date()]
    assert "เบน (ค้างส่ง)" in texts[feb[4].at.date()]
    assert P1 not in texts[feb[4].at.date()]


def _run_admin_day(stack: Stack) -> None:
    from storage.models import WorkingDayOverride

    with stack.services.sessions.begin() as s:
        s.add(WorkingDayOverride(day=date(2026, 12, 24), working=False, name="วันหยุดพิเศษ"))


def _file_by_button(stack: Stack, clock: Clock, when: datetime) -> None:
    """Ann taps P1's button and answers; P2 comes in by import."""
    _say(stack, clock, when, ANN, postback={"data": f"report:{P1}"})
    for answer in ("ดำเนินการตามแผนแล้ว", "50", "0 บาท", "เป็นไปตามแผน", "เป็นไปตามเป้าหมาย",
                   "ข้าม", "ข้าม", "ยืนยัน"):
        _say(stack, clock, when, ANN, text=answer)
    replies = [m["message"].get("text", "") for m in stack.messages(ANN) if m["via"] == "reply"]
    assert any("บันทึกรายงานครั้งที่" in r for r in replies[-2:]), replies[-3:]
    report(stack, P2, when.date(), source=Source.IMPORT)
