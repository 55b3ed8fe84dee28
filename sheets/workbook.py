"""The planning unit's workbook: projects, missing months, obstacles, indicators by quarter."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from core.report_schema import REPORT_FIELDS, Kind, ReportField
from reminders.policy import Policy
from sheets.collect import IndicatorRow, ObstacleRow, ProjectRow, SheetData, collect
from sheets.table import HEAD, STYLES, Cell, Column, table
from sheets.xlsx import write_xlsx
from storage.enums import IndicatorLevel
from storage.scope import Scope

_CELLS = {Kind.TEXT: Cell.TEXT, Kind.PERCENT: Cell.PERCENT, Kind.MONEY: Cell.MONEY,
          Kind.COUNT: Cell.INT, Kind.BOOL: Cell.TEXT}
_LEVELS = {IndicatorLevel.OUTPUT: "ผลผลิต (Output)", IndicatorLevel.OUTCOME: "ผลลัพธ์ (Outcome)",
           IndicatorLevel.BOTH: "ผลผลิต (Output) ผลลัพธ์ (Outcome)"}
_BANGKOK = ZoneInfo("Asia/Bangkok")


def _field_value(f: ReportField) -> Any:
    """The getter of a declared report field's value in a project's latest report."""
    def get(row: ProjectRow) -> Any:
        if row.latest is None:
            return None
        value = row.latest.values.get(f.name)
        if f.kind is Kind.BOOL and value is not None:
            return f.yes_no[0] if value else f.yes_no[1]
        return value
    return get


def _p(name: str) -> Any:
    """The getter of a project header column."""
    return lambda row: row.project[name]


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("รหัสโครงการ", Cell.TEXT, _p("code"), 16),
    Column("ชื่อโครงการ", Cell.TEXT, _p("name"), 50),
    Column("รหัสหน่วยงาน", Cell.TEXT, lambda r: r.agency_code, 12),
    Column("หน่วยงาน", Cell.TEXT, lambda r: r.agency_name),
    Column("ส่วนราชการ/หน่วยงานที่รับผิดชอบ", Cell.TEXT, lambda r: r.unit_path, 40),
    Column("ปีงบประมาณ (พ.ศ.)", Cell.INT, _p("fiscal_year")),
    Column("วันที่เริ่มต้นโครงการ", Cell.DATE, _p("start_date")),
    Column("วันที่สิ้นสุดโครงการ", Cell.DATE, _p("end_date")),
    Column("งบประมาณที่ได้รับ (บาท)", Cell.MONEY, _p("budget_received")),
    Column("งบประมาณที่ใช้ไป (บาท)", Cell.MONEY, lambda r: r.used),
    Column("ผู้รับผิดชอบโครงการ", Cell.TEXT, _p("responsible_name"), 24),
    Column("โทรศัพท์ผู้รับผิดชอบ", Cell.TEXT, _p("responsible_phone"), 16),
    Column("ผู้ประสานงาน", Cell.TEXT, _p("coordinator_name"), 24),
    Column("โทรศัพท์ผู้ประสานงาน", Cell.TEXT, _p("coordinator_phone"), 16),
    Column("หลักการและเหตุผล", Cell.TEXT, _p("rationale"), 40),
    Column("วัตถุประสงค์", Cell.TEXT, _p("objectives"), 40),
    Column("เป้าหมาย", Cell.TEXT, _p("targets"), 40),
    Column("ยุทธศาสตร์", Cell.TEXT, _p("plan_strategy")),
    Column("ยุทธศาสตร์ย่อย", Cell.TEXT, _p("plan_substrategy")),
    Column("เป้าประสงค์", Cell.TEXT, _p("plan_goal")),
    Column("ตัวชี้วัดตามแผน", Cell.TEXT, _p("plan_indicator")),
    Column("รายงานล่าสุด ครั้งที่", Cell.INT, lambda r: r.latest.number if r.latest else None),
    Column("รายงานล่าสุด ประจำเดือน", Cell.MONTH,
           lambda r: r.latest.period if r.latest else None),
    Column("รายงานล่าสุด วันที่ส่ง", Cell.DATE,
           lambda r: r.latest.report_date if r.latest else None),
    # every declared report field, in order: a new field appears here by itself
    *(Column(f"รายงานล่าสุด {f.label}", _CELLS[f.kind], _field_value(f),
             40 if f.kind is Kind.TEXT else None) for f in REPORT_FIELDS),
    Column("จำนวนเดือนที่ค้างส่ง", Cell.INT, lambda r: len(r.missing)),
    Column("เดือนที่ค้างส่ง", Cell.TEXT, lambda r: ", ".join(p.label for p in r.missing), 30),
)

MISSING_COLUMNS: tuple[Column, ...] = (
    Column("รหัสโครงการ", Cell.TEXT, lambda m: m[0].project["code"], 16),
    Column("ชื่อโครงการ", Cell.TEXT, lambda m: m[0].project["name"], 50),
    Column("รหัสหน่วยงาน", Cell.TEXT, lambda m: m[0].agency_code, 12),
    Column("หน่วยงาน", Cell.TEXT, lambda m: m[0].agency_name),
    Column("เดือนที่ค้างส่ง", Cell.MONTH, lambda m: m[1].start),
)

_PLAN, _TARGET = (next(f for f in REPORT_FIELDS if f.name == n) for n in ("on_plan", "on_target"))


def _said(value: bool | None, yes_no: tuple[str, str]) -> str | None:
    """A yes/no field as its phrase."""
    return None if value is None else yes_no[0] if value else yes_no[1]


OBSTACLE_COLUMNS: tuple[Column, ...] = (
    Column("รหัสโครงการ", Cell.TEXT, lambda o: o.code, 16),
    Column("ชื่อโครงการ", Cell.TEXT, lambda o: o.name, 50),
    Column("รหัสหน่วยงาน", Cell.TEXT, lambda o: o.agency_code, 12),
    Column("รายงานครั้งที่", Cell.INT, lambda o: o.number),
    Column("ประจำเดือน", Cell.MONTH, lambda o: o.period),
    Column("วันที่ส่ง", Cell.DATE, lambda o: o.report_date),
    Column(_PLAN.label, Cell.TEXT, lambda o: _said(o.on_plan, _PLAN.yes_no), 18),
    Column(_TARGET.label, Cell.TEXT, lambda o: _said(o.on_target, _TARGET.yes_no), 18),
    Column("ปัญหา/อุปสรรค", Cell.TEXT, lambda o: o.obstacles, 60),
)


def _sent(row: IndicatorRow) -> date | None:
    """The day (in Bangkok) the quarter's report was sent."""
    moment = row.report.submitted_at if row.report else None
    return moment.astimezone(_BANGKOK).date() if moment is not None else None


def _q(name: str) -> Any:
    """The getter of a quarter report's attribute (None when there is no report)."""
    return lambda row: getattr(row.report, name) if row.report else None


INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("ปีงบประมาณ (พ.ศ.)", Cell.INT, lambda i: i.indicator.fiscal_year),
    Column("ตัวชี้วัดที่", Cell.TEXT, lambda i: i.indicator.number, 10),
    Column("ชื่อตัวชี้วัด", Cell.TEXT, lambda i: i.indicator.name, 50),
    Column("รหัสหน่วยงาน", Cell.TEXT, lambda i: i.agency_code, 12),
    Column("ระดับ", Cell.TEXT, lambda i: _LEVELS.get(i.indicator.level) if i.indicator.level
           else i.indicator.level_text, 18),
    Column("ค่าเป้าหมาย", Cell.NUMBER, lambda i: i.indicator.target_value),
    Column("หน่วยนับ", Cell.TEXT, lambda i: i.indicator.target_unit, 12),
    Column("เป้าหมาย (ตามที่พิมพ์)", Cell.TEXT, lambda i: i.indicator.target_text),
    Column("รายงานแล้ว", Cell.TEXT, lambda i: "รายงานแล้ว" if i.report else "ยังไม่รายงาน", 14),
    Column("ผลการดำเนินงาน", Cell.TEXT, _q("narrative"), 60),
    Column("ผลที่ได้ (ค่า)", Cell.NUMBER, _q("achieved_value")),
    Column("ปัจจัยสนับสนุน", Cell.TEXT, _q("supporting_factors"), 40),
    Column("ปัญหา/อุปสรรค", Cell.TEXT, _q("obstacles"), 40),
    Column("วันที่ส่งรายงาน", Cell.DATE, _sent),
)


def _missing_rows(projects: list[ProjectRow]) -> Iterator[tuple[ProjectRow, Any]]:
    """(project, month) for every missing month of every project."""
    for row in projects:
        for period in row.missing:
            yield row, period


def write_workbook(data: SheetData) -> bytes:
    """The .xlsx file of the data: projects, missing months, obstacles, one sheet a quarter."""
    out = io.BytesIO()
    obstacles: list[ObstacleRow] = data.obstacles
    write_xlsx(out, [
        table("โครงการ", PROJECT_COLUMNS, data.projects),
        table("เดือนที่ค้างส่ง", MISSING_COLUMNS, _missing_rows(data.projects)),
        table("ปัญหาอุปสรรค", OBSTACLE_COLUMNS, obstacles),
        *(table(f"ตัวชี้วัด ไตรมาส {quarter}", INDICATOR_COLUMNS, rows)
          for quarter, rows in sorted(data.quarters.items())),
    ], STYLES, HEAD)
    return out.getvalue()


def build_xlsx(session: Session, today: date, scope: Scope | None = None,
               agency_code: str | None = None, fiscal_year: int | None = None,
               policy: Policy | None = None) -> bytes:
    """The spreadsheet of what scope may see (everything when None), as .xlsx bytes.

    The one builder the CLI, the chat command and the dashboard call.
    """
    return write_workbook(collect(session, today, scope, agency_code, fiscal_year, policy))
