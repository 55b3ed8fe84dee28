"""Officers attach photos to reports by sending them in the chat, through signed webhooks;
the worker fetches each from the emulator's content endpoint (LINE's api-data host)."""

from __future__ import annotations

import base64
import io
from typing import Any

import requests
from PIL import Image
from sqlalchemy import select

from conversations import prompts
from handlers import photo_texts as pt
from storage.models import AuditLog, ProgressReport, ReportPhoto
from tests.photo_kit import gps_jpeg, has_gps
from tests.stack import USER, Stack, body, quick
from tests.test_report_flow import CODE, OTHER, _invite, _seed

FIELDS = ("ประชุมชี้แจงแล้ว", "40", "0", "ตามแผน", "ตามเป้า", "-", "-")


def _officer(stack: Stack, reports: int = 0) -> None:
    _seed(stack, reports=reports)
    assert "ลงทะเบียนเรียบร้อยแล้ว" in stack.say(f"ลงทะเบียน {_invite(stack)}")[-1]


def _photo(stack: Stack, data: bytes, run: bool = True) -> list[str]:
    before = len(stack.messages())
    sent = stack.send(image=base64.b64encode(data).decode(), userId=USER)
    assert sent["status"] == 200
    if run:
        stack.run_worker()
    return [body(m["message"]) for m in stack.messages()[before:]]


def _rows(stack: Stack) -> list[ReportPhoto]:
    with stack.services.sessions() as s:
        return list(s.scalars(select(ReportPhoto).order_by(ReportPhoto.id)))


def _content_calls(stack: Stack) -> list[dict[str, object]]:
    return [c for c in stack.calls() if c["path"].endswith("/content")]


def _draft_to_summary(stack: Stack) -> None:
    out = stack.say("รายงาน", *FIELDS)
    assert "สรุป" in out[-2] or "สรุป" in out[-1]


def test_officer_files_a_report_with_three_photos_and_gps_is_gone(stack: Stack) -> None:
    _officer(stack)
    stack.say("รายงาน", "ประชุมชี้แจงแล้ว")
    out = _photo(stack, gps_jpeg(color="red"))  # mid-question: kept, and the question again
    assert "ได้รับรูปที่ 1 แล้วค่ะ" in out[0]
    assert "กี่เปอร์เซ็นต์" in out[-1]
    out = stack.say("40", "0", "ตามแผน", "ตามเป้า", "-", "-")
    assert "รูปประกอบ (หลักฐาน): 1 รูป" in out[-2]
    _photo(stack, gps_jpeg(color="green"))
    out = _photo(stack, gps_jpeg(color="blue"))
    assert "ได้รับรูปที่ 3 แล้วค่ะ" in out[-1]
    assert "ยืนยัน" in quick(stack.messages()[-1]["message"])
    out = stack.say("ยืนยัน")
    assert "รูปประกอบ (หลักฐาน): 3 รูป" in out[0]
    rows = _rows(stack)
    assert len(rows) == 3
    assert len(_content_calls(stack)) == 3  # fetched from the emulator's content endpoint
    store = stack.services.photos
    for row in rows:
        for key in (row.photo_key, row.thumb_key):
            data = store.get(key)
            assert not has_gps(data)
            assert Image.open(io.BytesIO(data)).format == "JPEG"
    with stack.services.sessions() as s:
        report = s.scalars(select(ProgressReport)).one()
        assert {r.report_id for r in rows} == {report.id}
        actions = [a.action for a in s.scalars(select(AuditLog))]
        assert actions.count("photo.add") == 3


def test_summary_limit_and_remove(stack: Stack) -> None:
    _officer(stack)
    stack.router.dialogue.max_photos = 2  # type: ignore[union-attr]
    _draft_to_summary(stack)
    _photo(stack, gps_jpeg(color="red"))
    _photo(stack, gps_jpeg(color="green"))
    out = _photo(stack, gps_jpeg(color="blue"))
    assert pt.over_limit(2) in out[-1]
    out = stack.say("ลบรูป 1")
    assert "ลบรูปที่ 1 ออกแล้วค่ะ (เหลือ 1 รูป)" in out[-1]
    out = _photo(stack, gps_jpeg(color="blue"))
    assert "ได้รับรูปที่ 2 แล้วค่ะ" in out[-1]
    stack.say("ยืนยัน")
    assert len(_rows(stack)) == 2


def test_a_photo_outside_a_draft_asks_which_report_then_attaches(stack: Stack) -> None:
    _officer(stack, reports=1)
    out = _photo(stack, gps_jpeg())
    assert "เป็นหลักฐานของรายงานโครงการไหน" in out[-1]
    choices = quick(stack.messages()[-1]["message"])
    attach = next(c for c in choices if c.startswith("แนบรูป"))
    assert attach == f"แนบรูป {CODE} เดือน ต.ค. 2569"
    labels = [i["action"]["label"] for i in stack.messages()[-1]["message"]["quickReply"]["items"]]
    # each choice names its project (shortly) and month, within LINE's 20 characters
    assert labels == ["บางนาพารู้… ต.ค.69", "ใหม่ บางนาพา… พ.ย.69", "ยกเลิก"]
    assert "บางนาพารู้ ห้องสมุดเคลื่อนที่ (50470000-3430): รายงานล่าสุดเดือน ต.ค. 2569 หรือ " \
           "รายงานใหม่เดือน พ.ย. 2569" in out[-1]
    _photo(stack, gps_jpeg(color="blue"))  # a second one while it asks
    out = stack.say(attach)
    assert "แนบรูปกับรายงานครั้งที่ 1 ประจำเดือน ต.ค. 2569" in out[0]
    assert "รูปประกอบ (หลักฐาน): 2 รูป" in out[1]
    out = stack.say("ยืนยัน")
    assert "บันทึกรูปหลักฐานแล้วค่ะ (เพิ่ม 2 รูป)" in out[-1]
    with stack.services.sessions() as s:
        report = s.scalars(select(ProgressReport)).one()
        assert report.revision == 1  # only the photos changed: no new revision
    assert len(_rows(stack)) == 2


def test_attach_after_submitting_goes_to_the_same_months_report(stack: Stack) -> None:
    _officer(stack, reports=1)
    _draft_to_summary(stack)
    stack.say("ยืนยัน")
    out = stack.say("แนบรูป")
    assert "ประจำเดือน พ.ย. 2569" in out[0]
    _photo(stack, gps_jpeg())
    stack.say("ยืนยัน")
    rows = _rows(stack)
    assert [r.period.isoformat() for r in rows] == ["2026-11-01"]


def test_amending_a_report_can_remove_a_photo_audited(stack: Stack) -> None:
    _officer(stack)
    _draft_to_summary(stack)
    _photo(stack, gps_jpeg(color="red"))
    _photo(stack, gps_jpeg(color="green"))
    stack.say("ยืนยัน")
    out = stack.say("แก้ไขรายงาน")
    assert "รูปประกอบ (หลักฐาน): 2 รูป" in "\n".join(out)
    stack.say("ลบรูป 1", "ยืนยัน")
    rows = _rows(stack)
    assert [r.removed_at is not None for r in rows] == [True, False]
    with stack.services.sessions() as s:
        removed = s.scalars(select(AuditLog).where(AuditLog.action == "photo.remove")).one()
        assert removed.entity_id == str(rows[0].id)


# ----- bad input: each gets a clear Thai answer, and nothing of the draft is lost ---------

def _mid_draft(stack: Stack) -> None:
    _officer(stack)
    stack.say("รายงาน", "ประชุมชี้แจงแล้ว")


def _draft_survives(stack: Stack) -> None:
    out = stack.say("40", "0", "ตามแผน", "ตามเป้า", "-", "-", "ยืนยัน")
    assert "ประชุมชี้แจงแล้ว" in "\n".join(out)
    with stack.services.sessions() as s:
        assert s.scalars(select(ProgressReport)).one().detail == "ประชุมชี้แจงแล้ว"


def test_a_video_mid_draft_is_refused_and_the_draft_kept(stack: Stack) -> None:
    _mid_draft(stack)
    stack.send(type="video")
    stack.run_worker()
    last = stack.texts()[-1]
    assert pt.NOT_A_PHOTO in last
    assert "กี่เปอร์เซ็นต์" in last
    _draft_survives(stack)


def test_a_file_mid_draft_is_refused_and_the_draft_kept(stack: Stack) -> None:
    _mid_draft(stack)
    stack.send(type="file")
    stack.run_worker()
    assert pt.NOT_A_PHOTO in stack.texts()[-1]
    _draft_survives(stack)


def test_a_25_mb_image_is_refused(stack: Stack) -> None:
    _mid_draft(stack)
    out = _photo(stack, gps_jpeg() + b"\0" * (25 * 1024 * 1024))
    assert "รูปนี้ใหญ่เกินไป (เกิน 10 MB)" in out[0]
    assert "กี่เปอร์เซ็นต์" in out[-1]
    assert not list(stack.services.photos.keys())
    _draft_survives(stack)
    assert _rows(stack) == []


def test_a_corrupt_jpeg_is_refused(stack: Stack) -> None:
    _mid_draft(stack)
    whole = gps_jpeg(800, 600)
    out = _photo(stack, whole[: len(whole) // 2])
    assert "เปิดรูปนี้ไม่ได้" in out[0]
    _draft_survives(stack)


def test_an_expired_content_url_is_explained(stack: Stack) -> None:
    _mid_draft(stack)
    before = len(stack.messages())
    sent = stack.send(image=base64.b64encode(gps_jpeg()).decode(), userId=USER)
    message_id = sent["event"]["message"]["id"]
    requests.delete(f"{stack.emulator_url}/_emulator/content/{message_id}",
                    params={"status": 410}, timeout=5).raise_for_status()
    stack.run_worker()
    out = [body(m["message"]) for m in stack.messages()[before:]]
    assert "หมดอายุในระบบ LINE แล้ว" in out[0]
    _draft_survives(stack)


def _arm_content_faults(stack: Stack, count: int) -> None:
    requests.post(f"{stack.emulator_url}/_emulator/faults",
                  json={"status": 503, "count": count, "path": "/v2/bot/message/"},
                  timeout=5).raise_for_status()


def test_content_endpoint_failing_once_is_retried(stack: Stack) -> None:
    _mid_draft(stack)
    before = len(_content_calls(stack))
    _photo(stack, gps_jpeg(), run=False)
    _arm_content_faults(stack, 1)
    stack.run_worker()
    calls = _content_calls(stack)[before:]
    assert [c["status"] for c in calls] == [503, 200]
    assert "ได้รับรูปที่ 1 แล้วค่ะ" in stack.texts()[-1]


def test_content_endpoint_failing_every_time_gets_a_thai_answer(stack: Stack) -> None:
    _mid_draft(stack)
    before = len(_content_calls(stack))
    _photo(stack, gps_jpeg(), run=False)
    _arm_content_faults(stack, 3)
    stack.run_worker()
    assert [c["status"] for c in _content_calls(stack)[before:]] == [503, 503, 503]
    assert "ดึงรูปจาก LINE ไม่สำเร็จ" in stack.texts()[-1]
    _draft_survives(stack)


def test_a_held_photo_goes_with_a_new_report_and_survives_a_wrong_pick(stack: Stack) -> None:
    _officer(stack)
    out = _photo(stack, gps_jpeg())
    assert f"รายงาน {CODE} เดือน ต.ค. 2569" in quick(stack.messages()[-1]["message"])
    stack.say("ไม่มีโครงการนี้แน่นอน")  # a pick that finds nothing keeps the held photo
    out = stack.say(f"รายงาน {CODE}", *FIELDS[:1])
    assert "กี่เปอร์เซ็นต์" in out[-1]
    out = stack.say(*FIELDS[1:])
    assert "รูปประกอบ (หลักฐาน): 1 รูป" in out[-2]
    stack.say("ยืนยัน")
    assert len(_rows(stack)) == 1


def test_cancel_drops_held_photos_from_the_draft(stack: Stack) -> None:
    _officer(stack)
    _photo(stack, gps_jpeg())
    assert "ยกเลิก" in stack.say("ยกเลิก")[-1]
    assert stack.services.redis.get(f"tidtam:draft:{USER}") is None


def test_an_image_event_with_an_odd_message_id_fetches_nothing(stack: Stack) -> None:
    from emulator import sender

    _mid_draft(stack)
    before = len(_content_calls(stack))
    for odd in ("../../v2/bot/info", "12a", "9" * 40):
        event = sender.build_image_event(USER, message_id=odd)
        assert stack.post(sender.webhook_body(event)) == 200
    stack.run_worker()
    assert len(_content_calls(stack)) == before
    assert "กี่เปอร์เซ็นต์" in stack.texts()[-1]  # the question again, the draft kept
    _draft_survives(stack)


def test_a_video_or_file_outside_a_draft_says_photos_only(stack: Stack) -> None:
    _officer(stack)
    for kind in ("video", "file"):
        stack.send(type=kind)
        stack.run_worker()
        assert stack.texts()[-1].startswith(pt.NOT_A_PHOTO)


def quick_labels(message: dict[str, Any]) -> list[str]:
    return [i["action"]["label"] for i in (message.get("quickReply") or {}).get("items", [])]


def test_remove_all_photos_while_asked_which_report_or_picking(stack: Stack) -> None:
    _seed(stack, reports=1)
    stack.say(f"ลงทะเบียน {_invite(stack, projects=(CODE, OTHER))}")
    _photo(stack, gps_jpeg())
    out = stack.say("ลบรูปทั้งหมดค่ะ")  # the question which report is open
    assert out == [f"ลบรูปทั้งหมด 1 รูปออกแล้วค่ะ {pt.NONE_HELD}"]
    assert stack.services.redis.get(f"tidtam:draft:{USER}") is None
    stack.say("รายงาน")  # two projects: the picker
    _photo(stack, gps_jpeg(color="blue"))
    out = stack.say("ลบรูปทั้งหมดค่ะ")  # the report's own picker holds it
    assert out[0] == "ลบรูปทั้งหมด 1 รูปออกแล้วค่ะ"
    assert "ต้องการรายงานโครงการใด" in out[-1]
    out = stack.say(CODE)
    assert "ดำเนินการอะไร" in out[-1], out  # the picker still open; no photo carried
    assert "รูปประกอบ" not in " ".join(out)


def test_adding_photos_to_a_sent_report_says_so_and_a_new_report_is_not_swallowed(
        stack: Stack) -> None:
    _officer(stack, reports=1)
    out = stack.say(f"แนบรูป {CODE} เดือน ต.ค. 2569")
    assert "ที่ส่งไปแล้ว" in out[0]
    summary = stack.messages()[-2]["message"]
    footer = [b["action"] for b in summary["contents"]["footer"]["contents"]]
    assert [(a["label"], a["text"]) for a in footer] == [("ยืนยันแนบรูป", "ยืนยัน"),
                                                         ("ยกเลิก", "ยกเลิก")]
    assert "เพื่อส่ง" not in " ".join(out)
    assert "ข้อมูลในรายงานไม่เปลี่ยน" in out[-1]
    out = _photo(stack, gps_jpeg())
    assert "ยืนยันแนบรูป" in quick_labels(stack.messages()[-1]["message"])
    out = stack.say("ยกเลิก")
    assert out == [prompts.CANCELLED_PHOTOS + prompts.UNSAVED_PHOTOS.format(count=1)]
    stack.say(f"แนบรูป {CODE} เดือน ต.ค. 2569")
    _photo(stack, gps_jpeg(color="blue"))
    out = stack.say("รายงาน บางนาพารู้ ประชุมชี้แจงแล้ว ความคืบหน้า 40% เบิกจ่าย 0 บาท")
    assert "รายงานที่ส่งไปแล้วยังอยู่เหมือนเดิม" in out[0], out  # the attaching is left
    assert "รูป 1 รูปที่เพิ่งส่งมายังไม่ได้บันทึก" in out[0]
    assert "ประจำเดือน พ.ย. 2569" in out[1]  # the new report, its answers kept
    assert "ผลการดำเนินงาน: ประชุมชี้แจงแล้ว" in out[2]
    assert "รูปประกอบ" not in out[2]  # the photo sent for October's stays out of it
    assert _rows(stack) == []


def test_cancelling_a_correction_says_the_sent_report_stays(stack: Stack) -> None:
    _officer(stack, reports=1)
    stack.say("แก้ไขรายงาน")
    assert stack.say("ยกเลิก") == [prompts.CANCELLED_AMEND]
