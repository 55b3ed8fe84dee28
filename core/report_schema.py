"""The progress report declared once: every field with its wording, reader, rule and places.

The chat (questions, summary, edit menu), the database column, the status views and the
printed form all derive from REPORT_FIELDS. Readers are named by reference (`reader`): the
conversations layer maps the name to a reader, the forms layer maps the kind to a printed
value parser, storage maps the kind to a column type. Adding a field is one entry here, a
migration and tests (docs/DECISIONS.md, "One declared report schema").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a field's value is: it picks the column type, the summary format and the parser."""

    TEXT = "text"
    PERCENT = "percent"
    MONEY = "money"
    COUNT = "count"  # a whole number ≥ 0
    BOOL = "bool"


class Printed(StrEnum):
    """Where the printed form puts a field."""

    HEAD = "head"  # the report's first lines (date and detail): fixed layout
    FIGURES = "figures"  # the figures line (progress, budget, plan, target): fixed layout
    LINE = "line"  # its own line after the figures: "\t:: <printed label> : <value>"


Values = Mapping[str, Any]


def always(values: Values) -> bool:
    """A required field: it must have an answer."""
    return True


def never(values: Values) -> bool:
    """An optional field: it may be left empty ("ข้าม")."""
    return False


def unless_on_plan_and_target(values: Values) -> bool:
    """Required unless the work is both on plan and on target (the obstacles)."""
    return not (values.get("on_plan") is True and values.get("on_target") is True)


@dataclass(frozen=True)
class ReportField:
    """One field of the monthly progress report, declared once."""

    name: str  # the conversation slot and the draft's key
    label: str  # Thai label: summary, edit menu, status card
    question: str  # what the bot asks
    help: str  # what the bot explains when the answer cannot be read
    kind: Kind
    reader: str  # the conversations layer's reader of this name (conversations.progress_form)
    column: str  # the progress_reports column
    required: Callable[[Values], bool] = always
    aliases: tuple[str, ...] = ()  # everyday names in corrections ("งบผิดค่ะ")
    quick: tuple[str, ...] = ()  # quick replies offered with the question
    unit: str | None = None  # shown after the value ("120 คน")
    yes_no: tuple[str, str] = ("", "")  # a yes/no field's two phrases
    status_label: str | None = None  # its line in the status card and history (None: none)
    printed: Printed = Printed.LINE
    printed_label: str | None = None  # the printed form's label of a LINE field

    def shows(self, value: Any) -> str:
        """The value as the summary and status views show it ("-" when empty)."""
        if value is None or value == "":
            return "-"
        if self.kind is Kind.BOOL:
            return self.yes_no[0] if value else self.yes_no[1]
        if self.kind is Kind.PERCENT:
            return f"{value:.2f} %"
        if self.kind is Kind.MONEY:
            return f"{value:,.2f} บาท"
        if self.kind is Kind.COUNT:
            shown = f"{int(value):,}"
            return f"{shown} {self.unit}" if self.unit else shown
        return str(value)

    def status_line(self, value: Any) -> str | None:
        """The field's line in the status card and history, or None (no line or no value)."""
        if self.status_label is None or value is None or value == "":
            return None
        return f"{self.status_label}: {self.shows(value)}"


REPORT_FIELDS: tuple[ReportField, ...] = (
    ReportField(
        "detail", "ผลการดำเนินงาน",
        "ในรอบนี้ดำเนินการอะไรไปแล้วบ้างคะ (พิมพ์ได้หลายบรรทัด ไม่เกิน 2,000 ตัวอักษร)",
        "เล่าสั้น ๆ ว่าเดือนนี้ทำอะไรไปแล้ว เช่น \"จัดประชุมคณะทำงานแล้วเสร็จ\"",
        Kind.TEXT, "detail", "detail",
        aliases=("รายละเอียดงาน", "รายละเอียด", "ผลการดำเนินงาน", "ผลงาน", "งานที่ทำ", "สิ่งที่ทำ",
                 "การดำเนินงาน", "ที่ทำไป", "ที่ทำ", "ทำอะไรไป", "เดือนนี้ทำอะไร", "detail",
                 "work"),
        printed=Printed.HEAD),
    ReportField(
        "progress", "ความก้าวหน้าของงาน", "ความก้าวหน้าของงานสะสมถึงตอนนี้กี่เปอร์เซ็นต์คะ",
        "พิมพ์เป็นร้อยละ 0–100 ของทั้งโครงการ (ค่าสะสม) เช่น 80, 80%, ร้อยละ 75.5 หรือ แปดสิบ",
        Kind.PERCENT, "percent", "progress_percent",
        aliases=("ความก้าวหน้า", "ความคืบหน้า", "ผลงานสะสม", "เปอร์เซ็นต์", "เปอร์เซ็น", "เปอร์เซนต์", "ร้อยละ",
                 "เปอเซ็นต์", "เปอเซ็น", "เปอร์เซน",
                 "progress",
                 "progress", "percent", "%", "คืบหน้า", "ก้าวหน้า"),
        printed=Printed.FIGURES, printed_label="ความก้าวหน้าของงานฯ"),
    ReportField(
        "disbursed", "งบที่เบิกใช้ครั้งนี้",
        "ครั้งนี้เบิกใช้งบประมาณไปกี่บาทคะ (ถ้ายังไม่เบิก พิมพ์ 0 หรือ \"ยังไม่เบิก\")",
        "พิมพ์จำนวนเงินที่เบิกในรอบนี้เป็นบาท (เฉพาะรอบนี้ ไม่ใช่ยอดสะสม) เช่น 12,500 หรือ 1.2 ล้าน "
        "หรือ ห้าหมื่นสองพัน",
        Kind.MONEY, "money", "budget_disbursed",
        aliases=("งบประมาณ", "งบที่เบิกใช้", "งบที่เบิก", "เงินที่เบิก", "เงินเบิกจ่าย", "เงินเบิก",
                 "ยอดเบิก", "ยอดเงิน",
                 "เบิกจ่าย", "เบิก", "งบ", "เงิน", "บาท", "budget", "money", "baht"),
        quick=("ยังไม่เบิก",), printed=Printed.FIGURES, printed_label="งบประมาณที่เบิกใช้"),
    ReportField(
        "on_plan", "เป็นไปตามแผน", "การดำเนินงานเป็นไปตามแผนหรือไม่คะ",
        "เทียบงานที่ทำได้จริงกับแผนงานของโครงการ ณ วันนี้ ตอบ \"เป็นไปตามแผน\" หรือ "
        "\"ไม่เป็นไปตามแผน\" (หรือ ใช่ / ไม่ใช่ / ล่าช้า)",
        Kind.BOOL, "on_plan", "on_plan",
        aliases=("เป็นไปตามแผน", "ตามแผน", "แผน", "on plan", "plan"),
        quick=("เป็นไปตามแผน", "ไม่เป็นไปตามแผน"),
        yes_no=("เป็นไปตามแผน", "ไม่เป็นไปตามแผน"), printed=Printed.FIGURES),
    ReportField(
        "on_target", "เป็นไปตามเป้าหมาย", "ผลการดำเนินงานเป็นไปตามเป้าหมายหรือไม่คะ",
        "เทียบผลที่ได้ถึงตอนนี้กับเป้าหมายของโครงการ ตอบ \"เป็นไปตามเป้าหมาย\" หรือ "
        "\"ไม่เป็นไปตามเป้าหมาย\" (หรือ ใช่ / ไม่ใช่)",
        Kind.BOOL, "on_target", "on_target",
        aliases=("เป็นไปตามเป้าหมาย", "ตามเป้าหมาย", "เป้าหมาย", "ตามเป้า", "เป้า", "on target",
                 "target"),
        quick=("เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย"),
        yes_no=("เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย"), printed=Printed.FIGURES),
    ReportField(
        "obstacles", "ปัญหา/อุปสรรค", "มีปัญหาหรืออุปสรรคในการดำเนินงานอย่างไรบ้างคะ",
        "เล่าปัญหาที่ทำให้ล่าช้าหรือไม่ถึงเป้าหมาย (จำเป็นเมื่อไม่เป็นไปตามแผนหรือเป้าหมาย)",
        Kind.TEXT, "obstacles", "obstacles", required=unless_on_plan_and_target,
        aliases=("ปัญหาและอุปสรรค", "ปัญหาอุปสรรค", "ปัญหา/อุปสรรค", "ปัญหา", "อุปสรรค",
                 "obstacles", "obstacle", "problems"),
        status_label="ปัญหา/อุปสรรค", printed_label="ปัญหา/อุปสรรค"),
    ReportField(
        "beneficiaries", "จำนวนผู้รับประโยชน์ (คน)",
        "ในรอบนี้มีผู้ได้รับประโยชน์จากโครงการกี่คนคะ",
        "พิมพ์เป็นจำนวนคน (จำนวนเต็มตั้งแต่ 0 ขึ้นไป) เช่น 120 หรือ หนึ่งร้อยยี่สิบ",
        Kind.COUNT, "count", "beneficiaries", required=never,
        aliases=("จำนวนผู้รับประโยชน์", "ผู้รับประโยชน์", "ผู้ได้รับประโยชน์", "beneficiaries"),
        unit="คน", status_label="ผู้รับประโยชน์", printed_label="จำนวนผู้รับประโยชน์ (คน)"),
)


def report_field(name: str) -> ReportField:
    """The field called name; an unknown name is an error."""
    for found in REPORT_FIELDS:
        if found.name == name:
            return found
    raise KeyError(f"the report has no field {name!r}")


def line_fields() -> tuple[ReportField, ...]:
    """The fields printed on their own line after the figures, in order."""
    return tuple(f for f in REPORT_FIELDS if f.printed is Printed.LINE)
