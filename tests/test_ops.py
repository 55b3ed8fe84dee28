"""Operator tools against the real stack: doctor, the dead-letter list and its replay."""

from __future__ import annotations

import json

import pytest

from emulator import sender
from handlers import texts
from tests.cli import run_cli
from tests.stack import SECRET, TOKEN, USER, Stack


@pytest.fixture
def env(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Stack:
    for name, value in {"LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
                        "LINE_API_BASE_URL": stack.emulator_url,
                        "REDIS_URL": stack.settings.redis_url,
                        "DATABASE_URL": stack.settings.database_url}.items():
        monkeypatch.setenv(name, value)
    return stack


def test_doctor_says_what_to_fix(env: Stack) -> None:
    result = run_cli("doctor")
    assert result.exit_code == 1, "no worker is running in this test"
    out = " ".join(result.output.split())
    assert "Workers" in out
    assert "Start `tidtam worker`" in out
    assert "Webhook URL" in out
    assert "/callback, on" in out, "the emulator's console settings are read through the API"
    assert "Migrations" in out
    assert "LINE_CHANNEL_ACCESS_TOKEN" not in out, "the token works"


def test_doctor_names_a_bad_token(env: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "wrong")
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "LINE answered 401" in " ".join(result.output.split())


def test_dead_letter_is_listed_and_replayed_once(env: Stack) -> None:
    event = sender.build_text_event(USER, "ช่วยเหลือ")
    conn = env.services.redis
    conn.rpush("tidtam:dead", json.dumps({"event": event, "conversation": f"user-{USER}",
                                         "buried_at": 1_800_000_000, "error": "boom"}))
    listed = run_cli("dead", "list")
    assert listed.exit_code == 0, listed.output
    flat = " ".join(listed.output.split())
    assert event["webhookEventId"] in flat
    assert "boom" in flat
    assert USER not in flat, "operators see a hash, never the LINE user id"
    assert run_cli("dead", "replay", "nope").exit_code == 2
    replayed = run_cli("dead", "replay", event["webhookEventId"])
    assert replayed.exit_code == 0, replayed.output
    env.run_worker()
    assert env.texts() == [texts.HELP]
    assert conn.llen("tidtam:dead") == 0


def test_metrics_count_events_deferred_answers_and_line_errors(stack: Stack) -> None:
    import time

    import requests

    from workers.resend import pending, resend_due

    requests.post(f"{stack.emulator_url}/_emulator/faults", json={"status": 500, "count": 1},
                  timeout=10).raise_for_status()
    stack.send(text="ช่วยเหลือ")
    event = stack.send(text="อะไรนะ")["event"]
    requests.post(f"{stack.emulator_url}/_emulator/redeliver",
                  json={"webhookEventId": event["webhookEventId"]}, timeout=10)
    stack.run_worker()
    assert stack.texts() == [texts.NOT_UNDERSTOOD_GUEST], \
        "the first answer waits; the second is not held up"
    assert pending(stack.services.redis) == 1
    context = stack.context()
    assert resend_due(stack.services.redis, context.gateway, time.time() + 5) == 1
    assert stack.texts() == [texts.NOT_UNDERSTOOD_GUEST, texts.HELP]
    body = requests.get(f"{stack.bot_url}/metrics", timeout=10).text
    samples = dict(line.rsplit(" ", 1) for line in body.splitlines()
                   if line and not line.startswith("#"))
    assert float(samples["tidtam_events_accepted_total"]) == 2
    assert float(samples["tidtam_events_duplicate_total"]) == 1
    assert float(samples["tidtam_events_failed_total"]) == 0
    assert float(samples["tidtam_events_handled_total"]) == 2
    assert float(samples["tidtam_answers_deferred_total"]) == 1
    assert float(samples['tidtam_line_api_errors_total{status="500"}']) == 1
    assert float(samples["tidtam_queue_depth"]) == 0
    assert float(samples["tidtam_answers_waiting"]) == 0
    assert "tidtam_dead_letters" in samples


def test_metrics_are_for_this_host_or_the_token_only(stack: Stack) -> None:
    import requests

    from bot.metrics import allowed

    assert requests.get(f"{stack.bot_url}/metrics", timeout=10).status_code == 200  # loopback
    proxied = requests.get(f"{stack.bot_url}/metrics", timeout=10,
                           headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 404, "through a reverse proxy: anyone could be asking"
    assert not allowed("", "", "203.0.113.9", forwarded=False)
    stack.services.settings = stack.services.settings.model_copy(
        update={"metrics_token": "s3cret-token"})
    assert requests.get(f"{stack.bot_url}/metrics", timeout=10).status_code == 404
    wrong = requests.get(f"{stack.bot_url}/metrics", timeout=10,
                         headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 404
    right = requests.get(f"{stack.bot_url}/metrics", timeout=10,
                         headers={"Authorization": "Bearer s3cret-token",
                                  "X-Forwarded-For": "203.0.113.9"})
    assert right.status_code == 200
    assert "tidtam_events_accepted" in right.text
