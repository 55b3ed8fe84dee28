"""The chat console talks to a bot through the emulator, as a person in LINE would."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask import Flask, request
from linebot.v3.messaging import (
    ApiClient,
    ButtonsTemplate,
    Configuration,
    DatetimePickerAction,
    MessageAction,
    MessagingApi,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TemplateMessage,
    TextMessage,
)
from linebot.v3.webhook import WebhookParser
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent
from rich.console import Console

from emulator.console import run_chat
from emulator.server import create_emulator_app
from tests.stack import SECRET, TOKEN, USER, serve

QUICK = QuickReply(items=[
    QuickReplyItem(action=MessageAction(label="ใช่", text="ใช่ครับ")),
    QuickReplyItem(action=PostbackAction(label="ยกเลิก", data="action=cancel",
                                         displayText="ยกเลิก"))])


def stub_bot(emulator: dict[str, str], seen: list[Any]) -> Flask:
    """A bot that answers through the real SDK, partly later as a worker would."""
    app = Flask("stub-bot")

    def api() -> MessagingApi:
        return MessagingApi(ApiClient(Configuration(host=emulator["url"], access_token=TOKEN)))

    def later(user_id: str) -> None:
        time.sleep(0.15)
        late = TextMessage(text="ตามมา เลือกเลย", quickReply=QUICK)
        api().push_message(PushMessageRequest(to=user_id, messages=[late]))

    def answer(event: Any) -> list[Any]:
        if isinstance(event, FollowEvent):
            return [TextMessage(text="ยินดีต้อนรับ")]
        if isinstance(event, PostbackEvent):
            return [TextMessage(text=f"postback {event.postback.data} {event.postback.params}")]
        if event.message.type == "image":
            return [TextMessage(text="ได้รับรูปแล้ว")]  # answered: the console waits no longer
        said = event.message.text
        if said == "สวัสดี":
            threading.Thread(target=later, args=(event.source.user_id,)).start()
            return [TextMessage(text="ได้รับ: สวัสดี")]
        if said == "นัด":
            pick = DatetimePickerAction(label="เลือกวัน", data="due", mode="date")
            return [TemplateMessage(altText="นัด", template=ButtonsTemplate(
                text="กำหนดส่ง", actions=[pick]))]
        return [TextMessage(text=f"คุณพิมพ์ {said}")]

    @app.post("/callback")
    def callback() -> str:
        raw = request.get_data(as_text=True)
        for event in WebhookParser(SECRET).parse(raw, request.headers["X-Line-Signature"]):
            seen.append(event)
            if isinstance(event, MessageEvent | PostbackEvent | FollowEvent):
                api().reply_message(ReplyMessageRequest(replyToken=event.reply_token,
                                                        messages=answer(event)))
        return "OK"

    return app


@pytest.fixture
def chat_world() -> Iterator[tuple[str, list[Any]]]:
    emulator: dict[str, str] = {}
    seen: list[Any] = []
    with serve(stub_bot(emulator, seen)) as bot_url, serve(
            create_emulator_app(SECRET, f"{bot_url}/callback", TOKEN)) as url:
        emulator["url"] = url
        yield url, seen


def chat(url: str, lines: list[str]) -> str:
    script = iter(lines)
    prompts: list[str] = []

    def scripted(prompt: str) -> str:
        prompts.append(prompt)
        return next(script)

    out = Console(file=io.StringIO(), width=120, color_system=None)
    run_chat(url, USER, "สมหญิง", scripted, out, first_wait=3, quiet=0.3, poll_every=0.02)
    assert next(script, None) is None, "the console stopped before the script ended"
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def test_reply_shown_and_choice_one_sends_its_text(chat_world: tuple[str, list[Any]]) -> None:
    url, seen = chat_world
    shown = chat(url, ["สวัสดี", "1", "/quit"])
    assert "บอท> ได้รับ: สวัสดี" in shown
    assert "(1) ใช่" in shown
    assert "(2) ยกเลิก" in shown
    assert "บอท> ตามมา เลือกเลย" in shown  # the late push, as a worker sends it, is awaited
    assert [e.message.text for e in seen] == ["สวัสดี", "ใช่ครับ"]
    assert "บอท> คุณพิมพ์ ใช่ครับ" in shown
    profile = requests.get(f"{url}/v2/bot/profile/{USER}", timeout=5,
                           headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert profile["displayName"] == "สมหญิง"


def test_postback_and_datetime_choices(chat_world: tuple[str, list[Any]]) -> None:
    url, seen = chat_world
    shown = chat(url, ["/follow", "สวัสดี", "2", "นัด", "1", "2025-01-31", "7", "/quit"])
    assert "บอท> ยินดีต้อนรับ" in shown
    assert "บอท> postback action=cancel None" in shown
    assert "[1] เลือกวัน (เลือกวัน/เวลา)" in shown
    assert "บอท> postback due {'date': '2025-01-31'}" in shown
    assert "บอท> คุณพิมพ์ 7" in shown  # a number with no such choice is sent as text
    assert [type(e).__name__ for e in seen] == [
        "FollowEvent", "MessageEvent", "PostbackEvent", "MessageEvent", "PostbackEvent",
        "MessageEvent"]


def test_rich_menu_shown_as_numbered_shortcuts(chat_world: tuple[str, list[Any]]) -> None:
    url, seen = chat_world
    auth = {"Authorization": f"Bearer {TOKEN}"}
    menu = {"size": {"width": 2500, "height": 843}, "selected": True, "name": "m",
            "chatBarText": "เมนู", "areas": [
                {"bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
                 "action": {"type": "message", "label": "ส่งรายงาน", "text": "รายงาน"}},
                {"bounds": {"x": 1250, "y": 0, "width": 1250, "height": 843},
                 "action": {"type": "message", "label": "ช่วยเหลือ", "text": "ช่วยเหลือ"}}]}
    menu_id = requests.post(f"{url}/v2/bot/richmenu", json=menu, headers=auth,
                            timeout=5).json()["richMenuId"]
    linked = requests.post(f"{url}/v2/bot/user/{USER}/richmenu/{menu_id}", headers=auth,
                           timeout=5)
    assert linked.status_code == 400, "LINE wants the picture first"
    requests.post(f"{url}/v2/bot/richmenu/{menu_id}/content", data=b"\x89PNG fake",
                  headers={**auth, "Content-Type": "image/png"}, timeout=5)
    assert requests.post(f"{url}/v2/bot/user/{USER}/richmenu/{menu_id}", headers=auth,
                         timeout=5).status_code == 200
    shown = chat(url, ["m1", "/menu", "m2", "/quit"])
    assert "เมนู: [m1] ส่งรายงาน  [m2] ช่วยเหลือ" in shown
    assert [e.message.text for e in seen] == ["รายงาน", "ช่วยเหลือ"]


def test_a_photo_typed_as_a_path_becomes_an_image_event_whose_content_is_served(
        chat_world: tuple[str, list[Any]], tmp_path) -> None:
    url, seen = chat_world
    photo = tmp_path / "site.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 pretend jpeg bytes")
    shown = chat(url, [f"/รูป {photo}", "/image", "/รูป /no/such/file.jpg", "/quit"])
    assert "→ [รูปภาพ] site.jpg" in shown
    assert "เปิดไฟล์ไม่ได้" in shown
    images = [e for e in seen if getattr(e, "message", None) is not None
              and e.message.type == "image"]
    assert len(images) == 2
    auth = {"Authorization": f"Bearer {TOKEN}"}
    content = requests.get(f"{url}/v2/bot/message/{images[0].message.id}/content",
                           headers=auth, timeout=5)
    assert content.content == photo.read_bytes()
    missing = requests.get(f"{url}/v2/bot/message/{images[1].message.id}/content",
                           headers=auth, timeout=5)
    assert missing.status_code == 404  # no content uploaded: as LINE after it expired
