"""Parsing the official BMA form printouts: seeds, synthetic variants and failures."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.periods import numeric_date
from core.thai import to_arabic_digits
from forms.clean import clean_lines
from forms.detect import FormKind, detect_form
from forms.document import ParseResult, parse_document
from forms.errors import ParseError, Severity
from forms.layout_forms import indicator_sections, project_sections
from forms.render_text import render_indicator, render_project
from forms.thai import format_money, parse_be_date, parse_date, parse_decimal
from tests.seeds import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "forms"


def seed(prefix: str) -> str:
    """The text of the seed whose file name starts with prefix."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def fixture(name: str) -> str:
    """The text of a synthetic fixture."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(text: str, strict: bool = False) -> ParseResult:
    """Parse with a fixed source name."""
    return parse_document(text, "test.txt", strict=strict)


# --- helpers ---------------------------------------------------------------------------


def test_thai_digits_and_dates():
    assert to_arabic_digits("๒๕๖๖ ก") == "2566 ก"
    assert parse_be_date("10/1/2563") == date(2020, 1, 10)
    assert parse_be_date("1/10/2563") == date(2020, 10, 1)  # pythainlp reads this as January
    assert parse_be_date("๓๑/๑๒/๒๕๖๖") == date(2023, 12, 31)
    assert parse_date("2022-10-01 00:00:00") == date(2022, 10, 1)
    assert numeric_date(date(2023, 4, 25)) == "25/04/2566"
    with pytest.raises(ValueError, match="date"):
        parse_be_date("1?/10/2563")
    with pytest.raises(ValueError, match="day"):
        parse_be_date("31/02/2566")


def test_decimal_helpers():
    assert parse_decimal("1,234,567.50") == Decimal("1234567.50")
    assert parse_decimal("๑๒,๕๐๐.๒๕") == Decimal("12500.25")
    assert format_money(Decimal("1234567.5")) == "1,234,567.50"
    assert format_money(Decimal("0")) == "0"
    for bad in ("", "5?.00", "1,23", "-", "12a"):
        with pytest.raises(ValueError, match="number"):
            parse_decimal(bad)


def test_clean_drops_titles_bold_and_one_list_dash():
    text = "**\\*\\* แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ \\*\\***\n\n**1.3 x**\n- - a"
    assert [(line.no, line.text) for line in clean_lines(text)] == [(3, "1.3 x"), (4, "- a")]


# --- seeds ----------------------------------------------------------------------------


def test_detect_seeds():
    assert detect_form(seed("000")) is FormKind.PROJECT
    assert detect_form(seed("001")) is FormKind.INDICATOR
    assert detect_form(seed("002")) is FormKind.PROJECT
    assert detect_form("สวัสดีครับ วันนี้อากาศดี") is None


def test_seed_000_header():
    result = parse(seed("000"))
    assert result.indicators == []
    (p,) = result.projects
    assert p.code == "23000000-6663"
    assert p.fiscal_year == 2566
    assert p.name.startswith("กิจกรรมการพัฒนานวัตกรรม")
    assert (p.start, p.end) == (date(2022, 10, 1), date(2023, 9, 30))
    assert (p.budget_received, p.budget_used) == (Decimal(0), Decimal(0))
    assert p.unit == (
        "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว",
        "สำนักงานนันทนาการและส่งเสริมการเรียนรู้",
        "ส่วนห้องสมุดและการเรียนรู้",
    )
    assert (p.responsible_name, p.responsible_phone) == ("นางสาวสมศรี พรหมรัตน์", "0 22465752")
    assert (p.coordinator_name, p.coordinator_phone) == (None, None)
    assert p.rationale is not None
    assert "(Smart City)" in p.rationale
    assert len(p.objectives) == 4
    assert p.objectives[0].startswith("๒.๑ เพื่อวิเคราะห์")  # Thai digits in text kept
    assert len(p.targets) == 2
    assert p.targets[1].startswith("เชิงคุณภาพ")
    assert p.plan.strategy == "ยุทธศาสตร์ที่ ๓ ?การลดความเหลื่อมล้ำด้วยการบริหารเมืองรูปแบบอารยะสำหรับทุกคน"
    assert p.plan.sub_strategy == "๓.๓ - การศึกษาสำหรับทุกคน"
    assert p.plan.goal is not None
    assert p.plan.goal.startswith("๓.๓.๓ ")
    assert p.plan.indicator is not None
    assert p.plan.indicator.startswith("มิติที่1 ")


def test_seed_000_reports_with_report_7_split_across_pages():
    result = parse(seed("000"))
    reports = result.projects[0].reports
    assert [r.number for r in reports] == list(range(1, 10))
    assert reports[0].date == date(2023, 1, 10)
    assert [r.progress for r in reports] == [
        Decimal(v) for v in ("10", "30", "40", "50", "60", "65", "70", "80", "100")
    ]
    seventh = reports[6]
    assert seventh.date == date(2023, 7, 27)
    assert seventh.detail == "อยู่ระหว่างสรุปผลการจัดกิจกรรม"
    assert seventh.progress == Decimal("70.00")
    assert (seventh.disbursed, seventh.budget_count) == (Decimal(0), 7)
    assert seventh.on_plan
    assert seventh.on_target
    assert reports[7].detail == "อยู่ระหว่างสรุปแนวทางการพัฒนานวัตกรรม"
    assert all(r.on_plan and r.on_target for r in reports)
    assert [w.line for w in result.warnings] == [105]
    assert "report 7" in result.warnings[0].message


def test_seed_002_two_copies_last_wins_where_they_agree_and_the_document_where_not():
    result = parse(seed("002"))
    (p,) = result.projects
    assert p.code == "50490000-3572"
    assert p.name == "เพิ่มฟังก์ชันให้ห้องสมุดเป็น Co-working Space"  # value after a page break
    assert p.responsible_name == "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม"
    assert p.responsible_phone is None
    assert len(p.objectives) == 3
    assert p.plan.goal is not None
    assert p.plan.goal.startswith("๗.๒.๑ ")
    assert len(p.reports) == 9
    assert p.reports[0].progress == Decimal("50.00")  # printed without "%"
    assert p.reports[1].detail.startswith("สำรวจข้อมูล")  # second copy: nothing else tells
    # the first copy: "สภาเด็กและเยาวชนเขต" is printed in report 4 too, "สภากาแฟ" nowhere else
    assert "สภาเด็กและเยาวชนเขตทุ่งครุ" in p.reports[2].detail
    assert "การให้บริการห้องสมุด 36 แห่งของ กทม. อาทิเช่น" in p.reports[3].detail
    assert [sorted(r.flags) for r in p.reports] == [[]] + [["detail"]] * 3 + [[]] * 5
    note, *checks = result.warnings
    assert note.line == 7
    for changed in ("plan.goal", "reports[2].detail", "reports[3].detail", "reports[9].detail"):
        assert changed in note.message
    assert [(w.severity, w.line) for w in checks] == [("flag", 63), ("flag", 144), ("flag", 148)]
    assert checks[0].message == (
        "report 3: two copies differ; kept the one that agrees with the document: detail "
        "“…29 ชุมชน สภาเด็กและเยาวชนเขต…” (line 63), not “…29 ชุมชน สภากาแฟและเยาวชนเขต…” (line 146)")
    assert checks[1].message.startswith(
        "report 2: two copies differ; the document does not tell which is right; kept: detail "
        "“สำรวจข้อมูลห้องสม…” (line 144), not “สำรองข้อมูลห้องสม…” (line 61)")
    # report 9 differs too, but the first copy ends without its footer: its last report is
    # uncertain anyway, and the whole last copy is used


def test_seed_001_indicator():
    result = parse(seed("001"))
    assert (result.projects, result.warnings) == ([], [])
    (i,) = result.indicators
    assert i.number == "08"
    assert i.name.startswith("จำนวนห้องสมุดเพื่อการเรียนรู้")
    assert i.level == "ผลผลิต (Output) ผลลัพธ์ (Outcome)"
    assert i.plan.strategy == "ด้านที่ ๓ - มหานครสำหรับทุกคน : Bangkok as a City for All"
    assert i.plan.sub_strategy == "๓.๓ - การศึกษาสำหรับทุกคน"
    assert i.plan.goal == "๓.๓.๓ ประชาชนมีโอกาสศึกษาตลอดชีวิต"
    assert i.definition is not None
    assert i.definition.startswith("ห้องสมุดมีชีวิต หมายถึง")
    assert i.calculation == "นับจำนวนห้องสมุดเพื่อการเรียนรู้ที่ได้รับการพัฒนาเป็นห้องสมุดมีชีวิต"
    assert (i.target_value, i.target_unit) == (Decimal(3), "ห้อง")
    assert (i.achieved_value, i.achieved_unit) == (Decimal("36.00"), "ห้อง")
    assert [q.quarter for q in i.quarters] == [1, 2, 3, 4]
    q2 = i.quarters[1].text
    assert q2 is not None
    assert len(q2.split("\n")) == 4
    assert q2.endswith("ซึ่งจะดำเนินการในเดือน พ.ค. 2564")
    assert i.quarters[2].text is not None
    assert "พฤษภาคม ? มิถุนายน" in i.quarters[2].text
    assert i.summary is not None
    assert i.summary.endswith("316,259 ครั้ง")
    assert i.supporting_factors is not None
    assert i.supporting_factors.endswith("ตอบโจทย์ความต้องการของผู้รับบริการ")  # after a gap
    assert i.obstacles is None
    assert i.evidence is not None
    assert i.evidence.startswith("- รายงานผลการดำเนินงาน")


def test_two_different_projects_in_one_file():
    result = parse(seed("000") + "\n" + seed("002"))
    assert [p.code for p in result.projects] == ["23000000-6663", "50490000-3572"]


def test_incomplete_copy_superseded_by_a_complete_one():
    lines = seed("000").split("\n")
    result = parse("\n".join(lines[:65]) + "\n" + seed("000"))
    (p,) = result.projects
    assert len(p.reports) == 9
    assert any("incomplete copy ignored" in w.message for w in result.warnings)
    complete_first = parse("\n".join(lines[:66]) + "\n" + seed("000"))
    assert "reports (3 → 9 entries)" in complete_first.warnings[0].message


# --- synthetic variants ---------------------------------------------------------------


def test_messy_project_variant():
    result = parse(fixture("project_messy.txt"))
    (p,) = result.projects
    assert (p.code, p.fiscal_year) == ("50470000-3430", 2563)
    assert p.name == "ปรับปรุงลานกีฬาชุมชน ?ระยะที่ 2"
    assert (p.start, p.end) == (date(2019, 10, 1), date(2020, 9, 30))
    assert p.budget_received == Decimal("1234567.50")
    assert p.budget_used == Decimal("987654")
    assert p.unit == ("สำนักงานเขตบางนา", "ฝ่ายโยธา", "งานสาธารณูปโภค")
    assert (p.responsible_name, p.responsible_phone) == ("นายสมชาย ใจดี", "0-2398-1234 ต่อ 12")
    assert (p.coordinator_name, p.coordinator_phone) == ("นางสาวกานดา ศรีสุข", "022244556")
    assert p.rationale is not None
    assert p.rationale.count("\n") == 1
    assert p.plan.indicator == "มิติที่ 2 ร้อยละของลานกีฬาที่ได้รับการปรับปรุง"  # typo'd 1.6
    first, second, third, fourth, fifth = p.reports
    assert (first.number, first.date, first.progress) == (1, date(2020, 1, 10), Decimal(10))
    assert second.date == date(2020, 2, 28)  # date line after the progress line
    assert second.detail == "ผู้รับจ้างเข้าพื้นที่ล่าช้า เนื่องจากฝนตก\n1. เทพื้นคอนกรีต ?0 ตร.ม.\n2. ติดตั้งเสาไฟ"
    assert (second.progress, second.disbursed) == (Decimal("25.50"), Decimal("1234.50"))
    assert second.budget_count == 3  # differs from the report number, kept as printed
    assert (second.on_plan, second.on_target) == (False, True)
    assert (third.on_plan, third.on_target) == (False, False)
    assert (fourth.progress, fourth.disbursed) == (Decimal(60), Decimal(600000))
    assert fourth.on_plan
    assert fourth.on_target
    assert fifth.detail == "ส่งมอบงานแล้วเสร็จ"
    messages = " | ".join(w.message for w in result.warnings)
    assert "budget count is 3" in messages
    assert "report 4" in messages


def test_thai_digit_project_variant():
    (p,) = parse(fixture("project_thai_digits.txt")).projects
    assert (p.code, p.fiscal_year) == ("50010000-1234", 2570)
    assert (p.start, p.end) == (date(2026, 10, 1), date(2027, 9, 30))
    assert (p.budget_received, p.budget_used) == (Decimal("1234567.50"), Decimal(25000))
    assert p.responsible_phone == "02 224 1234"
    assert p.name == "อบรมอาสาสมัคร ๕๐ คน"  # free text keeps its digits
    assert p.objectives == ("๑) เพื่อพัฒนาทักษะอาสาสมัคร",)
    assert p.plan.indicator is None
    one, two = p.reports
    assert (one.number, one.date, one.progress) == (1, date(2026, 10, 25), Decimal("30.50"))
    assert (one.disbursed, one.budget_count) == (Decimal("12500.25"), 1)
    assert one.detail == "อบรมรุ่นที่ ๑ จำนวน ๒๐ คน"
    assert (two.date, two.progress, two.on_plan, two.on_target) == (
        date(2026, 11, 5),
        Decimal(60),
        False,
        False,
    )


def test_indicator_variant():
    (i,) = parse(fixture("indicator_variant.txt")).indicators
    assert (i.number, i.name) == ("12", "ร้อยละของชุมชนที่ได้รับการพัฒนาตามแผน")
    assert i.plan.strategy == "ด้านที่ ๕ - มหานครกระชับ : Compact Bangkok"
    assert i.plan.sub_strategy == "๕.๑ - การพัฒนาชุมชน"
    assert i.definition == "ชุมชน หมายถึง ชุมชนที่จดทะเบียนกับสำนักงานเขต\nไม่รวมชุมชนที่อยู่ระหว่างการจัดตั้ง"
    assert i.calculation == "(จำนวนชุมชนที่ได้รับการพัฒนา / จำนวนชุมชนทั้งหมด) x 100"
    assert (i.target_value, i.target_unit) == (Decimal(80), "ร้อยละ")
    assert (i.achieved_value, i.achieved_unit) == (Decimal("85.50"), "ร้อยละ")
    assert [(q.quarter, q.text) for q in i.quarters] == [
        (1, "สำรวจชุมชน ๑๒๐ แห่ง"),
        (2, "จัดประชุมผู้นำชุมชน"),
        (3, "??? ข้อมูลสูญหาย"),
        (4, "ประเมินผล\nชุมชนผ่านเกณฑ์ ๑๐๒ แห่ง"),
    ]
    assert i.obstacles == "งบประมาณได้รับล่าช้า"
    assert i.evidence == "-"
    squeezed = fixture("indicator_variant.txt").replace("๑๒. ร้อยละ", "๑๒.ร้อยละ")
    assert parse(squeezed).indicators == [i]


def test_one_line_report_and_negative_status():
    text = fixture("project_thai_digits.txt").replace(
        "รายงานครั้งที่ ๒\t:: ๕/๑๑/๒๕๖๙ : อบรมรุ่นที่ ๒\t\t\n\t::",
        "รายงานครั้งที่ ๒\t:: ๕/๑๑/๒๕๖๙ : อบรมรุ่นที่ ๒ ::",
    )
    (p,) = parse(text).projects
    assert p.reports[1].detail == "อบรมรุ่นที่ ๒"
    assert (p.reports[1].on_plan, p.reports[1].on_target) == (False, False)


# --- failures -------------------------------------------------------------------------


def assert_fails(
    text: str, line: int | None = None, words: str = "", strict: bool = False
) -> ParseError:
    """The text must raise ParseError (at the given line, mentioning the words)."""
    with pytest.raises(ParseError) as caught:
        parse(text, strict=strict)
    error = caught.value
    assert error.source == "test.txt"
    assert error.line >= 1
    assert str(error).startswith(f"test.txt:{error.line}: ")
    if line is not None:
        assert error.line == line
    assert words in error.message
    return error


def test_truncated_in_the_middle_of_a_report_strict():
    lines = seed("000").split("\n")
    assert_fails("\n".join(lines[:67]), line=67, words="report 4 is incomplete", strict=True)
    cut = lines[65][: lines[65].index("งบประมาณ")]  # progress printed, budget cut off
    assert_fails("\n".join([*lines[:65], cut]), line=65, words="budget", strict=True)
    assert_fails("\n".join(lines[:88]), line=73, words="report 7", strict=True)


def test_truncated_in_the_middle_of_a_report_salvages_the_rest():
    lines = seed("000").split("\n")
    result = parse("\n".join(lines[:67]))
    (p,) = result.projects
    assert [r.number for r in p.reports] == [1, 2, 3]
    assert p.reports[-1].flags  # the last report of a cut printout is flagged
    assert not p.reports[0].flags
    skipped = [w for w in result.warnings if w.severity is Severity.SKIP]
    assert [(w.line, "report 4 is incomplete" in w.message) for w in skipped] == [(67, True)]
    cut = lines[65][: lines[65].index("งบประมาณ")]
    result = parse("\n".join([*lines[:65], cut]))
    assert [r.number for r in result.projects[0].reports] == [1, 2]
    assert "report 3 is incomplete, missing: budget" in result.warnings[-2].message
    (p,) = parse("\n".join(lines[:88])).projects
    assert [r.number for r in p.reports] == [1, 2, 3, 4, 5, 6]


def test_truncated_seed_002_and_header_without_code():
    text = seed("002")
    assert_fails(text[: len(text) // 2], words="code", strict=True)
    salvaged = parse(text[: len(text) // 2])  # the first copy is whole up to its footer
    (p,) = salvaged.projects
    assert len(p.reports) == 9
    assert any("not imported" in w.message for w in salvaged.warnings)
    no_code = [line for line in text.split("\n")[:60] if not line.startswith("รหัสโครงการ")]
    assert_fails("\n".join(no_code), line=7, words="project code (รหัสโครงการ) is missing")


def test_not_a_form_empty_and_garbage():
    assert_fails("", line=1, words="empty")
    assert_fails("\n\n   \n\t\n", line=1, words="empty")
    assert_fails("# README\n\nสวัสดีครับ นี่คือไฟล์ทั่วไป\nไม่ใช่แบบฟอร์ม\n", line=1, words="not a")
    garbage = random.Random(7).randbytes(6000).decode("utf-8", errors="replace")
    assert_fails(garbage, words="not a")


def test_unreadable_required_fields():
    text = fixture("project_thai_digits.txt")
    assert_fails(text.replace("๕๐๐๑๐๐๐๐-๑๒๓๔", "๕๐๐๑๐?๐๐-๑๒๓๔"), words="project code")
    cases = {
        "unreadable progress": text.replace("= ๓๐.๕๐ %", "= ๓?.๕๐ %"),
        "bad date": text.replace("๒๕/๑๐/๒๕๖๙", "๓๒/๑๐/๒๕๖๙"),
        "two different progress": text.replace("= ๖๐ %", "= ๖๐ % ความก้าวหน้าของงานฯ = ๗๐ %"),
    }
    for words, broken in cases.items():
        assert_fails(broken, words=words, strict=True)
        result = parse(broken)  # salvage: the report is skipped and listed, the rest imported
        (p,) = result.projects
        assert len(p.reports) == 1
        assert [w.severity for w in result.warnings if words in w.message] == [Severity.SKIP]
    year = text.replace("ปีงบประมาณ พ.ศ. : ๒๕๗๐", "ปีงบประมาณ พ.ศ. : ๒๕?๐")
    assert_fails(year, words="year", strict=True)
    (p,) = parse(year).projects  # taken from the end date, and flagged
    assert p.fiscal_year == 2570
    assert "fiscal_year" in p.flags


# --- layout ---------------------------------------------------------------------------


def test_sections_shared_by_text_and_pdf():
    (p,) = parse(fixture("project_messy.txt")).projects
    sections = project_sections(p)
    assert [s.title.split(" ")[0] for s in sections] == [
        "1.", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.",
    ]  # fmt: skip
    assert sections[1].rows[0] == ("ชื่อโครงการ/กิจกรรม", p.name, "field")
    block = sections[-1].reports[1]
    assert block.status == (
        "ความก้าวหน้าของงานฯ = 25.50 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) = 1,234.50 บาท"
        "\t: ไม่เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย"
    )
    text = render_project(p)
    assert text.startswith("** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **")
    assert "รายงานครั้งที่ 2\t:: 28/02/2563 : ผู้รับจ้างเข้าพื้นที่ล่าช้า เนื่องจากฝนตก\n\t\t1. " in text
    assert "งบประมาณที่ได้รับ : 1,234,567.50 บาท" in text
    assert "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง" in text
    assert text.rstrip().endswith("ลงชื่อ.....(ผู้รับผิดชอบโครงการ)\nตำแหน่ง .....")
    (i,) = parse(fixture("indicator_variant.txt")).indicators
    assert indicator_sections(i)[0].value == "12."
    assert "5. เป้าหมาย : 80 (ร้อยละ)\n: ผลงานที่ทำได้ = 85.50 (ร้อยละ)" in render_indicator(i)
