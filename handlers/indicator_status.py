""""สถานะตัวชี้วัด 08": an indicator's target, result and quarters, for those who oversee it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from core.display import amount, with_unit
from core.messages import Message, quick_text, text
from core.periods import fiscal_year_of, thai_date
from core.thai import BE_OFFSET
from reminders.due import load_overrides
from reminders.policy import Policy
from reminders.workdays import Quarter, build_calendar, quarter_due
from storage.indicator_reporting import visible_indicators
from storage.models import Indicator, IndicatorQuarterReport
from storage.scope import Scope

NONE_VISIBLE = "ยังไม่มีตัวชี้วัดในความรับผิดชอบของท่านค่ะ"
_QUARTERS = ("ต.ค.–ธ.ค.", "ม.ค.–มี.ค.", "เม.ย.–มิ.ย.", "ก.ค.–ก.ย.")


def _number(indicator: Indicator) -> str:
    """The indicator's number without a trailing dot ("08")."""
    return (indicator.number or "").rstrip(".").strip()


def _same_number(indicator: Indicator, wanted: str) -> bool:
    """"8", "08" and "08." name the same indicator."""
    mine = _number(indicator)
    if mine == wanted:
        return True
    return mine.isdigit() and wanted.isdigit() and int(mine) == int(wanted)


def target_of(indicator: Indicator) -> str:
    """The target as people read it: from its value and unit ("ร้อยละ 80", "3 ห้อง"), else as
    written; "" when there is none."""
    if indicator.target_value is not None:
        return amount(indicator.target_value, indicator.target_unit)
    written = (indicator.target_text or "").strip()
    unit = indicator.target_unit
    return with_unit(written, unit) if written and unit and unit not in written else written


def quarter_dues(session: Session, policy: Policy, fiscal_year: int) -> list[date]:
    """When a fiscal year's four quarter reports are due, as the reminders count it (quarter
    end plus QUARTER_DUE_DAYS, moved back to a working day)."""
    added, removed = load_overrides(session)
    cal = build_calendar([fiscal_year - BE_OFFSET], added, removed)
    return [quarter_due(Quarter(fiscal_year, q), policy.quarter_due_days, cal)
            for q in range(1, 5)]


def year_of(indicator: Indicator, today: date) -> int:
    """The fiscal year whose quarters the status shows: the indicator's, else today's."""
    return indicator.fiscal_year or fiscal_year_of(today)


def _reports(indicator: Indicator, year: int) -> dict[int, IndicatorQuarterReport]:
    """The year's quarter reports by quarter (one that names no year counts when none does)."""
    rows = [q for q in indicator.quarters if q.fiscal_year in (year, None)]
    return {q.quarter: q for q in sorted(rows, key=lambda q: q.fiscal_year is not None)}


def quarter_state(report: IndicatorQuarterReport | None, due: date, today: date) -> str:
    """What a quarter shows: its report, or whether it is overdue or not yet due."""
    if report is not None:
        return report.narrative.strip().replace("\n", " ")[:160]
    if today > due:
        return f"ยังไม่ได้รายงาน (เลยกำหนดส่ง {thai_date(due)} แล้ว)"
    return f"ยังไม่ถึงกำหนด (กำหนดส่ง {thai_date(due)})"


def indicator_text(indicator: Indicator, today: date, dues: Sequence[date]) -> str:
    """The status of one indicator on today as plain text (dues: its quarters' due dates)."""
    lines = [f"ตัวชี้วัดที่ {_number(indicator) or '-'} {indicator.name}"]
    if indicator.fiscal_year:
        lines.append(f"• ปีงบประมาณ: {indicator.fiscal_year}")
    lines.append(f"• เป้าหมาย: {target_of(indicator) or '-'}")
    lines.append(f"• ผลงานที่ทำได้: {amount(indicator.achieved_value, indicator.target_unit)}")
    done = _reports(indicator, year_of(indicator, today))
    for quarter in range(1, 5):
        said = quarter_state(done.get(quarter), dues[quarter - 1], today)
        lines.append(f"• ไตรมาส {quarter} ({_QUARTERS[quarter - 1]}): {said}")
    if indicator.obstacles:
        lines.append(f"• อุปสรรค: {indicator.obstacles.strip()[:200]}")
    return "\n".join(lines)


def indicator_answer(session: Session, scope: Scope, wanted: str, today: date,
                     policy: Policy) -> Message:
    """Answer "สถานะตัวชี้วัด [number]" within the asker's scope, on today."""
    mine = visible_indicators(session, frozenset(scope.agency_ids),
                              frozenset(scope.project_ids), scope.is_admin)
    if not mine:
        return text(NONE_VISIBLE)
    wanted = wanted.strip().lstrip("#").rstrip(".")
    match = [i for i in mine if wanted and _same_number(i, wanted)]
    if len(match) == 1 or (len(mine) == 1 and not wanted):
        indicator = (match or mine)[0]
        dues = quarter_dues(session, policy, year_of(indicator, today))
        return text(indicator_text(indicator, today, dues)[:4900])
    head = (f"ไม่พบตัวชี้วัดที่ {wanted} ในความรับผิดชอบของท่านค่ะ " if wanted else "")
    listing = "\n".join(f"• {_number(i)} {i.name[:80]}" for i in mine[:12])
    return text(f"{head}เลือกตัวชี้วัดที่ต้องการดูได้เลยค่ะ\n{listing}",
                [quick_text(f"{_number(i)} {i.name}"[:20], f"สถานะตัวชี้วัด {_number(i)}")
                 for i in mine[:12] if _number(i)])
