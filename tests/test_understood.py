"""Issue 19's examples, typed through LINE: each question takes the answer people really type."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from handlers import texts
from storage.enums import Role
from storage.models import ProgressReport
from tests.stack import Stack, body, quick
from tests.test_report_flow import CODE, _invite, _reports, _seed

SUPERVISOR = "U" + "5" * 32


def _say(stack: Stack, *lines: str, user: str | None = None) -> list[str]:
    return [body(m) for m in stack.ask(*lines, **({"user": user} if user else {}))]


def _registered(stack: Stack) -> None:
    _seed(stack, reports=1)
    code = _invite(stack).lower()
    out = _say(stack, f"ลงทะเบียนค่ะ {code}")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in out[-1], "a valid code in a sentence registers"
    assert not stack.services.redis.exists("tidtam:invite-failures:" + "U" + "a" * 32)


def test_answers_in_sentences_fill_the_report_as_meant(stack: Stack) -> None:
    _registered(stack)
    _say(stack, "รายงาน", "ซ่อมทางเท้าแล้วเสร็จ 2 จุด")
    out = _say(stack, "ประมาณ ๔๕ เปอร์เซ็นต์ค่ะ")
    assert "กี่บาท" in out[-1]
    out = _say(stack, "ร้อยห้า")
    assert "105.00 บาท หรือ 150.00 บาท" in out[-1]
    assert quick(stack.messages()[-1]["message"])[:2] == ["105.00", "150.00"]
    out = _say(stack, "150.00")
    assert "เป็นไปตามแผน" in out[-1]
    out = _say(stack, "ล่าช้านิดหน่อยค่ะ ฝนตกหนัก")
    assert "เป้าหมาย" in out[-1], "the reason answered the obstacles: not asked again"
    out = _say(stack, "ตามเป้าค่ะ")
    assert "ผู้ได้รับประโยชน์" in out[-1]
    out = _say(stack, "ข้าม")
    assert "ฝนตกหนัก" in out[-2]
    summary = stack.messages()[-1]["message"]
    assert "quickReply" not in summary, "the choices are the bubble's buttons, shown once"
    out = _say(stack, "งบผิดค่ะ จริงๆเบิกไปสองแสนห้า")
    assert "เกินงบประมาณที่ได้รับ" in out[-1]  # read as 250,000: over this project's budget
    out = _say(stack, "ยืนยันค่านี้")
    assert "3. งบที่เบิกใช้ครั้งนี้: 250,000.00 บาท" in out[-2]
    out = _say(stack, "ยืนยันค่ะ")
    assert "บันทึกรายงานครั้งที่ 2" in out[-1]
    report = _reports(stack)[-1]
    assert report.progress_percent == Decimal("45.00")
    assert report.budget_disbursed == Decimal("250000.00")
    assert report.on_plan is False
    assert report.obstacles == "ฝนตกหนัก"


def test_thanks_at_the_optional_obstacle_is_no_obstacle_and_confirmations_in_words(
        stack: Stack) -> None:
    _registered(stack)
    _say(stack, "รายงาน", "ประชุมชุมชน", "50", "0", "ตามแผน", "ตามเป้า")
    out = _say(stack, "ขอบคุณครับ", "ข้าม")
    assert "6. ปัญหา/อุปสรรค: -" in out[-2]
    assert "บันทึกรายงานครั้งที่ 2" in _say(stack, "ok ยืนยัน")[-1]
    out = _say(stack, "แก้ไขรายงาน")  # this month's report, at its summary
    assert "สรุปรายงาน" in out[-2]
    assert "แก้ไขรายงานครั้งที่ 2 (ฉบับแก้ไขที่ 1)" in _say(stack, "ตกลงค่ะ")[-1]
    with stack.services.sessions() as s:
        assert s.scalars(select(ProgressReport.obstacles)).all()[-1] is None


def test_at_the_summary_submit_sends_this_report_and_a_status_question_submits_nothing(
        stack: Stack) -> None:
    _registered(stack)
    _say(stack, "รายงาน", "ประชุมชุมชน", "50", "0", "ตามแผน", "ตามเป้า", "ไม่มี")
    out = _say(stack, "ข้าม", f"ขอดูสถานะโครงการ {CODE} ก่อนส่ง")
    assert "บันทึกรายงาน" not in out[-1]  # the status, no submit
    assert len(_reports(stack)) == 1
    out = _say(stack, "Submit")
    assert "บันทึกรายงานครั้งที่ 2" in out[-1], "English 'Submit' sends it, it starts no report"
    assert len(_reports(stack)) == 2


def test_questions_about_reports_start_no_report(stack: Stack) -> None:
    _registered(stack)
    for question, answer in (
            (f"ขอดูรายงานเดือนก่อนๆ ของโครงการ {CODE} ค่ะ", "ประวัติรายงาน"),
            (f"ผมส่งรายงานโครงการ {CODE} ไปกี่ครั้งแล้วครับ", "ประวัติรายงาน"),
            ("ผมมีรายงานค้างส่งไหมครับ", "ส่งรายงาน"),
            ("เดือนนี้ส่งรายงานครบหรือยังคะ", "ส่งรายงาน"),
            (f"รหัส {CODE} ครับ", "สถานะโครงการ"),
            (f"ย้อนหลัง {CODE}", "ประวัติรายงาน"),
            ("รายการค้างส่งรายงานเดือน พ.ย. ค่ะ", "ส่งรายงาน")):
        out = _say(stack, question)
        assert answer in " ".join(out), (question, out)
        assert "ดำเนินการอะไรไปแล้ว" not in " ".join(out), question
    assert _say(stack, f"กาฟ {CODE}") == [""]  # an image
    assert "PDF" in _say(stack, f"พีดีเอฟ {CODE}")[-1]
    assert "ดำเนินการอะไรไปแล้ว" in _say(stack, "ขอกรอกแบบรายงานความก้าวหน้าค่ะ")[-1]


def test_a_supervisor_asking_for_a_projects_report_gets_its_status(stack: Stack) -> None:
    _seed(stack, reports=1)
    code = _invite(stack, Role.SUPERVISOR, projects=(), agency="50470000")
    _say(stack, f"ลงทะเบียน {code}", user=SUPERVISOR)
    out = _say(stack, f"ขอรายงานความก้าวหน้าโครงการ {CODE} หน่อยครับ", user=SUPERVISOR)
    assert f"สถานะโครงการ {CODE}" in out[-1]


def test_not_understood_gets_a_short_sorry_never_the_long_help_twice(stack: Stack) -> None:
    _registered(stack)
    for nonsense in ("🙂🙂", "asdf qwer", "🙂🙂"):
        [answer] = _say(stack, nonsense)
        assert answer == texts.NOT_UNDERSTOOD
        assert quick(stack.messages()[-1]["message"]) == ["รายงาน", "สถานะ", "ค้างส่ง",
                                                         "ช่วยเหลือ"]
    assert _say(stack, "ช่วยเหลือ") == [texts.HELP_OFFICER]  # the whole help when asked


def test_an_admin_lifts_a_registration_lockout(stack: Stack, monkeypatch) -> None:
    from tests.cli import run_cli

    user = "U" + "7" * 32
    for _ in range(5):
        _say(stack, "ลงทะเบียน ZZZZ-ZZZZ", user=user)
    assert "หลายครั้งเกินไป" in _say(stack, "ลงทะเบียน ZZZZ-ZZZZ", user=user)[-1]
    monkeypatch.setenv("REDIS_URL", stack.settings.redis_url)
    result = run_cli("users", "unlock", user)
    assert result.exit_code == 0, result.output
    assert "lockout lifted" in result.output
    assert "ลองได้อีก 4 ครั้ง" in _say(stack, "ลงทะเบียน ZZZZ-ZZZZ", user=user)[-1]
