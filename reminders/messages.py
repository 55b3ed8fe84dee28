"""The reminder messages: a Flex carousel of due projects, and the supervisors' digest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from core.messages import REPORT_POSTBACK as POSTBACK_PREFIX
from core.messages import Message, quick_text, text
from core.periods import thai_date

MAX_BUBBLES = 12
DIGEST_LINES = 40
SNOOZE_WORDS = "เตือนพรุ่งนี้"


@dataclass(frozen=True)
class DueProject:
    """A project in a reminder: code and name."""

    code: str
    name: str


def report_button(code: str, period_key: str, period_label: str) -> Message:
    """The card's button: starts the report of that project *for that month*."""
    return {"type": "button", "style": "primary", "height": "sm",
            "action": {"type": "postback", "label": "ส่งรายงาน",
                       "data": f"{POSTBACK_PREFIX}{code}@{period_key}",
                       "displayText": f"ส่งรายงาน {code} เดือน {period_label}"}}


def headline(period_label: str, due: date, today: date) -> str:
    """What the reminder says about the deadline, by where today stands."""
    if today < due:
        return f"ใกล้ครบกำหนดส่งรายงานความก้าวหน้าประจำเดือน {period_label} ({thai_date(due)}) ค่ะ"
    if today == due:
        return f"วันนี้ครบกำหนดส่งรายงานความก้าวหน้าประจำเดือน {period_label} ค่ะ"
    return f"เลยกำหนดส่งรายงานความก้าวหน้าประจำเดือน {period_label} ({thai_date(due)}) แล้วค่ะ"


def _alt(head: str, tail: str) -> str:
    """An altText: the headline without its closing ค่ะ, then the count, then ค่ะ (≤ 400)."""
    return f"{head.removesuffix('ค่ะ').rstrip()} {tail}ค่ะ"[:400]


def status_label(due: date, today: date) -> str:
    """A short label of where today stands against the deadline."""
    if today < due:
        return "ใกล้ครบกำหนดส่งรายงาน"
    return "ครบกำหนดส่งรายงานวันนี้" if today == due else "เลยกำหนดส่งรายงานแล้ว"


def _bubble(project: DueProject, period_label: str, period_key: str, due: date,
            today: date) -> Message:
    """One project's card with a button that starts its report."""
    return {
        "type": "bubble", "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            {"type": "text", "text": status_label(due, today), "size": "xs",
             "color": "#B00020" if today > due else "#1DB446"},
            {"type": "text", "text": project.code, "weight": "bold", "size": "sm"},
            {"type": "text", "text": project.name[:200], "wrap": True, "size": "sm"},
            {"type": "text", "text": f"รายงานเดือน {period_label} ครบกำหนด {thai_date(due)}",
             "size": "xs", "color": "#888888", "wrap": True},
        ]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            report_button(project.code, period_key, period_label)]},
    }


def _more_bubble(left: int) -> Message:
    """The last card when there are more projects than a carousel holds."""
    return {
        "type": "bubble", "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": f"และอีก {left} โครงการ", "wrap": True}]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "height": "sm",
             "action": {"type": "message", "label": "ดูทั้งหมด", "text": "รายงาน"}}]},
    }


def nudge(period_label: str, due: date, today: date, projects: Sequence[DueProject],
          period_key: str) -> list[Message]:
    """The officer's reminder: a headline, then one card per due project (its button files
    the report of that month)."""
    shown = list(projects)
    bubbles = [_bubble(p, period_label, period_key, due, today) for p in shown[:MAX_BUBBLES]]
    if len(shown) > MAX_BUBBLES:
        bubbles = [*bubbles[:MAX_BUBBLES - 1], _more_bubble(len(shown) - MAX_BUBBLES + 1)]
    alt = _alt(headline(period_label, due, today), f"ยังไม่ได้ส่ง {len(shown)} โครงการ")
    flex: Message = {"type": "flex", "altText": alt,
                     "contents": {"type": "carousel", "contents": bubbles},
                     "quickReply": {"items": [quick_text(SNOOZE_WORDS)]}}
    return [flex]


@lru_cache(maxsize=256)
def nudge_summary(period_label: str, due: date, today: date, count: int) -> list[Message]:
    """The same reminder for every officer with as many projects due (so it can be multicast).

    It names no project: its button asks the bot for the officer's own list, by reply (free).
    The list is cached and shared by every officer it goes to: never change it.
    """
    head = headline(period_label, due, today)
    bubble: Message = {
        "type": "bubble", "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            {"type": "text", "text": status_label(due, today), "size": "xs",
             "color": "#B00020" if today > due else "#1DB446"},
            {"type": "text", "text": f"รายงานความก้าวหน้าประจำเดือน {period_label}",
             "wrap": True, "size": "sm", "weight": "bold"},
            {"type": "text", "text": f"ครบกำหนด {thai_date(due)} ยังไม่ได้ส่ง {count} โครงการ "
             "กดปุ่มด้านล่างเพื่อเลือกโครงการและเริ่มรายงานได้เลยค่ะ", "wrap": True, "size": "sm"},
        ]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary", "height": "sm",
             "action": {"type": "message", "label": "ส่งรายงาน",
                        "text": f"รายงานเดือน {period_label}"}},
        ]},
    }
    alt = _alt(head, f"ยังไม่ได้ส่ง {count} โครงการ")
    return [{"type": "flex", "altText": alt, "contents": bubble,
             "quickReply": {"items": [quick_text(SNOOZE_WORDS)]}}]


INDICATOR_LINES = 10


def indicator_nudge(quarter: int, fiscal_year: int, due: date, today: date,
                    indicators: Sequence[tuple[str, str]]) -> list[Message]:
    """The reminder of a quarterly indicator report: the indicators owed, and one button."""
    what = f"รายงานผลตัวชี้วัด ไตรมาสที่ {quarter} ปีงบประมาณ พ.ศ. {fiscal_year}"
    if today < due:
        head = f"ใกล้ครบกำหนดส่ง{what} ({thai_date(due)}) ค่ะ"
    elif today == due:
        head = f"วันนี้ครบกำหนดส่ง{what}ค่ะ"
    else:
        head = f"เลยกำหนดส่ง{what} ({thai_date(due)}) แล้วค่ะ"
    lines: list[Message] = [
        {"type": "text", "text": "• " + " ".join(x for x in (number, name[:80]) if x),
         "wrap": True, "size": "sm"} for number, name in indicators[:INDICATOR_LINES]]
    if len(indicators) > INDICATOR_LINES:
        lines.append({"type": "text", "text": f"และอีก {len(indicators) - INDICATOR_LINES} "
                      "ตัวชี้วัด", "size": "sm", "color": "#888888"})
    bubble: Message = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            {"type": "text", "text": status_label(due, today), "size": "xs",
             "color": "#B00020" if today > due else "#1DB446"},
            {"type": "text", "text": what, "wrap": True, "size": "sm", "weight": "bold"},
            {"type": "text", "text": f"ครบกำหนด {thai_date(due)} ยังไม่ได้ส่ง "
             f"{len(indicators)} ตัวชี้วัดค่ะ", "wrap": True, "size": "sm"},
            *lines,
        ]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary", "height": "sm",
             "action": {"type": "message", "label": "รายงานตัวชี้วัด",
                        "text": "รายงานตัวชี้วัด"}},
        ]},
    }
    alt = _alt(head, f"ยังไม่ได้ส่ง {len(indicators)} ตัวชี้วัด")
    return [{"type": "flex", "altText": alt, "contents": bubble}]


@dataclass(frozen=True)
class DigestLine:
    """One missing project in a digest: who should report, and how they stand."""

    code: str
    name: str
    since: str
    people: tuple[tuple[str, str], ...]


def digest(period_label: str, due: date, lines: Sequence[DigestLine],
           total: int | None = None) -> list[Message]:
    """The supervisor's digest of projects still missing after the deadline (40 lines at most)."""
    total = len(lines) if total is None else total
    head = (f"สรุปโครงการที่ยังไม่ส่งรายงานประจำเดือน {period_label} "
            f"(ครบกำหนด {thai_date(due)}) {total} โครงการค่ะ")
    body = []
    for line in lines[:DIGEST_LINES]:
        who = ", ".join(f"{name} ({status})" for name, status in line.people) or (
            "ยังไม่มีผู้รับผิดชอบลงทะเบียน")
        body.append(f"• {line.code} {line.name[:60]}\n  ค้างส่งตั้งแต่ {line.since} · {who}")
    if total > DIGEST_LINES:
        body.append(f"และอีก {total - DIGEST_LINES} โครงการ (พิมพ์ ค้างส่ง เพื่อดูทั้งหมด)")
    return [text("\n".join([head, *body]), [quick_text("ค้างส่ง"), quick_text("เตือนค้างส่ง")])]
