"""Read the status-family queries: "สถานะ 50470000-3430", "ประวัติ …", "กราฟ …", "ค้างส่ง"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from conversations.codes import find_codes, normalize_code
from core.thai import THAI_DIGITS


class Verb(StrEnum):
    """What the asker wants to see."""

    STATUS = "สถานะ"
    HISTORY = "ประวัติ"
    CHART = "กราฟ"
    PDF = "PDF"
    OVERDUE = "ค้างส่ง"
    DIGEST = "สรุป"


# Spellings of each verb, longest first so "สถานะโครงการ" wins over "สถานะ".
_SPELLINGS: tuple[tuple[str, Verb], ...] = tuple(sorted(
    [
        ("สถานะโครงการ", Verb.STATUS), ("ดูสถานะโครงการ", Verb.STATUS),
        ("ดูสถานะ", Verb.STATUS), ("สถานะ", Verb.STATUS),
        ("ประวัติรายงาน", Verb.HISTORY), ("ประวัติโครงการ", Verb.HISTORY),
        ("ประวัติ", Verb.HISTORY), ("กราฟโครงการ", Verb.CHART), ("กราฟ", Verb.CHART),
        ("แบบฟอร์ม pdf", Verb.PDF), ("pdf", Verb.PDF),
        ("โครงการค้างส่ง", Verb.OVERDUE), ("ค้างส่ง", Verb.OVERDUE),
        ("ค้างส่งรายงาน", Verb.OVERDUE), ("ยังไม่ส่ง", Verb.OVERDUE),
        ("สรุปภาพรวม", Verb.DIGEST), ("ภาพรวม", Verb.DIGEST), ("สรุป", Verb.DIGEST),
    ],
    key=lambda pair: -len(pair[0]),
))
_BARE_ONLY = frozenset({Verb.OVERDUE, Verb.DIGEST})
_PAGE = re.compile(r"\s*\(?หน้า\s*(\d{1,3})\)?\s*$")
_PARTICLES = re.compile(r"(?:\s*(?:ครับ|ค่ะ|คะ|นะคะ|นะครับ|หน่อย|ด้วย|จ้า|จ้ะ))+\s*$")
_QUOTES = "\"'“”‘’«»`"


@dataclass(frozen=True)
class Query:
    """A parsed query: the verb, then a project code or a name fragment (or neither)."""

    verb: Verb
    code: str | None = None
    fragment: str = ""
    page: int = 1

    def again(self, page: int) -> str:
        """The text that asks for another page of the same search."""
        return f"{self.verb.value} {self.fragment} หน้า {page}"


def clean(text: str) -> str:
    """NFC, Thai digits as Arabic, zero-width characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(THAI_DIGITS)
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return " ".join(text.split())


def _split_verb(text: str) -> tuple[Verb, str] | None:
    """The verb a message starts with and what follows it."""
    folded = text.casefold()
    for spelling, verb in _SPELLINGS:
        if not folded.startswith(spelling):
            continue
        rest = text[len(spelling):]
        # "สถานะ50470000-3430" is fine; "ประวัติศาสตร์" is not our verb.
        if rest and not (rest[0].isspace() or rest[0].isdigit() or rest[0] in ":："):
            continue
        return verb, rest.lstrip(" :：")
    return None


def _target(rest: str) -> tuple[str | None, str]:
    """A code, or else a name fragment, from what follows the verb."""
    code = normalize_code(rest)
    if code is None:
        codes = find_codes(rest)
        code = codes[0] if len(codes) == 1 else None
    if code is not None:
        return code, ""
    fragment = _PARTICLES.sub("", rest).strip().strip(_QUOTES).strip()
    return None, fragment


def parse_query(text: str) -> Query | None:
    """The query a message asks, or None when it is not a status-family query."""
    text = clean(text)
    if not text:
        return None
    code = normalize_code(text)
    if code is not None:
        return Query(Verb.STATUS, code=code)
    split = _split_verb(text)
    if split is None:
        return None
    verb, rest = split
    if verb in _BARE_ONLY:
        return Query(verb) if not _PARTICLES.sub("", rest).strip() else None
    page = 1
    match = _PAGE.search(rest)
    if match:
        page, rest = max(int(match.group(1)), 1), rest[: match.start()]
    code, fragment = _target(rest)
    return Query(verb, code=code, fragment=fragment, page=page)
