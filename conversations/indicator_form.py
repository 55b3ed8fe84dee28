"""The quarterly indicator (KPI) report conversation, declared as data on the same engine."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations import readers
from conversations.engine import Form, Slot
from conversations.progress_form import adapt
from conversations.summary import summary_messages
from core.display import number, with_unit


def _achieved_lower(value: object, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    """Achieved is cumulative: a value below the last report's asks for confirmation."""
    last = ctx.get("last_achieved")
    if not isinstance(value, Decimal) or not last or value >= Decimal(last):
        return None
    unit = ctx.get("unit")
    return (f"ผลงานที่ทำได้ {with_unit(number(value), unit)} น้อยกว่าที่รายงานไว้ครั้งก่อน "
            f"({with_unit(number(Decimal(last)), unit)}) ซึ่งปกติผลงานจะเป็นค่าสะสมค่ะ")


def _skippable(values: dict[str, object]) -> bool:
    return True


def _year_end(ctx: dict[str, str]) -> bool:
    return ctx.get("quarter") == "4"


def _unit(ctx: dict[str, str]) -> str | None:
    target = ctx.get("target")
    return f"เป้าหมาย {target}" if target else None


INDICATOR_FORM = Form(
    name="indicator",
    title="รายงานตัวชี้วัดรายไตรมาส",
    summary=summary_messages,
    slots=(
        Slot("narrative", "ผลงานไตรมาสนี้",
             "ไตรมาสนี้ดำเนินการตามตัวชี้วัดอะไรไปแล้วบ้างคะ (พิมพ์ได้หลายบรรทัด)", "text",
             adapt(readers.read_free_text),
             "เล่าผลการดำเนินงานของไตรมาสนี้ เช่น \"จัดทำบรรณนิทัศน์ออนไลน์ 324 ชื่อเรื่อง\""),
        Slot("achieved", "ผลงานที่ทำได้ (สะสม)", "ผลงานที่ทำได้สะสมถึงตอนนี้เท่าไรคะ", "number",
             adapt(readers.read_quantity), "พิมพ์เป็นตัวเลขตามหน่วยของตัวชี้วัด เช่น 36", hint=_unit,
             checks=(_achieved_lower,),
             show=lambda v: number(v) if isinstance(v, Decimal) else "-",
             unit=lambda ctx: ctx.get("unit")),
        Slot("supporting_factors", "ปัจจัยสนับสนุน", "มีปัจจัยสนับสนุนการดำเนินงานอะไรบ้างคะ",
             "text", adapt(readers.read_free_text), "สิ่งที่ช่วยให้งานสำเร็จ เช่น ความร่วมมือจากชุมชน",
             skippable=_skippable),
        Slot("obstacles", "อุปสรรค", "มีอุปสรรคต่อการดำเนินงานอะไรบ้างคะ", "text",
             adapt(readers.read_free_text), "ปัญหาที่ทำให้งานล่าช้าหรือไม่ถึงเป้าหมาย",
             skippable=_skippable),
        Slot("year_summary", "สรุปผลปลายปีงบประมาณ",
             "ไตรมาสนี้เป็นไตรมาสสุดท้าย กรุณาสรุปผลการดำเนินงานทั้งปีงบประมาณด้วยค่ะ", "text",
             adapt(readers.read_free_text), "สรุปภาพรวมของทั้งปีงบประมาณ", applies=_year_end),
    ),
)
