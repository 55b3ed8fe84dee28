"""One month, one truth: a report's month is stored, and every view derives the same months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core.months import project_months
from core.periods import Period
from storage.models import AuditLog, ProgressReport, Project
from storage.reporting import submit_report
from tests.reminder_kit import (
    ANN,
    P1,
    P2,
    P3,
    SUP,
    Clock,
    at,
    codes_in,
    pushed_to,
    reminders,
    report,
    seed,
    timed_stack,
)
from tests.stack import Stack, body

OCT, NOV, DEC = Period(2026, 10), Period(2026, 11), Period(2026, 12)


def _due_25(period: Period) -> date:
    return date(period.year, period.month, 25)


# ----- the rule itself (core.months) --------------------------------------------------------

def test_a_month_is_open_until_its_due_date_then_missing() -> None:
    start, end = date(2026, 10, 1), date(2027, 9, 30)
    on_due = project_months(start, end, [(OCT, Decimal(10))], date(2026, 11, 25), _due_25)
    assert (on_due.missing, on_due.open) == ((), (NOV,))
    after = project_months(start, end, [(OCT, Decimal(10))], date(2026, 11, 26), _due_25)
    assert (after.missing, after.open) == ((NOV,), ())
    assert after.owed() == (NOV,)


def test_no_month_is_owed_after_100_percent_and_a_closed_project_owes_nothing() -> None:
    start, end = date(2026, 10, 1), date(2027, 9, 30)
    done = project_months(start, end, [(OCT, Decimal(100))], date(2027, 1, 30), _due_25)
    assert done.done == OCT
    assert done.missing == ()
    assert not done.closed  # its end date has not passed: it could still report
    fell = project_months(start, end, [(OCT, Decimal(100)), (NOV, Decimal(90))],
                          date(2027, 1, 30), _due_25)
    assert fell.done is None  # a later report below 100 %: not done after all
    assert fell.missing == (DEC, Period(2027, 1))
    closed = project_months(date(2022, 10, 1), date(2023, 9, 30),
                            [(Period(2023, 1), Decimal(10)), (Period(2023, 9), Decimal(100))],
                            date(2026, 12, 7), _due_25)
    assert closed.closed
    assert closed.missing == ()
    assert closed.owed() == ()


# ----- numbering follows the months ---------------------------------------------------------

def test_a_late_month_takes_its_place_and_later_reports_move_up_audited(stack: Stack) -> None:
    seed(stack)
    values = {"detail": "ทำแล้ว", "progress": Decimal(40), "disbursed": Decimal(0),
              "on_plan": True, "on_target": True, "obstacles": None}
    with stack.services.sessions.begin() as s:
        project = s.scalar(select(Project).where(Project.code == P1))
        assert project is not None
        oct_ = submit_report(s, project, values, ANN, OCT.start, date(2026, 10, 20))
        dec = submit_report(s, project, values, ANN, DEC.start, date(2026, 12, 7))
        nov = submit_report(s, project, values, ANN, NOV.start, date(2026, 12, 8))
        assert (oct_.number, nov.number, dec.number) == (1, 2, 3)
        assert nov.report_date == date(2026, 11, 30)  # a month filed after it ended
        assert (nov.budget_count, dec.budget_count) == (2, 3)
        moved = s.scalars(select(AuditLog).where(AuditLog.action == "report.renumber")).all()
        assert [(m.before["number"], m.after["number"]) for m in moved] == [(2, 3)]


# ----- every view agrees, through LINE ------------------------------------------------------

def _ask(stack: Stack, user: str, *texts: str) -> list[str]:
    return [body(m) for m in stack.ask(*texts, user=user)]


def test_an_overdue_reminder_files_its_month_and_every_view_agrees(stack: Stack) -> None:
    seed(stack)
    report(stack, P1, date(2026, 10, 20), "30")
    report(stack, P2, date(2026, 10, 21), "30")
    clock = Clock(at(2026, 11, 26))  # T+1 of November (due Wednesday 25 Nov)
    timed_stack(stack, clock)
    reminders(stack).tick(clock.now)
    [card] = pushed_to(stack, ANN)
    assert codes_in(card) == [P1, P2]
    button = card["contents"]["contents"][0]["footer"]["contents"][0]["action"]
    assert button["data"] == f"report:{P1}@2026-11"
    assert button["displayText"] == f"ส่งรายงาน {P1} เดือน พ.ย. 2569"

    clock.now = at(2026, 12, 7, 10)  # a week into December: November is late
    before = len(stack.messages(ANN))
    stack.send(userId=ANN, postback={"data": button["data"]})
    stack.run_worker()
    first = [body(m["message"]) for m in stack.messages(ANN)[before:]]
    assert "รายงานประจำเดือน พ.ย. 2569 (เลยกำหนดส่ง 25 พ.ย. 2569)" in first[-1]
    out = _ask(stack, ANN, "ลงพื้นที่แล้ว", "45", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม")
    assert "ประจำเดือน พ.ย. 2569" in out[-2]
    [receipt] = _ask(stack, ANN, "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 2 ประจำเดือน พ.ย. 2569" in receipt

    [card_text] = _ask(stack, SUP, f"สถานะ {P1}")
    assert "ไม่มีค้างส่ง · รอบ ธ.ค. 2569 กำหนดส่ง 25 ธ.ค. 2569" in card_text
    # the month it reports on and the day it was sent, not the form's date (30 Nov)
    assert "ครั้งที่ 2 · รายงานเดือน พ.ย. 2569 · ส่งเมื่อ 7 ธ.ค. 2569 (วันนี้)" in card_text
    assert "30 พ.ย. 2569" not in card_text
    [history] = _ask(stack, SUP, f"ประวัติ {P1}")
    assert "ประจำเดือน พ.ย. 2569 · ส่งเมื่อ 7 ธ.ค. 2569" in history
    overdue = "\n".join(_ask(stack, SUP, "ค้างส่ง"))
    assert f"• {P1}" not in overdue  # not late; only named among December's still to send
    assert f"  - {P1} " in overdue
    assert f"{P2} คลองสวยน้ำใส\n  ค้าง พ.ย. 2569 (ล่าสุด: เดือน ต.ค. 2569)" in overdue
    assert f"{P3} ลานกีฬา\n  ค้าง ต.ค. 2569, พ.ย. 2569 (ยังไม่เคยรายงาน)" in overdue
    assert "(เลยกำหนดส่งแล้ว): 2 จาก 3 โครงการ รวม 3 เดือน" in overdue
    digest = "\n".join(_ask(stack, SUP, "สรุป"))
    assert "ค้างส่งรายงาน (เลยกำหนดส่งแล้ว): 2" in digest  # the same two as ค้างส่ง

    clock.now = at(2026, 12, 8, 10)  # the next day, the supervisor nudges who is missing
    [nudged] = _ask(stack, SUP, "เตือนค้างส่ง")
    assert "รายงานประจำเดือน พ.ย. 2569 ถึงเจ้าหน้าที่ที่ยังไม่ส่ง 3 คน" in nudged  # Ann, Ben, Cat
    reminders(stack).deliver(clock.now)
    [manual] = [m for m in pushed_to(stack, ANN)[1:]]
    assert codes_in(manual) == [P2]  # P1's November is no longer missing

    from forms.exporter import project_text
    with stack.services.sessions() as s:
        printed = project_text(s, P1)
    assert printed.index("20/10/2569") < printed.index("30/11/2569")


def test_a_month_filed_after_a_later_one_is_numbered_and_compared_by_month(
        stack: Stack) -> None:
    seed(stack)
    report(stack, P2, date(2026, 10, 21), "30")
    timed_stack(stack, Clock(at(2026, 12, 7, 10)))
    out = _ask(stack, ANN, "รายงาน 50470000-3431 เดือน ธ.ค. 2569")
    assert "รายงานประจำเดือน ธ.ค. 2569" in out[-1]
    _ask(stack, ANN, "ทำต่อเนื่อง", "60", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    out = _ask(stack, ANN, "รายงาน 50470000-3431")  # the default: the earliest late month
    assert "รายงานประจำเดือน พ.ย. 2569 (เลยกำหนดส่ง 25 พ.ย. 2569)" in out[-1]
    assert "รายงานเดือน ต.ค. 2569: 30.00 %" not in out[-1]  # the hint is the detail's
    out = _ask(stack, ANN, "ลงพื้นที่", "25")
    assert "ต่ำกว่ารายงานเดือน ต.ค. 2569 (30.00 %)" in out[-1]  # not December's 60 %
    _ask(stack, ANN, "ใช่", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม")
    [receipt] = _ask(stack, ANN, "ยืนยัน")
    assert "บันทึกรายงานครั้งที่ 2 ประจำเดือน พ.ย. 2569" in receipt
    assert "เลื่อนลำดับ" in receipt
    [history] = _ask(stack, SUP, f"ประวัติ {P2}")
    assert history.index("ครั้งที่ 3 · ประจำเดือน ธ.ค. 2569") < history.index(
        "ครั้งที่ 2 · ประจำเดือน พ.ย. 2569") < history.index("ครั้งที่ 1 · ประจำเดือน ต.ค.")
    with stack.services.sessions() as s:
        rows = s.execute(select(ProgressReport.number, ProgressReport.period)
                         .join(Project).where(Project.code == P2)
                         .order_by(ProgressReport.number)).all()
    assert [(n, p.month) for n, p in rows] == [(1, 10), (2, 11), (3, 12)]


def test_the_first_question_offers_the_other_owed_months_and_switching_keeps_answers(
        stack: Stack) -> None:
    seed(stack)
    timed_stack(stack, Clock(at(2026, 11, 20, 10)))  # October late, November open
    stack.ask("รายงาน 50470000-3430", user=ANN)
    first = stack.messages(ANN)[-1]["message"]
    assert "รายงานประจำเดือน ต.ค. 2569 (เลยกำหนดส่ง 22 ต.ค. 2569)" in first["text"]
    items = [i["action"] for i in first["quickReply"]["items"]]
    november = next(a for a in items if a.get("label") == "เดือน พ.ย. 2569")
    assert (november["type"], november["data"]) == ("postback", f"period:{P1}@2026-11")
    assert [a["type"] for a in items[-2:]] == ["datetimepicker", "message"]  # then ยกเลิก
    _ask(stack, ANN, "ลงพื้นที่แล้ว")
    stack.send(userId=ANN, postback={"data": november["data"]})
    stack.run_worker()
    switched = body(stack.messages(ANN)[-1]["message"])
    assert "รายงานประจำเดือน พ.ย. 2569 (กำหนดส่ง 25 พ.ย. 2569)" in switched
    assert "ความก้าวหน้าของงานสะสม" in switched  # the detail already given was kept


def test_last_month_named_in_words_is_the_month_asked_for_and_said_to_be_filed(
        stack: Stack) -> None:
    seed(stack)
    report(stack, P1, date(2026, 10, 20), "30")
    report(stack, P1, date(2026, 11, 20), "40")
    timed_stack(stack, Clock(at(2026, 12, 7, 10)))  # December open, November filed
    [said] = _ask(stack, ANN, f"ขอส่งรายงาน {P1} ย้อนหลังเดือนที่แล้วค่ะ ลืมส่ง")
    assert "พ.ย. 2569" in said
    assert "ธ.ค. 2569" not in said.split("\n")[0]  # not December's report, opened unasked
    with stack.services.sessions() as s:
        assert len(s.scalars(select(ProgressReport)).all()) == 2  # nothing filed twice


def test_last_month_asked_for_before_the_project_is_picked_stays_asked_for(stack: Stack) -> None:
    seed(stack)
    report(stack, P1, date(2026, 10, 20), "30")
    report(stack, P1, date(2026, 11, 20), "40")
    timed_stack(stack, Clock(at(2026, 12, 7, 10)))
    _ask(stack, ANN, "ขอส่งรายงานย้อนหลังเดือนที่แล้วค่ะ ลืมส่ง")  # two projects: which?
    [said] = _ask(stack, ANN, P1)
    assert "มีรายงานประจำเดือน พ.ย. 2569 แล้วค่ะ" in said
