"""`tidtam run` keeps its children running: one that dies is started again, within reason."""

from __future__ import annotations

import os
import time

from cli.devstack import MAX_RESTARTS, Stack


def test_a_child_that_exits_is_started_again_then_given_up_on() -> None:
    stack = Stack()
    stack.start("short-lived", ["json.tool", "/nonexistent/file.json"], dict(os.environ))
    first = stack.procs[0].pid
    revivals = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stack.procs[0].wait(timeout=30)
        if not stack.revive():
            break
        revivals += 1
    assert revivals == MAX_RESTARTS
    assert stack.procs[0].pid != first
    stack.stop()


def test_running_children_are_left_alone() -> None:
    stack = Stack()
    stack.start("sleeper", ["http.server", "0", "--bind", "127.0.0.1"], dict(os.environ))
    try:
        pid = stack.procs[0].pid
        assert stack.revive()
        assert stack.procs[0].pid == pid
    finally:
        stack.stop()
