"""The summary shown before submitting: a Flex bubble with a complete text fallback."""

from __future__ import annotations

from typing import Any

from conversations import prompts
from conversations.engine import Draft, Form, active_slots, values_of
from core.display import with_unit
from core.messages import Message, quick_text, text

ALT_TEXT_LIMIT = 1500
PHOTO_HINT = "📷 มีรูปหลักฐาน? ส่งรูปในแชตได้เลยก่อนกดยืนยันค่ะ"


def adds_photos(draft: Draft) -> bool:
    """True for a sent report opened only to add photos ("แนบรูป")."""
    return bool(draft.context.get("photos_only"))


def cancelled(draft: Draft) -> str:
    """What a cancel says: a new draft is dropped; a sent report stays as it was."""
    if draft.mode != "amend":
        return prompts.CANCELLED
    unsaved = sum(1 for p in draft.photos if not p.get("row"))  # a stored photo has its row
    said = prompts.CANCELLED_PHOTOS if adds_photos(draft) else prompts.CANCELLED_AMEND
    return said + (prompts.UNSAVED_PHOTOS.format(count=unsaved) if unsaved else "")


def confirm_note(draft: Draft) -> Message:
    """The instruction under the summary, with its choices as quick replies: to file, to
    save a correction, or to add photos to the report already sent."""
    if adds_photos(draft):
        return text(prompts.CONFIRM_PHOTOS, [quick_text(prompts.ADD_PHOTOS, prompts.SUBMIT),
                                             quick_text("ลบรูป"), quick_text(prompts.CANCEL)])
    note = prompts.CONFIRM_AMEND if draft.mode == "amend" else prompts.CONFIRM_AGAIN
    return prompts.message(note, (prompts.SUBMIT, prompts.EDIT, prompts.CANCEL))


def summary_lines(form: Form, draft: Draft) -> list[tuple[str, str]]:
    """Every slot's label and how its answer reads."""
    values = values_of(form, draft)
    lines = []
    for s in active_slots(form, draft):
        shown, unit = s.show(values.get(s.name)), s.unit(draft.context)
        lines.append((s.label, with_unit(shown, unit) if shown != "-" else shown))
    return lines


def subtitle(draft: Draft) -> str:
    """Whose report and, for a monthly report, which month: "ชื่อ (รหัส)\nประจำเดือน พ.ย. 2569"."""
    month = draft.context.get("period_label")
    return f"{draft.target_label}\nประจำเดือน {month}" if month else draft.target_label


def photos_line(draft: Draft) -> str:
    """How many photos the draft carries ("" when none)."""
    return f"📷 รูปประกอบ (หลักฐาน): {len(draft.photos)} รูป" if draft.photos else ""


def summary_text(form: Form, draft: Draft) -> str:
    """The plain-text summary (also the Flex altText)."""
    head = f"สรุป{form.title}\n{subtitle(draft)}"
    rows = "\n".join(f"{n}. {label}: {value}" for n, (label, value)
                     in enumerate(summary_lines(form, draft), start=1))
    photos = photos_line(draft)
    return f"{head}\n\n{rows}" + (f"\n{photos}" if photos else "")


def _row(number: int, label: str, value: str) -> dict[str, Any]:
    """One label/value row of the bubble."""
    return {"type": "box", "layout": "vertical", "margin": "md", "contents": [
        {"type": "text", "text": f"{number}. {label}", "size": "xs", "color": "#6B7280",
         "wrap": True},
        {"type": "text", "text": value or "-", "size": "sm", "wrap": True, "maxLines": 8},
    ]}


def _button(label: str, style: str, send: str = "") -> dict[str, Any]:
    """A footer button that sends its label (or send)."""
    return {"type": "button", "style": style, "height": "sm",
            "action": {"type": "message", "label": label, "text": send or label}}


PHOTOS_HEAD = "แนบรูปกับรายงานที่ส่งแล้ว"
PHOTOS_BODY = "รูปจะเพิ่มเข้าไปในรายงานที่ส่งไปแล้ว ข้อมูลในรายงานไม่เปลี่ยนค่ะ"
PHOTOS_NONE_YET = "📷 ยังไม่มีรูป ส่งรูปในแชตได้เลยค่ะ"


def photos_messages(draft: Draft) -> list[Message]:
    """The summary of a sent report opened to add photos: which report, how many photos, and
    a button that says it adds them (never one that looks like filing the report again)."""
    photos = photos_line(draft) or PHOTOS_NONE_YET
    alt = f"{PHOTOS_HEAD}\n{subtitle(draft)}\n\n{PHOTOS_BODY}\n{photos}"
    bubble = {
        "type": "bubble",
        "header": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": PHOTOS_HEAD, "weight": "bold", "size": "md", "wrap": True},
            {"type": "text", "text": subtitle(draft), "size": "xs", "color": "#6B7280",
             "wrap": True},
        ]},
        "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": PHOTOS_BODY, "size": "sm", "wrap": True},
            {"type": "text", "text": photos, "size": "sm", "margin": "lg", "wrap": True},
        ]},
        "footer": {"type": "box", "layout": "horizontal", "spacing": "sm", "contents": [
            _button(prompts.ADD_PHOTOS, "primary", prompts.SUBMIT),
            _button(prompts.CANCEL, "secondary"),
        ]},
    }
    return [{"type": "flex", "altText": alt, "contents": bubble},
            {"type": "text", "text": prompts.CONFIRM_PHOTOS}]


def summary_messages(form: Form, draft: Draft) -> list[Message]:
    """The Flex summary with ยืนยัน / แก้ไข / ยกเลิก, then a short instruction with quick replies."""
    if adds_photos(draft):
        return photos_messages(draft)
    alt = summary_text(form, draft)
    if len(alt) > ALT_TEXT_LIMIT:
        alt = alt[: ALT_TEXT_LIMIT - 1] + "…"
    rows = [_row(n, label, value) for n, (label, value)
            in enumerate(summary_lines(form, draft), start=1)]
    if draft.photos:
        rows.append({"type": "text", "text": photos_line(draft), "size": "sm", "margin": "lg",
                     "wrap": True})
    elif form.name == "progress":  # evidence is welcome: say so where the officer decides
        rows.append({"type": "text", "text": PHOTO_HINT, "size": "xs", "color": "#6B7280",
                     "margin": "lg", "wrap": True})
    bubble = {
        "type": "bubble",
        "header": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": f"สรุป{form.title}", "weight": "bold", "size": "md",
             "wrap": True},
            {"type": "text", "text": subtitle(draft), "size": "xs", "color": "#6B7280",
             "wrap": True},
        ]},
        "body": {"type": "box", "layout": "vertical", "contents": rows},
        "footer": {"type": "box", "layout": "horizontal", "spacing": "sm", "contents": [
            _button(prompts.SUBMIT, "primary"), _button(prompts.EDIT, "secondary"),
            _button(prompts.CANCEL, "secondary"),
        ]},
    }
    flex: Message = {"type": "flex", "altText": alt, "contents": bubble}
    # The bubble's buttons are the choices; quick replies would offer them a second time.
    note: Message = {"type": "text", "text": confirm_note(draft)["text"]}
    return [flex, note]
