"""Names anyone can type (LINE display names, printed project names) never act as markup.

Each output prints them as the characters they are: the admin CLI (rich markup), the status
card (Flex JSON, checked by the LINE SDK), the PDF form and the chart (matplotlib mathtext).
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from linebot.v3.messaging import FlexMessage
from pypdf import PdfReader

from storage.db import make_engine, make_session_factory
from storage.enums import Role, Source
from storage.migrate import upgrade
from storage.models import Agency, Assignment, LineUser, ProgressReport, Project
from tests.cli import run_cli

HOSTILE_NAME = "[bold red]ADMIN[/] [/]"
HOSTILE_PROJECT = 'ทาง $x^2$ เท้า <b>หนา</b> **ตัว** [/] "}]\\'
ANN = "U" + "a" * 32


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'names.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    with make_session_factory(make_engine(url)).begin() as s:
        agency = Agency(code="50470000", name="สำนักงานเขตบางนา [/]")
        s.add(agency)
        s.flush()
        project = Project(code="50470000-0001", agency_id=agency.id, name=HOSTILE_PROJECT,
                          fiscal_year=2570, start_date=date(2026, 10, 1),
                          end_date=date(2027, 9, 30), responsible_name=HOSTILE_NAME,
                          source=Source.IMPORT)
        s.add(project)
        s.flush()
        s.add(ProgressReport(project_id=project.id, number=1, report_date=date(2026, 10, 20),
                             detail="[red]x[/] $y$", progress_percent=Decimal(10),
                             budget_disbursed=Decimal(0), on_plan=True, on_target=True,
                             obstacles="<i>ฝน</i>", source=Source.IMPORT))
        s.add(LineUser(line_user_id=ANN, display_name=HOSTILE_NAME, role=Role.OFFICER))
        s.flush()
        s.add(Assignment(line_user_id=ANN, role=Role.OFFICER, project_id=project.id))
    return url


def test_the_admin_cli_prints_names_as_typed(db: str) -> None:
    users = run_cli("users", "--no-profiles")
    assert users.exit_code == 0, users.output
    assert HOSTILE_NAME in users.output
    plan = run_cli("reminders", "plan", "--at", "2026-10-15", env={"COLUMNS": "300"})
    assert plan.exit_code == 0, plan.output
    assert HOSTILE_NAME in plan.output
    bad = run_cli("invite", "--project", "[red]nope[/]")
    assert bad.exit_code == 2
    assert "[red]nope[/]" in bad.output


def test_pdf_and_chart_draw_names_as_typed(db: str) -> None:
    from forms.exporter import project_pdf
    from handlers.charts import progress_chart

    with make_session_factory(make_engine(db))() as s:
        pdf = project_pdf(s, "50470000-0001")
    printed = re.sub(r"\s+", "", "".join(p.extract_text() for p in
                                         PdfReader(io.BytesIO(pdf)).pages))
    for part in ("$x^2$", "<b>หนา</b>", "**ตัว**", "[/]", "<i>ฝน</i>"):
        assert part.replace(" ", "") in printed, part
    png = progress_chart("50470000-0001", HOSTILE_PROJECT + r" งบ $\frac{1$ บาท", 2570,
                         [(date(2026, 10, 1), date(2026, 10, 20), Decimal(10))], date(2026, 11, 1))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_status_card_carries_names_verbatim_and_valid_for_line() -> None:
    from core.months import project_months
    from handlers import status_views
    from storage.queries import ProjectInfo, ReportInfo

    info = ProjectInfo(1, "50470000-0001", HOSTILE_PROJECT, 1, "50470000", "เขต [/]", None,
                       2570, date(2026, 10, 1), date(2027, 9, 30), None, None, HOSTILE_NAME,
                       "02", None, None)
    reports = [ReportInfo(1, date(2026, 10, 1), date(2026, 10, 20), Decimal(10), Decimal(0),
                          True, True, "", 1, "<i>ฝน</i>")]
    months = project_months(date(2026, 10, 1), date(2027, 9, 30), [], date(2026, 11, 1),
                            lambda p: date(p.year, p.month, 25))
    facts = status_views.facts(info, reports, date(2026, 11, 1), True, months,
                               lambda p: date(p.year, p.month, 25))
    message = status_views.status_bubble(facts)
    round_trip = FlexMessage.from_dict(json.loads(json.dumps(message))).to_dict()
    shown = json.dumps(round_trip, ensure_ascii=False)
    assert HOSTILE_PROJECT.replace("\\", "\\\\").replace('"', '\\"') in shown
    assert HOSTILE_NAME in round_trip["altText"]
