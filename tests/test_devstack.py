"""`tidtam run` keeps its children running: one that dies is started again, within reason."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from cli.devstack import MAX_RESTARTS, Stack, interrupt, run_stack
from runtime.config import Settings
from tests.procs import wait_for

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stopping_ends_what_a_child_started_even_if_it_ignores_sigterm(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    stack = Stack()
    stack.start("stubborn", ["tests.stubborn_tree"],
                {**os.environ, "STUBBORN_PID_FILE": str(pid_file)})
    assert wait_for(lambda: pid_file.exists() and pid_file.read_text() != "", timeout=30)
    grandchild = int(pid_file.read_text())
    assert _alive(grandchild)
    stack.stop()
    assert wait_for(lambda: not _alive(grandchild), timeout=10), "no orphan left listening"


def test_a_port_in_use_is_named_before_anything_starts(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        settings = Settings(web_port=port, var_dir=tmp_path / "var")
        assert run_stack(settings) == 1
    said = capsys.readouterr().out
    assert f"Port {port}" in said
    assert "already in use" in said
    assert not (tmp_path / "var").exists(), "nothing was started or created"


def test_a_second_signal_while_stopping_does_not_cut_the_stopping_short(tmp_path: Path) -> None:
    """`timeout` and impatient users send a second SIGTERM or Ctrl-C: gunicorn stayed up."""
    pid_file = tmp_path / "grandchild.pid"
    stack = Stack()
    stack.start("stubborn", ["tests.stubborn_tree"],
                {**os.environ, "STUBBORN_PID_FILE": str(pid_file), "STUBBORN_GRACE": "3"})
    assert wait_for(lambda: pid_file.exists() and pid_file.read_text() != "", timeout=30)
    grandchild = int(pid_file.read_text())
    before = signal.signal(signal.SIGTERM, interrupt)
    again = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    try:
        again.start()
        stack.stop()  # the child takes 3 s to exit: the second signal lands while stopping
    finally:
        again.cancel()
        signal.signal(signal.SIGTERM, before)
    assert wait_for(lambda: not _alive(grandchild), timeout=10), "no orphan left listening"
