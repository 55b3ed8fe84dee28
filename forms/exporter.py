"""Database rows back to the official form records, as text or PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.budget import budget_used
from core.periods import period_of, thai_date
from core.thai import to_arabic_digits
from forms.errors import LineError
from forms.fields import parse_quantity, split_unit
from forms.layout import more_fields
from forms.pdf import render_pdf
from forms.photo_pages import PrintedPhoto
from forms.records import (
    IndicatorForm,
    PlanLinkage,
    ProgressEntry,
    ProjectForm,
    QuarterNarrative,
)
from forms.render_text import render_indicator, render_project
from storage.enums import IndicatorLevel
from storage.models import Agency, Indicator, ProgressReport, Project
from storage.photos import project_photos
from storage.repo import get_project_by_code

BANGKOK = ZoneInfo("Asia/Bangkok")  # a photo's date is said as Bangkok's calendar has it

Record = ProjectForm | IndicatorForm

_LEVEL_TEXT = {
    IndicatorLevel.OUTPUT: "ผลผลิต (Output)",
    IndicatorLevel.OUTCOME: "ผลลัพธ์ (Outcome)",
    IndicatorLevel.BOTH: "ผลผลิต (Output) ผลลัพธ์ (Outcome)",
}


class UnknownCodeError(LookupError):
    """No project, agency or indicator with the code the caller asked for."""

    def __init__(self, kind: str, code: str) -> None:
        super().__init__(f"unknown {kind} {code!r}")
        self.kind = kind
        self.code = code


def _items(text: str | None) -> tuple[str, ...]:
    """List items stored one per line."""
    return tuple(line for line in (text or "").split("\n") if line.strip())


def _entry(report: ProgressReport) -> ProgressEntry:
    """One stored report as a form entry."""
    return ProgressEntry(
        number=report.number,
        date=report.report_date,
        detail=report.detail,
        progress=report.progress_percent,
        disbursed=report.budget_disbursed,
        budget_count=report.budget_count,
        on_plan=report.on_plan,
        on_target=report.on_target,
        obstacles=report.obstacles or None,
        more=tuple((f.name, getattr(report, f.column)) for f in more_fields()
                   if getattr(report, f.column) is not None),  # as an import reads it
    )


def _used(project: Project) -> Decimal | None:
    """The header's used budget: core.budget's rule; left blank when nothing is known."""
    used = budget_used(project.budget_used, (r.budget_disbursed for r in project.reports))
    return None if project.budget_used is None and not used else used


def project_form(project: Project) -> ProjectForm:
    """A stored project with its reports as the project form record."""
    return ProjectForm(
        name=project.name,
        code=project.code,
        fiscal_year=project.fiscal_year,
        start=project.start_date,
        end=project.end_date,
        budget_received=project.budget_received,
        budget_used=_used(project),
        unit=split_unit(project.unit.path) if project.unit else (),
        responsible_name=project.responsible_name or None,
        responsible_phone=project.responsible_phone or None,
        coordinator_name=project.coordinator_name or None,
        coordinator_phone=project.coordinator_phone or None,
        rationale=project.rationale or None,
        objectives=_items(project.objectives),
        targets=_items(project.targets),
        plan=PlanLinkage(
            strategy=project.plan_strategy or None,
            sub_strategy=project.plan_substrategy or None,
            goal=project.plan_goal or None,
            indicator=project.plan_indicator or None,
        ),
        reports=tuple(_entry(report) for report in project.reports),
    )


def _quantity(
    text: str | None, value: Decimal | None, unit: str | None
) -> tuple[Decimal | None, str | None]:
    """Value and unit; the printed text keeps the written precision ("36.00") when current."""
    try:
        printed = parse_quantity(text, 0, "quantity") if text else (None, None)
    except LineError:
        printed = (None, None)
    if printed[0] is None or printed[0] != value:
        printed = (value.normalize() if value is not None else None, printed[1])
    return printed[0], unit if unit is not None else printed[1]


def indicator_form(indicator: Indicator) -> IndicatorForm:
    """A stored indicator with its quarters as the indicator form record."""
    level = indicator.level_text or (_LEVEL_TEXT[indicator.level] if indicator.level else None)
    target = _quantity(indicator.target_text, indicator.target_value, indicator.target_unit)
    achieved = _quantity(indicator.achieved_text, indicator.achieved_value, None)
    return IndicatorForm(
        number=indicator.number or "",
        name=indicator.name,
        level=level,
        plan=PlanLinkage(
            strategy=indicator.plan_strategy or None,
            sub_strategy=indicator.plan_substrategy or None,
            goal=indicator.plan_goal or None,
        ),
        definition=indicator.definition or None,
        calculation=indicator.calculation or None,
        target_value=target[0],
        target_unit=target[1],
        achieved_value=achieved[0],
        achieved_unit=achieved[1],
        quarters=tuple(  # one fiscal year: the indicator's own
            QuarterNarrative(q.quarter, q.narrative or None) for q in indicator.quarters
            if q.fiscal_year == indicator.fiscal_year
        ),
        summary=indicator.year_summary or None,
        supporting_factors=indicator.supporting_factors or None,
        obstacles=indicator.obstacles or None,
        evidence=indicator.evidence or None,
    )


def project_record(session: Session, code: str) -> ProjectForm:
    """The project form record of a code; UnknownCodeError if there is no such project."""
    project = get_project_by_code(session, code)
    if project is None:
        raise UnknownCodeError("project code", code)
    return project_form(project)


def indicator_records(session: Session, number: str,
                      fiscal_year: int | None = None) -> list[IndicatorForm]:
    """Every stored indicator printed with this number ("08" or "08."), of one fiscal year
    when given; each form is one year (the indicator's), never a mix of years."""
    wanted = to_arabic_digits(number).strip().rstrip(".")
    query = select(Indicator).where(Indicator.number == wanted).order_by(Indicator.id)
    if fiscal_year is not None:
        query = query.where(Indicator.fiscal_year == fiscal_year)
    found = [indicator_form(indicator) for indicator in session.scalars(query)]
    if not found:
        raise UnknownCodeError("indicator number", number)
    return found


def agency_records(session: Session, agency_code: str) -> list[Record]:
    """All projects of an agency (by code), then its indicators."""
    agency = session.scalars(select(Agency).where(Agency.code == agency_code)).one_or_none()
    if agency is None:
        raise UnknownCodeError("agency code", agency_code)
    projects = session.scalars(
        select(Project).where(Project.agency_id == agency.id).order_by(Project.code)
    )
    indicators = session.scalars(
        select(Indicator).where(Indicator.agency_id == agency.id).order_by(Indicator.id)
    )
    records: list[Record] = [project_form(project) for project in projects]
    records += [indicator_form(indicator) for indicator in indicators]
    if not records:
        raise UnknownCodeError("agency code (no forms stored)", agency_code)
    return records


def records_text(records: Sequence[Record]) -> str:
    """The official forms of the records, one after the other, as one text."""
    parts = [
        render_project(record) if isinstance(record, ProjectForm) else render_indicator(record)
        for record in records
    ]
    return "\n".join(parts)


def records_pdf(records: Sequence[Record], photos: Sequence[PrintedPhoto] = ()) -> bytes:
    """The official forms of the records as one PDF, each starting on a new page (then the
    photos, if any, on pages of their own)."""
    return render_pdf(records, embedded_text=records_text(records), photos=photos)


def project_text(session: Session, code: str) -> str:
    """The project form of one project as text."""
    return records_text([project_record(session, code)])


def project_pdf(session: Session, code: str,
                load_photo: Callable[[str], bytes] | None = None) -> bytes:
    """The project form of one project as a PDF (what a supervisor gets on LINE); with
    load_photo (the photo store's get), the reports' photos follow the form."""
    record = project_record(session, code)
    photos = printed_photos(session, code, load_photo) if load_photo else []
    return records_pdf([record], photos)


def printed_photos(session: Session, code: str,
                   load_photo: Callable[[str], bytes]) -> list[PrintedPhoto]:
    """A project's photos to print, oldest month first, captioned with the report, its month
    and the Buddhist-Era date the photo was attached."""
    project = get_project_by_code(session, code)
    if project is None:
        return []
    found = sorted(project_photos(session, project.id), key=lambda f: (f[0].period, f[0].id))
    printed = []
    for row, number in found:
        try:
            image: bytes | None = load_photo(row.photo_key)
        except (KeyError, ValueError):
            image = None
        attached = row.created_at.astimezone(BANGKOK).date()
        printed.append(PrintedPhoto(image, f"รายงานครั้งที่ {number} ประจำเดือน "
                                          f"{period_of(row.period).label} · แนบเมื่อ "
                                          f"{thai_date(attached)}"))
    return printed


def indicator_text(session: Session, number: str) -> str:
    """The indicator form(s) printed with this number, as text."""
    return records_text(indicator_records(session, number))


def indicator_pdf(session: Session, number: str) -> bytes:
    """The indicator form(s) printed with this number, as a PDF."""
    return records_pdf(indicator_records(session, number))


def agency_text(session: Session, agency_code: str) -> str:
    """Every form of an agency as one text."""
    return records_text(agency_records(session, agency_code))


def agency_pdf(session: Session, agency_code: str) -> bytes:
    """Every form of an agency as one PDF."""
    return records_pdf(agency_records(session, agency_code))


def collect_records(
    session: Session,
    codes: Sequence[str] = (),
    agency_code: str | None = None,
    indicator_numbers: Sequence[str] = (),
    fiscal_year: int | None = None,
) -> list[Record]:
    """Projects by code, then an agency's forms, then indicators by number, without repeats."""
    records: list[Record] = [project_record(session, code) for code in codes]
    if agency_code is not None:
        records += agency_records(session, agency_code)
    for number in indicator_numbers:
        records += indicator_records(session, number, fiscal_year)
    unique: list[Record] = []
    for record in records:
        if record not in unique:
            unique.append(record)
    return unique
