"""Status, history, chart, PDF, overdue and digest, asked through signed webhooks."""

from __future__ import annotations

import json
import struct
from datetime import date
from typing import cast

import pytest
import requests

from runtime import media_store as media
from storage.models import Agency, ProgressReport, Project
from tests.sample import ADMIN, CODE, OFFICER, SUP_BN, SUP_TK, report_row, seed
from tests.stack import USER, Stack, quick
from workers.dependencies import build_router


@pytest.mark.parametrize("query", ["๕๐๔๗๐๐๐๐-๓๔๓๐", "ดูสถานะ ห้องสมุดเคลื่อนที่ ครับ"])
def test_a_code_or_a_name_gets_the_bubble(bot: Stack, query: str) -> None:
    """Every spelling is in the parser's table (test_status_views); here one of each kind."""
    [msg] = bot.ask(query, user=SUP_BN)
    assert msg["type"] == "flex"
    assert msg["altText"].startswith(f"สถานะโครงการ {CODE}")
    buttons = [b["action"]["text"] for b in msg["contents"]["footer"]["contents"]]
    assert buttons == [f"ประวัติ {CODE}", f"กราฟ {CODE}", f"PDF {CODE}"]
    assert quick(msg) == []  # offered once, as the card's buttons


def test_status_bubble_and_its_complete_text_fallback(bot: Stack) -> None:
    [msg] = bot.ask(f"สถานะ {CODE}", user=SUP_BN)
    alt = msg["altText"]
    for part in ("บางนาพารู้ ห้องสมุดเคลื่อนที่สู่ชุมชน", "สำนักงานเขตบางนา",
                 "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม", "ปีงบประมาณ: 2570",
                 "ครั้งที่ 2 · รายงานเดือน พ.ย. 2569 · ส่งเมื่อ 18 พ.ย. 2569 (4 วันที่แล้ว)", "25.50 %",
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


def test_missing_months_are_flagged_once_their_due_date_passed(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ 50490000-3572", user=ADMIN)  # 22 Nov: November is due on the 25th
    assert ("เดือนที่ยังไม่มีรายงาน: ไม่มีค้างส่ง · รอบ พ.ย. 2569 กำหนดส่ง 25 พ.ย. 2569"
            in msg["altText"])
    assert "ไม่เป็นไปตามแผน" in msg["altText"]
    [msg] = bot.ask("สถานะ 50470000-3431", user=ADMIN)
    assert "รายงานล่าสุด: ยังไม่มีรายงาน" in msg["altText"]
    assert "เดือนที่ยังไม่มีรายงาน: ต.ค. 2569 (เลยกำหนดส่งแล้ว)" in msg["altText"]
    from handlers.router import Router
    from handlers.status import status_commands
    from workers.dependencies import handler_deps

    bot.router = Router(commands=status_commands(handler_deps(bot.services),
                                                 lambda: date(2026, 11, 27)))
    [msg] = bot.ask("สถานะ 50490000-3572", user=ADMIN)
    assert "เดือนที่ยังไม่มีรายงาน: พ.ย. 2569 (เลยกำหนดส่งแล้ว)" in msg["altText"]
    [msg] = bot.ask("สถานะ 50470000-3431", user=ADMIN)
    assert "เดือนที่ยังไม่มีรายงาน: ต.ค. 2569, พ.ย. 2569 (เลยกำหนดส่งแล้ว)" in msg["altText"]


def test_several_name_matches_offer_a_choice(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ co-working", user=ADMIN)
    assert msg["type"] == "text"
    assert "พบ 2 โครงการ" in msg["text"]
    assert quick(msg) == ["สถานะ 50490000-3572", "สถานะ 50490000-3573"]
    [picked] = bot.ask(quick(msg)[1], user=ADMIN)
    assert picked["type"] == "flex"
    assert "50490000-3573" in picked["altText"]


def test_many_matches_are_paged_with_thirteen_quick_replies_at_most(bot: Stack) -> None:
    with bot.services.sessions.begin() as s:
        agency = s.query(Agency).filter_by(code="50490000").one()
        s.add_all([Project(code=f"50490000-{n:04d}", agency_id=agency.id, fiscal_year=2570,
                           name=f"สวนสาธารณะเล็ก {n}") for n in range(100, 130)])
    [msg] = bot.ask("สถานะ สวนสาธารณะ", user=ADMIN)
    items = quick(msg)
    assert len(items) == 13
    assert items[-1] == "สถานะ สวนสาธารณะ หน้า 2"
    assert "(หน้า 1/3)" in msg["text"]
    [last] = bot.ask("สถานะ สวนสาธารณะ หน้า 3", user=ADMIN)
    assert len(quick(last)) == 6
    assert "(หน้า 3/3)" in last["text"]


def test_unknown_name_gets_closest_suggestions(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ ห้องสมุดเคลือนที", user=ADMIN)
    assert "ไม่พบ" in msg["text"]
    assert "ใกล้เคียง" in msg["text"]
    assert quick(msg)[0] == f"สถานะ {CODE}"
    [msg] = bot.ask("สถานะ 50470000-3439", user=ADMIN)
    assert "ไม่พบโครงการรหัส 50470000-3439" in msg["text"]
    assert f"สถานะ {CODE}" in quick(msg)
    [msg] = bot.ask("สถานะ ซซซซซซซซ", user=ADMIN)
    assert "ไม่พบ" in msg["text"]
    assert quick(msg) == []


def test_bare_verb_from_someone_with_one_project_answers_about_it(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ", user=OFFICER)  # the officer's only project: no code needed
    assert msg["type"] == "flex"
    assert msg["altText"].startswith(f"สถานะโครงการ {CODE}")


def test_history_newest_first(bot: Stack) -> None:
    [msg] = bot.ask(f"ประวัติ {CODE}", user=OFFICER)
    text = msg["text"]
    assert "ทั้งหมด 2 ครั้ง" in text
    assert text.index("รายงานครั้งที่ 2 · ประจำเดือน พ.ย. 2569 · ส่งเมื่อ 18 พ.ย. 2569") < text.index(
        "รายงานครั้งที่ 1 · ประจำเดือน ต.ค. 2569 · ส่งเมื่อ 25 ต.ค. 2569")
    assert "1. ประชุมชุมชน" in text
    assert quick(msg) == [f"สถานะ {CODE}", f"กราฟ {CODE}"]


def test_long_history_is_split_and_counts_what_was_left_out(bot: Stack) -> None:
    with bot.services.sessions.begin() as s:
        project = s.query(Project).filter_by(code="50470000-3431").one()
        s.add_all([report_row(project, n, date(2020, 1, 1 + n % 28), "50") for n in range(1, 41)])
        for r in s.query(ProgressReport).filter_by(project_id=project.id):
            r.detail = "ก" * 1400
    msgs = bot.ask("ประวัติ 50470000-3431", user=ADMIN)
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
    bot.services.settings = bot.services.settings.model_copy(update={"media_ttl_seconds": 3600})
    [msg] = bot.ask(f"กราฟ {CODE}", user=OFFICER)
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
    gone = requests.get(wrong, timeout=10)
    assert gone.status_code == 404
    assert "ลิงก์นี้หมดอายุแล้วหรือไม่มีอยู่ค่ะ" in gone.text
    assert "Not Found" not in gone.text
    assert requests.get(url.replace(".png", ".pdf"), timeout=10).status_code == 404
    # It lives for the configured time; that Redis then drops it and the URL answers 404 is
    # test_charts.py::test_media_is_served_until_it_expires (its lifetime runs out).
    assert 3000 < int(cast(int, bot.services.redis.ttl(media.PREFIX + token))) <= 3600


def test_pdf_link_for_supervisors_and_the_responsible_officer(bot: Stack) -> None:
    [msg] = bot.ask(f"PDF {CODE}", user=SUP_BN)
    text = msg["text"]
    assert "ลิงก์นี้ใช้ได้ถึง" in text
    url = text.rsplit("\n", 1)[1]
    assert url.startswith(f"{bot.bot_url}/media/")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert quick(msg) == [f"สถานะ {CODE}"]
    [msg] = bot.ask(f"pdf {CODE}", user=OFFICER)  # the officer prints and signs their own form
    assert "/media/" in msg["text"]
    [msg] = bot.ask(f"PDF {CODE}", user=SUP_TK)  # a supervisor of another agency may not
    assert "/media/" not in msg["text"]
    assert f"ไม่พบโครงการรหัส {CODE}" in msg["text"]


def test_overdue_lists_active_projects_with_months_past_due(bot: Stack) -> None:
    [msg] = bot.ask("ค้างส่ง", user=ADMIN)
    text = msg["text"]
    assert "(เลยกำหนดส่งแล้ว): 2 จาก 4 โครงการ รวม 2 เดือน" in text
    assert "50490000-3573 พื้นที่ co-working สำหรับเยาวชน\n  ค้าง ต.ค. 2569 (ล่าสุด: เดือน " \
        "พ.ย. 2569)" in text
    assert "50470000-3431" in text
    assert "ยังไม่เคยรายงาน" in text
    assert "รอบ พ.ย. 2569 ยังไม่ถึงกำหนดส่ง: ยังไม่ได้ส่ง 2 โครงการ" in text
    assert "• 50490000-3572" not in text  # November is not due until the 25th: not late
    assert "  - 50490000-3572 " in text  # but named, so whom to ask is known
    assert CODE not in text
    assert "50470000-0001" not in text
    [msg] = bot.ask("ค้างส่ง", user=SUP_BN)
    assert "1 จาก 2 โครงการ" in msg["text"]
    [msg] = bot.ask("ค้างส่ง", user=OFFICER)
    assert "เรียบร้อยค่ะ" in msg["text"]


def test_digest_counts_and_most_behind(bot: Stack) -> None:
    [msg] = bot.ask("สรุป", user=ADMIN)
    text = msg["text"]
    for part in ("โครงการที่กำลังดำเนินการ: 4", "รายงานล่าสุดเป็นไปตามแผน: 2",
                 "รายงานล่าสุดไม่เป็นไปตามแผน: 1", "ค้างส่งรายงาน (เลยกำหนดส่งแล้ว): 2",
                 "ยังไม่เคยรายงานเลย: 1",
                 "ความก้าวหน้าเฉลี่ย 20.17 % (จาก 3 โครงการที่มีรายงาน)"):
        assert part in text, part
    # plan on 22 Nov 2026 is 53/365 = 14.52 %: 3431 (0 %) then 3572 (5 %) are behind.
    assert "1. 50470000-3431" in text
    assert "2. 50490000-3572" in text
    assert "ต่ำกว่าแผนแบบเส้นตรง 14.52 จุด" in text
    assert "• ล่าช้ากว่าแผน: 2" in text
    assert "3. " not in text
    assert quick(msg)[:2] == ["ค้างส่ง", "สถานะ 50470000-3431"]


def test_registered_through_the_real_wiring(stack: Stack) -> None:
    seed(stack.services.sessions)
    stack.router = build_router(stack.services)
    [msg] = stack.ask(f"สถานะ {CODE}", user=SUP_BN)
    assert msg["type"] == "flex"
    [msg] = stack.ask("สถานะ 50470000-3430", user=USER)
    assert "ลงทะเบียน" in msg["text"]


def test_a_finished_project_says_closed_and_owes_no_month(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ 50470000-0001", user=ADMIN)  # 100 % in Jan 2566, ended Sep 2566
    assert "สถานะโครงการ: ปิดโครงการแล้ว" in msg["altText"]
    assert "เดือนที่ยังไม่มีรายงาน" not in msg["altText"]
