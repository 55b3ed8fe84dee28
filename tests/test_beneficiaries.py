"""จำนวนผู้รับประโยชน์ (คน): an optional field declared once in core/report_schema.py, asked,
summarised, stored, shown, printed and imported back (issue 22)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from conversations.engine import Draft, Result, Stage, start, values_of
from conversations.progress_form import PROGRESS_FORM as FORM
from conversations.step import step
from core.report_schema import report_field
from forms.exporter import project_record, records_pdf, records_text
from forms.extract import read_document
from forms.importer import import_texts
from storage.db import make_engine, make_session_factory
from storage.models import ProgressReport
from tests.stack import Stack
from tests.test_report_flow import CODE, _invite, _reports, _seed

QUESTION = "ผู้ได้รับประโยชน์"
COLUMN = report_field("beneficiaries").column  # a column the schema declares (no attribute)


def _count(report: ProgressReport) -> int | None:
    count: int | None = getattr(report, COLUMN)
    return count


def _at_beneficiaries() -> Draft:
    result = start(FORM, Draft(form="progress", target=CODE, target_label="โครงการทดสอบ"))
    for answer in ("ประชุมแล้ว", "40", "0", "ตามแผน", "ตามเป้า", "ไม่มี"):
        assert result.draft is not None
        result = step(FORM, result.draft, answer)
    assert result.draft is not None
    assert result.draft.slot == "beneficiaries", "asked after the obstacles"
    assert QUESTION in result.replies[-1]["text"]
    return result.draft


def _summary(result: Result) -> str:
    return str(result.replies[0]["altText"])


def test_answered_in_a_sentence_it_is_summarised_with_its_unit() -> None:
    result = step(FORM, _at_beneficiaries(), "ประมาณ ๑๒๐ คนค่ะ")
    assert result.draft is not None
    assert result.draft.stage is Stage.CONFIRM
    assert "7. จำนวนผู้รับประโยชน์ (คน): 120 คน" in _summary(result)
    assert values_of(FORM, result.draft)["beneficiaries"] == Decimal(120)


def test_skipped_it_is_summarised_empty() -> None:
    for skip in ("ข้าม", "ไม่มี"):
        result = step(FORM, _at_beneficiaries(), skip)
        assert result.draft is not None
        assert result.draft.stage is Stage.CONFIRM
        assert "7. จำนวนผู้รับประโยชน์ (คน): -" in _summary(result)
        assert result.draft.values["beneficiaries"] is None


def test_only_a_whole_number_of_zero_or_more_is_taken() -> None:
    draft = _at_beneficiaries()
    for odd in ("12.5", "-3", "เยอะมาก"):
        result = step(FORM, draft, odd)
        assert result.draft is not None
        assert result.draft.slot == "beneficiaries", odd
        assert "beneficiaries" not in result.draft.values, odd
        assert "จำนวนเต็มตั้งแต่ 0 ขึ้นไป" in result.replies[-1]["text"], odd
    result = step(FORM, draft, "0")
    assert result.draft is not None
    assert result.draft.values["beneficiaries"] == "0"


def test_corrected_from_the_summary_by_its_name_or_number() -> None:
    summary = step(FORM, _at_beneficiaries(), "120")
    assert summary.draft is not None
    fixed = step(FORM, summary.draft, "ผู้รับประโยชน์ผิดค่ะ ต้องเป็น 150")
    assert fixed.draft is not None
    assert "7. จำนวนผู้รับประโยชน์ (คน): 150 คน" in _summary(fixed)
    picked = step(FORM, step(FORM, fixed.draft, "แก้ไข").draft or fixed.draft, "7")
    assert picked.draft is not None
    assert picked.draft.slot == "beneficiaries"


def test_a_draft_from_before_the_field_submits_without_it() -> None:
    """A draft saved in Redis by the previous version, waiting at its summary."""
    old = Draft(form="progress", target=CODE, target_label="โครงการทดสอบ", stage=Stage.CONFIRM,
                values={"detail": "งาน", "progress": "40.00", "disbursed": "0.00",
                        "on_plan": True, "on_target": True, "obstacles": None},
                answered=("detail", "progress", "disbursed", "on_plan", "on_target",
                          "obstacles"))
    done = step(FORM, old, "ยืนยัน")
    assert done.draft is None
    assert "beneficiaries" not in values_of(FORM, done.effects[0].draft)


def test_end_to_end_stored_shown_printed_and_imported_back(
        both_stack: Stack, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    stack = both_stack
    template: Path = request.getfixturevalue("_sqlite_migrated_template")
    _seed(stack, reports=1)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    out = stack.say("รายงาน", "จัดกิจกรรมห้องสมุดเคลื่อนที่", "60", "0", "ตามแผน", "ตามเป้า",
                    "ไม่มี")
    assert QUESTION in out[-1]
    out = stack.say("120 คน")
    assert "7. จำนวนผู้รับประโยชน์ (คน): 120 คน" in out[-2]
    assert "บันทึกรายงานครั้งที่ 2" in stack.say("ยืนยัน")[-1]
    first, second = _reports(stack)
    assert (_count(first), _count(second)) == (None, 120)

    status = "\n".join(stack.say(f"สถานะ {CODE}"))
    assert "ผู้รับประโยชน์: 120 คน" in status
    history = "\n".join(stack.say(f"ประวัติ {CODE}"))
    assert "ผู้รับประโยชน์: 120 คน" in history
    assert history.count("ผู้รับประโยชน์") == 1, "the report without a count shows none"

    with stack.services.sessions() as s:
        record = project_record(s, CODE)
    printed = records_text([record])
    assert "\t:: จำนวนผู้รับประโยชน์ (คน) : 120" in printed
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(records_pdf([record]))

    for name, text in (("form.txt", printed), ("form.pdf", read_document(pdf))):
        target = tmp_path / f"back-{name}.sqlite3"
        shutil.copyfile(template, target)
        engine = make_engine(f"sqlite:///{target}")
        try:
            sessions = make_session_factory(engine)
            summary = import_texts(sessions, [(name, text)])
            assert summary.ok, summary.failed
            assert not [w for w in summary.warnings if "beneficiaries" in w.message], name
            with sessions() as s:
                back = list(s.scalars(select(ProgressReport).order_by(ProgressReport.number)))
            assert [_count(r) for r in back] == [None, 120], name
        finally:
            engine.dispose()
