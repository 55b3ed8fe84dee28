"""Pure parts of the status feature: calendar helpers, query words, views."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linebot.v3.messaging import FlexMessage

from core import periods
from core.months import work_span
from handlers import status_views
from handlers.query_words import Query, Verb, parse_query
from reminders.due import DueDates
from reminders.workdays import build_calendar
from storage.queries import ProjectInfo, ReportInfo, Standing

TODAY = date(2026, 11, 22)
# October is due on the 22nd (the 23rd is a holiday), November on the 25th
DUE = DueDates(build_calendar([2025, 2026, 2027], {}, []), 25, {})


# ----- periods -------------------------------------------------------------------------

def test_buddhist_era_dates() -> None:
    assert periods.thai_date(date(2023, 4, 25)) == "25 เม.ย. 2566"
    assert periods.numeric_date(date(2023, 4, 5)) == "05/04/2566"
    assert periods.thai_date(date(2026, 12, 1)) == "1 ธ.ค. 2569"


@pytest.mark.parametrize(("day", "fy"), [
    (date(2026, 10, 1), 2570), (date(2027, 9, 30), 2570), (date(2026, 9, 30), 2569),
    (date(2027, 1, 15), 2570), (date(2022, 10, 1), 2566),
])
def test_fiscal_year_is_named_by_the_be_year_it_ends_in(day: date, fy: int) -> None:
    assert periods.fiscal_year_of(day) == fy
    assert periods.fiscal_year_start(fy) <= day <= periods.fiscal_year_end(fy)


def test_fiscal_year_2570_bounds_and_months() -> None:
    assert periods.fiscal_year_start(2570) == date(2026, 10, 1)
    assert periods.fiscal_year_end(2570) == date(2027, 9, 30)
    months = periods.fiscal_periods(2570)
    assert [p.label for p in months[:4]] == ["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569", "ม.ค. 2570"]
    assert months[-1] == periods.Period(2027, 9)


def test_periods() -> None:
    assert periods.period_of(TODAY) == periods.Period(2026, 11)
    assert periods.Period(2028, 2).end == date(2028, 2, 29)
    assert periods.Period(2026, 12).next() == periods.Period(2027, 1)
    assert periods.Period(2026, 12).end == date(2026, 12, 31)
    assert periods.Period(2026, 11).contains(TODAY)


def test_months_respect_today_and_the_project_dates() -> None:
    def months(today: date, start: date | None = None, end: date | None = None,
               fy: int = 2570) -> list[int]:
        return [p.month for p in DUE.months(1, start, end, fy, [], today).expected]

    assert months(TODAY) == [10, 11]
    assert len(months(TODAY, fy=2566)) == 12
    assert months(date(2027, 3, 2), start=date(2027, 1, 10)) == [1, 2, 3]
    assert months(date(2027, 9, 1), end=date(2026, 12, 15)) == [10, 11, 12]
    late = DUE.months(1, date(2027, 1, 10), None, 2570,
                      [(periods.Period(2027, 2), Decimal(5))], date(2027, 3, 30))
    assert [p.month for p in late.missing] == [1, 3]


def test_days_since_and_straight_line_plan() -> None:
    assert periods.days_since(date(2026, 11, 18), TODAY) == 4
    assert periods.plan_percent(2570, date(2026, 9, 1)) == Decimal("0.00")
    assert periods.plan_percent(2570, date(2026, 10, 1)) == Decimal("0.27")
    assert periods.plan_percent(2570, TODAY) == Decimal("14.52")
    assert periods.plan_percent(2570, date(2027, 9, 30)) == Decimal("100.00")
    assert periods.plan_percent(2566, TODAY) == Decimal("100.00")


# ----- query words ---------------------------------------------------------------------

CODE = "50470000-3430"


@pytest.mark.parametrize(("text", "query"), [
    (f"สถานะโครงการ {CODE}", Query(Verb.STATUS, code=CODE)),
    (f"สถานะ {CODE}", Query(Verb.STATUS, code=CODE)),
    (f"สถานะ{CODE}", Query(Verb.STATUS, code=CODE)),
    (CODE, Query(Verb.STATUS, code=CODE)),
    ("๕๐๔๗๐๐๐๐-๓๔๓๐", Query(Verb.STATUS, code=CODE)),
    ("504700003430", Query(Verb.STATUS, code=CODE)),
    ("  5047 0000 – 3430 ", Query(Verb.STATUS, code=CODE)),
    (" 5047 0000 - 3430 ", Query(Verb.STATUS, code=CODE)),
    (f"ขอ สถานะ {CODE}", Query(Verb.STATUS, code=CODE)),
    (f"ขอดูสถานะโครงการ {CODE} หน่อยครับ", Query(Verb.STATUS, code=CODE)),
    (f"โครงการ {CODE} ถึงไหนแล้ว", Query(Verb.STATUS, code=CODE)),
    (f"สถาณะ {CODE}", Query(Verb.STATUS, code=CODE)),
    (f"status {CODE}", Query(Verb.STATUS, code=CODE)),
    ("ขอดูสถานะโครงการสวนสาธารณะหน่อยครับ", Query(Verb.STATUS, fragment="สวนสาธารณะ")),
    ("สถานะ: ๕๐๔๗๐๐๐๐ ๓๔๓๐ ค่ะ", Query(Verb.STATUS, code=CODE)),
    ("สถานะ co-working", Query(Verb.STATUS, fragment="co-working")),
    ("สถานะ บางนาพารู้", Query(Verb.STATUS, fragment="บางนาพารู้")),
    ("สถานะ  บางนาพารู้ ครับ", Query(Verb.STATUS, fragment="บางนาพารู้")),
    ("ดูสถานะ ห้องสมุดเคลื่อนที่ ครับ", Query(Verb.STATUS, fragment="ห้องสมุดเคลื่อนที่")),
    ("สถานะ “ห้องสมุด”", Query(Verb.STATUS, fragment="ห้องสมุด")),
    ("สถานะ ห้องสมุด หน้า ๒", Query(Verb.STATUS, fragment="ห้องสมุด", page=2)),
    ("สถานะ", Query(Verb.STATUS)),
    (f"ประวัติ {CODE}", Query(Verb.HISTORY, code=CODE)),
    (f"ประวัติโครงการ {CODE}", Query(Verb.HISTORY, code=CODE)),
    ("ประวัติศาสตร์ไทย", None),
    (f"กราฟ {CODE}", Query(Verb.CHART, code=CODE)),
    (f"PDF {CODE}", Query(Verb.PDF, code=CODE)),
    (f"pdf {CODE}", Query(Verb.PDF, code=CODE)),
    ("ค้างส่ง", Query(Verb.OVERDUE)),
    ("ค้างส่ง ค่ะ", Query(Verb.OVERDUE)),
    ("สรุป", Query(Verb.DIGEST)),
    ("สรุปภาพรวม", Query(Verb.DIGEST)),
    ("สรุปรายงานเดือนนี้", Query(Verb.DIGEST)),
    ("ค้างส่งอะไรบ้าง", Query(Verb.OVERDUE)),
    ("ค้างส่งเดือนนี้มีใครบ้าง", Query(Verb.OVERDUE)),
    ("ภาพรวม", Query(Verb.DIGEST)),
    ("ยังไม่ส่ง", Query(Verb.OVERDUE)),
    (f"แบบฟอร์ม pdf {CODE}", Query(Verb.PDF, code=CODE)),
    ("ค้างส่งงบประมาณอาคาร", None),
    ("รายงาน", None),
    ("", None),
    ("สวัสดีค่ะ", None),
])
def test_query_forms(text: str, query: Query | None) -> None:
    assert parse_query(text) == query


def test_next_page_text_parses_back() -> None:
    query = Query(Verb.STATUS, fragment="co-working")
    assert parse_query(query.again(2)) == Query(Verb.STATUS, fragment="co-working", page=2)


# ----- views ---------------------------------------------------------------------------

def info(**changes: object) -> ProjectInfo:
    base = dict(
        id=1, code=CODE, name="บางนาพารู้ ห้องสมุดเคลื่อนที่", agency_id=1, agency_code="50470000",
        agency_name="สำนักงานเขตบางนา", unit_path="สำนักงานเขตบางนา / ฝ่ายพัฒนาชุมชน",
        fiscal_year=2570, start_date=date(2026, 10, 1), end_date=date(2027, 9, 30),
        budget_received=Decimal("1250000"), budget_used=None, responsible_name="นางสาวสมศรี",
        responsible_phone="0 2246 5752", coordinator_name="นายสมชาย", coordinator_phone="081",
    )
    base.update(changes)
    return ProjectInfo(**base)  # type: ignore[arg-type]


def report(n: int, day: date, pct: str, paid: str = "0", on_plan: bool = True,
           detail: str = "") -> ReportInfo:
    return ReportInfo(n, day.replace(day=1), day, Decimal(pct), Decimal(paid), on_plan, True,
                      detail)


def status_facts(project: ProjectInfo, reports: list[ReportInfo],
                 personal: bool) -> status_views.StatusFacts:
    """The status facts on TODAY, with the months core.months derives."""
    months = DUE.months(project.agency_id, project.start_date, project.end_date,
                        project.fiscal_year,
                        [(periods.period_of(r.period), r.progress) for r in reports], TODAY)
    return status_views.facts(project, reports, TODAY, personal, months,
                              DUE.of(project.agency_id))


REPORTS = [report(2, date(2026, 11, 18), "25.5", "30000"),
           report(1, date(2026, 10, 25), "10", "20000")]


def test_text_fallback_is_complete() -> None:
    facts = status_facts(info(), REPORTS, personal=True)
    text = status_views.status_text(facts)
    for part in ("สถานะโครงการ 50470000-3430", "บางนาพารู้ ห้องสมุดเคลื่อนที่",
                 "หน่วยงาน: สำนักงานเขตบางนา / ฝ่ายพัฒนาชุมชน", "ปีงบประมาณ: 2570",
                 "ครั้งที่ 2 · รายงานเดือน พ.ย. 2569 · ส่งเมื่อ 18 พ.ย. 2569 (4 วันที่แล้ว)",
                 "25.50 % ▰▰▱▱▱▱▱▱▱▱",
                 "แผน ณ วันนี้ 14.52 %", "เบิกจ่ายแล้ว 50,000.00 จาก 1,250,000.00 บาท (4.00 %)",
                 "ตามแผน: เป็นไปตามแผน", "ตามเป้าหมาย: เป็นไปตามเป้าหมาย",
                 "เดือนที่ยังไม่มีรายงาน: ส่งครบทุกเดือนแล้ว", "นางสาวสมศรี โทร. 0 2246 5752",
                 "ผู้ประสานงาน สยป.: นายสมชาย โทร. 081"):
        assert part in text, part


def test_a_late_report_says_its_month_and_the_day_it_was_sent_not_the_forms_date() -> None:
    """October filed on TODAY (22 Nov) carries October's last day on the form (printed_date)."""
    late = replace(report(1, date(2026, 10, 31), "10"), received=TODAY)
    facts = status_facts(info(), [late], personal=False)
    text = status_views.status_text(facts)
    assert "รายงานล่าสุด: ครั้งที่ 1 · รายงานเดือน ต.ค. 2569 · ส่งเมื่อ 22 พ.ย. 2569 (วันนี้)" in text
    assert "31 ต.ค." not in text
    assert "วันที่แล้ว" not in text
    [history] = status_views.history_texts(info(), [late])
    assert "ประจำเดือน ต.ค. 2569 · ส่งเมื่อ 22 พ.ย. 2569" in history
    assert "31 ต.ค." not in history
    fixed = replace(late, revision=2, received=date(2026, 11, 20))
    assert ("ครั้งที่ 1 (ฉบับแก้ไขที่ 1) · รายงานเดือน ต.ค. 2569 · ส่งเมื่อ 20 พ.ย. 2569 "
            "(2 วันที่แล้ว)") in status_views.status_text(status_facts(info(), [fixed], False))


def test_the_day_received_is_the_chat_moment_in_the_calendars_zone_or_the_printed_date() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from storage.enums import Source
    from storage.queries import received_on

    bangkok = ZoneInfo("Asia/Bangkok")
    night = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)  # 03:00 on 22 Nov in Bangkok
    assert received_on(Source.BOT, night, date(2026, 10, 31), bangkok) == date(2026, 11, 22)
    assert received_on(Source.BOT, night, date(2026, 10, 31), UTC) == date(2026, 11, 21)
    for printout in (Source.IMPORT, Source.ADMIN):  # imported today: sent when it was printed
        assert received_on(printout, night, date(2023, 1, 31), bangkok) == date(2023, 1, 31)


def test_no_personal_data_without_the_right() -> None:
    facts = status_facts(info(), REPORTS, personal=False)
    message = json.dumps(status_views.status_bubble(facts), ensure_ascii=False)
    assert "สมศรี" not in message
    assert "2246" not in message
    assert "สมชาย" not in message


def test_never_reported_project() -> None:
    facts = status_facts(info(budget_received=None), [], personal=False)
    text = status_views.status_text(facts)
    assert "รายงานล่าสุด: ยังไม่มีรายงาน" in text
    assert "เดือนที่ยังไม่มีรายงาน: ต.ค. 2569 (เลยกำหนดส่งแล้ว)" in text  # November: not due
    assert "ไม่ได้ระบุงบที่ได้รับ" in text
    bubble = status_views.status_bubble(facts)["contents"]
    progress = bubble["body"]["contents"][3]
    assert progress["contents"][1]["contents"] == []  # an empty track: no fill at 0 %


def test_huge_names_stay_within_line_limits() -> None:
    big = info(name="ก" * 800, unit_path="ข" * 500, responsible_name="ค" * 255,
               responsible_phone="1" * 100, coordinator_name="ง" * 255)
    facts = status_facts(big, REPORTS, personal=True)
    message = status_views.status_bubble(facts)
    assert len(message["altText"]) <= 1500
    assert len(json.dumps(message["contents"], ensure_ascii=False).encode()) <= 30_000
    assert "quickReply" not in message


def test_bubble_is_valid_for_the_line_sdk() -> None:
    facts = status_facts(info(), REPORTS, personal=True)
    message = status_views.status_bubble(facts)
    parsed = FlexMessage.from_dict(message).to_dict()
    assert parsed["altText"] == message["altText"]
    fill = parsed["contents"]["body"]["contents"][3]["contents"][1]["contents"][0]
    assert fill["width"] == "25.50%"


def test_history_newest_first_with_details() -> None:
    reports = [report(2, date(2026, 11, 18), "25.5", detail="ประชุม\n2. ลงพื้นที่"),
               report(1, date(2026, 10, 25), "10", on_plan=False)]
    [text] = status_views.history_texts(info(), reports)
    assert text.index("ครั้งที่ 2") < text.index("ครั้งที่ 1")
    assert "2. ลงพื้นที่" in text
    assert "⚠️ ไม่เป็นไปตามแผน" in text
    [empty] = status_views.history_texts(info(), [])
    assert "ยังไม่มีรายงาน" in empty


@given(st.lists(st.integers(min_value=0, max_value=6000), max_size=60))
def test_pack_fits_line_and_counts_what_is_left_out(lengths: list[int]) -> None:
    entries = [f"§{n}§" + "ก" * size for n, size in enumerate(lengths)]
    texts = status_views.pack("หัวเรื่อง", entries, "อีก {n} รายการ")
    assert 1 <= len(texts) <= 5
    assert all(len(t) <= 5000 for t in texts)
    joined = "".join(texts)
    shown = [n for n in range(len(entries)) if f"§{n}§" in joined]
    assert shown == list(range(len(shown)))  # in order, none skipped
    omitted = len(entries) - len(shown)
    assert texts[-1].endswith(f"อีก {omitted} รายการ") == bool(omitted)


def _row(code: str, reports: list[tuple[date, str]], on_plan: bool | None, fy: int = 2570,
         start: date | None = None, end: date | None = None) -> status_views.Row:
    """A project of the overview with its reports as (date, progress), its months on TODAY."""
    done = tuple((periods.period_of(day), Decimal(pct)) for day, pct in reports)
    last = reports[-1] if reports else None
    standing = Standing(code, f"โครงการ {code}", fy, last[0] if last else None,
                        Decimal(last[1]) if last else None, on_plan, 1, start, end,
                        last[0].replace(day=1) if last else None, done)
    return status_views.Row(standing, DUE.months(1, start, end, fy, done, TODAY))


STANDINGS = [
    _row("50470000-0001", [(date(2026, 10, 25), "20"), (date(2026, 11, 3), "40")], True),
    _row("50470000-0002", [(date(2026, 10, 30), "5")], False),
    _row("50470000-0003", [], None),
    _row("50470000-0004", [(date(2026, 11, 20), "12")], True),
    _row("50470000-0005", [(date(2026, 9, 25), "90")], True, fy=2569,
         start=date(2026, 9, 1), end=date(2026, 12, 31)),
]


def test_overdue_texts() -> None:
    [text] = status_views.overdue_texts(STANDINGS, TODAY)
    assert "(เลยกำหนดส่งแล้ว): 3 จาก 5 โครงการ" in text
    assert "50470000-0003 โครงการ 50470000-0003\n  ค้าง ต.ค. 2569 (ยังไม่เคยรายงาน)" in text
    assert "50470000-0004 โครงการ 50470000-0004\n  ค้าง ต.ค. 2569 (ล่าสุด: เดือน พ.ย. 2569)" \
        in text
    assert "50470000-0001" not in text
    assert "• 50470000-0002" not in text  # November is not due until the 25th: not late
    assert "รอบ พ.ย. 2569 ยังไม่ถึงกำหนดส่ง: ยังไม่ได้ส่ง 3 โครงการ" in text
    assert "  - 50470000-0002 โครงการ 50470000-0002" in text  # named, so whom to ask is known
    assert "เรียบร้อยค่ะ" in status_views.overdue_texts(STANDINGS[:1], TODAY)[0]
    assert "ยังไม่มีโครงการ" in status_views.overdue_texts([], TODAY)[0]


def test_the_projects_not_due_yet_are_named_up_to_ten_and_the_rest_counted() -> None:
    rows = [_row(f"5047{n:04d}-0001", [(date(2026, 10, 20), "10")], True) for n in range(15)]
    [text] = status_views.overdue_texts(rows, TODAY)
    assert "เรียบร้อยค่ะ" in text
    assert "ยังไม่ได้ส่ง 15 โครงการ" in text
    assert text.count("\n  - ") == status_views.OPEN_NAMED
    assert "  - 50470000-0001 " in text
    assert "50470014-0001" not in text
    assert text.endswith("…และอีก 5 โครงการ")


def test_overdue_for_thousands_is_cut_with_a_count() -> None:
    rows = [_row(f"5{n:07d}-0001", [], None) for n in range(2000)]
    texts = status_views.overdue_texts(rows, TODAY)
    assert len(texts) == 5
    assert all(len(t) <= 5000 for t in texts)
    listed = sum(t.count("• ") for t in texts)
    assert texts[-1].endswith(f"อีก {2000 - listed} โครงการที่แสดงในแชตไม่ได้ค่ะ")


def test_digest_numbers_agree_with_overdue() -> None:
    digest = status_views.digest_of(STANDINGS, TODAY)
    assert (digest.total, digest.on_plan, digest.off_plan) == (5, 3, 1)
    assert (digest.late, digest.missing) == (3, 1)
    assert digest.late == len(status_views.overdue_of(STANDINGS))
    assert digest.average == Decimal("36.75")
    # The plan runs over each project's own dates: 14.52 % for those of FY 2570 (no dates
    # printed), 68.03 % for 0005 (1 Sep – 31 Dec 2026), which at 90 % is not behind.
    assert [s.code for s, _ in digest.behind] == [
        "50470000-0003", "50470000-0002", "50470000-0004"]
    text = status_views.digest_text(digest)
    assert "1. 50470000-0003" in text
    assert "50470000-0005" not in text
    assert ("ทำได้ 5.00 % แผน 14.52 % · ต่ำกว่าแผนแบบเส้นตรง 9.52 จุด · รายงานว่าไม่เป็นไปตามแผน"
            in text)
    assert "• ล่าช้ากว่าแผน: 3" in text
    assert "โครงการที่ล่าช้ากว่าแผน 3 โครงการ (ความก้าวหน้าต่ำกว่าแผนแบบเส้นตรง" in text


def test_digest_never_says_nothing_is_behind_while_counting_one_off_plan() -> None:
    row = _row("50470000-0009", [(date(2026, 10, 20), "10"), (date(2026, 11, 20), "60")],
               False)
    text = status_views.digest_text(status_views.digest_of([row], TODAY))
    assert "รายงานล่าสุดไม่เป็นไปตามแผน: 1" in text
    assert "ไม่มีโครงการที่ล่าช้ากว่าแผน" not in text
    assert "ทำได้ 60.00 % แผน 14.52 % · รายงานว่าไม่เป็นไปตามแผน" in text
    assert "ไม่ช้ากว่า" not in text  # never beside "ล่าช้ากว่าแผน" (the dashboard's word)


def test_behind_plan_is_one_rule_with_its_reasons() -> None:
    from core.behind import behind_plan

    below = behind_plan(Decimal(10), Decimal(20), True)
    assert below is not None
    assert below.reasons == "ต่ำกว่าแผนแบบเส้นตรง 10.00 จุด"
    off = behind_plan(Decimal(60), Decimal(20), False)
    assert off is not None
    assert off.reasons == "รายงานว่าไม่เป็นไปตามแผน"
    assert off.gap == 0
    never = behind_plan(None, Decimal("0.01"), None)  # never reported: 0 %
    assert never is not None
    assert never.below_line
    assert behind_plan(Decimal(20), Decimal(20), None) is None  # on the line, nothing said
    assert behind_plan(Decimal(0), Decimal(50), False, closed=True) is None


def test_digest_counts_every_project_behind_and_says_how_many_it_lists() -> None:
    rows = [_row(f"5{n:07d}-0001", [], None) for n in range(12)]
    text = status_views.digest_text(status_views.digest_of(rows, TODAY))
    assert "• ล่าช้ากว่าแผน: 12" in text
    assert "โครงการที่ล่าช้ากว่าแผน 12 โครงการ" in text
    assert "(แสดง 10 โครงการที่ห่างจากแผนมากที่สุด)" in text
    assert "10. " in text
    assert "11. " not in text


def test_the_straight_line_plan_runs_over_the_projects_own_dates() -> None:
    start, end = date(2026, 9, 1), date(2026, 12, 31)
    assert periods.span_percent(start, end, date(2026, 8, 31)) == Decimal("0.00")
    assert periods.span_percent(start, end, TODAY) == Decimal("68.03")  # 83 of 122 days
    assert periods.span_percent(start, end, date(2027, 1, 1)) == Decimal("100.00")
    assert periods.span_percent(end, start, end) == Decimal("100.00"), "a reversed span"
    assert periods.span_percent(*work_span(None, None, 2570), TODAY) == \
        periods.plan_percent(2570, TODAY)


def test_closed_projects_are_counted_apart_in_the_digest_and_owe_nothing() -> None:
    closed = _row("50470000-0009", [(date(2026, 10, 20), "100")], True,
                  start=date(2026, 10, 1), end=date(2026, 10, 31))
    digest = status_views.digest_of([*STANDINGS, closed], TODAY)
    assert (digest.total, digest.closed) == (5, 1)
    assert digest.on_plan + digest.off_plan + digest.missing == digest.total
    text = status_views.digest_text(digest)
    assert "โครงการที่กำลังดำเนินการ: 5 โครงการ" in text
    assert "ปิดโครงการแล้วอีก 1 โครงการ (ไม่นับรวมข้างต้น)" in text
    [overdue] = status_views.overdue_texts([*STANDINGS, closed], TODAY)
    assert "3 จาก 5 โครงการ" in overdue


def test_a_status_not_stated_reads_as_such_and_counts_as_neither() -> None:
    unstated = ReportInfo(2, date(2026, 11, 1), date(2026, 11, 18), Decimal("25.5"),
                          Decimal(0), None, None, "ประชุม")
    half = ReportInfo(1, date(2026, 10, 1), date(2026, 10, 25), Decimal("10"), Decimal(0),
                      True, None)
    facts = status_facts(info(), [unstated, half], personal=False)
    text = status_views.status_text(facts)
    assert "ตามแผน: ไม่ระบุ" in text
    assert "ตามเป้าหมาย: ไม่ระบุ" in text
    assert "ไม่เป็นไปตาม" not in text
    body = status_views.status_bubble(facts)["contents"]["body"]["contents"]
    shown = [c["contents"][1] for c in body if c.get("layout") == "baseline"
             and c["contents"][0]["text"] in ("ตามแผน", "ตามเป้าหมาย")]
    assert [(c["text"], "color" in c) for c in shown] == [("ไม่ระบุ", False)] * 2
    [history] = status_views.history_texts(info(), [unstated, half])
    assert "❔ ตามแผน: ไม่ระบุ · ตามเป้าหมาย: ไม่ระบุ" in history
    assert "❔ เป็นไปตามแผน · ตามเป้าหมาย: ไม่ระบุ" in history
    assert "✅" not in history
    assert "ไม่เป็นไปตาม" not in history
    assert status_views.plan_mark(False, None) == "⚠️ ไม่เป็นไปตามแผน · ตามเป้าหมาย: ไม่ระบุ"
    rows = [*STANDINGS, _row("50470000-0006", [(date(2026, 11, 20), "30")], None)]
    digest = status_views.digest_of(rows, TODAY)
    assert (digest.on_plan, digest.off_plan, digest.unstated) == (3, 1, 1)
    text = status_views.digest_text(digest)
    assert "• รายงานล่าสุดไม่ระบุว่าเป็นไปตามแผนหรือไม่: 1" in text
    assert "50470000-0006" not in text  # ahead of the plan line, and not said to be off it
    assert "ไม่ระบุ" not in status_views.digest_text(status_views.digest_of(STANDINGS, TODAY))
