"""The logs of a whole conversation hold no message text, name, phone, code, token or secret."""

from __future__ import annotations

import logging

import pytest

from tests.stack import SECRET, TOKEN, USER, Stack
from tests.test_report_flow import _invite, _seed

DETAIL = "จัดอบรมอาสาสมัครชุมชนริมคลอง"


def test_a_report_and_a_status_query_leave_no_personal_data_in_the_logs(
        stack: Stack, caplog: pytest.LogCaptureFixture) -> None:
    from storage.models import Project

    _seed(stack)
    with stack.services.sessions.begin() as s:
        project = s.query(Project).first()
        assert project is not None
        project.responsible_name, project.responsible_phone = "นางสาวสมศรี ใจดี", "081 234 5678"
        code = project.code
    invite = _invite(stack)
    caplog.set_level(logging.DEBUG)
    stack.send(text=f"ลงทะเบียน {invite}", userId=USER)
    stack.run_worker()
    for line in ("รายงาน", DETAIL, "45", "12,500", "ไม่เป็นไปตามแผน", "ตามเป้า",
                 "ฝนตกหนักต่อเนื่อง", "ข้าม", "ยืนยัน", f"สถานะ {code}"):
        stack.send(text=line, userId=USER)
        stack.run_worker()
    assert any("report stored" in r.getMessage() for r in caplog.records), "it did log"
    logged = "\n".join(f"{r.getMessage()} {r.args or ''}" for r in caplog.records)
    for secret in (USER, invite, invite.replace("-", ""), DETAIL, "ฝนตกหนัก", "12,500",
                   "สมศรี", "081 234 5678", "0812345678", TOKEN, SECRET, "ลงทะเบียน"):
        assert secret not in logged, secret
