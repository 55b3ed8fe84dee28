"""`tidtam run`: the whole stack on one machine, with the emulator when LINE is not configured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import requests

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
        self.procs.append(subprocess.Popen([sys.executable, "-m", *args], env=env))
        self.specs.append((name, args, env))
        self.restarts.append(0)
        print(f"  started {name} (pid {self.procs[-1].pid})")

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
            self.procs[i] = subprocess.Popen([sys.executable, "-m", *args], env=env)
        return True

    def stop(self) -> None:
        """Stop every child, politely first."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    def wait(self) -> int:
        """Keep the children running until Ctrl-C or SIGTERM, then stop them all."""
        signal.signal(signal.SIGTERM, _interrupt)
        code = 0
        try:
            while self.revive():
                time.sleep(0.5)
            code = 1
        except KeyboardInterrupt:
            pass
        self.stop()
        return code


def _interrupt(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C so the stack shuts down cleanly."""
    raise KeyboardInterrupt


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


def run_stack(settings: Settings) -> int:
    """Migrate, then run web, worker and (without LINE credentials) the emulator."""
    from storage.migrate import upgrade

    env = stack_env(settings)
    upgrade(env["DATABASE_URL"])
    stack = Stack()
    if settings.uses_emulator:
        stack.start("LINE emulator", ["cli", "emulator"], env)
    stack.start("worker", ["cli", "worker", "--processes", "0"], env)  # as the Procfile
    stack.start("scheduler", ["cli", "scheduler"], env)
    stack.start("web", ["cli", "web"], env)
    ok = wait_http(f"http://127.0.0.1:{settings.web_port}/healthz", timeout=120.0)
    print()
    if not ok:
        print("The web process did not come up; see the log above.")
        stack.stop()
        _stop_redis(settings)
        return 1
    print(f"tidtam is running: webhook http://127.0.0.1:{settings.web_port}/callback")
    if settings.uses_emulator:
        print("No LINE credentials are set, so the local LINE emulator stands in for LINE.")
        print("Chat with the bot in another terminal:  .venv/bin/tidtam chat")
    print("Stop with Ctrl-C.")
    code = stack.wait()
    _stop_redis(settings)
    return code


def _stop_redis(settings: Settings) -> None:
    """Stop the embedded Redis this stack started (a configured REDIS_URL is left alone)."""
    if not settings.redis_url:
        from runtime.redis_embed import stop_embedded_redis

        stop_embedded_redis(settings.var_dir)
