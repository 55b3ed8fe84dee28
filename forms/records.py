"""Typed, immutable records for the two official BMA forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

EVERYTHING = "*"  # a flag on every field of a report (which report it is, or cut short)


@dataclass(frozen=True)
class PlanLinkage:
    """Link to the BMA 20-year development plan (section 1.6 / indicator plan block)."""

    strategy: str | None = None  # ประเด็นยุทธศาสตร์
    sub_strategy: str | None = None  # ประเด็นยุทธศาสตร์ย่อย
    goal: str | None = None  # เป้าหมายที่ / เป้าประสงค์ที่
    indicator: str | None = None  # ตัวชี้วัด


@dataclass(frozen=True)
class ProgressEntry:
    """One "รายงานครั้งที่ N" entry of section 2."""

    number: int
    date: date
    detail: str  # free text, lines separated by "\n"
    progress: Decimal  # cumulative %, e.g. Decimal("70.00")
    disbursed: Decimal  # baht
    budget_count: int | None  # the N of "งบประมาณที่เบิกใช้ (ครั้งที่ N)"
    on_plan: bool | None  # None: the printout left it blank (not stated)
    on_target: bool | None
    obstacles: str | None = None  # ปัญหา/อุปสรรค of this report, lines separated by "\n"
    # the other declared fields printed on their own line (core.report_schema), by name
    more: tuple[tuple[str, Any], ...] = ()
    # fields read on an assumption ("number" = which report it is); not part of equality
    flags: frozenset[str] = field(default=frozenset(), compare=False)
    line: int = field(default=0, compare=False)  # where the report was printed, if parsed


@dataclass(frozen=True)
class ProjectForm:
    """แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ."""

    name: str
    code: str  # AAAAAAAA-NNNN
    fiscal_year: int  # Buddhist Era, e.g. 2566
    start: date | None = None
    end: date | None = None
    budget_received: Decimal | None = None
    budget_used: Decimal | None = None
    unit: tuple[str, ...] = ()  # department / division / section
    responsible_name: str | None = None
    responsible_phone: str | None = None
    coordinator_name: str | None = None
    coordinator_phone: str | None = None
    rationale: str | None = None
    objectives: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    plan: PlanLinkage = PlanLinkage()
    reports: tuple[ProgressEntry, ...] = ()
    # header fields read on an assumption (or unreadable, left empty); not part of equality
    flags: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class QuarterNarrative:
    """The narrative of one quarter (ไตรมาสที่ 1-4) of the indicator form."""

    quarter: int
    text: str | None


@dataclass(frozen=True)
class IndicatorForm:
    """The KPI indicator form (ชื่อตัวชี้วัด ... หลักฐานอ้างอิง)."""

    number: str  # as printed without the trailing dot, e.g. "08"
    name: str
    level: str | None = None
    plan: PlanLinkage = PlanLinkage()
    definition: str | None = None
    calculation: str | None = None
    target_value: Decimal | None = None
    target_unit: str | None = None
    achieved_value: Decimal | None = None
    achieved_unit: str | None = None
    quarters: tuple[QuarterNarrative, ...] = ()
    summary: str | None = None  # 6.5 year-end summary
    supporting_factors: str | None = None
    obstacles: str | None = None
    evidence: str | None = None
