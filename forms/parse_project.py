"""Parse one copy of the project form (แบบแสดงรายงานความก้าวหน้า...) into a ProjectForm."""

from __future__ import annotations

from forms.clean import DETAIL_CONTINUATION, Line, is_continuation, item_text
from forms.entries import read_reports
from forms.errors import LineError, ParseWarning
from forms.fields import (
    optional_date,
    optional_money,
    project_code,
    split_phone,
    split_unit,
    year_be,
)
from forms.labels import LabelReader
from forms.lexicon import (
    PLAN_LABELS,
    PROJECT_LABELS,
    Spec,
    is_footer_line,
    is_footer_start,
    match_heading,
    match_report,
)
from forms.records import PlanLinkage, ProjectForm

PROJECT_SPECS: tuple[Spec, ...] = (
    Spec("1", ("ชื่อโครงการและหน่วยงาน",), "1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"),
    Spec("1.1", ("รหัสโครงการ", "ชื่อโครงการ"), "1.1 รหัสโครงการและชื่อโครงการ"),
    Spec("1.2", ("หน่วยงานที่รับผิดชอบ",), "1.2 หน่วยงานที่รับผิดชอบ"),
    Spec("1.3", ("หลักการและเหตุผล", "เหตุผล"), "1.3 หลักการและเหตุผล"),
    Spec("1.4", ("วัตถุประสงค์",), "1.4 วัตถุประสงค์ของโครงการ"),
    Spec("1.5", ("เป้าหมาย",), "1.5 เป้าหมายของโครงการ"),
    Spec(
        "1.6",
        ("สนับสนุนแผนพัฒนา", "แผนพัฒนา", "ยุทธศาสตร์"),
        "1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)",
    ),
    Spec(
        "2",
        ("รายงานความก้าวหน้า", "การใช้จ่ายงบประมาณ"),
        "2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
    ),
)
_STAGE = {spec.number: index for index, spec in enumerate(PROJECT_SPECS)}
_REPORTS, _FOOTER = _STAGE["2"], len(PROJECT_SPECS)
_FREE_TEXT = (_STAGE["1.3"], _STAGE["1.4"], _STAGE["1.5"])


def _route(
    stage: int, line: Line, header: LabelReader, plan: LabelReader, texts: dict[str, list[str]]
) -> bool:
    """Give a line to the reader of its section; False if nobody takes it."""
    if stage <= _STAGE["1.2"]:
        return header.feed(line)
    if stage == _STAGE["1.6"]:
        return plan.feed(line)
    number = PROJECT_SPECS[stage].number
    texts[number].append(line.text.strip() if number == "1.3" else item_text(line.text))
    return True


def parse_project(lines: list[Line], warnings: list[ParseWarning]) -> ProjectForm:
    """Parse the cleaned lines of one project form copy; raise LineError if broken."""
    header = LabelReader(PROJECT_LABELS, warnings)
    plan = LabelReader(PLAN_LABELS, warnings)
    texts: dict[str, list[str]] = {"1.3": [], "1.4": [], "1.5": [], "2": []}
    report_lines: list[Line] = []
    stage = -1
    for line in lines:
        if is_continuation(line.text) and stage in _FREE_TEXT:
            _route(stage, line, header, plan, texts)
            continue
        if is_continuation(line.text, DETAIL_CONTINUATION) and stage == _REPORTS:
            report_lines.append(line)
            continue
        heading = match_heading(line.text, PROJECT_SPECS[stage + 1 :]) if stage < _FOOTER else None
        if heading is not None:
            stage = _STAGE[heading[0].number]
            if heading[1] and stage == _REPORTS:
                report_lines.append(Line(line.no, heading[1]))
            elif heading[1]:
                _route(stage, Line(line.no, heading[1]), header, plan, texts)
            continue
        if stage < _FOOTER and match_report(line.text):
            stage = _REPORTS
        elif is_footer_start(line.text):
            stage = _FOOTER
        if stage == _FOOTER:
            if not is_footer_line(line.text):
                warnings.append(ParseWarning(line.no, f"text after the footer: {line.text!r}"))
        elif stage == _REPORTS:
            report_lines.append(line)
        elif not _route(max(stage, 0), line, header, plan, texts):
            warnings.append(ParseWarning(line.no, f"unrecognised line: {line.text!r}"))
    return _build(lines[0].no if lines else 1, header, plan, texts, report_lines, warnings)


def _build(
    first: int,
    header: LabelReader,
    plan: LabelReader,
    texts: dict[str, list[str]],
    report_lines: list[Line],
    warnings: list[ParseWarning],
) -> ProjectForm:
    """Convert the collected raw values to a ProjectForm."""
    name = header.get("name")
    if name is None:
        raise LineError(first, "project name (ชื่อโครงการ/กิจกรรม) is missing")
    responsible = split_phone(header.get("responsible"))
    coordinator = split_phone(header.get("coordinator"))
    return ProjectForm(
        name=name,
        code=project_code(header, first, warnings),
        fiscal_year=year_be(header, first, warnings),
        start=optional_date(header, "start", first),
        end=optional_date(header, "end", first),
        budget_received=optional_money(header, "budget_received", first),
        budget_used=optional_money(header, "budget_used", first),
        unit=split_unit(header.get("unit")),
        responsible_name=responsible[0],
        responsible_phone=responsible[1],
        coordinator_name=coordinator[0],
        coordinator_phone=coordinator[1],
        rationale="\n".join(texts["1.3"]) or None,
        objectives=tuple(texts["1.4"]),
        targets=tuple(texts["1.5"]),
        plan=PlanLinkage(
            strategy=plan.get("strategy"),
            sub_strategy=plan.get("sub_strategy"),
            goal=plan.get("goal"),
            indicator=plan.get("indicator"),
        ),
        reports=read_reports(report_lines, warnings),
    )
