"""A text message's path from the webhook to LINE's reply, traced: the files it runs through.

The README's "How a message flows" names them; this test follows a real signed message
through the web app, the inbox and a worker (in this process) to the emulator's reply, and
fails when the path gains a file the README does not name, or loses one it does.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from tests.stack import Stack

ROOT = Path(__file__).resolve().parent.parent
# The path of delivery; the command the router picks, and what it uses (the conversation,
# storage, core), are the command's own business, read only when changing that command.
DELIVERY = ("bot/", "inbox/", "workers/", "runtime/", "outbound/", "handlers/router.py")
README_PATH = ["bot/webhook.py", "inbox/contract.py", "inbox/scripts.py", "runtime/services.py",
               "workers/jobs.py", "workers/handle.py", "handlers/router.py", "outbound/client.py"]
# Small helpers the path calls into, each read only when changing what it does: the body
# time-out, the worker's context and fault points, the lease renewer, the effects' JSON, and
# the outbound client's call, pause and answer.
HELPERS = ["bot/body_timeout.py", "workers/context.py", "workers/faults.py", "inbox/lease.py",
           "workers/effects.py", "outbound/calls.py", "outbound/pause.py", "outbound/answer.py"]


def _trace(stack: Stack, text: str) -> list[str]:
    """The project files whose code ran, in the order first entered, for one message."""
    seen: dict[str, None] = {}

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        name = frame.f_code.co_filename
        if name.startswith(str(ROOT)) and "/.venv/" not in name:
            seen.setdefault(str(Path(name).relative_to(ROOT)), None)

    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        stack.say(text)
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    return list(seen)


def test_a_text_message_runs_through_the_files_the_readme_names(stack: Stack) -> None:
    stack.say("สวัสดี")  # warm: imports and first connections are not the path
    ran = _trace(stack, "ช่วยเหลือ")
    delivery = [f for f in ran if f.startswith(DELIVERY) and not f.startswith("tests/")]
    named = {*README_PATH, *HELPERS}
    assert set(delivery) == named, (sorted(set(delivery) - named), sorted(named - set(delivery)))
    assert delivery.index("bot/webhook.py") < delivery.index("workers/handle.py") < delivery.index(
        "outbound/client.py")  # in at the edge, handled, out through the one client
