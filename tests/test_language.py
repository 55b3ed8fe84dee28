"""Officers and supervisors are understood the way they write, through signed webhooks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import requests
from sqlalchemy import select

from handlers import report_texts, texts
from handlers.menus import VERSION
from runtime.richmenus import ensure_menus
from storage.enums import Role, Source
from storage.models import Agency, Indicator, IndicatorQuarterReport, ProgressReport, Project
from tests.stack import USER, Stack
from tests.test_report_flow import CODE, OTHER, _invite, _reports, _seed
from workers.dependencies import build_router

SUPERVISOR = "U" + "s" * 32


def _say(stack: Stack, *texts: str) -> list[str]:
    return stack.say(*texts)


def _officer(stack: Stack, projects=(CODE,)) -> None:
    _seed(stack)
    out = _say(stack, f"ลงทะเบียน {_invite(stack, projects=projects)}")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in out[-1]


def _say_as(stack: Stack, user: str, *lines: str) -> list[str]:
    before = len(stack.messages(user))
    for line in lines:
        stack.send(text=line, userId=user)
    stack.run_worker()
    return [m["message"].get("text") or m["message"].get("altText", "")
            for m in stack.messages(user)[before:]]


def _supervisor(stack: Stack) -> None:
    code = _invite(stack, role=Role.SUPERVISOR, projects=(), agency="50470000")
    out = _say_as(stack, SUPERVISOR, f"ลงทะเบียน {code}")
    assert "ลงทะเบียนเรียบร้อยแล้ว" in out[-1]


@pytest.mark.parametrize("start", ["ขอส่งรายงานครับ", "รายานครับ", "report", "ส่งรายงานหน่อยค่ะ",
                                   "ขอเริ่มกรอกรายงานใหม่ครับ", "ทำรายงานต่อ",
                                   "ขอส่งรายงานย้อนหลังของเดือนที่แล้วค่ะ ลืมส่ง"])
def test_polite_casual_and_misspelt_report_starts(stack: Stack, start: str) -> None:
    _officer(stack)
    out = _say(stack, start)
    assert "ดำเนินการอะไรไปแล้ว" in out[-1], out


def test_report_by_name_fragment_in_a_polite_sentence(stack: Stack) -> None:
    _officer(stack, projects=(CODE, OTHER))
    out = _say(stack, "ขอส่งรายงานโครงการคลองสวยค่ะ")
    assert "คลองสวยน้ำใส" in out[-1]
    assert "ดำเนินการอะไรไปแล้ว" in out[-1]


@pytest.mark.parametrize("question", [
    "ขอดูสถานะโครงการบางนาพารู้หน่อยครับ", f"โครงการ {CODE} ถึงไหนแล้ว", f"สถาณะ {CODE}",
    f"status {CODE}",
])
def test_status_questions_as_people_ask_them(stack: Stack, question: str) -> None:
    _officer(stack)
    out = _say(stack, question)
    assert CODE in out[-1], out
    assert "ความก้าวหน้า" in out[-1]


def test_thanks_gets_you_are_welcome(stack: Stack) -> None:
    _officer(stack)
    assert _say(stack, "ขอบคุณครับ") == [texts.THANKS]
    assert _say(stack, "ขอบคุณมากค่ะ")[-1].startswith("ยินดีค่ะ")


def test_unsure_asks_did_you_mean_with_quick_replies(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "สรูป")
    last = stack.messages()[-1]["message"]
    assert last["text"] == "หมายถึง “สรุป” ใช่ไหมคะ"
    labels = [i["action"]["text"] for i in last["quickReply"]["items"]]
    assert labels[0] == "สรุป"


@pytest.mark.parametrize("question", [
    f"สถานะโครงการ {CODE}", "ดูสถานะ", "ภาพรวม", "ยังไม่ส่ง", "แบบฟอร์ม pdf", "ประวัติรายงาน",
    "ค้างส่งเดือนนี้มีใครบ้าง",
])
def test_commands_mid_report_are_answered_not_stored(stack: Stack, question: str) -> None:
    _officer(stack)
    _say(stack, "รายงาน")
    out = _say(stack, question)
    assert report_texts.RESUME_NOTE in out, out
    out = _say(stack, "ทำต่อ")
    assert "ดำเนินการอะไรไปแล้ว" in out[-1], "the detail question is still pending"


def test_reminder_commands_mid_report(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "รายงาน", "ประชุมชี้แจงแล้ว")
    out = _say(stack, "ลา ถึง 15/12/2569")
    assert "บันทึกการลา" in out[0]
    assert report_texts.RESUME_NOTE in out
    out = _say(stack, "ยกเลิกลา")
    assert "ยกเลิกการลาแล้ว" in out[0]
    out = _say(stack, "ทำต่อ")
    assert "กี่เปอร์เซ็นต์" in out[-1]


def test_a_detail_that_starts_like_a_command_is_kept(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "รายงาน")
    out = _say(stack, "รายงานผลการประชุมต่อผู้อำนวยการเขตแล้ว และสรุปข้อเสนอแนะ")
    assert "กี่เปอร์เซ็นต์" in out[-1]


def test_sticker_mid_draft_asks_the_pending_question_again(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "รายงาน", "ประชุมแล้ว")
    stack.send(type="sticker")
    stack.run_worker()
    last = stack.texts()[-1]
    assert report_texts.NOT_READ in last
    assert "รับได้เฉพาะข้อความตัวอักษรและรูปภาพ" in last  # photos are taken now
    assert "อ่านได้เฉพาะข้อความตัวอักษร" not in last
    assert "กี่เปอร์เซ็นต์" in last


def test_second_confirm_tap_says_already_sent(stack: Stack) -> None:
    _officer(stack)
    _say(stack, f"รายงาน {CODE} ประชุมแล้ว ความก้าวหน้า 20% เบิกจ่าย 0 บาท เป็นไปตามแผน "
                "เป็นไปตามเป้าหมาย", "ข้าม", "ข้าม")
    out = _say(stack, "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 1" in out[-1]
    out = _say(stack, "ยืนยัน")
    assert "ส่งเรียบร้อยแล้ว" in out[-1]
    assert "ไม่ต้องยืนยันซ้ำ" in out[-1]
    assert len(_reports(stack)) == 1


def test_help_per_role(stack: Stack) -> None:
    _seed(stack)
    assert _say(stack, "ช่วยเหลือ") == [texts.HELP]
    _say(stack, f"ลงทะเบียน {_invite(stack)}")
    out = _say(stack, "ช่วยเหลือ")
    assert out == [texts.HELP_OFFICER]
    for word in ("แก้ไขรายงาน", "รายงานตัวชี้วัด", "ทำต่อ", "เตือนพรุ่งนี้", "ลา ถึง"):
        assert word in out[0]
    assert "ลงทะเบียน" not in out[0]
    _supervisor(stack)
    out = _say_as(stack, SUPERVISOR, "ช่วยเหลือค่ะ")
    assert out == [texts.HELP_SUPERVISOR]
    assert "• รายงาน " not in out[0]
    assert "ลงทะเบียน" not in out[0]
    assert "เตือนค้างส่ง" in out[0]


def test_follow_again_is_greeted_by_role(stack: Stack) -> None:
    _officer(stack)
    stack.send(type="unfollow")
    stack.send(type="follow")
    stack.run_worker()
    out = stack.texts()
    assert "ยินดีต้อนรับกลับมาค่ะ" in out[-2]
    assert "เจ้าหน้าที่ผู้รับผิดชอบโครงการ" in out[-2]
    assert out[-1] == texts.HELP_OFFICER


def test_nothing_is_stored_from_a_command(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "รายงาน", f"สถานะโครงการ {CODE}", "ทำต่อ", "ประชุมแล้ว", "30", "0",
         "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    with stack.services.sessions() as s:
        report = s.scalar(select(ProgressReport))
    assert report is not None
    assert report.detail == "ประชุมแล้ว"


@pytest.mark.parametrize(("said", "stored"), [
    ("สองแสนห้า", "250,000.00 บาท"), ("แสนห้า", "150,000.00 บาท"), ("ล้านห้า", "1,500,000.00 บาท"),
    ("สามหมื่นห้า", "35,000.00 บาท"), ("สองพันห้าบาทค่ะ", "2,500.00 บาท"),
])
def test_colloquial_money(stack: Stack, said: str, stored: str) -> None:
    _officer(stack)
    _say(stack, "รายงาน", "จัดซื้อครุภัณฑ์แล้ว", "30")
    out = _say(stack, said)
    if "ยืนยันค่านี้" in out[-1]:  # more than the budget received: confirm
        out = _say(stack, "ยืนยันค่านี้")
    _say(stack, "ตามแผน", "ตามเป้า")
    out = _say(stack, "ข้าม", "ข้าม")
    assert stored in out[-2]


def test_money_said_two_ways_is_asked(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "รายงาน", "จัดซื้อครุภัณฑ์แล้ว", "30")
    out = _say(stack, "ร้อยห้า")
    assert "105.00 บาท หรือ 150.00 บาท" in out[-1]
    out = _say(stack, "150")
    assert "เป็นไปตามแผนหรือไม่" in out[-1]


def test_picker_takes_a_typed_code_or_name(stack: Stack) -> None:
    _officer(stack, projects=(CODE, OTHER))
    out = _say(stack, "รายงาน")
    assert "ต้องการรายงานโครงการใด" in out[-1]
    out = _say(stack, OTHER)
    assert "คลองสวยน้ำใส" in out[-1]
    assert "ดำเนินการอะไรไปแล้ว" in out[-1]
    _say(stack, "ยกเลิก", "ขอส่งรายงานค่ะ")
    out = _say(stack, "บางนาพารู้ค่ะ")
    assert f"บางนาพารู้ ห้องสมุดเคลื่อนที่ ({CODE})" in out[-1]
    assert "ดำเนินการอะไรไปแล้ว" in out[-1]


def test_picker_stays_out_of_the_way_of_other_questions(stack: Stack) -> None:
    _officer(stack, projects=(CODE, OTHER))
    _say(stack, "รายงาน")
    out = _say(stack, "ค้างส่ง")
    assert report_texts.RESUME_NOTE not in out
    out = _say(stack, "ทำต่อ")
    assert "ต้องการรายงานโครงการใด" in out[-1]


@pytest.mark.parametrize("choice", ["ข้อ 2", "ความก้าวหน้า", "2", "แก้ความก้าวหน้าค่ะ"])
def test_edit_list_understands_numbers_and_names(stack: Stack, choice: str) -> None:
    _officer(stack)
    _say(stack, f"รายงาน {CODE} ประชุมแล้ว ความก้าวหน้า 20% เบิกจ่าย 0 บาท เป็นไปตามแผน "
                "เป็นไปตามเป้าหมาย", "ข้าม", "ข้าม")
    if not choice.startswith("แก้"):
        _say(stack, "แก้ไข")
    out = _say(stack, choice)
    assert "กี่เปอร์เซ็นต์" in out[-1]
    out = _say(stack, "25")
    assert "25.00 %" in out[-2]


# ----- the reporting period -------------------------------------------------------------

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 20 Nov 2026, 10:00 in Bangkok


def _at_now(stack: Stack) -> None:
    stack.router = build_router(stack.services, clock=lambda: NOW)


def _file(stack: Stack, first: str) -> list[str]:
    _say(stack, first)
    return _say(stack, "ประชุมแล้ว", "40", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")


def test_the_late_month_first_then_this_month_then_a_month_already_reported(
        stack: Stack) -> None:
    _at_now(stack)  # 20 Nov 2569: October (due 22 Oct, the 23rd a holiday) is late;
    # November is due on the 25th
    _officer(stack)
    out = _say(stack, "รายงาน")
    assert "รายงานประจำเดือน ต.ค. 2569 (เลยกำหนดส่ง 22 ต.ค. 2569)" in out[-1]
    out = _say(stack, "ประชุมแล้ว", "40", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม")
    assert "ประจำเดือน ต.ค. 2569" in out[-2]  # the summary names the month
    out = _say(stack, "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 1 ประจำเดือน ต.ค. 2569" in out[-1]
    assert "31 ต.ค. 2569" in out[-1]
    out = _say(stack, "รายงาน")
    assert "รายงานประจำเดือน พ.ย. 2569 (กำหนดส่ง 25 พ.ย. 2569)" in out[-1]
    out = _say(stack, "ประชุมแล้ว", "45", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 2 ประจำเดือน พ.ย. 2569" in out[-1]
    out = _say(stack, "รายงาน")
    assert "มีรายงานประจำเดือน พ.ย. 2569 แล้วค่ะ" in out[-1]
    items = stack.messages()[-1]["message"]["quickReply"]["items"]
    assert items[0]["action"]["text"] == f"แก้ไขรายงาน {CODE} เดือน พ.ย. 2569"
    assert items[0]["action"]["label"] == "แก้ไขรายงาน พ.ย.69"  # whole, within LINE's 20
    picker = items[-1]["action"]
    assert picker["type"] == "datetimepicker"
    assert picker["mode"] == "date"
    assert picker["max"] == "2026-11-20"
    stack.send(postback={"data": picker["data"], "params": {"date": "2026-10-15"}})
    stack.run_worker()
    assert "มีรายงานประจำเดือน ต.ค. 2569 แล้วค่ะ" in stack.texts()[-1]
    out = _say(stack, f"แก้ไขรายงาน {CODE} เดือน ต.ค. 2569")
    assert "แก้ไขรายงานครั้งที่ 1 ประจำเดือน ต.ค. 2569" in " ".join(out)
    assert sorted((r.period, r.report_date, r.number) for r in _reports(stack)) == [
        (date(2026, 10, 1), date(2026, 10, 31), 1), (date(2026, 11, 1), date(2026, 11, 20), 2)]


def test_officer_names_the_month_within_limits(stack: Stack) -> None:
    _at_now(stack)
    _officer(stack)
    out = _say(stack, "รายงานเดือน ธ.ค. 2569")
    assert "ยังรายงานล่วงหน้าของเดือน ธ.ค. 2569 ไม่ได้ค่ะ" in out[-1]
    out = _say(stack, "รายงานเดือน ส.ค. 2569")
    assert "จึงรายงานของเดือน ส.ค. 2569 ไม่ได้" in out[-1]
    out = _file(stack, "รายงานเดือน ต.ค. 2569 ค่ะ")
    assert "ประจำเดือน ต.ค. 2569" in out[-1]
    assert "31 ต.ค. 2569" in out[-1]


def test_finished_project_refuses_new_reports_politely(stack: Stack) -> None:
    _at_now(stack)
    _officer(stack)
    with stack.services.sessions.begin() as s:
        project = s.scalar(select(Project).where(Project.code == CODE))
        assert project is not None
        project.end_date = date(2026, 10, 31)
        s.add(ProgressReport(project_id=project.id, number=1, report_date=date(2026, 10, 30),
                             detail="แล้วเสร็จ", progress_percent=Decimal(100),
                             budget_disbursed=Decimal(0), on_plan=True, on_target=True,
                             source=Source.IMPORT))
    out = _say(stack, "ส่งรายงานค่ะ")
    assert "ดำเนินการครบ 100 % และสิ้นสุดเมื่อ 31 ต.ค. 2569 แล้ว" in out[-1]
    assert len(_reports(stack)) == 1


def test_loading_animation_while_a_chart_is_made(stack: Stack) -> None:
    _officer(stack)
    _say(stack, f"ขอดูกราฟ {CODE} หน่อยค่ะ")
    paths = [c["path"] for c in stack.calls()]
    assert "/v2/bot/chat/loading/start" in paths
    assert paths.index("/v2/bot/chat/loading/start") < len(paths) - 1
    assert stack.messages()[-1]["message"]["type"] == "image"
    _say(stack, f"สถานะ {CODE}")
    assert [c["path"] for c in stack.calls()].count("/v2/bot/chat/loading/start") == 1


def test_supervisor_sees_an_indicator(stack: Stack) -> None:
    _seed(stack)
    with stack.services.sessions.begin() as s:
        agency = s.scalar(select(Agency).where(Agency.code == "50470000"))
        assert agency is not None
        indicator = Indicator(agency_id=agency.id, fiscal_year=2570, number="08",
                              name="ร้อยละของชุมชนที่ได้รับการพัฒนา", target_value=Decimal(80),
                              target_unit="ร้อยละ")
        s.add(indicator)
        s.flush()
        s.add(IndicatorQuarterReport(indicator_id=indicator.id, quarter=1,
                                     narrative="อบรมแกนนำชุมชน 3 ชุมชน"))
    _supervisor(stack)
    out = _say_as(stack, SUPERVISOR, "สถานะตัวชี้วัด 08")
    assert "ตัวชี้วัดที่ 08 ร้อยละของชุมชนที่ได้รับการพัฒนา" in out[-1]
    assert "ไตรมาส 1 (ต.ค.–ธ.ค.): อบรมแกนนำชุมชน 3 ชุมชน" in out[-1]
    assert "ไตรมาส 2 (ม.ค.–มี.ค.): ยังไม่ถึงกำหนด (กำหนดส่ง 12 เม.ย. 2570)" in out[-1]
    out = _say_as(stack, SUPERVISOR, "ขอดูตัวชี้วัด 8 หน่อยค่ะ")
    assert "ตัวชี้วัดที่ 08" in out[-1]


# ----- rich menus -----------------------------------------------------------------------

def _menu_of(stack: Stack, user: str) -> dict[str, Any] | None:
    resp = requests.get(f"{stack.emulator_url}/_emulator/richmenu", params={"userId": user},
                        timeout=10)
    menu: dict[str, Any] | None = resp.json()["menu"]
    return menu


def test_rich_menu_per_role_created_once_and_linked_when_the_role_changes(stack: Stack) -> None:
    ctx = stack.context()
    ids = ensure_menus(ctx.gateway, stack.services.redis)
    assert set(ids) == {"guest", "officer", "supervisor", "admin"}
    assert ensure_menus(ctx.gateway, stack.services.redis) == ids, "created once"
    creates = [c for c in stack.calls() if c["path"] == "/v2/bot/richmenu"]
    assert len(creates) == 4
    guest = _menu_of(stack, USER)
    assert guest is not None
    assert guest["name"] == f"tidtam-guest-v{VERSION}"
    _officer(stack)
    menu = _menu_of(stack, USER)
    assert menu is not None
    assert menu["name"] == f"tidtam-officer-v{VERSION}"
    assert [a["action"]["text"] for a in menu["areas"]][:3] == ["รายงาน", "แก้ไขรายงาน", "ทำต่อ"]
    _supervisor(stack)
    sup = _menu_of(stack, SUPERVISOR)
    assert sup is not None
    assert sup["name"] == f"tidtam-supervisor-v{VERSION}"
    assert "รายงาน" not in [a["action"]["text"] for a in sup["areas"]]
    stack.send(type="unfollow")
    stack.send(type="follow")
    stack.run_worker()
    links = [c["path"] for c in stack.calls() if c["path"].startswith(f"/v2/bot/user/{USER}/")]
    assert links == [f"/v2/bot/user/{USER}/richmenu/{ids['officer']}"] * 2


def test_future_month_is_refused_before_the_picker(stack: Stack) -> None:
    _at_now(stack)
    _officer(stack, projects=(CODE, OTHER))
    out = _say(stack, "รายงานเดือน ธ.ค. 2569")
    assert out == ["ยังรายงานล่วงหน้าของเดือน ธ.ค. 2569 ไม่ได้ค่ะ รายงานได้ถึงเดือน พ.ย. 2569 นะคะ"]


def test_a_bare_project_name_asks_did_you_mean_its_status(stack: Stack) -> None:
    _officer(stack)
    out = _say(stack, "บางนาพารู้ค่ะ")
    assert out == ["หมายถึง “สถานะ บางนาพารู้” ใช่ไหมคะ"]
    item = stack.messages()[-1]["message"]["quickReply"]["items"][0]["action"]
    out = _say(stack, item["text"])
    assert CODE in out[-1]
    assert _say(stack, "ไม่รู้จักชื่อนี้เลย") == [texts.NOT_UNDERSTOOD]  # short, not the whole help
    assert stack.messages()[-1]["message"]["quickReply"]["items"][0]["action"]["text"] == "รายงาน"


def test_cancel_closes_the_picker(stack: Stack) -> None:
    _officer(stack, projects=(CODE, OTHER))
    _say(stack, "รายงาน")
    out = _say(stack, "ยกเลิก")
    assert "ยกเลิกแบบร่างรายงานแล้วค่ะ" in out[-1]
    out = _say(stack, OTHER)
    assert "สถานะโครงการ" in out[-1], "the picker is closed: a code asks for status again"


def test_sticker_without_a_draft_gets_the_roles_help(stack: Stack) -> None:
    _officer(stack)
    stack.send(type="sticker")
    stack.run_worker()
    assert stack.texts()[-1] == (
        f"{texts.NOT_READ}\n\n{texts.NOT_UNDERSTOOD.removeprefix(texts.NOT_UNDERSTOOD_HEAD)}")
    assert stack.texts()[-1].startswith(
        "ขออภัยค่ะ «ติดตาม» รับได้เฉพาะข้อความตัวอักษรและรูปภาพ (สติกเกอร์")


def test_a_photo_from_someone_who_files_no_report_says_whose_photos_are_taken(
        stack: Stack) -> None:
    stranger = "U" + "7" * 32
    stack.send(type="image", userId=stranger)
    stack.send(type="sticker", userId=stranger)
    stack.run_worker()
    photo, sticker = stack.texts(stranger)
    assert photo.startswith(texts.PHOTO_FOR_REPORTS)
    assert "รับรูปภาพเป็นหลักฐานประกอบรายงาน" in photo
    assert sticker.startswith(texts.NOT_READ)
    assert "ลงทะเบียน" in photo  # then the guest's own help
    for said in (photo, sticker):
        assert "อ่านได้เฉพาะข้อความตัวอักษร" not in said


def test_a_typed_yes_to_did_you_mean_does_what_was_suggested(stack: Stack) -> None:
    _officer(stack)
    _say(stack, "สรูป")
    assert stack.messages()[-1]["message"]["text"] == "หมายถึง “สรุป” ใช่ไหมคะ"
    out = _say(stack, "ใช่ครับ")
    assert out
    assert out[-1].startswith("สรุปภาพรวมโครงการ")
    assert out != _say(stack, "ใช่ครับ")  # the offer is used once; a second "ใช่" is not it
