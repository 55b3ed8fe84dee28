"""Reading printouts of every vintage: each transformation of issue 12 on a real seed.

Every test takes seed 000, changes it the way old printouts differ, and checks that what is
certain reads exactly as from the seed, what is uncertain is flagged, what is unreadable is
skipped and listed, and that strict mode refuses anything flagged or skipped.
"""

from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal

import pytest

from forms.document import ParseResult, parse_document
from forms.errors import ParseError, Severity
from forms.records import EVERYTHING, ProjectForm
from tests.seeds import SEEDS

SEED = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
BASE = parse_document(SEED, "seed").projects[0]
LINES = SEED.split("\n")
BREAK = "\n\n\n\n\n**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****\n\n"


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace old by new, insisting that old is printed there."""
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def read(text: str) -> tuple[ProjectForm, ParseResult]:
    """The one project of a printout, and the whole result."""
    result = parse_document(text, "variant.txt")
    (project,) = result.projects
    return project, result


def messages(result: ParseResult, severity: Severity) -> list[str]:
    """The warnings of one severity."""
    return [w.message for w in result.warnings if w.severity is severity]


def strict_refuses(text: str, words: str) -> None:
    """Under --strict the same printout is refused, naming the problem."""
    with pytest.raises(ParseError, match=words):
        parse_document(text, "variant.txt", strict=True)


def test_several_header_fields_on_one_line():
    text = edit(SEED, "23000000-6663\n\nปีงบประมาณ", "23000000-6663 ปีงบประมาณ")
    text = edit(text, "00:00:00\n\nงบประมาณที่ได้รับ", "00:00:00 งบประมาณที่ได้รับ")
    text = edit(text, "00:00:00\n\nงบประมาณที่ใช้ไป", "00:00:00  งบประมาณที่ใช้ไป")
    text = edit(text, "22465752\n\nผู้ประสานงาน สยป :", "22465752 ผู้ประสานงาน สยป :")
    project, result = read(text)
    assert project == BASE
    assert not project.flags
    assert messages(result, Severity.FLAG) == messages(result, Severity.SKIP) == []
    parse_document(text, "variant.txt", strict=True)  # nothing uncertain: strict reads it too
    coordinator = edit(text, "ผู้ประสานงาน สยป :", "ผู้ประสานงาน สยป : นายเอก ดี โทร. 02 111 2222")
    project, _ = read(coordinator)
    responsible = (project.responsible_name, project.responsible_phone)
    assert responsible == ("นางสาวสมศรี พรหมรัตน์", "0 22465752")
    assert (project.coordinator_name, project.coordinator_phone) == ("นายเอก ดี", "02 111 2222")


def test_indented_lines_and_star_titles():
    indented = "\n".join(" " + line if line and line[0] != "\t" else line for line in LINES)
    assert read(indented)[0] == BASE
    stars = SEED.replace("**\\*\\*", "****").replace("\\*\\***", "****")
    assert "****" in stars
    assert read(stars)[0] == BASE
    damaged = SEED.replace("เกี่ยวกับโครงการ \\*\\***", "เกี่ยวกับโครง?าร \\*\\***")
    assert read(damaged)[0] == BASE  # a title one character off is still the title


def test_report_parts_spread_over_lines_in_either_order_and_over_page_breaks():
    text = edit(  # report 3: label, then the figures, then date and detail
        SEED,
        f"{LINES[64]}\n{LINES[65]}",
        f"รายงานครั้งที่3\n{LINES[65]}\n:: 24/03/2566 : "
        "อยู่ระหว่างสรุปผลการประชุม และสรุปแนวทางการพัฒนานวัตกรรม",
    )
    text = edit(  # report 5: each figure on its own line, over two page breaks
        text,
        LINES[69],
        ":: ความก้าวหน้าของงานฯ = 60.00 %" + BREAK + ": งบประมาณที่เบิกใช้ (ครั้งที่ 5) = 0 บาท"
        + BREAK + ": เป็นไปตามแผน\n: เป็นไปตามเป้าหมาย",
    )  # fmt: skip
    text = edit(  # report 2: the detail continues after a page break
        text, "คณะทำงานแล้วเสร็จ เมื่อวันที่ 17", "คณะทำงานแล้วเสร็จ" + BREAK + "เมื่อวันที่ 17"
    )
    project, result = read(text)
    second = BASE.reports[1]
    assert project.reports[1].detail == second.detail.replace("เสร็จ เมื่อ", "เสร็จ\nเมื่อ")
    assert project.reports[1].flags == {"detail"}
    assert replace(project, reports=()) == replace(BASE, reports=())
    assert [r for r in project.reports if r.number != 2] == [
        r for r in BASE.reports if r.number != 2
    ]
    assert not any(r.flags for r in project.reports if r.number != 2)
    (flagged,) = messages(result, Severity.FLAG)
    assert "report 2: detail continues after a page break" in flagged
    strict_refuses(text, "detail continues after a page break")


def test_displaced_and_missing_labels():
    text = edit(SEED, LINES[61], f"รายงานครั้งที่2\t{LINES[61]}")  # on report 1's figures line
    text = edit(text, "รายงานครั้งที่2\t:: 28/02", "\t:: 28/02")
    text = edit(text, LINES[65], f"{LINES[65]}\tรายงานครั้งที่ 4")  # after report 3's figures
    text = edit(text, "รายงานครั้งที่4\t:: 25/04", ":: 25/04")
    text = edit(text, "รายงานครั้งที่6\t:: 27/06", ":: 27/06")  # no label at all
    text = edit(text, "รายงานครั้งที่7\t", "- รายงานครั้งที่ 7 \t")
    project, result = read(text)
    assert project.reports == BASE.reports
    assert not any(r.flags for r in project.reports)
    assert messages(result, Severity.SKIP) == []
    notes = " | ".join(messages(result, Severity.NOTE))
    assert "report 2: its label was printed away from it" in notes  # before report 1's figures


def test_budget_count_and_order_outvote_a_label():
    text = edit(SEED, "รายงานครั้งที่3\t", "รายงานครั้งที่8\t")
    project, result = read(text)
    assert project.reports == BASE.reports
    assert not any(r.flags for r in project.reports)
    assert any("report 3 is labelled 8" in m for m in messages(result, Severity.NOTE))
    # nothing but the order numbers report 5: imported, and flagged as such
    text = edit(SEED, "รายงานครั้งที่5\t", "").replace("(ครั้งที่ 5)", "(ครั้งที่ ?)")
    project, result = read(text)
    fifth = project.reports[4]
    assert (fifth.number, fifth.progress, fifth.budget_count) == (5, Decimal("60.00"), None)
    assert EVERYTHING in fifth.flags
    assert any("report numbered 5 from its place after report 4" in m
               for m in messages(result, Severity.FLAG))  # fmt: skip
    strict_refuses(text, "report numbered 5")
    zero = edit(SEED, "รายงานครั้งที่1\t", "รายงานครั้งที่0\t").replace("(ครั้งที่ 1)", "(ครั้งที่ ?)")
    project, _ = read(zero)  # there is no report 0: numbered by its place, and flagged
    assert [r.number for r in project.reports] == list(range(1, 10))
    assert EVERYTHING in project.reports[0].flags


def test_no_date_far_date_and_reports_out_of_order():
    text = edit(SEED, "รายงานครั้งที่4\t:: 25/04/2566 : ", "รายงานครั้งที่4\t:: ")
    text = edit(text, "27/06/2566", "27/06/2556")  # ten years off
    text = edit(text, f"{LINES[60]}\n{LINES[61]}\n", "")  # report 1 printed after report 2
    text = edit(text, f"{LINES[63]}\n", f"{LINES[63]}\n{LINES[60]}\n{LINES[61]}\n")
    project, result = read(text)
    assert [r.number for r in project.reports] == [1, 2, 3, 5, 6, 7, 8, 9]
    assert project.reports[0] == BASE.reports[0]
    assert not project.reports[0].flags  # out of order, but its label and count agree
    sixth = project.reports[4]
    assert (sixth.date.year, sixth.flags) == (2013, frozenset({"date"}))
    skipped = messages(result, Severity.SKIP)
    assert skipped == ["report 4 has no date (printed without one); report skipped"]
    assert any("report 6: date" in m for m in messages(result, Severity.FLAG))
    assert any("report 1 follows report 2" in m for m in messages(result, Severity.NOTE))
    strict_refuses(text, "report 4 has no date")


def test_question_marks_for_lost_characters():
    text = edit(SEED, "อยู่ระหว่างสรุปแนวทางการพัฒนานวัตกรรม\t\t", "อยู่ระหว่างสรุ?แนวทางการพัฒนานวัตกรรม\t\t")
    text = edit(text, "= 60.00 %", "= 6?.00 %")  # report 5's progress is lost
    text = edit(text, "รายงานครั้งที่6\t", "รายงานครั้ง?ี่6\t")  # a label is still a label
    project, result = read(text)
    assert [r.number for r in project.reports] == [1, 2, 3, 4, 6, 7, 8, 9]
    assert project.reports[3].detail == "อยู่ระหว่างสรุ?แนวทางการพัฒนานวัตกรรม"
    assert project.reports[3].flags == {"detail"}
    assert project.reports[4] == BASE.reports[5]
    assert not project.reports[4].flags
    assert messages(result, Severity.SKIP) == [
        "report 5: unreadable progress '6?.00'; report skipped"
    ]
    assert project.plan == BASE.plan  # "?การลด" after a space is the old system's dash: kept
    assert not project.flags


def test_thai_digits_and_stray_characters_inside_labels():
    text = edit(SEED, "รหัสโครงการ...", "รห๑สโครงการ...")
    text = edit(text, "งบประมาณที่ได้รับ", "งบประมาณท~ี่ได้รับ")
    text = edit(text, "ความก้าวหน้าของงานฯ = 20", "ความก้าวหน้าของ?านฯ = 20", 0)
    text = edit(text, "ความก้าวหน้าของงานฯ = 30", "ความก้าวหน้า๕องงานฯ = 30")
    text = edit(text, "งบประมาณที่เบิกใช้ (ครั้งที่ 3)", "งบประมาณที่เบิก`ใช้ (ครั้งที่ 3)")
    text = edit(text, "บาท\t: เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย\nรายงานครั้งที่5",
                "บาท\t: เป็นไปตามแ๕น\t: เป็นไปตามเป้าหม?ย\nรายงานครั้งที่5")  # fmt: skip
    text = edit(text, "รายงานครั้งที่6", "รายงาน๕รั้งที่๖")
    project, result = read(text)
    assert project == BASE
    assert not project.flags
    assert not any(r.flags for r in project.reports)
    assert messages(result, Severity.SKIP) == messages(result, Severity.FLAG) == []
    lost_no = edit(text, "บาท\t: เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย\nรายงานครั้งที่3",
                   "บาท\t: ไ?่เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย\nรายงานครั้งที่3")  # fmt: skip
    project, result = read(lost_no)  # yes or no cannot be told: skipped, never guessed
    assert 2 not in [r.number for r in project.reports]
    assert "report 2: unreadable plan status" in messages(result, Severity.SKIP)[0]


def test_two_copies_one_damaged():
    first = edit(SEED, "= 50.00 %", "= 5?.00 %")  # report 4 lost in the first copy
    last = edit(SEED, "= 65.00 %", "= 6?.00 %")  # report 6 lost in the last copy
    project, result = read(first + "\n" + last)  # the last copy is used...
    assert project.reports == BASE.reports  # ...and report 6 taken from the first
    assert messages(result, Severity.SKIP) == []
    notes = " | ".join(messages(result, Severity.NOTE))
    assert "report 6 (skipped in the copy used) taken from this copy" in notes
    assert "printed more than once" in notes
    project, result = read(SEED + "\n" + last)  # a whole copy beats a damaged later one
    assert project.reports == BASE.reports
    assert any("the copy at line 7 is used" in m for m in messages(result, Severity.NOTE))


def test_a_file_cut_short():
    with pytest.raises(ParseError, match="cut short"):
        parse_document(SEED[:3000], "cut.txt")  # inside the header: nothing is certain
    cut = SEED[: SEED.index("รายงานครั้งที่6")]
    project, result = read(cut)
    assert project.reports == BASE.reports[:5]
    assert [bool(r.flags) for r in project.reports] == [False] * 4 + [True]
    assert any("cut short" in m for m in messages(result, Severity.FLAG))
    strict_refuses(cut, "cut short")


def test_indicator_form_with_damaged_headings_and_labels():
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    base = parse_document(text, "seed").indicators[0]
    damaged = edit(text, "3. คำนิยาม", "3. คำน?ยาม")
    damaged = edit(damaged, "วิธีการคำนวณ", "วิธีการค๕นวณ")
    damaged = edit(damaged, "(6.3) ไตรมาสที่ 3", "(6.3) ไตรมาสท?่ 3")
    damaged = edit(damaged, "ผลงานที่ทำได้", "ผลงานที่ท?ได้")
    damaged = edit(damaged, "7. ปัจจัยสนับสนุน", "7. ปัจจัยส?บสนุน")
    indented = "\n".join(" " + line if line else line for line in damaged.split("\n"))
    result = parse_document(indented, "variant.txt")
    assert result.indicators == [base]
    assert result.warnings == []


FIGURES = "\t:: ความก้าวหน้าของงานฯ = {} % งบประมาณที่เบิกใช้ (ครั้งที่ {}) = 0 บาท"
STATUSES = "\t: เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย"


def test_a_status_not_printed_is_stored_unknown_and_flagged_a_damaged_one_skipped():
    text = edit(SEED, FIGURES.format("10.00", 1) + STATUSES, FIGURES.format("10.00", 1))
    text = edit(text, FIGURES.format("100.00", 9) + STATUSES,
                FIGURES.format("100.00", 9) + "\t:\t: ไม่เป็นไปตามเป้าหมาย")
    text = edit(text, FIGURES.format("40.00", 3) + STATUSES,  # beyond repair: not blank
                FIGURES.format("40.00", 3) + "\t: เป็?ไ??ตา?แผน\t: เป็นไปตามเป้าหมาย")
    project, result = read(text)
    assert [r.number for r in project.reports] == [1, 2, 4, 5, 6, 7, 8, 9]
    first, last = project.reports[0], project.reports[-1]
    assert (first.on_plan, first.on_target) == (None, None)
    assert first.flags == {"on_plan", "on_target"}
    assert (last.on_plan, last.on_target) == (None, False)
    assert last.flags == {"on_plan"}
    assert replace(first, on_plan=True, on_target=True) == BASE.reports[0]
    assert messages(result, Severity.FLAG) == [
        "report 1: plan/target not printed: stored as unknown",
        "report 9: plan not printed: stored as unknown",
    ]
    assert [w.line for w in result.warnings if w.severity is Severity.FLAG] == [62, 108]
    (skipped,) = messages(result, Severity.SKIP)
    assert skipped == "report 3: unreadable plan status (ไม่?); report skipped"
    strict_refuses(text, "plan/target not printed")


def test_a_status_line_damaged_beyond_repair_is_not_taken_for_a_blank():
    spread = edit(SEED, STATUSES + "\nรายงานครั้งที่6",  # report 5's statuses on their own lines
                  "\n: เป็นไปตามแผน\n: ไ?่เป็นไป??มเป้?หมาย\nรายงานครั้งที่6")
    project, result = read(spread)
    assert 5 not in [r.number for r in project.reports]
    assert "report 5: unreadable target status" in messages(result, Severity.SKIP)[0]
    assert not messages(result, Severity.FLAG)


def test_a_damaged_label_beside_an_intact_value_keeps_the_value():
    text = edit(SEED, "งบประมาณที่เบิกใช้ (ครั้งที่ 2) = 0 บาท",
                "งบป?ะม?ณที?เบ?ก (ครั้งที่ 2) = 7,250 บาท")
    text = edit(text, "ความก้าวหน้าของงานฯ = 60.00 %", "ความ…หน้าของงานฯ = 60.00 %")
    text = edit(text, "งบประมาณที่เบิกใช้ (ครั้งที่ 8) = 0 บาท", "งบ…เบิกใช้ (ครั้งที่ 8) = 3?0 บาท")
    text = edit(text, "25/04/2566 : อยู่ระหว่าง", "25/04/2566 : ประชุม 3 ครั้ง = 30 คน อยู่ระหว่าง")
    project, result = read(text)
    assert [r.number for r in project.reports] == [1, 2, 3, 4, 5, 6, 7, 9]
    second, fifth = project.reports[1], project.reports[4]
    assert (second.disbursed, second.budget_count) == (Decimal("7250"), 2)
    assert second.flags == {"disbursed", "budget_count"}
    assert fifth.progress == Decimal("60.00")
    assert fifth.flags == {"progress"}
    assert project.reports[3].detail.startswith("ประชุม 3 ครั้ง = 30 คน อยู่ระหว่าง")
    assert not project.reports[3].flags
    assert messages(result, Severity.FLAG) == [
        "report 2: budget label damaged; value kept",
        "report 5: progress label damaged; value kept",
    ]
    assert messages(result, Severity.SKIP) == [
        "report 8: unreadable budget ('8', '3?0'); report skipped"
    ]
    strict_refuses(text, "label damaged")


def test_of_two_differing_copies_the_one_that_agrees_with_the_document_wins():
    first = edit(SEED, "แต่งตั้งคณะทำงานแล้วเสร็จ", "แต่งตั้งคณะทำงามแล้วเสร็จ")  # report 1
    last = edit(SEED, "25/04/2566 : อยู่ระหว่างสรุปแนวทาง", "25/04/2566 : อยู่ระหว่างสรุปแนวทอง")
    last = edit(last, "= 80.00 %", "= 85.00 %")  # report 8: a figure nothing can settle
    project, result = read(first + "\n" + last)  # the last copy is used...
    assert [replace(r, progress=BASE.reports[7].progress) if r.number == 8 else r
            for r in project.reports] == list(BASE.reports)  # ...but not its "แนวทอง"
    assert project.reports[7].progress == Decimal("85.00")
    assert {r.number: sorted(r.flags) for r in project.reports if r.flags} == {
        1: ["detail"], 4: ["detail"], 8: ["progress"]}
    assert messages(result, Severity.FLAG) == [
        "report 4: two copies differ; kept the one that agrees with the document: detail "
        "“…ว่างสรุปแนวทางการพัฒนานวั…” (line 67), not “…ว่างสรุปแนวทองการพัฒนานวั…” (line 182)",
        "report 1: two copies differ; kept the one that agrees with the document: detail "
        "“…งตั้งคณะทำงานแล้วเสร็จ อย…” (line 176), not “…งตั้งคณะทำงามแล้วเสร็จ อย…” (line 61)",
        "report 8: two copies differ in progress (85.00 at line 220, 80.00 at line 105); the "
        "document does not tell which is right: kept line 220's",
    ]
    strict_refuses(first + "\n" + last, "two copies differ")


def test_a_report_printed_twice_in_one_copy():
    r3 = next(line for line in LINES if line.startswith("รายงานครั้งที่3"))
    twice = edit(SEED, f"{r3}\n{LINES[65]}\n", f"{r3}\n{LINES[65]}\n"
                 f"{r3.replace('สรุปผลการประชุม', 'สรุปผลการประชม')}\n{LINES[65]}\n")
    project, result = read(twice)
    assert project.reports == BASE.reports
    assert [sorted(r.flags) for r in project.reports] == [[]] * 2 + [["detail"]] + [[]] * 6
    assert "report 3: two copies differ; kept the one that agrees" in messages(
        result, Severity.FLAG)[0]
    same = edit(SEED, f"{r3}\n{LINES[65]}\n", f"{r3}\n{LINES[65]}\n{r3}\n{LINES[65]}\n")
    project, result = read(same)
    assert project.reports == BASE.reports
    assert not any(r.flags for r in project.reports)
    assert "report 3 printed twice" in messages(result, Severity.NOTE)
    other = edit(SEED, f"{r3}\n{LINES[65]}\n", f"{r3}\n{LINES[65]}\n"  # another report, its number
                 "รายงานครั้งที่3\t:: 30/03/2566 : จัดประชุมผู้ปกครองนักเรียน\n"
                 + LINES[65].replace("40.00", "45.00") + "\n")
    project, result = read(other)
    assert project.reports == BASE.reports
    assert messages(result, Severity.SKIP) == ["a second, different report 3; skipped"]


def test_a_status_after_the_next_report_began_when_that_report_prints_none():
    # seed 000 prints report 7's target at the end of report 8's first line (a page break);
    # when report 8's own figures print no target, the stray one may be either's
    text = edit(SEED, FIGURES.format("80.00", 8) + STATUSES,
                FIGURES.format("80.00", 8) + "\t: เป็นไปตามแผน\t: ")
    project, result = read(text)
    seventh, eighth = project.reports[6], project.reports[7]
    assert (seventh.on_target, eighth.on_target) == (True, None)
    assert seventh.flags == eighth.flags == {"on_target"}
    assert messages(result, Severity.FLAG) == [
        "the target value printed after report 8 began (page break) is taken for report 7's: "
        "report 8 prints none itself; check both",
        "report 8: target not printed: stored as unknown",
    ]


def test_a_misprinted_label_far_beyond_the_reports_is_not_a_number():
    text = edit(SEED, "รายงานครั้งที่2\t", "รายงานครั้งที่12\t").replace("(ครั้งที่ 2)", "(ครั้งที่ ?)")
    project, result = read(text)
    assert [r.number for r in project.reports] == list(range(1, 10))
    assert EVERYTHING in project.reports[1].flags
    assert "report numbered 2 from its place after report 1 (label 12)" in messages(
        result, Severity.FLAG)


def test_long_lines_and_long_differing_copies_are_read_in_linear_time():
    started = time.monotonic()
    long_figures = edit(SEED, "= 10.00 %", "= 10.00 % " + "ก" * 20_000)  # took 9 s, then 23 s
    read(long_figures)
    first = edit(SEED, "แต่งตั้งคณะทำงานแล้วเสร็จ", "แต่งตั้ง" + "กขคง " * 4000)  # difflib: minutes
    last = edit(SEED, "แต่งตั้งคณะทำงานแล้วเสร็จ", "แต่งตั้ง" + "ขกคง " * 4000)
    project, _ = read(first + "\n" + last)
    assert "detail" in project.reports[0].flags
    assert time.monotonic() - started < 5
