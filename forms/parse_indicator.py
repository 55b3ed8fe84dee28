"""Parse one copy of the KPI indicator form into an IndicatorForm."""

from __future__ import annotations

import re

from core.thai import to_arabic_digits
from forms.clean import Line, is_continuation
from forms.errors import LineError, ParseWarning, skip
from forms.fields import parse_quantity
from forms.labels import LabelReader, strip_separator
from forms.lexicon import (
    PLAN_LABELS,
    Spec,
    is_footer_line,
    is_footer_start,
    match_bare_heading,
    match_heading,
    match_label,
    match_quarter,
    typos,
)
from forms.records import IndicatorForm, PlanLinkage, QuarterNarrative

INDICATOR_SPECS: tuple[Spec, ...] = (
    Spec("1", ("ชื่อตัวชี้วัด",), "1. ชื่อตัวชี้วัด"),
    Spec("2", ("ระดับความสำเร็จ",), "2. ระดับความสำเร็จ"),
    Spec("3", ("คำนิยาม",), "3. คำนิยาม"),
    Spec("4", ("วิธีการคำนวณ", "การคำนวณ"), "4. วิธีการคำนวณ"),
    Spec("5", ("เป้าหมาย",), "5. เป้าหมาย"),
    Spec("6", ("รายงานผลการดำเนินงาน", "รายไตรมาส"), "6. รายงานผลการดำเนินงาน (รายไตรมาส)"),
    Spec("6.5", ("สรุปผลการดำเนินงาน", "ปลายปีงบประมาณ"), "(6.5) สรุปผลการดำเนินงาน (ปลายปีงบประมาณ)"),
    Spec("7", ("ปัจจัยสนับสนุน",), "7. ปัจจัยสนับสนุนการดำเนินงาน"),
    Spec("8", ("อุปสรรค",), "8. อุปสรรคต่อการดำเนินงาน"),
    Spec("9", ("หลักฐานอ้างอิง", "หลักฐาน"), "9. หลักฐานอ้างอิง"),
)
PLAN_TITLE = "สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)"
# Stages: 0 name, 1 level, 2 plan, 3-6 numbered 3..6, 7-10 quarters 1-4, 11-14 "6.5".."9".
_STAGE = {"1": 0, "2": 1, "3": 3, "4": 4, "5": 5, "6": 6, "6.5": 11, "7": 12, "8": 13, "9": 14}
_PLAN, _TARGET, _FOOTER = 2, 5, 15
_QUARTER0 = 6  # quarter q is stage 6 + q
_FREE_TEXT = (0, 1, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14)
_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)*)\.?(?![0-9])")
_ACHIEVED = re.compile(r"^[\s:]*(?P<word>[^\s=:]{11,16})\s*[=:]?\s*")
ACHIEVED_WORD = "ผลงานที่ทำได้"


class _Texts:
    """Free-text collectors per stage; the first line loses one ":"/"::" separator."""

    def __init__(self) -> None:
        self.lines: dict[int, list[str]] = {}
        self.started = False

    def open(self, stage: int, value: str) -> None:
        """Start a stage, with the value printed on its heading line (maybe empty)."""
        self.lines[stage] = [value] if value else []
        self.started = bool(value)

    def add(self, stage: int, text: str) -> None:
        """Add a following line of the stage."""
        if self.started:
            self.lines[stage].append(text.strip())
            return
        self.started = True
        if strip_separator(text):
            self.lines[stage].append(strip_separator(text))

    def get(self, stage: int, joiner: str = "\n") -> str | None:
        """The text of a stage, None if absent or empty."""
        return joiner.join(self.lines.get(stage, [])) or None


def _achieved(text: str) -> str | None:
    """The value of ": ผลงานที่ทำได้ = 36.00 (ห้อง)" (the label may be a character or two off)."""
    match = _ACHIEVED.match(text)
    if match is None or typos(match.group("word"), ACHIEVED_WORD) is None:
        return None
    return text[match.end() :]


def _heading(text: str, stage: int) -> tuple[int, str] | None:
    """A forward heading (numbered, quarter or the plan block): (stage, value)."""
    later = tuple(spec for spec in INDICATOR_SPECS if _STAGE[spec.number] > stage)
    numbered = match_heading(text, later)
    if numbered is not None:
        return _STAGE[numbered[0].number], numbered[1]
    quarter = match_quarter(text)
    if quarter is not None and _QUARTER0 + quarter[0] > stage:
        return _QUARTER0 + quarter[0], quarter[1]
    if stage < _PLAN and match_bare_heading(text, "สนับสนุนแผนพัฒนา"):
        return _PLAN, ""
    return None


def parse_indicator(lines: list[Line], warnings: list[ParseWarning]) -> IndicatorForm:
    """Parse the cleaned lines of one indicator form copy; raise LineError if broken."""
    texts, plan = _Texts(), LabelReader(PLAN_LABELS, warnings)
    stage, achieved, heading_lines = -1, ("", 0), {0: lines[0].no if lines else 1}
    for line in lines:
        found = _heading(line.text, stage) if stage < _FOOTER else None
        if is_continuation(line.text) and stage in _FREE_TEXT:
            texts.add(stage, line.text)
        elif found is not None:
            stage = found[0]
            heading_lines[stage] = line.no
            texts.open(stage, found[1])
        elif is_footer_start(line.text) or stage == _FOOTER:
            stage = _FOOTER
            if not is_footer_line(line.text):
                warnings.append(ParseWarning(line.no, f"text after the footer: {line.text!r}"))
        elif stage <= _PLAN and match_label(line.text, PLAN_LABELS) is not None:
            stage = max(stage, _PLAN)
            plan.feed(line)
        elif stage == _PLAN:
            if not plan.feed(line):
                warnings.append(skip(line.no, f"unrecognised line, not imported: {line.text!r}"))
        elif stage == _TARGET and _achieved(line.text) is not None:
            achieved = (_achieved(line.text) or "", line.no)
        elif stage in (-1, _TARGET, _QUARTER0):
            warnings.append(skip(line.no, f"unrecognised line, not imported: {line.text!r}"))
        else:
            texts.add(stage, line.text)
    return _build(texts, plan, achieved, heading_lines)


def _build(
    texts: _Texts, plan: LabelReader, achieved: tuple[str, int], heading_lines: dict[int, int]
) -> IndicatorForm:
    """Convert the collected raw values to an IndicatorForm."""
    title = (texts.get(0, " ") or "").strip()
    number = _NUMBER.match(to_arabic_digits(title))
    if number is None:
        raise LineError(heading_lines[0], "indicator number (ชื่อตัวชี้วัด : NN.) is missing")
    name = title[number.end() :].strip()
    if not name:
        raise LineError(heading_lines[0], "indicator name is missing")
    target_line = heading_lines.get(_TARGET, 0)
    target = parse_quantity(texts.get(_TARGET, " ") or "", target_line, "target")
    done = parse_quantity(achieved[0], achieved[1], "achieved value")
    return IndicatorForm(
        number=number.group(1),
        name=name,
        level=texts.get(1, " "),
        plan=PlanLinkage(
            strategy=plan.get("strategy"),
            sub_strategy=plan.get("sub_strategy"),
            goal=plan.get("goal"),
            indicator=plan.get("indicator"),
        ),
        definition=texts.get(3),
        calculation=texts.get(4),
        target_value=target[0],
        target_unit=target[1],
        achieved_value=done[0],
        achieved_unit=done[1],
        quarters=tuple(
            QuarterNarrative(stage - _QUARTER0, texts.get(stage))
            for stage in range(_QUARTER0 + 1, _QUARTER0 + 5)
            if stage in texts.lines
        ),
        summary=texts.get(11),
        supporting_factors=texts.get(12),
        obstacles=texts.get(13),
        evidence=texts.get(14),
    )
