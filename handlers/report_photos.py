"""Photos in a report draft: attach, remove, and ask which report a loose photo is for."""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy.orm import Session

from conversations.engine import Draft
from core.messages import Message, quick_text, text
from handlers import photo_texts as pt
from handlers.report_period import month_label
from photos.refs import PhotoRef
from storage.photos import as_refs, report_photos
from storage.repo import latest_report
from storage.reporting import reportable_projects

_WHICH = re.compile(r"^\s*(\d{1,2})?\s*$")
ALL_WORDS = ("ทั้งหมด", "ทุกรูป", "all")


def refs(draft: Draft) -> tuple[PhotoRef, ...]:
    """The photos a draft carries."""
    return tuple(PhotoRef.from_json(p) for p in draft.photos)


def attach(draft: Draft, photo: PhotoRef, limit: int) -> tuple[Draft, str]:
    """The draft with the photo added (unless it is there already or the draft is full)."""
    if any(p.get("key") == photo.key for p in draft.photos):
        return draft, pt.ALREADY.format(count=len(draft.photos))
    if len(draft.photos) >= limit:
        return draft, pt.over_limit(limit)
    photos = (*draft.photos, photo.to_json())
    return replace(draft, photos=photos), pt.received(len(photos), limit)


def remove(draft: Draft, said: str) -> tuple[Draft, str]:
    """The draft without the photo named ("ลบรูป 2"; the last one when none is named)."""
    count = len(draft.photos)
    if not count:
        return draft, pt.NO_PHOTOS
    if any(word in said for word in ALL_WORDS):
        return replace(draft, photos=()), f"ลบรูปทั้งหมด {count} รูปออกแล้วค่ะ"
    found = _WHICH.match(said)
    number = int(found.group(1)) if found and found.group(1) else count
    if not 1 <= number <= count:
        return draft, pt.NO_SUCH_PHOTO.format(number=number, count=count)
    photos = draft.photos[:number - 1] + draft.photos[number:]
    return replace(draft, photos=photos), pt.removed(number, len(photos))


def stored_refs(session: Session, report_id: int) -> tuple[PhotoRef, ...]:
    """A stored report's photos, as a draft carries them (with their row ids)."""
    return as_refs(report_photos(session, report_id))


def which_report(session: Session, user: str, count: int) -> Message:
    """Ask which report loose photos (count; 0: none yet) belong to: the latest reported
    month of each project (to attach to it), or a new report of it, as quick replies."""
    items: list[Message] = []
    for project in reportable_projects(session, user)[:6]:
        latest = latest_report(session, project.id)
        if latest is not None:
            month = month_label(latest.period)
            items.append(quick_text(f"{project.code[-4:]} {month}",
                                    f"แนบรูป {project.code} เดือน {month}"))
        items.append(quick_text(f"รายงานใหม่ {project.code[-4:]}", f"รายงาน {project.code}"))
    items.append(quick_text("ยกเลิก"))
    asked = pt.WHICH_REPORT.format(count=count) if count else pt.WHICH_REPORT_ASKED
    return text(asked, items)
