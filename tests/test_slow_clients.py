"""Slow clients cannot stall the webhook: the real `tidtam web` (gunicorn) keeps answering.

Clients announce a body and send none (or drip it a byte at a time); no signature is needed
to do that, since the body is read before it is checked. /healthz and signed webhooks must
still be answered within a second, and the slow ones get 408 once the body read times out.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from emulator import sender
from tests.pg import _free_port as free_port
from tests.procs import stop, wait_for, worker_env
from tests.stack import SECRET, Stack

pytestmark = pytest.mark.processes  # real processes: left out of `make check`


@pytest.fixture
def web(stack: Stack) -> Iterator[str]:
    """`tidtam web` as make run starts it, on a free port against the test stack."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli", "web", "--port", str(port)],
                            env=worker_env(stack, BODY_READ_TIMEOUT_SECONDS="2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(f"{url}/healthz", timeout=1).status_code in (200, 503)
        except requests.RequestException:
            return False

    try:
        assert wait_for(up, 60), "tidtam web did not start"
        yield url
    finally:
        stop(proc)


def _slow_client(port: int, drip: bool) -> socket.socket:
    """A connection that announces a 1,000-byte body and sends none of it (or one byte)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"X-Line-Signature: x\r\nContent-Length: 1000\r\n\r\n" + (b"{" if drip else b""))
    return sock


def test_slow_bodies_do_not_hold_up_health_checks_or_signed_webhooks(web: str) -> None:
    port = int(web.rsplit(":", 1)[1])
    slow = [_slow_client(port, drip=n % 2 == 1) for n in range(12)]
    try:
        time.sleep(0.5)
        for _ in range(3):
            started = time.monotonic()
            assert requests.get(f"{web}/healthz", timeout=5).status_code == 200
            assert time.monotonic() - started < 1.0
            event = sender.build_text_event("U" + "c" * 32, "ช่วยเหลือ")
            raw = sender.encode({"destination": "U0", "events": [event]})
            started = time.monotonic()
            resp = requests.post(f"{web}/callback", data=raw, timeout=5,
                                 headers={"X-Line-Signature": sender.sign(raw, SECRET),
                                          "Content-Type": "application/json"})
            assert resp.status_code == 200
            assert time.monotonic() - started < 1.0
        slow[0].settimeout(10)
        answer = slow[0].recv(200)  # the body read timed out: a clear status, not a hang
        assert answer.startswith(b"HTTP/1.1 408"), answer
    finally:
        for sock in slow:
            sock.close()


def test_make_run_listens_on_this_host_only(web: str) -> None:
    port = int(web.rsplit(":", 1)[1])
    listening = []
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, _, hex_port = local.partition(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            listening.append(address)
    assert listening == ["0100007F"], "127.0.0.1 only, never 0.0.0.0 (00000000)"
