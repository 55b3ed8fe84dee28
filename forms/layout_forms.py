"""project_sections / indicator_sections: records laid out as the official forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.periods import numeric_date
from forms.layout import Row, Section, Style, plan_rows, report_block, text_or_empty
from forms.parse_indicator import INDICATOR_SPECS, PLAN_TITLE
from forms.parse_project import PROJECT_SPECS
from forms.records import IndicatorForm, ProjectForm
from forms.thai import format_money, format_number

_P = {spec.number: spec.title for spec in PROJECT_SPECS}
_I = {spec.number: spec.title for spec in INDICATOR_SPECS}


def _date(value: date | None) -> str:
    return numeric_date(value) if value is not None else ""


def _baht(value: Decimal | None) -> str:
    return f"{format_money(value)} บาท" if value is not None else ""


def _person(name: str | None, phone: str | None) -> str:
    return " ".join(part for part in (name, f"โทร. {phone}" if phone else None) if part)


def _quantity(value: Decimal | None, unit: str | None) -> str:
    number = format_number(value) if value is not None else ""
    return " ".join(part for part in (number, f"({unit})" if unit is not None else "") if part)


def project_sections(p: ProjectForm) -> list[Section]:
    """The project form's sections 1 to 2, in the printed order and wording."""
    return [
        Section(_P["1"]),
        Section(
            _P["1.1"],
            rows=(
                Row("ชื่อโครงการ/กิจกรรม", p.name),
                Row("รหัสโครงการ", p.code),
                Row("ปีงบประมาณ พ.ศ.", str(p.fiscal_year)),
                Row("เริ่มต้นโครงการ", _date(p.start)),
                Row("งบประมาณที่ได้รับ", _baht(p.budget_received)),
                Row("สิ้นสุดโครงการ", _date(p.end)),
                Row("งบประมาณที่ใช้ไป", _baht(p.budget_used)),
            ),
        ),
        Section(
            _P["1.2"],
            rows=(
                Row("หน่วยงานที่รับผิดชอบ", " / ".join(p.unit)),
                Row("ชื่อผู้รับผิดชอบ", _person(p.responsible_name, p.responsible_phone)),
                Row("ผู้ประสานงาน สยป", _person(p.coordinator_name, p.coordinator_phone)),
            ),
        ),
        Section(_P["1.3"], rows=(Row("", text_or_empty(p.rationale), Style.TEXT),)),
        Section(_P["1.4"], rows=tuple(Row("", item, Style.ITEM) for item in p.objectives)),
        Section(_P["1.5"], rows=tuple(Row("", item, Style.ITEM) for item in p.targets)),
        Section(_P["1.6"], rows=plan_rows(p.plan, "เป้าหมายที่", with_indicator=True)),
        Section(_P["2"], reports=tuple(report_block(entry) for entry in p.reports)),
    ]


def _note(number: str, text: str | None) -> Section:
    return Section(_I[number], rows=(Row("", text_or_empty(text), Style.NOTE),), value="")


def indicator_sections(i: IndicatorForm) -> list[Section]:
    """The indicator form's sections 1 to 9, in the printed order and wording."""
    quarters = [
        Section(f"(6.{q.quarter}) ไตรมาสที่ {q.quarter}", value=text_or_empty(q.text))
        for q in i.quarters
    ]
    return [
        Section(_I["1"], rows=(Row("", i.name, Style.TEXT),), value=f"{i.number}."),
        Section(_I["2"], value=text_or_empty(i.level)),
        Section(PLAN_TITLE, rows=plan_rows(i.plan, "เป้าประสงค์ที่", with_indicator=False)),
        _note("3", i.definition),
        _note("4", i.calculation),
        Section(
            _I["5"],
            rows=(
                Row(
                    "ผลงานที่ทำได้",
                    _quantity(i.achieved_value, i.achieved_unit),
                    Style.MEASURE,
                ),
            ),
            value=_quantity(i.target_value, i.target_unit),
        ),
        Section(_I["6"], value=""),
        *quarters,
        _note("6.5", i.summary),
        _note("7", i.supporting_factors),
        _note("8", i.obstacles),
        _note("9", i.evidence),
    ]
