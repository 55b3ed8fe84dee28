"""Photos where a report is shown: links for one report, the history's image carousel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from core.messages import Message
from core.periods import period_of
from handlers.deps import Media
from storage.photos import project_photos, report_photos

CAROUSEL_COLUMNS = 10  # LINE's image carousel holds at most 10 columns


@dataclass(frozen=True)
class PhotoLink:
    """One photo of a report with its expiring links (the full copy and the thumbnail)."""

    photo_id: int
    report_id: int
    period: date
    url: str
    thumb_url: str


def report_photo_links(session: Session, media: Media, report_id: int) -> list[PhotoLink]:
    """A report's photos with fresh expiring links; call it only for one who may see the report
    (the dashboard's project page uses it too)."""
    return [PhotoLink(row.id, row.report_id, row.period, media.photo_url(row.photo_key),
                      media.photo_url(row.thumb_key))
            for row in report_photos(session, report_id)]


def photo_count_of_month(session: Session, project_id: int, period: date) -> int:
    """How many photos the project's report of that month has."""
    return sum(1 for row, _ in project_photos(session, project_id) if row.period == period)


def history_carousel(session: Session, media: Media, project_id: int) -> Message | None:
    """The project's photos, latest month first, as an image carousel (None when none):
    each column the thumbnail, tapping opens the photo; the label names the report."""
    found = project_photos(session, project_id)
    if not found:
        return None
    columns = []
    for row, number in found[:CAROUSEL_COLUMNS]:
        label = f"#{number} {period_of(row.period).label}"[:12]
        columns.append({"imageUrl": media.photo_url(row.thumb_key),
                        "action": {"type": "uri", "label": label,
                                   "uri": media.photo_url(row.photo_key)}})
    more = f" (แสดง {CAROUSEL_COLUMNS} รูปล่าสุด)" if len(found) > CAROUSEL_COLUMNS else ""
    return {"type": "template", "altText": f"รูปประกอบรายงาน {len(found)} รูป{more}",
            "template": {"type": "image_carousel", "columns": columns}}


def with_photo_count(card: Message, code: str, count: int) -> Message:
    """The status card with how many photos the latest report has, and where to see them
    (tapping the line asks for the history, which shows them)."""
    if not count:
        return card
    line = f"📷 รูปประกอบรายงานล่าสุด: {count} รูป"
    see = f"ประวัติ {code}"
    card["altText"] = f"{card['altText']}\n{line} (ดูรูป: พิมพ์ \"{see}\")"[:1500]
    card["contents"]["body"]["contents"].append(
        {"type": "text", "text": f"{line} · แตะเพื่อดูรูป", "size": "sm", "color": "#0E7490",
         "wrap": True, "action": {"type": "message", "label": "ดูรูป", "text": see}})
    return card


def latest_photo_count(session: Session, project_id: int, latest: date | None) -> int:
    """How many photos the latest report (of month latest) has; 0 when there is none."""
    return photo_count_of_month(session, project_id, latest) if latest else 0
