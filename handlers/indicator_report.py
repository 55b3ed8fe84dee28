"""The indicator (KPI) side of the report command: pick an indicator, open and store its draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from conversations.engine import Draft, values_of
from conversations.indicator_form import INDICATOR_FORM
from core.display import amount, short
from core.messages import Message, quick_text, text
from core.periods import fiscal_year_of
from handlers.indicator_status import target_of
from storage.indicator_reporting import QuarterValues, reportable_indicators, submit_quarter
from storage.models import Indicator, IndicatorQuarterReport

NO_INDICATORS = "ยังไม่มีตัวชี้วัดของหน่วยงานที่ท่านรับผิดชอบในระบบค่ะ กรุณาติดต่อผู้ดูแลระบบนะคะ"
PICK = "ต้องการรายงานตัวชี้วัดใดคะ เลือกจากปุ่มด้านล่างได้เลยค่ะ"
GONE = "ขออภัยค่ะ ไม่พบตัวชี้วัดนี้ในขอบเขตของท่านแล้ว รายงานจึงไม่ถูกบันทึก"


def fiscal_quarter(day: date) -> int:
    """Quarter of the Thai fiscal year (1 = Oct–Dec … 4 = Jul–Sep)."""
    return (day.month - 10) % 12 // 3 + 1


def label_of(indicator: Indicator) -> str:
    """How an indicator is named in messages."""
    number = (indicator.number or "").rstrip(".")
    return f"ตัวชี้วัด {number} {indicator.name}".strip()


def choose_indicator(session: Session, user: str, hint: str) -> Indicator | list[Message]:
    """The indicator a request means, or messages asking to pick one."""
    indicators = reportable_indicators(session, user)
    if not indicators:
        return [text(NO_INDICATORS)]
    wanted = hint.strip().rstrip(".")
    if wanted:
        match = [i for i in indicators if (i.number or "").rstrip(".") == wanted
                 or str(i.id) == wanted.lstrip("#")]
        if len(match) == 1:
            return match[0]
    if len(indicators) == 1:
        return indicators[0]
    items = [quick_text(f"{(i.number or '').rstrip('.')} {i.name}"[:20],
                        f"รายงานตัวชี้วัด #{i.id}") for i in indicators[:13]]
    lines = "\n".join(f"• {label_of(i)}" for i in indicators[:13])
    return [text(f"{PICK}\n{lines}", items)]


def indicator_draft(indicator: Indicator, today: date) -> Draft:
    """A fresh quarterly draft for an indicator."""
    quarter = fiscal_quarter(today)
    target = target_of(indicator)
    ctx = {"quarter": str(quarter), "fiscal_year": str(fiscal_year_of(today))}
    if indicator.target_unit:
        ctx["unit"] = indicator.target_unit
    if indicator.achieved_value is not None:
        ctx["last_achieved"] = f"{indicator.achieved_value.normalize():f}"
    if target:
        ctx["target"] = target
    label = f"{label_of(indicator)} (ไตรมาสที่ {quarter})"
    return Draft(form=INDICATOR_FORM.name, target=str(indicator.id), target_label=label,
                 context=ctx)


def blocked(indicator: Indicator, today: date) -> Message | None:
    """A refusal when the indicator belongs to another fiscal year."""
    year = fiscal_year_of(today)
    if indicator.fiscal_year is None:
        return text(f"{label_of(indicator)} ยังไม่ได้ระบุปีงบประมาณ จึงยังรายงานรายไตรมาสไม่ได้ค่ะ "
                    "(เพื่อไม่ให้รายงานปีนี้ไปทับรายงานของปีก่อน) กรุณาติดต่อผู้ดูแลระบบ"
                    "ให้ระบุปีงบประมาณของตัวชี้วัดก่อนนะคะ")
    if indicator.fiscal_year is not None and indicator.fiscal_year != year:
        return text(f"{label_of(indicator)} เป็นตัวชี้วัดของปีงบประมาณ {indicator.fiscal_year} "
                    f"จึงรายงานในปีงบประมาณ {year} ไม่ได้ค่ะ กรุณาติดต่อผู้ดูแลระบบ"
                    "เพื่อเพิ่มตัวชี้วัดของปีนี้นะคะ")
    return None


def overwrite_note(session: Session, indicator: Indicator, quarter: int,
                   fiscal_year: int) -> str:
    """A warning when this year's quarter already has a report that confirming will replace."""
    existing = session.scalar(select(IndicatorQuarterReport).where(
        IndicatorQuarterReport.indicator_id == indicator.id,
        IndicatorQuarterReport.fiscal_year == fiscal_year,
        IndicatorQuarterReport.quarter == quarter))
    if existing is None:
        return ""
    return (f"\n⚠️ ไตรมาสที่ {quarter} มีรายงานอยู่แล้ว ({short(existing.narrative, 50)}) "
            "หากยืนยันครั้งนี้ รายงานเดิมจะถูกแทนที่ (ข้อมูลเดิมเก็บไว้ในประวัติการแก้ไข)")


def submit_indicator(session: Session, user: str, draft: Draft) -> Message:
    """Store a finished quarterly draft and return the receipt."""
    allowed = {str(i.id): i for i in reportable_indicators(session, user)}
    indicator = allowed.get(draft.target)
    if indicator is None:
        return text(GONE)
    v = values_of(INDICATOR_FORM, draft)
    achieved = v["achieved"]
    assert isinstance(achieved, Decimal)
    quarter = int(draft.context.get("quarter", "1"))
    year = int(draft.context.get("fiscal_year") or indicator.fiscal_year or 0) or None
    values = QuarterValues(quarter, str(v["narrative"]), achieved,
                           _opt(v.get("supporting_factors")), _opt(v.get("obstacles")),
                           _opt(v.get("year_summary")), year)
    submit_quarter(session, indicator, values, user)
    return text(f"บันทึกรายงาน{label_of(indicator)} ไตรมาสที่ {quarter} เรียบร้อยแล้วค่ะ ✅\n"
                f"ผลงานที่ทำได้สะสม: {amount(achieved, indicator.target_unit)}\nขอบคุณค่ะ")


def _opt(value: object) -> str | None:
    """An optional text answer."""
    return str(value) if value else None
