"""Who gets which reminder at an instant, and who is skipped and why (pure: facts in, plan out)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.messages import Message
from core.periods import Period, period_of, thai_date
from reminders import messages as msg
from reminders.facts import Facts, PersonFact, ProjectFact
from reminders.policy import Policy
from reminders.workdays import Slot, WorkCalendar, day_closes, month_slots, period_key

NUDGE, DIGEST, MANUAL = "nudge", "digest", "manual"
LEAVE, UNREACHABLE, MISSING = "ลา", "ติดต่อไม่ได้", "ค้างส่ง"


@dataclass(frozen=True)
class Send:
    """One message to one person for one slot (the ledger key is recipient/kind/period/slot)."""

    recipient: str
    kind: str
    period: str
    slot: str
    projects: tuple[str, ...]
    messages: list[Message] = field(compare=False, hash=False)


REPORTED, AWAY_UNREACHABLE, AWAY_LEAVE, AWAY_SNOOZED = "reported", "unreachable", "leave", \
    "snoozed"


@dataclass(frozen=True)
class Skip:
    """Someone who would have had a message, and why they do not (kind: one of the four)."""

    recipient: str
    period: str
    slot: str
    reason: str
    projects: tuple[str, ...] = ()
    kind: str = REPORTED


@dataclass
class Plan:
    """The messages due at an instant, and the people skipped."""

    sends: list[Send] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    unowned: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Clock:
    """The calendar, policy and time zone the planner works in."""

    cal: WorkCalendar
    policy: Policy
    zone: ZoneInfo

    def open(self, at: datetime, now: datetime) -> bool:
        """True when a moment has come and its day's grace window is still open."""
        return at <= now < day_closes(at.astimezone(self.zone).date(), self.zone, self.policy)


def candidate_periods(now: datetime, zone: ZoneInfo) -> list[Period]:
    """The periods whose slots may fall today: this month's and last month's."""
    today = now.astimezone(zone).date()
    current = period_of(today)
    return [period_of(current.start - timedelta(days=1)), current]


def _due_day(facts: Facts, project: ProjectFact, policy: Policy) -> int:
    return facts.due_days.get(project.agency_id, policy.monthly_due_day)


def skip_reason(person: PersonFact, now: datetime, today: date) -> str | None:
    """Why a person gets no nudge now (blocked the bot, on leave, snoozed), or None."""
    found = away(person, now, today)
    return found[1] if found else None


def away(person: PersonFact, now: datetime, today: date) -> tuple[str, str] | None:
    """(kind, reason) when a person gets no nudge now: unreachable, on leave, or snoozed
    (a snooze is not leave: it only moves the reminder to the next working morning)."""
    if person.unreachable:
        return AWAY_UNREACHABLE, ("unreachable: blocked the bot (unfollow), so nothing is "
                                  "pushed to them")
    if person.on_leave(today) and person.leave_end is not None:
        return AWAY_LEAVE, f"on leave until {thai_date(person.leave_end)}"
    if person.snooze_until is not None and now < person.snooze_until:
        until = person.snooze_until.astimezone(now.tzinfo)
        return AWAY_SNOOZED, (f"snoozed (said เตือนพรุ่งนี้): reminded "
                              f"{thai_date(until.date())} {until:%H:%M} instead")
    return None


def _due_projects(facts: Facts, pids: Iterable[int], keep: set[int] | None = None
                  ) -> list[ProjectFact]:
    due = facts.due_ids()
    found = [facts.projects[pid] for pid in pids
             if pid in due and (keep is None or pid in keep)]
    return sorted(found, key=lambda f: f.code)


def nudge_body(style: str, facts: Facts, due: date, projects: list[ProjectFact]
               ) -> list[Message]:
    """An officer's reminder: cards naming each project, or the same summary for everyone."""
    if style == "summary":
        return msg.nudge_summary(facts.period.label, due, facts.today, len(projects))
    return msg.nudge(facts.period.label, due, facts.today,
                     [msg.DueProject(p.code, p.name) for p in projects], facts.period.key)


def _officer_sends(facts: Facts, slot: Slot, group: set[int], now: datetime, plan: Plan,
                   kind: str = NUDGE, style: str = "cards") -> None:
    today = facts.today
    for uid in sorted(facts.officers):
        pids = facts.officers[uid] & group
        if not pids:
            continue
        due = _due_projects(facts, pids)
        codes = tuple(p.code for p in due)
        if not due:
            plan.skips.append(Skip(uid, slot.period, slot.name,
                                   f"already reported every project for {facts.period.label}"))
            continue
        gone = away(facts.person(uid), now, today)
        if gone:
            plan.skips.append(Skip(uid, slot.period, slot.name, gone[1], codes, gone[0]))
            continue
        body = nudge_body(style, facts, slot.due, due)
        plan.sends.append(Send(uid, kind, slot.period, slot.name, codes, body))


def _since(project: ProjectFact, period: Period) -> str:
    """The first month it owes a report for (core.months), as "ต.ค. 2569"."""
    return (project.since or period).label


def _digest_sends(facts: Facts, slot: Slot, group: set[int], now: datetime, plan: Plan) -> None:
    by_project: dict[int, list[str]] = defaultdict(list)
    for uid, pids in facts.officers.items():
        for pid in pids:
            by_project[pid].append(uid)
    for sup in sorted(facts.supervisors):
        missing = _due_projects(facts, facts.supervisors[sup], group)
        if not missing:
            continue
        codes = tuple(p.code for p in missing)
        if facts.person(sup).unreachable:
            plan.skips.append(Skip(sup, slot.period, slot.name,
                                   "unreachable: blocked the bot (unfollow), no digest", codes))
            continue
        lines = []
        for project in missing[:msg.DIGEST_LINES]:
            people = []
            for uid in sorted(by_project.get(project.id, [])):
                person = facts.person(uid)
                status = (UNREACHABLE if person.unreachable else
                          LEAVE if person.on_leave(facts.today) else MISSING)
                people.append((person.name or uid[-6:], status))
            lines.append(msg.DigestLine(project.code, project.name, _since(project, facts.period),
                                        tuple(people)))
        plan.sends.append(Send(sup, DIGEST, slot.period, slot.name, codes,
                               msg.digest(facts.period.label, slot.due, lines, len(missing))))


def _groups(facts: Facts, policy: Policy) -> dict[int, set[int]]:
    """Projects of the period grouped by their agency's due day."""
    groups: dict[int, set[int]] = defaultdict(set)
    for fact in facts.projects.values():
        groups[_due_day(facts, fact, policy)].add(fact.id)
    return groups


def plan_period(facts: Facts, now: datetime, clock: Clock) -> Plan:
    """The slots of one period open at now, and what each sends."""
    plan = Plan()
    for due_day, group in sorted(_groups(facts, clock.policy).items()):
        for slot in month_slots(facts.period, due_day, clock.cal, clock.policy, clock.zone):
            if not clock.open(slot.at, now):
                continue
            keyed = Slot(f"{slot.name}:{slot.due.isoformat()}", slot.period, slot.due, slot.at)
            plan.slots.append(keyed)
            reached = sum(1 for pids in facts.officers.values() if pids & group)
            _officer_sends(facts, keyed, group, now, plan,
                           style=clock.policy.style_for(reached))
            if slot.name == clock.policy.digest_slot:
                _digest_sends(facts, keyed, group, now, plan)
    if plan.slots:
        owned = set().union(*facts.officers.values()) if facts.officers else set()
        plan.unowned = sorted(facts.projects[p].code for p in facts.due_ids() - owned)
    _snoozed_sends(facts, now, clock, plan)
    return plan


def _snoozed_sends(facts: Facts, now: datetime, clock: Clock, plan: Plan) -> None:
    """Officers whose "remind me tomorrow" has come."""
    key = period_key(facts.period)
    for uid in sorted(facts.officers):
        person = facts.person(uid)
        until = person.snooze_until
        if person.snooze_period != key or until is None or not clock.open(until, now):
            continue
        due = _due_projects(facts, facts.officers[uid])
        if not due:
            continue
        day = min(_due_day(facts, p, clock.policy) for p in due)
        first = month_slots(facts.period, day, clock.cal, clock.policy, clock.zone)[0]
        slot = Slot(f"snooze{person.snooze_count}", key, first.due, until)
        if slot not in plan.slots:
            plan.slots.append(slot)
        gone = away(person, now, facts.today)
        codes = tuple(p.code for p in due)
        if gone:
            plan.skips.append(Skip(uid, key, slot.name, gone[1], codes, gone[0]))
            continue
        body = nudge_body(clock.policy.style_for(1), facts, first.due, due)
        plan.sends.append(Send(uid, NUDGE, key, slot.name, codes, body))


def plan_manual(facts: Facts, scope: set[int], now: datetime, clock: Clock) -> Plan:
    """A supervisor's "nudge now": every reachable officer of the scope still missing."""
    plan = Plan()
    group = {pid for pid in scope if pid in facts.projects}
    day = min((_due_day(facts, facts.projects[p], clock.policy) for p in group),
              default=clock.policy.monthly_due_day)
    first = month_slots(facts.period, day, clock.cal, clock.policy, clock.zone)
    slot = Slot(f"manual:{facts.today.isoformat()}", period_key(facts.period),
                first[0].due, now)
    reached = sum(1 for pids in facts.officers.values() if pids & group)
    _officer_sends(facts, slot, group, now, plan, kind=MANUAL,
                   style=clock.policy.style_for(reached))
    return plan


def active_period(now: datetime, clock: Clock, due_day: int) -> Period:
    """The period nudges are about now: this month's once its first slot came, else last."""
    last, current = candidate_periods(now, clock.zone)
    first = month_slots(current, due_day, clock.cal, clock.policy, clock.zone)[0]
    return current if now >= first.at else last
