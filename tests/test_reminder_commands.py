"""Officers' and supervisors' reminder controls, through signed webhooks (answered by reply)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from storage.models import ReminderState
from tests.reminder_kit import (
    ANN,
    BEN,
    CAT,
    P1,
    P2,
    P3,
    SUP,
    Clock,
    at,
    pushes,
    reminders,
    report,
    seed,
    timed_stack,
)
from tests.stack import Stack


def _say(stack: Stack, clock: Clock, when: datetime, user: str, text: str) -> str:
    clock.now = when
    before = len(stack.messages(user))
    stack.send(userId=user, text=text)
    stack.run_worker()
    return "\n".join(m["message"].get("text", "") for m in stack.messages(user)[before:])


def test_snooze_is_limited_per_period(stack: Stack) -> None:
    seed(stack)
    clock = Clock(at(2026, 10, 15, 10))
    timed_stack(stack, clock)
    first = _say(stack, clock, at(2026, 10, 15, 10), BEN, "เตือนพรุ่งนี้")
    assert "วันศุกร์ 16 ต.ค. 2569 เวลา 09.00 น." in first
    assert "1/2" in first
    _say(stack, clock, at(2026, 10, 16, 10), BEN, "เตือนพรุ่งนี้")
    third = _say(stack, clock, at(2026, 10, 19, 10), BEN, "เตือนพรุ่งนี้")
    assert "ไม่เกิน 2 ครั้ง" in third
    with stack.services.sessions() as s:
        state = s.get(ReminderState, BEN)
        assert state is not None
        assert state.snooze_count == 2


def test_leave_is_recorded_read_in_buddhist_era_and_cancelled(stack: Stack) -> None:
    seed(stack)
    clock = Clock(at(2026, 12, 1, 8))
    timed_stack(stack, clock)
    answer = _say(stack, clock, at(2026, 12, 1, 8), CAT, "ลา ถึง 15/12/2569")
    assert "15 ธ.ค. 2569" in answer
    assert "ค่ะ" in answer
    assert "ปี ค.ศ." in _say(stack, clock, at(2026, 12, 1, 8), CAT, "ลา ถึง 15/12/2026")
    with stack.services.sessions() as s:
        state = s.scalar(select(ReminderState).where(ReminderState.line_user_id == CAT))
        assert state is not None
        assert str(state.leave_end) == "2026-12-15"
    assert "ยกเลิกการลาแล้ว" in _say(stack, clock, at(2026, 12, 2, 8), CAT, "ยกเลิกลา")
    assert "เฉพาะเจ้าหน้าที่" in _say(stack, clock, at(2026, 12, 2, 8), SUP, "ลา ถึง 1/1/2570")


def test_supervisor_nudges_their_scope_once_a_day(stack: Stack) -> None:
    seed(stack)
    clock = Clock(at(2026, 11, 2, 10))
    timed_stack(stack, clock)
    rem = reminders(stack)
    answer = _say(stack, clock, at(2026, 11, 2, 10), SUP, "เตือนค้างส่ง")
    assert "ต.ค. 2569" in answer
    assert "3 คน" in answer
    rem.tick(at(2026, 11, 2, 10, 1))
    assert sorted(m["to"] for m in pushes(stack)) == sorted([ANN, BEN, CAT])
    again = _say(stack, clock, at(2026, 11, 2, 15), SUP, "เตือนค้างส่ง")
    assert "วันนี้ได้เตือน" in again
    rem.tick(at(2026, 11, 2, 15, 1))
    assert len(pushes(stack)) == 3
    assert "เฉพาะผู้บังคับบัญชา" in _say(stack, clock, at(2026, 11, 2, 15), ANN, "เตือนค้างส่ง")


def test_nudge_with_nobody_late_sends_nothing_and_says_so(stack: Stack) -> None:
    seed(stack)
    for code in (P1, P2, P3):
        report(stack, code, date(2026, 10, 20))
    clock = Clock(at(2026, 11, 2, 10))
    timed_stack(stack, clock)
    rem = reminders(stack)
    answer = _say(stack, clock, at(2026, 11, 2, 10), SUP, "เตือนค้างส่ง")
    assert "0 คน" not in answer
    assert answer.startswith("ตอนนี้ไม่มีเจ้าหน้าที่ที่ต้องเตือนค่ะ ทุกโครงการในความรับผิดชอบของท่าน"
                             "ส่งรายงานประจำเดือน ต.ค. 2569 แล้ว จึงไม่ได้ส่งการเตือนใด ๆ"), answer
    assert "รายงานประจำเดือน พ.ย. 2569 ยังไม่ถึงกำหนดส่ง (25 พ.ย. 2569)" in answer
    rem.tick(at(2026, 11, 2, 10, 1))
    assert pushes(stack) == []
    assert "วันนี้ได้เตือน" not in _say(stack, clock, at(2026, 11, 2, 15), SUP, "เตือนค้างส่ง")


def test_nudge_when_everyone_late_is_away_sends_nothing_and_says_why(stack: Stack) -> None:
    seed(stack)
    report(stack, P1, date(2026, 10, 20))
    report(stack, P2, date(2026, 10, 20))
    clock = Clock(at(2026, 11, 2, 8))
    timed_stack(stack, clock)
    _say(stack, clock, at(2026, 11, 2, 8), BEN, "ลา ถึง 30/11/2569")
    _say(stack, clock, at(2026, 11, 2, 8), CAT, "ลา ถึง 30/11/2569")
    answer = _say(stack, clock, at(2026, 11, 2, 10), SUP, "เตือนค้างส่ง")
    assert "0 คน" not in answer
    assert "งดเตือน 2 คนที่ลา" in answer
    assert "ไม่ได้ส่งการเตือนใด ๆ" in answer
