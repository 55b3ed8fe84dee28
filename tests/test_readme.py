"""The README followed as written, in a fresh folder: `make run`, the chat console as officer
and supervisor (a report filed and read back), then every `tidtam` command the README shows.

The fresh folder holds the repository's files, `../shared` beside it, and a link to the
virtualenv `make test` just installed (`make -o` keeps make from installing it again: the
venv is shared). Nothing else is set up: no database, no Redis, no LINE credentials.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cli.devstack import port_taken
from tests.procs import wait_for

pytestmark = pytest.mark.processes  # real processes: left out of `make check`

REPO = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent
READY = "Stop with Ctrl-C."
GUEST = "U" + "0" * 31 + "9"
# Commands the README shows that run a process for good, or belong to a production set-up.
LONG_RUNNING = ("run", "chat", "web", "worker", "scheduler", "emulator")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_folder(tmp_path: Path) -> Path:
    """The repository's files (as git sees them) in tmp/…/tidtam, ../shared beside it."""
    folder = tmp_path / "work" / "tidtam"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # mtimes kept: make sees nothing to rebuild
    (folder.parent / "shared").symlink_to((REPO.parent / "shared").resolve())
    (folder / ".venv").symlink_to(VENV)
    return folder


@dataclass
class Running:
    """`make run` in the fresh folder, its output collected as it comes."""

    folder: Path
    env: dict[str, str]
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def read(self) -> None:
        """Collect the output until the process ends."""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float) -> bool:
        """Wait for the banner's last line."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if READY in self.lines:
                return True
            time.sleep(0.2)
        return READY in self.lines

    def tidtam(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """`.venv/bin/tidtam ARGS` in the folder, as the README says to type it."""
        return subprocess.run([".venv/bin/tidtam", *args], cwd=self.folder, env=self.env,
                              input=stdin, capture_output=True, text=True, timeout=180)

    def chat(self, who: str, *lines: str) -> str:
        """What the bot answered in `tidtam chat --as who` to lines typed one by one."""
        done = self.tidtam("chat", "--as", who, stdin="\n".join(lines) + "\n")
        assert done.returncode == 0, done.stderr
        return " ".join(done.stdout.split())

    def stop(self) -> None:
        """Ctrl-C, as the banner says; then for certain."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    """`make run` in a fresh folder, on free ports, with nothing configured."""
    folder = _fresh_folder(tmp_path)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LINE_", "DATABASE_", "REDIS_", "VAR_", "SEEDS_", "LOG_"))}
    env.update(WEB_PORT=str(_free_port()), EMULATOR_PORT=str(_free_port()), COLUMNS="200",
               NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(["make", "-o", ".venv/.installed-stamp", "run"], cwd=folder,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    run = Running(folder, env, proc)
    threading.Thread(target=run.read, daemon=True).start()
    try:
        yield run
    finally:
        run.stop()


def _readme_commands() -> list[list[str]]:
    """Every `tidtam …` line of the README's shell blocks, but long-running and production
    ones, comments dropped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.S):
        if "postgresql://" in block:
            continue
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("tidtam", ".venv/bin/tidtam") and \
                    words[1] not in LONG_RUNNING:
                commands.append(words[1:])
    return commands


def _scalar(folder: Path, query: str, *params: str) -> int:
    with sqlite3.connect(folder / "var" / "tidtam.sqlite3") as db:
        return int(db.execute(query, params).fetchone()[0])


def test_the_readme_as_written_in_a_fresh_folder(running: Running) -> None:
    assert running.wait_ready(timeout=300), "\n".join(running.lines[-40:])
    banner = "\n".join(running.lines)
    assert "tidtam chat --as officer" in banner
    assert "First start: loaded 2 projects and 1 indicator" in banner
    assert "Connection refused" not in banner, "the scheduler waited for the emulator"
    assert "Traceback" not in banner
    ready_at = len(running.lines)

    filed = running.chat("officer", "ส่งรายงาน 10000000-0002", "จัดกิจกรรมเล่านิทานสามชุมชนแล้ว",
                         "40", "ยังไม่เบิก", "เป็นไปตามแผน", "เป็นไปตามเป้าหมาย", "ไม่มีค่ะ",
                         "ข้าม", "ยืนยันค่ะ")
    assert "บันทึกรายงานครั้งที่ 3" in filed, filed
    assert "10000000-0002" in filed
    seen = running.chat("supervisor", "สถานะ 10000000-0002", "สรุป", "PDF 10000000-0002")
    assert "40.00 %" in seen, seen
    assert "สรุปภาพรวมโครงการ" in seen
    assert ".pdf" in seen
    asked = running.chat("guest", "ติดต่อผู้ดูแล")  # ADMIN_CONTACT unset: said in plain Thai
    assert "ผู้ดูแลระบบ«ติดตาม»ของหน่วยงานท่าน" in asked.replace(" ", ""), asked
    assert "ADMIN_CONTACT" not in asked
    assert "ADMIN_CONTACT is not set" in banner  # the operator hears of it, not the users
    assert running.lines[ready_at:] == [], "the banner stays the last word"

    code = ""
    for args in _readme_commands():
        if args[:2] == ["revoke", "<id>"]:  # a guest registers with the first invite first
            joined = running.chat("guest", f"ลงทะเบียน {code}")
            assert "ลงทะเบียนเรียบร้อยแล้ว" in joined, joined
            binding = _scalar(running.folder, "SELECT max(id) FROM assignments "
                                              "WHERE line_user_id = ?", GUEST)
            args = ["revoke", str(binding)]
        if args[:3] == ["invites", "cancel", "<id>"]:
            args = ["invites", "cancel", str(_scalar(
                running.folder, "SELECT max(id) FROM invite_codes WHERE used_at IS NULL"))]
        done = running.tidtam(*args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        found = re.search(r"ลงทะเบียน ([A-Z2-9]{4}-[A-Z2-9]{4})", done.stdout)
        if found and not code:
            code = found.group(1)
    assert code, "an invite was made"
    assert (running.folder / "50490000-3572.pdf").read_bytes().startswith(b"%PDF")
    assert (running.folder / "tidtam-2570.xlsx").read_bytes().startswith(b"PK")

    running.stop()  # Ctrl-C, as the banner says: nothing is left listening
    ports = [int(running.env["WEB_PORT"]), int(running.env["EMULATOR_PORT"])]
    assert wait_for(lambda: not any(port_taken(p) for p in ports), timeout=20), ports
    assert not [line for line in running.lines if "Traceback" in line], running.lines[-30:]
