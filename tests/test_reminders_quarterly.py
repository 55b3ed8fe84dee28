"""Quarterly indicator reports: nudges around quarter end + QUARTER_DUE_DAYS, through the ledger."""

from __future__ import annotations

from sqlalchemy import select

from reminders.quarterly import INDICATOR
from storage.models import Agency, Delivery, Indicator, IndicatorQuarterReport
from tests.reminder_kit import ANN, BEN, CAT, SUP, at, pushed_to, reminders, seed
from tests.stack import Stack

NAME = "ร้อยละของโครงการที่ดำเนินการได้ตามแผน"


def _indicator(stack: Stack) -> int:
    with stack.services.sessions.begin() as s:
        agency = s.scalar(select(Agency))
        assert agency is not None
        row = Indicator(agency_id=agency.id, fiscal_year=2570, number="1", name=NAME)
        s.add(row)
        s.flush()
        return row.id


def test_officers_of_an_agency_owing_a_quarter_report_get_one_multicast(stack: Stack) -> None:
    seed(stack)
    indicator = _indicator(stack)
    rem = reminders(stack)
    # Q1 2570 ends 31 Dec 2026; due 15 days later, Friday 15 Jan 2027; T-5 is Friday 8 Jan.
    assert rem.tick(at(2027, 1, 7)).planned == 0
    rem.tick(at(2027, 1, 8))
    calls = [c for c in stack.calls() if c["path"].endswith(("/push", "/multicast"))]
    assert [(c["path"].rsplit("/", 1)[1], sorted(c["body"]["to"])) for c in calls] == [
        ("multicast", [ANN, BEN, CAT])]
    (ann,) = pushed_to(stack, ANN)
    assert "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2570" in ann["altText"]
    assert "15 ม.ค. 2570" in ann["altText"]
    assert NAME in str(ann["contents"])
    assert pushed_to(stack, SUP) == []
    with stack.services.sessions() as s:
        kinds = {(d.kind, d.period) for d in s.scalars(select(Delivery))}
    assert kinds == {(INDICATOR, "2570-Q1")}

    stack.send(userId=ANN, text="รายงานตัวชี้วัด")  # the card's button
    stack.run_worker()
    replies = [m for m in stack.messages(ANN) if m["via"] == "reply"]
    assert replies

    with stack.services.sessions.begin() as s:
        s.add(IndicatorQuarterReport(indicator_id=indicator, quarter=1, narrative="ดำเนินการแล้ว"))
    rem.tick(at(2027, 1, 13))  # T-2: the report is in, nothing more
    assert len(pushed_to(stack, ANN)) == 1
