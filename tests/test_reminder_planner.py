"""The pure planner: facts in, sends and skips out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.periods import Period
from reminders.due import DueDates
from reminders.facts import Facts, PersonFact, ProjectFact
from reminders.planner import Clock, plan_period
from reminders.policy import Policy
from reminders.workdays import build_calendar

BKK = ZoneInfo("Asia/Bangkok")
CLOCK = Clock(build_calendar([2026, 2027], {}, []), Policy(), BKK)
OCT = Period(2026, 10)


def _project(pid: int, start: date = date(2026, 10, 1), end: date = date(2027, 9, 30),
             reports: tuple[tuple[Period, str], ...] = (), due_day: int = 25,
             today: date = date(2026, 10, 15)) -> ProjectFact:
    """A project of agency 1 with some reports as (month, progress), its months on today."""
    due = DueDates(CLOCK.cal, due_day, {})
    months = due.months(1, start, end, 2570, [(p, Decimal(v)) for p, v in reports], today)
    return ProjectFact(pid, f"50470000-{pid:04d}", f"โครงการ {pid}", 1, start, end, months)


def _facts(today: date, *projects: ProjectFact, people=(), due_days=None) -> Facts:
    facts = Facts(OCT, today, {p.id: p for p in projects},
                  {"UA": {p.id for p in projects}}, {"US": {p.id for p in projects}},
                  {p.line_user_id: p for p in people}, due_days or {})
    return facts


def test_only_due_projects_are_bundled() -> None:
    sep = Period(2026, 9)
    facts = _facts(date(2026, 10, 15), _project(1), _project(2, reports=((OCT, "10"),)),
                   _project(3, start=date(2026, 11, 1)),
                   _project(4, end=date(2026, 9, 30)),
                   _project(5, start=date(2026, 9, 1), reports=((sep, "100"),),
                            end=date(2026, 10, 10)),
                   _project(6, start=date(2026, 9, 1), reports=((sep, "100"),)),
                   _project(7, start=date(2026, 9, 1), reports=((sep, "60"),)))
    plan = plan_period(facts, datetime(2026, 10, 15, 9, tzinfo=BKK), CLOCK)
    (send,) = plan.sends
    # 5 is closed (100 % and ended); 6 reached 100 % in September, so it owes no later month
    assert send.projects == ("50470000-0001", "50470000-0007")
    assert send.slot == "t-5:2026-10-22"


def test_skips_say_why() -> None:
    now = datetime(2026, 10, 15, 9, tzinfo=BKK)
    for person, why in (
            (PersonFact("UA", "a", unreachable=True), "unreachable"),
            (PersonFact("UA", "a", leave_start=date(2026, 10, 1), leave_end=date(2026, 10, 31)),
             "on leave"),
            (PersonFact("UA", "a", snooze_period="2026-10",
                        snooze_until=datetime(2026, 10, 16, 9, tzinfo=BKK)), "snoozed")):
        plan = plan_period(_facts(now.date(), _project(1), people=[person]), now, CLOCK)
        assert plan.sends == []
        assert why in plan.skips[0].reason


def test_digest_at_t_plus_3_shows_leave_and_unreachable() -> None:
    now = datetime(2026, 10, 28, 9, tzinfo=BKK)
    facts = _facts(now.date(), _project(1, start=date(2026, 8, 1), today=now.date(),
                                        reports=((Period(2026, 8), "20"),)),
                   people=[PersonFact("UA", "แอน", leave_end=date(2026, 11, 30))])
    plan = plan_period(facts, now, CLOCK)
    (digest,) = [s for s in plan.sends if s.kind == "digest"]
    body = digest.messages[0]["text"]
    assert "แอน (ลา)" in body
    assert "ค้างส่งตั้งแต่ ก.ย. 2569" in body


def test_an_agency_due_day_moves_its_slots() -> None:
    now = datetime(2026, 10, 15, 9, tzinfo=BKK)
    assert plan_period(_facts(now.date(), _project(1), due_days={1: 20}), now, CLOCK).sends == []
    now = datetime(2026, 10, 16, 9, tzinfo=BKK)  # 20 Oct: T-2 is Friday 16 Oct
    (send,) = plan_period(_facts(now.date(), _project(1), due_days={1: 20}), now, CLOCK).sends
    assert send.slot == "t-2:2026-10-20"


def test_quiet_hours_and_the_next_day_send_nothing() -> None:
    facts = _facts(date(2026, 10, 15), _project(1))
    assert plan_period(facts, datetime(2026, 10, 15, 20, 0, tzinfo=BKK), CLOCK).sends == []
    assert plan_period(facts, datetime(2026, 10, 16, 9, 0, tzinfo=BKK), CLOCK).sends == []


def test_auto_style_names_projects_until_a_slot_is_too_large_for_one_push_each() -> None:
    from reminders.policy import Policy

    policy = Policy(cards_up_to=3)
    assert [policy.style_for(n) for n in (1, 3, 4)] == ["cards", "cards", "summary"]
    assert Policy(nudge_style="cards", cards_up_to=3).style_for(10_000) == "cards"
    assert Policy(nudge_style="summary").style_for(1) == "summary"
