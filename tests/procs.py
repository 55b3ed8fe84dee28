"""Real `tidtam worker` processes for tests: started against a stack, always stopped."""

from __future__ import annotations

import os
import subprocess
import sys

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
