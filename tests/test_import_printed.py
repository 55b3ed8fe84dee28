"""Issue 20, "Import what is printed", through the database: a status left blank is stored as
unknown, shown as ไม่ระบุ, printed blank, and reads back as unknown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.months import Months
from forms.exporter import project_pdf, project_text
from forms.extract import read_document
from forms.importer import import_texts
from handlers import status_views
from storage.db import make_engine, make_session_factory
from storage.models import ProgressReport, Project
from storage.queries import find_project, project_reports
from tests.seeds import SEEDS

SEED = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
CODE = "23000000-6663"
FIGURES = "\t:: ความก้าวหน้าของงานฯ = {} % งบประมาณที่เบิกใช้ (ครั้งที่ {}) = 0 บาท"
STATUSES = "\t: เป็นไปตามแผน\t: เป็นไปตามเป้าหมาย"
# report 9 (the latest) prints no status; report 8 prints only that it is not on target
BLANK = SEED.replace(FIGURES.format("100.00", 9) + STATUSES, FIGURES.format("100.00", 9)) \
    .replace(FIGURES.format("80.00", 8) + STATUSES,
             FIGURES.format("80.00", 8) + "\t:  \t: ไม่เป็นไปตามเป้าหมาย")


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a freshly migrated database (sqlite and postgresql)."""
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


def statuses(sessions: sessionmaker[Session]) -> list[tuple[int, bool | None, bool | None]]:
    """(number, on_plan, on_target) of every stored report."""
    with sessions() as s:
        rows = s.execute(select(ProgressReport.number, ProgressReport.on_plan,
                                ProgressReport.on_target).order_by(ProgressReport.number))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_blank_status_imports_as_unknown_shows_and_round_trips(
        sessions: sessionmaker[Session], tmp_path) -> None:
    assert BLANK != SEED
    summary = import_texts(sessions, [("blank.txt", BLANK)])
    assert summary.ok
    [outcome] = summary.files
    assert (outcome.reports, outcome.flagged, outcome.skipped) == (9, 2, 0)
    checks = [str(w) for w in summary.warnings if w.severity == "flag"]
    assert checks == [
        "blank.txt:106: report 8: plan not printed: stored as unknown",
        "blank.txt:108: report 9: plan/target not printed: stored as unknown",
    ]
    expected = [(n, True, True) for n in range(1, 8)] + [(8, None, False), (9, None, None)]
    assert statuses(sessions) == expected

    with sessions() as s:  # what the bot shows: ไม่ระบุ, never a yes or a no
        info = find_project(s, CODE)
        assert info is not None
        reports = project_reports(s, info.id, UTC, detail=True)
    months = Months((), frozenset(), (), (), None, True)
    facts = status_views.facts(info, reports, date(2023, 10, 5), False, months,
                               lambda period: period.end)
    card = status_views.status_text(facts)
    assert "• ตามแผน: ไม่ระบุ" in card
    assert "• ตามเป้าหมาย: ไม่ระบุ" in card
    [history] = status_views.history_texts(info, reports)
    assert "❔ ตามแผน: ไม่ระบุ · ตามเป้าหมาย: ไม่ระบุ" in history
    assert "⚠️ ตามแผน: ไม่ระบุ · ไม่เป็นไปตามเป้าหมาย" in history

    with sessions() as s:
        text = project_text(s, CODE)
        pdf = project_pdf(s, CODE)
    assert "(ครั้งที่ 9) = 0 บาท\t: \t:\n" in text  # printed blank
    assert "(ครั้งที่ 8) = 0 บาท\t: \t: ไม่เป็นไปตามเป้าหมาย\n" in text
    (tmp_path / "form.pdf").write_bytes(pdf)
    from_pdf = read_document(tmp_path / "form.pdf")
    with sessions.begin() as s:
        for report in s.scalars(select(ProgressReport)):
            s.delete(report)
        s.flush()
        project = s.scalar(select(Project).where(Project.code == CODE))
        assert project is not None
        s.delete(project)
    for source, printed in (("export.txt", text), ("export.pdf", from_pdf)):
        again = import_texts(sessions, [(source, printed)])
        assert again.ok
        assert again.files[0].flagged == 2
        assert statuses(sessions) == expected, source  # unknown again, not a guess
        with sessions() as s:
            assert project_text(s, CODE) == text


def test_a_blank_status_never_replaces_a_stored_one(sessions: sessionmaker[Session]) -> None:
    assert import_texts(sessions, [("seed.txt", SEED)]).ok
    summary = import_texts(sessions, [("blank.txt", BLANK)])
    assert sorted((c.item, c.fields, c.reason) for c in summary.conflicts) == [
        ("report 8", ("on_plan",), "uncertain in the printout"),
        ("report 9", ("on_plan", "on_target"), "uncertain in the printout"),
    ]
    assert statuses(sessions) == [(n, True, True) for n in range(1, 8)] + [
        (8, True, False), (9, True, True)]  # the printed "not on target" is certain
