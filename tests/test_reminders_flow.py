"""Reminders through the emulator and signed webhooks, travelling through a fiscal year."""

from __future__ import annotations

from datetime import date

from tests.reminder_kit import (
    ANN,
    BEN,
    CAT,
    P1,
    P2,
    P3,
    SUP,
    at,
    codes_in,
    pushed_to,
    pushes,
    reminders,
    report,
    seed,
)
from tests.stack import Stack


def test_t_minus_5_bundles_projects_and_multicasts_identical_messages(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    result = rem.tick(at(2026, 10, 15))
    assert result.planned == 3
    (ann,) = pushed_to(stack, ANN)
    assert ann["type"] == "flex"
    assert "ใกล้ครบกำหนด" in ann["altText"]
    assert codes_in(ann) == [P1, P2]
    assert [codes_in(m) for m in pushed_to(stack, BEN)] == [[P3]]
    assert [codes_in(m) for m in pushed_to(stack, CAT)] == [[P3]]
    calls = [c for c in stack.calls() if c["path"].startswith("/v2/bot/message/")
             and c["method"] == "POST"]
    assert sorted(c["path"].rsplit("/", 1)[1] for c in calls) == ["multicast", "push"]
    assert all(c["retryKey"] for c in calls)
    assert pushed_to(stack, SUP) == []
    again = rem.tick(at(2026, 10, 15, 9, 1))
    assert again.unchanged  # nothing it plans from changed: not planned again
    assert again.requests == 0
    assert len(pushes(stack)) == 3


def test_no_nudge_outside_slots_and_nothing_once_reported(stack: Stack) -> None:
    seed(stack)
    rem = reminders(stack)
    assert rem.tick(at(2026, 10, 14)).planned == 0
    assert rem.tick(at(2026, 10, 15, 7, 59)).planned == 0
    report(stack, P1, date(2026, 10, 10))
    report(stack, P3, date(2026, 10, 12))
    rem.tick(at(2026, 10, 15))
    (ann,) = pushed_to(stack, ANN)
    assert codes_in(ann) == [P2]
    assert pushed_to(stack, BEN) == []
    assert pushed_to(stack, CAT) == []


def test_summary_style_sends_one_multicast_per_count_and_its_button_lists_by_reply(
        stack: Stack) -> None:
    from dataclasses import replace

    seed(stack)
    report(stack, P1, date(2026, 10, 10))  # Ann now misses one project, like Ben and Cat
    rem = reminders(stack)
    rem.policy = replace(rem.policy, nudge_style="summary")
    rem.tick(at(2026, 10, 15))
    calls = [c for c in stack.calls() if c["path"].endswith(("/push", "/multicast"))]
    assert [(c["path"].rsplit("/", 1)[1], sorted(c["body"]["to"])) for c in calls] == [
        ("multicast", [ANN, BEN, CAT])]
    (ann,) = pushed_to(stack, ANN)
    assert "ยังไม่ได้ส่ง 1 โครงการ" in ann["altText"]
    button = ann["contents"]["footer"]["contents"][0]["action"]
    assert (button["type"], button["text"]) == ("message", "รายงานเดือน ต.ค. 2569")
    stack.send(userId=ANN, text=button["text"])
    stack.run_worker()
    replies = [m for m in stack.messages(ANN) if m["via"] == "reply"]
    assert replies
    assert P2 in str(replies[-1]["message"])


def test_a_change_between_ticks_is_planned_at_the_next_tick(stack: Stack) -> None:
    from sqlalchemy import select

    from storage.enums import Role
    from storage.models import Assignment, LineUser, Project

    seed(stack)
    rem = reminders(stack)
    rem.tick(at(2026, 10, 15))
    assert rem.tick(at(2026, 10, 15, 9, 1)).unchanged
    dan = "U" + "5" * 32
    with stack.services.sessions.begin() as s:
        s.add(LineUser(line_user_id=dan, display_name="แดน", role=Role.OFFICER))
        s.flush()
        project = s.scalar(select(Project).where(Project.code == P1))
        assert project is not None
        s.add(Assignment(line_user_id=dan, role=Role.OFFICER, project_id=project.id))
    later = rem.tick(at(2026, 10, 15, 9, 2))
    assert not later.unchanged
    assert later.requests == 1
    assert [codes_in(m) for m in pushed_to(stack, dan)] == [[P1]]
