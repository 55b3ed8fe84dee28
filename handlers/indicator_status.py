""""สถานะตัวชี้วัด 08": an indicator's target, result and quarters, for those who oversee it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.display import amount, with_unit
from core.messages import Message, quick_text, text
from storage.indicator_reporting import visible_indicators
from storage.models import Indicator
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


def indicator_text(indicator: Indicator) -> str:
    """The status of one indicator as plain text."""
    lines = [f"ตัวชี้วัดที่ {_number(indicator) or '-'} {indicator.name}"]
    if indicator.fiscal_year:
        lines.append(f"• ปีงบประมาณ: {indicator.fiscal_year}")
    lines.append(f"• เป้าหมาย: {target_of(indicator) or '-'}")
    lines.append(f"• ผลงานที่ทำได้: {amount(indicator.achieved_value, indicator.target_unit)}")
    done = {q.quarter: q for q in indicator.quarters}
    for quarter in range(1, 5):
        row = done.get(quarter)
        said = row.narrative.strip().replace("\n", " ")[:160] if row else "ยังไม่ได้รายงาน"
        lines.append(f"• ไตรมาส {quarter} ({_QUARTERS[quarter - 1]}): {said}")
    if indicator.obstacles:
        lines.append(f"• อุปสรรค: {indicator.obstacles.strip()[:200]}")
    return "\n".join(lines)


def indicator_answer(session: Session, scope: Scope, wanted: str) -> Message:
    """Answer "สถานะตัวชี้วัด [number]" within the asker's scope."""
    mine = visible_indicators(session, frozenset(scope.agency_ids),
                              frozenset(scope.project_ids), scope.is_admin)
    if not mine:
        return text(NONE_VISIBLE)
    wanted = wanted.strip().lstrip("#").rstrip(".")
    match = [i for i in mine if wanted and _same_number(i, wanted)]
    if len(match) == 1 or (len(mine) == 1 and not wanted):
        return text(indicator_text((match or mine)[0])[:4900])
    head = (f"ไม่พบตัวชี้วัดที่ {wanted} ในความรับผิดชอบของท่านค่ะ " if wanted else "")
    listing = "\n".join(f"• {_number(i)} {i.name[:80]}" for i in mine[:12])
    return text(f"{head}เลือกตัวชี้วัดที่ต้องการดูได้เลยค่ะ\n{listing}",
                [quick_text(f"{_number(i)} {i.name}"[:20], f"สถานะตัวชี้วัด {_number(i)}")
                 for i in mine[:12] if _number(i)])
