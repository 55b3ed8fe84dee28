"""The status answers tell the whole truth: marks, corrections, obstacles, wording."""

from __future__ import annotations

from sqlalchemy import select

from core.display import project_named
from handlers import report_texts
from handlers.status_views import plan_mark
from storage.models import ProgressReport, Project
from tests.sample import CODE, SUP_BN
from tests.stack import Stack, body, quick


def test_the_mark_says_all_is_well_only_when_it_is() -> None:
    assert plan_mark(True, True).startswith("✅")
    for on_plan, on_target, says in ((True, False, "ไม่เป็นไปตามเป้าหมาย"),
                                     (False, True, "ไม่เป็นไปตามแผน"),
                                     (False, False, "ไม่เป็นไปตามแผน · ไม่เป็นไปตามเป้าหมาย")):
        mark = plan_mark(on_plan, on_target)
        assert mark.startswith("⚠️")
        assert "✅" not in mark
        assert says in mark


def test_project_word_is_not_doubled() -> None:
    assert project_named("โครงการปรับปรุงทางเท้า") == "โครงการปรับปรุงทางเท้า"
    assert project_named("ปรับปรุงทางเท้า") == "โครงการ ปรับปรุงทางเท้า"
    assert "โครงการ โครงการ" not in report_texts.intro("โครงการปรับปรุง (X)", False, False)
    assert "โครงการ โครงการ" not in report_texts.receipt(
        "โครงการปรับปรุง", "X", 1, 1, "ต.ค. 2569", "1 ต.ค. 2569", "1 %", "0")


def _correct_latest(bot: Stack) -> None:
    """Make report 2 of CODE a corrected one, off target, with obstacles."""
    with bot.services.sessions.begin() as s:
        pid = s.scalar(select(Project.id).where(Project.code == CODE))
        report = s.scalar(select(ProgressReport).where(ProgressReport.project_id == pid,
                                                       ProgressReport.number == 2))
        assert report is not None
        report.revision, report.on_target = 2, False
        report.obstacles = "ฝนตกหนัก ผู้เข้าร่วมน้อยกว่าที่คาด"


def test_history_marks_corrections_warnings_and_obstacles(bot: Stack) -> None:
    _correct_latest(bot)
    [msg] = bot.ask(f"ประวัติ {CODE}", user=SUP_BN)
    text = body(msg)
    assert "รายงานครั้งที่ 2 (ฉบับแก้ไขที่ 1)" in text
    assert "⚠️ เป็นไปตามแผน · ไม่เป็นไปตามเป้าหมาย" in text
    assert "ปัญหา/อุปสรรค: ฝนตกหนัก ผู้เข้าร่วมน้อยกว่าที่คาด" in text
    assert "รายงานครั้งที่ 1 ·" in text  # the uncorrected one is not marked
    assert "✅ เป็นไปตามแผน · เป็นไปตามเป้าหมาย" in text


def test_status_card_shows_obstacles_and_offers_follow_ups_once(bot: Stack) -> None:
    _correct_latest(bot)
    [msg] = bot.ask(f"สถานะ {CODE}", user=SUP_BN)
    assert "• ปัญหา/อุปสรรค: ฝนตกหนัก ผู้เข้าร่วมน้อยกว่าที่คาด" in msg["altText"]
    assert "• รายงานล่าสุด: ครั้งที่ 2 (ฉบับแก้ไขที่ 1) ·" in msg["altText"]
    assert "ฝนตกหนัก" in str(msg["contents"]["body"])
    assert quick(msg) == []


def test_unknown_code_is_not_told_to_shorten_a_name(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ 99999999-0000", user=SUP_BN)
    assert "ไม่พบโครงการรหัส 99999999-0000" in msg["text"]
    assert "ชื่อให้สั้นลง" not in msg["text"]
    assert "ตรวจสอบรหัสโครงการ" in msg["text"]
    [msg] = bot.ask("สถานะ ซซซซซซซซ", user=SUP_BN)
    assert "ลองพิมพ์ชื่อให้สั้นลง" in msg["text"]

