"""Who sees what: scope rules in storage, and as users meet them through the webhook."""

from __future__ import annotations

import hashlib
import logging

import pytest
from sqlalchemy import func, select

from storage.db import make_engine, make_session_factory
from storage.models import Project
from storage.scope import Scope, scope_of
from tests.sample import ADMIN, CODE, NO_ROLE, OFFICER, OFFICER_BN, SUP_BN, SUP_TK, seed
from tests.stack import USER, Stack, body

TK_CODE = "50490000-3572"


@pytest.fixture
def scopes(db_url: str) -> dict[str, tuple[Scope, list[str], list[str]]]:
    """Per user: scope, codes it can see, codes whose personal data it may see."""
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    seed(sessions)
    out = {}
    with sessions() as s:
        projects = list(s.scalars(select(Project).order_by(Project.code)))
        for user in (ADMIN, SUP_BN, SUP_TK, OFFICER, NO_ROLE, USER):
            scope = scope_of(s, user)
            listed = s.scalars(scope.filter(select(Project.code)).order_by(Project.code)).all()
            assert list(listed) == [p.code for p in projects if scope.can_see(p)]
            count = s.scalar(scope.filter(select(func.count()).select_from(Project)))
            assert count == len(listed)
            out[user] = (scope, list(listed),
                         [p.code for p in projects if scope.sees_personal_data(p)])
    engine.dispose()
    return out


def test_scope_rules_on_both_databases(scopes) -> None:
    admin, sup_bn, sup_tk, officer, no_role, unknown = (
        scopes[u] for u in (ADMIN, SUP_BN, SUP_TK, OFFICER, NO_ROLE, USER))
    assert admin[0].is_admin
    assert len(admin[1]) == 5
    assert admin[2] == admin[1]
    assert sup_bn[1] == ["50470000-0001", CODE, "50470000-3431"]
    assert sup_bn[2] == sup_bn[1]
    assert sup_tk[1] == ["50490000-3572", "50490000-3573"]
    assert officer[1] == [CODE]
    assert officer[2] == [CODE]  # the responsible officer is named on the form
    for scope, listed, personal in (no_role, unknown):
        assert not scope.registered
        assert listed == []
        assert personal == []


def test_officer_of_another_agency_is_refused_politely_and_logged(
    bot: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.status")
    [msg] = bot.ask(f"สถานะ {TK_CODE}", user=OFFICER)
    assert msg["type"] == "text"
    assert f"ไม่พบโครงการรหัส {TK_CODE} ในโครงการที่ท่านดูได้ค่ะ" in msg["text"]
    assert "ขอสิทธิ์" in msg["text"]
    [absent] = bot.ask("สถานะ 50490000-9999", user=OFFICER)  # a code nobody has
    assert msg["text"].replace(TK_CODE, "X") == absent["text"].replace("50490000-9999", "X"), \
        "out of scope reads exactly like not found: nothing tells that the project exists"
    for verb in ("ประวัติ", "กราฟ", "PDF"):
        [msg] = bot.ask(f"{verb} {TK_CODE}", user=OFFICER)
        assert f"ไม่พบโครงการรหัส {TK_CODE}" in msg["text"]
    [msg] = bot.ask(f"สถานะ {CODE}", user=SUP_TK)
    assert f"ไม่พบโครงการรหัส {CODE}" in msg["text"]
    denied = [r.getMessage() for r in caplog.records if "denied" in r.getMessage()]
    assert len(denied) == 5
    user_hash = hashlib.sha256(OFFICER.encode()).hexdigest()[:12]
    assert f"user={user_hash} project={TK_CODE}" in denied[0]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "werkzeug")
    assert OFFICER not in logged
    assert "สถานะ" not in logged


def test_name_search_never_reveals_projects_out_of_scope(bot: Stack) -> None:
    [msg] = bot.ask("สถานะ co-working", user=OFFICER)
    assert "ไม่พบ" in msg["text"]
    assert "50490000" not in msg["text"]
    [msg] = bot.ask("สถานะ บางนาพารู้", user=SUP_TK)
    assert "ไม่พบ" in msg["text"]
    assert "บางนาพารู้ ห้องสมุด" not in msg["text"]


def test_phones_and_names_only_for_supervisors_admins_and_the_project_officer(
        bot: Stack) -> None:
    [officer] = bot.ask(f"สถานะ {CODE}", user=OFFICER_BN)
    [supervisor] = bot.ask(f"สถานะ {CODE}", user=SUP_BN)
    [admin] = bot.ask(f"สถานะ {CODE}", user=ADMIN)
    assert officer["type"] == "flex"
    assert "2246" not in str(officer)
    assert "สมศรี" not in str(officer)
    for msg in (supervisor, admin):
        assert "0 2246 5752" in msg["altText"]
        assert "นางสาวสมศรี พรหมรัตน์" in str(msg["contents"])


def test_admin_sees_everything(bot: Stack) -> None:
    for code in (CODE, TK_CODE, "50470000-0001"):
        [msg] = bot.ask(f"สถานะ {code}", user=ADMIN)
        assert msg["type"] == "flex"
        assert code in msg["altText"]


@pytest.mark.parametrize("user", [USER, NO_ROLE])
def test_unregistered_users_are_told_how_to_register(
    bot: Stack, user: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="handlers.status")
    for text in (f"สถานะ {CODE}", "ค้างส่ง", "สรุป", "สถานะ co-working"):
        [msg] = bot.ask(text, user=user)
        assert "ลงทะเบียน <รหัสเชิญ>" in body(msg)
    assert sum("unregistered" in r.getMessage() for r in caplog.records) == 4
