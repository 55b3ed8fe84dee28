"""The webhook as LINE uses it: signed requests in, API calls out, seen at the emulator."""

from __future__ import annotations

import json

import redis

from emulator import sender
from handlers import texts
from tests.stack import USER, Stack


def _inbox_keys(conn: redis.Redis) -> list[bytes]:
    return list(conn.scan_iter(match="tidtam:inbox:*"))


def test_text_message_gets_help_reply(stack: Stack) -> None:
    result = stack.send(text="สวัสดีครับ")
    assert result["status"] == 200
    stack.run_worker()
    assert stack.texts() == [texts.HELP]
    reply_calls = [c for c in stack.calls() if c["path"].endswith("/reply")]
    assert len(reply_calls) == 1
    assert reply_calls[0]["status"] == 200


def test_follow_gets_thai_greeting(stack: Stack) -> None:
    stack.send(type="follow")
    stack.run_worker()
    assert stack.texts() == [texts.GREETING]
    assert "ลงทะเบียน" in stack.texts()[0]


def test_wrong_signature_is_rejected_and_nothing_queued(stack: Stack, redis_conn) -> None:
    body = sender.webhook_body(sender.build_text_event(USER, "hi"))
    assert stack.post(body, signature="d3Jvbmc=") == 400
    assert stack.post(body, signature=None) == 400
    assert _inbox_keys(redis_conn) == []
    assert len(stack.services.queue) == 0
    stack.run_worker()
    assert stack.calls() == []


def test_signature_over_other_bytes_is_rejected(stack: Stack) -> None:
    body = sender.webhook_body(sender.build_text_event(USER, "hi"))
    raw = sender.encode(body)
    tampered = raw.replace(b'"hi"', b'"ho"')
    assert stack.post(tampered, signature=sender.sign(raw, "test-channel-secret")) == 400


def test_signed_non_webhook_body_is_rejected(stack: Stack, redis_conn) -> None:
    for raw in (b"hello", b"[]", b'{"events": "x"}', b'{"events": [1]}', b"\xff\xfe"):
        assert stack.post(raw) == 400
    assert _inbox_keys(redis_conn) == []


def test_verification_request_gets_200(stack: Stack) -> None:
    assert stack.post({"destination": "U0", "events": []}) == 200


def test_body_over_one_mebibyte_gets_413(stack: Stack) -> None:
    big = sender.webhook_body(sender.build_text_event(USER, "ก" * (600 * 1024)))
    assert stack.post(big) == 413


def test_duplicate_and_redelivered_events_are_handled_once(stack: Stack) -> None:
    event = stack.send(text="ช่วยเหลือ")["event"]
    body = sender.webhook_body(event)
    assert stack.post(body) == 200  # the same delivery twice
    redelivered = requests_redeliver(stack, event["webhookEventId"])
    assert redelivered == 200
    stack.run_worker()
    assert stack.texts() == [texts.HELP]


def requests_redeliver(stack: Stack, event_id: str) -> int:
    import requests

    resp = requests.post(f"{stack.emulator_url}/_emulator/redeliver",
                         json={"webhookEventId": event_id}, timeout=10)
    return int(resp.json()["status"])


def test_group_hears_one_to_one_notice_once_on_join_then_quiet(stack: Stack) -> None:
    group = "C" + "b" * 32
    stack.send(type="join", sourceType="group", groupId=group)
    stack.send(text="สถานะ", sourceType="group", groupId=group)
    stack.send(text="ขอบคุณครับ", sourceType="group", groupId=group)
    stack.run_worker()
    assert stack.texts(group) == [texts.GROUP_ONLY_ONE_TO_ONE]


def test_sticker_and_image_get_help(stack: Stack) -> None:
    stack.send(type="sticker")
    stack.send(type="image")
    stack.run_worker()
    assert stack.texts() == [texts.NON_TEXT, f"{texts.PHOTO_FOR_REPORTS}\n\n{texts.GUEST_NEXT}"]
    assert "รับได้เฉพาะข้อความตัวอักษรและรูปภาพ" in texts.NON_TEXT  # photos are taken now


def test_unknown_event_type_is_ignored(stack: Stack) -> None:
    event = sender.build_text_event(USER, "x")
    event = {**event, "type": "somethingNew", "message": None}
    event.pop("replyToken", None)
    assert stack.post(sender.webhook_body(event)) == 200
    stack.run_worker()
    assert stack.calls() == []


def test_redis_down_gives_503_and_redelivery_is_handled(stack: Stack, redis_conn) -> None:
    good = stack.services.redis
    stack.services.redis = redis.Redis.from_url("unix:///nonexistent/redis.sock",
                                                socket_connect_timeout=0.2)
    try:
        result = stack.send(text="ช่วยเหลือ")
    finally:
        stack.services.redis = good
    assert result["status"] == 503
    assert _inbox_keys(redis_conn) == []
    event_id = result["event"]["webhookEventId"]
    assert requests_redeliver(stack, event_id) == 200  # LINE redelivers the same event
    assert requests_redeliver(stack, event_id) == 200
    stack.run_worker()
    assert [c["status"] for c in stack.calls()] == [200]
    assert stack.texts() == [texts.HELP]


def test_healthz_reports_database_and_redis(stack: Stack) -> None:
    import requests

    resp = requests.get(f"{stack.bot_url}/healthz", timeout=5)
    assert resp.status_code == 200
    assert resp.json() == {"ok": True, "database": True, "redis": True, "workers": 0}
    good = stack.services.redis
    stack.services.redis = redis.Redis.from_url("unix:///nonexistent/redis.sock",
                                                socket_connect_timeout=0.2)
    try:
        resp = requests.get(f"{stack.bot_url}/healthz", timeout=5)
    finally:
        stack.services.redis = good
    assert resp.status_code == 503
    assert resp.json()["redis"] is False


def test_odd_signed_bodies_from_the_fault_report_are_accepted_not_500(stack: Stack,
                                                                      redis_conn) -> None:
    good = sender.build_text_event(USER, "ช่วยเหลือ")
    odd = [
        {**sender.build_text_event(USER, "a"), "source": "U" + "a" * 32},
        {**sender.build_text_event(USER, "b"), "source": ["U" + "a" * 32]},
        {**sender.build_text_event(USER, "c"), "deliveryContext": "redelivery"},
        sender.build_text_event(USER, "\ud800 สวัสดี"),
    ]
    for event in odd:
        raw = json.dumps({"destination": "U0", "events": [event, good]}).encode()
        assert stack.post(raw) == 200
        good = sender.build_text_event(USER, "ช่วยเหลือ")
    stack.run_worker()
    assert texts.HELP in stack.texts(), "the good events of each batch were answered"
    assert "\ufffd สวัสดี" not in " ".join(stack.texts())
    assert redis_conn.llen("tidtam:dead") == 0
