"""The demo's indicator as a newcomer meets it: the officer reports a quarter, the supervisor
reads its status (target and result in Thai word order, quarters not yet due told apart)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from handlers.indicator_status import quarter_state
from reminders.demo import this_month_due
from reminders.policy import Policy
from storage.demo import OFFICER, SUPERVISOR, load_demo
from storage.models import IndicatorQuarterReport
from tests.stack import TODAY, Stack, pin_today

Q1_DUE = "15 ม.ค. 2570"
Q2_DUE = "12 เม.ย. 2570"  # 15 April falls in Songkran: the working day before


def _demo(stack: Stack) -> None:
    with stack.services.sessions.begin() as s:
        load_demo(s, TODAY, this_month_due(s, Policy(), TODAY))


def _status(stack: Stack) -> str:
    return stack.say("สถานะตัวชี้วัด 99", user=SUPERVISOR.line_user_id)[-1]


def test_the_officer_reports_the_demo_indicator_in_plain_thai(stack: Stack) -> None:
    _demo(stack)
    before = _status(stack)
    assert f"ไตรมาส 1 (ต.ค.–ธ.ค.): ยังไม่ถึงกำหนด (กำหนดส่ง {Q1_DUE})" in before
    assert f"ไตรมาส 2 (ม.ค.–มี.ค.): ยังไม่ถึงกำหนด (กำหนดส่ง {Q2_DUE})" in before
    assert "ยังไม่ได้รายงาน" not in before
    out = stack.say("รายงานตัวชี้วัด", user=OFFICER.line_user_id)
    assert "ไตรมาสที่ 1" in out[-1]
    out = stack.say("สำรวจความพึงพอใจผู้รับบริการ 400 คน", user=OFFICER.line_user_id)
    assert "(เป้าหมาย ร้อยละ 80)" in out[-1]
    out = stack.say("ได้ 85 เปอร์เซ็นต์ค่ะ", user=OFFICER.line_user_id)
    assert "ไม่เข้าใจ" not in out[-1]
    assert "ปัจจัยสนับสนุน" in out[-1]
    out = stack.say("ข้าม", "ข้าม", user=OFFICER.line_user_id)
    assert "ผลงานที่ทำได้ (สะสม): ร้อยละ 85" in out[-2]
    out = stack.say("ยืนยัน", user=OFFICER.line_user_id)
    assert "ผลงานที่ทำได้สะสม: ร้อยละ 85" in out[-1]
    with stack.services.sessions() as s:
        row = s.scalar(select(IndicatorQuarterReport))
        assert row is not None
        assert (row.quarter, row.achieved_value) == (1, Decimal(85))

    after = _status(stack)
    assert "• เป้าหมาย: ร้อยละ 80" in after
    assert "• ผลงานที่ทำได้: ร้อยละ 85" in after
    assert "80 ร้อยละ" not in after
    assert "ไตรมาส 1 (ต.ค.–ธ.ค.): สำรวจความพึงพอใจผู้รับบริการ 400 คน" in after


def test_only_a_quarter_past_its_due_date_is_not_reported(stack: Stack) -> None:
    _demo(stack)  # as of 22 Nov 2026: no quarter report yet
    pin_today(stack.router, date(2027, 1, 15))
    on_the_day = _status(stack)
    assert f"ไตรมาส 1 (ต.ค.–ธ.ค.): ยังไม่ถึงกำหนด (กำหนดส่ง {Q1_DUE})" in on_the_day
    pin_today(stack.router, date(2027, 1, 16))
    late = _status(stack)
    assert f"ไตรมาส 1 (ต.ค.–ธ.ค.): ยังไม่ได้รายงาน (เลยกำหนดส่ง {Q1_DUE} แล้ว)" in late
    assert f"ไตรมาส 2 (ม.ค.–มี.ค.): ยังไม่ถึงกำหนด (กำหนดส่ง {Q2_DUE})" in late
    assert late.count("ยังไม่ได้รายงาน") == 1


@pytest.mark.parametrize(("today", "shown"), [
    (date(2026, 11, 22), "ยังไม่ถึงกำหนด (กำหนดส่ง 15 ม.ค. 2570)"),  # the quarter is running
    (date(2027, 1, 3), "ยังไม่ถึงกำหนด (กำหนดส่ง 15 ม.ค. 2570)"),  # ended, not yet due
    (date(2027, 1, 15), "ยังไม่ถึงกำหนด (กำหนดส่ง 15 ม.ค. 2570)"),  # the due day itself
    (date(2027, 1, 16), "ยังไม่ได้รายงาน (เลยกำหนดส่ง 15 ม.ค. 2570 แล้ว)"),
])
def test_a_quarter_without_a_report_by_the_due_date(today: date, shown: str) -> None:
    assert quarter_state(None, date(2027, 1, 15), today) == shown
