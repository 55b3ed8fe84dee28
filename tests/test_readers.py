"""Acceptance examples for the readers of what officers type (conversations/*)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from conversations.answers import standard_no
from conversations.codes import code_spans, find_codes, normalize_code
from conversations.layout import other_layout
from conversations.oneshot import extract_report_fields
from conversations.readers import (
    PLAN_NEGATIVE,
    PLAN_POSITIVE,
    TARGET_NEGATIVE,
    TARGET_POSITIVE,
    Ok,
    Problem,
    find_month_be,
    read_date_be,
    read_detail,
    read_free_text,
    read_money,
    read_obstacles,
    read_on_plan,
    read_on_target,
    read_percent,
    read_yes_no,
    read_yes_no_reason,
)
from conversations.spoken import as_typed
from conversations.thai_numbers import normalize, thai_words_to_decimal
from core.thai import to_arabic_digits

THAI = re.compile(r"[\u0e01-\u0e5b]")
D = Decimal
_PHRASES_OF = {read_on_plan: (PLAN_POSITIVE, PLAN_NEGATIVE),
               read_on_target: (TARGET_POSITIVE, TARGET_NEGATIVE)}


def assert_problem(result: object, code: str) -> None:
    """A Problem with the code and a Thai message that shows an example."""
    assert isinstance(result, Problem), result
    assert result.code == code
    assert THAI.search(result.message_th)
    assert "เช่น" in result.message_th or "“" in result.message_th


# ----- thai_numbers -------------------------------------------------------------------------
def test_to_arabic_digits() -> None:
    assert to_arabic_digits("๕๐๔๗๐๐๐๐-๓๔๓๐ ก") == "50470000-3430 ก"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("เเล้ว", "แล้ว"),
        ("  ๘๐  %  ", "80 %"),
        ("ดำ\u200bเนิน\u200cการ", "ดำเนินการ"),
        ("บรรทัด 1  \r\n\r\n  บรรทัด\t๒", "บรรทัด 1\n\nบรรทัด 2"),
        ("กํา", "กำ"),
    ],
)
def test_normalize(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def test_normalize_can_keep_thai_digits() -> None:
    assert normalize("ข้อ ๑", digits=False) == "ข้อ ๑"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("แปดสิบ", D(80)), ("ห้าหมื่นสองพัน", D(52000)), ("หนึ่งล้านสองแสน", D(1200000)),
        ("เจ็ดสิบห้าจุดห้า", D("75.5")), ("ร้อยยี่สิบ", D(120)), ("สิบเอ็ด", D(11)),
        ("ยี่สิบเอ็ด", D(21)), ("หนึ่งพันห้าร้อย", D(1500)), ("1.2 ล้าน", D(1200000)),
        ("3 แสน", D(300000)), ("2.5 หมื่น", D(25000)), ("1,200 ล้าน", D(1200000000)),
        ("หนึ่งจุดสองล้าน", D(1200000)), ("1 ล้าน 2 แสน", D(1200000)), ("๘๐", D(80)),
        ("1.5 พันล้าน", D(1500000000)), ("ศูนย์", D(0)), ("จุดห้า", D("0.5")), ("-5", D(-5)),
    ],
)
def test_thai_words_to_decimal(text: str, value: Decimal) -> None:
    assert thai_words_to_decimal(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1,23,4", "1 2", "ห้าจุด", "2 แสน 3 ล้าน", "สิบสิบ", "80%", "ลบลบห้า"]
)
def test_thai_words_to_decimal_refuses(text: str) -> None:
    assert thai_words_to_decimal(text) is None


# ----- read_percent -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("80", "80.00"), ("80%", "80.00"), ("80 %", "80.00"), ("๘๐", "80.00"),
        ("ร้อยละ 80", "80.00"), ("ร้อยละ ๗๕.๕", "75.50"), ("แปดสิบ", "80.00"),
        ("แปดสิบเปอร์เซ็นต์", "80.00"), ("80.50", "80.50"), ("80 เปอร์เซ็นต์", "80.00"),
        ("80 percent", "80.00"), ("100", "100.00"), ("0", "0.00"), ("80 ค่ะ", "80.00"),
        ("80.005", "80.01"), ("80.004", "80.00"), ("ความก้าวหน้า 45%", "45.00"),
    ],
)
def test_read_percent(text: str, value: str) -> None:
    result = read_percent(text)
    assert result == Ok(D(value))
    assert isinstance(result, Ok)
    assert str(result.value) == value  # always 2 places


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc%", "unreadable"), ("garbage", "unreadable"), ("ดีมาก", "unreadable"),
        ("120%", "out_of_range"), ("-5", "out_of_range"), ("100.01", "out_of_range"),
        ("", "empty"), ("   ", "empty"), ("80,5", "unreadable"),
    ],
)
def test_read_percent_problems(text: str, code: str) -> None:
    assert_problem(read_percent(text), code)


def test_percent_message_is_the_one_from_the_issue() -> None:
    result = read_percent("ไม่รู้")
    assert isinstance(result, Problem)
    assert "ร้อยละ 0–100 เช่น 80 หรือ 75.5%" in result.message_th


# ----- read_money ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", "0.00"), ("-", "0.00"), ("ไม่มี", "0.00"), ("ยังไม่เบิก", "0.00"),
        ("ไม่ได้เบิก", "0.00"), ("ไม่มีการเบิกจ่าย", "0.00"), ("1,234.50", "1234.50"),
        ("๓๒,๒๐๐ บาท", "32200.00"), ("1.2 ล้าน", "1200000.00"), ("1.2 ล้านบาท", "1200000.00"),
        ("ห้าหมื่นสองพัน", "52000.00"), ("52,000.-", "52000.00"), ("52000 บ.", "52000.00"),
        ("฿1,500", "1500.00"), ("12,345.678", "12345.68"), ("12,345.675", "12345.68"),
        ("ยังไม่ได้เบิกจ่าย", "0.00"), ("100,000,000,000", "100000000000.00"),
        ("เบิกจ่าย 12,000 บาท", "12000.00"), ("ห้าหมื่นสองพันบาทค่ะ", "52000.00"),
    ],
)
def test_read_money(text: str, value: str) -> None:
    result = read_money(text)
    assert result == Ok(D(value))
    assert isinstance(result, Ok)
    assert str(result.value) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-5", "negative"), ("-1,000 บาท", "negative"), ("100,000,000,000.01", "too_large"),
        ("2 แสนล้าน", "too_large"), ("1,23,4", "unreadable"), ("12,34", "unreadable"),
        ("abc", "unreadable"), ("ไม่", "unreadable"), ("", "empty"), ("1.2.3", "unreadable"),
    ],
)
def test_read_money_problems(text: str, code: str) -> None:
    assert_problem(read_money(text), code)


def test_money_comma_message_explains_commas() -> None:
    result = read_money("1,23,4")
    assert isinstance(result, Problem)
    assert "จุลภาค" in result.message_th


# ----- yes / no -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ใช่", True), ("ใช่ค่ะ", True), ("ไม่ใช่", False), ("ไม่", False), ("y", True),
        ("n", False), ("yes", True), ("no", False), ("✓", True), ("YES", True),
        ("ไม่ใช่ครับ", False), ("✔️", True),
    ],
)
def test_read_yes_no(text: str, value: bool) -> None:
    assert read_yes_no(text) == Ok(value)


@pytest.mark.parametrize("text", ["ครับ", "ค่ะ", "คะ", "นะคะ", "อาจจะ", "?"])
def test_bare_particles_are_unreadable(text: str) -> None:
    assert_problem(read_yes_no(text), "unreadable")


def test_read_yes_no_with_own_phrases() -> None:
    assert read_yes_no("มีรูปภาพ", "มีรูปภาพ", "ไม่มีรูปภาพ") == Ok(True)
    assert read_yes_no("ไม่มีรูปภาพค่ะ", "มีรูปภาพ", "ไม่มีรูปภาพ") == Ok(False)
    problem = read_yes_no("บางที", "มีรูปภาพ", "ไม่มีรูปภาพ")
    assert isinstance(problem, Problem)
    assert "“มีรูปภาพ”" in problem.message_th


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("เป็นไปตามแผน", True), ("ไม่เป็นไปตามแผน", False), ("ตามแผน", True),
        ("ไม่ตามแผน", False), ("ล่าช้า", False), ("ช้ากว่าแผน", False), ("เร็วกว่าแผน", True),
        ("ไม่ได้เป็นไปตามแผน", False), ("ไม่ เป็นไปตามแผน", False), ("ไม่ล่าช้า", True),
        ("ล่าช้ากว่าแผนเล็กน้อยค่ะ", False), ("ใช่", True), ("ไม่ใช่", False),
        ("เป็นไปตามแผน แต่บางส่วนล่าช้า", False),
    ],
)
def test_read_on_plan(text: str, value: bool) -> None:
    assert read_on_plan(text) == Ok(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("เป็นไปตามเป้าหมาย", True), ("ไม่เป็นไปตามเป้าหมาย", False), ("ตามเป้า", True),
        ("ไม่ถึงเป้า", False), ("ไม่ถึงเป้าหมาย", False), ("ต่ำกว่าเป้า", False),
        ("บรรลุเป้าหมายแล้ว", True),
    ],
)
def test_read_on_target(text: str, value: bool) -> None:
    assert read_on_target(text) == Ok(value)


def test_on_plan_problem_names_the_phrases() -> None:
    result = read_on_plan("ครับ")
    assert_problem(result, "unreadable")
    assert isinstance(result, Problem)
    assert "เป็นไปตามแผน" in result.message_th
    assert "ไม่เป็นไปตามแผน" in result.message_th


# ----- free text ----------------------------------------------------------------------------
def test_read_free_text_trims_and_keeps_lines() -> None:
    assert read_free_text("  1. ประชุม  \n2. จัดซื้อ ๒ รายการ \n") == Ok(
        "1. ประชุม\n2. จัดซื้อ ๒ รายการ"
    )


def test_read_free_text_problems() -> None:
    assert_problem(read_free_text(" \n\u200b "), "empty")
    long = read_free_text("ก" * 2001)
    assert_problem(long, "too_long")
    assert isinstance(long, Problem)
    assert "2,001" in long.message_th
    assert "2,000" in long.message_th
    assert read_free_text("ก" * 2000) == Ok("ก" * 2000)
    assert_problem(read_free_text("กขค", max_len=2), "too_long")


# ----- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25/04/2566", date(2023, 4, 25)), ("10/1/2563", date(2020, 1, 10)),
        ("๒๕/๔/๒๕๖๖", date(2023, 4, 25)), ("25 เม.ย. 2566", date(2023, 4, 25)),
        ("25 เมษายน 2566", date(2023, 4, 25)), ("1-10-2563", date(2020, 10, 1)),
        ("31/12/2566", date(2023, 12, 31)), ("วันที่ 1 ต.ค. พ.ศ. 2566", date(2023, 10, 1)),
        ("29/02/2567", date(2024, 2, 29)), ("5 ธันวาคม 2566", date(2023, 12, 5)),
    ],
)
def test_read_date_be(text: str, value: date) -> None:
    assert read_date_be(text) == Ok(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("25/04/2023", "ce_year"), ("25 เม.ย. 2023", "ce_year"), ("วันนี้", "unreadable"),
        ("31/02/2566", "bad_date"), ("29/02/2566", "bad_date"), ("25/13/2566", "bad_date"),
        ("25/4/66", "bad_date"), ("25 abc 2566", "unreadable"), ("", "empty"),
    ],
)
def test_read_date_be_problems(text: str, code: str) -> None:
    assert_problem(read_date_be(text), code)


def test_ce_year_is_explained_not_converted() -> None:
    result = read_date_be("25/04/2023")
    assert isinstance(result, Problem)
    assert "พ.ศ." in result.message_th
    assert "ค.ศ." in result.message_th


# ----- codes --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["50470000-3430", "๕๐๔๗๐๐๐๐-๓๔๓๐", "504700003430", "5047 0000-3430", "50470000 3430",
     "50470000–3430", " 50470000 - 3430 ", "5047-0000-3430"],
)
def test_normalize_code(text: str) -> None:
    assert normalize_code(text) == "50470000-3430"


@pytest.mark.parametrize(
    "text",
    ["๑๒๓๔๕๖๗๘๙๐๑๒๓", "0 22465752", "5047--0000-3430", "50470000-343", "50470000--3430",
     "", "abc", "5047000003430"],
)
def test_normalize_code_refuses(text: str) -> None:
    assert normalize_code(text) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("รายงาน 50470000-3430 ดำเนินการ...", ["50470000-3430"]),
        ("โทร 0 22465752 ค่ะ", []),
        ("โทร 0 22465752 และ 50490000-0001, ๕๐๔๗๐๐๐๐-๓๔๓๐.", ["50490000-0001", "50470000-3430"]),
        ("เบิก 1,504700003430 บาท", []), ("504700003430.50", []), ("081-504700003430", []),
        ("50470000-3430-1", []), ("1234567890123", []), ("โทร 081 234 5678", []),
        ("50470000-3430 50470000-3430", ["50470000-3430"]),
        ("สถานะ 50470000-3430 และ 50010000-0002", ["50470000-3430", "50010000-0002"]),
        ("50470000-3430 80% เบิก 12,000", ["50470000-3430"]),
    ],
)
def test_find_codes(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes


def test_code_spans_point_into_the_text() -> None:
    text = "รหัส ๕๐๔๗๐๐๐๐-๓๔๓๐ ครับ"
    [(start, end, code)] = code_spans(text)
    assert text[start:end] == "๕๐๔๗๐๐๐๐-๓๔๓๐"
    assert code == "50470000-3430"


def test_extract_the_issue_example() -> None:
    text = ("รายงาน 50470000-3430 ดำเนินการจัดทำคลิปแล้ว ความก้าวหน้า 80% เบิกจ่าย 0 บาท "
            "เป็นไปตามแผน เป็นไปตามเป้าหมาย")
    assert extract_report_fields(text) == {
        "code": "50470000-3430", "detail": "ดำเนินการจัดทำคลิปแล้ว", "progress": D("80.00"),
        "disbursed": D("0.00"), "on_plan": True, "on_target": True,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ความก้าวหน้าร้อยละ ๘๐", {"progress": D(80)}),
        ("คืบหน้า 80%", {"progress": D(80)}),
        ("งบ 12,000 บาท", {"disbursed": D(12000)}),
        ("เบิก 12,000 บาท", {"disbursed": D(12000)}),
        ("เบิกจ่าย 12,000 บาท", {"disbursed": D(12000)}),
        ("ใช้งบ 12,000 บาท", {"disbursed": D(12000)}),
        ("ยังไม่ได้เบิกจ่าย", {"disbursed": D(0)}),
        ("ไม่เป็นไปตามแผน", {"on_plan": False}),
        ("ไม่ได้เป็นไปตามแผน", {"on_plan": False}),
        ("ล่าช้า", {"on_plan": False}),
        ("ไม่ถึงเป้าหมาย", {"on_target": False}),
        ("ปัญหา: ฝนตกหนัก", {"obstacles": "ฝนตกหนัก"}),
        ("อุปสรรค ขาดแคลนบุคลากร", {"obstacles": "ขาดแคลนบุคลากร"}),
        ("ไม่มีปัญหาอุปสรรค", {"obstacles": "ไม่มี"}),
        ("ความก้าวหน้าแปดสิบเปอร์เซ็นต์", {"progress": D(80)}),
        ("เบิก 1.2 ล้านบาท", {"disbursed": D(1200000)}),
        ("ความก้าวหน้า 80 % ตามแผนค่ะ", {"progress": D(80), "on_plan": True}),
        ("ปรับภูมิทัศน์ มิได้เป็นไปตามแผน", {"on_plan": False, "detail": "ปรับภูมิทัศน์"}),
        ("ความก้าวหน้า: 80.00 %, งบประมาณที่เบิกใช้ = 12,000 บาท, เป็นไปตามแผน, "
         "ไม่เป็นไปตามเป้าหมาย",
         {"progress": D(80), "disbursed": D(12000), "on_plan": True, "on_target": False}),
        # "งบประมาณ" alone is the allocation, not money spent
        ("งบประมาณ 500,000 บาท เบิกแล้ว 20,000 บาท",
         {"disbursed": D(20000), "detail": "งบประมาณ 500,000 บาท"}),
        ("งานล่าช้าเนื่องจากฝนตก", {"on_plan": False, "detail": "งานล่าช้าเนื่องจากฝนตก"}),
        # spoken and short amounts after their label, taken out of the detail
        ("ซ่อมทางลาดเสร็จ เบิกจ่าย สองแสนห้า ตามแผน",
         {"disbursed": D(250000), "on_plan": True, "detail": "ซ่อมทางลาดเสร็จ"}),
        ("ซ่อมทางลาดเสร็จ เบิกจ่ายแสนห้าค่ะ", {"disbursed": D(150000), "detail": "ซ่อมทางลาดเสร็จ"}),
        ("ซ่อมทางลาดเสร็จ งบ 250k", {"disbursed": D(250000), "detail": "ซ่อมทางลาดเสร็จ"}),
        ("ซ่อมทางลาดเสร็จ เบิกจ่าย 1.25 ลบ.", {"disbursed": D(1250000), "detail": "ซ่อมทางลาดเสร็จ"}),
        ("ซ่อมทางลาดเสร็จ เบิกจ่าย ประมาณสองแสน",
         {"disbursed": D(200000), "detail": "ซ่อมทางลาดเสร็จ"}),
        ("ความก้าวหน้า ห้าสิบห้า เบิก 0", {"progress": D(55), "disbursed": D(0)}),
    ],
)
def test_extract_variants(text: str, expected: dict[str, object]) -> None:
    assert extract_report_fields(text) == expected


def test_extract_multiline_report() -> None:
    text = ("รายงานความก้าวหน้า รหัสโครงการ 50470000-3430\nรายละเอียด: 1. ประชุมชี้แจง\n"
            "2. จัดซื้อวัสดุ\nความก้าวหน้า 45.5 %\nใช้งบ 1.2 ล้านบาท\nตามแผน ตามเป้า\n"
            "ปัญหา/อุปสรรค: ฝนตกหนัก")
    assert extract_report_fields(text) == {
        "code": "50470000-3430", "detail": "1. ประชุมชี้แจง\n2. จัดซื้อวัสดุ",
        "progress": D("45.50"), "disbursed": D("1200000.00"), "on_plan": True,
        "on_target": True, "obstacles": "ฝนตกหนัก",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers without a label are never assigned
        ("รายงาน 50470000-3430 80% 0 บาท", {"code": "50470000-3430", "detail": "80% 0 บาท"}),
        ("ประชาชนพึงพอใจ 90%", {"detail": "ประชาชนพึงพอใจ 90%"}),
        # a short positive phrase inside a sentence is not an answer
        ("ดำเนินการตามแผนงานที่วางไว้", {"detail": "ดำเนินการตามแผนงานที่วางไว้"}),
        # spelled numbers need their unit
        ("ความก้าวหน้าสองเดือน", {"detail": "ความก้าวหน้าสองเดือน"}),
        # a count after a money word is not an amount
        ("ตรวจรับแล้ว เบิก 3 งวด", {"detail": "ตรวจรับแล้ว เบิก 3 งวด"}),
        ("ตรวจรับแล้ว เบิกจ่ายสองงวด", {"detail": "ตรวจรับแล้ว เบิกจ่ายสองงวด"}),
        ("แก้ไขปัญหาน้ำท่วม", {"detail": "แก้ไขปัญหาน้ำท่วม"}),
        ("", {}),
    ],
)
def test_extract_never_guesses(text: str, expected: dict[str, object]) -> None:
    assert extract_report_fields(text) == expected


def test_an_amount_said_roughly_is_a_problem_and_leaves_the_detail() -> None:
    found = extract_report_fields("ตรวจรับงานแล้ว เบิกจ่าย ห้าหมื่นกว่าบาท")
    assert found["detail"] == "ตรวจรับงานแล้ว"
    problems = found["problems"]
    assert isinstance(problems, dict)
    assert_problem(problems["disbursed"], "ambiguous")


def test_extract_reports_bad_and_conflicting_values() -> None:
    found = extract_report_fields("ความก้าวหน้า 120% เบิก 5,000 บาท เบิก 6,000 บาท")
    assert set(found) == {"problems"}
    problems = found["problems"]
    assert isinstance(problems, dict)
    assert_problem(problems["progress"], "out_of_range")
    assert_problem(problems["disbursed"], "conflict")


def test_extract_several_codes() -> None:
    found = extract_report_fields("50470000-3430 และ 50490000-0001 ความก้าวหน้า 10%")
    assert found == {"codes": ["50470000-3430", "50490000-0001"], "detail": "และ",
                     "progress": D(10)}


def test_thousands_of_stacked_marks_collapse_before_pythainlp_sees_them() -> None:
    from conversations.thai_numbers import normalize

    assert normalize("๘๐" + "\u0e48" * 5000) == "80\u0e48"
    assert normalize("ก" + "\u0e48\u0e49\u0e4a\u0e4b" * 2000) == normalize("ก\u0e48\u0e49\u0e4a")
    assert normalize("ก่่่า") == "ก่า"
    assert normalize("สวัสดีค่ะ") == "สวัสดีค่ะ"  # real words untouched


@pytest.mark.parametrize(("text", "want"), [
    ("2.5M", D("2500000")), ("แผนเบิก 600,000 แต่เบิกจริง 420,000 ค่ะ", D("420000")),
    ("เบิกตามสัญญางวด1 จำนวน 486,500 บาท (สี่แสนแปดหมื่นหกพันห้าร้อยบาทถ้วน)", D("486500")),
    ("อยู่ระหว่างขออนุมัติเบิกค่ะ ยังไม่ได้เงิน", D("0")), ("เบิกตามแผน 600,000", D("600000")),
])
def test_money_against_the_plan_an_instalment_or_in_words(text: str, want: Decimal) -> None:
    assert read_money(text) == Ok(want)


@pytest.mark.parametrize("text", ["เบิกงวด 2 ค่ะ", "เบิกยังไงคะ นับรวมที่ขอเบิกแล้วแต่ยังไม่ได้เงินไหม"])
def test_an_instalments_number_or_a_question_is_no_amount(text: str) -> None:
    assert isinstance(read_money(text), Problem)
    assert isinstance(read_percent("งวดที่ 2 จาก 3 งวด"), Problem)


@pytest.mark.parametrize(("text", "want"), [
    ("ม่ายค่ะ", False), ("ไม่เปนไปตามเปาค่ะ", False), ("เปนไปตามแพน", True), ("ม่ายช้า", True),
])
def test_informal_and_toneless_spellings_are_read(text: str, want: bool) -> None:
    reader = read_on_target if "เปา" in text else read_on_plan
    assert read_yes_no_reason(text, *(_PHRASES_OF[reader]))[0] == Ok(want)


@pytest.mark.parametrize("text", ["ไม่มีไรค่ะ", "nope ไม่มีไรครับ", "ไม่มีครับ ไม่มี", "ตอนนี้ยังไม่มี"])
def test_every_part_saying_none_is_no_obstacle(text: str) -> None:
    assert read_obstacles(text) == Ok(None)
    assert read_obstacles("ไม่มี ฝนตก") == Ok("ไม่มี ฝนตก")


@pytest.mark.parametrize("said", ["ต้องรอผู้รับเหมาก่อนไหมคะ", "อันนี้ใส่อะไรดี", "ใส่แบบไหนหรอคะ?"])
def test_a_short_question_at_a_free_text_question_is_never_stored(said: str) -> None:
    assert isinstance(read_detail(said), Problem)
    assert isinstance(read_obstacles(said), Problem)


def test_nothing_done_with_its_reason_is_still_the_work_done() -> None:
    assert read_detail("ยังไม่ได้ทำอะไรเลยค่ะ รอ TOR อนุมัติ") == Ok("ยังไม่ได้ทำอะไรเลย รอ TOR อนุมัติ")


@pytest.mark.parametrize(("typed", "meant"), [
    ("pdg]bd", "ยกเลิก"), ("w,j,u", "ไม่มี"), ("50 8iy[", "50 ครับ"), ("้ำสย", "help"),
    ("หะฟะีห", "status")])
def test_a_message_typed_on_the_other_keyboard_layout_is_read_as_meant(typed: str, meant: str
                                                                        ) -> None:
    assert other_layout(typed) == meant


@pytest.mark.parametrize("typed", ["K3PX-7W2R", "ok", "1,200,000", "สวัสดี", "somchai.k@bma.go.th"])
def test_codes_numbers_english_and_thai_are_left_as_typed(typed: str) -> None:
    assert other_layout(typed) is None


@pytest.mark.parametrize(("typed", "meant"), [
    ("ไมตามแผนคะ", "ไม่ตามแผนคะ"), ("ใชคับ", "ใช่คับ"), ("แกไขคะ", "แก้ไขคะ"), ("ไม้", "ไม้"),
    ("ไมค์", "ไมค์"), ("ใช้งบ", "ใช้งบ"), ("ไม้ครับ", "ไม่ครับ"), ("ใช้ค่ะ", "ใช่ค่ะ"), ("ใช้", "ใช้")])
def test_tone_marks_left_out_of_no_yes_and_edit_are_put_back(typed: str, meant: str) -> None:
    assert standard_no(typed) == meant


@pytest.mark.parametrize(("said", "typed"), [
    ("ไม่เป็นไปตามแผนเว้นวรรคเนื่องจากรอแบบจุด", "ไม่เป็นไปตามแผน เนื่องจากรอแบบ"),
    ("เอ่อปัญหาคือฝุ่น", "ปัญหาคือฝุ่น"), ("เป๋นไปต๋ามแผนเจ้า", "เป็นไปตามแผนเจ้า"),
    ("ศรีสิบห้า", "สี่สิบห้า"), ("ไม่มีเจ้าหน้าที่ประจำจุด", "ไม่มีเจ้าหน้าที่ประจำจุด"),
    ("ส่งโลดเด้อ", "ส่งเลยเด้อ")])
def test_voice_typing_and_regional_words_are_put_as_typed(said: str, typed: str) -> None:
    assert as_typed(said) == typed


@pytest.mark.parametrize(("said", "first"), [
    ("ส่งรายงานเดือนพฤศจิกายนค่ะ", date(2026, 11, 1)), ("เดือนกันยายนครับ", date(2026, 9, 1)),
    ("รายงานเดือน พ.ย. 2569", date(2026, 11, 1)),
    ("ขอส่งรายงานย้อนหลังเดือนที่แล้วค่ะ ลืมส่ง", date(2026, 11, 1)),
    ("รายงานของเดือนก่อน", date(2026, 11, 1)), ("รายงานเดือนนี้", date(2026, 12, 1))])
def test_a_month_named_with_a_particle_after_it_is_read(said: str, first: date) -> None:
    found = find_month_be(said, date(2026, 12, 7))
    assert found is not None
    assert found[0] == first


def test_a_month_name_inside_a_longer_word_is_no_month() -> None:
    assert find_month_be("พฤศจิกายนนี้", date(2026, 12, 7)) is None
