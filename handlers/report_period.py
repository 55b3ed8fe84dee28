"""Which month a report is for: the limits, the question about a second report, finished work."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from core.messages import PERIOD_POSTBACK, Message, quick_date, quick_text, text
from core.periods import MONTHS_ABBR, be_year, fiscal_year_start, thai_date
from handlers.report_texts import future_month
from storage.models import ProgressReport, Project


def month_label(first: date) -> str:
    """"ต.ค. 2569"."""
    return f"{MONTHS_ABBR[first.month - 1]} {be_year(first)}"


def earliest(project: Project) -> date:
    """The first month a project can be reported for: its start, else its fiscal year's."""
    start = project.start_date or fiscal_year_start(project.fiscal_year)
    return start.replace(day=1)


def report_date(period: date | None, today: date) -> date:
    """The date a report is filed under: today, or the last day of an earlier month."""
    if period is None or (period.year, period.month) >= (today.year, today.month):
        return today
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def finished(project: Project, latest: ProgressReport | None, today: date) -> bool:
    """Finished work: its latest report is at 100 % and its end date has passed."""
    return (latest is not None and latest.progress_percent >= Decimal(100)
            and project.end_date is not None and project.end_date < today)


def finished_text(project: Project) -> str:
    """The polite refusal of a report on finished work."""
    assert project.end_date is not None
    return (f"โครงการ {project.name} ({project.code}) ดำเนินการครบ 100 % และสิ้นสุดเมื่อ "
            f"{thai_date(project.end_date)} แล้ว จึงไม่ต้องส่งรายงานความก้าวหน้าเพิ่มค่ะ "
            f"หากต้องแก้ไขรายงานล่าสุด พิมพ์ \"แก้ไขรายงาน {project.code}\" ได้เลยนะคะ")


def period_problem(project: Project, period: date, today: date) -> Message | None:
    """Why a month cannot be reported for (in the future, before the start), or None."""
    if (period.year, period.month) > (today.year, today.month):
        return text(future_month(month_label(period), month_label(today)),
                    [picker(project, today)])
    if period < earliest(project):
        return text(f"โครงการนี้เริ่มเดือน {month_label(earliest(project))} ค่ะ "
                    f"จึงรายงานของเดือน {month_label(period)} ไม่ได้ กรุณาเลือกเดือนอื่นนะคะ",
                    [picker(project, today)])
    return None


def picker(project: Project, today: date) -> Message:
    """LINE's date picker limited to the months the project can be reported for."""
    low = min(earliest(project), today)
    return quick_date("เลือกเดือนอื่น", f"{PERIOD_POSTBACK}{project.code}", today.isoformat(),
                      low.isoformat(), today.isoformat())


def second_report(project: Project, existing: ProgressReport, period: date,
                  today: date) -> Message:
    """Ask whether a second report in one month amends it or belongs to another month."""
    this_month = (period.year, period.month) == (today.year, today.month)
    body = (f"โครงการ {project.name} ({project.code}) มีรายงานของเดือน {month_label(period)} "
            f"แล้วค่ะ (ครั้งที่ {existing.number} วันที่ {thai_date(existing.report_date)})\n"
            + ("ต้องการแก้ไขรายงานของเดือนนี้ หรือส่งรายงานของเดือนอื่นคะ" if this_month
               else "กรุณาเลือกเดือนอื่นที่ยังไม่ได้รายงานนะคะ"))
    quick = ([quick_text("แก้ไขรายงานเดือนนี้", f"แก้ไขรายงาน {project.code}")] if this_month
             else [])
    return text(body, [*quick, picker(project, today)])
