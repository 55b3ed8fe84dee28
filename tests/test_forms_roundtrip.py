"""Round trips: records -> official form text -> records gives equal records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.document import parse_document
from forms.errors import ParseWarning
from forms.records import (
    IndicatorForm,
    PlanLinkage,
    ProgressEntry,
    ProjectForm,
    QuarterNarrative,
)
from forms.render_text import render_indicator, render_project
from tests.seeds import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
PRINTOUTS = sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))


def unexpected(warnings: list[ParseWarning]) -> list[ParseWarning]:
    """Warnings a rendered form should not cause. Generated data may itself look odd, and
    the importer rightly flags it: a budget count that differs from the report number, a "?"
    inside a word (a lost character), dates out of order or far from the fiscal year."""
    expected = ("budget count", "lost characters", "out of order", "far from", "follows report")
    return [w for w in warnings if not any(words in w.message for words in expected)]


def round_trip(text: str, source: str) -> None:
    """Parse, render every record, parse again: the records must be equal."""
    first = parse_document(text, source)
    for project in first.projects:
        again = parse_document(render_project(project), "rendered")
        assert again.projects == [project]
        assert unexpected(again.warnings) == []
    for indicator in first.indicators:
        again = parse_document(render_indicator(indicator), "rendered")
        assert again.indicators == [indicator]
        assert unexpected(again.warnings) == []


@pytest.mark.parametrize("path", PRINTOUTS, ids=lambda path: path.name)
def test_printouts_round_trip(path: Path):
    round_trip(path.read_text(encoding="utf-8"), path.name)


# --- generated records ----------------------------------------------------------------

THAI = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮะาำิีึืุูเแโใไ่้๊๋็์ๆฯ"
ALPHABET = THAI + "๐๑๒๓๔๕๖๗๘๙" + "0123456789" + "abcXYZ" + "   ?:.,()/-%=[]"
WORDS = ("โครงการ", "ห้องสมุด", "ชุมชน", "ดำเนินการ", "แล้วเสร็จ", "- ", ": ", "?", "๑๒", "10/1/2563")

raw_line = st.lists(
    st.one_of(st.text(ALPHABET, min_size=1, max_size=12), st.sampled_from(WORDS)),
    min_size=1,
    max_size=6,
).map("".join)
line = raw_line.map(str.strip).filter(bool)
field_value = line.filter(lambda text: "โทร" not in text and "tel" not in text.lower())
optional_line = st.none() | field_value
multi_line = st.lists(line, min_size=1, max_size=4).map("\n".join)
optional_text = st.none() | multi_line
be_dates = st.dates(min_value=date(2017, 1, 1), max_value=date(2032, 12, 31))
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
percent = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
phone = st.from_regex(r"\A0[0-9]{1,2}[ -]?[0-9]{3}[ -]?[0-9]{4}\Z")
unit_part = field_value.map(lambda text: text.replace("/", " ").strip()).filter(bool)
plan = st.builds(
    PlanLinkage,
    strategy=optional_line,
    sub_strategy=optional_line,
    goal=optional_line,
    indicator=optional_line,
)


@st.composite
def entries(draw: st.DrawFn) -> tuple[ProgressEntry, ...]:
    """Sequentially numbered progress entries with multi-line details."""
    count = draw(st.integers(min_value=0, max_value=6))
    return tuple(
        ProgressEntry(
            number=number,
            date=draw(be_dates),
            detail=draw(st.just("") | multi_line),
            progress=draw(percent),
            disbursed=draw(money),
            budget_count=draw(st.none() | st.integers(min_value=1, max_value=30)),
            on_plan=draw(st.booleans()),
            on_target=draw(st.booleans()),
        )
        for number in range(1, count + 1)
    )


@st.composite
def people(draw: st.DrawFn) -> tuple[str | None, str | None]:
    """A name and phone pair; either may be missing."""
    return draw(optional_line), draw(st.none() | phone)


@st.composite
def projects(draw: st.DrawFn) -> ProjectForm:
    """Any ProjectForm the renderer must print faithfully."""
    responsible, coordinator = draw(people()), draw(people())
    return ProjectForm(
        name=draw(field_value),
        code=draw(st.from_regex(r"\A[0-9]{8}-[0-9]{4}\Z")),
        fiscal_year=draw(st.integers(min_value=2560, max_value=2575)),
        start=draw(st.none() | be_dates),
        end=draw(st.none() | be_dates),
        budget_received=draw(st.none() | money),
        budget_used=draw(st.none() | money),
        unit=tuple(draw(st.lists(unit_part, max_size=3))),
        responsible_name=responsible[0],
        responsible_phone=responsible[1],
        coordinator_name=coordinator[0],
        coordinator_phone=coordinator[1],
        rationale=draw(optional_text),
        objectives=tuple(draw(st.lists(line, max_size=4))),
        targets=tuple(draw(st.lists(line, max_size=3))),
        plan=draw(plan),
        reports=draw(entries()),
    )


@st.composite
def indicators(draw: st.DrawFn) -> IndicatorForm:
    """Any IndicatorForm the renderer must print faithfully."""
    quarters = draw(st.lists(st.integers(1, 4), unique=True, max_size=4).map(sorted))
    unit = st.none() | field_value.map(lambda t: t.replace("(", "").replace(")", "").strip())
    return IndicatorForm(
        number=draw(st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,2})?\Z")),
        name=draw(field_value),
        level=draw(optional_line),
        plan=draw(plan),
        definition=draw(optional_text),
        calculation=draw(optional_text),
        target_value=draw(st.none() | money),
        target_unit=draw(unit.filter(lambda u: u is None or u != "")),
        achieved_value=draw(st.none() | money),
        achieved_unit=draw(unit.filter(lambda u: u is None or u != "")),
        quarters=tuple(QuarterNarrative(q, draw(optional_text)) for q in quarters),
        summary=draw(optional_text),
        supporting_factors=draw(optional_text),
        obstacles=draw(optional_text),
        evidence=draw(optional_text),
    )


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(projects())
def test_generated_projects_round_trip(project: ProjectForm):
    result = parse_document(render_project(project), "generated")
    assert result.projects == [project]
    assert unexpected(result.warnings) == []


@PROPERTY
@given(indicators())
def test_generated_indicators_round_trip(indicator: IndicatorForm):
    result = parse_document(render_indicator(indicator), "generated")
    assert result.indicators == [indicator]
    assert unexpected(result.warnings) == []


def test_money_keeps_its_value():
    project = ProjectForm(
        name="ก", code="50470000-3430", fiscal_year=2566, budget_received=Decimal("1234567.50")
    )
    assert "งบประมาณที่ได้รับ : 1,234,567.50 บาท" in render_project(project)


def test_free_text_that_looks_like_form_structure_round_trips():
    tricky = "\n".join(
        (
            "1.4 วัตถุประสงค์ของโครงการ",
            "รายงานครั้งที่ 9 :: 1/1/2566 : x",
            ": ความก้าวหน้าของงานฯ = 5 % : เป็นไปตามแผน",
            "ขอรับรองว่า ลงชื่อ",
            "- ๑. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
            "ชื่อโครงการ/กิจกรรม : อื่น",
        )
    )
    entry = ProgressEntry(
        number=1,
        date=date(2023, 1, 10),
        detail="ประชุม  : ไม่เป็นไปตามแผน\n" + tricky,
        progress=Decimal("10.00"),
        disbursed=Decimal("1234567.50"),
        budget_count=4,
        on_plan=False,
        on_target=True,
    )
    project = ProjectForm(
        name="ทดสอบ : ชื่อ ? ๑",
        code="50470000-3430",
        fiscal_year=2566,
        rationale=tricky,
        objectives=("- 1.5 เป้าหมาย", "ตัวชี้วัด : x"),
        targets=("2. รายงานความก้าวหน้า",),
        reports=(entry,),
    )
    assert parse_document(render_project(project), "tricky").projects == [project]
    indicator = IndicatorForm(
        number="08",
        name="ประเด็นยุทธศาสตร์ : ไม่ใช่ป้าย",
        definition=tricky,
        quarters=(QuarterNarrative(1, "(6.2) ไตรมาสที่ 2 : x\n" + tricky),),
        evidence="9. หลักฐานอ้างอิง : y\n" + tricky,
    )
    assert parse_document(render_indicator(indicator), "tricky").indicators == [indicator]
