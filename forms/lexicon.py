"""Labels and section headings of the official forms, matched tolerantly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import Levenshtein

from core.thai import to_arabic_digits

_KEY_NOISE = re.compile(r"[\s.…\-_*]+")
_MAX_KEY = 40
_NEAR = 0.85  # similarity for a misspelt label
_SHORT_ALIAS = 8  # aliases shorter than this tolerate one damaged character, longer ones two
_INLINE_MIN = 6  # shortest label recognised in the middle of a line ("... ย่อย :" is not)
_FIELD_SEP = re.compile(r"(?<![0-9๐-๙]):+|:+(?![0-9๐-๙])")  # not the colons of "00:00:00"
_TOKEN = re.compile(r"\S+")
REPORT_WORD = "รายงานครั้งที่"
QUARTER_WORD = "ไตรมาสที่"
_QUARTER_PREFIX = re.compile(r"^\(?\s*6\s*\.\s*([1-4])\s*\)?\s*")
_QUARTER_NUMBER = re.compile(r"\s*([1-4])(?=[\s:]|$)\s*(?::\s*)?")
_WORD_AT = re.compile(r"(?:^|(?<=[\s:\-]))(?=\S)")
_LABEL_AFTER = re.compile(r"(?:\t|::?|\s{2})\s*-?\s*$")  # what a label inside a line follows
_BEFORE = 40  # characters looked at before a word: enough, and the search stays linear
_NUMBER_AFTER = re.compile(r"[ \t]*(?P<num>[0-9๐-๙]{1,3}|\?+)(?=[\s:\-]|$)")
_FUZZY_MIN, _FUZZY_HEADING = 10, 0.8  # misspelt heading keywords: long ones only
_NUMBERED = re.compile(r"^\(?\s*(\d+(?:\s*\.\s*\d+)?)\s*\)?\s*\.?\s*")
_QUARTER = re.compile(
    r"^(?:\(?\s*6\s*\.\s*[1-4]\s*\)?\s*)?ไตรมาส(?:ที่)?\s*([1-4])(?=[\s:]|$)\s*(?::\s*)?"
)
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


def typos(key: str, word: str) -> int | None:
    """Damaged characters between a printed word and a known one (None when too many)."""
    allowed = 1 if len(word) < _SHORT_ALIAS else 2
    distance = Levenshtein.distance(to_arabic_digits(key), word, score_cutoff=allowed)
    return distance if distance <= allowed else None


def _label_score(key: str, alias: str) -> float:
    """Similarity of a printed label to a known alias (0 when unrelated)."""
    if key == alias:
        return 1.0
    if alias.startswith(key) and len(key) >= max(4, 0.6 * len(alias)):
        return 0.95 * len(key) / len(alias)
    damaged = typos(key, alias)
    if damaged is not None:
        return 0.9 - 0.02 * damaged
    return 0.0


def _best_label(key: str, table: dict[str, tuple[str, ...]]) -> tuple[str, float]:
    """The field whose alias is nearest to a normalised label, and its score."""
    best, best_score = "", 0.0
    for name, aliases in table.items():
        for alias in aliases:
            score = _label_score(key, alias)
            if score > best_score:
                best, best_score = name, score
    return best, best_score


def _trailing_label(
    chunk: str, table: dict[str, tuple[str, ...]], used: set[str]
) -> tuple[str, int] | None:
    """A label closing the chunk (the words before a colon): (field, where it starts)."""
    spans = [match.span() for match in _TOKEN.finditer(chunk)]
    found: tuple[str, int] | None = None
    best_score = 0.0
    for size in range(1, min(4, len(spans)) + 1):
        start = spans[-size][0]
        key = norm(chunk[start:])
        if len(key) < _INLINE_MIN or len(key) > _MAX_KEY:
            continue
        name, score = _best_label(key, table)
        if score >= _NEAR and name not in used and score > best_score:
            found, best_score = (name, start), score
    return found


def split_fields(
    text: str, table: dict[str, tuple[str, ...]], known: frozenset[str] = frozenset()
) -> list[tuple[str, str]] | None:
    """Read "label : value [label : value ...]" (several fields on one line) or a bare label.

    A label inside the line is only one of a field not read yet (`known` were read before).
    """
    seps = list(_FIELD_SEP.finditer(text))
    if not seps:
        bare = match_label(text, table)
        return [bare] if bare is not None else None
    first = norm(text[: seps[0].start()])
    if not first or len(first) > _MAX_KEY:
        return None
    name, score = _best_label(first, table)
    if score <= 0:
        return None
    fields: list[tuple[str, int]] = [(name, seps[0].end())]
    ends: list[int] = []
    for sep in seps[1:]:
        begin = fields[-1][1]
        if sep.start() < begin:
            continue
        found = _trailing_label(text[begin : sep.start()], table, {f for f, _ in fields} | known)
        if found is not None:
            ends.append(begin + found[1])
            fields.append((found[0], sep.end()))
    ends.append(len(text))
    return [(f, text[start:end].strip()) for (f, start), end in zip(fields, ends, strict=True)]


def match_label(text: str, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """Match "label... : value" (or a bare label) to (field, value) using the table."""
    key, colon, value = text.partition(":")
    key = norm(key)
    if not key or len(key) > _MAX_KEY:
        return None
    best, best_score = _best_label(key, table)
    if not colon and best_score < 1:  # a bare label (value on a later line) must be exact
        return None
    return (best, value.strip()) if best_score > 0 else None


def _keyword_hit(text: str, keywords: tuple[str, ...]) -> bool:
    """True if a keyword occurs in the text, or its opening is a near-miss spelling."""
    flat = norm(text)
    for keyword in keywords:
        if keyword in flat:
            return True
        if len(keyword) >= _INLINE_MIN and any(
            typos(flat[:size], keyword) is not None
            for size in range(len(keyword) - 1, len(keyword) + 2)
        ):
            return True  # one damaged character (two in a long keyword) at the opening
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
        return _damaged_quarter(stripped)
    return int(match.group(1)), stripped[match.end() :].strip()


def _damaged_quarter(text: str) -> tuple[int, str] | None:
    """Match a quarter heading whose word is one or two characters off ("ไตรมาสท?่ 3")."""
    flat = to_arabic_digits(text)
    prefix = _QUARTER_PREFIX.match(flat)
    start = prefix.end() if prefix else 0
    best: tuple[int, int, int] | None = None  # (damaged characters, quarter, end)
    for size in range(len(QUARTER_WORD) - 2, len(QUARTER_WORD) + 3):
        word = flat[start : start + size]
        number = _QUARTER_NUMBER.match(flat, start + size)
        damaged = typos(word, QUARTER_WORD) if len(word) == size else None
        if number is None or damaged is None:
            continue
        if best is None or damaged < best[0]:
            best = (damaged, int(number.group(1)), number.end())
    if best is None or (prefix and int(prefix.group(1)) != best[1]):
        return None
    return best[1], text[best[2] :].strip()


def match_report(text: str) -> tuple[int, str] | None:
    """Match "รายงานครั้งที่ N ..." to (N, rest of the line)."""
    stripped = text.strip()
    match = _REPORT.match(to_arabic_digits(stripped))
    if not match:
        return None
    return int(match.group(1)), stripped[match.end() :]


def find_reports(text: str) -> list[tuple[int, int, int | None]]:
    """Every "รายงานครั้งที่ N" label in a line, tolerating damage: (start, end, N or None).

    At the start of a line (after "- ") a label may be two characters off; elsewhere it must
    follow a tab, a colon or two spaces and be at most one character off.
    """
    found: list[tuple[int, int, int | None]] = []
    lead = len(text) - len(text.lstrip(" \t-"))
    for start in (match.start() for match in _WORD_AT.finditer(text)):
        if found and start < found[-1][1]:
            continue
        at_start = start <= lead
        if not at_start and not _LABEL_AFTER.search(text[max(0, start - _BEFORE) : start]):
            continue
        label = _report_at(text, start, 2 if at_start else 1)
        if label is not None:
            found.append((start, *label))
    return found


def _report_at(text: str, start: int, allowed: int) -> tuple[int, int | None] | None:
    """(end, N) of a "รายงานครั้งที่ N" label starting at start, at most `allowed` chars off."""
    best: tuple[int, int, int | None] | None = None
    for size in range(len(REPORT_WORD) - allowed, len(REPORT_WORD) + allowed + 4):
        word = text[start : start + size]
        if len(word) < size or word[-1].isspace() or "\t" in word:
            continue
        if " " in word and not word.startswith("รายงาน"):  # "รายงาน ครั้งที่": spaced words
            continue
        number = _NUMBER_AFTER.match(text, start + size)
        if number is None:
            continue
        key = to_arabic_digits(re.sub(r"\s+", "", word))
        distance = Levenshtein.distance(key, REPORT_WORD, score_cutoff=allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            raw = to_arabic_digits(number.group("num"))
            best = (distance, number.end(), int(raw) if raw.isdigit() else None)
    return best[1:] if best else None


def is_unreadable_report(text: str) -> bool:
    """True for "รายงานครั้งที่ ?": a report header whose number was lost."""
    return bool(_REPORT_WORDS.match(text.strip()))


def is_footer_start(text: str) -> bool:
    """True for the certification / signature line that opens the footer."""
    return bool(_FOOTER_START.match(text.strip()))


def is_footer_line(text: str) -> bool:
    """True for any line of the footer (certification, signature, position, dots)."""
    return bool(_FOOTER_LINE.match(text.strip()))
