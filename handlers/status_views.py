"""The status answer (Flex bubble and its complete text fallback), pure of any I/O."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core import periods
from core.behind import BEHIND, RULE, Behind, behind_plan
from core.budget import budget_used
from core.display import money, percent
from core.messages import Message
from core.months import Months, work_span
from core.report_schema import REPORT_FIELDS
from storage.queries import ProjectInfo, ReportInfo, Standing

MAX_ALT_TEXT = 1500
MAX_BUBBLE_BYTES = 30_000
GREEN, RED, GREY, BRAND = "#1B873F", "#C62828", "#6B6B6B", "#0D5C63"
_ZERO = Decimal(0)


def text_bar(value: Decimal, width: int = 10) -> str:
    """A bar of width cells, filled in proportion to a 0–100 percentage."""
    filled = int(min(max(value, _ZERO), Decimal(100)) * width / 100)
    return "▰" * filled + "▱" * (width - filled)


def cut(value: str, limit: int) -> str:
    """value shortened to limit characters, with an ellipsis when cut."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class StatusFacts:
    """What the status answer says, computed once for the bubble and the text."""

    info: ProjectInfo
    latest: ReportInfo | None
    days: int | None
    plan: Decimal
    disbursed: Decimal
    months: Months
    personal: bool
    next_due: date | None = None  # the due date of the month still open, if one is
    today: date | None = None  # the day the facts were computed on

    @property
    def missing(self) -> tuple[periods.Period, ...]:
        """The months that are late (core.months)."""
        return self.months.missing

    @property
    def progress(self) -> Decimal:
        """Latest cumulative progress (0 before any report)."""
        return self.latest.progress if self.latest else _ZERO

    @property
    def unit(self) -> str:
        """The agency and unit, as one line."""
        agency, unit = self.info.agency_name or self.info.agency_code, self.info.unit_path
        if unit and unit.startswith(agency):  # the form writes "agency / division / section"
            return unit
        return " / ".join(p for p in (agency, unit) if p)


def facts(info: ProjectInfo, reports: list[ReportInfo], today: date, personal: bool,
          months: Months, due: Callable[[periods.Period], date]) -> StatusFacts:
    """Derive the status facts from a project, its reports (latest month first) and its
    months (core.months, with the agency's due dates)."""
    latest = reports[0] if reports else None
    disbursed = budget_used(info.budget_used, (r.disbursed for r in reports))
    days = periods.days_since(latest.sent, today) if latest else None
    plan = periods.span_percent(*work_span(info.start_date, info.end_date, info.fiscal_year),
                                today)
    next_due = due(months.open[0]) if months.open else None
    return StatusFacts(info, latest, days, plan, disbursed, months, personal, next_due, today)


def sent_phrase(day: date, today: date | None = None) -> str:
    """"ส่งเมื่อ 7 ธ.ค. 2569 (วันนี้)": the day a report reached us (ReportInfo.sent, never the
    form's date), with how long ago when today is given; every view says it this way."""
    said = f"ส่งเมื่อ {periods.thai_date(day)}"
    if today is None:
        return said
    days = periods.days_since(day, today)
    return f"{said} ({'วันนี้' if days <= 0 else f'{days} วันที่แล้ว'})"


def _latest_line(f: StatusFacts) -> str:
    """"ครั้งที่ 5 · รายงานเดือน เม.ย. 2566 · ส่งเมื่อ 3 พ.ค. 2566 (12 วันที่แล้ว)": the month
    it reports on and when it was sent, or that there is none."""
    if f.latest is None or f.today is None:
        return "ยังไม่มีรายงาน"
    fixed = f" (ฉบับแก้ไขที่ {f.latest.revision - 1})" if f.latest.revision > 1 else ""
    return (f"ครั้งที่ {f.latest.number}{fixed} · รายงานเดือน "
            f"{periods.period_of(f.latest.period).label} · {sent_phrase(f.latest.sent, f.today)}")


def _budget_line(f: StatusFacts) -> str:
    """Disbursed against received, with the share when there is a budget."""
    received = f.info.budget_received
    if not received:
        return f"เบิกจ่ายแล้ว {money(f.disbursed)} บาท (ไม่ได้ระบุงบที่ได้รับ)"
    share = (f.disbursed * 100 / received).quantize(Decimal("0.01"))
    return f"เบิกจ่ายแล้ว {money(f.disbursed)} จาก {money(received)} บาท ({percent(share)})"


# Declared fields the card shows beyond its fixed lines (core.report_schema's status_label).
_CARD_FIELDS = tuple(f for f in REPORT_FIELDS if f.status_label and f.name != "obstacles")
UNSTATED = "ไม่ระบุ"  # a status the report left blank (an imported printout)


def plan_word(on_plan: bool | None) -> str:
    """เป็นไปตามแผน / ไม่เป็นไปตามแผน, or ไม่ระบุ when the report did not say."""
    return UNSTATED if on_plan is None else "เป็นไปตามแผน" if on_plan else "ไม่เป็นไปตามแผน"


def target_word(on_target: bool | None) -> str:
    """เป็นไปตามเป้าหมาย / ไม่เป็นไปตามเป้าหมาย, or ไม่ระบุ when the report did not say."""
    if on_target is None:
        return UNSTATED
    return "เป็นไปตามเป้าหมาย" if on_target else "ไม่เป็นไปตามเป้าหมาย"


def _plan_words(f: StatusFacts) -> tuple[str, str]:
    """The on-plan and on-target phrases of the latest report."""
    if f.latest is None:
        return "ยังไม่มีข้อมูล", "ยังไม่มีข้อมูล"
    return plan_word(f.latest.on_plan), target_word(f.latest.on_target)


def _obstacles_line(f: StatusFacts) -> str:
    """The obstacles the latest report named, or that it named none."""
    if f.latest is None:
        return "ยังไม่มีข้อมูล"
    return cut(" ".join((f.latest.obstacles or "").split()), 300) or "ไม่มี"


def _declared_rows(f: StatusFacts) -> list[tuple[str, str]]:
    """The latest report's other declared fields that have a status line and a value."""
    if f.latest is None:
        return []
    return [(field.status_label or field.label, field.shows(f.latest.answer(field.name)))
            for field in _CARD_FIELDS if field.status_line(f.latest.answer(field.name))]


def _missing_row(f: StatusFacts) -> tuple[str, str]:
    """Where the project stands on its monthly reports (core.months), as one labelled line."""
    m = f.months
    if m.closed:
        return ("สถานะโครงการ", "ปิดโครงการแล้ว (ดำเนินการครบ 100 % และสิ้นสุดโครงการแล้ว)")
    if m.missing:
        return ("เดือนที่ยังไม่มีรายงาน",
                ", ".join(p.label for p in m.missing) + " (เลยกำหนดส่งแล้ว)")
    if m.done is not None:
        return ("เดือนที่ยังไม่มีรายงาน", "ไม่มี · ดำเนินการครบ 100 % แล้ว ไม่ต้องรายงานเพิ่ม")
    if m.open and f.next_due is not None:
        return ("เดือนที่ยังไม่มีรายงาน", f"ไม่มีค้างส่ง · รอบ {m.open[0].label} "
                f"กำหนดส่ง {periods.thai_date(f.next_due)}")
    return ("เดือนที่ยังไม่มีรายงาน", "ส่งครบทุกเดือนแล้ว")


def _people(f: StatusFacts) -> list[tuple[str, str]]:
    """Responsible person and coordinator (only for those entitled to personal data)."""
    if not f.personal:
        return []
    rows = []
    for label, name, phone in (
        ("ผู้รับผิดชอบ", f.info.responsible_name, f.info.responsible_phone),
        ("ผู้ประสานงาน สยป.", f.info.coordinator_name, f.info.coordinator_phone),
    ):
        if name or phone:
            rows.append((label, " โทร. ".join(p for p in (name, phone) if p)))
    return rows


def _rows(f: StatusFacts) -> list[tuple[str, str]]:
    """The labelled lines shared by the text and the bubble."""
    on_plan, on_target = _plan_words(f)
    return [
        ("หน่วยงาน", cut(f.unit, 300)),
        ("ปีงบประมาณ", str(f.info.fiscal_year)),
        ("รายงานล่าสุด", _latest_line(f)),
        ("ความก้าวหน้า", f"{percent(f.progress)} {text_bar(f.progress)} "
                         f"(แผน ณ วันนี้ {percent(f.plan)})"),
        ("งบประมาณ", _budget_line(f)),
        ("ตามแผน", on_plan),
        ("ตามเป้าหมาย", on_target),
        ("ปัญหา/อุปสรรค", _obstacles_line(f)),
        *_declared_rows(f),
        _missing_row(f),
        *_people(f),
    ]


def card_rows(f: StatusFacts) -> list[tuple[str, str]]:
    """The status card's labelled lines (the dashboard's project page shows the same)."""
    return _rows(f)


def status_text(f: StatusFacts) -> str:
    """The complete status as plain text (the Flex altText), within 1,500 characters."""
    head = f"สถานะโครงการ {f.info.code}\n{cut(f.info.name, 300)}"
    body = "\n".join(f"• {label}: {value}" for label, value in _rows(f))
    return cut(f"{head}\n{body}", MAX_ALT_TEXT)


def _kv(label: str, value: str, color: str | None = None) -> Message:
    """One labelled line of the bubble body."""
    shown: Message = {"type": "text", "text": value or "-", "size": "sm", "wrap": True,
                      "flex": 5}
    if color:
        shown["color"] = color
    return {"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        {"type": "text", "text": label, "size": "xs", "color": GREY, "flex": 3, "wrap": True},
        shown]}


def _bar(value: Decimal) -> Message:
    """A progress bar: a grey track with a filled box as wide as the percentage."""
    width = min(max(value, _ZERO), Decimal(100))
    fill: list[Message] = []
    if width > 0:
        fill.append({"type": "box", "layout": "vertical", "contents": [],
                     "width": f"{width:.2f}%", "height": "8px", "backgroundColor": BRAND,
                     "cornerRadius": "4px"})
    return {"type": "box", "layout": "vertical", "contents": fill, "height": "8px",
            "backgroundColor": "#DDE7E8", "cornerRadius": "4px", "margin": "sm"}


def _good(flag: bool | None) -> str | None:
    """Green for yes, red for no, default when unknown."""
    return None if flag is None else GREEN if flag else RED


def _body(f: StatusFacts) -> list[Message]:
    """The bubble's body components."""
    on_plan, on_target = _plan_words(f)
    latest = f.latest
    return [
        _kv("หน่วยงาน", cut(f.unit, 300)),
        _kv("รายงานล่าสุด", _latest_line(f)),
        {"type": "separator", "margin": "md"},
        {"type": "box", "layout": "vertical", "margin": "md", "contents": [
            {"type": "text", "size": "sm", "weight": "bold",
             "text": f"ความก้าวหน้า {percent(f.progress)}"},
            _bar(f.progress),
            {"type": "text", "size": "xxs", "color": GREY, "margin": "sm",
             "text": f"แผนแบบเส้นตรง ณ วันนี้ {percent(f.plan)}"}]},
        _kv("งบประมาณ", _budget_line(f)),
        _kv("ตามแผน", on_plan, _good(latest.on_plan if latest else None)),
        _kv("ตามเป้าหมาย", on_target, _good(latest.on_target if latest else None)),
        _kv("ปัญหา/อุปสรรค", _obstacles_line(f)),
        *(_kv(label, value) for label, value in _declared_rows(f)),
        _kv(*_missing_row(f), RED if f.missing else GREEN),
        *(_kv(label, value) for label, value in _people(f)),
    ]


def follow_ups(code: str) -> list[tuple[str, str]]:
    """(label, text to send) of the follow-up actions of a status answer."""
    return [("ประวัติ", f"ประวัติ {code}"), ("กราฟ", f"กราฟ {code}"), ("PDF", f"PDF {code}")]


def status_bubble(f: StatusFacts) -> Message:
    """The status as a Flex bubble message with its text fallback and quick replies."""
    header = [
        {"type": "text", "text": "สถานะโครงการ", "size": "xs", "color": "#D7ECEE"},
        {"type": "text", "text": cut(f.info.name, 400), "weight": "bold", "color": "#FFFFFF",
         "wrap": True, "maxLines": 4},
        {"type": "text", "text": f"{f.info.code} · ปีงบประมาณ {f.info.fiscal_year}",
         "size": "xs", "color": "#FFFFFF"},
    ]
    buttons = [{"type": "button", "style": "link", "height": "sm",
                "action": {"type": "message", "label": label, "text": send}}
               for label, send in follow_ups(f.info.code)]
    bubble = {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": BRAND,
                   "spacing": "xs", "contents": header},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": _body(f)},
        "footer": {"type": "box", "layout": "horizontal", "contents": buttons},
    }
    if len(json.dumps(bubble, ensure_ascii=False).encode()) > MAX_BUBBLE_BYTES:
        raise ValueError("status bubble over LINE's 30 KB limit")  # names are cut; unreachable
    # the footer's buttons are the follow-ups; quick replies would offer them a second time
    return {"type": "flex", "altText": status_text(f), "contents": bubble}


# ----- history, overdue and digest: plain text split into at most five messages -----

MAX_MESSAGES, MAX_CHARS = 5, 5000
_NOTE_ROOM = 200


def _room(index: int) -> int:
    """Characters message number index may hold (the last keeps room for the note)."""
    return MAX_CHARS - (_NOTE_ROOM if index >= MAX_MESSAGES - 1 else 0)


def pack(head: str, entries: list[str], note: str, sep: str = "\n\n") -> list[str]:
    """Join entries under head into ≤5 texts of ≤5,000 chars; note ({n}) how many did not fit."""
    texts: list[str] = []
    current, shown = head, 0
    for entry in entries:
        joiner = sep if current else ""
        free = _room(len(texts)) - len(current) - len(joiner)
        too_long_anyway = len(entry) > _room(MAX_MESSAGES) and free >= 500
        if len(entry) <= free or too_long_anyway:
            current += joiner + cut(entry, free)
        elif len(texts) < MAX_MESSAGES - 1:
            texts.append(current)
            current = cut(entry, _room(len(texts)))
        else:
            break
        shown += 1
    if shown < len(entries):
        current += "\n\n" + note.format(n=len(entries) - shown)
    return [*texts, current]


def plan_mark(on_plan: bool | None, on_target: bool | None) -> str:
    """✅ only when on plan and on target; ⚠️ naming what is not; ❔ when a status was not
    stated (ไม่ระบุ) and none is said to be off."""
    if on_plan and on_target:
        return "✅ เป็นไปตามแผน · เป็นไปตามเป้าหมาย"
    plan = f"ตามแผน: {UNSTATED}" if on_plan is None else plan_word(on_plan)
    target = f"ตามเป้าหมาย: {UNSTATED}" if on_target is None else target_word(on_target)
    return f"{'⚠️' if False in (on_plan, on_target) else '❔'} {plan} · {target}"


def _report_entry(r: ReportInfo) -> str:
    """One report of the history, as a few short lines."""
    corrected = f" (ฉบับแก้ไขที่ {r.revision - 1})" if r.revision > 1 else ""
    lines = [f"📌 รายงานครั้งที่ {r.number}{corrected} · ประจำเดือน "
             f"{periods.period_of(r.period).label} · {sent_phrase(r.sent)}",
             f"ความก้าวหน้า {percent(r.progress)} · เบิกจ่าย {money(r.disbursed)} บาท",
             plan_mark(r.on_plan, r.on_target)]
    if r.detail.strip():
        lines.append(r.detail.strip())
    for field in REPORT_FIELDS:  # the declared fields with a status line: obstacles, ...
        value = r.answer(field.name)
        line = field.status_line(value.strip() if isinstance(value, str) else value)
        if line:
            lines.append(line)
    return "\n".join(lines)


def history_texts(info: ProjectInfo, reports: list[ReportInfo]) -> list[str]:
    """Every report of a project, latest month first, readable on a phone."""
    head = f"ประวัติรายงาน {info.code}\n{cut(info.name, 300)}"
    if not reports:
        return [f"{head}\n\nยังไม่มีรายงานความก้าวหน้าของโครงการนี้ค่ะ"]
    head += f"\nทั้งหมด {len(reports)} ครั้ง (เดือนล่าสุดอยู่บนสุด)"
    return pack(head, [_report_entry(r) for r in reports],
                "…ยังมีรายงานที่เก่ากว่านี้อีก {n} ครั้งที่แสดงในแชตไม่ได้ "
                "ดูฉบับเต็มได้ด้วยคำสั่ง PDF นะคะ")


@dataclass(frozen=True)
class Row:
    """An active project of the overview and its reporting months (core.months)."""

    standing: Standing
    months: Months


def overdue_of(rows: list[Row]) -> list[Row]:
    """Projects with at least one month late (core.months)."""
    return [r for r in rows if r.months.missing]


def _standing_entry(r: Row) -> str:
    """One project of the overdue list: the months it owes and its latest report."""
    s = r.standing
    last = (f"ล่าสุด: เดือน {periods.period_of(s.latest_period).label}" if s.latest_period
            else "ยังไม่เคยรายงาน")
    owed = ", ".join(p.label for p in r.months.missing)
    return f"• {s.code} {cut(s.name, 70)}\n  ค้าง {owed} ({last})"


OPEN_NAMED = 10  # projects named in the "not due yet" note; the rest counted


def _open_note(rows: list[Row], today: date) -> str:
    """Which projects still have this month's report to send before its due date (the first
    few named, so a supervisor knows whom to ask)."""
    current = periods.period_of(today)
    waiting = [r for r in rows if current in r.months.open]
    if not waiting:
        return ""
    named = "\n".join(f"  - {r.standing.code} {cut(r.standing.name, 40)}"
                      for r in waiting[:OPEN_NAMED])
    more = (f"\n  …และอีก {len(waiting) - OPEN_NAMED} โครงการ" if len(waiting) > OPEN_NAMED
            else "")
    return (f"รอบ {current.label} ยังไม่ถึงกำหนดส่ง: ยังไม่ได้ส่ง {len(waiting)} โครงการ "
            f"(ยังไม่นับว่าค้างส่งค่ะ)\n{named}{more}")


def overdue_texts(rows: list[Row], today: date) -> list[str]:
    """The active projects of a scope with months past their due date and no report."""
    rows = [r for r in rows if not r.months.closed]  # a closed project owes nothing
    late = overdue_of(rows)
    if not rows:
        return ["ยังไม่มีโครงการที่กำลังดำเนินการในความรับผิดชอบของท่านค่ะ"]
    note = _open_note(rows, today)
    if not late:
        return [f"เรียบร้อยค่ะ ทุกโครงการ ({len(rows)} โครงการ) ส่งรายงานครบทุกเดือนที่ถึง"
                "กำหนดแล้ว" + (f"\n{note}" if note else "")]
    months = sum(len(r.months.missing) for r in late)
    head = (f"โครงการที่ค้างส่งรายงาน (เลยกำหนดส่งแล้ว): {len(late)} จาก {len(rows)} โครงการ "
            f"รวม {months} เดือนค่ะ (พิมพ์ \"สถานะ\" ตามด้วยรหัสเพื่อดูรายละเอียด)\n")
    texts = pack(head, [_standing_entry(r) for r in late],
                 "…และอีก {n} โครงการที่แสดงในแชตไม่ได้ค่ะ", sep="\n")
    if note:  # the late first; those not due yet after them
        texts[-1] = f"{texts[-1]}\n\n{note}" if len(texts[-1]) + len(note) < 4900 else texts[-1]
    return texts


def _month_word(r: Row, current: periods.Period, due: date | None) -> str:
    """This month's line: sent, still open until its due date, done, closed (or nothing)."""
    m = r.months
    if m.closed:
        return "ปิดโครงการแล้ว ไม่ต้องส่งรายงานอีกค่ะ"
    if current in m.reported:
        return f"เดือน {current.label}: ส่งแล้ว ✅"
    if current in m.open:
        when = f" {periods.thai_date(due)}" if due else ""
        return f"เดือน {current.label}: ยังไม่ได้ส่ง (ยังไม่ถึงกำหนดส่ง{when})"
    if m.done is not None and current > m.done:
        return "ความก้าวหน้าถึง 100 % แล้ว ไม่ต้องส่งรายงานเดือนต่อ ๆ ไปค่ะ"
    return ""


def _mine_entry(r: Row, current: periods.Period, due: date | None) -> str:
    """One project of "my reports": how many, which months, the latest, what is owed."""
    s = r.standing
    sent = sorted(period for period, _ in s.reports)
    lines = [f"• {s.code} {cut(s.name, 70)}"]
    if sent:
        lines.append(f"  ส่งแล้ว {len(sent)} ครั้ง: {', '.join(p.label for p in sent)}")
        latest = max(s.reports)
        lines.append(f"  ล่าสุด: เดือน {latest[0].label} ความก้าวหน้า {percent(latest[1])}")
    else:
        lines.append("  ยังไม่เคยส่งรายงานค่ะ")
    if r.months.missing:
        lines.append(f"  ค้างส่ง: {', '.join(p.label for p in r.months.missing)} "
                     "(เลยกำหนดส่งแล้ว)")
    if word := _month_word(r, current, due):
        lines.append(f"  {word}")
    return "\n".join(lines)


def mine_texts(rows: list[Row], today: date, dues: dict[str, date]) -> list[str]:
    """The asker's own reports, per project: how many were sent and for which months, the
    latest, what is late and whether this month's is in (dues: this month's due date by code)."""
    current = periods.period_of(today)
    head = f"รายงานของโครงการในความรับผิดชอบของท่าน ณ {periods.thai_date(today)} ค่ะ"
    entries = [_mine_entry(r, current, dues.get(r.standing.code)) for r in rows]
    texts = pack(head, entries, "…และอีก {n} โครงการที่แสดงในแชตไม่ได้ค่ะ")
    texts[-1] += "\n\nแตะชื่อโครงการด้านล่างเพื่อดูรายละเอียดของรายงานแต่ละครั้งได้นะคะ"
    return texts


@dataclass(frozen=True)
class Digest:
    """The numbers of the สรุป answer."""

    today: date
    total: int
    on_plan: int
    off_plan: int
    late: int
    missing: int
    closed: int
    average: Decimal | None
    behind: list[tuple[Standing, Behind]]  # the furthest behind plan first (core.behind)
    unstated: int = 0  # latest report does not say whether on plan (ไม่ระบุ): neither count
    behind_count: int = 0  # every project behind plan (behind lists the first few)


def _behind(s: Standing, today: date) -> Behind | None:
    """Whether a running project is behind plan today (core.behind, as the dashboard says)."""
    plan = periods.span_percent(*work_span(s.start_date, s.end_date, s.fiscal_year), today)
    return behind_plan(s.latest_progress, plan, s.on_plan)


def digest_of(rows: list[Row], today: date, top: int = 10) -> Digest:
    """Count the running projects reported on plan / not on plan / not stated / late / never
    reported, and find those behind plan (core.behind), furthest first; closed projects are
    counted apart."""
    running = [r for r in rows if not r.months.closed]
    standings = [r.standing for r in running]
    reported = [s for s in standings if s.latest_progress is not None]
    progress = [s.latest_progress for s in reported if s.latest_progress is not None]
    average = (sum(progress, _ZERO) / len(progress)).quantize(Decimal("0.01")) \
        if progress else None
    gaps = [(s, b) for s in standings if (b := _behind(s, today)) is not None]
    gaps.sort(key=lambda g: (g[1].progress - g[1].plan, g[0].code))
    return Digest(
        today, len(running),
        on_plan=sum(1 for s in reported if s.on_plan is True),
        off_plan=sum(1 for s in reported if s.on_plan is False),
        late=len(overdue_of(running)),
        missing=len(standings) - len(reported),
        closed=sum(1 for r in rows if r.months.closed),
        average=average, behind=gaps[:top],
        unstated=sum(1 for s in reported if s.on_plan is None),
        behind_count=len(gaps),
    )


def digest_text(d: Digest) -> str:
    """The digest as one text message."""
    lines = [f"สรุปภาพรวมโครงการ ข้อมูล ณ {periods.thai_date(d.today)}",
             f"โครงการที่กำลังดำเนินการ: {d.total} โครงการ",
             f"• รายงานล่าสุดเป็นไปตามแผน: {d.on_plan}",
             f"• รายงานล่าสุดไม่เป็นไปตามแผน: {d.off_plan}",
             *([f"• รายงานล่าสุดไม่ระบุว่าเป็นไปตามแผนหรือไม่: {d.unstated}"] if d.unstated else []),
             f"• ค้างส่งรายงาน (เลยกำหนดส่งแล้ว): {d.late}",
             f"• ยังไม่เคยรายงานเลย: {d.missing}",
             f"• {BEHIND}: {d.behind_count}"]
    if d.closed:
        lines.append(f"ปิดโครงการแล้วอีก {d.closed} โครงการ (ไม่นับรวมข้างต้น)")
    if d.average is not None:
        lines.append(f"ความก้าวหน้าเฉลี่ย {percent(d.average)} "
                     f"(จาก {d.total - d.missing} โครงการที่มีรายงาน)")
    if d.behind:
        shown = (f" (แสดง {len(d.behind)} โครงการที่ห่างจากแผนมากที่สุด)"
                 if len(d.behind) < d.behind_count else "")
        lines += ["", f"โครงการที่{BEHIND} {d.behind_count} โครงการ ({RULE}){shown}"]
        for n, (s, b) in enumerate(d.behind, 1):
            lines.append(f"{n}. {s.code} {cut(s.name, 60)}\n"
                         f"   ทำได้ {percent(b.progress)} แผน {percent(b.plan)} · {b.reasons}")
    elif d.total:
        lines += ["", f"ไม่มีโครงการที่{BEHIND}ค่ะ"]
    return cut("\n".join(lines), MAX_CHARS)
