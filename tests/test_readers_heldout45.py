"""The rules the forty-fifth and forty-sixth held-out corpora taught: where writers split on a
reading it is shown back before it is kept; "could not" said after the phrase; a reason of
several lines kept as written; a figure, a feeling or a promise is no obstacle; the edit menu's
"cancel, no more edits", another project's status and a corrected figure."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conversations import grammar, readers
from conversations.engine import Stage, Submit
from conversations.grammar import Intent
from conversations.progress_form import PROGRESS_FORM
from conversations.step import step
from tests.step_corpus import _draft as corpus_draft
from tests.test_readers_heldout5 import draft_at
from tests.test_readers_heldout17 import _at_the_edit_menu, _at_the_summary


def _target(said: str) -> tuple[object, str | None]:
    return readers.read_yes_no_reason(said, readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE)


def _plan(said: str) -> tuple[object, str | None]:
    return readers.read_yes_no_reason(said, readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)


@pytest.mark.parametrize("said", ["ค่ะ", "ครับ", "ไม่มีปัญหาค่ะ"])
def test_a_reading_writers_split_on_is_shown_back_and_a_particle_confirms_it(said: str) -> None:
    checking = step(PROGRESS_FORM, draft_at("on_plan"), said).draft
    assert checking is not None
    assert checking.stage is Stage.CHECK
    assert "on_plan" not in checking.values  # nothing kept yet
    kept = step(PROGRESS_FORM, checking, "ค่ะ").draft
    assert kept is not None
    assert kept.values["on_plan"] is True
    assert kept.slot == "on_target"


def test_a_new_answer_at_the_check_replaces_the_one_shown_back() -> None:
    checking = step(PROGRESS_FORM, draft_at("on_plan"), "ครับ").draft
    assert checking is not None
    kept = step(PROGRESS_FORM, checking, "ไม่ตามแผน ฝนตก").draft
    assert kept is not None
    assert (kept.values["on_plan"], kept.values["obstacles"]) == (False, "ฝนตก")


@pytest.mark.parametrize(("said", "why"), [
    ("ตามเป้าที่ตั้งไว้ไม่ได้ค่ะ งบโดนตัด", "งบโดนตัด"),
    ("ถึงเป้าไม่ได้ครับ", None),
])
def test_could_not_said_after_the_phrase_is_a_no(said: str, why: str | None) -> None:
    assert _target(said) == (readers.Ok(False), why)


@pytest.mark.parametrize(("said", "answer", "why"), [
    ("ตามแผนไม่ได้หรอกค่ะ ผู้รับจ้างทิ้งงาน 😤", False, "ผู้รับจ้างทิ้งงาน"),
    ("ทำตามแผนไม่ทันครับ ฝนตก", False, "ฝนตก"),
    ("ไม่น่าจะทันตามแผนค่ะ", False, None),
    ("N - รอผลตรวจสอบจาก สตง.", False, "รอผลตรวจสอบจาก สตง."),
    ("เป็นไปตามแผน: ไม่    หมายเหตุ: ผู้รับจ้างขอขยายเวลา", False, "ผู้รับจ้างขอขยายเวลา"),
])
def test_the_plan_read_from_what_comes_after_too(said: str, answer: bool, why: str | None
                                                 ) -> None:
    assert _plan(said) == (readers.Ok(answer), why)


def test_a_reason_of_several_lines_is_kept_as_written() -> None:
    answer, why = _target("ไม่ถึงเป้า\n- อปพร.ลาออก 4 คน\n- ฝนตก ยกเลิกฝึก 1 ครั้ง")
    assert (answer, why) == (readers.Ok(False), "- อปพร.ลาออก 4 คน\n- ฝนตก ยกเลิกฝึก 1 ครั้ง")


def test_a_double_negative_said_after_is_a_yes() -> None:
    assert _plan("ตามแผนค่ะ ไม่ได้ล่าช้า")[0] == readers.Ok(True)  # no particle after ไม่ได้
    assert _target("ตามเป้าครับ ไม่ใช่ไม่ตามเป้า")[0] == readers.Ok(True)
    assert _target("ไม่ใช่ ไม่ถึงเป้า")[0] == readers.Ok(False)  # with a space: a plain no


@pytest.mark.parametrize("said", ["45%", "เดี๋ยวนะคะ 45% ค่ะ", "30,000 บาท", "เหนื่อยค่ะ 555",
                                  "เดี๋ยวพิมพ์ให้ครับ กำลังออกเหตุ"])
def test_a_figure_a_feeling_or_a_promise_is_no_obstacle(said: str) -> None:
    assert isinstance(readers.read_obstacles(said), readers.Problem)


def test_an_obstacle_pointed_back_to_and_said_again_is_kept_without_the_pointer() -> None:
    assert readers.read_obstacles("เหมือนที่บอกไปค่ะ ฝนตก") == readers.Ok("ฝนตก")
    assert readers.read_obstacles("ขาดคน 3 คน") == readers.Ok("ขาดคน 3 คน")


@pytest.mark.parametrize(("said", "asked"), [
    ("รายงานเดือนนี้ของสถานีดับเพลิงบางเขนครับ", True), ("ก็ทำเหมือนเดิมค่ะ", True),
    ("ช่วงนี้ยุ่งมากค่ะ ทั้งงานภาษีทั้งงานเลือกตั้ง 😩", True),
    ("ช่วงนี้ยุ่งกับการสำรวจที่ดิน 300 แปลง", False),
])
def test_a_heading_as_before_or_how_busy_one_is_is_no_work_done(said: str, asked: bool) -> None:
    assert isinstance(readers.read_detail(said), readers.Problem) is asked


def test_this_months_amount_beside_the_total_is_shown_back() -> None:
    read = readers.read_money("เดือนนี้เบิก 50,000 สะสมรวม 370,500.00")
    assert isinstance(read, readers.Ok)
    assert read.value == Decimal("50000.00")
    assert read.confirm is not None
    assert "370,500.00" in read.confirm
    assert readers.read_money("เบิก 2 งวดค่ะ งวดละ 40,000").value == Decimal(80000)  # type: ignore[union-attr]


def test_a_change_from_last_months_progress_is_worked_out_and_shown_back() -> None:
    checking = step(PROGRESS_FORM, draft_at("progress", last_progress="40"), "เพิ่มขึ้น 5%").draft
    assert checking is not None
    assert checking.stage is Stage.CHECK
    assert checking.pending == "45.00"


def test_a_figure_then_a_cheer_on_the_next_line_is_the_figure() -> None:
    new = step(PROGRESS_FORM, draft_at("progress"), "90 ค่า\nเย้ใกล้เสร็จแล้ว 🥳").draft
    assert new is not None
    assert Decimal(new.values["progress"]) == 90


def test_cancel_with_no_more_edits_at_the_edit_menu_keeps_the_report() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(), "ยกเลิกค่ะ ไม่แก้แล้ว")
    assert result.draft is not None
    assert result.draft.stage is Stage.CONFIRM
    assert result.draft.values == _at_the_edit_menu().values


def test_a_corrected_figure_named_at_the_edit_menu_is_taken() -> None:
    new = step(PROGRESS_FORM, _at_the_edit_menu(), "ความคืบหน้าค่ะ พิมพ์ผิดไป 84 จริงๆ 48").draft
    assert new is not None
    assert Decimal(new.values["progress"]) == 48


@pytest.mark.parametrize("said", ["ผลงานเพิ่มขึ้น 8%", "ความคืบหน้าเพิ่มอีก 8%"])
def test_the_work_up_by_a_percent_at_the_edit_menu_is_the_progress(said: str) -> None:
    menu = _at_the_edit_menu()
    menu = replace(menu, context={**menu.context, "last_progress": "40"})
    new = step(PROGRESS_FORM, menu, said).draft
    assert new is not None
    assert new.stage is Stage.CHECK
    assert new.slot == "progress"
    assert new.pending == "48.00"


def test_another_field_after_keep_that_one_and_two_pasted_cells() -> None:
    picked = step(PROGRESS_FORM, _at_the_edit_menu(), "ผลเบิกจ่ายไม่ต้องแก้ แก้ % แทน").draft
    assert picked is not None
    assert picked.slot == "progress"
    pasted = step(PROGRESS_FORM, _at_the_edit_menu(), "47.75%    320,500.00").draft
    assert pasted is not None
    assert pasted.values == _at_the_edit_menu().values
    assert pasted.stage is Stage.PICK_FIELD


def test_the_right_figure_at_the_summary_never_sends() -> None:
    said = "ยอดเงินเบิกจ่ายพิมพ์ตกเลขศูนย์ไปหนึ่งตัว ที่ถูกต้องคือ 1,500,000 บาท"
    result = step(PROGRESS_FORM, _at_the_summary(), said)
    assert not any(isinstance(e, Submit) for e in result.effects)


@pytest.mark.parametrize(("said", "intent"), [
    ("รายงานแล้วครับ", Intent.THANKS),
    ("ส่งรายงานไม่ได้ครับ กดแล้วเงียบ", Intent.HELP),
    ("ทำไมส่งรายงานไม่ได้คะ", Intent.HELP),
    ("ผอ.ขอสรุปทุกโครงการของฝ่ายรายได้ค่ะ", Intent.DIGEST),
    ("ผอ.สถานีขอดูว่าทั้ง 5 โครงการไปถึงไหนแล้ว", Intent.DIGEST),
    ("เดือนนี้มีอะไรต้องส่งบ้างคะ", Intent.OVERDUE),
    ("ส่งรายงานไปเมื่อวานแล้ว ขอดูหน่อยได้ไหมคะ", Intent.HISTORY),
])
def test_idle_messages_about_reports(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


def test_another_projects_status_at_the_edit_menu_is_no_field() -> None:
    result = step(PROGRESS_FORM, _at_the_edit_menu(),
                  "สถานะโครงการตู้คีออส 50470000-3436 ถึงไหนแล้วคะ")
    assert result.draft is None or result.draft.values == _at_the_edit_menu().values


# The forty-seventh and forty-eighth.

@pytest.mark.parametrize(("said", "why"), [
    ("ล่าช้า เนื่องจากไม่มีผู้รับจ้าง", "ไม่มีผู้รับจ้าง"),  # never "มีผู้รับจ้าง", the opposite
    ("ไม่ตามแผน ไม่มีคนงาน", "ไม่มีคนงาน"),
    ("ไม่ ฝนตก", "ฝนตก"), ("ไม่อะ ช้า", None),
    ("ช้ากว่าแผนนิดหน่อยแต่ไม่มีปัญหาครับ", None),
])
def test_a_reason_keeps_its_own_no(said: str, why: str | None) -> None:
    assert _plan(said) == (readers.Ok(False), why)


def test_a_colleague_relaying_is_not_the_reason() -> None:
    assert _target("พี่เขาบอกว่าไม่ถึงค่ะ ตัดกิ่งได้ 90 จาก 150 ต้น") == (
        readers.Ok(False), "ตัดกิ่งได้ 90 จาก 150 ต้น")


def test_done_out_of_the_goal_is_read_and_shown_back() -> None:
    answer, why = _target("ได้ 48 จาก 50 คนค่ะ")
    assert answer == readers.Ok(False, confirm=readers.ASSUMED.format(answer="ไม่เป็นไปตามเป้า"))
    assert why == "ได้ 48 จาก 50 คน"
    assert _target("ใกล้ถึงเป้าแล้วค่ะ ขาดอีก 5 ราย") == (readers.Ok(False), "ขาดอีก 5 ราย")
    assert _target("ยังไม่ถึงเป้าแต่ใกล้แล้ว") == (readers.Ok(False), None)


@pytest.mark.parametrize(("said", "kept"), [
    ("เรียนแจ้งว่า ไม่มีปัญหาอุปสรรคในการดำเนินงานค่ะ ขอบคุณค่ะ", None),
    ("สวัสดีค่ะ ขอแจ้งปัญหาคือ ผู้สูงอายุติดเตียงบางรายปฏิเสธการเยี่ยมบ้านค่ะ ขอบคุณค่ะ",
     "ผู้สูงอายุติดเตียงบางรายปฏิเสธการเยี่ยมบ้าน"),
    ("ปัญหาเดิมค่ะ คือพยาบาลไม่พอ", "พยาบาลไม่พอ"),
    ("มีปัญหาที่ดินยังไม่ส่งมอบ", "มีปัญหาที่ดินยังไม่ส่งมอบ"),  # "ที่ดิน" is land
])
def test_an_obstacles_opening_is_left_out(said: str, kept: str | None) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


def test_a_lone_total_is_shown_back_before_it_is_kept() -> None:
    read = readers.read_money("เบิกสะสมทั้งหมด 80,000 ค่ะ")
    assert isinstance(read, readers.Ok)
    assert read.confirm is not None
    assert "ยอดสะสม" in read.confirm


@pytest.mark.parametrize(("said", "field", "value"), [
    ("ไม่ถึงเป้าค่ะ เพราะฝนตก", "on_target", False),
    ("ไม่ตามแผนนะ ไม่ใช่ตามแผน", "on_plan", False),
])
def test_the_other_answer_said_plainly_at_the_summary_corrects_it(said: str, field: str,
                                                                   value: bool) -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), said)
    assert not any(isinstance(e, Submit) for e in result.effects)
    assert result.draft is not None
    assert result.draft.values[field] is value


def test_a_send_then_wait_is_no_send() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ยืนยัน\nเดี๋ยวๆ เปอร์เซ็นต์ผิด")
    assert not any(isinstance(e, Submit) for e in result.effects)
    assert result.draft is not None
    assert result.draft.slot == "progress"


def test_not_this_field_but_that_one_at_the_edit_menu() -> None:
    new = step(PROGRESS_FORM, _at_the_edit_menu(), "ไม่ใช่ความก้าวหน้าค่ะ เป็นยอดเบิก").draft
    assert new is not None
    assert new.slot == "disbursed"


@pytest.mark.parametrize("said", ["[สติกเกอร์ยกนิ้ว]", "[สติกเกอร์ OK]"])
def test_an_approving_sticker_in_words_is_a_yes(said: str) -> None:
    new = step(PROGRESS_FORM, draft_at("on_plan"), said).draft
    assert new is not None
    assert new.values["on_plan"] is True


@pytest.mark.parametrize(("said", "intent"), [
    ("สวัสดีค่ะ เพิ่งเข้ามาใช้ครั้งแรก ต้องทำอะไรก่อนคะ", Intent.HELP),
    ("ส่งรายงานย้อนหลังของเดือนที่แล้วค่ะ", Intent.REPORT),
    ("งานไหนเลยกำหนดแล้วบ้างคะ หัวหน้าถามมาค่ะ", Intent.OVERDUE),
])
def test_more_idle_messages(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


# The forty-ninth and fiftieth.

def test_a_cancel_with_a_drawn_particle_never_ends_a_leave() -> None:
    assert grammar.understand("ยกเลิกค่า").intent is not Intent.END_LEAVE
    assert grammar.understand("ยกเลิกลา").intent is Intent.END_LEAVE
    assert step(PROGRESS_FORM, draft_at("on_target"), "ยกเลิกค่า").draft is None  # cancelled


@pytest.mark.parametrize("said", ["[รูปภาพ]", "งานเยอะ เหนื่อยมาก ฝนก็ตกไม่หยุด 😩",
                                  "อันนี้ใส่ของเดือนนี้อย่างเดียวหรือรวมที่ทำมาทั้งหมดคะ",
                                  "เดี๋ยวนะคะ ลูกค้าเยอะ"])
def test_no_work_done_in_these(said: str) -> None:
    assert isinstance(readers.read_detail(said), readers.Problem)


@pytest.mark.parametrize("said", ["ขอคิดก่อนนะคะ เดี๋ยวมาตอบ", "ไม่ถึงเป้าค่ะ"])
def test_no_obstacle_in_these(said: str) -> None:
    assert isinstance(readers.read_obstacles(said), readers.Problem)


@pytest.mark.parametrize(("said", "why"), [
    ("ไม่ครับ ช้าไป 2 สัปดาห์ เพราะใบพัดปั๊มตัวที่ 3 แตก", "ช้าไป 2 สัปดาห์ เพราะใบพัดปั๊มตัวที่ 3 แตก"),
    ("ไม่ค่ะ ช้าไป ๒ สัปดาห์", "ช้าไป ๒ สัปดาห์"),
])
def test_how_late_stays_in_the_reason(said: str, why: str) -> None:
    assert _plan(said) == (readers.Ok(False), why)


def test_a_slip_owned_up_to_leaves_the_reason() -> None:
    new = step(PROGRESS_FORM, draft_at("on_target"),
               "ถึงเป้าค่ะ อ้ะ ขอโทษค่ะ ยังไม่ถึง ขาดอีก 20 ราย").draft
    assert new is not None
    assert (new.values["on_target"], new.values["obstacles"]) == (False, "ขาดอีก 20 ราย")


def test_a_small_one_after_no_big_problem_is_shown_back() -> None:
    read = readers.read_obstacles("ไม่มีปัญหาหนัก มีแค่ไฟดับบางคืน")
    assert isinstance(read, readers.Ok)
    assert read.value == "ไฟดับบางคืน"
    assert read.confirm is not None


def test_a_figure_and_the_one_it_is_not() -> None:
    new = step(PROGRESS_FORM, _at_the_summary(), "๕๕% ค่ะ ไม่ใช่ ๕๐").draft
    assert new is not None
    assert Decimal(new.values["progress"]) == 55


def test_no_problems_any_more_at_the_edit_menu_clears_them() -> None:
    menu = replace(_at_the_edit_menu(), values={**_at_the_edit_menu().values,
                                                "obstacles": "ฝนตก"})
    new = step(PROGRESS_FORM, menu, "ไม่มีปัญหาแล้วค่ะ แก้ตรงนั้น").draft
    assert new is not None
    assert not new.values["obstacles"]


# The fifty-first and fifty-second.

def test_send_and_cancel_in_one_message_asks_which() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ยืนยัน ยกเลิก")
    assert not any(isinstance(e, Submit) for e in result.effects)
    assert result.draft is not None
    sent = step(PROGRESS_FORM, _at_the_summary(), "ยกเลิกการแก้ไขค่ะ ส่งเลย")
    assert any(isinstance(e, Submit) for e in sent.effects)


@pytest.mark.parametrize(("said", "kept"), [("56 ครับ เดือนหน้าคาดว่า 70", 56), ("55 ไม่ใช่ 50", 55)])
def test_the_figure_now_not_the_forecast_or_the_other(said: str, kept: int) -> None:
    new = step(PROGRESS_FORM, draft_at("progress"), said).draft
    assert new is not None
    assert Decimal(new.values["progress"]) == kept


def test_two_sources_that_disagree_are_asked_about() -> None:
    result = step(PROGRESS_FORM, draft_at("progress"), "ครูเขียนไว้ 45 แต่ฝ่ายการเงินบอก 50 ค่ะ")
    assert result.draft is not None
    assert "progress" not in result.draft.values


@pytest.mark.parametrize(("said", "answer", "why"), [
    ("ไม่มีอะไรล่าช้าเลยค่ะ", True, None),
    ("ไม่ตามครับ ผู้รับจ้างขาดแคลนกล้องเพราะของติดศุลกากร", False,
     "ผู้รับจ้างขาดแคลนกล้องเพราะของติดศุลกากร"),
    ("พี่การเงินบอกว่าช้าค่ะ เอกสารเบิกจ่ายไม่ครบ", False, "เอกสารเบิกจ่ายไม่ครบ"),
    ("ไม่ถึงค่ะ\nเดี๋ยวนะคะ เด็กทะเลาะกัน\nเหตุผลคือแม่ครัวลาออก 2 คนค่ะ", False,
     "แม่ครัวลาออก 2 คน"),
])
def test_more_plans(said: str, answer: bool, why: str | None) -> None:
    assert _plan(said) == (readers.Ok(answer), why)


@pytest.mark.parametrize(("said", "kept"), [
    ("ปัญหาไม่มีครับ อุปสรรคก็ไม่มี", None),
    ("เรียนเจ้าหน้าที่ครับ ตัวควบคุมไฟ 2 แยกค่าเวลาเพี้ยน ขอบคุณครับ", "ตัวควบคุมไฟ 2 แยกค่าเวลาเพี้ยน"),
    ("สวัสดีค่ะ ขออนุญาตแจ้งว่า ช่างเข้าพื้นที่ไม่ได้ ขอบคุณค่ะ", "ช่างเข้าพื้นที่ไม่ได้"),
])
def test_more_obstacles(said: str, kept: str | None) -> None:
    assert readers.read_obstacles(said) == readers.Ok(kept)


def test_news_of_an_incident_opens_no_report() -> None:
    assert grammar.understand("รายงานด่วน ไฟจราจรแยกอโศกดับ").intent is None
    said = "รายงานด่วน! โครงการ CCTV 50470000-3430 ขอส่งเลย"
    assert grammar.understand(said).intent is Intent.REPORT
    assert grammar.understand("บอทเอาเปอร์เซ็นต์เดือนก่อนมาจากไหนครับ").intent is Intent.HELP


# The sixth new-user trial (a helper driving `tidtam chat`).

def test_a_filler_before_the_added_obstacle_is_left_out() -> None:
    new = step(PROGRESS_FORM, _at_the_summary(),
               "ขอเพิ่มปัญหาหน่อยค่ะ ฝนตกหนักช่วงกลางเดือนทำให้เทคอนกรีตไม่ได้ 3 วันค่ะ").draft
    assert new is not None
    assert str(new.values["obstacles"]).startswith("ฝนตกหนัก")


@pytest.mark.parametrize("said", ["ยังไม่มีค่ะ", "ยังไม่มีค่ะ เพราะงานยังไม่เสร็จ"])
def test_none_yet_for_the_optional_count_skips_it(said: str) -> None:
    new = step(PROGRESS_FORM, corpus_draft("beneficiaries"), said).draft
    assert new is not None
    assert new.slot != "beneficiaries"
    assert new.values["beneficiaries"] is None


def test_the_spreadsheet_asked_for_in_a_sentence() -> None:
    assert grammar.understand("ขอไฟล์ Excel สรุปรายงานเดือนนี้ครับ").intent is Intent.EXCEL


@pytest.mark.parametrize(("said", "sent"), [("ได้ค่ะ บันทึกเลยค่ะ", True), ("บันทึกผิดค่ะ", False)])
def test_save_it_at_an_amendments_summary(said: str, sent: bool) -> None:
    amending = replace(_at_the_summary(), mode="amend")
    result = step(PROGRESS_FORM, amending, said)
    assert any(isinstance(e, Submit) for e in result.effects) is sent
