"""Chat with the bot in a terminal, through the emulator, as a LINE user would."""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from rich.console import Console
from rich.text import Text

from emulator.render import Choice, choice_of, choices, render_messages

JSON = dict[str, Any]
EVENT_COMMANDS = ("follow", "unfollow", "sticker", "image", "video", "file")
PHOTO_COMMANDS = ("/รูป ", "/image ", "/photo ")  # `/รูป path/to/file.jpg` sends that photo
PARAM_FORMATS = {"date": "YYYY-MM-DD", "time": "HH:MM", "datetime": "YYYY-MM-DDTHH:MM"}
HELP = ("พิมพ์ข้อความแล้วกด Enter, พิมพ์ตัวเลขเพื่อเลือกตัวเลือก [n]/(n), "
        "m1 m2 … แตะเมนู (/menu แสดงเมนู), "
        "/follow /unfollow /sticker /image ส่งเหตุการณ์, /รูป ไฟล์.jpg ส่งรูป, /quit ออก")


@dataclass
class _Chat:
    url: str
    user_id: str
    display_name: str
    http: requests.Session
    out: Console
    input_fn: Callable[[str], str]
    first_wait: float
    quiet: float
    poll_every: float
    since: int = 0
    shown: list[Choice] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    menu_name: str | None = None
    menu: list[Choice] = field(default_factory=list)

    def refresh_menu(self, always: bool = False) -> None:
        """Fetch the rich menu the user sees; print it as shortcuts when it changed."""
        try:
            resp = self.http.get(f"{self.url}/_emulator/richmenu",
                                 params={"userId": self.user_id}, timeout=5)
            found: JSON | None = resp.json().get("menu") if resp.ok else None
        except requests.RequestException:
            return
        name = found.get("name") if found else None
        if name == self.menu_name and not always:
            return
        self.menu_name = name
        areas = found.get("areas", []) if found else []
        self.menu = [choice_of(a["action"]) for a in areas if isinstance(a.get("action"), dict)]
        if self.menu:
            tiles = "  ".join(f"[m{n}] {c.label}" for n, c in enumerate(self.menu, 1))
            self.out.print(Text(f"เมนู: {tiles}", style="magenta"))
        elif always:
            self.out.print(Text("(ยังไม่มีเมนู)", style="dim"))

    def watch(self, stop: threading.Event, every: float = 1.0) -> None:
        """Show messages pushed to the user (reminders) as they arrive, between turns."""
        while not stop.wait(every):
            with self.lock:
                try:
                    found = self.fetch()
                except requests.RequestException:
                    continue
                if found:
                    self.show([m["message"] for m in found], "บอท (ส่งถึงคุณ)> ")

    def show(self, messages: list[JSON], prefix: str = "บอท> ") -> None:
        """Print the bot's messages and remember their choices."""
        for rendered in render_messages(messages):
            self.out.print(Text(prefix, style="bold green") + Text(rendered))
        self.shown = choices(messages)

    def fetch(self) -> list[JSON]:
        """Messages delivered to the user since the last one seen."""
        resp = self.http.get(f"{self.url}/_emulator/messages",
                             params={"userId": self.user_id, "since": str(self.since)}, timeout=5)
        resp.raise_for_status()
        found: list[JSON] = resp.json()["messages"]
        if found:
            self.since = found[-1]["seq"]
        return found

    def poll(self) -> list[JSON]:
        """Wait for the bot's answers: up to first_wait for one, then until quiet."""
        got: list[JSON] = []
        start = last = time.monotonic()
        while True:
            new = self.fetch()
            now = time.monotonic()
            if new:
                got, last = got + new, now
            if (got and now - last >= self.quiet) or (not got and now - start >= self.first_wait):
                return [m["message"] for m in got]
            time.sleep(self.poll_every)

    def payload(self, line: str) -> JSON | None:
        """What to send for a typed line, or None when there is nothing to send."""
        if line == "/menu":
            self.refresh_menu(always=True)
            return None
        photo = next((line[len(p):].strip() for p in PHOTO_COMMANDS if line.startswith(p)), "")
        if photo:
            return self.photo(photo)
        if line.startswith("/"):
            if line[1:] in EVENT_COMMANDS:
                return {"type": line[1:]}
            self.out.print(HELP, markup=False)
            return None
        if line.isdigit() and 1 <= int(line) <= len(self.shown):
            return self.pick(self.shown[int(line) - 1])
        tile = re.fullmatch(r"[mM](\d+)", line)
        if tile and 1 <= int(tile.group(1)) <= len(self.menu):
            return self.pick(self.menu[int(tile.group(1)) - 1])
        return {"text": line}

    def photo(self, path: str) -> JSON | None:
        """What sending the photo at path sends (its bytes, base64), or None if unreadable."""
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as exc:
            self.out.print(Text(f"! เปิดไฟล์ไม่ได้: {exc}", style="bold red"))
            return None
        self.out.print(Text(f"→ [รูปภาพ] {Path(path).name} ({len(data):,} ไบต์)", style="cyan"))
        return {"image": base64.b64encode(data).decode()}

    def pick(self, choice: Choice) -> JSON | None:
        """What tapping a choice sends, as LINE would send it."""
        if choice.kind == "message":
            text = choice.text or choice.label
            self.out.print(Text(f"→ {text}", style="cyan"))
            return {"text": text}
        if choice.kind == "postback":
            self.out.print(Text(f"→ {choice.display_text or choice.label}", style="cyan"))
            return {"postback": {"data": choice.data or ""}}
        if choice.kind == "datetimepicker":
            mode = choice.mode or "date"
            value = self.input_fn(f"{choice.label} ({PARAM_FORMATS.get(mode, mode)}): ").strip()
            return {"postback": {"data": choice.data or "", "params": {mode: value}}}
        if choice.uri:
            self.out.print(Text(f"เปิดลิงก์: {choice.uri}", style="blue"))
        else:
            self.out.print(Text(f"ตัวเลือกแบบ {choice.kind} ใช้ในโปรแกรมจำลองไม่ได้", style="red"))
        return None

    def send(self, payload: JSON) -> None:
        """Send one event through the emulator and show whatever the bot answers."""
        body = {"userId": self.user_id, "displayName": self.display_name, **payload}
        resp = self.http.post(f"{self.url}/_emulator/send", json=body, timeout=30)
        result: JSON = resp.json()
        status = result.get("status")
        if resp.status_code != 200 or not isinstance(status, int) or status >= 300:
            detail = result.get("error") or result.get("message") or f"HTTP {status}"
            self.out.print(Text(f"! ส่งถึงบอทไม่สำเร็จ: {detail}", style="bold red"))
        if payload.get("type") == "unfollow":
            return
        messages = self.poll()
        if not messages:
            self.out.print(Text("(บอทไม่ตอบ)", style="dim"))
        else:
            self.show(messages)
        self.refresh_menu()


def run_chat(emulator_url: str, user_id: str, display_name: str,
             input_fn: Callable[[str], str] = input, output: Console | None = None, *,
             first_wait: float = 10.0, quiet: float = 1.0, poll_every: float = 0.1,
             session: requests.Session | None = None, watch: bool = False) -> None:
    """Read lines from input_fn, send them as the user, print the bot's answers.

    With watch, messages pushed to the user (reminders) are shown as they arrive.
    """
    out = output or Console()
    chat = _Chat(emulator_url.rstrip("/"), user_id, display_name, session or requests.Session(),
                 out, input_fn, first_wait, quiet, poll_every)
    try:
        chat.fetch()
    except requests.ConnectionError:
        out.print(f"The LINE emulator does not answer at {emulator_url}: start the bot first "
                  "(`make run` or `tidtam run`) and keep it running in another terminal.",
                  markup=False)
        return
    out.print(Text(f"คุยกับบอทในฐานะ {display_name} ({user_id})", style="bold"))
    out.print(HELP, markup=False)
    chat.refresh_menu()
    stop = threading.Event()
    if watch:
        threading.Thread(target=chat.watch, args=(stop,), daemon=True).start()
    try:
        _loop(chat, input_fn)
    finally:
        stop.set()


def _loop(chat: _Chat, input_fn: Callable[[str], str]) -> None:
    """Read and send lines until /quit or end of input."""
    while True:
        try:
            line = input_fn("คุณ> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if line == "/quit":
            break
        with chat.lock:
            payload = chat.payload(line) if line else None
            if payload is not None:
                chat.send(payload)
