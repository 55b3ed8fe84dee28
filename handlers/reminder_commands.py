"""Officers' and supervisors' reminder controls, answered by reply (free of quota)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from conversations import grammar
from conversations.grammar import Intent
from conversations.readers import Ok, read_date_be
from core.messages import text
from core.periods import period_of, thai_date
from handlers.router import Inbound, Kind, Outcome
from reminders import ledger
from reminders.due import DueDates, load_due_dates
from reminders.facts import Facts, load_facts
from reminders.planner import (
    AWAY_LEAVE,
    AWAY_SNOOZED,
    AWAY_UNREACHABLE,
    Plan,
    Skip,
    active_period,
    plan_manual,
)
from reminders.policy import Policy
from reminders.state import set_leave, set_reachable, snooze
from reminders.tick import clock_for
from reminders.workdays import next_working_morning, period_key
from storage.enums import Role
from storage.models import NudgeRequest
from storage.scope import scope_of
from storage.upsert import insert_ignore

SNOOZE = "เตือนพรุ่งนี้"
NUDGE_NOW = "เตือนค้างส่ง"
NOT_OFFICER = "คำสั่งนี้ใช้ได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบโครงการที่ลงทะเบียนแล้วค่ะ"
NOT_SUPERVISOR = "คำสั่งเตือนค้างส่งใช้ได้เฉพาะผู้บังคับบัญชาที่ลงทะเบียนแล้วค่ะ"


@dataclass
class ReminderCommands:
    """"เตือนพรุ่งนี้", "ลา ถึง …", "ยกเลิกลา", "เตือนค้างส่ง", and follow/unfollow."""

    policy: Policy
    zone: ZoneInfo
    now: Callable[[], datetime]

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Answer a reminder control, or None when the text is something else."""
        if event.kind is not Kind.TEXT or not event.user_id:
            return None
        parsed = grammar.understand(event.text)
        if parsed.intent is Intent.SNOOZE:
            return self._snooze(event.user_id, session)
        if parsed.intent is Intent.NUDGE:
            return self.nudge_now(event.user_id, session)
        if parsed.intent is Intent.END_LEAVE:
            return self._leave(event.user_id, session, None)
        if parsed.intent is Intent.LEAVE:
            return self._leave(event.user_id, session, parsed.rest)
        return None

    def lifecycle(self, event: Inbound, session: Session) -> None:
        """An unfollow makes the user unreachable; a follow makes them reachable again."""
        if event.user_id and event.kind in (Kind.FOLLOW, Kind.UNFOLLOW):
            set_reachable(session, event.user_id, event.kind is Kind.FOLLOW, self.now())

    def _officer(self, session: Session, user_id: str) -> bool:
        return scope_of(session, user_id).role is Role.OFFICER

    def _snooze(self, user_id: str, session: Session) -> Outcome:
        if not self._officer(session, user_id):
            return Outcome([text(NOT_OFFICER)])
        now = self.now()
        clock = clock_for(session, now, self.policy, self.zone)
        period = active_period(now, clock, self.policy.monthly_due_day)
        until = next_working_morning(now.astimezone(self.zone), clock.cal, self.policy)
        used = snooze(session, user_id, period_key(period), until,
                      self.policy.snoozes_per_period)
        if used is None:
            return Outcome([text(f"ขออภัยค่ะ เลื่อนการเตือนได้ไม่เกิน "
                                 f"{self.policy.snoozes_per_period} ครั้งต่อรอบรายงาน "
                                 f"กรุณาส่งรายงานประจำเดือน {period.label} ค่ะ")])
        return Outcome([text(f"รับทราบค่ะ จะเตือนอีกครั้ง{thai_weekday(until)} "
                             f"{thai_date(until.date())} เวลา {until:%H.%M} น. ค่ะ "
                             f"(เลื่อนแล้ว {used}/{self.policy.snoozes_per_period} ครั้ง)")])

    def _leave(self, user_id: str, session: Session, when: str | None) -> Outcome:
        if not self._officer(session, user_id):
            return Outcome([text(NOT_OFFICER)])
        today = self.now().astimezone(self.zone).date()
        if when is None:
            set_leave(session, user_id, None, None)
            return Outcome([text("ยกเลิกการลาแล้วค่ะ การเตือนส่งรายงานจะกลับมาตามปกติค่ะ")])
        read = read_date_be(when)
        if not isinstance(read, Ok):
            return Outcome([text(read.message_th)])
        if read.value < today:
            return Outcome([text("วันสิ้นสุดการลาต้องไม่ก่อนวันนี้ค่ะ เช่น ลา ถึง 15/12/2569")])
        set_leave(session, user_id, today, read.value)
        return Outcome([text(f"บันทึกการลาถึงวันที่ {thai_date(read.value)} แล้วค่ะ "
                             "ระหว่างนี้จะงดส่งการเตือน และสรุปของผู้บังคับบัญชาจะแสดงว่า \"ลา\" "
                             "ค่ะ (พิมพ์ ยกเลิกลา เมื่อกลับมาก่อนกำหนด)")])

    def nudge_now(self, user_id: str, session: Session) -> Outcome:
        """"เตือนค้างส่ง": nudge the officers of the asker's scope who owe a report, once a day
        per scope (the chat command and the dashboard's button)."""
        scope = scope_of(session, user_id)
        if scope.role not in (Role.SUPERVISOR, Role.ADMIN) or not (
                scope.agency_ids or scope.project_ids):
            return Outcome([text(NOT_SUPERVISOR)])
        now = self.now()
        today = now.astimezone(self.zone).date()
        keys = [f"agency:{a}" for a in sorted(scope.agency_ids)] + [
            f"project:{p}" for p in sorted(scope.project_ids)]
        clock = clock_for(session, now, self.policy, self.zone)
        period = active_period(now, clock, self.policy.monthly_due_day)
        due = load_due_dates(session, self.policy, today, clock.cal)
        facts = load_facts(session, period, today, due)
        everyone = plan_manual(facts, _in_scope(facts, keys), now, clock)
        if not everyone.sends:  # nobody to remind: nothing sent, today's nudge not used up
            return Outcome([text(nobody_to_remind(facts, _in_scope(facts, keys), everyone,
                                                  due))])
        stmt = insert_ignore(session, NudgeRequest, ["scope", "day"]).returning(
            NudgeRequest.scope)
        fresh = set(session.scalars(stmt, [{"scope": k, "day": today, "requested_by": user_id,
                                            "created_at": now} for k in keys]))
        if not fresh:
            return Outcome([text("วันนี้ได้เตือนเจ้าหน้าที่ในความรับผิดชอบของท่านไปแล้วค่ะ "
                                 "เตือนได้อีกครั้งในวันทำการถัดไปค่ะ")])
        plan = plan_manual(facts, _in_scope(facts, fresh), now, clock)
        ledger.enqueue(session, plan.sends, now)
        return Outcome([text(f"รับทราบค่ะ กำลังส่งการเตือนรายงานประจำเดือน {period.label} "
                             f"ถึงเจ้าหน้าที่ที่ยังไม่ส่ง {len(plan.sends)} คน"
                             f"{_skipped_note(plan.skips)}ค่ะ")])


def _in_scope(facts: Facts, keys: Iterable[str]) -> set[int]:
    """The projects of the facts that nudge keys ("agency:3", "project:7") cover."""
    agencies = {int(k.split(":")[1]) for k in keys if k.startswith("agency:")}
    projects = {int(k.split(":")[1]) for k in keys if k.startswith("project:")}
    return {p.id for p in facts.projects.values()
            if p.agency_id in agencies or p.id in projects}


def nobody_to_remind(facts: Facts, chosen: set[int], plan: Plan, due: DueDates) -> str:
    """"เตือนค้างส่ง" with nobody to remind: why (all sent, or those left are away), and the
    month still ahead of its due date, if one is."""
    away = _skipped_note(plan.skips)
    if away:
        said = (f"ตอนนี้ไม่มีเจ้าหน้าที่ที่เตือนได้ค่ะ ผู้ที่ยังไม่ส่งรายงานประจำเดือน "
                f"{facts.period.label} งดเตือนทั้งหมด{away} จึงไม่ได้ส่งการเตือนใด ๆ")
    elif chosen:
        said = ("ตอนนี้ไม่มีเจ้าหน้าที่ที่ต้องเตือนค่ะ ทุกโครงการในความรับผิดชอบของท่าน"
                f"ส่งรายงานประจำเดือน {facts.period.label} แล้ว จึงไม่ได้ส่งการเตือนใด ๆ")
    else:
        return ("ตอนนี้ยังไม่มีโครงการที่ต้องส่งรายงานในความรับผิดชอบของท่านค่ะ "
                "จึงไม่ได้ส่งการเตือนใด ๆ")
    current = period_of(facts.today)
    waiting = [facts.projects[p] for p in sorted(chosen)
               if current in facts.projects[p].months.open]
    if current != facts.period and waiting:
        first = min(due.of(p.agency_id)(current) for p in waiting)
        said += (f"\nรายงานประจำเดือน {current.label} ยังไม่ถึงกำหนดส่ง ({thai_date(first)}) "
                 "ระบบจะเตือนเจ้าหน้าที่ให้เองก่อนถึงกำหนดค่ะ")
    return said


_AWAY_TH = ((AWAY_LEAVE, "ลา"), (AWAY_SNOOZED, "ขอเลื่อนการเตือน"),
            (AWAY_UNREACHABLE, "ติดต่อไม่ได้ (บล็อกบัญชี)"))


def _skipped_note(skips: list[Skip]) -> str:
    """" (งดเตือน 1 คนที่ลา, 1 คนที่ขอเลื่อนการเตือน)", by why each was skipped."""
    counts = Counter(s.kind for s in skips)
    parts = [f"{counts[kind]} คนที่{words}" for kind, words in _AWAY_TH if counts[kind]]
    return f" (งดเตือน {', '.join(parts)})" if parts else ""


_WEEKDAYS = ("วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์",
             "วันอาทิตย์")


def thai_weekday(moment: datetime) -> str:
    """The Thai weekday name of a moment ("วันจันทร์")."""
    return _WEEKDAYS[moment.weekday()]
