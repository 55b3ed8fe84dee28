"""Pure readers of officers' answers: each returns Ok(value) or Problem(code, message_th)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Generic, TypeAlias, TypeVar

from conversations.thai_numbers import normalize, thai_words_to_decimal, two_readings
from core.thai import be_to_ce

T = TypeVar("T")
CENT = Decimal("0.01")
MAX_MONEY = Decimal(100_000_000_000)


class ProblemCode(StrEnum):
    """Why a reader refused the text (compares equal to its plain string)."""

    EMPTY = "empty"
    UNREADABLE = "unreadable"
    OUT_OF_RANGE = "out_of_range"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    TOO_LONG = "too_long"
    CE_YEAR = "ce_year"
    BAD_DATE = "bad_date"
    CONFLICT = "conflict"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    """A value read successfully."""

    value: T


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the text could not be read, with a polite Thai reply that shows a valid example."""

    code: str
    message_th: str


Result: TypeAlias = Ok[T] | Problem

_PARTICLES = re.compile(r"(?:\s*(?:นะ)?(?:ค่ะ|คะ|ค่า|ครับผม|ครับ|คับ|ค้าบ|จ้า|จ้ะ|ฮะ|นะ))*[\s.!~]*$")
_PCT_PREFIX = re.compile(r"^(?:(?:ความ)?(?:ก้าวหน้า|คืบหน้า)(?:ของงาน)?\s*[:=]?\s*)?(?:ร้อยละ)?")
_PCT_SUFFIX = re.compile(r"(?:%|เปอร์เซ็นต์|เปอร์เซนต์|เปอร์เซ็น|เปอร์เซน|percent|pct)?\s*$")
_MONEY_PREFIX = re.compile(
    r"^(?:(?:งบ(?:ประมาณ)?)?(?:ที่)?(?:เบิก(?:จ่าย|ใช้)?|ใช้)(?:ไป|แล้ว)*\s*[:=]?)?\s*฿?"
)
_MONEY_SUFFIX = re.compile(  # "บ." for baht, but not the last letter of "สิบ"
    r"\s*(?:\.-|-|=)?\s*(?:บาท(?:ถ้วน)?|(?<!สิ)บ\.?|thb|baht|฿)?\s*(?:\.-|-|=)?\s*$")
_NO_MONEY = re.compile(
    r"[-–—]+|ศูนย์|(?:ยัง)?(?:ไม่มี|ไม่ได้|ไม่)(?:การ)?(?:เบิก(?:จ่าย|ใช้)?|ใช้(?:จ่าย)?)?"
    r"(?:งบ(?:ประมาณ)?|เงิน)?(?:เลย)?"
)
_PCT_HELP = "กรุณาพิมพ์เป็นร้อยละ 0–100 เช่น 80 หรือ 75.5%"
_MONEY_HELP = "กรุณาพิมพ์เป็นจำนวนบาท เช่น 12,000 หรือ 1.2 ล้าน ถ้ายังไม่เบิกจ่ายพิมพ์ 0 ได้เลยค่ะ"


def _quantize(value: Decimal) -> Decimal:
    """Round to satang (2 places), half up: 80.005 → 80.01."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _answer(text: str) -> str:
    """Normalize a short answer, lower-case it and drop trailing politeness particles."""
    return _PARTICLES.sub("", normalize(text).lower()).strip()


def read_percent(text: str) -> Ok[Decimal] | Problem:
    """Read a progress percentage 0–100 ("80", "๘๐ %", "ร้อยละ 75.5", "แปดสิบ") to 2 places."""
    s = _answer(text)
    if not s:
        return Problem(ProblemCode.EMPTY, f"ยังไม่ได้รับตัวเลขความก้าวหน้าค่ะ {_PCT_HELP}")
    value = thai_words_to_decimal(_PCT_SUFFIX.sub("", _PCT_PREFIX.sub("", s), count=1))
    if value is None:
        return Problem(
            ProblemCode.UNREADABLE, f"ขออภัยค่ะ ไม่เข้าใจตัวเลขความก้าวหน้า {_PCT_HELP}"
        )
    if not 0 <= value <= 100:
        return Problem(
            ProblemCode.OUT_OF_RANGE,
            f"ความก้าวหน้าต้องอยู่ระหว่างร้อยละ 0 ถึง 100 ค่ะ (ได้รับ {value}) {_PCT_HELP}",
        )
    return Ok(_quantize(value))


def read_money(text: str) -> Ok[Decimal] | Problem:
    """Read baht disbursed ("1,234.50", "฿1,500", "1.2 ล้านบาท", "ไม่มี" → 0) to 2 places."""
    s = _answer(text)
    if not s:
        return Problem(ProblemCode.EMPTY, f"ยังไม่ได้รับจำนวนเงินที่เบิกจ่ายค่ะ {_MONEY_HELP}")
    if s != "ไม่" and _NO_MONEY.fullmatch(re.sub(r"\s+", "", s)):
        return Ok(Decimal("0.00"))
    rest = _MONEY_SUFFIX.sub("", _MONEY_PREFIX.sub("", s), count=1)
    if not rest and "-" in s:  # "- บาท"
        return Ok(Decimal("0.00"))
    both = two_readings(rest)
    if both is not None:
        a, b = (f"{_quantize(v):,.2f} บาท" for v in both)
        return Problem(ProblemCode.AMBIGUOUS,
                       f"ขออภัยค่ะ จำนวนนี้อ่านได้สองแบบ หมายถึง {a} หรือ {b}คะ "
                       "กรุณาพิมพ์เป็นตัวเลข เช่น 150 หรือ 1,500")
    value = thai_words_to_decimal(rest)
    if value is None:
        why = " (ใส่จุลภาคทุก 3 หลัก เช่น 1,234,000)" if re.search(r"\d,\d", s) else ""
        return Problem(ProblemCode.UNREADABLE, f"ขออภัยค่ะ ไม่เข้าใจจำนวนเงิน{why} {_MONEY_HELP}")
    if value < 0:
        return Problem(ProblemCode.NEGATIVE, f"จำนวนเงินติดลบไม่ได้ค่ะ {_MONEY_HELP}")
    if value > MAX_MONEY:
        return Problem(
            ProblemCode.TOO_LARGE,
            "จำนวนเงินสูงเกินกว่าที่ระบบรับได้ (ไม่เกิน 100,000 ล้านบาท) กรุณาตรวจสอบอีกครั้ง"
            " เช่น 1,250,000 หรือ 1.25 ล้าน",
        )
    return Ok(_quantize(value))


PLAN_POSITIVE = ("เป็นไปตามแผน", "ตามแผน", "เร็วกว่าแผน", "เร็วกว่ากำหนด", "ก่อนกำหนด",
                 "ตามกำหนด", "ทันตามแผน", "ทันตามกำหนด")
PLAN_NEGATIVE = ("ไม่เป็นไปตามแผน", "ไม่ตามแผน", "ล่าช้ากว่าแผน", "ล่าช้ากว่ากำหนด", "ล่าช้า",
                 "ล้าช้า", "ช้ากว่าแผน", "ช้ากว่ากำหนด", "ต่ำกว่าแผน")
TARGET_POSITIVE = ("เป็นไปตามเป้า", "ตามเป้า", "ถึงเป้า", "บรรลุเป้า", "เกินเป้า")
TARGET_NEGATIVE = ("ไม่เป็นไปตามเป้า", "ไม่ตามเป้า", "ไม่ถึงเป้า", "ต่ำกว่าเป้า", "ไม่บรรลุเป้า")
_YES = {"ใช่", "ใช่แล้ว", "ถูก", "ถูกต้อง", "เป็น", "ได้", "y", "yes", "ok", "โอเค", "✓", "✔",
        "✅", "👍"}
_NO = {"ไม่", "ไม่ใช่", "ไม่ถูก", "ไม่ถูกต้อง", "ไม่เป็น", "ไม่ได้", "n", "no", "✗", "✘", "❌",
       "👎"}
_NEGATED = re.compile(r"(?:ไม่(?:ค่อย|ได้)*|มิได้)\s*(?:เป็นไป)?\s*$")


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex, longest phrase first, with a group per phrase; "เป้า" may go on as "เป้าหมาย"."""
    def one(p: str) -> str:
        r = re.escape(p).replace("ไม่", r"ไม่\s*").replace("เป็นไป", r"เป็นไป\s*")
        return f"({r}{'(?:หมาย)?' if p.endswith('เป้า') else ''})"
    return re.compile("|".join(one(p) for p in sorted(phrases, key=len, reverse=True)))


def find_phrases(
    text: str, positive: Sequence[str], negative: Sequence[str]
) -> list[tuple[int, int, bool]]:
    """Spans (start, end, polarity) of the phrases in text; "ไม่"/"ไม่ได้" just before flips it."""
    ordered = tuple(sorted({*positive, *negative} - {""}, key=len, reverse=True))
    found: list[tuple[int, int, bool]] = []
    for m in _phrase_pattern(ordered).finditer(text) if ordered else ():
        polarity, start = ordered[(m.lastindex or 1) - 1] in positive, m.start()
        negation = _NEGATED.search(text, 0, start)
        if negation and not m.group().startswith("ไม่"):
            polarity, start = not polarity, negation.start()
        found.append((start, m.end(), polarity))
    return found


def verdict(found: Sequence[tuple[int, int, bool]]) -> bool | None:
    """Combine phrase polarities: any negative wins, else any positive, else None."""
    if not found:
        return None
    return all(polarity for _, _, polarity in found)


def read_yes_no(
    text: str, positive_phrase: str | Sequence[str] = (), negative_phrase: str | Sequence[str] = ()
) -> Ok[bool] | Problem:
    """Read yes/no ("ใช่", "ไม่ใช่", "y", "✓") or the given phrases; a negation always wins."""
    pos = (positive_phrase,) if isinstance(positive_phrase, str) else tuple(positive_phrase)
    neg = (negative_phrase,) if isinstance(negative_phrase, str) else tuple(negative_phrase)
    s = _answer(text)
    found = verdict(find_phrases(re.sub(r"\s+", "", s), pos, neg)) if s else None
    word = re.sub(r"[\s.!\ufe0f]+", "", s)
    if found is None and word in _YES | _NO:
        found = word in _YES
    if found is not None:
        return Ok(found)
    yes, no = (pos[0], neg[0]) if pos and neg else ("ใช่", "ไม่ใช่")
    code = ProblemCode.UNREADABLE if normalize(text) else ProblemCode.EMPTY
    return Problem(code, f"ขออภัยค่ะ ไม่แน่ใจว่าตอบว่าอย่างไร กรุณาตอบว่า “{yes}” หรือ “{no}”")


def read_on_plan(text: str) -> Ok[bool] | Problem:
    """Read whether the work is on plan ("เป็นไปตามแผน" True, "ล่าช้า" False, "ใช่" True)."""
    return read_yes_no(text, PLAN_POSITIVE, PLAN_NEGATIVE)


def read_on_target(text: str) -> Ok[bool] | Problem:
    """Read whether the work meets its target ("ตามเป้า" True, "ไม่ถึงเป้า" False)."""
    return read_yes_no(text, TARGET_POSITIVE, TARGET_NEGATIVE)


def read_free_text(text: str, max_len: int = 2000) -> Ok[str] | Problem:
    """Read free text: cleaned and trimmed, inner line breaks kept, 1..max_len characters."""
    s = re.sub(r"\n{3,}", "\n\n", normalize(text, digits=False))
    if not s:
        return Problem(
            ProblemCode.EMPTY,
            "ยังไม่ได้รับข้อความค่ะ กรุณาพิมพ์รายละเอียด เช่น ดำเนินการจัดทำคลิปประชาสัมพันธ์แล้ว",
        )
    if len(s) > max_len:
        return Problem(
            ProblemCode.TOO_LONG,
            f"ข้อความยาวเกินไปค่ะ ตอนนี้ยาว {len(s):,} ตัวอักษร รับได้ไม่เกิน {max_len:,} ตัวอักษร"
            " กรุณาย่อแล้วส่งใหม่ เช่น สรุปเป็นข้อ ๆ ข้อละบรรทัด",
        )
    return Ok(s)


_MONTHS = {
    name: i + 1
    for i, names in enumerate([
        "มกราคม มค", "กุมภาพันธ์ กพ", "มีนาคม มีค", "เมษายน เมย", "พฤษภาคม พค", "มิถุนายน มิย",
        "กรกฎาคม กรกฏาคม กค", "สิงหาคม สค", "กันยายน กย", "ตุลาคม ตค", "พฤศจิกายน พย", "ธันวาคม ธค",
    ])
    for name in names.split()
}
_DATE = re.compile(r"(\d{1,2})\s*(?:([/.\-–])\s*(\d{1,2})\s*\2|(\D+?))\s*(\d+)", re.ASCII)
_DATE_HELP = "กรุณาพิมพ์วัน/เดือน/ปี พ.ศ. เช่น 25/04/2566 หรือ 25 เม.ย. 2566"


def read_date_be(text: str) -> Ok[date] | Problem:
    """Read a Buddhist Era date ("25/04/2566", "๒๕/๔/๒๕๖๖", "25 เม.ย. 2566"); CE years refused."""
    s = re.sub(r"^(?:ณ\s*)?วันที่\s*|พ\s*\.?\s*ศ\s*\.?", " ", _answer(text)).strip()
    m = _DATE.fullmatch(s)
    month = None
    if m is not None:
        name = m.group(4)
        month = int(m.group(3)) if name is None else _MONTHS.get(re.sub(r"[\s.]", "", name))
    if m is None or month is None:
        code = ProblemCode.UNREADABLE if s else ProblemCode.EMPTY
        return Problem(code, f"ขออภัยค่ะ ไม่เข้าใจวันที่ {_DATE_HELP}")
    day, year = int(m.group(1)), int(m.group(5))
    if 1900 <= year <= 2200:
        return Problem(
            ProblemCode.CE_YEAR,
            f"ปี {year} น่าจะเป็นปี ค.ศ. ค่ะ กรุณาใช้ปี พ.ศ. (ค.ศ. + 543) เช่น 25/04/2566",
        )
    if not 2400 <= year <= 2800:
        return Problem(ProblemCode.BAD_DATE, f"ปีต้องเป็น พ.ศ. 4 หลักค่ะ {_DATE_HELP}")
    try:
        return Ok(date(be_to_ce(year), month, day))
    except ValueError:
        return Problem(
            ProblemCode.BAD_DATE,
            f"ไม่มีวันที่ {day} เดือน {month} ปี พ.ศ. {year} ในปฏิทินค่ะ {_DATE_HELP}",
        )


def _dotted(name: str) -> str:
    """A month name that may be typed with dots and spaces ("ต.ค.", "ต. ค.")."""
    return r"\.?\s?".join(re.escape(ch) for ch in name) + r"\.?"


_MONTH_NAMES = "|".join(_dotted(n) for n in sorted(_MONTHS, key=len, reverse=True))
_MONTH_MENTION = re.compile(
    rf"(?:(?:(?:ของ|ประจำ)?เดือน\s*)|(?<![ก-๙]))(?P<name>{_MONTH_NAMES})(?![ก-๙])\s*"
    r"(?:(?:พ\.?\s*ศ\.?|ปี)\s*)?(?P<year>\d{4}|\d{2})?(?![\d/])")
_MONTH_NUMERIC = re.compile(r"(?:(?:ของ|ประจำ)?เดือน\s*)(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})")


def find_month_be(text: str, today: date) -> tuple[date, int, int] | None:
    """A month named in a message ("เดือน ต.ค. 2569", "ตุลาคม 69", "เดือน 10/2569").

    Returns (first day of the month, start, end of the mention in the normalized text), or
    None. A month without a year is the latest such month not after today.
    """
    flat = normalize(text)
    m = _MONTH_MENTION.search(flat)
    if m is not None:
        month = _MONTHS[re.sub(r"[\s.]", "", m.group("name"))]
    else:
        m = _MONTH_NUMERIC.search(flat)
        if m is None or not 1 <= int(m.group("month")) <= 12:
            return None
        month = int(m.group("month"))
    year_text = m.group("year")
    if year_text is None:
        year = today.year if month <= today.month else today.year - 1
    else:
        be = int(year_text) + (2500 if len(year_text) == 2 else 0)
        year = be_to_ce(be)
    return date(year, month, 1), m.start(), m.end()
