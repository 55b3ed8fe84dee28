"""Status, history, chart, PDF, overdue and digest, asked through signed webhooks."""

from __future__ import annotations

import json
import struct
import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import requests
from sqlalchemy.orm import Session, sessionmaker

from handlers.router import Router
from handlers.status import status_commands
from storage.enums import Role, Source
from storage.models import Agency, Assignment, LineUser, ProgressReport, Project, Unit
from tests.stack import USER, Stack
from workers.wiring import build_router, handler_deps

TODAY = date(2026, 11, 22)  # FY 2570, reporting period พ.ย. 2569
ADMIN, SUP_BN, SUP_TK, OFFICER, NO_ROLE = (f"U{c * 32}" for c in "bcdef")
CODE = "50470000-3430"


def _report(project: Project, n: int, day: date, pct: str, on_plan: bool = True,
            paid: str = "0") -> ProgressReport:
    return ProgressReport(project_id=project.id, number=n, report_date=day,
                          detail=f"ดำเนินการครั้งที่ {n}\n1. ประชุมชุมชน", on_plan=on_plan,
                          progress_percent=Decimal(pct), budget_disbursed=Decimal(paid),
                          on_target=True, source=Source.IMPORT)


def seed(sessions: sessionmaker[Session]) -> None:
    """Two districts, five projects (one old), reports, and users of every role."""
    with sessions.begin() as s:
        bn = Agency(code="50470000", name="สำนักงานเขตบางนา")
        tk = Agency(code="50490000", name="สำนักงานเขตทุ่งครุ")
        s.add_all([bn, tk])
        s.flush()
        unit = Unit(agency_id=bn.id, path="สำนักงานเขตบางนา / ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม")
        s.add(unit)
        s.flush()
        specs = [
            (CODE, bn, "บางนาพารู้ ห้องสมุดเคลื่อนที่สู่ชุมชน", 2570, "500000"),
            ("50470000-3431", bn, "คลองสวยน้ำใส บางนา", 2570, "0"),
            ("50470000-0001", bn, "ปรับปรุงทางเท้า (โครงการเก่า)", 2566, "0"),
            ("50490000-3572", tk, "เพิ่มฟังก์ชันให้ห้องสมุดเป็น Co-working Space", 2570, "0"),
            ("50490000-3573", tk, "พื้นที่ co-working สำหรับเยาวชน", 2570, "0"),
        ]
        p: dict[str, Project] = {}
        for code, agency, name, fy, budget in specs:
            p[code] = Project(code=code, agency_id=agency.id, name=name, fiscal_year=fy,
                              unit_id=unit.id if agency is bn else None,
                              budget_received=Decimal(budget), source=Source.IMPORT,
                              responsible_name="นางสาวสมศรี พรหมรัตน์",
                              responsible_phone="0 2246 5752",
                              end_date=date(fy - 543, 9, 30))
        s.add_all(p.values())
        s.flush()
        s.add_all([
            _report(p[CODE], 1, date(2026, 10, 25), "10", paid="20000"),
            _report(p[CODE], 2, date(2026, 11, 18), "25.50", paid="30000"),
            _report(p["50470000-0001"], 1, date(2023, 1, 31), "100"),
            _report(p["50490000-3572"], 1, date(2026, 10, 20), "5", on_plan=False),
            _report(p["50490000-3573"], 1, date(2026, 11, 10), "30"),
        ])
        s.add_all([LineUser(line_user_id=ADMIN, role=Role.ADMIN),
                   LineUser(line_user_id=SUP_BN, role=Role.SUPERVISOR),
                   LineUser(line_user_id=SUP_TK, role=Role.SUPERVISOR),
                   LineUser(line_user_id=OFFICER, role=Role.OFFICER),
                   LineUser(line_user_id=NO_ROLE, role=None)])
        s.flush()
        s.add_all([
            Assignment(line_user_id=SUP_BN, role=Role.SUPERVISOR, agency_id=bn.id),
            Assignment(line_user_id=SUP_TK, role=Role.SUPERVISOR, agency_id=tk.id),
            Assignment(line_user_id=OFFICER, role=Role.OFFICER, project_id=p[CODE].id),
        ])


@pytest.fixture
def bot(stack: Stack) -> Stack:
    """The stack with the fixture data, the status commands on a fixed date, media served."""
    seed(stack.services.sessions)
    stack.services.settings = stack.settings.model_copy(
        update={"public_base_url": stack.bot_url})
    stack.router = Router(commands=status_commands(handler_deps(stack.services), lambda: TODAY))
    return stack


def ask(stack: Stack, user: str, *texts: str) -> list[dict[str, Any]]:
    """Send texts as user, run the worker, return the new messages delivered to user."""
    before = len(stack.messages(user))
    for t in texts:
        assert stack.send(text=t, userId=user)["status"] == 200
    stack.run_worker()
    return [m["message"] for m in stack.messages(user)[before:]]


def body(message: dict[str, Any]) -> str:
    """The text of a text message, or the altText of a Flex message."""
    return str(message.get("text") or message.get("altText") or "")


def quick(message: dict[str, Any]) -> list[str]:
    """The texts the quick-reply items send."""
    return [i["action"]["text"] for i in (message.get("quickReply") or {}).get("items", [])]


@pytest.mark.parametrize("query", [
    f"สถานะโครงการ {CODE}", f"สถานะ {CODE}", CODE, "๕๐๔๗๐๐๐๐-๓๔๓๐", " 5047 0000 - 3430 ",
    "504700003430", f"สถานะ{CODE}", "สถานะ บางนาพารู้", "ดูสถานะ ห้องสมุดเคลื่อนที่ ครับ",
])
def test_every_form_of_status_query_gets_the_bubble(bot: Stack, query: str) -> None:
    [msg] = ask(bot, SUP_BN, query)
    assert msg["type"] == "flex"
    assert msg["altText"].startswith(f"สถานะโครงการ {CODE}")
    assert quick(msg) == [f"ประวัติ {CODE}", f"กราฟ {CODE}", f"PDF {CODE}"]


def test_status_bubble_and_its_complete_text_fallback(bot: Stack) -> None:
    [msg] = ask(bot, SUP_BN, f"สถานะ {CODE}")
    alt = msg["altText"]
    for part in ("บางนาพารู้ ห้องสมุดเคลื่อนที่สู่ชุมชน", "สำนักงานเขตบางนา",
                 "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม", "ปีงบประมาณ: 2570",
                 "ครั้งที่ 2 · 18 พ.ย. 2569 (4 วันที่แล้ว)", "25.50 %",
                 "เบิกจ่ายแล้ว 50,000.00 จาก 500,000.00 บาท (10.00 %)", "เป็นไปตามแผน",
                 "เป็นไปตามเป้าหมาย", "ส่งครบทุกเดือนแล้ว", "0 2246 5752"):
        assert part in alt, part
    assert len(alt) <= 1500
    bubble = msg["contents"]
    assert bubble["type"] == "bubble"
    assert {"header", "body", "footer"} <= set(bubble)
    assert len(json.dumps(bubble, ensure_ascii=False).encode()) < 30_000
    track = next(c for c in json.loads(json.dumps(bubble["body"]))["contents"]
                 if c["type"] == "box" and c.get("margin") == "md")["contents"][1]
    assert track["contents"][0]["width"] == "25.50%"
    assert [c["status"] for c in bot.calls()] == [200]


def test_missing_months_are_flagged(bot: Stack) -> None:
    [msg] = ask(bot, ADMIN, "สถานะ 50490000-3572")
    assert "เดือนที่ยังไม่มีรายงาน: พ.ย. 2569" in msg["altText"]
    assert "ไม่เป็นไปตามแผน" in msg["altText"]
    [msg] = ask(bot, ADMIN, "สถานะ 50470000-3431")
    assert "ยังไม่มีรายงาน" in msg["altText"]
    assert "ต.ค. 2569, พ.ย. 2569" in msg["altText"]


def test_several_name_matches_offer_a_choice(bot: Stack) -> None:
    [msg] = ask(bot, ADMIN, "สถานะ co-working")
    assert msg["type"] == "text"
    assert "พบ 2 โครงการ" in msg["text"]
    assert quick(msg) == ["สถานะ 50490000-3572", "สถานะ 50490000-3573"]
    [picked] = ask(bot, ADMIN, quick(msg)[1])
    assert picked["type"] == "flex"
    assert "50490000-3573" in picked["altText"]


def test_many_matches_are_paged_with_thirteen_quick_replies_at_most(bot: Stack) -> None:
    with bot.services.sessions.begin() as s:
        agency = s.query(Agency).filter_by(code="50490000").one()
        s.add_all([Project(code=f"50490000-{n:04d}", agency_id=agency.id, fiscal_year=2570,
                           name=f"สวนสาธารณะเล็ก {n}") for n in range(100, 130)])
    [msg] = ask(bot, ADMIN, "สถานะ สวนสาธารณะ")
    items = quick(msg)
    assert len(items) == 13
    assert items[-1] == "สถานะ สวนสาธารณะ หน้า 2"
    assert "(หน้า 1/3)" in msg["text"]
    [last] = ask(bot, ADMIN, "สถานะ สวนสาธารณะ หน้า 3")
    assert len(quick(last)) == 6
    assert "(หน้า 3/3)" in last["text"]


def test_unknown_name_gets_closest_suggestions(bot: Stack) -> None:
    [msg] = ask(bot, ADMIN, "สถานะ ห้องสมุดเคลือนที")
    assert "ไม่พบ" in msg["text"]
    assert "ใกล้เคียง" in msg["text"]
    assert quick(msg)[0] == f"สถานะ {CODE}"
    [msg] = ask(bot, ADMIN, "สถานะ 50470000-3439")
    assert "ไม่พบโครงการรหัส 50470000-3439" in msg["text"]
    assert f"สถานะ {CODE}" in quick(msg)
    [msg] = ask(bot, ADMIN, "สถานะ ซซซซซซซซ")
    assert "ไม่พบ" in msg["text"]
    assert quick(msg) == []


def test_bare_verb_asks_which_project(bot: Stack) -> None:
    [msg] = ask(bot, OFFICER, "สถานะ")
    assert "ตามด้วยรหัสโครงการ" in msg["text"]
    assert quick(msg) == [f"สถานะ {CODE}"]


def test_history_newest_first(bot: Stack) -> None:
    [msg] = ask(bot, OFFICER, f"ประวัติ {CODE}")
    text = msg["text"]
    assert "ทั้งหมด 2 ครั้ง" in text
    assert text.index("รายงานครั้งที่ 2 · 18 พ.ย. 2569") < text.index(
        "รายงานครั้งที่ 1 · 25 ต.ค. 2569")
    assert "1. ประชุมชุมชน" in text
    assert quick(msg) == [f"สถานะ {CODE}", f"กราฟ {CODE}"]


def test_long_history_is_split_and_counts_what_was_left_out(bot: Stack) -> None:
    with bot.services.sessions.begin() as s:
        project = s.query(Project).filter_by(code="50470000-3431").one()
        s.add_all([_report(project, n, date(2020, 1, 1 + n % 28), "50") for n in range(1, 41)])
        for r in s.query(ProgressReport).filter_by(project_id=project.id):
            r.detail = "ก" * 1400
    msgs = ask(bot, ADMIN, "ประวัติ 50470000-3431")
    assert len(msgs) == 5
    assert all(len(m["text"]) <= 5000 for m in msgs)
    shown = sum(m["text"].count("📌 รายงานครั้งที่") for m in msgs)
    assert f"อีก {40 - shown} ครั้ง" in msgs[-1]["text"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_chart_is_a_png_served_at_an_expiring_url(bot: Stack) -> None:
    bot.services.settings = bot.services.settings.model_copy(update={"media_ttl_seconds": 3})
    [msg] = ask(bot, OFFICER, f"กราฟ {CODE}")
    assert msg["type"] == "image"
    url = msg["originalContentUrl"]
    assert url == msg["previewImageUrl"]
    assert url.startswith(f"{bot.bot_url}/media/")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "image/png"
    assert _png_size(resp.content) == (1040, 720)
    token = url.rsplit("/", 1)[1].split(".")[0]
    wrong = url.replace(token, token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"))
    assert requests.get(wrong, timeout=10).status_code == 404
    assert requests.get(url.replace(".png", ".pdf"), timeout=10).status_code == 404
    time.sleep(3.2)
    assert requests.get(url, timeout=10).status_code == 404


def test_pdf_link_for_supervisors_and_the_responsible_officer(bot: Stack) -> None:
    [msg] = ask(bot, SUP_BN, f"PDF {CODE}")
    text = msg["text"]
    assert "ลิงก์นี้ใช้ได้ถึง" in text
    url = text.rsplit("\n", 1)[1]
    assert url.startswith(f"{bot.bot_url}/media/")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert quick(msg) == [f"สถานะ {CODE}"]
    [msg] = ask(bot, OFFICER, f"pdf {CODE}")  # the officer prints and signs their own form
    assert "/media/" in msg["text"]
    [msg] = ask(bot, SUP_TK, f"PDF {CODE}")  # a supervisor of another agency may not
    assert "/media/" not in msg["text"]
    assert "ไม่มีสิทธิ์" in msg["text"]


def test_overdue_lists_active_projects_without_a_report_this_month(bot: Stack) -> None:
    [msg] = ask(bot, ADMIN, "ค้างส่ง")
    text = msg["text"]
    assert "รอบ พ.ย. 2569: 2 จาก 4 โครงการ" in text
    assert "50490000-3572" in text
    assert "ล่าสุด 20 ต.ค. 2569" in text
    assert "50470000-3431" in text
    assert "ยังไม่เคยรายงาน" in text
    assert CODE not in text
    assert "50470000-0001" not in text
    [msg] = ask(bot, SUP_BN, "ค้างส่ง")
    assert "1 จาก 2 โครงการ" in msg["text"]
    [msg] = ask(bot, OFFICER, "ค้างส่ง")
    assert "เยี่ยมมากค่ะ" in msg["text"]


def test_digest_counts_and_most_behind(bot: Stack) -> None:
    [msg] = ask(bot, ADMIN, "สรุป")
    text = msg["text"]
    for part in ("โครงการที่กำลังดำเนินการ: 4", "เป็นไปตามแผน: 2", "ไม่เป็นไปตามแผน: 1",
                 "ยังไม่ส่งรายงานรอบ พ.ย. 2569: 1", "ยังไม่เคยรายงานเลย: 1",
                 "ความก้าวหน้าเฉลี่ย 20.17 % (จาก 3 โครงการที่มีรายงาน)"):
        assert part in text, part
    # plan on 22 Nov 2026 is 53/365 = 14.52 %: 3431 (0 %) then 3572 (5 %) are behind.
    assert "1. 50470000-3431" in text
    assert "2. 50490000-3572" in text
    assert "ช้ากว่าแผน 14.52 %" in text
    assert "3. " not in text
    assert quick(msg)[:2] == ["ค้างส่ง", "สถานะ 50470000-3431"]


def test_registered_through_the_real_wiring(stack: Stack) -> None:
    seed(stack.services.sessions)
    stack.router = build_router(stack.services)
    [msg] = ask(stack, SUP_BN, f"สถานะ {CODE}")
    assert msg["type"] == "flex"
    [msg] = ask(stack, USER, "สถานะ 50470000-3430")
    assert "ลงทะเบียน" in msg["text"]
