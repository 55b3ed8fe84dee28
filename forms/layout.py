"""The official forms' layout as data, shared by the text and PDF renderers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from core.display import percent
from core.periods import numeric_date
from forms.clean import FORM_TITLE
from forms.records import PlanLinkage, ProgressEntry
from forms.thai import format_money

CERTIFICATION = "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ"
SIGNATURE = ("ลงชื่อ.....(ผู้รับผิดชอบโครงการ)", "ตำแหน่ง .....")
PROJECT_TITLE = FORM_TITLE
OBSTACLES_LABEL = "ปัญหา/อุปสรรค"  # a report's own line, after its figures


class Style(StrEnum):
    """How a row is printed."""

    FIELD = "field"  # "label : value"
    TEXT = "text"  # free paragraph lines
    ITEM = "item"  # one bullet of a list
    NOTE = "note"  # free text opened by "::" (indicator form)
    MEASURE = "measure"  # ": label = value"


class Row(NamedTuple):
    """One printed row: a label and its value (value may hold several lines)."""

    label: str
    value: str
    style: Style = Style.FIELD


@dataclass(frozen=True)
class ReportBlock:
    """One progress entry, formatted for printing."""

    number: int
    date: str  # BE, "25/04/2566"
    detail: str  # several lines allowed
    progress: str  # "70.00 %"
    disbursed: str  # "1,234,567.50"
    budget_count: int | None
    on_plan: str  # "เป็นไปตามแผน" / "ไม่เป็นไปตามแผน"; "" when not stated (printed blank)
    on_target: str
    obstacles: str = ""  # several lines allowed; empty when the report named none

    @property
    def heading(self) -> str:
        """ "รายงานครั้งที่ N"."""
        return f"รายงานครั้งที่ {self.number}"

    @property
    def status(self) -> str:
        """The figures line: progress, disbursed budget, on plan, on target."""
        count = f" (ครั้งที่ {self.budget_count})" if self.budget_count is not None else ""
        return (
            f"ความก้าวหน้าของงานฯ = {self.progress} งบประมาณที่เบิกใช้{count} = "
            f"{self.disbursed} บาท\t: {self.on_plan}\t: {self.on_target}"
        ).rstrip()


@dataclass(frozen=True)
class Section:
    """A titled part of a form; `value` is printed after the title (first line inline)."""

    title: str
    rows: tuple[Row, ...] = ()
    reports: tuple[ReportBlock, ...] = ()
    value: str | None = None


def text_or_empty(value: str | None) -> str:
    """None prints as an empty value."""
    return value or ""


def status_words(value: bool | None, phrase: str) -> str:
    """A status as the form prints it: the phrase, "ไม่" + the phrase, or blank (not stated)."""
    return "" if value is None else phrase if value else f"ไม่{phrase}"


def report_block(entry: ProgressEntry) -> ReportBlock:
    """Format one progress entry."""
    return ReportBlock(
        number=entry.number,
        date=numeric_date(entry.date),
        detail=entry.detail,
        progress=percent(entry.progress),
        disbursed=format_money(entry.disbursed),
        budget_count=entry.budget_count,
        on_plan=status_words(entry.on_plan, "เป็นไปตามแผน"),
        on_target=status_words(entry.on_target, "เป็นไปตามเป้าหมาย"),
        obstacles=(entry.obstacles or "").strip(),
    )


def plan_rows(plan: PlanLinkage, goal_label: str, with_indicator: bool) -> tuple[Row, ...]:
    """Rows of the plan linkage block."""
    rows = [
        Row("ประเด็นยุทธศาสตร์", text_or_empty(plan.strategy)),
        Row("ประเด็นยุทธศาสตร์ย่อย", text_or_empty(plan.sub_strategy)),
        Row(goal_label, text_or_empty(plan.goal)),
    ]
    if with_indicator or plan.indicator is not None:
        rows.append(Row("ตัวชี้วัด", text_or_empty(plan.indicator)))
    return tuple(rows)
