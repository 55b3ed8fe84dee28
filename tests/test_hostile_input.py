"""What a stranger (or a careless officer) types never wedges a conversation, on either database.

Every odd message gets an answer, the draft survives it, and the next plain message is
answered too: NUL characters, bidi controls, numbers a database refuses (NaN, 1e400, -0),
digits of other scripts, thousands of stacked tone marks, an overlong event id.
"""

from __future__ import annotations

import time
from typing import cast

import pytest
from sqlalchemy import select

from emulator import sender
from storage.models import ProgressReport
from tests.stack import SECRET, Stack, body
from tests.test_report_flow import _invite, _seed

ODD_PROGRESS = ["NaN", "nan %", "1e400", "Infinity", "-0", "١٢٣", "12\x0034", "\u202e80",
                "๘๐" + "\u0e48" * 5000, "9" * 400]


def _answers(stack: Stack, *texts: str) -> list[str]:
    return [body(m) for m in stack.ask(*texts)]


def test_odd_answers_get_a_thai_answer_and_never_wedge_the_draft(both_stack: Stack) -> None:
    stack = both_stack
    _seed(stack)
    assert "ลงทะเบียนเรียบร้อยแล้ว" in _answers(stack, f"ลงทะเบียน {_invite(stack)}")[-1]
    assert "ดำเนินการอะไรไปแล้ว" in _answers(stack, "รายงาน")[-1]
    out = _answers(stack, "ประชุม\x00ชุมชน\u202e แล้ว")  # NUL and a bidi override in free text
    assert "ความก้าวหน้า" in out[-1]
    for odd in ODD_PROGRESS:
        started = time.monotonic()
        out = _answers(stack, odd)
        assert out, odd
        assert time.monotonic() - started < 5, odd
        if "กี่บาท" in out[-1]:  # read as a percentage after all ("-0" is 0 %): go back
            assert "ความก้าวหน้า" in _answers(stack, "ย้อนกลับ")[-1]
        elif "ยืนยันค่านี้" in out[-1]:
            _answers(stack, "กรอกใหม่")
        else:
            assert "เปอร์เซ็นต์" in out[-1] or "ร้อยละ" in out[-1], (odd, out)
    out = _answers(stack, "40", "0", "ตามแผน", "ตามเป้า", "ข้าม", "ข้าม", "ยืนยัน")
    assert "บันทึกรายงานครั้งที่" in out[-1]
    with stack.services.sessions() as s:
        report = s.scalars(select(ProgressReport).order_by(ProgressReport.id.desc())).first()
        assert report is not None
        assert report.detail == "ประชุมชุมชน แล้ว"  # NUL and bidi control removed
        assert str(report.progress_percent) == "40.00"


def test_an_overlong_event_id_and_a_nul_in_any_field_are_handled(both_stack: Stack) -> None:
    stack = both_stack
    _seed(stack)
    event = {"type": "message", "webhookEventId": "E" * 300, "timestamp": 1,
             "replyToken": "r" * 32, "mode": "active", "source": {"type": "user",
                                                                  "userId": "U" + "9" * 32},
             "deliveryContext": {"isRedelivery": False},
             "message": {"type": "text", "id": "1\x00", "text": "สถานะ\x00"}}
    assert stack.post({"destination": "x\x00", "events": [event]}) == 200
    stack.run_worker(retries=True)
    out = [body(m["message"]) for m in stack.messages("U" + "9" * 32)]
    assert out, "the user got an answer"
    out = _answers(stack, "ช่วยเหลือ")
    assert out
    raw = sender.encode({"events": [event]})
    assert sender.sign(raw, SECRET)


def test_an_event_that_cannot_be_handled_is_buried_and_the_next_is_answered(
        both_stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers.router import Inbound
    from inbox import retry

    stack = both_stack

    def poison(event: Inbound, session: object) -> None:
        if event.text == "พัง":
            raise RuntimeError("this message cannot be handled")

    stack.router.commands.insert(0, poison)
    monkeypatch.setattr(retry, "EVENTS", retry.Backoff(max_attempts=1))  # bury at once
    assert _answers(stack, "พัง") == []
    dead = cast(list[bytes], stack.services.redis.lrange("tidtam:dead", 0, -1))
    assert len(dead) == 1
    assert "RuntimeError after 1 attempts" in dead[0].decode()
    assert _answers(stack, "ช่วยเหลือ"), "the user's next message is answered"
