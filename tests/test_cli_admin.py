"""Admin commands: invite, users, revoke, assign-indicator (with import), on a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Assignment, AuditLog, Indicator, Project
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


def test_users_show_display_names_and_agency_names(db: str, tmp_path: Path) -> None:
    from emulator.server import create_emulator_app
    from storage.invites import redeem
    from tests.stack import SECRET, TOKEN, serve

    code = run_cli("invite", "--agency", "50490000", "--role", "supervisor")
    invite = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", code.output)
    assert invite is not None
    with make_session_factory(make_engine(db)).begin() as s:
        assert redeem(s, invite.group(1), "U" + "c" * 32, None) is not None
    with serve(create_emulator_app(SECRET, "http://127.0.0.1:9/callback", TOKEN)) as url:
        requests.post(f"{url}/_emulator/send", json={"userId": "U" + "c" * 32,
                                                    "displayName": "สมศรี ใจดี",
                                                    "type": "follow"}, timeout=5)
        env = {"LINE_API_BASE_URL": url, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "LINE_CHANNEL_SECRET": SECRET}
        result = run_cli("users", env=env)
    assert result.exit_code == 0, result.output
    assert "สมศรี ใจดี" in result.output
    assert "สำนักงานเขตทุ่งครุ" in result.output
    offline = run_cli("users", "--no-profiles")
    assert "สมศรี ใจดี" in offline.output, "the name is remembered"


def test_invites_listed_and_cancelled(db: str) -> None:
    made = run_cli("invite", "--project", "50490000-3572")
    code = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", made.output)
    assert code is not None
    listed = run_cli("invites")
    assert listed.exit_code == 0, listed.output
    assert "50490000-3572" in listed.output
    assert "open" in listed.output
    cancelled = run_cli("invites", "cancel", code.group(1))
    assert cancelled.exit_code == 0, cancelled.output
    assert "50490000-3572" not in run_cli("invites").output
    assert "cancelled" in run_cli("invites", "--all").output
    again = run_cli("invites", "cancel", "1")
    assert again.exit_code == 2
    with make_session_factory(make_engine(db)).begin() as s:
        from storage.invites import redeem
        assert redeem(s, code.group(1), "U" + "d" * 32, None) is None, "a cancelled code is dead"


def test_revoke_links_the_menu_of_the_remaining_role(db: str) -> None:
    from emulator.server import create_emulator_app
    from handlers.menus import rich_menu
    from runtime.config import Settings
    from runtime.line import line_client
    from runtime.richmenus import picture
    from storage.invites import redeem
    from tests.stack import SECRET, TOKEN, serve

    made = run_cli("invite", "--project", "50490000-3572")
    code = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", made.output)
    assert code is not None
    user = "U" + "e" * 32
    with make_session_factory(make_engine(db)).begin() as s:
        assert redeem(s, code.group(1), user, None) is not None
        binding = s.scalar(select(Assignment.id).where(Assignment.line_user_id == user))
    with serve(create_emulator_app(SECRET, "http://127.0.0.1:9/callback", TOKEN)) as url:
        gateway = line_client(Settings(
            line_channel_secret=SECRET, line_channel_access_token=TOKEN, line_api_base_url=url))
        guest = gateway.create_rich_menu(rich_menu("guest"), picture("guest"))
        env = {"LINE_API_BASE_URL": url, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "LINE_CHANNEL_SECRET": SECRET}
        result = run_cli("revoke", str(binding), env=env)
        assert result.exit_code == 0, result.output
        seen = requests.get(f"{url}/_emulator/richmenu", params={"userId": user}, timeout=5)
    assert seen.json()["menu"]["richMenuId"] == guest


def test_revoking_an_agency_admin_leaves_them_unregistered_not_global(db: str) -> None:
    from storage.invites import redeem
    from storage.scope import scope_of

    made = run_cli("invite", "--agency", "50490000", "--role", "admin")
    code = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", made.output)
    assert code is not None
    user = "U" + "a" * 32
    sessions = make_session_factory(make_engine(db))
    with sessions.begin() as s:
        assert redeem(s, code.group(1), user, None) is not None
        assert not scope_of(s, user).is_admin
        binding = s.scalar(select(Assignment.id).where(Assignment.line_user_id == user))
    result = run_cli("revoke", str(binding), env={"LINE_API_BASE_URL": "http://127.0.0.1:9"})
    assert result.exit_code == 0, result.output
    assert "no longer registered" in flat(result.output)
    with sessions() as s:
        scope = scope_of(s, user)
        assert not scope.registered
        assert not scope.is_admin
        assert s.scalar(scope.filter(select(func.count()).select_from(Project))) == 0
        assert s.scalar(select(AuditLog).where(AuditLog.action == "line_user.role"))


def test_a_global_admin_is_an_explicit_grant_for_admins_only(db: str) -> None:
    from storage.invites import redeem
    from storage.scope import scope_of

    refused = run_cli("invite", "--everywhere", "--role", "supervisor")
    assert refused.exit_code == 2
    assert "only an admin" in flat(refused.output)
    both = run_cli("invite", "--everywhere", "--agency", "50490000", "--role", "admin")
    assert both.exit_code == 2
    made = run_cli("invite", "--everywhere", "--role", "admin")
    code = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", made.output)
    assert code is not None
    user = "U" + "9" * 32
    sessions = make_session_factory(make_engine(db))
    with sessions.begin() as s:
        granted = redeem(s, code.group(1), user, None)
        assert granted is not None
        assert granted.everywhere
        assert scope_of(s, user).is_admin
    listing = flat(run_cli("users", "--no-profiles").output)
    assert "ทุกหน่วยงาน (everywhere)" in listing
