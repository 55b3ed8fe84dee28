"""A report said in one message: its project named by name, its hedged percent, a misspelt
command word at its start (issue 19, from a new-user trial). Pure readers, no stack."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conversations.grammar import Intent, understand
from conversations.oneshot import extract_report_fields
from handlers.report_period import short_month
from handlers.report_photos import short_name
from handlers.report_pick import is_cancel_word, name_said
from storage.models import Project

LIBRARY = Project(code="10000000-0002", name="ห้องสมุดเคลื่อนที่สู่ชุมชน (สาธิต)")
PAVEMENT = Project(code="10000000-0001", name="ปรับปรุงทางเท้าและทางลาดคนพิการ ถนนสาธิต")
MINE = [PAVEMENT, LIBRARY]


@pytest.mark.parametrize(("rest", "left"), [
    ("ห้องสมุด ออกหน่วยให้บริการ 3 ชุมชน ความคืบหน้า 30%", "ออกหน่วยให้บริการ 3 ชุมชน ความคืบหน้า 30%"),
    ("โครงการห้องสมุดเคลื่อนที่ ออกหน่วย 3 ชุมชน", "ออกหน่วย 3 ชุมชน"),
    ("ห้องสมุด เคลื่อนที่สู่ชุมชน (สาธิต) ออกหน่วย 3 ชุมชน", "ออกหน่วย 3 ชุมชน"),
    ("ห้องสมุดค่ะ ออกหน่วย 3 ชุมชน", "ออกหน่วย 3 ชุมชน"),
])
def test_the_first_words_naming_one_project_pick_it_and_leave_the_rest(rest: str,
                                                                       left: str) -> None:
    assert name_said(rest, MINE) == ([LIBRARY], left)


def test_a_name_part_several_projects_share_names_them_all() -> None:
    assert name_said("สาธิต ออกหน่วย 3 ชุมชน", MINE) == (MINE, "ออกหน่วย 3 ชุมชน")


@pytest.mark.parametrize("rest", [
    "ออกหน่วยให้บริการ 3 ชุมชน ห้องสมุด",  # the name not said first: the work done
    "ปรับปรุงผิวถนนเสร็จ 50%",  # "ปรับปรุง" glued to the sentence: no name said apart
    "ถนน ชำรุด 3 จุด",  # too short to name a project alone
    "30% เบิกจ่าย 0 บาท",
])
def test_words_that_name_no_project_by_themselves_pick_none(rest: str) -> None:
    assert name_said(rest, MINE) is None


@pytest.mark.parametrize(("text", "want"), [
    ("ความคืบหน้าราวๆ ๓๐%", Decimal("30")), ("ความก้าวหน้าอยู่ที่ประมาณ 45 เปอร์เซ็นต์", Decimal("45")),
    ("ความคืบหน้าได้ 60% แล้ว", Decimal("60")),
])
def test_a_hedged_percent_in_one_message_is_read(text: str, want: Decimal) -> None:
    assert extract_report_fields(f"ทำแล้ว 2 จุด {text}")["progress"] == want


def test_one_messages_work_done_and_obstacles_drop_spoken_particles() -> None:
    found = extract_report_fields("ออกหน่วย 3 ชุมชนค่ะ ความคืบหน้า 30% ไม่มีปัญหาค่ะ")
    assert found["detail"] == "ออกหน่วย 3 ชุมชน"
    assert found["obstacles"] == "ไม่มี"


@pytest.mark.parametrize("message", [
    "รายาน ห้องสมุด ออกหน่วยให้บริการ 3 ชุมชนค่ะ ความคืบหน้าราวๆ ๓๐%",
    "รายงน คลองสวย ขุดลอกแล้ว สถานะ ตามแผน",
])
def test_a_misspelt_command_first_outranks_a_command_word_later(message: str) -> None:
    parsed = understand(message)
    assert parsed.intent is Intent.REPORT
    assert parsed.at_start


@pytest.mark.parametrize("message", ["ห้องสมุด ความคืบหน้า 30%", "ช่วงนี้ความคืบหน้าเป็นยังไง"])
def test_a_real_word_first_is_no_typo(message: str) -> None:
    assert understand(message).intent is not Intent.REPORT


@pytest.mark.parametrize(("name", "room", "short"), [
    ("ห้องสมุดเคลื่อนที่สู่ชุมชน (สาธิต)", 13, "ห้องสมุด…"),  # one dictionary word: cut by syllables
    ("ห้องสมุดเคลื่อนที่สู่ชุมชน (สาธิต)", 8, "ห้องสมุด"),  # a whole word filling the room: no "…"
    ("โครงการคลองสวยน้ำใส", 13, "คลองสวยน้ำใส"),  # "โครงการ" and a bracketed note dropped
    ("ปรับปรุงทางเท้าและทางลาดคนพิการ ถนนสาธิต", 13, "ปรับปรุง…"),
])
def test_a_projects_short_name_fits_its_room_at_a_word_or_syllable(name: str, room: int,
                                                                    short: str) -> None:
    assert short_name(name, room) == short
    assert len(short) <= room


def test_a_short_month_is_in_the_buddhist_era() -> None:
    assert short_month(date(2026, 11, 1)) == "พ.ย.69"


@pytest.mark.parametrize("said", ["ยกเลิก", "ยกเลิกค่ะ", "ยกเลิกครับ", "cancel"])
def test_cancel_at_the_project_choice_is_understood_with_a_particle(said: str) -> None:
    assert is_cancel_word(said)


def test_a_project_name_is_no_cancel_word() -> None:
    assert not is_cancel_word("ยกเลิกสัญญาผู้รับจ้าง")


def test_the_people_reached_said_in_a_one_message_report_are_kept() -> None:
    found = extract_report_fields("ธันวาคมออกบริการ 2 ชุมชนค่ะ ความก้าวหน้า 40% เบิกจ่าย 10,000 บาท "
                                  "เป็นไปตามแผน เป็นไปตามเป้าหมาย ไม่มีปัญหา ผู้รับประโยชน์ 150 คน")
    assert found["beneficiaries"] == Decimal(150)
    assert "150" not in str(found["detail"])
