"""The achieved value of an indicator is read in sentences, as the monthly report's numbers are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations.indicator_form import INDICATOR_FORM

D = Decimal
READ = INDICATOR_FORM.slot("achieved").read

# Written before the fix, the way officers answer "ผลงานที่ทำได้สะสมถึงตอนนี้เท่าไรคะ".
PHRASINGS = [
    ("ได้ 85 เปอร์เซ็นต์ค่ะ", D(85)),
    ("85 เปอร์เซ็นต์", D(85)),
    ("ประมาณ 40 เปอร์เซ็นต์ค่ะ", D(40)),
    ("ร้อยละ 85", D(85)),
    ("ทำได้ร้อยละ ๘๕ ค่ะ", D(85)),
    ("ราวๆ 85% ครับ", D(85)),
    ("85.5%", D("85.5")),
    ("แปดสิบห้าเปอร์เซ็นต์ค่ะ", D(85)),
    ("ตอนนี้ได้ 36 ห้องแล้วค่ะ", D(36)),
    ("๓๖ ห้อง", D(36)),
    ("สะสม 1,250 คน", D(1250)),
    ("ทำได้ 12 ครั้ง ครับ", D(12)),
    ("อยู่ที่ 85 ค่ะ", D(85)),
    ("ได้ 3 แห่งค่ะ ขอบคุณค่ะ", D(3)),
    ("ผลงานสะสม 85 เปอร์เซ็นต์", D(85)),
    ("85 ครับผม", D(85)),
    ("ประมาณ ๘๕ ค่ะ 🙏", D(85)),
    ("ได้ร้อยละแปดสิบห้า", D(85)),
    ("ทั้งหมด 120,000 บาท", D(120000)),
    ("เป้า 80 ทำได้จริง 85", D(85)),
]


@pytest.mark.parametrize(("said", "value"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_the_achieved_value_is_read_in_a_sentence(said: str, value: Decimal) -> None:
    read = READ(said)
    assert read.problem is None, read.problem
    assert read.value == value


@pytest.mark.parametrize(("said", "value"), [
    ("ดำเนินการเรียบร้อยแล้ว 36 ห้อง", D(36)),  # "ร้อย" inside a word is not a hundred
    ("36 ห้อง ณ ไตรมาสที่ 2", D(36)),
    ("ไตรมาสนี้ 12 สะสม 36", D(36)),
    ("สามสิบหก", D(36)),
    ("0", D(0)),
])
def test_the_number_meant_is_picked_from_several(said: str, value: Decimal) -> None:
    read = READ(said)
    assert read.problem is None, read.problem
    assert read.value == value


@pytest.mark.parametrize(("said", "because"), [
    ("ยังไม่ทราบค่ะ", "ไม่เข้าใจตัวเลขผลงาน"),
    ("80-85", "ตัวเลขเดียว"),
    ("เพิ่มขึ้น 10 ห้อง", "ตัวเลขเดียว"),
    ("เกือบ 90 ค่ะ", "ตัวเลขเดียว"),
    ("1,25", "จุลภาค"),
    ("-5", "ตั้งแต่ 0"),
])
def test_an_answer_without_one_amount_is_asked_again_politely(said: str, because: str) -> None:
    read = READ(said)
    assert read.value is None
    assert read.problem is not None
    assert because in read.problem
    assert "เช่น 36" in read.problem
