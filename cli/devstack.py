"""`tidtam run`: the whole stack on one machine, with the emulator when LINE is not configured."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import requests

from cli.demo import Seeded
from runtime.config import Settings, load_settings
from runtime.redis_embed import resolve_redis_url

DEV_SECRET = "tidtam-local-emulator-secret"  # noqa: S105 - only ever used with the local emulator
DEV_TOKEN = "tidtam-local-emulator-token"  # noqa: S105


def local_settings() -> Settings:
    """Settings for a command run beside `tidtam run`: without LINE credentials, the emulator."""
    settings = load_settings()
    if not settings.uses_emulator:
        return settings
    return settings.model_copy(update={
        "line_channel_secret": DEV_SECRET, "line_channel_access_token": DEV_TOKEN,
        "line_api_base_url": f"http://127.0.0.1:{settings.emulator_port}"})


def stack_env(settings: Settings) -> dict[str, str]:
    """Environment for the child processes: shared Redis, and emulator credentials if needed."""
    env = dict(os.environ)
    env["REDIS_URL"] = resolve_redis_url(settings.redis_url, settings.var_dir)
    env["DATABASE_URL"] = settings.effective_database_url
    if settings.uses_emulator:
        env["LINE_CHANNEL_SECRET"] = DEV_SECRET
        env["LINE_CHANNEL_ACCESS_TOKEN"] = DEV_TOKEN
        env["LINE_API_BASE_URL"] = f"http://127.0.0.1:{settings.emulator_port}"
    return env


MAX_RESTARTS = 5  # per child; a child that keeps dying is a bug to read about, not to hide


@dataclass
class Stack:
    """The child processes of a running stack; one that dies is started again."""

    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    specs: list[tuple[str, list[str], dict[str, str]]] = field(default_factory=list)
    restarts: list[int] = field(default_factory=list)

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        """Start one child process."""
        self.procs.append(_spawn(args, env))
        self.specs.append((name, args, env))
        self.restarts.append(0)
        print(f"  started {name} (pid {self.procs[-1].pid})", flush=True)

    def revive(self) -> bool:
        """Start again each child that exited; False when one has died too often."""
        for i, proc in enumerate(self.procs):
            if proc.poll() is None:
                continue
            name, args, env = self.specs[i]
            if self.restarts[i] >= MAX_RESTARTS:
                print(f"  {name} exited {MAX_RESTARTS + 1} times (last code {proc.returncode}); "
                      "stopping. See the log above.")
                return False
            self.restarts[i] += 1
            print(f"  {name} exited with code {proc.returncode}; starting it again")
            self.procs[i] = _spawn(args, env)
        return True

    def stop(self) -> None:
        """Stop every child and whatever it started (gunicorn's workers), politely first; a
        second Ctrl-C or SIGTERM meanwhile (an impatient user, `timeout` passing its own signal
        on) cannot cut the stopping short and leave gunicorn listening."""
        with _signals_ignored():
            self._stop()

    def _stop(self) -> None:
        """Stop every child: SIGTERM to each group, a grace, then SIGKILL to what is left."""
        for proc in self.procs:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        for proc in self.procs:  # what is left of each group, leader or not, ends now
            _signal_group(proc, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                print(f"  process {proc.pid} did not stop")

    def wait(self) -> int:
        """Keep the children running until Ctrl-C or SIGTERM, then stop them all."""
        signal.signal(signal.SIGTERM, interrupt)
        code = 0
        try:
            while self.revive():
                time.sleep(0.5)
            code = 1
        except KeyboardInterrupt:
            pass
        self.stop()
        return code


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    """Ignore Ctrl-C and SIGTERM for the duration (only the main thread may set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


STOP_SECONDS = 10.0  # a child's grace after SIGTERM, before its whole group is killed


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A child in a process group of its own: Ctrl-C reaches only this process, which stops
    the children in order, and a child's own children (gunicorn's workers) are stopped with it."""
    return subprocess.Popen([sys.executable, "-m", *args], env=env, start_new_session=True)


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send sig to the child's process group (it may be gone already)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def interrupt(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C so the stack shuts down cleanly."""
    raise KeyboardInterrupt


def port_taken(port: int) -> bool:
    """True when something already listens on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_http(url: str, timeout: float = 90.0) -> bool:
    """Wait until url answers (any status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return True
        except requests.RequestException:
            time.sleep(0.2)
    return False


def run_stack(settings: Settings, access_log: bool = False) -> int:
    """Migrate (and on a first start load the seeds and the demo), then run the emulator
    (without LINE credentials), worker, scheduler and web; the banner comes last."""
    from cli.demo import seed_if_empty
    from storage.migrate import upgrade

    ports = [settings.web_port] + ([settings.emulator_port] if settings.uses_emulator else [])
    taken = [port for port in ports if port_taken(port)]
    if taken:
        print(f"Port {', '.join(map(str, taken))} is already in use: is another `tidtam run` "
              "still running (stop it first), or set WEB_PORT / EMULATOR_PORT.")
        return 1
    signal.signal(signal.SIGTERM, interrupt)
    env = stack_env(settings)
    if "LOG_LEVEL" not in os.environ:  # the console shows problems, not every request
        env["LOG_LEVEL"] = "WARNING"
    stack = Stack()
    try:
        upgrade(env["DATABASE_URL"])
        seeded = seed_if_empty(settings.model_copy(update={"database_url": env["DATABASE_URL"]}))
        if settings.uses_emulator:
            stack.start("LINE emulator", ["cli", "emulator"], env)
            if not wait_http(f"http://127.0.0.1:{settings.emulator_port}/_emulator/messages",
                             timeout=60.0):
                return _give_up(stack, settings, "The LINE emulator did not come up")
        stack.start("worker pool", ["cli", "worker", "--processes", "0"], env)  # the Procfile's
        stack.start("scheduler", ["cli", "scheduler"], env)
        stack.start("web", ["cli", "web", *([] if access_log else ["--no-access-log"])], env)
        if not wait_http(f"http://127.0.0.1:{settings.web_port}/healthz", timeout=120.0):
            return _give_up(stack, settings, "The web process did not come up")
        time.sleep(1.0)  # let the children finish starting, so the banner stays the last word
    except KeyboardInterrupt:
        return _give_up(stack, settings, "Stopped while starting")
    print()
    print(banner(settings, seeded))
    code = stack.wait()
    _stop_redis(settings)
    return code


def banner(settings: Settings, seeded: Seeded | None) -> str:
    """What is running and the next command to type."""
    lines = [f"tidtam is running: webhook http://127.0.0.1:{settings.web_port}/callback"]
    if seeded is not None:
        lines.append(f"First start: loaded {_count(seeded.projects, 'project')} and "
                     f"{_count(seeded.indicators, 'indicator')} from the printouts in "
                     f"{settings.seeds_dir}, and the demo agency (projects {seeded.demo[0]} … "
                     f"{seeded.demo[-1]}; `tidtam demo reset` puts it back).")
        if seeded.problems:
            lines.append(f"  {seeded.problems} printouts had problems: "
                         f"`tidtam import {settings.seeds_dir}` shows them.")
    if settings.uses_emulator:
        lines += [
            "No LINE credentials are set, so the local LINE emulator stands in for LINE.",
            "",
            "Next, in another terminal:",
            "  .venv/bin/tidtam chat --as officer      file this month's report: type รายงาน",
            "  .venv/bin/tidtam chat --as supervisor   see the agency: type ค้างส่ง or สรุป",
            "  .venv/bin/tidtam projects               the projects and their codes",
        ]
    if not settings.admin_contact:  # users are told to ask their agency (handlers.texts)
        lines.append("ADMIN_CONTACT is not set: users who ask for the admin are told to ask "
                     "their agency's; set it to give them a name and a phone.")
    lines.append("Stop with Ctrl-C.")
    return "\n".join(lines)


def _count(items: list[str], noun: str) -> str:
    """"1 project", "3 projects"."""
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _give_up(stack: Stack, settings: Settings, what: str) -> int:
    """Stop everything after a child failed to start."""
    print(f"\n{what}; see the log above.")
    stack.stop()
    _stop_redis(settings)
    return 1


def _stop_redis(settings: Settings) -> None:
    """Stop the embedded Redis this stack started (a configured REDIS_URL is left alone)."""
    if not settings.redis_url:
        from runtime.redis_embed import stop_embedded_redis

        stop_embedded_redis(settings.var_dir)
