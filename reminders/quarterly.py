"""Quarterly indicator reports: officers whose agency still owes one, nudged on the same slots."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from reminders import messages as msg
from reminders.facts import PersonFact, load_people
from reminders.planner import Clock, Plan, Send, Skip, skip_reason
from reminders.workdays import Quarter, Slot, quarter_of, quarter_slots
from storage.enums import Role
from storage.models import Assignment, Indicator, IndicatorQuarterReport, Project

INDICATOR = "indicator"


@dataclass(frozen=True)
class IndicatorFact:
    """An indicator still without a report for the quarter."""

    id: int
    number: str
    name: str
    agency_id: int


def candidate_quarters(now: datetime, clock: Clock) -> list[Quarter]:
    """The quarter that ended last and the current one (whose slots may fall today)."""
    current = quarter_of(now.astimezone(clock.zone).date())
    return [quarter_of(current.start - timedelta(days=1)), current]


def missing_indicators(session: Session, quarter: Quarter) -> dict[int, list[IndicatorFact]]:
    """Indicators of the quarter's fiscal year without its report, by agency (one query)."""
    reported = (select(IndicatorQuarterReport.indicator_id)
                .where(IndicatorQuarterReport.quarter == quarter.number))
    rows = session.execute(
        select(Indicator.id, Indicator.number, Indicator.name, Indicator.agency_id)
        .where(Indicator.agency_id.is_not(None),
               or_(Indicator.fiscal_year == quarter.fiscal_year, Indicator.fiscal_year.is_(None)),
               Indicator.id.not_in(reported)))
    out: dict[int, list[IndicatorFact]] = defaultdict(list)
    for iid, number, name, agency_id in rows:
        if agency_id is None:
            continue
        out[agency_id].append(IndicatorFact(iid, number or "", name, agency_id))
    for facts in out.values():
        facts.sort(key=lambda f: (f.number, f.id))
    return dict(out)


def officer_agencies(session: Session) -> dict[str, set[int]]:
    """Officers and the agencies they report for (bound directly or through a project)."""
    rows = session.execute(
        select(Assignment.line_user_id, func.coalesce(Assignment.agency_id, Project.agency_id))
        .outerjoin(Project, Project.id == Assignment.project_id)
        .where(Assignment.role == Role.OFFICER))
    out: dict[str, set[int]] = defaultdict(set)
    for uid, agency_id in rows:
        if agency_id is not None:
            out[uid].add(agency_id)
    return dict(out)


def plan_quarters(session: Session, now: datetime, clock: Clock) -> Plan:
    """Indicator nudges of every quarter with a slot open at now."""
    plan = Plan()
    today = now.astimezone(clock.zone).date()
    for quarter in candidate_quarters(now, clock):
        slots = [s for s in quarter_slots(quarter, clock.policy.quarter_due_days, clock.cal,
                                          clock.policy, clock.zone) if clock.open(s.at, now)]
        if not slots:
            continue
        missing = missing_indicators(session, quarter)
        if not missing:
            continue
        officers = officer_agencies(session)
        people = load_people(session)
        for slot in slots:
            keyed = Slot(f"{slot.name}:{slot.due.isoformat()}", quarter.key, slot.due, slot.at)
            plan.slots.append(keyed)
            for uid in sorted(officers):
                owed = [f for a in sorted(officers[uid]) for f in missing.get(a, [])]
                if not owed:
                    continue
                numbers = tuple(f.number or str(f.id) for f in owed)
                person = people.get(uid) or PersonFact(uid, "")
                reason = skip_reason(person, now, today)
                if reason:
                    plan.skips.append(Skip(uid, quarter.key, keyed.name, reason, numbers))
                    continue
                body = msg.indicator_nudge(quarter.number, quarter.fiscal_year, slot.due, today,
                                           [(f.number, f.name) for f in owed])
                plan.sends.append(Send(uid, INDICATOR, quarter.key, keyed.name, numbers, body))
    return plan
