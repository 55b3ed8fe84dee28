"""Labels and section headings of the official forms, matched tolerantly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from core.thai import to_arabic_digits

_KEY_NOISE = re.compile(r"[\s.…\-_*]+")
_MAX_KEY = 40
_NEAR = 0.85  # similarity for a misspelt label
_FUZZY_MIN, _FUZZY_HEADING = 10, 0.8  # misspelt heading keywords: long ones only
_NUMBERED = re.compile(r"^\(?\s*(\d+(?:\s*\.\s*\d+)?)\s*\)?\s*\.?\s*")
_QUARTER = re.compile(r"^(?:\(?\s*6\s*\.\s*[1-4]\s*\)?\s*)?ไตรมาส(?:ที่)?\s*([1-4])\s*(?::\s*)?")
_REPORT = re.compile(r"^รายงาน\s*ครั้ง\s*ที่\s*(\d+)\s*")
_REPORT_WORDS = re.compile(r"^รายงาน\s*ครั้ง\s*ที่\s*(?:[?:.]|$)")
_FOOTER_START = re.compile(r"^(?:ขอรับรอง|ลงชื่อ)")
_FOOTER_LINE = re.compile(r"^(?:ขอรับรอง|ลงชื่อ|ตำแหน่ง|\.{3,})")

PROJECT_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("ชื่อโครงการ/กิจกรรม", "ชื่อโครงการ", "ชื่อกิจกรรม"),
    "code": ("รหัสโครงการ",),
    "fiscal_year": ("ปีงบประมาณพศ", "ปีงบประมาณ"),
    "start": ("เริ่มต้นโครงการ", "วันเริ่มต้นโครงการ"),
    "end": ("สิ้นสุดโครงการ", "วันสิ้นสุดโครงการ"),
    "budget_received": ("งบประมาณที่ได้รับ",),
    "budget_used": ("งบประมาณที่ใช้ไป",),
    "unit": ("หน่วยงานที่รับผิดชอบ",),
    "responsible": ("ชื่อผู้รับผิดชอบ", "ผู้รับผิดชอบโครงการ", "ผู้รับผิดชอบ"),
    "coordinator": ("ผู้ประสานงานสยป", "ผู้ประสานงาน"),
}
PLAN_LABELS: dict[str, tuple[str, ...]] = {
    "strategy": ("ประเด็นยุทธศาสตร์",),
    "sub_strategy": ("ประเด็นยุทธศาสตร์ย่อย", "ย่อย"),
    "goal": ("เป้าหมายที่", "เป้าประสงค์ที่", "เป้าประสงค์"),
    "indicator": ("ตัวชี้วัด",),
}


@dataclass(frozen=True)
class Spec:
    """A numbered section of a form: its number, keywords (fuzzy) and printed title."""

    number: str
    keywords: tuple[str, ...]
    title: str


def norm(text: str) -> str:
    """Normalise a label or heading for comparison: no spaces, dots, dashes."""
    return _KEY_NOISE.sub("", text)


def _label_score(key: str, alias: str) -> float:
    """Similarity of a printed label to a known alias (0 when unrelated)."""
    if key == alias:
        return 1.0
    if alias.startswith(key) and len(key) >= max(4, 0.6 * len(alias)):
        return 0.95 * len(key) / len(alias)
    matcher = SequenceMatcher(None, key, alias)
    if matcher.real_quick_ratio() < _NEAR or matcher.quick_ratio() < _NEAR:
        return 0.0
    ratio = matcher.ratio()
    return 0.9 * ratio if ratio >= _NEAR else 0.0


def match_label(text: str, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """Match "label... : value" (or a bare label) to (field, value) using the table."""
    key, colon, value = text.partition(":")
    key = norm(key)
    if not key or len(key) > _MAX_KEY:
        return None
    best, best_score = "", 0.0
    for field, aliases in table.items():
        for alias in aliases:
            score = _label_score(key, alias)
            if not colon and score < 1:  # a bare label (value on a later line) must be exact
                score = 0.0
            if score > best_score:
                best, best_score = field, score
    return (best, value.strip()) if best_score > 0 else None


def _keyword_hit(text: str, keywords: tuple[str, ...]) -> bool:
    """True if a keyword occurs in the text, or its opening is a near-miss spelling."""
    flat = norm(text)
    for keyword in keywords:
        if keyword in flat:
            return True
        opening = flat[: len(keyword)]
        if len(keyword) < _FUZZY_MIN or len(opening) < len(keyword):
            continue
        if SequenceMatcher(None, keyword, opening).ratio() >= _FUZZY_HEADING:
            return True
    return False


def _after_colon(text: str) -> str:
    """The value printed after a heading's first colon, or "" if none."""
    _, colon, value = text.partition(":")
    return value.strip() if colon else ""


def match_heading(text: str, specs: tuple[Spec, ...]) -> tuple[Spec, str] | None:
    """Match a numbered heading ("1.3 หลักการและเหตุผล", "(6.5) สรุปผล...") to its spec."""
    stripped = text.strip()
    match = _NUMBERED.match(to_arabic_digits(stripped))
    if not match:
        return None
    number = re.sub(r"\s+", "", match.group(1))
    rest = stripped[match.end() :]
    for spec in specs:
        if spec.number == number and _keyword_hit(rest.partition(":")[0], spec.keywords):
            return spec, _after_colon(rest)
    return None


def match_bare_heading(text: str, keyword: str) -> bool:
    """True for an unnumbered heading line that opens with the keyword."""
    flat = norm(text.strip().rstrip(":"))
    return flat.startswith(keyword) and ":" not in text


def match_quarter(text: str) -> tuple[int, str] | None:
    """Match "(6.1) ไตรมาสที่ 1 : text" to (quarter, text)."""
    stripped = text.strip()
    match = _QUARTER.match(to_arabic_digits(stripped))
    if not match:
        return None
    return int(match.group(1)), stripped[match.end() :].strip()


def match_report(text: str) -> tuple[int, str] | None:
    """Match "รายงานครั้งที่ N ..." to (N, rest of the line)."""
    stripped = text.strip()
    match = _REPORT.match(to_arabic_digits(stripped))
    if not match:
        return None
    return int(match.group(1)), stripped[match.end() :]


def is_unreadable_report(text: str) -> bool:
    """True for "รายงานครั้งที่ ?": a report header whose number was lost."""
    return bool(_REPORT_WORDS.match(text.strip()))


def is_footer_start(text: str) -> bool:
    """True for the certification / signature line that opens the footer."""
    return bool(_FOOTER_START.match(text.strip()))


def is_footer_line(text: str) -> bool:
    """True for any line of the footer (certification, signature, position, dots)."""
    return bool(_FOOTER_LINE.match(text.strip()))
