"""Tell which official form a text is: the project form, the indicator form, or neither."""

from __future__ import annotations

from enum import StrEnum

from forms.clean import FORM_TITLE, Line
from forms.lexicon import PROJECT_LABELS, match_heading, match_label, match_quarter, match_report
from forms.parse_indicator import INDICATOR_SPECS
from forms.parse_project import PROJECT_SPECS

_PROJECT_MARKERS = (
    FORM_TITLE,
    "รหัสโครงการ",
    "รายงานครั้งที่",
    "ความก้าวหน้าของงาน",
    "หลักการและเหตุผล",
    "งบประมาณที่ได้รับ",
    "หน่วยงานที่รับผิดชอบ",
)
_INDICATOR_MARKERS = (
    "ชื่อตัวชี้วัด",
    "คำนิยาม",
    "วิธีการคำนวณ",
    "ไตรมาสที่",
    "ผลงานที่ทำได้",
    "ระดับความสำเร็จ",
)
_MIN_MARKERS = 2


class FormKind(StrEnum):
    """The two official forms."""

    PROJECT = "project"
    INDICATOR = "indicator"


def detect_form(text: str) -> FormKind | None:
    """The form a text most looks like, or None when it has too few of its markers."""
    flat = "".join(text.split())
    project = sum(marker.replace(" ", "") in flat for marker in _PROJECT_MARKERS)
    indicator = sum(marker in flat for marker in _INDICATOR_MARKERS)
    if max(project, indicator) < _MIN_MARKERS:
        return None
    return FormKind.PROJECT if project >= indicator else FormKind.INDICATOR


def start_kind(line: Line) -> tuple[FormKind, bool] | None:
    """The form this line opens, and whether it is a numbered heading (a strong sign)."""
    if match_heading(line.text, INDICATOR_SPECS[:1]) is not None:
        return FormKind.INDICATOR, True
    if match_heading(line.text, PROJECT_SPECS[:2]) is not None:
        return FormKind.PROJECT, True
    label = match_label(line.text, PROJECT_LABELS)
    return (FormKind.PROJECT, False) if label is not None and label[0] == "name" else None


def is_past_start(line: Line, kind: FormKind) -> bool:
    """True for a line that only appears after a form's opening section."""
    if kind is FormKind.PROJECT:
        later = match_heading(line.text, PROJECT_SPECS[2:]) is not None
        return later or match_report(line.text) is not None
    later = match_heading(line.text, INDICATOR_SPECS[1:]) is not None
    return later or match_quarter(line.text) is not None
