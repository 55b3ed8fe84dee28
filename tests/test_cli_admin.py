"""Admin commands: invite, users, revoke, assign-indicator (with import), on a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Assignment, AuditLog, Indicator
from tests.cli import flat, run_cli
from tests.seeds import SEEDS


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    result = run_cli("import", str(SEEDS))
    assert result.exit_code == 0, result.output
    return url


def _count(url: str, model: type) -> int:
    with make_session_factory(make_engine(url))() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_invite_users_and_revoke(db: str) -> None:
    result = run_cli("invite", "--project", "50490000-3572", "--role", "officer")
    assert result.exit_code == 0, result.output
    assert re.search(r"ลงทะเบียน [A-Z2-9]{4}-[A-Z2-9]{4}", flat(result.output))
    bad = run_cli("invite", "--project", "99999999-0000")
    assert bad.exit_code == 2
    assert "unknown project" in flat(bad.output)
    both = run_cli("invite", "--project", "50490000-3572", "--agency", "50490000")
    assert both.exit_code == 2
    missing = run_cli("revoke", "999")
    assert missing.exit_code == 2


def test_assign_indicator_lets_reimport_find_it(db: str) -> None:
    result = run_cli("assign-indicator", "08", "--agency", "23000000", "--fiscal-year", "2564")
    assert result.exit_code == 0, result.output
    with make_session_factory(make_engine(db))() as s:
        indicator = s.scalar(select(Indicator))
        assert indicator is not None
        assert indicator.fiscal_year == 2564
        assert s.scalar(select(AuditLog).where(AuditLog.action == "indicator.assign"))
    again = run_cli("import", str(SEEDS))
    assert again.exit_code == 0, again.output
    assert _count(db, Indicator) == 1, "re-import updates the assigned indicator, no duplicate"
    unknown = run_cli("assign-indicator", "08", "--agency", "11111111")
    assert unknown.exit_code == 2
    assert _count(db, Assignment) == 0
