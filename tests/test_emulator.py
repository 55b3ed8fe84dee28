"""The LINE emulator answers the real SDK the way LINE does, and sends signed webhooks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from flask import Flask, Response, request
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    ButtonsTemplate,
    Configuration,
    MessageAction,
    MessagingApi,
    MulticastRequest,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TemplateMessage,
    TextMessage,
)
from linebot.v3.webhook import SignatureValidator, WebhookParser
from linebot.v3.webhooks import (
    FollowEvent,
    GroupSource,
    ImageMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
)
from pydantic.v1 import ValidationError

from emulator import render, sender
from emulator.server import create_emulator_app
from tests.stack import SECRET, TOKEN, USER, serve


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Receiver:
    """A webhook endpoint that checks signatures with the SDK and keeps what it got."""

    secret: str = SECRET
    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)

    def app(self) -> Flask:
        app = Flask("receiver")

        @app.post("/callback")
        def callback() -> Response:
            raw = request.get_data(as_text=True)
            sig = request.headers.get("X-Line-Signature", "")
            if not SignatureValidator(self.secret).validate(raw, sig):
                return Response("bad signature", 400)
            self.bodies.append(json.loads(raw))
            self.events += WebhookParser(self.secret).parse(raw, sig)
            return Response("OK", 200)

        return app


@dataclass
class Emu:
    url: str
    clock: Clock
    receiver: Receiver
    api: MessagingApi

    def send(self, **body: Any) -> dict[str, Any]:
        resp = requests.post(f"{self.url}/_emulator/send", json={"userId": USER, **body},
                             timeout=5)
        assert resp.status_code == 200, resp.text
        result: dict[str, Any] = resp.json()
        return result

    def raw(self, path: str, body: Any, token: str = TOKEN, **headers: str) -> requests.Response:
        return requests.post(f"{self.url}{path}", json=body, timeout=5,
                             headers={"Authorization": f"Bearer {token}", **headers})

    def inbox(self, chat_id: str = USER) -> list[dict[str, Any]]:
        resp = requests.get(f"{self.url}/_emulator/messages", params={"userId": chat_id},
                            timeout=5)
        found: list[dict[str, Any]] = resp.json()["messages"]
        return found


@pytest.fixture
def emu() -> Iterator[Emu]:
    receiver, clock = Receiver(), Clock()
    with serve(receiver.app()) as bot_url:
        app = create_emulator_app(SECRET, f"{bot_url}/callback", TOKEN, clock=clock)
        with serve(app) as url, ApiClient(Configuration(host=url, access_token=TOKEN)) as c:
            yield Emu(url, clock, receiver, MessagingApi(c))


def error_of(exc: pytest.ExceptionInfo[ApiException]) -> dict[str, Any]:
    assert exc.value.headers is not None
    assert exc.value.headers.get("x-line-request-id")
    body: dict[str, Any] = json.loads(exc.value.body)
    return body


def text(s: str) -> TextMessage:
    return TextMessage(text=s)


def test_reply_token_works_once(emu: Emu) -> None:
    token = emu.send(text="สวัสดี")["event"]["replyToken"]
    resp = emu.api.reply_message(ReplyMessageRequest(replyToken=token, messages=[text("ตอบ")]))
    assert resp.sent_messages[0].id
    assert resp.sent_messages[0].quote_token
    assert [m["message"]["text"] for m in emu.inbox()] == ["ตอบ"]
    with pytest.raises(ApiException) as exc:
        emu.api.reply_message(ReplyMessageRequest(replyToken=token, messages=[text("อีก")]))
    assert exc.value.status == 400
    assert error_of(exc)["message"] == "Invalid reply token"
    assert len(emu.inbox()) == 1


def test_reply_token_expires_after_sixty_seconds(emu: Emu) -> None:
    first = emu.send(text="หนึ่ง")["event"]["replyToken"]
    second = emu.send(text="สอง")["event"]["replyToken"]
    emu.clock.now += 59
    emu.api.reply_message(ReplyMessageRequest(replyToken=first, messages=[text("ทัน")]))
    emu.clock.now += 2
    with pytest.raises(ApiException) as exc:
        emu.api.reply_message(ReplyMessageRequest(replyToken=second, messages=[text("สาย")]))
    assert error_of(exc)["message"] == "Invalid reply token"


def test_six_messages_rejected(emu: Emu) -> None:
    token = emu.send(text="hi")["event"]["replyToken"]
    with pytest.raises(ValidationError):  # the SDK itself refuses; bypass it to reach LINE
        ReplyMessageRequest(replyToken=token, messages=[text("x")] * 6)
    six = ReplyMessageRequest.construct(reply_token=token, messages=[text("x")] * 6)
    with pytest.raises(ApiException) as exc:
        emu.api.reply_message(six)
    assert exc.value.status == 400
    assert error_of(exc) == {"message": "The request body has 1 error(s)", "details": [
        {"message": "Size must be between 1 and 5", "property": "messages"}]}
    emu.api.reply_message(ReplyMessageRequest(replyToken=token, messages=[text("x")] * 5))
    assert len(emu.inbox()) == 5


def test_text_longer_than_5000_rejected(emu: Emu) -> None:
    with pytest.raises(ApiException) as exc:
        emu.api.push_message(PushMessageRequest(to=USER, messages=[text("ก" * 5001)]))
    assert exc.value.status == 400
    assert error_of(exc)["details"] == [
        {"message": "Length must be between 0 and 5000", "property": "messages[0].text"}]
    emu.api.push_message(PushMessageRequest(to=USER, messages=[text("ก" * 5000)]))
    assert len(emu.inbox()) == 1


def quick(n: int) -> QuickReply:
    items = [QuickReplyItem(action=MessageAction(label=f"{i}", text=f"{i}")) for i in range(n)]
    return QuickReply.construct(items=items)


def test_fourteen_quick_reply_items_rejected(emu: Emu) -> None:
    msg = TextMessage.construct(type="text", text="เลือก", quick_reply=quick(14))
    with pytest.raises(ApiException) as exc:
        emu.api.push_message(PushMessageRequest.construct(to=USER, messages=[msg]))
    assert error_of(exc)["details"][0]["property"] == "messages[0].quickReply.items"
    ok = TextMessage(text="เลือก", quickReply=quick(13))
    emu.api.push_message(PushMessageRequest(to=USER, messages=[ok]))


def test_postback_data_over_300_rejected_where_it_is(emu: Emu) -> None:
    tpl = ButtonsTemplate(text="t", actions=[PostbackAction(label="a", data="d" * 300),
                                             PostbackAction(label="b", data="x")])
    msg = TemplateMessage(altText="alt", template=tpl).to_dict()
    msg["template"]["actions"][1]["data"] = "d" * 301
    resp = emu.raw("/v2/bot/message/push", {"to": USER, "messages": [msg]})
    assert resp.status_code == 400
    assert resp.json()["details"] == [{"message": "Length must be between 0 and 300",
                                       "property": "messages[0].template.actions[1].data"}]


def test_multicast_limit_and_unknown_type(emu: Emu) -> None:
    users = [f"U{i:032x}" for i in range(501)]
    resp = emu.raw("/v2/bot/message/multicast", {"to": users, "messages": [{"type": "text",
                                                                            "text": "x"}]})
    assert resp.status_code == 400
    assert resp.json()["details"][0]["property"] == "to"
    emu.api.multicast(MulticastRequest(to=users[:500], messages=[text("ประกาศ")]))
    assert [m["message"]["text"] for m in emu.inbox(users[499])] == ["ประกาศ"]
    resp = emu.raw("/v2/bot/message/push", {"to": USER, "messages": [{"type": "poll"}]})
    assert resp.status_code == 400
    assert resp.json()["details"][0]["property"] == "messages[0].type"


def test_retry_key_repeat_gets_409_and_delivers_once(emu: Emu) -> None:
    key = str(uuid.uuid4())
    req = PushMessageRequest(to=USER, messages=[text("แจ้งเตือน")])
    first = emu.api.push_message_with_http_info(req, x_line_retry_key=key)
    with pytest.raises(ApiException) as exc:
        emu.api.push_message(req, x_line_retry_key=key)
    assert exc.value.status == 409
    assert exc.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert error_of(exc)["sentMessages"][0]["id"] == first.data.sent_messages[0].id
    assert len(emu.inbox()) == 1
    with pytest.raises(ApiException) as bad:
        emu.api.push_message(req, x_line_retry_key="not-a-uuid")
    assert bad.value.status == 400
    calls = requests.get(f"{emu.url}/_emulator/calls", timeout=5).json()["calls"]
    assert [(c["status"], c["retryKey"]) for c in calls] == [
        (200, key), (409, key), (400, "not-a-uuid")]


def test_loading_animation_validated(emu: Emu) -> None:
    resp = emu.api.show_loading_animation_with_http_info(
        ShowLoadingAnimationRequest(chatId=USER, loadingSeconds=10))
    assert resp.status_code == 202
    with pytest.raises(ApiException) as exc:  # the SDK lets 7 through; LINE does not
        emu.api.show_loading_animation(ShowLoadingAnimationRequest(chatId=USER, loadingSeconds=7))
    assert error_of(exc)["details"][0]["property"] == "loadingSeconds"


def test_bad_bearer_token_gets_401(emu: Emu) -> None:
    wrong = PushMessageRequest(to=USER, messages=[text("x")])
    with (ApiClient(Configuration(host=emu.url, access_token="wrong")) as client,
          pytest.raises(ApiException) as exc):
        MessagingApi(client).push_message(wrong)
    assert exc.value.status == 401
    assert error_of(exc)["message"].startswith("Authentication failed")
    resp = requests.post(f"{emu.url}/v2/bot/message/push", json={}, timeout=5)
    assert resp.status_code == 401
    assert emu.inbox() == []


def test_profile_uses_registered_display_name(emu: Emu) -> None:
    with pytest.raises(ApiException) as unknown:
        emu.api.get_profile("U" + "b" * 32)
    assert unknown.value.status == 404, "a user never seen is not found, as at LINE"
    emu.send(type="follow", displayName="สมชาย ใจดี")
    profile = emu.api.get_profile(USER)
    assert (profile.display_name, profile.language) == ("สมชาย ใจดี", "th")


def test_body_over_2mb_gets_413(emu: Emu) -> None:
    resp = emu.raw("/v2/bot/message/push", {"to": USER, "messages": [
        {"type": "text", "text": "x" * (2 * 1024 * 1024)}]})
    assert resp.status_code == 413
    assert resp.headers["x-line-request-id"]


def test_send_signs_and_builds_a_realistic_event(emu: Emu) -> None:
    result = emu.send(text="รายงานความคืบหน้า")
    assert result["status"] == 200
    event = result["event"]
    assert len(event["webhookEventId"]) == 26
    assert event["timestamp"] == int(emu.clock.now * 1000)
    assert event["deliveryContext"] == {"isRedelivery": False}
    (parsed,) = emu.receiver.events
    assert isinstance(parsed, MessageEvent)
    assert isinstance(parsed.message, TextMessageContent)
    assert (parsed.message.text, parsed.source.user_id) == ("รายงานความคืบหน้า", USER)
    assert parsed.mode.value == "active"
    assert parsed.message.quote_token


def test_wrong_secret_is_caught_by_the_bot() -> None:
    receiver = Receiver(secret="another-secret")
    with serve(receiver.app()) as bot_url:
        app = create_emulator_app(SECRET, f"{bot_url}/callback", TOKEN)
        with serve(app) as url:
            resp = requests.post(f"{url}/_emulator/send", json={"userId": USER, "text": "x"},
                                 timeout=5)
    assert resp.json()["status"] == 400
    assert receiver.events == []


def test_redeliver_keeps_ids_and_flags_redelivery(emu: Emu) -> None:
    event = emu.send(postback={"data": "action=confirm"})["event"]
    resp = requests.post(f"{emu.url}/_emulator/redeliver",
                         json={"webhookEventId": event["webhookEventId"]}, timeout=5)
    again = resp.json()["event"]
    assert resp.json()["status"] == 200
    assert again["deliveryContext"] == {"isRedelivery": True}
    assert {k: v for k, v in again.items() if k != "deliveryContext"} == {
        k: v for k, v in event.items() if k != "deliveryContext"}
    first, second = emu.receiver.events
    assert first.webhook_event_id == second.webhook_event_id
    assert first.reply_token == second.reply_token
    assert second.delivery_context.is_redelivery is True


def test_calls_since_and_reset(emu: Emu) -> None:
    emu.api.push_message(PushMessageRequest(to=USER, messages=[text("1")]))
    emu.api.push_message(PushMessageRequest(to=USER, messages=[text("2")]))
    url = f"{emu.url}/_emulator/calls"
    calls = requests.get(url, timeout=5).json()["calls"]
    assert [c["body"]["messages"][0]["text"] for c in calls] == ["1", "2"]
    later = requests.get(url, params={"since": calls[0]["seq"]}, timeout=5).json()["calls"]
    assert [c["seq"] for c in later] == [calls[1]["seq"]]
    requests.delete(url, timeout=5)
    assert requests.get(url, timeout=5).json()["calls"] == []
    assert emu.inbox() == []


def test_group_event_reply_goes_to_the_group(emu: Emu) -> None:
    event = emu.send(sourceType="group", groupId="C" + "1" * 32, text="ทุกคน")["event"]
    assert isinstance(emu.receiver.events[0].source, GroupSource)
    emu.api.reply_message(ReplyMessageRequest(replyToken=event["replyToken"],
                                              messages=[text("รับทราบ")]))
    assert len(emu.inbox("C" + "1" * 32)) == 1
    assert emu.inbox() == []


def test_builders_parse_as_sdk_events() -> None:
    events = [sender.build_follow_event(USER), sender.build_unfollow_event(USER),
              sender.build_postback_event(USER, "d=1", {"date": "2025-01-31"}),
              sender.build_sticker_event(USER), sender.build_image_event(USER)]
    raw = sender.encode(sender.webhook_body(*events)).decode()
    parsed = WebhookParser(SECRET).parse(raw, sender.sign(raw.encode(), SECRET))
    assert [type(e) for e in parsed[:3]] == [FollowEvent, UnfollowEvent, PostbackEvent]
    assert parsed[2].postback.params == {"date": "2025-01-31"}
    assert isinstance(parsed[3].message, StickerMessageContent)
    assert isinstance(parsed[4].message, ImageMessageContent)
    assert "replyToken" not in events[1]


FLEX = {"type": "flex", "altText": "โครงการ", "contents": {
    "type": "bubble",
    "hero": {"type": "image", "url": "https://example.com/a.png"},
    "body": {"type": "box", "layout": "vertical", "contents": [
        {"type": "text", "text": "ซ่อมถนนซอย 5"},
        {"type": "box", "layout": "horizontal", "contents": [
            {"type": "text", "text": "สถานะ"}, {"type": "text", "text": "ล่าช้า"}]}]},
    "footer": {"type": "box", "layout": "vertical", "contents": [
        {"type": "button", "action": {"type": "postback", "label": "รายงาน",
                                      "data": "report=5", "displayText": "รายงาน"}},
        {"type": "button", "action": {"type": "uri", "label": "แผนที่",
                                      "uri": "https://maps.example"}}]}}}
ASK = {"type": "text", "text": "ต้องการอะไร", "quickReply": {"items": [
    {"type": "action", "action": {"type": "message", "label": "ใช่", "text": "ใช่ครับ"}},
    {"type": "action", "action": {"type": "postback", "label": "ไม่", "data": "no=1"}}]}}


def test_render_flex_bubble_and_quick_replies() -> None:
    assert render.render_message(FLEX).splitlines() == [
        "[รูปภาพ] https://example.com/a.png", "ซ่อมถนนซอย 5", "สถานะ  ล่าช้า",
        "  [1] รายงาน", "  [2] แผนที่ → https://maps.example"]
    batch = [FLEX, ASK]
    assert render.render_messages(batch)[1].splitlines() == [
        "ต้องการอะไร", "  (3) ใช่", "  (4) ไม่"]
    picked = render.choices(batch)
    assert [(c.label, c.kind) for c in picked] == [
        ("รายงาน", "postback"), ("แผนที่", "uri"), ("ใช่", "message"), ("ไม่", "postback")]
    assert (picked[0].data, picked[2].text) == ("report=5", "ใช่ครับ")
    assert render.choices([ASK, FLEX])[-1].label == "แผนที่"  # quick replies only on the last
    assert render.render_messages([ASK, FLEX])[0] == "ต้องการอะไร"


def bubble(title: str) -> dict[str, Any]:
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": [
        {"type": "text", "text": title},
        {"type": "button", "action": {"type": "message", "label": f"เปิด {title}",
                                      "text": title}}]}}


def test_carousel_rendered_numbered_and_limited_to_12(emu: Emu) -> None:
    two = {"type": "flex", "altText": "a", "contents": {
        "type": "carousel", "contents": [bubble("ก"), bubble("ข")]}}
    assert render.render_message(two).splitlines() == [
        "──────────── 1/2", "ก", "  [1] เปิด ก", "──────────── 2/2", "ข", "  [2] เปิด ข"]
    thirteen: dict[str, Any] = {"type": "flex", "altText": "a", "contents": {
        "type": "carousel", "contents": [bubble(str(i)) for i in range(13)]}}
    resp = emu.raw("/v2/bot/message/push", {"to": USER, "messages": [thirteen]})
    assert resp.status_code == 400
    assert resp.json()["details"][0]["property"] == "messages[0].contents.contents"
    thirteen["contents"]["contents"].pop()
    assert emu.raw("/v2/bot/message/push", {"to": USER, "messages": [thirteen]}).ok


def test_render_template_and_media() -> None:
    confirm = {"type": "template", "altText": "ยืนยัน", "template": {
        "type": "confirm", "text": "ส่งรายงาน?", "actions": [
            {"type": "message", "label": "ส่ง", "text": "ส่ง"},
            {"type": "message", "label": "แก้", "text": "แก้"}]}}
    assert render.render_message(confirm) == "ส่งรายงาน?\n  [1] ส่ง\n  [2] แก้"
    image = {"type": "image", "originalContentUrl": "https://x/y.jpg"}
    assert render.render_message(image) == "[รูปภาพ] https://x/y.jpg"
