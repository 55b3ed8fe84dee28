"""Recognise the words that start, resume or interrupt a report conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.codes import find_codes
from conversations.thai_numbers import normalize
from core.messages import REPORT_POSTBACK as POSTBACK_PREFIX

_START = re.compile(r"^(?P<verb>แก้ไขรายงาน|ส่งรายงาน|รายงานตัวชี้วัด|รายงาน)(?P<rest>.*)$", re.S)
_PAGE = re.compile(r"^หน้า\s*(\d+)$")
_INTERRUPT_PREFIX = re.compile(r"^(สถานะ|ประวัติ|กราฟ|pdf)(\s|$)", re.I)
_INTERRUPT_EXACT = {"สรุป", "ค้างส่ง", "สถานะ"}



@dataclass(frozen=True)
class StartRequest:
    """A request to begin a report: which kind, a project hint, and any one-shot text."""

    amend: bool
    indicator: bool
    code: str | None
    fragment: str
    rest: str
    page: int = 1


def parse_start(text: str) -> StartRequest | None:
    """Read "รายงาน …", "ส่งรายงาน CODE", "แก้ไขรายงาน", "รายงานตัวชี้วัด"; None otherwise."""
    match = _START.match(normalize(text).strip())
    if match is None:
        return None
    verb, rest = match["verb"], match["rest"].strip()
    page = _PAGE.match(rest)
    if page:
        return StartRequest(verb == "แก้ไขรายงาน", verb == "รายงานตัวชี้วัด", None, "", "",
                            int(page.group(1)))
    codes = find_codes(rest)
    code = codes[0] if codes else None
    fragment = "" if code or len(rest) > 40 or any(ch.isdigit() for ch in rest) else rest
    return StartRequest(verb == "แก้ไขรายงาน", verb == "รายงานตัวชี้วัด", code, fragment, rest)


def parse_postback(data: str) -> StartRequest | None:
    """Read a reminder button's postback, e.g. "report:50470000-3430"."""
    if not data.startswith(POSTBACK_PREFIX):
        return None
    codes = find_codes(data[len(POSTBACK_PREFIX):])
    return StartRequest(False, False, codes[0] if codes else None, "", "")


def interrupts(text: str) -> bool:
    """True for a status-type question asked in the middle of a draft."""
    flat = normalize(text).strip()
    if flat in _INTERRUPT_EXACT or _INTERRUPT_PREFIX.match(flat):
        return True
    codes = find_codes(flat)
    return len(codes) == 1 and flat.replace(" ", "").replace("-", "") == codes[0].replace("-", "")
