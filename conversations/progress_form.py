"""The monthly progress report conversation: slots derived from core.report_schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from conversations import readers
from conversations.engine import Form, Read, Slot, Value
from conversations.oneshot import extract_report_fields
from conversations.summary import summary_messages
from core.display import baht, percent, short
from core.periods import period_of
from core.report_schema import REPORT_FIELDS, Kind, ReportField

JUMP_LIMIT = Decimal(50)
TINY_AMOUNT = Decimal(100)  # baht: less than this disbursed is more likely a slip than spending


def adapt(reader: Callable[[str], Any]) -> Callable[[str], Read]:
    """Turn a reader's Ok/Problem result into the engine's Read."""

    def read(text: str) -> Read:
        result = reader(text)
        if isinstance(result, readers.Problem):
            return Read(problem=result.message_th, choices=result.choices)
        return Read(value=result.value, confirm=result.confirm)

    return read


def yes_no_with_reason(positive: tuple[str, ...], negative: tuple[str, ...]
                       ) -> Callable[[str], Read]:
    """A yes/no reader whose "no" with a reason also answers the obstacles question."""

    def read(text: str) -> Read:
        result, reason = readers.read_yes_no_reason(text, positive, negative)
        if isinstance(result, readers.Problem):
            return Read(problem=result.message_th, choices=result.choices)
        if readers.BARE_PARTICLE.fullmatch(text.strip()):  # "ค่ะ": an assent, or just a reply?
            return Read(value=result.value, confirm=readers.ASSUMED.format(
                answer=positive[0] if result.value else negative[0]))
        also: dict[str, Value] = {"obstacles": reason} if reason and not result.value else {}
        if positive is readers.PLAN_POSITIVE:  # "เป็นไปตามแผนค่ะ และก็ตรงตามเป้าหมายด้วยค่ะ"
            target = readers.verdict(readers.find_phrases(text.replace(" ", ""), *_TARGET_WORDS))
            if target is not None and "obstacles" not in also:
                also["on_target"] = target
        return Read(value=result.value, also=also, confirm=result.confirm)

    return read


_FIGURES = ("progress", "disbursed", "beneficiaries")
# The target's own words (not "ถึง" or "ไม่ทัน", which a plan answer says too).
_TARGET_WORDS = tuple(tuple(p for p in phrases if "เป้า" in p or "target" in p)
                      for phrases in (readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE))


def detail_with_figures(text: str) -> Read:
    """The work done; a percent or an amount said with it under its own word ("… ความคืบหน้า
    ราวๆ 35% เบิกไปสามหมื่นห้า") answers those questions too and leaves the work done."""
    whole = adapt(readers.read_detail)(text)
    if whole.problem is not None:
        return whole  # "Progress 55% เงินเบิก 1.2 ล.": no work done said at all
    found = extract_report_fields(text)
    if "problems" in found or "on_plan" in found or "on_target" in found:
        return whole  # "คืบหน้า 150%": asked at its question, where the reason is said; a yes/no
        # said in a sentence of work stays in it
    figures: dict[str, Value] = {k: v for k in _FIGURES if isinstance(v := found.get(k), Decimal)}
    rest = found.get("detail")
    if not figures or not isinstance(rest, str):
        return whole
    read = adapt(readers.read_detail)(rest)
    return Read(value=read.value, also=figures) if read.problem is None else read


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


def _tiny_amount(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    if isinstance(value, Decimal) and 0 < value < TINY_AMOUNT:
        return (f"งบที่เบิกใช้ครั้งนี้ {baht(value)} ซึ่งน้อยมาก "
                "(อาจตั้งใจพิมพ์เป็นเปอร์เซ็นต์ หรือหลักพัน หลักหมื่น) ค่ะ")
    return None


def _done_but_late(value: Value, values: dict[str, Any], ctx: dict[str, str]) -> str | None:
    if value is False and values.get("progress") == Decimal("100.00"):
        return "ความก้าวหน้าเป็น 100.00 % แต่ระบุว่าไม่เป็นไปตามแผนค่ะ"
    return None


def _hint(template: str, key: str, fmt: Callable[[str], str] = str) -> Callable[
        [dict[str, str]], str | None]:
    return lambda ctx: template.format(fmt(ctx[key])) if ctx.get(key) else None


COUNT_HELP = "กรุณาพิมพ์เป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป เช่น 120"


def read_count(text: str) -> Read:
    """A whole number ≥ 0 ("120", "๑๒๐ คน", "ประมาณ 1,250 คนค่ะ")."""
    result = readers.read_quantity(text)
    if isinstance(result, readers.Problem):
        said = ("จำนวนติดลบไม่ได้" if result.code is readers.ProblemCode.NEGATIVE
                else "ไม่เข้าใจจำนวนที่ตอบ")
        return Read(problem=f"ขออภัยค่ะ {said} {COUNT_HELP}", choices=result.choices)
    if result.value != result.value.to_integral_value():
        return Read(problem=f"ขออภัยค่ะ จำนวนต้องเป็นจำนวนเต็ม {COUNT_HELP}")
    return Read(value=Decimal(int(result.value)))


# The readers a field names (core.report_schema's `reader`), by reference.
READERS: dict[str, Callable[[str], Read]] = {
    "free_text": adapt(readers.read_free_text),
    "detail": detail_with_figures,
    "percent": adapt(readers.read_percent),
    "money": adapt(readers.read_money),
    "count": read_count,
    "on_plan": yes_no_with_reason(readers.PLAN_POSITIVE, readers.PLAN_NEGATIVE),
    "on_target": yes_no_with_reason(readers.TARGET_POSITIVE, readers.TARGET_NEGATIVE),
    "obstacles": adapt(readers.read_obstacles),
}
_ENGINE_KIND = {Kind.TEXT: "text", Kind.PERCENT: "percent", Kind.MONEY: "money",
                Kind.COUNT: "number", Kind.BOOL: "bool"}

# What only the chat knows about a field: last time's value as a hint, and soft checks.
_HINTS: dict[str, Callable[[dict[str, str]], str | None]] = {
    "detail": lambda ctx: (f"{_previous(ctx)}: {short(ctx['last_detail'], 60)}"
                           if ctx.get("last_detail") else None),
    "progress": lambda ctx: (f"{_previous(ctx)}: {ctx['last_progress']} %"
                             if ctx.get("last_progress") else None),
    "disbursed": _hint("เบิกสะสมแล้ว {}", "budget_used", lambda s: baht(Decimal(s))),
}
_CHECKS: dict[str, tuple[Callable[[Value, dict[str, Any], dict[str, str]], str | None], ...]] = {
    "progress": (_progress_lower, _progress_above_next, _progress_jump),
    "disbursed": (_tiny_amount, _over_budget),
    "on_plan": (_done_but_late,),
}


def _optional(field: ReportField) -> Callable[[dict[str, Any]], bool]:
    """The slot's skip rule: the field's required-when rule, negated."""
    return lambda values: not field.required(values)


def slot_of(field: ReportField) -> Slot:
    """The conversation slot of a declared report field."""
    return Slot(field.name, field.label, field.question, _ENGINE_KIND[field.kind],
                READERS[field.reader], field.help, quick=field.quick,
                hint=_HINTS.get(field.name, lambda ctx: None),
                skippable=_optional(field), checks=_CHECKS.get(field.name, ()),
                show=field.shows)


PROGRESS_FORM = Form(
    name="progress",
    title="รายงานความก้าวหน้า",
    summary=summary_messages,
    slots=tuple(slot_of(field) for field in REPORT_FIELDS),
)
