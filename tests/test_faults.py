"""A confirmed report survives a worker killed or failing at any point of handling it.

Real worker processes (``tidtam worker``) with a fault armed through TIDTAM_FAULT, the real
Redis, SQLite, and the emulator: whatever happens, the report is stored exactly once, the
officer gets exactly one receipt, and the draft is gone.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.procs import start_worker, stop, wait_for
from tests.stack import USER, Stack
from tests.test_report_flow import CODE, _invite, _reports, _seed

pytestmark = pytest.mark.processes  # real processes: left out of `make check`

RECEIPT = "บันทึกรายงานครั้งที่ 1"


def _worker(stack: Stack, **extra: str) -> subprocess.Popen[bytes]:
    return start_worker(stack, **extra)


def _receipts(stack: Stack) -> list[str]:
    return [t for t in stack.texts() if RECEIPT in t]


@pytest.fixture
def at_summary(stack: Stack) -> Stack:
    """An officer whose report waits at the summary for "ยืนยัน"."""
    _seed(stack)
    stack.say(f"ลงทะเบียน {_invite(stack)}")
    out = stack.say(f"รายงาน {CODE} ดำเนินการจัดทำคลิปแล้ว ความก้าวหน้า 80% เบิกจ่าย 0 บาท "
                      "เป็นไปตามแผน เป็นไปตามเป้าหมาย", "ข้าม", "ข้าม")
    assert "สรุปรายงานความก้าวหน้า" in " ".join(out)
    return stack


def _stop(*procs: subprocess.Popen[bytes]) -> None:
    stop(*procs)


@pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_apply", "after_send"])
def test_worker_killed_while_confirming_loses_and_doubles_nothing(at_summary: Stack,
                                                                  point: str) -> None:
    stack = at_summary
    before = len(stack.messages())
    crashing = _worker(stack, TIDTAM_FAULT=f"{point}:kill")
    stack.send(text="ยืนยัน")
    assert crashing.wait(timeout=40) == -9, "the armed worker was killed at the point"
    fresh = _worker(stack)
    try:
        assert wait_for(lambda: len(_receipts(stack)) >= 1), stack.texts()[before:]
        time.sleep(2.0)  # time enough for a duplicate to show up if there were one
        assert len(_receipts(stack)) == 1
        stack.send(text="ยืนยัน")  # the draft is gone: a second tap files nothing
        assert wait_for(lambda: len(stack.messages()) > before + 1)
        time.sleep(0.5)
    finally:
        _stop(fresh)
    reports = _reports(stack)
    assert len(reports) == 1
    assert str(reports[0].progress_percent) == "80.00"
    assert len(_receipts(stack)) == 1


@pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_apply"])
def test_failed_write_keeps_the_draft_and_the_retry_stores_it_once(at_summary: Stack,
                                                                    point: str) -> None:
    stack = at_summary
    worker = _worker(stack, TIDTAM_FAULT=f"{point}:raise")
    try:
        stack.send(text="ยืนยัน")
        assert wait_for(lambda: len(_receipts(stack)) >= 1), stack.texts()
        time.sleep(1.5)
    finally:
        _stop(worker)
    assert len(_reports(stack)) == 1
    assert len(_receipts(stack)) == 1
    assert stack.services.redis.get(f"tidtam:draft:{USER}") is None
