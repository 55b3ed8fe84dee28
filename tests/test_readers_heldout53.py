"""The rules the fifty-third and fifty-fourth held-out corpora taught: a next line that takes
the first back ("\\nขอแก้เป็น …"), Isan "บ่" and "เด้อ", text added to a field shown back, what is
left to do, a sum worked out, and the idle and registration messages they found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations import grammar, readers
from conversations.engine import Stage, Submit
from conversations.grammar import Intent
from conversations.progress_form import PROGRESS_FORM
from conversations.step import claims, step
from handlers.register import invite_code_in
from tests.step_corpus import _draft as corpus_draft
from tests.test_readers_heldout5 import draft_at
from tests.test_readers_heldout17 import _at_the_edit_menu, _at_the_summary


def _number(raw: object) -> Decimal:
    return Decimal(str(raw))


def test_a_next_line_that_takes_the_first_back_is_the_answer() -> None:
    kept = step(PROGRESS_FORM, draft_at("obstacles"),
                "ไม่มีครับ\nขอแก้เป็น ระดับน้ำในคลองสูง ตอกเข็มไม่ได้").draft
    assert kept is not None
    assert kept.values["obstacles"] == "ระดับน้ำในคลองสูง ตอกเข็มไม่ได้"
    plan = step(PROGRESS_FORM, draft_at("on_plan"), "ไม่ตามแผน\nขอแก้ ตามแผนครับ").draft
    assert plan is not None
    assert plan.values["on_plan"] is True
    assert grammar.understand("สถานะ 50470000-3430\nขอแก้เป็น 50470000-3431 ครับ").code == \
        "50470000-3431"


def test_a_send_taken_back_on_the_next_line_sends_nothing() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ยืนยัน\nเดี๋ยวครับ ขอแก้ % เป็น 49 ก่อน")
    assert not any(isinstance(e, Submit) for e in result.effects)
    assert result.draft is not None
    assert _number(result.draft.values["progress"]) == Decimal(49)


def test_isan_no_is_read_and_the_text_is_kept_as_typed() -> None:
    read, reason = readers.read_yes_no_reason("บ่ตามแผนเด้อครับ ช่างติดงานอื่น",
                                              readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert isinstance(read, readers.Ok)
    assert read.value is False
    assert reason == "ช่างติดงานอื่น"
    said = readers.read_obstacles("บ่มีช่างเด้อครับ ช่างในชุมชนไปทำงานต่างจังหวัดหมด")
    assert isinstance(said, readers.Ok)
    assert said.value == "บ่มีช่าง ช่างในชุมชนไปทำงานต่างจังหวัดหมด"
    menu = step(PROGRESS_FORM, _at_the_edit_menu(), "ตามเป้าหมายบ่ถึงเด้อครับ ผู้เข้าอบรมมาน้อย").draft
    assert menu is not None
    assert menu.values["on_target"] is False


@pytest.mark.parametrize(("said", "meant"), [("not yet ครับ ช้ากว่าเป้า", False),
                                             ("ตามเป่าค่ะ", True),
                                             ("ได้แค่ครึ่งเดียวค่ะ ซ่อมไป 5 หลังจาก 10 หลัง", False)])
def test_target_answers(said: str, meant: bool) -> None:
    read, _ = readers.read_yes_no_reason(said, readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE)
    assert isinstance(read, readers.Ok)
    assert read.value is meant


def test_one_part_on_target_and_one_not_is_asked() -> None:
    read, _ = readers.read_yes_no_reason("ถนนได้ตามเป้า ทางเท้ายังไม่ได้",
                                         readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE)
    assert not isinstance(read, readers.Ok)


@pytest.mark.parametrize(("said", "total"), [("เหลืออีก 30% ก็เสร็จแล้วค่ะ", Decimal(70)),
                                             ("ก็เหมือนเดือนที่แล้วครับ บ่ขยับเลย ฝนตกทั้งเดือน",
                                              Decimal(40))])
def test_what_is_left_or_no_change_is_worked_out_and_shown_back(said: str, total: Decimal) -> None:
    shown = step(PROGRESS_FORM, corpus_draft("progress"), said)
    assert shown.draft is not None
    assert shown.draft.stage is Stage.CHECK
    assert shown.draft.pending is not None
    assert _number(shown.draft.pending) == total


def test_a_sum_worked_out_is_its_result() -> None:
    kept = step(PROGRESS_FORM, corpus_draft("progress"), "40+7.5 = 47.5 ครับ").draft
    assert kept is not None
    assert _number(kept.values["progress"]) == Decimal("47.5")


def test_text_added_at_the_summary_is_shown_back_before_it_is_kept() -> None:
    shown = step(PROGRESS_FORM, _at_the_summary(), "รายละเอียดขาดไปค่ะ ต้องเพิ่มว่าแจกถุงยังชีพ 200 ถุง")
    assert shown.draft is not None
    assert shown.draft.stage is Stage.CHECK
    assert shown.draft.values["detail"] == "ประชุม"  # not yet
    assert "ประชุม แจกถุงยังชีพ 200 ถุง" in shown.replies[0]["text"]
    kept = step(PROGRESS_FORM, shown.draft, "ค่ะ").draft
    assert kept is not None
    assert kept.values["detail"] == "ประชุม แจกถุงยังชีพ 200 ถุง"
    assert kept.stage is Stage.CONFIRM


def test_the_edit_menu_takes_not_paid_a_slip_and_all_right() -> None:
    paid = step(PROGRESS_FORM, _at_the_edit_menu(), "ที่จริงยังไม่ได้เบิกครับ").draft
    assert paid is not None
    assert paid.stage is Stage.CONFIRM
    assert _number(paid.values["disbursed"]) == Decimal(0)
    slip = step(PROGRESS_FORM, _at_the_edit_menu(), "ความก้าวหน่าค่ะ").draft
    assert slip is not None
    assert slip.slot == "progress"
    done = step(PROGRESS_FORM, _at_the_edit_menu(), "ถูกหมดแล้ว ส่งได้เลย")
    assert done.draft is not None
    assert done.draft.stage is Stage.CONFIRM
    assert not done.effects  # back to the summary, nothing sent


@pytest.mark.parametrize("said", ["เบิกงวด 2 แล้วครับ", "อันนี้โครงการไหนคะ มีหลายโครงการ",
                                  "ใส่งานของผู้รับจ้างอย่างเดียว หรือรวมงานตรวจสอบของเราด้วยครับ"])
def test_money_or_a_question_is_not_the_work_done(said: str) -> None:
    asked = step(PROGRESS_FORM, draft_at("detail"), said).draft
    assert asked is not None
    assert "detail" not in asked.values


@pytest.mark.parametrize(("said", "intent"), [("ส่งรายงานทางอีเมลไปแล้วนะคะ", Intent.THANKS),
                                              ("progress report ครับ", Intent.REPORT),
                                              ("บอทต้องการข้อมูลอะไรจากผมครับ", Intent.HELP),
                                              ("หัวหน้าขอดูว่าโครงการไหนช้าบ้าง", Intent.DIGEST)])
def test_idle_messages(said: str, intent: Intent) -> None:
    assert grammar.understand(said).intent is intent


@pytest.mark.parametrize(("said", "code"), [
    ("[สติกเกอร์] fp9v2cwa", "FP9V-2CWA"),
    ("อันเก่า A3BC-D4EF ใช้ไม่ได้ค่ะ แอดมินส่งอันใหม่มาให้แล้ว G5HJ-K6LM", "G5HJ-K6LM")])
def test_the_code_after_a_sticker_or_the_new_one_of_two(said: str, code: str) -> None:
    assert invite_code_in(said) == code


# The fifty-fifth and fifty-sixth corpora.

@pytest.mark.parametrize(("slot", "said"), [
    ("detail", "รับทราบค่ะ"), ("detail", "ดำเนินการให้ค่ะ"), ("obstacles", "รับทราบค่ะ"),
    ("detail", "งานเดือนนี้หรืองานสะสมทั้งหมดคะ"), ("obstacles", "ปัญหาด้านงบประมาณหรือรวมด้านอื่นด้วยคะ"),
    ("detail", "ตามที่รายงานหัวหน้าไปแล้วค่ะ"), ("obstacles", "อุปสรรคตามที่แจ้งไว้ในข้อตามแผนค่ะ"),
    ("detail", "เดี๋ยวขอรวบรวมตัวเลขจากเขตก่อนนะคะ แล้วจะส่งให้")])
def test_words_that_are_no_answer_are_not_stored(slot: str, said: str) -> None:
    asked = step(PROGRESS_FORM, draft_at(slot), said).draft
    assert asked is not None
    assert slot not in asked.values


@pytest.mark.parametrize("said", ["ยอดสัญญา 2,400,000 บาทค่ะ",
                                  "อยู่ระหว่างตั้งฎีกาเบิก 300,000 บาท ยังไม่ได้รับเงิน"])
def test_a_contracts_value_or_money_not_yet_paid_is_asked_about(said: str) -> None:
    asked = step(PROGRESS_FORM, draft_at("disbursed"), said).draft
    assert asked is not None
    assert "disbursed" not in asked.values
    assert asked.stage is Stage.ASK


def test_a_forwarded_message_is_read_inside_its_quotes() -> None:
    plan = step(PROGRESS_FORM, draft_at("on_plan"), 'ส่งต่อจากหัวหน้าฝ่ายค่ะ: "โครงการบ่อดักไขมัน'
                'ให้รายงานว่าไม่เป็นไปตามแผน เหตุผู้ค้าย้ายแผง"').draft
    assert plan is not None
    assert plan.values["on_plan"] is False
    assert plan.values["obstacles"] == "ผู้ค้าย้ายแผง"
    kept = step(PROGRESS_FORM, draft_at("obstacles"),
                'ส่งต่อจากหัวหน้าฝ่ายค่ะ\n"ปัญหาคือ รถบรรทุกดินเลี่ยงจุดตรวจ"').draft
    assert kept is not None
    assert kept.values["obstacles"] == "รถบรรทุกดินเลี่ยงจุดตรวจ"


@pytest.mark.parametrize("said", ["ตามเป้าค่ะ ไม่สิ ยังไม่แน่ใจ", "คาดว่าจะถึงเป้าภายในเดือนหน้าค่ะ"])
def test_a_yes_taken_back_or_only_hoped_for_is_asked(said: str) -> None:
    asked = step(PROGRESS_FORM, draft_at("on_target"), said).draft
    assert asked is not None
    assert "on_target" not in asked.values


def test_send_now_fix_next_month_sends() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "ส่งไปก่อนเลยค่ะ เดี๋ยวค่อยแก้เดือนหน้า")
    assert any(isinstance(e, Submit) for e in result.effects)
    kept = readers.read_obstacles("ไม่มีค่ะ (ตามแผนทุกอย่าง)")
    assert kept == readers.Ok(None)


# The fifty-seventh and fifty-eighth corpora.

@pytest.mark.parametrize(("slot", "said", "meant"), [
    ("on_plan", "การดำเนินงานเป็นไปตามแผนหรือไม่คะ เป็นไปตามแผนค่ะ", True),
    ("on_target", "ผลการดำเนินงานเป็นไปตามเป้าหมายหรือไม่คะ ไม่เป็นค่ะ", False),
    ("obstacles", "มีปัญหาหรืออุปสรรคในการดำเนินงานอย่างไรบ้างคะ ไม่มีค่ะ", None),
    ("obstacles", "หลานพิมพ์ให้นะคะ ยายบอกว่าไม่มีปัญหาค่ะ", None),
    ("obstacles", "ไม่มีคั", None), ("obstacles", "ถามเยอะจัง ไม่มี", None)])
def test_the_question_copied_back_or_typed_for_someone_is_read_past(
        slot: str, said: str, meant: object) -> None:
    kept = step(PROGRESS_FORM, draft_at(slot), said).draft
    assert kept is not None
    assert kept.values[slot] is meant


def test_the_question_copied_back_is_no_status_request() -> None:
    draft = corpus_draft("progress")
    said = "ความก้าวหน้าของงานสะสมถึงตอนนี้กี่เปอร์เซ็นต์คะ 58"
    assert claims(PROGRESS_FORM, draft, said)
    kept = step(PROGRESS_FORM, draft, said).draft
    assert kept is not None
    assert _number(kept.values["progress"]) == Decimal(58)


@pytest.mark.parametrize("said", ["มีปัญหาเรื่อง", "ปัญหาคือ"])
def test_a_cut_off_sentence_is_no_obstacle(said: str) -> None:
    asked = step(PROGRESS_FORM, corpus_draft("obstacles"), said).draft
    assert asked is not None
    assert "obstacles" not in asked.values


@pytest.mark.parametrize(("said", "meant"), [("แผน 60 ผล 55", False),
                                             ("progress 63% แผน 60%", True)])
def test_plan_against_result_answers_the_plan_shown_back(said: str, meant: bool) -> None:
    shown = step(PROGRESS_FORM, draft_at("on_plan"), said).draft
    assert shown is not None
    assert shown.stage is Stage.CHECK
    kept = step(PROGRESS_FORM, shown, "ค่ะ").draft
    assert kept is not None
    assert kept.values["on_plan"] is meant


@pytest.mark.parametrize(("slot", "said", "value"), [
    ("progress", "หกสิบหา", Decimal(65)), ("progress", "ผลสะสมไตรมาส 2 = 52 (แผน 58)", Decimal(52))])
def test_figures_with_a_slip_or_an_aside(slot: str, said: str, value: Decimal) -> None:
    kept = step(PROGRESS_FORM, corpus_draft(slot), said).draft
    assert kept is not None
    assert _number(kept.values[slot]) == value


def test_a_wrong_yes_no_and_its_new_answer_at_the_summary() -> None:
    new = step(PROGRESS_FORM, _at_the_summary(), "ตามแผนผิด ไม่ตามแผนค่ะ ฝนตก").draft
    assert new is not None
    assert new.values["on_plan"] is False
    assert new.values["obstacles"] == "ฝนตก"


def test_not_not_late_after_all_is_asked() -> None:
    read, _ = readers.read_yes_no_reason("ไม่ใช่ไม่ตามแผนนะ แค่ช้านิดหน่อย",
                                         readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert not isinstance(read, readers.Ok)
    plain, _ = readers.read_yes_no_reason("ไม่ใช่ไม่ตามแผนค่ะ",
                                          readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert plain == readers.Ok(True)


def test_the_wrong_project_at_the_summary_offers_cancel_and_sends_nothing() -> None:
    result = step(PROGRESS_FORM, _at_the_summary(), "อันนี้ของตลาดนัดนะ ไม่ใช่งานผู้สูงวัย")
    assert not result.effects
    assert result.draft == _at_the_summary()
    assert "ยกเลิก" in result.replies[0]["text"]
