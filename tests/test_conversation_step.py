"""The pure conversation step, driven through the progress report form."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conversations import prompts
from conversations.engine import Draft, Result, Stage, Submit, start, values_of
from conversations.progress_form import PROGRESS_FORM as FORM
from conversations.step import step
from conversations.summary import summary_messages


def _texts(result: Result) -> str:
    return "\n".join(m.get("text") or m.get("altText", "") for m in result.replies)


def _begin(**ctx: str) -> Draft:
    result = start(FORM, Draft(form="progress", target="50470000-3430",
                               target_label="โครงการทดสอบ", context=dict(ctx)))
    assert result.draft is not None
    assert result.draft.slot == "detail"
    return result.draft


def _run(draft: Draft, *answers: str) -> Result:
    result = Result(draft)
    for answer in answers:
        assert result.draft is not None, f"conversation ended before {answer!r}"
        result = step(FORM, result.draft, answer)
    return result


def test_full_report_reaches_summary_and_submits() -> None:
    result = _run(_begin(), "ประชุมคณะทำงาน\nจัดทำคลิปแล้ว", "ร้อยละ ๘๐", "1,234.50 บาท",
                  "เป็นไปตามแผน", "ใช่", "ข้าม", "ข้าม")
    assert result.draft is not None
    assert result.draft.stage is Stage.CONFIRM
    assert result.replies[0]["type"] == "flex"
    alt = result.replies[0]["altText"]
    assert "80.00 %" in alt
    assert "1,234.50 บาท" in alt
    done = step(FORM, result.draft, "ยืนยัน")
    assert done.draft is None
    assert len(done.effects) == 1
    assert isinstance(done.effects[0], Submit)
    values = values_of(FORM, done.effects[0].draft)
    assert values == {"detail": "ประชุมคณะทำงาน\nจัดทำคลิปแล้ว", "progress": Decimal("80.00"),
                      "disbursed": Decimal("1234.50"), "on_plan": True, "on_target": True,
                      "obstacles": None, "beneficiaries": None}


def test_unreadable_answer_repeats_question_and_keeps_earlier_answers() -> None:
    result = _run(_begin(), "ทำแล้ว", "เยอะมาก")
    assert result.draft is not None
    assert result.draft.slot == "progress"
    assert result.draft.values == {"detail": "ทำแล้ว"}
    assert "เช่น" in _texts(result)
    assert "กี่เปอร์เซ็นต์" in _texts(result)
    result = step(FORM, result.draft, "150")
    assert result.draft is not None
    assert result.draft.slot == "progress"


def test_back_cancel_help_and_resume() -> None:
    draft = _run(_begin(), "ทำแล้ว", "50").draft
    assert draft is not None
    assert draft.slot == "disbursed"
    back = step(FORM, draft, "ย้อนกลับ")
    assert back.draft is not None
    assert back.draft.slot == "progress"
    assert "progress" not in back.draft.values
    helped = step(FORM, back.draft, "ช่วยเหลือ")
    assert helped.draft == back.draft
    assert "ร้อยละ" in _texts(helped)
    resumed = step(FORM, back.draft, "ทำต่อ")
    assert resumed.draft == back.draft
    cancelled = step(FORM, back.draft, "ยกเลิก")
    assert cancelled.draft is None
    assert cancelled.effects == []


def test_back_at_first_question_says_so() -> None:
    result = step(FORM, _begin(), "ย้อนกลับ")
    assert "คำถามแรก" in _texts(result)
    assert result.draft is not None
    assert result.draft.slot == "detail"


@pytest.mark.parametrize(("ctx", "answers", "warning"), [
    ({"last_progress": "70.00"}, ("งาน", "60"), "ต่ำกว่ารายงานครั้งก่อน"),
    ({"last_progress": "10.00"}, ("งาน", "80"), "มากกว่า 50 จุด"),
    ({"last_progress": "0.00"}, ("งาน", "51"), "มากกว่า 50 จุด"),
    ({"budget_received": "1000.00", "budget_used": "900.00"}, ("งาน", "50", "200"),
     "เกินงบประมาณ"),
    ({}, ("งาน", "100", "0", "ไม่เป็นไปตามแผน"), "100.00 %"),
])
def test_soft_checks_ask_for_confirmation(ctx, answers, warning) -> None:
    result = _run(_begin(**ctx), *answers)
    assert result.draft is not None
    assert result.draft.stage is Stage.CHECK
    assert warning in _texts(result)
    slot = result.draft.slot
    accepted = step(FORM, result.draft, "ยืนยันค่านี้")
    assert accepted.draft is not None
    assert slot in accepted.draft.values
    again = step(FORM, result.draft, "กรอกใหม่")
    assert again.draft is not None
    assert again.draft.slot == slot
    assert slot not in again.draft.values


def test_a_new_value_during_a_check_is_read_as_the_answer() -> None:
    result = _run(_begin(last_progress="70.00"), "งาน", "60", "75")
    assert result.draft is not None
    assert result.draft.values["progress"] == "75.00"
    assert result.draft.slot == "disbursed"


def test_obstacles_required_when_not_on_plan_and_skippable_otherwise() -> None:
    late = _run(_begin(), "งาน", "40", "0", "ล่าช้า", "ไม่เป็นไปตามเป้าหมาย")
    assert late.draft is not None
    assert late.draft.slot == "obstacles"
    assert "ข้าม" not in _texts(late)
    refused = step(FORM, late.draft, "ข้าม")
    assert refused.draft is not None
    assert refused.draft.slot == "obstacles"
    assert "obstacles" not in refused.draft.values
    ok = _run(_begin(), "งาน", "40", "0", "ตามแผน", "ตามเป้า")
    assert ok.draft is not None
    assert "ข้าม" in _texts(ok)


def test_edit_from_summary_and_newly_required_field() -> None:
    summary = _run(_begin(), "งาน", "40", "0", "ตามแผน", "ตามเป้า", "ไม่มี", "ข้าม")
    assert summary.draft is not None
    assert summary.draft.stage is Stage.CONFIRM
    picking = step(FORM, summary.draft, "แก้ไข")
    assert picking.draft is not None
    assert picking.draft.stage is Stage.PICK_FIELD
    asked = step(FORM, picking.draft, "4")
    assert asked.draft is not None
    assert asked.draft.slot == "on_plan"
    changed = step(FORM, asked.draft, "ไม่เป็นไปตามแผน")
    assert changed.draft is not None
    assert changed.draft.slot == "obstacles", "obstacles became required"
    final = step(FORM, changed.draft, "ฝนตกหนัก")
    assert final.draft is not None
    assert final.draft.stage is Stage.CONFIRM
    assert final.draft.values["on_plan"] is False


def test_unknown_slot_is_an_error_not_a_stall() -> None:
    with pytest.raises(KeyError):
        FORM.slot("nonexistent")


def test_answers_given_in_one_message_get_the_same_soft_checks() -> None:
    draft = Draft(form="progress", target="50470000-3430", target_label="โครงการทดสอบ",
                  values={"detail": "งาน", "progress": "100.00", "disbursed": "0.00",
                          "on_plan": False}, unchecked=("detail", "progress", "disbursed",
                                                        "on_plan"),
                  context={"last_progress": "100.00"})
    result = start(FORM, draft)
    assert result.draft is not None
    assert result.draft.stage is Stage.CHECK
    assert result.draft.slot == "on_plan"
    assert "100.00 %" in _texts(result)
    confirmed = step(FORM, result.draft, "ยืนยันค่านี้")
    assert confirmed.draft is not None
    assert confirmed.draft.values["on_plan"] is False
    assert confirmed.draft.slot == "on_target"
    lower = start(FORM, Draft(form="progress", target="x", target_label="x",
                              values={"progress": "80.00"}, unchecked=("progress",),
                              context={"last_progress": "90.00"}))
    assert lower.draft is not None
    assert lower.draft.stage is Stage.CHECK
    again = step(FORM, lower.draft, "กรอกใหม่")
    assert again.draft is not None
    assert again.draft.slot == "progress"
    assert "progress" not in again.draft.values


def test_a_second_reason_joins_the_first_in_the_obstacles() -> None:
    result = _run(_begin(), "ซ่อมผิวจราจร 200 เมตร", "48", "0", "ไม่ตามแผน เพราะฝนตกหนัก",
                  "ไม่ได้ค่ะ ผู้รับเหมาเปลี่ยนโฟร์แมน")
    assert result.draft is not None
    assert result.draft.values["obstacles"] == "ฝนตกหนัก\nผู้รับเหมาเปลี่ยนโฟร์แมน"


def _sent(**ctx: str) -> Draft:
    """A sent report opened again (a correction, or "แนบรูป" when photos_only)."""
    filled = _run(_begin(), "ประชุมแล้ว", "40", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม").draft
    assert filled is not None
    return replace(filled, mode="amend", context={**filled.context, **ctx})


def test_cancelling_a_sent_report_opened_again_says_it_stays_as_sent() -> None:
    assert _texts(step(FORM, _sent(), "ยกเลิก")) == prompts.CANCELLED_AMEND
    assert _texts(step(FORM, _sent(photos_only="1"), "ยกเลิก")) == prompts.CANCELLED_PHOTOS
    assert _texts(step(FORM, _begin(), "ยกเลิก")) == prompts.CANCELLED


def test_a_sent_report_opened_for_photos_never_reads_as_filing_it() -> None:
    draft = _sent(photos_only="1", period_label="ต.ค. 2569")
    bubble, note = summary_messages(FORM, draft)
    footer = [b["action"] for b in bubble["contents"]["footer"]["contents"]]
    assert [(a["label"], a["text"]) for a in footer] == [("ยืนยันแนบรูป", "ยืนยัน"),
                                                         ("ยกเลิก", "ยกเลิก")]
    assert "ที่ส่งไปแล้ว" in note["text"]
    assert "เพื่อส่ง" not in bubble["altText"] + note["text"]
    again = step(FORM, draft, "ขอดูรูปก่อน")  # not understood at the summary: asked again
    labels = [i["action"]["label"] for i in again.replies[-1]["quickReply"]["items"]]
    assert labels[0] == "ยืนยันแนบรูป"
    assert "ยืนยันแนบรูป" in _texts(again)
    helped = _texts(step(FORM, draft, "ต้องทำยังไงคะ"))
    assert "รายงานที่ส่งไปแล้ว" in helped
    assert "บันทึกรายงาน" not in helped
    assert step(FORM, draft, "ยืนยัน").effects  # the button's text still confirms


def test_this_months_share_below_last_months_total_is_added_and_asked_to_confirm() -> None:
    checked = _run(_begin(last_progress="40.00"), "งาน", "เดือนนี้ทำได้ 8%")
    assert checked.draft is not None
    assert checked.draft.stage is Stage.CHECK
    assert checked.draft.pending == "48.00"
    assert "เดือนนี้ทำเพิ่ม 8% จากเดือนก่อน 40% รวมเป็นความก้าวหน้าสะสม 48%" in _texts(checked)
    kept = step(FORM, checked.draft, "ยืนยันค่านี้")
    assert kept.draft is not None
    assert kept.draft.values["progress"] == "48.00"


def test_this_months_figure_above_last_months_total_is_the_total() -> None:
    result = _run(_begin(last_progress="40.00"), "งาน", "เดือนนี้ทำได้ 45%")
    assert result.draft is not None
    assert result.draft.values["progress"] == "45.00"
    assert result.draft.slot == "disbursed"


def _at_summary() -> Draft:
    result = _run(_begin(), "ประชุมคณะทำงาน", "80", "1,000 บาท", "เป็นไปตามแผน", "ใช่", "ข้าม", "ข้าม")
    assert result.draft is not None
    assert result.draft.stage is Stage.CONFIRM
    return result.draft


def test_confirming_the_change_in_a_sentence_submits() -> None:
    done = step(FORM, _at_summary(), "ถูกต้องค่ะ ยืนยันการแก้ไขค่ะ")
    assert done.draft is None
    assert isinstance(done.effects[0], Submit)


def test_the_edit_menus_way_out_goes_back_to_the_summary_and_keeps_every_answer() -> None:
    summary = _at_summary()
    menu = step(FORM, summary, "แก้ไข")
    labels = [i["action"]["label"] for i in menu.replies[-1]["quickReply"]["items"]]
    assert labels[-1] == prompts.TO_SUMMARY
    assert prompts.CANCEL not in labels
    assert menu.draft is not None
    back = step(FORM, menu.draft, labels[-1])
    assert back.draft is not None
    assert back.draft.stage is Stage.CONFIRM
    assert back.draft.values == summary.values


def test_skip_said_with_a_particle_leaves_the_optional_count_out() -> None:
    at_count = _run(_begin(), "ประชุมคณะทำงาน", "80", "1,000 บาท", "เป็นไปตามแผน", "ใช่", "ข้าม")
    assert at_count.draft is not None
    assert at_count.draft.slot == "beneficiaries"
    for said in ("ข้ามค่ะ", "ไม่ทราบจำนวนที่แน่นอนค่ะ"):
        done = step(FORM, at_count.draft, said)
        assert done.draft is not None
        assert done.draft.stage is Stage.CONFIRM
        assert done.draft.values.get("beneficiaries") is None


def test_on_plan_and_on_target_said_in_one_answer_fill_both() -> None:
    result = _run(_begin(), "ประชุมคณะทำงาน", "80", "1,000 บาท",
                  "เป็นไปตามแผนค่ะ และก็ตรงตามเป้าหมายด้วยค่ะ")
    assert result.draft is not None
    assert result.draft.values["on_plan"] is True
    assert result.draft.values["on_target"] is True
    assert result.draft.slot != "on_target"


def test_figures_said_with_the_work_done_answer_their_questions_and_leave_the_text() -> None:
    said = ("ออกให้บริการรถห้องสมุด ๔ ชุมชนค่ะ มีเด็กมาใช้บริการประมาณ 320 คน "
            "ความคืบหน้าน่าจะราวๆ 35% ค่ะ เบิกไปสามหมื่นห้าพันบาทค่ะ")
    result = _run(_begin(), said)
    assert result.draft is not None
    assert result.draft.values["progress"] == "35.00"
    assert result.draft.values["disbursed"] == "35000.00"
    detail = result.draft.values["detail"]
    assert "35%" not in detail
    assert "สามหมื่น" not in detail
    assert "320 คน" in detail
    assert result.draft.slot == "on_plan"


def test_a_numbered_field_with_its_new_value_at_the_summary_changes_it() -> None:
    changed = step(FORM, _at_summary(), "ข้อ 1 ขอแก้เป็น ออกให้บริการรถห้องสมุดเคลื่อนที่ ๔ ชุมชน")
    assert changed.draft is not None
    assert changed.draft.stage is Stage.CONFIRM
    assert changed.draft.values["detail"] == "ออกให้บริการรถห้องสมุดเคลื่อนที่ ๔ ชุมชน"


def test_a_correction_shows_what_the_draft_says_and_a_yes_no_choice_is_offered_once() -> None:
    menu = step(FORM, _at_summary(), "แก้ไข")
    assert menu.draft is not None
    asked = step(FORM, menu.draft, "1")
    assert f"{prompts.NOW_SAID}: ประชุมคณะทำงาน" in _texts(asked)
    at_target = _run(_begin(), "ประชุมคณะทำงาน", "80", "1,000 บาท", "เป็นไปตามแผน")
    assert at_target.draft is not None
    unsure = step(FORM, at_target.draft, "ไม่แน่ใจครับ น่าจะยังตามเป้าอยู่ครับ")
    labels = [i["action"]["label"] for i in unsure.replies[-1]["quickReply"]["items"]]
    assert len([x for x in labels if "เป้า" in x]) == 2


def test_an_amount_said_with_the_work_done_still_gets_its_over_budget_check() -> None:
    begun = _begin(last_progress="40", budget_received="500000", budget_used="72500")
    checked = step(FORM, begun, "ออกให้บริการอีก 6 ครั้ง คืบหน้า 50% ใช้งบ 1 ล้านบาท")
    assert checked.draft is not None
    assert checked.draft.stage is Stage.CHECK
    assert checked.draft.slot == "disbursed"
    assert "เกินงบประมาณที่ได้รับ" in _texts(checked)


def test_a_bare_cancel_at_the_edit_menu_cancels_the_edit_and_keeps_the_draft() -> None:
    summary = _at_summary()
    menu = step(FORM, summary, "แก้ไข")
    assert menu.draft is not None
    back = step(FORM, menu.draft, "ยกเลิกค่ะ")
    assert back.draft is not None
    assert back.draft.stage is Stage.CONFIRM
    assert back.draft.values == summary.values
    assert prompts.EDIT_CANCELLED in _texts(back)
    gone = step(FORM, menu.draft, "ยกเลิกรายงาน")
    assert gone.draft is None


def test_asking_for_another_month_at_the_work_done_is_not_stored() -> None:
    asked = step(FORM, _begin(), "ขอเป็นเดือนพฤศจิกายนค่ะ")
    assert asked.draft is not None
    assert asked.draft.slot == "detail"
    assert "detail" not in asked.draft.values
