"""Which month a report is for: the default, the choices, the limits, a month already reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.messages import PERIOD_POSTBACK, Message, quick_date, quick_postback, quick_text, text
from core.months import Months
from core.periods import Period, fiscal_year_start, period_of, thai_date
from handlers.report_texts import future_month
from storage.models import ProgressReport, Project

MAX_MONTH_CHOICES = 8  # with answers, the date picker and the way out: within 13


def month_label(first: date) -> str:
    """"ต.ค. 2569"."""
    return period_of(first).label


def earliest(project: Project) -> date:
    """The first month a project can be reported for: its start, else its fiscal year's."""
    start = project.start_date or fiscal_year_start(project.fiscal_year)
    return start.replace(day=1)


def default_month(months: Months, today: date) -> date:
    """The month a report is for when none is named: the earliest late one, else this month."""
    return (months.missing[0] if months.missing else period_of(today)).start


def month_note(period: date, due: Callable[[Period], date], today: date) -> str:
    """"รายงานประจำเดือน พ.ย. 2569 (เลยกำหนดส่ง 25 พ.ย. 2569)", or its due date when not late."""
    deadline = due(period_of(period))
    when = (f"เลยกำหนดส่ง {thai_date(deadline)}" if deadline < today
            else f"กำหนดส่ง {thai_date(deadline)}")
    return f"รายงานประจำเดือน {month_label(period)} ({when})"


def month_choices(project: Project, months: Months, chosen: date, today: date) -> list[Message]:
    """Quick replies for the other months still owed, then LINE's date picker."""
    owed = [p for p in months.owed() if p.start != chosen]
    items = [quick_postback(f"เดือน {p.label}", f"{PERIOD_POSTBACK}{project.code}@{p.key}",
                            f"รายงานเดือน {p.label}") for p in owed[:MAX_MONTH_CHOICES]]
    return [*items, picker(project, today)]


def finished_text(project: Project) -> str:
    """The polite refusal of a report on finished work."""
    assert project.end_date is not None
    return (f"โครงการ {project.name} ({project.code}) ดำเนินการครบ 100 % และสิ้นสุดเมื่อ "
            f"{thai_date(project.end_date)} แล้ว (ปิดโครงการแล้ว) จึงไม่ต้องส่งรายงานความก้าวหน้า"
            f"เพิ่มค่ะ หากต้องแก้ไขรายงานล่าสุด พิมพ์ \"แก้ไขรายงาน {project.code}\" ได้เลยนะคะ")


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


def amend_words(code: str, period: date) -> str:
    """What to type to correct a month's report: "แก้ไขรายงาน CODE เดือน พ.ย. 2569"."""
    return f"แก้ไขรายงาน {code} เดือน {month_label(period)}"


def short_month(first: date) -> str:
    """A month as a short label says it, in the Buddhist Era ("พ.ย.69")."""
    abbr, year = month_label(first).split()
    return f"{abbr}{year[-2:]}"


def second_report(project: Project, existing: ProgressReport, months: Months,
                  today: date) -> Message:
    """A month that has a report already: offer to correct it, or to report another month."""
    label = month_label(existing.period)
    others = [p for p in months.owed() if p.start != existing.period]
    body = (f"โครงการ {project.name} ({project.code}) มีรายงานประจำเดือน {label} แล้วค่ะ "
            f"(ครั้งที่ {existing.number} วันที่ {thai_date(existing.report_date)})\n"
            + ("ต้องการแก้ไขรายงานของเดือนนี้ หรือรายงานเดือนที่ยังไม่ได้ส่งคะ" if others
               else "ต้องการแก้ไขรายงานของเดือนนี้ หรือเลือกเดือนอื่นคะ"))
    fix = quick_text(f"แก้ไขรายงาน {short_month(existing.period)}",  # whole within 20 characters
                     amend_words(project.code, existing.period))
    return text(body, [fix, *month_choices(project, months, existing.period, today)])
