"""Supervisor digests follow the same scope rule as every other way out of the system."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.periods import Period
from reminders.due import load_due_dates
from reminders.facts import load_facts
from reminders.planner import Clock, plan_period
from reminders.policy import Policy
from reminders.workdays import build_calendar
from tests.sample import ADMIN, ADMIN_TK, OFFICER, OFFICER_BN, SUP_BN, SUP_TK, seed
from tests.stack import Stack

BKK = ZoneInfo("Asia/Bangkok")


def test_each_supervisor_digest_names_only_projects_and_people_of_their_scope(
        stack: Stack) -> None:
    seed(stack.services.sessions)
    now = datetime(2026, 11, 30, 9, tzinfo=BKK)  # T+3 working days after 25 Nov 2569
    clock = Clock(build_calendar([2026, 2027], {}, []), Policy(), BKK)
    with stack.services.sessions() as session:
        due = load_due_dates(session, Policy(), now.date(), clock.cal)
        facts = load_facts(session, Period(2026, 11), now.date(), due)
    plan = plan_period(facts, now, clock)
    digests = {s.recipient: s for s in plan.sends if s.kind == "digest"}
    assert set(digests) <= {SUP_BN, SUP_TK}, "admins and officers get no supervisor digest"
    assert ADMIN not in digests
    assert ADMIN_TK not in digests
    assert digests, "at T+3 the missing projects reach their supervisors"
    for sup, agency in ((SUP_BN, "50470000"), (SUP_TK, "50490000")):
        if sup in digests:
            assert all(code.startswith(agency) for code in digests[sup].projects)
            other = "50490000" if agency == "50470000" else "50470000"
            assert other not in str(digests[sup].messages)
    for officer in (OFFICER, OFFICER_BN):
        nudges = [s for s in plan.sends if s.recipient == officer and s.kind != "digest"]
        for nudge in nudges:
            assert all(code.startswith("50470000") for code in nudge.projects)
