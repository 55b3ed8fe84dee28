"""The rules the seventeenth to twentieth held-out corpora taught, as rules: a half said after
a scale, "ลบ." shown back, a change said before its reason, a burnt motor that asks nothing, a
repeat mark kept in its word, a starred correction line, and fields named by their value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations import grammar, readers
from conversations.answers import corrected, starred, without_tail
from conversations.engine import Draft, Stage, dump_value
from conversations.grammar import Intent
from conversations.progress_form import PROGRESS_FORM
from conversations.step import step
from conversations.thai_numbers import thai_words_to_decimal
from handlers.register import invite_code_in
from tests.test_readers_heldout5 import draft_at


@pytest.mark.parametrize(("said", "value"), [
    ("สองล้านครึ่ง", Decimal(2_500_000)), ("แสนครึ่ง", Decimal(150_000)),
    ("2ล้านครึ่ง", Decimal(2_500_000)), ("พันครึ่ง", Decimal(1_500)), ("ครึ่ง", None),
])
def test_a_half_after_a_scale_word_is_half_of_that_scale(said: str, value: Decimal | None) -> None:
    assert thai_words_to_decimal(said) == value


def test_lor_bor_is_read_as_million_baht_and_shown_back_before_it_is_kept() -> None:
    read = readers.read_money("2.5 ลบ.")
    assert isinstance(read, readers.Ok)
    assert read.value == Decimal("2500000.00")
    assert read.confirm is not None
    assert "2,500,000.00" in read.confirm


def test_cubic_metres_are_no_baht() -> None:
    assert isinstance(readers.read_money("2.5 ลบ.ม."), readers.Problem)
    read = readers.read_money("ขุดไป 300 ลบ.ม. เบิก 20,000 บาท")
    assert isinstance(read, readers.Ok)
    assert read.value == Decimal("20000.00")


def test_money_not_yet_drawable_is_none_drawn() -> None:
    read = readers.read_money("งวด 3 รอ คกก.ตรวจรับอยู่ ยังเบิกไม่ได้ครับ")
    assert isinstance(read, readers.Ok)
    assert read.value == Decimal("0.00")


@pytest.mark.parametrize(("said", "change"), [
    ("เท่าเดิมค่ะ เดือนนี้ฝนตกทั้งเดือน", Decimal(0)),
    ("เดือนนี้ทำเพิ่มได้อีก 8% รวมเป็นเท่าไหร่ก็ใส่ให้หน่อยค่ะ", Decimal(8)),
    ("ไม่คืบเลยครับ งานหยุด", Decimal(0)),
    ("เพิ่มขึ้น 5% แต่จริงๆ 7%", None),  # a number after: not a change and its reason
])
def test_a_change_said_before_its_reason_is_found(said: str, change: Decimal | None) -> None:
    assert readers.progress_change_before(said) == change


def test_a_change_with_its_reason_is_added_to_last_month_and_confirmed() -> None:
    result = step(PROGRESS_FORM, draft_at("progress", last_progress="40"),
                  "เดือนนี้ทำเพิ่มได้อีก 8% รวมเป็นเท่าไหร่ก็ใส่ให้หน่อยค่ะ")
    assert result.draft is not None
    assert result.draft.stage is Stage.CHECK
    assert result.draft.pending == dump_value(Decimal("48.00"))
    assert "48%" in result.replies[0]["text"]
    assert "40%" in result.replies[0]["text"]
    done = step(PROGRESS_FORM, result.draft, "ยืนยันค่านี้").draft
    assert done is not None
    assert done.values["progress"] == dump_value(Decimal("48.00"))


def test_a_burnt_motor_is_an_obstacle_not_a_question() -> None:
    read = readers.read_obstacles("มีครับ เครื่องสูบน้ำเครื่องที่ 2 มอเตอร์ไหม้ รออะไหล่")
    assert isinstance(read, readers.Ok)
    assert read.value == "เครื่องสูบน้ำเครื่องที่ 2 มอเตอร์ไหม้ รออะไหล่"


@pytest.mark.parametrize(("said", "kept"), [
    ("ต้องเช่าที่ข้างๆ", "ต้องเช่าที่ข้างๆ"), ("ของใหม่ๆ ค่ะ", "ของใหม่ๆ"), ("ดีค่ะๆ", "ดี"),
    ("ขอบคุณครับๆๆ", ""),
])
def test_a_repeat_mark_stays_with_its_word_in_a_sentence_to_store(said: str, kept: str) -> None:
    assert without_tail(said, keep_stop=True) == kept


@pytest.mark.parametrize(("said", "read"), [("ไม่มีๆ", "ไม่มี"), ("ส่งๆ", "ส่ง"), ("ใช่ๆ", "ใช่")])
def test_a_repeat_mark_is_dropped_from_an_answer_to_read(said: str, read: str) -> None:
    assert without_tail(said) == read


def test_no_big_problem_but_a_small_one_is_shown_back_before_it_is_kept() -> None:
    read = readers.read_obstacles("ไม่มีปัญหาใหญ่ค่ะ แค่ฝนตกบ่อยช่วงบ่าย")
    assert isinstance(read, readers.Ok)
    assert read.value == "ฝนตกบ่อยช่วงบ่าย"
    assert read.confirm is not None


@pytest.mark.parametrize("said", ["เคยมีเรื่องน้ำท่วม แต่แก้ไขแล้วค่ะ ตอนนี้ไม่มี"])
def test_a_problem_solved_and_none_now_is_none(said: str) -> None:
    read = readers.read_obstacles(said)
    assert isinstance(read, readers.Ok)
    assert read.value is None


def test_not_known_yet_is_not_stored_as_the_obstacle() -> None:
    assert isinstance(readers.read_obstacles("ไม่ทราบค่ะ ยังไม่ได้ลงพื้นที่"), readers.Problem)


@pytest.mark.parametrize("said", ["เหมือนเดิมค่า", "งานตามงวดที่ 4 ครับ"])
def test_as_before_or_only_where_it_is_written_is_asked_again(said: str) -> None:
    assert isinstance(readers.read_detail(said), readers.Problem)


def test_a_starred_second_line_replaces_a_short_answer_but_never_a_bullet_list() -> None:
    assert starred("ตามแผนค่ะ\n*ไม่ตามแผนค่ะ พิมพ์ผิด") == "ไม่ตามแผน"
    assert starred("ผลงาน:\n* ขุดลอกคลอง\n* ซ่อมท่อ") == "ผลงาน:\n* ขุดลอกคลอง\n* ซ่อมท่อ"


def _at_the_edit_menu() -> Draft:
    values = {"detail": "ประชุม", "progress": dump_value(Decimal(40)), "disbursed": "0",
              "on_plan": True, "on_target": True, "obstacles": None, "beneficiaries": None}
    return Draft(form="progress", target="50470000-3430", target_label="ทดสอบ",
                 stage=Stage.PICK_FIELD, slot=None, values=values, answered=tuple(values),
                 context={"period": "2026-11-01"})


def test_a_percent_given_to_the_work_done_goes_to_the_progress() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(), "ขอแก้ผลงานเป็น 65%")
    assert result.draft is not None
    assert result.draft.values["progress"] == dump_value(Decimal("65.00"))
    assert result.draft.values["detail"] == "ประชุม"


def test_two_fields_at_once_at_the_edit_menu_are_taken_one_at_a_time() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(), "ความคืบหน้ากับยอดเงินค่ะ")
    assert result.draft is not None
    assert result.draft.stage is Stage.PICK_FIELD
    assert "ทีละข้อ" in result.replies[0]["text"]


@pytest.mark.parametrize(("said", "intent"), [
    ("ขอรายงานความก้าวหน้าของทุกโครงการ", Intent.DIGEST), ("ขอรายงานภาพรวมค่ะ", Intent.DIGEST),
    ("ของผมเลยกำหนดส่งหรือยังครับ", Intent.OVERDUE), ("เดือนนี้ส่งครบทุกโครงการยัง", Intent.OVERDUE),
    ("กดส่งรายงานไม่ได้", Intent.HELP), ("ลืมรหัสโครงการ แต่จะส่งรายงานเดือนนี้", Intent.REPORT),
])
def test_questions_and_troubles_about_reports_are_not_new_drafts(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


@pytest.mark.parametrize(("said", "code"), [
    ("รหัส ดี เจ็ด เอ็น ยู ขีด สี่ เอ ซี เอ็ม", "D7NU-4ACM"), ("m s 6 t 9 q r d", "MS6T-9QRD"),
    ("CV4R-7HJN หรือ CV4R-7HJM ไม่แน่ใจตัวท้ายค่ะ", ""),  # which one is asked; no try spent
])
def test_invite_codes_said_in_digit_words_or_spaced_letters(said: str, code: str) -> None:
    assert invite_code_in(said) == code


@pytest.mark.parametrize(("said", "reason"), [
    ("ไม่ตามแผนค่ะ ผู้สูงอายุมาน้อยเพราะช่วงนี้อากาศร้อนมาก", "ผู้สูงอายุมาน้อยเพราะช่วงนี้อากาศร้อนมาก"),
    ("ไม่ค่อยตามเท่าไหร่ครับ ช้าไป 2 สัปดาห์", "ช้าไป 2 สัปดาห์"),
    ("ค่อนข้างล่าช้าครับ เนื่องจากติดปัญหาการขออนุญาต", "ติดปัญหาการขออนุญาต"),
])
def test_the_reason_is_kept_whole_unless_a_connective_leads_it(said: str, reason: str) -> None:
    read, why = readers.read_yes_no_reason(said, readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert read == readers.Ok(False)
    assert why == reason


def test_thai_digits_stay_in_a_reason() -> None:
    _, why = readers.read_yes_no_reason("ไม่ถึงค่ะ เป้า ๑๐๐ ราย ตรวจได้ ๗๒ ราย",
                                        readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE)
    assert why == "เป้า ๑๐๐ ราย ตรวจได้ ๗๒ ราย"


@pytest.mark.parametrize("said", ["ก็เกือบจะตามแผนนะคะ", "ช่วงแรกตามแผน ช่วงหลังไม่ตามค่ะ"])
def test_nearly_or_partly_on_plan_is_asked(said: str) -> None:
    read, _ = readers.read_yes_no_reason(said, readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert isinstance(read, readers.Problem)


@pytest.mark.parametrize(("said", "baht"), [
    ("เบิก 2 งวด งวดละ 300k", Decimal(600_000)), ("ไม่มีเบิกเดือนนี้", Decimal(0)),
    ("ยังไม่ได้เบิกค่ะ แต่อนุมัติแล้ว 60,000", Decimal(0)),
    ("ยกเลิกการเบิกไป 5,000 ค่ะ ที่เบิกจริงเหลือ 25,000", Decimal(25_000)),
])
def test_money_said_with_what_it_is_not(said: str, baht: Decimal) -> None:
    read = readers.read_money(said)
    assert isinstance(read, readers.Ok)
    assert read.value == baht


@pytest.mark.parametrize(("said", "value"), [
    ("บอกไปแล้วว่า 58 ถามซ้ำทำไม", Decimal(58)), ("เพิ่มขึ้น 5% รวมเป็น 45% ค่ะ", Decimal(45)),
])
def test_percent_said_again_or_with_its_total(said: str, value: Decimal) -> None:
    assert readers.read_percent(said) == readers.Ok(value)


def test_a_slip_with_its_own_word_takes_the_number_after_it() -> None:
    assert corrected("45 อ้ะ ไม่ใช่ 54 ครับ") == "54 ครับ"


def test_more_than_a_number_is_no_number() -> None:
    assert isinstance(readers.read_percent("เกิน 40 ไปนิดหน่อยค่ะ"), readers.Problem)


def _at_the_summary() -> Draft:
    return Draft(form="progress", target="50470000-3430", target_label="ทดสอบ",
                 stage=Stage.CONFIRM, slot=None, values=_at_the_edit_menu().values,
                 answered=_at_the_edit_menu().answered, context={"period": "2026-11-01"})


def test_right_but_held_back_is_never_submitted() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ถูกแล้ว แต่ยังไม่ต้องส่งนะ รอหัวหน้าดูก่อน")
    assert not result.effects
    assert result.draft is not None
    assert "ร่างรายงานนี้เก็บไว้ให้แล้ว" in result.replies[0]["text"]
    assert "ยกเลิก" not in result.replies[0]["text"]  # it is right: nothing offers to throw it away


def test_a_field_by_its_number_said_wrong_with_what_is_right() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ข้อ 1 ผิดค่ะ ที่ถูกคือ ออกให้บริการ 5 ครั้ง")
    assert result.draft is not None
    assert result.draft.values["detail"] == "ออกให้บริการ 5 ครั้ง"


def test_a_complaint_at_a_free_text_question_is_not_stored() -> None:
    result = step(PROGRESS_FORM, draft_at("detail"), "บอกไปแล้วว่า 58 ถามซ้ำทำไม")
    assert result.draft is not None
    assert "detail" not in result.draft.values


@pytest.mark.parametrize(("said", "intent"), [
    ("ฝากส่งรายงานของโครงการชมรมผู้สูงอายุด้วยค่ะ", Intent.REPORT),
    ("เดือนนี้ยังไม่ได้ส่งรายงานเลยค่ะ ขอส่งตอนนี้เลยนะคะ", Intent.REPORT),
    ("ขอรายงานย้อนหลังของเดือนที่แล้วค่ะ ลืมส่ง", Intent.REPORT),
    ("รายงานเดือนก่อนๆ ของ 50470000-3430 ดูได้ไหม", Intent.HISTORY),
    ("ขอตัวอย่างการกรอกรายงานค่ะ", Intent.HELP),
])
def test_filing_seeing_and_asking_how_are_told_apart(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


def test_a_correction_at_the_summary_is_acknowledged_under_it() -> None:
    summary = _at_the_summary()
    changed = step(PROGRESS_FORM, summary, "ความก้าวหน้า 60 ไม่ใช่ 40")
    assert changed.replies[-1]["text"].startswith("แก้ไข “ความก้าวหน้าของงาน” แล้วค่ะ")
    same = step(PROGRESS_FORM, summary, "ความก้าวหน้า 40 ค่ะ")
    assert "เป็นค่านี้อยู่แล้ว" in same.replies[-1]["text"]
    assert len(changed.replies) == len(same.replies) == 2  # no extra bubble for it
