"""Importing printouts into the database and exporting the official forms, on both backends."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from forms import importer
from forms.document import parse_document
from forms.exporter import collect_records, records_pdf, records_text
from forms.extract import ExtractError, read_document
from forms.importer import ImportSummary, import_texts
from forms.records import ProgressEntry, ProjectForm
from forms.render_text import render_project
from storage.db import make_engine, make_session_factory
from storage.enums import IndicatorLevel, Source
from storage.models import (
    Agency,
    AuditLog,
    Indicator,
    IndicatorQuarterReport,
    ProgressReport,
    Project,
    Unit,
)
from storage.repo import get_project_by_code
from tests.cli import run_cli
from tests.pg import PgCluster, database_name
from tests.seeds import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
PROJECT_SEED = next(p for p in SEED_FILES if "50490000-3572" in p.read_text(encoding="utf-8"))
VOLATILE = {"id", "created_at", "updated_at", "submitted_at", "agency_id", "unit_id"}
VOLATILE |= {"project_id", "indicator_id", "submitted_by", "submitted_by_user_id"}


def make_factory(url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on url, disposed afterwards."""
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a freshly migrated database (sqlite and postgresql)."""
    yield from make_factory(db_url)


@pytest.fixture
def empty_factory(db_url: str, request: pytest.FixtureRequest, tmp_path: Path):
    """A second, empty migrated database on the same backend as db_url."""
    if db_url.startswith("sqlite"):
        target = tmp_path / "empty.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_migrated_template"), target)
        yield from make_factory(f"sqlite:///{target}")
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    url = cluster.take_database(template=request.getfixturevalue("_pg_migrated_template"))
    yield from make_factory(url)
    cluster.drop_database_later(database_name(url))


def seed(path: Path) -> tuple[str, str]:
    """(source, text) of a printout."""
    return path.name, path.read_text(encoding="utf-8")


def count(factory: sessionmaker[Session], model: type[Any]) -> int:
    """Rows in a table."""
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def columns(row: Any) -> dict[str, Any]:
    """A row's column values, without ids and timestamps."""
    attrs = inspect(row).mapper.column_attrs
    return {a.key: getattr(row, a.key) for a in attrs if a.key not in VOLATILE}


def state(factory: sessionmaker[Session]) -> dict[str, Any]:
    """Everything an import stores, keyed by natural identities, comparable across databases."""
    with factory() as session:
        projects = {
            p.code: {**columns(p), "agency": p.agency.code, "unit": p.unit and p.unit.path}
            for p in session.scalars(select(Project))
        }
        reports = {
            (r.project.code, r.number): columns(r) for r in session.scalars(select(ProgressReport))
        }
        indicators = {i.natural_key: columns(i) for i in session.scalars(select(Indicator))}
        quarters = {
            (q.indicator.natural_key, q.quarter): columns(q)
            for q in session.scalars(select(IndicatorQuarterReport))
        }
        agencies = {a.code: a.name for a in session.scalars(select(Agency))}
        units = sorted(u.path for u in session.scalars(select(Unit)))
    return {
        "projects": projects,
        "reports": reports,
        "indicators": indicators,
        "quarters": quarters,
        "agencies": agencies,
        "units": units,
    }


def import_all(factory: sessionmaker[Session], **options: Any) -> ImportSummary:
    """Import the three seeds."""
    return import_texts(factory, [seed(path) for path in SEED_FILES], **options)


def test_import_seeds_stores_every_field(factory):
    summary = import_all(factory)
    assert summary.ok, summary.failed
    assert (summary.projects.created, summary.indicators.created) == (2, 1)
    assert summary.reports_added == 18
    assert summary.warnings  # the seeds' page-break and duplicate-copy notes are reported
    with factory() as session:
        tungkru = get_project_by_code(session, "50490000-3572")
        library = get_project_by_code(session, "23000000-6663")
        assert tungkru is not None
        assert library is not None
        assert len(tungkru.reports) == 9
        assert tungkru.reports[2].progress_percent == Decimal("60.00")
        assert tungkru.agency.code == "50490000"
        assert tungkru.agency.name == "สำนักงานเขตทุ่งครุ"
        assert tungkru.unit is not None
        assert tungkru.unit.path.startswith("สำนักงานเขตทุ่งครุ / ฝ่ายพัฒนาชุมชนและสวัสดิการ")
        assert tungkru.source == Source.IMPORT
        assert tungkru.objectives is not None
        assert len(tungkru.objectives.split("\n")) == 3
        seventh = library.reports[6]
        assert (seventh.number, seventh.progress_percent) == (7, Decimal("70.00"))
        assert seventh.on_plan
        assert seventh.on_target
        assert seventh.budget_count == 7
        assert seventh.report_date == date(2023, 7, 27)
        assert seventh.source == Source.IMPORT
        assert seventh.revision == 1
        assert library.responsible_phone == "0 22465752"
        assert library.start_date == date(2022, 10, 1)
        assert library.plan_indicator is not None
        indicator = session.scalars(select(Indicator)).one()
        assert indicator.number == "08"
        assert indicator.level == IndicatorLevel.BOTH
        assert indicator.target_value == Decimal("3")
        assert indicator.target_unit == "ห้อง"
        assert indicator.achieved_value == Decimal("36")
        assert [q.quarter for q in indicator.quarters] == [1, 2, 3, 4]
        assert "\n" in indicator.quarters[1].narrative
        assert indicator.obstacles is None
        assert indicator.evidence is not None
    assert count(factory, AuditLog) == 2 + 18 + 1 + 4


def test_reimport_changes_nothing(factory):
    import_all(factory)
    before, audits = state(factory), count(factory, AuditLog)
    with factory() as session:
        stamps = {p.code: p.updated_at for p in session.scalars(select(Project))}
    again = import_all(factory)
    assert again.ok
    assert (again.projects.unchanged, again.indicators.unchanged) == (2, 1)
    assert again.reports_added == again.reports_updated == 0
    assert state(factory) == before
    assert count(factory, AuditLog) == audits
    with factory() as session:
        assert {p.code: p.updated_at for p in session.scalars(select(Project))} == stamps


def test_newer_printout_updates_and_audits(factory):
    source, text = seed(PROJECT_SEED)
    import_texts(factory, [(source, text)])
    [form] = parse_document(text, source).projects
    third = replace(form.reports[2], progress=Decimal("62.50"), detail="แก้ไข\nบรรทัดที่สอง")
    tenth = replace(form.reports[8], number=10, budget_count=10, date=date(2023, 10, 20))
    reports = (*form.reports[:2], third, *form.reports[3:], tenth)
    newer = render_project(replace(form, budget_received=Decimal(120000), reports=reports))
    audits = count(factory, AuditLog)
    summary = import_texts(factory, [("newer.txt", newer)])
    assert summary.ok
    assert summary.projects.updated == 1
    assert (summary.reports_updated, summary.reports_added) == (1, 1)
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert project.budget_received == Decimal("120000")
        assert project.reports[2].detail == "แก้ไข\nบรรทัดที่สอง"
        assert [r.number for r in project.reports] == list(range(1, 11))
        third_row = project.reports[2]
        assert (third_row.progress_percent, third_row.revision) == (Decimal("62.50"), 2)
        rows = session.scalars(select(AuditLog).where(AuditLog.id > audits)).all()
    changes = {(row.entity, row.action): row for row in rows}
    assert set(changes) == {
        ("projects", "update"),
        ("progress_reports", "update"),
        ("progress_reports", "create"),
    }
    project_change = changes["projects", "update"]
    assert Decimal(project_change.before["budget_received"]) == 0
    assert Decimal(project_change.after["budget_received"]) == Decimal("120000")
    assert Decimal(changes["progress_reports", "update"].before["progress_percent"]) == 60


def enter_through_bot(factory: sessionmaker[Session], progress: str) -> None:
    """Make report 3 of 50490000-3572 a bot-entered report with another progress."""
    with factory() as session, session.begin():
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        project.reports[2].source = Source.BOT
        project.reports[2].progress_percent = Decimal(progress)


def test_bot_report_is_kept_and_conflict_listed(factory):
    import_texts(factory, [seed(PROJECT_SEED)])
    enter_through_bot(factory, "64.00")
    audits = count(factory, AuditLog)
    summary = import_texts(factory, [seed(PROJECT_SEED)])
    assert summary.ok
    [conflict] = summary.conflicts
    assert (conflict.key, conflict.item, conflict.fields) == (
        "50490000-3572",
        "report 3",
        ("progress_percent",),
    )
    assert conflict.source == PROJECT_SEED.name
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert project.reports[2].progress_percent == Decimal("64.00")
        assert project.reports[2].source == Source.BOT
    assert count(factory, AuditLog) == audits


def test_force_replaces_bot_report_and_audits(factory):
    import_texts(factory, [seed(PROJECT_SEED)])
    enter_through_bot(factory, "64.00")
    audits = count(factory, AuditLog)
    summary = import_texts(factory, [seed(PROJECT_SEED)], force=True)
    assert summary.ok
    assert not summary.conflicts
    assert summary.reports_updated == 1
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        third = project.reports[2]
        assert (third.progress_percent, third.source, third.revision) == (
            Decimal("60.00"),
            Source.IMPORT,
            2,
        )
        [row] = session.scalars(select(AuditLog).where(AuditLog.id > audits)).all()
    assert (row.actor, row.action, row.entity) == ("import --force", "replace", "progress_reports")
    assert Decimal(row.before["progress_percent"]) == 64
    assert row.before["source"] == "bot"
    assert row.after["source"] == "import"


def test_multiline_details_round_trip(factory):
    entry = ProgressEntry(
        2, date(2024, 1, 5), "1. ประชุม\n2. สรุปผล", Decimal("5"), Decimal(0), 2, False, True
    )
    form = ProjectForm(name="ปั้นดิน", code="50470000-3430", fiscal_year=2567, reports=(entry,))
    assert import_texts(factory, [("new.txt", render_project(form))]).ok
    with factory() as session:
        assert collect_records(session, ["50470000-3430"]) == [form]


def broken_documents() -> list[tuple[str, str, int | None, str]]:
    """(source, text, expected line, words in the message) of documents that must not import."""
    text = PROJECT_SEED.read_text(encoding="utf-8")
    cut = text.index("รายงานครั้งที่5")
    truncated = text[: cut + len("รายงานครั้งที่5\t:: 24/05/2566 : ")]
    two = render_project(ProjectForm(name="ก", code="50470000-0001", fiscal_year=2567))
    bad = ProjectForm(
        name="ข",
        code="50470000-0002",
        fiscal_year=2567,
        reports=(ProgressEntry(1, date(2024, 1, 5), "x", Decimal(150), Decimal(0), 1, True, True),),
    )
    return [
        ("truncated.txt", truncated, None, "report 5"),
        ("letter.txt", "เรียน ผู้อำนวยการ\nขอเชิญประชุมวันจันทร์\n", 1, "not a BMA"),
        ("empty.txt", "", 1, "empty"),
        ("two.txt", two + "\n" + render_project(bad), None, "outside 0-100"),
    ]


def test_bad_documents_change_nothing_under_strict(factory):
    summary = import_texts(factory, [(s, t) for s, t, _, _ in broken_documents()], strict=True)
    assert not summary.ok
    assert [f.source for f in summary.failed] == [s for s, _, _, _ in broken_documents()]
    for failure, (_, _, line, words) in zip(summary.failed, broken_documents(), strict=True):
        assert words in failure.message
        if line is not None:
            assert failure.line == line
    assert summary.failed[0].line is not None  # the truncated report is located
    for model in (Project, ProgressReport, Indicator, AuditLog, Agency, Unit):
        assert count(factory, model) == 0


def test_salvage_imports_what_is_certain_and_lists_the_rest(factory):
    summary = import_texts(factory, [(s, t) for s, t, _, _ in broken_documents()])
    assert [f.source for f in summary.failed] == ["letter.txt", "empty.txt"]
    outcomes = {o.source: o for o in summary.files}
    truncated, two = outcomes["truncated.txt"], outcomes["two.txt"]
    assert (truncated.reports, truncated.flagged, truncated.skipped) == (4, 1, 1)
    assert (two.forms, two.reports, two.skipped) == (2, 0, 1)
    assert outcomes["letter.txt"].failed
    skipped = [w for w in summary.warnings if w.severity == "skip"]
    assert any("report 5 is incomplete" in w.message for w in skipped)
    assert any("outside 0-100" in w.message for w in skipped)
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert [r.number for r in project.reports] == [1, 2, 3, 4]
        assert get_project_by_code(session, "50470000-0002") is not None


def test_flagged_values_do_not_overwrite_without_force(factory):
    source, text = seed(PROJECT_SEED)
    assert import_texts(factory, [(source, text)]).ok
    damaged = text.replace("รายงานครั้งที่ 3\t", "\t", 1)  # label lost, and a date that is off
    damaged = damaged.replace("19/03/2566 : รวบรวม", "19/03/2556 : รวบรวม", 2)
    damaged = damaged.replace("(ครั้งที่ 3)", "(ครั้งที่ ?)")  # nothing but order numbers it
    audits = count(factory, AuditLog)
    dry = import_texts(factory, [("damaged.txt", damaged)], dry_run=True)
    assert dry.dry_run
    [held] = dry.conflicts
    assert (held.item, held.reason) == ("report 3", "uncertain in the printout")
    assert "report_date" in held.fields
    summary = import_texts(factory, [("damaged.txt", damaged)])
    assert [c.item for c in summary.conflicts] == ["report 3"]
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert project.reports[2].report_date == date(2023, 3, 19)
    assert count(factory, AuditLog) == audits  # the dry run and the held value wrote nothing
    forced = import_texts(factory, [("damaged.txt", damaged)], force=True)
    assert not forced.conflicts
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert project.reports[2].report_date == date(2013, 3, 19)


def test_database_error_rolls_back_the_document_and_others_continue(factory, monkeypatch):
    calls = []

    def failing_audit(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 5:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real_audit(*args, **kwargs)

    real_audit = importer.audit  # type: ignore[attr-defined]
    monkeypatch.setattr(importer, "audit", failing_audit)
    summary = import_all(factory)
    [failure] = summary.failed
    assert failure.source == SEED_FILES[0].name
    assert "database error" in failure.message
    assert "disk I/O error" in failure.message
    assert (summary.projects.created, summary.indicators.created) == (1, 1)
    with factory() as session:
        assert get_project_by_code(session, "23000000-6663") is None
        assert get_project_by_code(session, "50490000-3572") is not None
    assert count(factory, AuditLog) == 1 + 9 + 1 + 4


def test_binary_and_undecodable_files_are_refused(tmp_path):
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("รหัสโครงการ".encode() + b"\nline two\n\xe9t\xe9")
    with pytest.raises(ExtractError, match=r"photo\.png: binary file"):
        read_document(binary)
    with pytest.raises(ExtractError, match=r"latin1\.txt:3: not valid UTF-8"):
        read_document(latin)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("form", ["text", "pdf"])
def test_round_trip_into_an_empty_database(factory, empty_factory, path, form, tmp_path):
    assert import_texts(factory, [seed(path)], fiscal_year=2563).ok
    with factory() as session:
        codes = [p.code for p in session.scalars(select(Project))]
        numbers = [i.number for i in session.scalars(select(Indicator))]
        records = collect_records(session, codes, indicator_numbers=numbers)
    parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
    assert records == [*parsed.projects, *parsed.indicators]  # every field was stored
    exported = tmp_path / f"exported.{form}"
    if form == "text":
        exported.write_text(records_text(records), encoding="utf-8")
    else:
        exported.write_bytes(records_pdf(records))
    summary = import_texts(empty_factory, [(exported.name, read_document(exported))],
                           fiscal_year=2563)
    assert summary.ok
    assert not summary.warnings
    assert state(empty_factory) == state(factory)
    with empty_factory() as session:
        assert collect_records(session, codes, indicator_numbers=numbers) == records


def test_cli_import_prints_summary_and_exit_codes(db_url, tmp_path):
    folder = tmp_path / "printouts"
    (folder / "sub").mkdir(parents=True)
    for path in SEED_FILES:
        shutil.copy(path, folder / "sub" / path.name)
    result = run_cli("import", str(folder), "--database-url", db_url)
    assert result.exit_code == 0, result.output
    assert "Import summary" in result.output
    assert "projects" in result.output
    assert re.search(r"projects\s*│\s*2\s*│\s*0\s*│\s*0\s*│", result.output)
    assert re.search(r"failed files\s*│\s*0\s", result.output)
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02")
    result = run_cli("import", str(folder), "--database-url", db_url)
    assert result.exit_code == 1
    assert re.search(r"failed files\s*│\s*1\s", result.output)
    [failure] = [line.strip() for line in result.output.splitlines()
                 if line.strip().startswith("failed:")]
    assert failure == (f"failed: {folder / 'blob.bin'}: "
                       "binary file, not a UTF-8 text printout or a PDF")


def test_cli_export(db_url, tmp_path, monkeypatch):
    import_texts(next(make_factory(db_url)), [seed(path) for path in SEED_FILES])
    result = run_cli("export", "50490000-3572", "--database-url", db_url)
    assert result.exit_code == 0
    assert "รหัสโครงการ : 50490000-3572" in result.stdout
    assert result.stdout.rstrip().endswith("ตำแหน่ง .....")
    unknown = run_cli("export", "50490000-9999", "--database-url", db_url)
    assert unknown.exit_code == 2
    assert "unknown project code" in unknown.output
    monkeypatch.chdir(tmp_path)
    pdf = run_cli("export", "50490000-3572", "--format", "pdf", "--database-url", db_url)
    assert pdf.exit_code == 0
    assert pdf.stdout.strip() == "50490000-3572.pdf"
    assert (tmp_path / "50490000-3572.pdf").read_bytes().startswith(b"%PDF-")
    agency = run_cli("export", "--agency", "50490000", "--format", "pdf", "--database-url", db_url)
    assert agency.stdout.strip() == "agency-50490000.pdf"
    both = run_cli(
        "export", "50490000-3572", "23000000-6663", "-o", "both.txt", "--database-url", db_url
    )
    assert both.exit_code == 0
    text = (tmp_path / "both.txt").read_text(encoding="utf-8")
    assert text.count("ขอรับรองว่า") == 2


def test_printout_cut_in_the_header_does_not_touch_existing_data(factory):
    text = (SEEDS / "000_f1baa42913b903fb.txt").read_text(encoding="utf-8")
    assert import_texts(factory, [("seed.txt", text)]).ok
    before = {model: count(factory, model) for model in (Project, ProgressReport, AuditLog)}
    with factory() as session:
        project = session.scalar(select(Project))
        assert project is not None
        objectives = project.objectives
    cut = text.encode()[:3000].decode("utf-8", errors="ignore")  # inside section 1.3
    summary = import_texts(factory, [("cut.txt", cut)])
    assert not summary.ok
    assert "cut short" in summary.failed[0].message
    assert {model: count(factory, model) for model in before} == before
    with factory() as session:
        project = session.scalar(select(Project))
        assert project is not None
        assert project.objectives == objectives


def test_bidi_controls_and_nul_in_a_printout_are_not_stored(factory) -> None:
    source, text = seed(PROJECT_SEED)
    hostile = text.replace("ชื่อโครงการ/กิจกรรม : เพิ่ม", "ชื่อโครงการ/กิจกรรม : \u202eเพิ่ม\x00")
    assert hostile != text
    assert import_texts(factory, [(source, hostile)]).ok
    with factory() as session:
        project = get_project_by_code(session, "50490000-3572")
        assert project is not None
        assert "\u202e" not in project.name
        assert "\x00" not in project.name
        assert "เพิ่ม" in project.name
