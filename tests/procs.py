"""Real `tidtam worker` processes for tests: started against a stack, always stopped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

from tests.stack import SECRET, TOKEN, Stack


def worker_env(stack: Stack, **extra: str) -> dict[str, str]:
    """The environment of a worker process pointed at a test stack (short leases and sweeps)."""
    return {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
            "LINE_API_BASE_URL": stack.emulator_url, "REDIS_URL": stack.settings.redis_url,
            "DATABASE_URL": stack.settings.database_url, "LOG_LEVEL": "WARNING",
            "LOCK_LEASE_SECONDS": "1.5", "SWEEP_INTERVAL_SECONDS": "0.3", **extra}


def start_worker(stack: Stack, **extra: str) -> subprocess.Popen[bytes]:
    """Start one `tidtam worker` process."""
    return subprocess.Popen([sys.executable, "-m", "cli", "worker"],
                            env=worker_env(stack, **extra))


def stop(*procs: subprocess.Popen[bytes]) -> None:
    """Stop processes politely, and for certain: a worker left behind waits for Redis forever."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def wait_for(predicate: Callable[[], bool], timeout: float = 40.0) -> bool:
    """Poll until predicate() holds or the timeout passes (a loaded machine needs patience)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
