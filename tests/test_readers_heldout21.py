"""The rules the twenty-first and twenty-second held-out corpora taught: a bare "no" before a
"late" word, how late said in words, a "none" taken back, past and missing reports named
without a question, a code typed 4-4-4, and a few words at the summary and the edit menu."""

from __future__ import annotations

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
    new = step(PROGRESS_FORM, draft_at("progress", last_progress="40"), "ไม่เปลี่ยนแปลงค่ะ").draft
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
