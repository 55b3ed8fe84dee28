"""What a new user found on a first try of the demo, each driven through signed webhooks."""

from __future__ import annotations

from reminders.demo import this_month_due
from reminders.policy import Policy
from storage.demo import OFFICER, SUPERVISOR, load_demo
from tests.stack import TODAY, Stack, body, quick

ME, BOSS = OFFICER.line_user_id, SUPERVISOR.line_user_id
ON_TIME, LATE = "10000000-0001", "10000000-0002"  # the demo officer's two projects


def _demo(stack: Stack) -> None:
    """The demo agency on the stack's day (22 Nov 2569): the officer has two projects."""
    with stack.services.sessions.begin() as s:
        load_demo(s, TODAY, this_month_due(s, Policy(), TODAY))


def _say(stack: Stack, *lines: str, user: str = ME) -> list[str]:
    return [body(m) for m in stack.ask(*lines, user=user)]


def test_amend_asks_which_report_to_correct_and_its_buttons_correct(stack: Stack) -> None:
    _demo(stack)
    out = _say(stack, "แก้ไขรายงาน")
    assert out[-1].startswith("ต้องการแก้ไขรายงานโครงการใดคะ"), out
    buttons = quick(stack.messages(ME)[-1]["message"])
    assert buttons == [f"แก้ไขรายงาน {ON_TIME}", f"แก้ไขรายงาน {LATE}"]
    out = _say(stack, buttons[0])
    assert "แก้ไขรายงานครั้งที่ 3 ประจำเดือน ต.ค. 2569" in out[0], out
    _say(stack, "ยกเลิก")
    assert _say(stack, "รายงาน")[-1].startswith("ต้องการรายงานโครงการใดคะ")
