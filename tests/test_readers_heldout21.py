"""The rules the twenty-first to twenty-fourth held-out corpora taught: a bare "no" before a
"late" word, how late said in words, a "none" taken back, past and missing reports named
without a question, a code typed 4-4-4, money worked out and shown back, a balance that is not
drawn, questions and holds at the summary that never send, and a reason on its own line."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conversations import grammar, readers
from conversations.codes import find_codes
from conversations.engine import Stage, Submit, dump_value
from conversations.grammar import Intent
from conversations.progress_form import PROGRESS_FORM
from conversations.step import step
from handlers.register import invite_code_in
from tests.test_readers_heldout5 import draft_at
from tests.test_readers_heldout17 import _at_the_edit_menu, _at_the_summary


@pytest.mark.parametrize(("said", "reason"), [
    ("ไม่ ล่าช้าเพราะฝนตก", "ฝนตก"),  # was read as "ไม่ล่าช้า": on plan
    ("ไม่ ช้าไปสองอาทิตย์", "ช้าไปสองอาทิตย์"),  # was on plan too
    ("ไม่ค่ะ ช้าไปสองอาทิตย์", "ช้าไปสองอาทิตย์"),  # kept "ไปสองอาทิตย์" only
    ("ไม่ครับ ช้ากว่าแผน 10 วัน", "ช้ากว่าแผน 10 วัน"),
])
def test_a_bare_no_then_a_late_word_is_a_no_with_how_late(said: str, reason: str) -> None:
    answer, why = readers.read_yes_no_reason(said, readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert answer == readers.Ok(False)
    assert why == reason


def test_not_late_said_as_one_word_is_still_on_plan() -> None:
    answer, _ = readers.read_yes_no_reason("ไม่ช้าค่ะ", readers.PLAN_POSITIVE,
                                           readers.PLAN_NEGATIVE)
    assert answer == readers.Ok(True)


@pytest.mark.parametrize(("slot", "said", "value"), [
    ("on_plan", "เป็นไปตามแผนไม่ใช่ๆไม่เป็น", False),  # taken back with a doubled "no"
    ("on_plan", "ม่ายช่ายค่ะ", False),
    ("on_target", "ช้ากว่าเป้าค่ะ เพราะต้องหยุดงานช่วงเปิดเทอม", False),
])
def test_yes_no_said_the_way_people_type_it(slot: str, said: str, value: bool) -> None:
    new = step(PROGRESS_FORM, draft_at(slot), said).draft
    assert new is not None
    assert new.values[slot] is value


def test_on_target_for_some_indicators_only_is_asked() -> None:
    answer, _ = readers.read_yes_no_reason("ได้ตามเป้าบางตัวชี้วัด", readers.TARGET_POSITIVE,
                                           readers.TARGET_NEGATIVE)
    assert isinstance(answer, readers.Problem)


@pytest.mark.parametrize("said", ["ไม่มีปัญหาแล้วค่ะ แก้ไขได้แล้ว", "ไม่มีค่า ราบรื่นดี"])
def test_none_said_with_a_good_word_after_it_is_none(said: str) -> None:
    assert readers.read_obstacles(said) == readers.Ok(None)


@pytest.mark.parametrize(("said", "kept"), [
    ("ไม่มีค่ะ แต่ต้องเฝ้าระวังเรื่องน้ำท่วมช่วงปลายเดือน", "ต้องเฝ้าระวังเรื่องน้ำท่วมช่วงปลายเดือน"),
    ("ไม่มีค่ะ อ้อ มีนิดนึง ไฟดับบ่อยในรร.", "ไฟดับบ่อยในรร."),
])
def test_a_none_taken_back_keeps_what_follows_and_shows_it_back(said: str, kept: str) -> None:
    new = step(PROGRESS_FORM, draft_at("obstacles"), said).draft
    assert new is not None
    if new.stage is Stage.CHECK:
        assert new.pending == kept
    else:
        assert new.values["obstacles"] == kept


@pytest.mark.parametrize(("said", "kept"), [
    ("มีค่า ต้องรอการไฟฟ้ามาย้ายเสานะคะ", "ต้องรอการไฟฟ้ามาย้ายเสา"),
    ("มีค่าใช้จ่ายเพิ่ม", "มีค่าใช้จ่ายเพิ่ม"),  # "ค่า" of a word is no particle
])
def test_a_drawn_out_particle_after_yes_there_are_is_not_stored(said: str, kept: str) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


def test_some_but_solved_is_asked_which() -> None:
    assert isinstance(readers.read_obstacles("มีนิดหน่อยแต่แก้ได้แล้ว"), readers.Problem)


@pytest.mark.parametrize("said", ["ผลงานเดือนนี้ 60%", "งานเดิมค่ะ", "ยังไม่มีอะไรค่ะ",
                                  "หมายถึงงานที่ทำเดือนนี้หรือทั้งหมดคะ", "ทำไมต้องรายงานทุกเดือนคะ"])
def test_no_work_done_is_stored_from_these(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


def test_unchanged_progress_is_last_months() -> None:
    shown = step(PROGRESS_FORM, draft_at("progress", last_progress="40"), "ไม่เปลี่ยนแปลงค่ะ").draft
    assert shown is not None
    assert shown.pending == dump_value(Decimal("40.00"))
    new = step(PROGRESS_FORM, shown, "ใช่").draft
    assert new is not None
    assert new.values["progress"] == dump_value(Decimal("40.00"))


@pytest.mark.parametrize(("said", "intent", "code"), [
    ("จะรายงานโครงการ 5047-0000-3430 ค่ะ", Intent.REPORT, "50470000-3430"),
    ("รายงานเดือนก่อนๆของ50470000-3430", Intent.HISTORY, "50470000-3430"),
    ("รายงานที่เคยส่งไป", Intent.HISTORY, None),
    ("รายงานที่ขาดส่ง", Intent.OVERDUE, None),
    ("ขอ update โครงการ 50480012-2215 หน่อย", Intent.STATUS, "50480012-2215"),
    ("ผลการเบิกจ่ายสะสมโครงการ 50470000-3430 ถึงวันนี้", Intent.STATUS, "50470000-3430"),
    ("จะส่งรายงานแต่ยังไม่มีข้อมูลจากช่าง รอก่อนนะ", Intent.THANKS, None),  # noted, no draft
    ("บอททำงานยังไงอะ", Intent.HELP, None),
    ("ช่วยบอกขั้นตอนส่งรายงานหน่อยค่ะ ไม่เคยทำ", Intent.HELP, None),
    ("โครงการของเขตเราเป็นยังไงบ้างโดยรวม", Intent.DIGEST, None),
])
def test_requests_named_without_their_command_word(said: str, intent: Intent,
                                                    code: str | None) -> None:
    parsed = grammar.understand(said)
    assert (parsed.intent, parsed.code) == (intent, code)


def test_a_project_asked_about_by_name_keeps_only_its_name() -> None:
    parsed = grammar.understand("ตอนนี้ % เท่าไหร่แล้ว โครงการซ่อมห้องน้ำ")
    assert (parsed.intent, parsed.fragment) == (Intent.STATUS, "ซ่อมห้องน้ำ")


@pytest.mark.parametrize(("said", "codes"), [
    ("5047-0000-3430", ["50470000-3430"]), ("โทร 081-234-5678", []), ("1234-5678 บาท", []),
])
def test_a_project_code_typed_in_three_groups(said: str, codes: list[str]) -> None:
    assert find_codes(said) == codes


@pytest.mark.parametrize(("said", "code"), [
    ("แอดมินให้มาว่า y2ka 7fhd", "Y2KA-7FHD"),
    ("รหัสคือ เอ็มเจ็ดคิวดี ขีด สี่เอชแซดเอ็น", "M7QD-4HZN"),
])
def test_invite_codes_said_about_the_admin_or_in_two_spoken_halves(said: str, code: str) -> None:
    assert invite_code_in(said) == code


def test_done_at_the_summary_sends_it() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "done")
    assert any(isinstance(e, Submit) for e in result.effects)


def test_asked_to_rewrite_the_work_done_at_the_summary_asks_for_it() -> None:
    new = step(PROGRESS_FORM, _at_the_summary(), "รายละเอียดผลงานขอเขียนใหม่").draft
    assert new is not None
    assert (new.stage, new.slot) == (Stage.ASK, "detail")


def test_both_money_and_percent_at_the_edit_menu_are_taken_one_at_a_time() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(), "ทั้งเงินทั้ง %")
    assert result.draft is not None
    assert result.draft.stage is Stage.PICK_FIELD
    assert result.draft.values == _at_the_edit_menu().values


def test_nothing_more_to_change_at_the_edit_menu_goes_back_to_the_summary() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(), "ไม่มีแล้ว ส่งได้เลย")
    assert result.draft is not None
    assert result.draft.stage is Stage.CONFIRM
    assert not result.effects


def test_a_balance_left_is_not_the_amount_drawn() -> None:
    assert readers.read_money("เบิกแล้ว 90,000 คงเหลือ 10,000") == readers.Ok(Decimal("90000.00"))


@pytest.mark.parametrize(("said", "baht"), [
    ("เบิก 30% ของวงเงินสัญญา 5,000,000 บาท", Decimal("1500000.00")),  # was 5,000,000
    ("งบทั้งหมด 200,000 เบิกไปครึ่งหนึ่ง", Decimal("100000.00")),  # was 1
    ("งวด 1 เบิก 600,000 งวด 2 เบิก 900,000", Decimal("1500000.00")),
])
def test_money_worked_out_from_the_sentence_is_shown_back(said: str, baht: Decimal) -> None:
    read = readers.read_money(said)
    assert isinstance(read, readers.Ok)
    assert read.value == baht
    assert read.confirm is not None
    assert f"{baht:,.2f}" in read.confirm


@pytest.mark.parametrize("said", [
    "ต้องกดยืนยันยังไงคะ",  # a question with the word in it was sent
    "ถูกหมดแล้วแต่รอแป๊บนะคะ ขอเช็คยอดกับการเงินก่อน",  # so was a hold
    "ไม่ส่งค่ะ ข้อมูลผิดหมดเลย เริ่มใหม่ดีกว่า",
    "แก้ 2 อย่างครับ เปอร์เซ็นต์เป็น 50 กับเงินเป็น 900,000",  # the money was lost
])
def test_nothing_is_sent_or_half_changed_at_the_summary(said: str) -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), said)
    assert not result.effects
    assert result.draft is not None
    assert result.draft.values == _at_the_summary().values


def test_starting_over_is_asked_not_done() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ไม่ส่งค่ะ ข้อมูลผิดหมดเลย เริ่มใหม่ดีกว่า")
    labels = [i["action"]["label"] for i in result.replies[-1]["quickReply"]["items"]]
    assert "ยกเลิก" in labels
    assert "แก้ไข" in labels


def test_send_now_and_more_next_month_sends() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ส่งได้ครับ เดือนหน้าค่อยอัพเดทเพิ่ม")
    assert any(isinstance(e, Submit) for e in result.effects)


def test_a_send_taken_back_for_a_correction_changes_the_field() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ส่งค่ะ อ้อ เดี๋ยว ความคืบหน้าต้อง 46 นะคะ")
    assert not result.effects
    assert result.draft is not None
    assert result.draft.values["progress"] == dump_value(Decimal("46.00"))


@pytest.mark.parametrize(("said", "answer", "reason"), [
    ("ไม่ถึงเป้า\nผู้ว่างงานสมัครอบรมน้อย เพราะต้องไปทำงานรับจ้างรายวัน", False,
     "ผู้ว่างงานสมัครอบรมน้อย เพราะต้องไปทำงานรับจ้างรายวัน"),
    ("ไม่ตามเป้า\nเหตุผล: รอ สนย. อนุมัติแบบแก้ไข", False, "รอ สนย. อนุมัติแบบแก้ไข"),
    ("ไม่ใช่ไม่ได้ตามเป้านะครับ แค่ยังไม่ได้ตรวจรับ", True, None),
    ("ไม่ใช่ ไม่ถึงเป้า", False, None),
])
def test_target_answers_with_a_reason_line_or_a_double_no(said: str, answer: bool,
                                                         reason: str | None) -> None:
    read, why = readers.read_yes_no_reason(said, readers.TARGET_POSITIVE,
                                           readers.TARGET_NEGATIVE)
    assert read == readers.Ok(answer)
    assert why == reason


@pytest.mark.parametrize("said", ["ตามเป้าครึ่งนึง",
                                  "ส่วนใหญ่ตามแผนค่ะ ยกเว้นกิจกรรมศึกษาดูงานที่ยังไม่ได้ไป"])
def test_partly_is_asked(said: str) -> None:
    read, _ = readers.read_yes_no_reason(said, readers.PLAN_POSITIVE + readers.TARGET_POSITIVE,
                                         readers.PLAN_NEGATIVE + readers.TARGET_NEGATIVE)
    assert isinstance(read, readers.Problem)


def test_an_isan_because_leads_the_reason() -> None:
    _, why = readers.read_yes_no_reason("บ่เป็นไปตามแผนเด้อ ย้อนว่าวัสดุมาส่งช้า",
                                        readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert why == "วัสดุมาส่งช้า"


@pytest.mark.parametrize(("said", "kept"), [
    ("ไม่มีปัญหาด้านงานก่อสร้าง แต่เบิกจ่ายล่าช้าเพราะเอกสารไม่ครบ", "เบิกจ่ายล่าช้าเพราะเอกสารไม่ครบ"),
    ("ตอนนี้ยังไม่มี แต่เดือนหน้าอาจมีปัญหาเรื่องสถานที่", "เดือนหน้าอาจมีปัญหาเรื่องสถานที่"),
])
def test_no_problem_but_something_is_shown_back(said: str, kept: str) -> None:
    read = readers.read_obstacles(said)
    assert isinstance(read, readers.Ok)
    assert (read.value, read.confirm is not None) == (kept, True)


@pytest.mark.parametrize(("said", "kept"), [
    ("ราบรื่นดีค่ะ ไม่มีอุปสรรค", None), ("ไม่มีครับท่าน", None), ("ไม่มีค่ะ ส่งได้เลย", None),
    ("ไม่มีครับ (ยกเว้นฝนตกนิดหน่อยแต่ไม่กระทบงาน)", None),
    ("อุปสรรคคือ ร้านค้าแผงลอยไม่ยอมย้าย", "ร้านค้าแผงลอยไม่ยอมย้าย"),
    ("ไม่มีไฟฟ้า แต่ใช้เครื่องปั่นไฟ", "ไม่มีไฟฟ้า แต่ใช้เครื่องปั่นไฟ"),  # no electricity: one
])
def test_obstacles_said_in_more_ways(said: str, kept: str | None) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


@pytest.mark.parametrize("said", ["มีค่ะ แต่ขอพิมพ์ทีหลังนะคะ", "เหมือนที่บอกไปตอนตอบเรื่องแผนแหละครับ"])
def test_an_obstacle_put_off_or_said_elsewhere_is_not_stored(said: str) -> None:
    assert isinstance(readers.read_obstacles(said), readers.Problem)


@pytest.mark.parametrize(("said", "value"), [
    ("ประมาณ 45% ค่ะ ส่วนงานเสาไฟเสร็จแล้ว 80% แต่งานเดินสายยังแค่ 20", Decimal("45.00")),
    ("คืบหน้าไป 5% จากเดือนที่แล้ว", Decimal("45.00")),
    ("บวกไปอีก ๑๐ จากเดือนที่แล้ว", Decimal("50.00")),
])
def test_the_whole_before_its_parts_and_a_change_from_last_month(said: str,
                                                                 value: Decimal) -> None:
    new = step(PROGRESS_FORM, draft_at("progress", last_progress="40"), said).draft
    assert new is not None
    got = new.pending if new.stage is Stage.CHECK else new.values["progress"]
    assert got == dump_value(value)


@pytest.mark.parametrize("said", [
    "กำลังดำเนินการ", "ดำเนินการแล้วค่ะ", "ดูในไฟล์ที่แนบไปในกลุ่มได้เลยครับ",
    "ตามบันทึกที่เสนอ ผอ.ส่วนไปแล้วค่ะ", "งานตามงวดที่ 3 ตาม BOQ ข้อ 2.1-2.4",
    "อ้าว ไม่ใช่โครงการนี้ครับ ผมจะรายงานโครงการกล้อง ยกเลิกอันนี้ก่อน",
    "ไฟจราจรแยกหน้าบ้านผมเสียบ่อยมาก จะแจ้งซ่อมที่ไหนครับ", "ไปถามนุชก่อนเด้อ แป๊บหนึ่ง",
])
def test_more_messages_that_are_no_work_done(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


@pytest.mark.parametrize(("said", "intent"), [
    ("ทำไมโครงการ 50470000-3512 ถึงล่าช้าคะ", Intent.STATUS),
    ("ฝ่ายพัฒนาชุมชนมีใครยังบ่ส่งรายงานเดือนนี้", Intent.OVERDUE),
    ("ลืมส่งเดือนที่แล้ว ส่งย้อนหลังได้ไหมครับ", Intent.HELP),  # whether one may, not a draft
    ("เดือนที่แล้วโครงการ 50470000-4126 รายงานไปว่ายังไงบ้าง", Intent.HISTORY),
    ("ผลงานสะสมของโครงการ 50480000-1187 ทุกเดือนที่ผ่านมา", Intent.HISTORY),
    ("สรุปรายงานของน้องๆ ในทีมให้หน่อย", Intent.DIGEST),
    ("พิมพ์ว่า report ก็ได้ใช่ไหม", Intent.HELP),
])
def test_more_questions_about_reports(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


def test_a_word_that_runs_its_letters_into_another_field_is_not_that_field() -> None:
    # "ช่างบอก" holds the letters of "งบ": the 50 was once taken for money and dropped
    read = readers.read_percent("ช่างบอก 50 แต่ผู้ควบคุมงานบอก 46 ค่ะ")
    assert isinstance(read, readers.Problem)
    assert read.choices[:2] == ("50", "46")


def test_a_balance_said_plainly_is_not_drawn() -> None:
    assert readers.read_money("เบิกไป 80,000 เหลือ 20,000") == readers.Ok(Decimal("80000.00"))
    assert readers.read_money("ที่เบิกจริงเหลือ 25,000") == readers.Ok(Decimal("25000.00"))


def test_the_field_named_first_at_the_edit_menu_takes_the_answer() -> None:
    new = step(PROGRESS_FORM, _at_the_edit_menu(), "เป้าหมาย ไม่ถึง เพราะงบล่าช้า").draft
    assert new is not None
    assert (new.values["on_target"], new.values["on_plan"]) == (False, True)


@pytest.mark.parametrize(("said", "value"), [("ใกล้ถึงแล้วค่ะ", None), ("ผ่านค่ะ", True),
                                             ("ค่า", True)])
def test_near_is_asked_and_passed_is_yes(said: str, value: bool | None) -> None:
    read, _ = readers.read_yes_no_reason(said, readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE)
    assert read == readers.Ok(value) if value is not None else isinstance(read, readers.Problem)


@pytest.mark.parametrize(("said", "kept"), [
    ("ผู้สูงอายุกลัวเข็ม ไม่ยอมฉีด 555", "ผู้สูงอายุกลัวเข็ม ไม่ยอมฉีด"), ("ไม่มีค่ะพี่", None),
    ("ปกติดีค่ะ ไม่มีอะไรติดขัด", None),
])
def test_a_laugh_or_a_word_to_the_reader_is_not_the_obstacle(said: str, kept: str | None) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


@pytest.mark.parametrize("said", ["รอถามช่างก่อนนะคะ", "เหมือนที่แจ้งไปเดือนที่แล้วค่ะ"])
def test_obstacles_waited_for_or_as_last_month_are_asked(said: str) -> None:
    assert isinstance(readers.read_obstacles(said), readers.Problem)


@pytest.mark.parametrize("said", [
    "412 ราย", "เดี๋ยวค่อยมาทำต่อนะคะ คนไข้มา", "ดำเนินการต่อเนื่องจากเดือนก่อนค่ะ",
    "เดี๋ยวส่งให้นะคะ ช่างยังไม่ส่งรูปมา", "ดูในไฟล์ excel ที่ส่งให้หัวหน้าแล้วนะคะ",
])
def test_counts_waits_and_as_before_are_no_work_done(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


@pytest.mark.parametrize(("said", "intent"), [
    ("พรุ่งนี้จะมาส่งรายงานนะคะ", Intent.THANKS),  # noted, no draft today
    ("ลืมส่งรายงานเดือนที่แล้ว ส่งตอนนี้ได้ไหมคะ", Intent.REPORT),
    ("ยังไม่ได้ส่งของเดือนนี้เลย ขอส่งหน่อยค่ะ", Intent.REPORT),
    ("ที่ค้างอยู่มีโครงการไหนบ้าง", Intent.OVERDUE),
    ("ขอสรุปภาพรวมประจำสัปดาห์ของทุกศูนย์", Intent.DIGEST),
])
def test_more_requests_said_in_passing(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


@pytest.mark.parametrize("said", ["เบิกไปราวๆ สองแสนค่ะ", "ประมาณหมื่นห้าค่ะ ยังไม่ได้เช็คใบเสร็จ"])
def test_a_rough_amount_is_shown_back_before_it_is_kept(said: str) -> None:
    read = readers.read_money(said)
    assert isinstance(read, readers.Ok)
    assert read.confirm is not None
    assert "ประมาณ" in read.confirm


@pytest.mark.parametrize(("said", "name"), [
    ("ทำไมโครงการขุดลอกคลองถึงล่าช้าครับ", "ขุดลอกคลอง"),
    ("โครงการขุดลอกคลองช้าเพราะอะไรครับ มีปัญหาอะไร", "ขุดลอกคลอง"),
    ("โครงการทางเท้าเป็นจั่งได๋แล้วครับ", "ทางเท้า"),
    ("แป๊บนึงค่ะ สถานะโครงการทางเท้าตอนนี้เบิกไปทั้งหมดเท่าไหร่แล้วนะ", "ทางเท้า"),
])
def test_a_project_asked_about_by_name_in_a_sentence(said: str, name: str) -> None:
    parsed = grammar.understand(said)
    assert (parsed.intent, parsed.fragment) == (Intent.STATUS, name)


def test_which_projects_are_late_is_the_overview() -> None:
    assert grammar.understand("โครงการไหนบ้างที่ล่าช้าครับ").intent is Intent.DIGEST


def test_a_slip_then_a_polite_no_then_the_number() -> None:
    new = step(PROGRESS_FORM, draft_at("progress"), "๕๐ เปอร์เซ็นต์ เอ้ย ไม่ใช่ค่ะ ๔๘ ค่ะ").draft
    assert new is not None
    assert new.values["progress"] == dump_value(Decimal("48.00"))


def test_none_in_isan_with_a_harmless_remark_is_none() -> None:
    assert readers.read_obstacles("บ่มีค่ะ มีแค่ฝนตกบางวันแต่ไม่กระทบงาน") == readers.Ok(None)


@pytest.mark.parametrize(("said", "picks"), [("อันห้องสมุดค่ะ", "ห้องสมุด"), ("ราวๆ ครึ่งนึงค่ะ", None)])
def test_the_picker_takes_a_name_said_with_a_classifier_but_never_an_answer(
        said: str, picks: str | None) -> None:
    from handlers.report_pick import typed_pick

    holder = draft_at("detail")
    request = typed_pick(said, replace(holder, target=""))
    assert (request.fragment if request else None) == picks


def test_coming_back_to_the_draft_in_a_sentence_resumes_it_without_an_error() -> None:
    result = step(PROGRESS_FORM, draft_at("progress"), "โอเคค่ะ กลับมากรอกรายงานต่อค่ะ")
    assert "ไม่เข้าใจ" not in result.replies[0]["text"]
    assert "กี่เปอร์เซ็นต์" in result.replies[0]["text"]


def test_an_optional_count_skipped_in_a_sentence_is_left_out() -> None:
    held = draft_at("obstacles")
    draft = replace(held, slot="beneficiaries", values={**held.values, "obstacles": None},
                    answered=(*held.answered, "obstacles"))
    new = step(PROGRESS_FORM, draft, "ยังไม่ได้นับเลยค่ะ ข้ามไปก่อนนะคะ").draft
    assert new is not None
    assert (new.stage, new.values["beneficiaries"]) == (Stage.CONFIRM, None)


@pytest.mark.parametrize("said", ["โอเคแต่เปอร์เซ็นต์น่าจะ 60 มากกว่านะ", "เงินถูก แต่ % ผิด"])
def test_ok_but_something_else_changes_that_and_sends_nothing(said: str) -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), said)
    assert not result.effects  # "โอเคแต่…" was sent
    assert result.draft is not None
    assert result.draft.values["disbursed"] == _at_the_summary().values["disbursed"]


def test_not_yet_said_alone_is_a_no_without_a_reason() -> None:
    read, why = readers.read_yes_no_reason("ยังไม่ได้ค่ะ", readers.TARGET_POSITIVE,
                                           readers.TARGET_NEGATIVE)
    assert (read, why) == (readers.Ok(False), None)  # the reason was "ได้"


@pytest.mark.parametrize(("said", "kept"), [
    ("ไม่มีอะไรนอกจากรถดูดเลนไม่พอค่ะ", "รถดูดเลนไม่พอ"),
    ("ไม่มีอะไรมากค่ะ ฝนตกบ้างนิดหน่อย", "ฝนตกบ้างนิดหน่อย"),
])
def test_nothing_but_or_nothing_much_keeps_the_small_one_and_shows_it(said: str,
                                                                     kept: str) -> None:
    read = readers.read_obstacles(said)
    assert isinstance(read, readers.Ok)
    assert (read.value, read.confirm is not None) == (kept, True)


@pytest.mark.parametrize("said", [
    "ผลการดำเนินงานนี่คือที่ทำไปในเดือนนี้ใช่ไหมคะ หรือทั้งโครงการ", "ส่งไปแล้วนี่คะเมื่อวาน",
    "เหมือนเดือนที่แล้วเลยค่ะ ยังทำต่อเนื่องอยู่", "same as last month", "ดำเนินการตามแผนงานค่ะ",
])
def test_questions_and_as_before_at_the_work_done_store_nothing(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


def test_sent_and_thanks_is_news_not_a_new_draft() -> None:
    assert grammar.understand("ส่งรายงานเรียบร้อยแล้วนะคะ ขอบคุณค่ะ").intent is Intent.THANKS


@pytest.mark.parametrize("said", [
    "ไม่มีค่ะ ขอบคุณที่ถามนะคะ", "ไม่มีเลยค่ะ [สติกเกอร์ยิ้ม]", "ไม่มีนะคะ ทุกอย่างโอเค 👌",
    "ตอนนี้ไม่มีแล้วค่ะ ฝนหยุดแล้ว งานเดินต่อได้",
])
def test_none_with_thanks_a_sticker_or_news_that_it_passed(said: str) -> None:
    assert readers.read_obstacles(said) == readers.Ok(None)


@pytest.mark.parametrize("said", ["[สติกเกอร์กระต่ายงง]", "รายละเอียดอยู่ในไฟล์ที่ส่งอีเมลไปแล้วนะคะ"])
def test_a_sticker_or_a_file_elsewhere_is_no_work_done(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


def test_old_reports_with_a_repeat_mark_are_the_history() -> None:
    parsed = grammar.understand("รายงานเก่าๆ ของ 50470000-3512")
    assert (parsed.intent, parsed.code) == (Intent.HISTORY, "50470000-3512")


def test_a_no_then_a_postponed_task_keeps_the_verb_in_the_reason() -> None:
    _, why = readers.read_yes_no_reason("ไม่ครับ เลื่อนการฝึกซ้อมไปเดือนหน้า ติดภารกิจน้ำท่วม",
                                        readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert why == "เลื่อนการฝึกซ้อมไปเดือนหน้า ติดภารกิจน้ำท่วม"


def test_a_no_then_a_yes_is_asked() -> None:
    read, _ = readers.read_yes_no_reason("ไม่ค่ะ ตามเป้าค่ะ", readers.TARGET_POSITIVE,
                                         readers.TARGET_NEGATIVE)
    assert isinstance(read, readers.Problem)


@pytest.mark.parametrize(("said", "kept"), [
    ("ไม่มี อุปสรรค", None), ("ไม่มี ว.4", None), ("ไม่มี ณ ตอนนี้ค่ะ", None),
    ("ปัญหาคือไม่มีปัญหาค่ะ 555", None),
    ("มีค่ะ: ผู้รับจ้างขอขยายเวลาส่งมอบงาน 30 วัน", "ผู้รับจ้างขอขยายเวลาส่งมอบงาน 30 วัน"),
    ("อุปสรรคหลักคือประชาชนไม่สะดวกมาติดต่อ", "ประชาชนไม่สะดวกมาติดต่อ"),
])
def test_obstacles_with_radio_codes_labels_and_spaces(said: str, kept: str | None) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


@pytest.mark.parametrize("said", ["ว.4", "ว.0 แป๊บนะครับ", "ทำต่อจากเดือนที่แล้วค่ะ", "ทำตามแผนค่ะ",
                                  "ผลการดำเนินงาน", "ขอกลับไปหน้าก่อน"])
def test_radio_codes_labels_and_going_back_are_no_work_done(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert new is not None
    assert "detail" not in new.values


@pytest.mark.parametrize(("said", "intent"), [
    ("รายงานล่าสุดของ 50470000-3430", Intent.HISTORY),
    ("ย้อนดูรายงานที่ส่งไปแล้วได้ไหมครับ", Intent.HISTORY),
    ("เรียนท่านผู้อำนวยการเขต ขอส่งรายงานผลการดำเนินงานโครงการ 50470000-3430 ประจำเดือนค่ะ",
     Intent.REPORT),
    ("จะกรอกผลการดำเนินงานโครงการ e-service ค่ะ", Intent.REPORT),
    ("ขอดูผลรวมทุกโครงการ", Intent.DIGEST), ("ไม่เคยใช้ค่ะ ต้องเริ่มตรงไหน", Intent.HELP),
])
def test_requests_with_a_salutation_or_in_other_words(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


def test_no_problem_but_the_internet_is_not_a_status_question() -> None:
    assert grammar.understand("ไม่มีปัญหาอะไรค่ะ นอกจากเน็ตช้า").intent is not Intent.STATUS


def test_baht_and_satang_abbreviated_keeps_the_satang() -> None:
    assert readers.read_money("ยอดเบิก 67,890 บาท 50 สต.") == readers.Ok(Decimal("67890.50"))


def test_not_at_all_then_how_late_keeps_the_late_phrase() -> None:
    _, why = readers.read_yes_no_reason("ไม่เลยค่ะ ช้ากว่าแผน 2 เดือน", readers.PLAN_POSITIVE,
                                        readers.PLAN_NEGATIVE)
    assert why == "ช้ากว่าแผน 2 เดือน"


def test_changing_the_on_plan_item_names_it_without_answering_it() -> None:
    new = step(PROGRESS_FORM, _at_the_summary(), "เปลี่ยนข้อตามแผนค่ะ").draft
    assert new is not None
    assert (new.stage, new.slot, new.values["on_plan"]) == (Stage.ASK, "on_plan", True)


def test_a_status_question_at_the_obstacles_is_the_status() -> None:
    assert grammar.interrupts("สถานะโครงการ 50470000-3430 ตอนนี้อยู่ขั้นไหนคะ", free_text=True)
