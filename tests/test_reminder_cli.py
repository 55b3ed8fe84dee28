"""`tidtam reminders plan` tells an operator, in plain words, who gets what and who is skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app, main
from reminders.state import set_leave
from storage.db import make_engine, make_session_factory
from storage.enums import Role, Source
from storage.migrate import upgrade
from storage.models import Agency, Assignment, LineUser, Project

runner = CliRunner()
ANN, BEN = "U" + "a" * 32, "U" + "b" * 32


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'plan.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")  # table cells on one line
    with make_session_factory(make_engine(url)).begin() as s:
        agency = Agency(code="50470000", name="สำนักงานเขตบางนา")
        s.add(agency)
        s.flush()
        ids = []
        for n in range(3):
            project = Project(code=f"50470000-000{n + 1}", agency_id=agency.id,
                              name=f"โครงการ {n + 1}", fiscal_year=2570,
                              start_date=date(2026, 10, 1), end_date=date(2027, 9, 30),
                              source=Source.IMPORT)
            s.add(project)
            s.flush()
            ids.append(project.id)
        for uid, name in ((ANN, "แอน"), (BEN, "เบน")):
            s.add(LineUser(line_user_id=uid, display_name=name, role=Role.OFFICER))
        s.flush()
        for uid, pid in ((ANN, ids[0]), (BEN, ids[1])):
            s.add(Assignment(line_user_id=uid, role=Role.OFFICER, project_id=pid))
        s.flush()
        set_leave(s, BEN, date(2026, 10, 1), date(2026, 10, 31))
    return url


def test_plan_names_who_gets_what_and_who_is_skipped_and_why(db: str) -> None:
    result = runner.invoke(app, ["reminders", "plan", "--at", "2026-10-15"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Registered in LINE: 2 officers, 0 supervisors." in out
    assert "slot T-5 at 09:00: monthly report of ต.ค. 2569" in out
    assert "Would send 1 message (1 reminder)" in out
    assert "reminder: 1 project not reported" in out
    assert "on leave until 31 ต.ค. 2569" in out
    assert "1 due projects have no officer registered in LINE" in out
    assert "50470000-0003" in out


def test_plan_of_a_quiet_day_says_when_the_next_reminders_come(db: str) -> None:
    result = runner.invoke(app, ["reminders", "plan", "--at", "2026-10-14"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "No reminder is due then" in out
    assert "15 ต.ค. 2569 09:00 น. T-5 monthly report of ต.ค. 2569" in out


def test_stats_without_reminders_or_line_say_so(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.pg import _free_port

    monkeypatch.setenv("EMULATOR_PORT", str(_free_port()))  # nobody answers there
    monkeypatch.setenv("LINE_API_TIMEOUT_SECONDS", "2")
    result = runner.invoke(app, ["reminders", "stats"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "No reminder has been sent since" in out
    assert "LINE's quota could not be read at http://127.0.0.1:" in out


def test_a_database_older_than_the_code_is_told_plainly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never-upgraded.sqlite3'}")
    monkeypatch.setattr("sys.argv", ["tidtam", "holidays", "list", "--year", "2027"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    told = capsys.readouterr().err
    assert "tidtam db upgrade" in told
    assert "Traceback" not in told
