"""One scope rule for every way out: roles × commands × in and out of scope, through webhooks."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import requests
from pypdf import PdfReader

from tests.sample import ADMIN, ADMIN_TK, CODE, NO_ROLE, OFFICER, OFFICER_BN, SUP_BN, SUP_TK
from tests.stack import Stack, body

TK_CODE = "50490000-3572"
ACTIVE = {CODE, "50470000-3431", TK_CODE, "50490000-3573"}
BN, TK = {CODE, "50470000-3431"}, {TK_CODE, "50490000-3573"}
NAME, PHONE = "สมศรี", "2246"

# user -> (active projects in scope, {code: "personal" | "plain" | "denied"})
MATRIX: dict[str, tuple[set[str], dict[str, str]]] = {
    OFFICER: ({CODE}, {CODE: "personal", TK_CODE: "denied"}),
    OFFICER_BN: (BN, {CODE: "plain", TK_CODE: "denied"}),
    SUP_BN: (BN, {CODE: "personal", TK_CODE: "denied"}),
    SUP_TK: (TK, {CODE: "denied", TK_CODE: "personal"}),
    ADMIN: (ACTIVE, {CODE: "personal", TK_CODE: "personal"}),
    ADMIN_TK: (TK, {CODE: "denied", TK_CODE: "personal"}),
}
ROLE_NAMES = {OFFICER: "officer-of-project", OFFICER_BN: "officer-of-agency",
              SUP_BN: "supervisor-bn", SUP_TK: "supervisor-tk", ADMIN: "admin",
              ADMIN_TK: "admin-of-agency"}


def _everything(msgs: list[dict[str, Any]]) -> str:
    """All a user was shown: texts, alt texts and the bubbles' JSON."""
    return "\n".join(body(m) + str(m.get("contents", "")) for m in msgs)


def _pdf_text(msg: dict[str, Any]) -> str:
    """The text of the PDF a link message points to."""
    url = msg["text"].rsplit("\n", 1)[1]
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(resp.content)).pages)


@pytest.mark.parametrize("user", list(MATRIX), ids=list(ROLE_NAMES.values()))
def test_every_command_follows_one_scope_rule(bot: Stack, user: str) -> None:
    _check_rights(bot, user)


def _check_rights(bot: Stack, user: str) -> None:
    """Every command answers the user exactly as MATRIX says."""
    active, access = MATRIX[user]
    for code, right in access.items():
        for verb in ("สถานะ", "ประวัติ", "กราฟ", "PDF"):
            msgs = bot.ask(f"{verb} {code}", user=user)
            shown = _everything(msgs)
            if right == "denied":
                assert f"ไม่พบโครงการรหัส {code}" in shown, (verb, code)
                assert "ประชุมชุมชน" not in shown
                assert "/media/" not in shown
            elif verb == "PDF" and right == "plain":
                assert "/media/" not in shown, code  # the form prints names and phones
                assert "ผู้บังคับบัญชา" in shown
            elif verb == "PDF":
                printed = re.sub(r"\s+", "", _pdf_text(msgs[0]))
                assert NAME in printed
                assert PHONE in printed
            elif verb == "กราฟ":
                assert msgs[0]["type"] == "image"
            else:
                assert code in shown
                assert "ไม่พบโครงการ" not in shown
            if right != "personal":
                assert NAME not in shown, (verb, code)
                assert PHONE not in shown, (verb, code)
            if verb == "สถานะ" and right == "personal":
                assert NAME in shown
                assert PHONE in shown
    [digest] = bot.ask("สรุป", user=user)
    assert f"โครงการที่กำลังดำเนินการ: {len(active)} โครงการ" in body(digest)
    overdue = _everything(bot.ask("ค้างส่ง", user=user))
    for code in ACTIVE - active:
        assert code not in body(digest)
        assert code not in overdue
    assert f"จาก {len(active)} โครงการ" in overdue or "ทุกโครงการ" in overdue
    for shown in (body(digest), overdue):
        assert NAME not in shown
        assert PHONE not in shown


def test_unregistered_user_gets_nothing_from_any_command(bot: Stack) -> None:
    _check_nothing(bot, NO_ROLE)


def _check_nothing(bot: Stack, user: str) -> None:
    """Every command asks the user to register and shows nothing of any project."""
    for command in ("สถานะ", "ประวัติ", "กราฟ", "PDF"):
        for code in (CODE, TK_CODE):
            [msg] = bot.ask(f"{command} {code}", user=user)
            assert "ลงทะเบียน <รหัสเชิญ>" in body(msg)
            assert NAME not in body(msg)
    for command in ("สรุป", "ค้างส่ง"):
        [msg] = bot.ask(command, user=user)
        assert "ลงทะเบียน <รหัสเชิญ>" in body(msg)
        assert "5047" not in body(msg)
        assert "5049" not in body(msg)


@pytest.mark.parametrize("user", list(MATRIX), ids=list(ROLE_NAMES.values()))
def test_revoked_sees_nothing_and_reinvited_sees_the_same_again(bot: Stack, user: str) -> None:
    from sqlalchemy import select

    from handlers.register import RegisterCommand
    from handlers.router import Router
    from storage.bindings import revoke_binding
    from storage.invites import create_invite
    from storage.models import Agency, Assignment, Project

    bot.router = Router(commands=[RegisterCommand(bot.services.redis), *bot.router.commands])
    with bot.services.sessions.begin() as s:
        bound = s.execute(select(Assignment.id, Assignment.role, Project.code, Agency.code,
                                 Assignment.everywhere)
                          .outerjoin(Project, Project.id == Assignment.project_id)
                          .outerjoin(Agency, Agency.id == Assignment.agency_id)
                          .where(Assignment.line_user_id == user)).all()
        assert bound
        for binding_id, *_ in bound:
            assert revoke_binding(s, binding_id, "test") is not None
    _check_nothing(bot, user)
    for _, role, project, agency, everywhere in bound:
        with bot.services.sessions.begin() as s:
            code = create_invite(s, role, [project] if project else [], agency, "test",
                                 everywhere=everywhere)
        [msg] = bot.ask(f"ลงทะเบียน {code}", user=user)
        assert "ลงทะเบียนเรียบร้อยแล้ว" in body(msg)
    _check_rights(bot, user)


def test_admin_invited_for_an_agency_is_told_and_given_that_agency_only(bot: Stack) -> None:
    from handlers.register import RegisterCommand
    from handlers.router import Router
    from storage.enums import Role
    from storage.invites import create_invite

    bot.router = Router(commands=[RegisterCommand(bot.services.redis), *bot.router.commands])
    with bot.services.sessions.begin() as s:
        code = create_invite(s, Role.ADMIN, [], "50490000", "test")
    user = "U" + "3" * 32
    [msg] = bot.ask(f"ลงทะเบียน {code}", user=user)
    assert "ขอบเขต: หน่วยงาน 50490000 สำนักงานเขตทุ่งครุ (ดูได้เฉพาะขอบเขตนี้)" in body(msg)
    [digest] = bot.ask("สรุป", user=user)
    assert "โครงการที่กำลังดำเนินการ: 2 โครงการ" in body(digest)
    [msg] = bot.ask(f"สถานะ {CODE}", user=user)
    assert f"ไม่พบโครงการรหัส {CODE}" in body(msg)
