"""A photo survives a worker killed at any point of handling it: attached once, stored once."""

from __future__ import annotations

import base64

import pytest

from tests.photo_kit import gps_jpeg
from tests.procs import start_worker, stop, wait_for
from tests.stack import USER, Stack
from tests.test_faults import at_summary  # noqa: F401 - fixture
from tests.test_photo_flow import _rows

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


@pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_apply"])
def test_worker_killed_while_taking_a_photo_loses_and_doubles_nothing(at_summary: Stack,  # noqa: F811
                                                                     point: str) -> None:
    stack = at_summary
    crashing = start_worker(stack, TIDTAM_FAULT=f"{point}:kill")
    stack.send(image=base64.b64encode(gps_jpeg()).decode(), userId=USER)
    assert crashing.wait(timeout=40) == -9, "the armed worker was killed at the point"
    fresh = start_worker(stack)
    try:
        assert wait_for(lambda: any("ได้รับรูปที่ 1" in t for t in stack.texts()))
        stack.send(text="ยืนยัน")
        assert wait_for(lambda: any("รูปประกอบ (หลักฐาน): 1 รูป" in t for t in stack.texts()
                                    if "บันทึกรายงาน" in t))
    finally:
        stop(fresh)
    assert sum("ได้รับรูปที่" in t for t in stack.texts()) == 1
    assert len(_rows(stack)) == 1
