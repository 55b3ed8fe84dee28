"""What a new user found on a first try of the demo, each driven through signed webhooks."""

from __future__ import annotations

from reminders.demo import this_month_due
from reminders.policy import Policy
from storage.demo import OFFICER, SUPERVISOR, load_demo
from storage.enums import Role
from storage.models import Agency
from tests.stack import TODAY, Stack, body, quick
from tests.test_report_flow import _invite

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


def test_examples_name_a_project_the_asker_has_or_none(stack: Stack) -> None:
    _demo(stack)
    said = [*_say(stack, "สถานะ"), *_say(stack, "สถานะ 99999999-9999"),
            *_say(stack, "สถานะ ไม่มีโครงการชื่อนี้"), *_say(stack, "ช่วยเหลือ")]
    assert f"เช่น สถานะ {ON_TIME}" in said[0]
    assert f"เช่น สถานะ {ON_TIME}" in said[1]
    assert f"เช่น สถานะ {ON_TIME}" in said[2]
    assert "สถานะ ตามด้วยรหัสโครงการ" in said[3]
    assert f"\"สถานะ {ON_TIME}\"" in _say(stack, "รายงาน", user=BOSS)[-1]
    with stack.services.sessions.begin() as s:
        s.add(Agency(code="20000000", name="สำนักงานเขตที่ยังไม่มีโครงการ"))
    invite = _invite(stack, Role.SUPERVISOR, projects=(), agency="20000000")
    nobody = "U" + "8" * 32
    assert "ลงทะเบียนเรียบร้อยแล้ว" in _say(stack, f"ลงทะเบียน {invite}", user=nobody)[-1]
    neutral = [*_say(stack, "สถานะ", user=nobody), *_say(stack, "สถานะ 99999999-9999", user=nobody),
               *_say(stack, "สถานะ ไม่มีโครงการชื่อนี้", user=nobody),
               *_say(stack, "รายงาน", user=nobody)]
    assert neutral[0] == "กรุณาพิมพ์ \"สถานะ\" ตามด้วยรหัสโครงการหรือชื่อโครงการบางส่วนค่ะ"
    assert "(รหัสหน่วยงาน 8 หลัก ขีด และเลข 4 หลัก)" in neutral[1]
    assert "พิมพ์ \"สถานะ\" ตามด้วยรหัสโครงการแทนนะคะ" in neutral[2]
    assert "โดยพิมพ์ \"สถานะ\" ตามด้วยรหัสโครงการ" in neutral[3]
    for answer in (*said, *neutral):
        assert "เช่น" not in answer or "10000000-" in answer or "AB12-CD34" in answer, answer
        assert "50470000" not in answer, answer
