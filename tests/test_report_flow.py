"""Officers register with an invite and file reports by chatting, through signed webhooks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from handlers import report_texts
from storage.enums import Role, Source
from storage.invites import create_invite
from storage.models import Agency, AuditLog, ProgressReport, Project
from tests.stack import USER, Stack

CODE = "50470000-3430"
OTHER = "50470000-3431"


def _seed(stack: Stack, reports: int = 0) -> None:
    with stack.services.sessions.begin() as s:
        agency = Agency(code="50470000", name="สำนักงานเขตบางนา")
        s.add(agency)
        s.flush()
        for code, name in ((CODE, "บางนาพารู้ ห้องสมุดเคลื่อนที่"), (OTHER, "คลองสวยน้ำใส")):
            s.add(Project(code=code, agency_id=agency.id, name=name, fiscal_year=2570,
                          budget_received=Decimal("100000.00"), source=Source.IMPORT))
        s.flush()
        project = s.scalar(select(Project).where(Project.code == CODE))
        assert project is not None
        for n in range(1, reports + 1):
            s.add(ProgressReport(project_id=project.id, number=n, report_date=date(2026, 10, 20),
                                 detail=f"ครั้งที่ {n}", progress_percent=Decimal(30 * n),
                                 budget_disbursed=Decimal("1000.00"), on_plan=True,
                                 on_target=True, source=Source.IMPORT))


def _invite(stack: Stack, role: Role = Role.OFFICER, projects=(CODE,), agency=None) -> str:
    with stack.services.sessions.begin() as s:
        return create_invite(s, role, list(projects), agency, "test")


def _reports(stack: Stack) -> list[ProgressReport]:
    with stack.services.sessions() as s:
        return list(s.scalars(select(ProgressReport).order_by(ProgressReport.number)))


def test_register_then_file_a_full_report(stack: Stack) -> None:
    _seed(stack, reports=1)
    code = _invite(stack)
    out = stack.say(f"ลงทะเบียน {code.lower()}")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in out[-1]
    out = stack.say("รายงาน")
    assert "ดำเนินการอะไรไปแล้ว" in out[-1]
    assert "รายงานเดือน ต.ค. 2569: ครั้งที่ 1" in out[-1]  # the hint: the previous month's
    out = stack.say("จัดกิจกรรมห้องสมุดเคลื่อนที่ 3 ครั้ง\nมีผู้ร่วม 120 คน", "แปดสิบ",
               "๓๒,๒๐๐ บาท", "เป็นไปตามแผน", "ไม่เป็นไปตามเป้าหมาย")
    assert "ปัญหาหรืออุปสรรค" in out[-1]
    out = stack.say("ผู้เข้าร่วมน้อยกว่าที่คาด")
    assert "ผู้ได้รับประโยชน์" in out[-1]
    out = stack.say("ข้าม")
    assert "สรุปรายงานความก้าวหน้า" in out[-2]
    assert "80.00 %" in out[-2]
    assert "32,200.00 บาท" in out[-2]
    out = stack.say("ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 2" in out[-1]
    assert "2569" in out[-1]
    reports = _reports(stack)
    assert len(reports) == 2
    new = reports[-1]
    assert new.detail == "จัดกิจกรรมห้องสมุดเคลื่อนที่ 3 ครั้ง\nมีผู้ร่วม 120 คน"
    assert new.progress_percent == Decimal("80.00")
    assert new.budget_disbursed == Decimal("32200.00")
    assert (new.on_plan, new.on_target) == (True, False)
    assert new.obstacles == "ผู้เข้าร่วมน้อยกว่าที่คาด"
    assert new.source is Source.BOT
    with stack.services.sessions() as s:
        actions = list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions == ["invite.create", "invite.redeem", "report.create"]


def test_one_shot_report_asks_only_what_is_missing(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    out = stack.say(f"รายงาน {CODE} ดำเนินการจัดทำคลิปแล้ว ความก้าวหน้า 80% เบิกจ่าย 0 บาท "
                      "เป็นไปตามแผน")
    assert "ขอถามเพิ่มเฉพาะข้อที่ยังขาด" in out[-1]
    assert "เป็นไปตามเป้าหมายหรือไม่" in out[-1]
    out = stack.say("เป็นไปตามเป้าหมาย", "ข้าม", "ข้าม", "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 1" in out[-1]
    (report,) = _reports(stack)
    assert report.detail == "ดำเนินการจัดทำคลิปแล้ว"
    assert report.progress_percent == Decimal("80.00")


def test_one_message_naming_the_project_by_name_is_split_like_one_with_a_code(
        stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    out = stack.say("รายงาน คลองสวย ขุดลอกแล้ว 3 จุดค่ะ ความคืบหน้าราวๆ ๓๐% เบิกจ่าย 0 บาท "
                    "เป็นไปตามแผน ตามเป้า")
    assert "คลองสวยน้ำใส" in out[-1], out
    assert "ขอถามเพิ่มเฉพาะข้อที่ยังขาด" in out[-1]
    assert "กี่เปอร์เซ็นต์" not in out[-1]  # the hedged percent was read
    out = stack.say("ข้าม", "ข้าม", "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 1" in out[-1], out
    (report,) = _reports(stack)
    assert report.detail == "ขุดลอกแล้ว 3 จุด"  # no project name, no particle
    assert report.progress_percent == Decimal("30.00")


def test_a_name_several_projects_share_asks_and_the_pick_keeps_the_answers(
        stack: Stack) -> None:
    _seed(stack)
    with stack.services.sessions.begin() as s:  # a second project "…ห้องสมุด…"
        other = s.scalar(select(Project).where(Project.code == OTHER))
        assert other is not None
        other.name = "ห้องสมุดคลองสวย"
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    out = stack.say("รายาน ห้องสมุด ออกหน่วยให้บริการ 3 ชุมชน ความคืบหน้า 30%")
    assert report_texts.PICK_PROJECT in out[-1], out  # the typo is a report, not a status
    out = stack.say(f"ส่งรายงาน {OTHER}")
    assert "ห้องสมุดคลองสวย" in out[-1], out
    assert "กี่บาท" in out[-1]
    stack.say("0", "เป็นไปตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    (report,) = _reports(stack)
    assert report.detail == "ออกหน่วยให้บริการ 3 ชุมชน"


def test_several_projects_are_picked_by_quick_reply_or_name(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    stack.say("รายงาน")
    last = stack.messages()[-1]["message"]
    labels = [i["action"]["text"] for i in last["quickReply"]["items"]]
    assert labels == [f"ส่งรายงาน {CODE}", f"ส่งรายงาน {OTHER}"]
    out = stack.say("ส่งรายงาน คลองสวย")
    assert "คลองสวยน้ำใส" in out[-1]


def test_an_answer_typed_before_picking_shows_the_picker_again(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    stack.say("รายงาน")
    out = stack.say("ซ่อมผิวจราจรซอย 71 เสร็จแล้ว 200 เมตร")
    assert report_texts.PICK_PROJECT in out[-1], out
    assert out[0] == report_texts.PICK_PROJECT_FIRST  # said why the list came back
    assert "ไม่เข้าใจ" not in " ".join(out)
    out = stack.say(CODE)
    assert "ดำเนินการอะไร" in out[-1], out  # the picker still held: the code picks


def test_a_report_typed_at_the_picker_naming_a_project_picks_it_with_its_answers(
        stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    stack.say("รายงาน")
    out = stack.say("คลองสวย ขุดลอกแล้ว 3 จุด ความคืบหน้า 30% เบิกจ่าย 0 บาท")
    assert "คลองสวยน้ำใส" in out[-1], out
    assert "เป็นไปตามแผนหรือไม่" in out[-1]
    stack.say("ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    (report,) = _reports(stack)
    assert report.detail == "ขุดลอกแล้ว 3 จุด"


def test_status_question_mid_draft_keeps_the_draft(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    stack.say("รายงาน", "ประชุมแล้ว")
    out = stack.say(f"สถานะ {CODE}")
    assert report_texts.RESUME_NOTE in out
    out = stack.say("ทำต่อ")
    assert "กี่เปอร์เซ็นต์" in out[-1]
    out = stack.say("ย้อนกลับ")
    assert "ดำเนินการอะไรไปแล้ว" in out[-1]


def test_unregistered_and_wrong_codes(stack: Stack, redis_conn) -> None:
    _seed(stack)
    out = stack.say("รายงาน")
    assert out == [report_texts.NOT_REGISTERED]
    for _ in range(5):
        out = stack.say("ลงทะเบียน ZZZZ-ZZZZ")
        assert "ไม่ถูกต้อง" in out[-1]
    real = _invite(stack)
    out = stack.say(f"ลงทะเบียน {real}")
    assert "รอประมาณ 60 นาที" in out[-1]
    redis_conn.delete(f"tidtam:invite-failures:{USER}")
    out = stack.say(f"ลงทะเบียน {real}")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in out[-1]
    out = stack.say(f"ลงทะเบียน {real}")
    assert "ถูกใช้ไปแล้ว" in out[-1]


def test_supervisor_cannot_file_reports(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, Role.SUPERVISOR, projects=(), agency='50470000')}")
    out = stack.say("รายงาน")
    assert out == [report_texts.not_officer(CODE)]


def _left_idle(redis_conn, hours: float) -> None:
    """Move the stored draft's save time back, as if the officer had left it that long."""
    import json

    key = f"tidtam:draft:{USER}"
    data = json.loads(redis_conn.get(key))
    data["saved"] -= hours * 3600
    redis_conn.set(key, json.dumps(data), keepttl=True)


def test_expired_draft_is_announced(stack: Stack, redis_conn) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    stack.say("รายงาน", "ประชุมแล้ว")
    _left_idle(redis_conn, hours=25)
    out = stack.say("80")
    assert out[0] == report_texts.EXPIRED
    out = stack.say("80")
    assert report_texts.EXPIRED not in out


def test_status_question_after_expiry_is_answered_after_the_notice(stack: Stack,
                                                                   redis_conn) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    stack.say("รายงาน", "ประชุมแล้ว")
    _left_idle(redis_conn, hours=25)
    out = stack.say(f"สถานะ {CODE}")
    assert out[0] == report_texts.EXPIRED
    assert len(out) >= 2
    assert CODE in out[1], "the question itself is answered too"
    out = stack.say(f"สถานะ {CODE}")
    assert report_texts.EXPIRED not in out


def test_amend_latest_report_keeps_old_values_in_audit(stack: Stack) -> None:
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    stack.say(f"รายงาน {CODE} ประชุมแล้ว ความก้าวหน้า 40% เบิกจ่าย 0 บาท เป็นไปตามแผน "
                "เป็นไปตามเป้าหมาย", "ข้าม", "ข้าม", "ยืนยัน")
    out = stack.say("แก้ไขรายงาน")
    assert "สรุปรายงาน" in out[-2]
    stack.say("แก้ไข", "2", "45", "ยืนยัน")
    (report,) = _reports(stack)
    assert report.progress_percent == Decimal("45.00")
    assert report.revision == 2
    with stack.services.sessions() as s:
        amend = s.scalar(select(AuditLog).where(AuditLog.action == "report.amend"))
        assert amend is not None
        assert amend.before["progress_percent"] == "40.00"
        assert s.scalar(select(func.count()).select_from(ProgressReport)) == 1


def test_quarterly_indicator_report_on_the_same_engine(stack: Stack) -> None:
    from storage.models import Indicator, IndicatorQuarterReport

    _seed(stack)
    with stack.services.sessions.begin() as s:
        agency_id = s.scalar(select(Agency.id).where(Agency.code == "50470000"))
        s.add(Indicator(agency_id=agency_id, fiscal_year=2570, number="08",
                        name="จำนวนห้องสมุดมีชีวิต", target_text="3", target_unit="ห้อง"))
    stack.router.dialogue.today = lambda: date(2027, 8, 15)  # type: ignore[union-attr]
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(), agency='50470000')}")
    out = stack.say("รายงานตัวชี้วัด")
    assert "ไตรมาสที่ 4" in out[-1]
    out = stack.say("จัดทำบรรณนิทัศน์ออนไลน์\n828 ชื่อเรื่อง", "๓๖ ห้อง")
    assert "ปัจจัยสนับสนุน" in out[-1]
    out = stack.say("ความร่วมมือของห้องสมุด", "ข้าม")
    assert "ทั้งปีงบประมาณ" in out[-1], "the year-end summary is asked in quarter 4"
    out = stack.say("บรรลุเป้าหมาย", "ยืนยัน")
    assert "ไตรมาสที่ 4 เรียบร้อยแล้ว" in out[-1]
    with stack.services.sessions() as s:
        row = s.scalar(select(IndicatorQuarterReport))
        assert row is not None
        assert (row.quarter, row.achieved_value, row.obstacles) == (4, Decimal(36), None)
        assert row.fiscal_year == 2570  # keyed by the fiscal year it was reported in
        assert row.narrative == "จัดทำบรรณนิทัศน์ออนไลน์\n828 ชื่อเรื่อง"
        indicator = s.scalar(select(Indicator))
        assert indicator is not None
        assert indicator.year_summary == "บรรลุเป้าหมาย"


def test_a_drop_in_the_indicator_value_asks_and_the_summary_keeps_the_unit(stack: Stack) -> None:
    from storage.models import Indicator

    _seed(stack)
    with stack.services.sessions.begin() as s:
        agency_id = s.scalar(select(Agency.id).where(Agency.code == "50470000"))
        s.add(Indicator(agency_id=agency_id, fiscal_year=2570, number="08",
                        name="จำนวนห้องสมุดมีชีวิต", target_text="3", target_unit="ห้อง",
                        achieved_value=Decimal(36)))
    stack.router.dialogue.today = lambda: date(2027, 1, 15)  # type: ignore[union-attr]
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(), agency='50470000')}")
    stack.say("รายงานตัวชี้วัด")
    out = stack.say("จัดกิจกรรม", "5")
    assert "ผลงานที่ทำได้ 5 ห้อง น้อยกว่าที่รายงานไว้ครั้งก่อน (36 ห้อง)" in out[-1]
    assert "ยืนยันค่านี้" in out[-1]
    out = stack.say("ยืนยันค่านี้", "ข้าม", "ข้าม")
    assert "ผลงานที่ทำได้ (สะสม): 5 ห้อง" in out[-2]
    out = stack.say("ยืนยัน")
    assert "ผลงานที่ทำได้สะสม: 5 ห้อง" in out[-1]


def test_an_indicator_of_unknown_year_is_not_reported_over_another_year(stack: Stack) -> None:
    from storage.models import Indicator

    _seed(stack)
    with stack.services.sessions.begin() as s:
        agency_id = s.scalar(select(Agency.id).where(Agency.code == "50470000"))
        s.add(Indicator(agency_id=agency_id, number="08", name="จำนวนห้องสมุดมีชีวิต"))
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(), agency='50470000')}")
    out = stack.say("รายงานตัวชี้วัด")
    assert "ยังไม่ได้ระบุปีงบประมาณ" in out[-1]
    assert "ผู้ดูแลระบบ" in out[-1]


def test_amending_a_report_whose_status_was_not_printed_asks_it(stack: Stack) -> None:
    _seed(stack, reports=1)
    with stack.services.sessions.begin() as s:
        report = s.scalar(select(ProgressReport))
        assert report is not None
        report.on_plan = report.on_target = None  # imported from a printout that left it blank
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    out = stack.say(f"แก้ไขรายงาน {CODE} เดือน ต.ค. 2569")
    assert "เป็นไปตามแผนหรือไม่" in out[-1], "never prefilled as an answer"
    out = stack.say("เป็นไปตามแผน")
    assert "เป็นไปตามเป้าหมายหรือไม่" in out[-1]
    out = stack.say("ไม่เป็นไปตามเป้าหมาย")
    assert "ปัญหาหรืออุปสรรค" in out[-1]
    out = stack.say("ฝนตก")
    assert "สรุปรายงาน" in out[-2]
    stack.say("ยืนยัน")
    (report,) = _reports(stack)
    assert (report.on_plan, report.on_target, report.obstacles) == (True, False, "ฝนตก")
    assert report.revision == 2
    assert report.progress_percent == Decimal("30.00")  # the rest kept as stored


def test_not_yet_able_to_confirm_at_the_summary_stores_nothing(stack: Stack) -> None:
    """The fifth new-user trial: "ยังยืนยันไม่ได้ค่ะ ยอดเงินยังไม่แน่นอน" sent the report."""
    _seed(stack, reports=1)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    stack.say("รายงาน")
    stack.say("ลงพื้นที่สามชุมชน", "45", "15000", "ตามแผน", "ตามเป้า", "ไม่มี", "ข้าม")
    for said in ("ยังยืนยันไม่ได้ค่ะ ยอดเงินยังไม่แน่นอน", "ยืนยันไม่ได้ค่ะ ยอดยังไม่นิ่ง"):
        out = stack.say(said)
        assert "บันทึกรายงาน" not in " ".join(out), out
        assert len(_reports(stack)) == 1
    assert "บันทึกรายงานครั้งที่ 2" in stack.say("ยืนยันค่ะ")[-1]


def test_words_about_a_late_request_are_not_the_work_done(stack: Stack) -> None:
    """The fifth trial: "ขอส่งรายงาน…ย้อนหลังค่ะ ลืมส่งไปเลย ขอโทษค่ะ" at the picker was stored as the
    work done and its question never asked."""
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    out = stack.say("ขอส่งรายงานเดือนที่แล้วของห้องสมุดเคลื่อนที่ย้อนหลังค่ะ ลืมส่งไปเลย ขอโทษค่ะ")
    if "ดำเนินการอะไร" not in out[-1]:  # the picker: the project is chosen from it
        out = stack.say(CODE)
    assert "ดำเนินการอะไร" in out[-1], out
    assert "ขอโทษ" not in " ".join(out)
