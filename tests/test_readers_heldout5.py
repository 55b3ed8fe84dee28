"""The rules the fifth held-out corpus taught, as rules: self-corrections, progress said as a
change from last month, answers that say nothing, and a field named with "ข้อ"."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from conversations import readers
from conversations.answers import corrected
from conversations.engine import Draft, Stage, dump_value
from conversations.progress_form import PROGRESS_FORM
from conversations.step import step


@pytest.mark.parametrize(("said", "meant"), [
    ("120000 เอ้ย 125000", "125000"),
    ("ใช่ค่ะ เอ้ย ไม่ใช่ค่ะ ช้ากว่าแผน", "ไม่ใช่ค่ะ ช้ากว่าแผน"),
    ("48เอ้ย53", "53"),
    ("ต้นเอ้ยมา", "ต้นเอ้ยมา"),  # inside a word: no slip
    ("45 เอ้ย", "45 เอ้ย"),  # nothing after the slip: as typed
])
def test_what_follows_a_slip_is_what_was_meant(said: str, meant: str) -> None:
    assert corrected(said) == meant


@pytest.mark.parametrize(("said", "change"), [
    ("เพิ่มขึ้น 5% จากเดือนก่อนค่ะ", Decimal(5)), ("+12%", Decimal(12)),
    ("เดือนนี้ทำเพิ่มได้อีก 8 เปอร์เซ็นต์", Decimal(8)), ("เท่าเดิมค่ะ", Decimal(0)),
    ("ไม่มีความคืบหน้าเพิ่มครับ", Decimal(0)), ("45", None), ("ประมาณ 45 เปอร์เซ็นต์", None),
])
def test_a_change_from_last_month_is_read_as_one(said: str, change: Decimal | None) -> None:
    assert readers.progress_change(said) == change


def draft_at(slot: str, **context: str) -> Draft:
    """A progress draft at slot, the earlier answers filled (last month said 40 %)."""
    order = [s.name for s in PROGRESS_FORM.slots]
    earlier = tuple(order[: order.index(slot)])
    values = {"detail": "ประชุม", "progress": dump_value(Decimal(40)), "disbursed": "0",
              "on_plan": True, "on_target": True}
    return Draft(form="progress", target="50470000-3430", target_label="ทดสอบ", stage=Stage.ASK,
                 slot=slot, values={k: values[k] for k in earlier}, answered=earlier,
                 context={"period": "2026-11-01", **context})


def test_progress_up_by_five_is_last_months_plus_five() -> None:
    shown = step(PROGRESS_FORM, draft_at("progress", last_progress="40"), "เพิ่มขึ้น 5% จากเดือนก่อน")
    assert shown.draft is not None
    assert "45%" in shown.replies[0]["text"]
    new = step(PROGRESS_FORM, shown.draft, "ค่ะ").draft
    assert new is not None
    assert new.values["progress"] == dump_value(Decimal("45.00"))


def test_progress_up_by_five_without_last_month_is_asked_again() -> None:
    result = step(PROGRESS_FORM, draft_at("progress"), "เพิ่มขึ้น 5% จากเดือนก่อน")
    assert result.draft is not None
    assert result.draft.slot == "progress"
    assert "progress" not in result.draft.values


@pytest.mark.parametrize("said", ["ค่ะ", "สวัสดีค่ะ", "เหมือนเดือนที่แล้วค่ะ"])
def test_an_answer_that_says_no_work_is_asked_again(said: str) -> None:
    result = step(PROGRESS_FORM, draft_at("detail"), said)
    assert result.draft is not None
    assert "detail" not in result.draft.values


def test_spoken_particles_inside_an_obstacle_are_not_stored() -> None:
    read = readers.read_obstacles("น้ำในคลองสูง ขุดลอกไม่ได้ค่ะ รอน้ำลด")
    assert isinstance(read, readers.Ok)
    assert read.value == "น้ำในคลองสูง ขุดลอกไม่ได้ รอน้ำลด"


def test_how_late_stays_in_the_reason() -> None:
    answer, reason = readers.read_yes_no_reason("ช้าไป 2 สัปดาห์ค่ะ รอการไฟฟ้าย้ายเสา",
                                                readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE)
    assert isinstance(answer, readers.Ok)
    assert answer.value is False
    assert reason == "ช้าไป 2 สัปดาห์ รอการไฟฟ้าย้ายเสา"


def test_a_field_named_with_kho_at_the_edit_menu_is_that_field_not_a_yes() -> None:
    full = replace(draft_at("obstacles"), values={"detail": "ประชุม", "progress": "40",
                                             "disbursed": "0", "on_plan": False,
                                             "on_target": True, "obstacles": "ฝน"},
                   answered=("detail", "progress", "disbursed", "on_plan", "on_target",
                             "obstacles"), stage=Stage.PICK_FIELD, slot=None)
    new = step(PROGRESS_FORM, full, "ข้อตามแผน").draft
    assert new is not None
    assert new.slot == "on_plan"
    assert new.values["on_plan"] is False


@pytest.mark.parametrize("said", ["จัดกิจกรรมห้องสมุดเคลื่อนที่ 3 ชุมชน เขตดุสิต",
                                  "งานเสร็จ 2 สาย จาก 3 สาย", "ติดตั้งกล้องแล้ว 12 ตัว"])
def test_a_number_that_counts_things_is_no_percent(said: str) -> None:
    assert isinstance(readers.read_percent(said), readers.Problem)


def test_a_change_with_no_report_before_says_there_is_nothing_to_add_to() -> None:
    result = step(PROGRESS_FORM, draft_at("progress"), "เพิ่มขึ้น 10% จากเดือนก่อนค่ะ")
    assert "ยังไม่มีรายงานครั้งก่อน" in str(result.replies[0]["text"])


def test_a_reason_said_with_a_changed_no_at_the_edit_menu_fills_the_obstacles() -> None:
    full = replace(draft_at("obstacles"), values={"detail": "ประชุม", "progress": "40",
                                             "disbursed": "0", "on_plan": True,
                                             "on_target": True, "obstacles": None},
                   answered=("detail", "progress", "disbursed", "on_plan", "on_target",
                             "obstacles"), stage=Stage.PICK_FIELD, slot=None)
    new = step(PROGRESS_FORM, full, "ไม่ตามเป้า เพราะงบไม่พอ").draft
    assert new is not None
    assert new.values["on_target"] is False
    assert new.values["obstacles"] == "งบไม่พอ"
