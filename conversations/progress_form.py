"""The monthly progress report conversation, declared as data (fields of the official form)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from conversations import readers
from conversations.engine import Form, Read, Slot, Value
from conversations.summary import summary_messages
from core.display import baht, percent, short
from core.periods import period_of

JUMP_LIMIT = Decimal(50)


def adapt(reader: Callable[[str], Any]) -> Callable[[str], Read]:
    """Turn a reader's Ok/Problem result into the engine's Read."""

    def read(text: str) -> Read:
        result = reader(text)
        if isinstance(result, readers.Problem):
            return Read(problem=result.message_th, choices=result.choices)
        return Read(value=result.value)

    return read


def yes_no_with_reason(positive: tuple[str, ...], negative: tuple[str, ...]
                       ) -> Callable[[str], Read]:
    """A yes/no reader whose "no" with a reason also answers the obstacles question."""

    def read(text: str) -> Read:
        result, reason = readers.read_yes_no_reason(text, positive, negative)
        if isinstance(result, readers.Problem):
            return Read(problem=result.message_th, choices=result.choices)
        also: dict[str, Value] = {"obstacles": reason} if reason and not result.value else {}
        return Read(value=result.value, also=also)

    return read


def _dec(ctx: dict[str, str], key: str) -> Decimal | None:
    """A Decimal from the draft's context, if present."""
    raw = ctx.get(key)
    return Decimal(raw) if raw not in (None, "") else None


def _previous(ctx: dict[str, str]) -> str:
    """The report compared with: the previous month's ("รายงานเดือน ต.ค. 2569")."""
    month = ctx.get("last_period")
    return f"รายงานเดือน {period_of(date.fromisoformat(month)).label}" if month else (
        "รายงานครั้งก่อน")


def _progress_lower(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    last = _dec(ctx, "last_progress")
    if isinstance(value, Decimal) and last is not None and value < last:
        return (f"ความก้าวหน้า {percent(value)} ต่ำกว่า{_previous(ctx)} ({percent(last)}) "
                "ซึ่งปกติความก้าวหน้าจะเป็นค่าสะสมค่ะ")
    return None


def _progress_above_next(value: Value, values: dict[str, Any],
                         ctx: dict[str, str]) -> str | None:
    later, month = _dec(ctx, "next_progress"), ctx.get("next_period")
    if isinstance(value, Decimal) and later is not None and month and value > later:
        return (f"ความก้าวหน้า {percent(value)} สูงกว่ารายงานเดือน "
                f"{period_of(date.fromisoformat(month)).label} ที่ส่งไว้แล้ว ({percent(later)}) "
                "ซึ่งเป็นเดือนถัดไปค่ะ")
    return None


def _progress_jump(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    last = _dec(ctx, "last_progress")
    if isinstance(value, Decimal) and last is not None and value - last > JUMP_LIMIT:
        return (f"ความก้าวหน้าเพิ่มขึ้น {value - last:.2f} จุด จาก{_previous(ctx)} "
                f"({percent(last)}) ซึ่งมากกว่า 50 จุดในครั้งเดียวค่ะ")
    return None


def _over_budget(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    received, used = _dec(ctx, "budget_received"), _dec(ctx, "budget_used") or Decimal(0)
    if isinstance(value, Decimal) and received and used + value > received:
        return (f"ยอดเบิกสะสมจะเป็น {baht(used + value)} ซึ่งเกินงบประมาณที่ได้รับ "
                f"({baht(received)}) ค่ะ")
    return None


def _done_but_late(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    if value is False and values.get("progress") == Decimal("100.00"):
        return "ความก้าวหน้าเป็น 100.00 % แต่ระบุว่าไม่เป็นไปตามแผนค่ะ"
    return None


def _obstacles_optional(values: dict[str, Any]) -> bool:
    return values.get("on_plan") is True and values.get("on_target") is True


def _hint(template: str, key: str, fmt: Callable[[str], str] = str) -> Callable[
        [dict[str, str]], str | None]:
    return lambda ctx: template.format(fmt(ctx[key])) if ctx.get(key) else None


def _yes_no(yes: str, no: str) -> Callable[[Value], str]:
    return lambda value: "-" if value is None else (yes if value else no)


PROGRESS_FORM = Form(
    name="progress",
    title="รายงานความก้าวหน้า",
    summary=summary_messages,
    slots=(
        Slot("detail", "ผลการดำเนินงาน",
             "ในรอบนี้ดำเนินการอะไรไปแล้วบ้างคะ (พิมพ์ได้หลายบรรทัด ไม่เกิน 2,000 ตัวอักษร)",
             "text", adapt(readers.read_detail),
             "เล่าสั้น ๆ ว่าเดือนนี้ทำอะไรไปแล้ว เช่น \"จัดประชุมคณะทำงานแล้วเสร็จ\"",
             hint=lambda ctx: (f"{_previous(ctx)}: {short(ctx['last_detail'], 60)}"
                               if ctx.get("last_detail") else None)),
        Slot("progress", "ความก้าวหน้าของงาน",
             "ความก้าวหน้าของงานสะสมถึงตอนนี้กี่เปอร์เซ็นต์คะ", "percent",
             adapt(readers.read_percent),
             "พิมพ์เป็นร้อยละ 0–100 ของทั้งโครงการ (ค่าสะสม) เช่น 80, 80%, ร้อยละ 75.5 หรือ แปดสิบ",
             hint=lambda ctx: (f"{_previous(ctx)}: {ctx['last_progress']} %"
                               if ctx.get("last_progress") else None),
             checks=(_progress_lower, _progress_above_next, _progress_jump),
             show=lambda v: percent(
                 v if isinstance(v, Decimal) else None)),
        Slot("disbursed", "งบที่เบิกใช้ครั้งนี้",
             "ครั้งนี้เบิกใช้งบประมาณไปกี่บาทคะ (ถ้ายังไม่เบิก พิมพ์ 0 หรือ \"ยังไม่เบิก\")",
             "money", adapt(readers.read_money),
             "พิมพ์จำนวนเงินเป็นบาท เช่น 12,500 หรือ 1.2 ล้าน หรือ ห้าหมื่นสองพัน",
             quick=("ยังไม่เบิก",),
             hint=_hint("เบิกสะสมแล้ว {}", "budget_used", lambda s: baht(Decimal(s))),
             checks=(_over_budget,), show=lambda v: baht(v if isinstance(v, Decimal) else None)),
        Slot("on_plan", "เป็นไปตามแผน", "การดำเนินงานเป็นไปตามแผนหรือไม่คะ", "bool",
             yes_no_with_reason(readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE),
             "ตอบ \"เป็นไปตามแผน\" หรือ \"ไม่เป็นไปตามแผน\" (หรือ ใช่ / ไม่ใช่ / ล่าช้า)",
             quick=("เป็นไปตามแผน", "ไม่เป็นไปตามแผน"), checks=(_done_but_late,),
             show=_yes_no("เป็นไปตามแผน", "ไม่เป็นไปตามแผน")),
        Slot("on_target", "เป็นไปตามเป้าหมาย", "ผลการดำเนินงานเป็นไปตามเป้าหมายหรือไม่คะ", "bool",
             yes_no_with_reason(readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE),
             "ตอบ \"เป็นไปตามเป้าหมาย\" หรือ \"ไม่เป็นไปตามเป้าหมาย\" (หรือ ใช่ / ไม่ใช่)",
             quick=("เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย"),
             show=_yes_no("เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย")),
        Slot("obstacles", "ปัญหา/อุปสรรค",
             "มีปัญหาหรืออุปสรรคในการดำเนินงานอย่างไรบ้างคะ", "text",
             adapt(readers.read_obstacles),
             "เล่าปัญหาที่ทำให้ล่าช้าหรือไม่ถึงเป้าหมาย (จำเป็นเมื่อไม่เป็นไปตามแผนหรือเป้าหมาย)",
             skippable=_obstacles_optional, show=lambda v: "-" if not v else str(v)),
    ),
)
