"""The demo's indicator as a newcomer meets it: the officer reports a quarter, the supervisor
reads its status (target and result in Thai word order, quarters not yet due told apart)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from reminders.demo import this_month_due
from reminders.policy import Policy
from storage.demo import OFFICER, SUPERVISOR, load_demo
from storage.models import IndicatorQuarterReport
from tests.stack import TODAY, Stack


def _demo(stack: Stack) -> None:
    with stack.services.sessions.begin() as s:
        load_demo(s, TODAY, this_month_due(s, Policy(), TODAY))


def test_the_officer_reports_the_demo_indicator_in_plain_thai(stack: Stack) -> None:
    _demo(stack)
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

    out = stack.say("สถานะตัวชี้วัด 99", user=SUPERVISOR.line_user_id)
    assert "• เป้าหมาย: ร้อยละ 80" in out[-1]
    assert "• ผลงานที่ทำได้: ร้อยละ 85" in out[-1]
    assert "80 ร้อยละ" not in out[-1]
