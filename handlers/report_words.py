"""Recognise the words that start, resume or interrupt a report conversation (the grammar's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conversations import grammar
from conversations.codes import find_codes
from conversations.grammar import Intent
from conversations.readers import find_month_be
from core.messages import PERIOD_POSTBACK
from core.messages import REPORT_POSTBACK as POSTBACK_PREFIX
from core.periods import period_from_key, period_of


@dataclass(frozen=True)
class StartRequest:
    """A request to begin a report: which kind, a project hint, and any one-shot text."""

    amend: bool
    indicator: bool
    code: str | None
    fragment: str
    rest: str
    page: int = 1
    period: date | None = None  # the month the report is for, when the request names one


def parse_start(text: str, parsed: grammar.Parsed | None = None) -> StartRequest | None:
    """Read "รายงาน …", "ขอส่งรายงานครับ", "แก้ไขรายงาน", "รายงานตัวชี้วัด"; None otherwise
    (parsed: the grammar's reading of text, when the caller has it)."""
    parsed = parsed or grammar.understand(text)
    if parsed.intent not in grammar.REPORT_FAMILY or not parsed.at_start:
        return None
    amend, indicator = parsed.intent is Intent.AMEND, parsed.intent is Intent.INDICATOR_REPORT
    if parsed.page > 1 and not parsed.rest:
        return StartRequest(amend, indicator, None, "", "", parsed.page)
    rest, code = parsed.rest, parsed.code
    if code is None:
        codes = find_codes(rest)
        code = codes[0] if len(codes) == 1 else None  # two projects named: which is asked
    fragment = parsed.fragment
    if code or len(rest) > 40 or any(ch.isdigit() for ch in rest) or "\n" in rest:
        fragment = ""
    elif (fragment and not grammar.names_a_project(fragment)
          and find_month_be(rest, date.today()) is None):  # a month is read from rest later
        fragment, rest = "", ""  # "ขอเริ่มกรอกรายงานใหม่": words about the report, no answer
    return StartRequest(amend, indicator, code, fragment, rest)


def parse_postback(data: str, params: dict[str, str] | None = None) -> StartRequest | None:
    """Read a reminder button ("report:CODE@2026-11"), a month's quick reply
    ("period:CODE@2026-10") or the month picker ("period:CODE" with a picked date)."""
    prefix = next((p for p in (PERIOD_POSTBACK, POSTBACK_PREFIX) if data.startswith(p)), None)
    if prefix is None:
        return None
    target, _, month = data[len(prefix):].partition("@")
    codes = find_codes(target)
    period = period_from_key(month) if month else None
    if prefix == PERIOD_POSTBACK and period is None:
        try:
            picked = date.fromisoformat((params or {}).get("date", ""))
        except ValueError:
            return None
        period = period_of(picked)
    return StartRequest(False, False, codes[0] if codes else None, "", "",
                        period=period.start if period else None)


def start_mid_draft(text: str, free_text: bool,
                    parsed: grammar.Parsed | None = None) -> StartRequest | None:
    """A report request typed while a draft is open: plain at a free-text question, exact elsewhere.

    "รายงานผลการประชุมต่อผู้บริหารแล้ว" at the detail question is an answer, not a new report.
    """
    parsed = parsed or grammar.understand(text)
    request = parse_start(text, parsed)
    if request is None or not parsed.exact:
        return None
    if free_text and not (parsed.plain() and not request.fragment):
        return None  # at a free-text question only "รายงาน" or "รายงาน <รหัส>" starts over
    return request


def interrupts(text: str, free_text: bool = False) -> bool:
    """True for another command (status, overview, reminders…) asked in the middle of a draft."""
    return grammar.interrupts(text, free_text)
