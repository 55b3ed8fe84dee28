"""Photos in a report draft: attach, remove, and ask which report a loose photo is for."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from conversations import grammar
from conversations.engine import Draft
from core.messages import Message, quick_text, text
from handlers import photo_texts as pt
from handlers.report_period import month_label, short_month
from photos.refs import PhotoRef
from storage.models import Project
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


LABEL_LIMIT = 20  # LINE's quick-reply label


def short_name(name: str, room: int) -> str:
    """A project's name in room characters: "โครงการ" and a bracketed note dropped, then its
    first whole words ("ห้องสมุดเคลื่อนที่สู่ชุมชน (สาธิต)" → "ห้องสมุด…")."""
    plain = re.sub(r"^โครงการ\s*", "", re.sub(r"\s*\([^)]*\)", "", name)).strip() or name
    if len(plain) <= room:
        return plain
    words, syllables = grammar.tokens(plain), grammar.syllables(plain)
    whole = _leading(words, room) or _leading(syllables, room)  # filling the room: no "…"
    kept = _leading(words, room - 1) or _leading(syllables, room - 1)
    if len(whole) > len(kept):
        return whole
    return f"{kept}…" if kept else plain[:room]


def _leading(units: list[str], room: int) -> str:
    """As many of the first units as fit in room characters."""
    kept = ""
    for unit in units:
        if len(kept + unit) > room:
            break
        kept += unit
    return kept.strip()


def _labels(projects: list[Project], room: int) -> dict[str, str]:
    """Each project's short name; two alike are told apart by their code's last digits."""
    names = {p.code: short_name(p.name, room) for p in projects}
    twice = {n for n in names.values() if list(names.values()).count(n) > 1}
    return {p.code: f"{p.code[-4:]} {short_name(p.name, room - 5)}" if names[p.code] in twice
            else names[p.code] for p in projects}


def which_report(session: Session, user: str, count: int,
                 new_month: Callable[[Project], date | None]) -> Message:
    """Ask which report loose photos (count; 0: none yet) belong to: the latest reported
    month of each project (to attach to it), or a new report of the month it owes, as quick
    replies that name the project (shortly) and the month."""
    projects = reportable_projects(session, user)[:6]
    month_room = len("พ.ย.69") + 1
    attach = _labels(projects, LABEL_LIMIT - month_room)
    new = _labels(projects, LABEL_LIMIT - month_room - len("ใหม่ "))
    items: list[Message] = []
    lines = []
    for project in projects:
        latest, owed = latest_report(session, project.id), new_month(project)
        said = []
        if latest is not None:
            month = month_label(latest.period)
            items.append(quick_text(f"{attach[project.code]} {short_month(latest.period)}",
                                    f"แนบรูป {project.code} เดือน {month}"))
            said.append(f"รายงานล่าสุดเดือน {month}")
        if owed is not None:
            items.append(quick_text(f"ใหม่ {new[project.code]} {short_month(owed)}",
                                    f"รายงาน {project.code} เดือน {month_label(owed)}"))
            said.append(f"รายงานใหม่เดือน {month_label(owed)}")
        if said:
            lines.append(f"• {project.name} ({project.code}): {' หรือ '.join(said)}")
    items.append(quick_text("ยกเลิก"))
    asked = pt.WHICH_REPORT.format(count=count) if count else pt.WHICH_REPORT_ASKED
    return text("\n".join([asked, *lines]), items)
