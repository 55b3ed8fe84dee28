"""Pure readers of officers' answers: each returns Ok(value) or Problem(code, message_th)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Generic, TypeAlias, TypeVar

from conversations.answers import (
    LAUGH,
    SALUTATION,
    STICKER,
    Mention,
    core,
    hedges_removed,
    mentions,
    standard_no,
    without_particles,
    without_tail,
)
from conversations.informal import written
from conversations.thai_numbers import (
    ARABIC_NUMBER,
    THAI_NUMBER_WORDS,
    normalize,
    thai_words_to_decimal,
    two_readings,
)
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
    """A value read successfully; with a note when it was read one way of two and is shown
    back before it is stored ("2.5 ลบ." read as ล้านบาท)."""

    value: T
    confirm: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the text could not be read, with a polite Thai reply that shows a valid example,
    and, for an answer that reads two ways, the answers to choose from (quick replies)."""

    code: str
    message_th: str
    choices: tuple[str, ...] = ()


Result: TypeAlias = Ok[T] | Problem

_PARTICLES = re.compile(r"(?:\s*(?:นะ)?(?:ค่ะ|คะ|ค่า|ครับผม|ครับ|คับ|ค้าบ|จ้า|จ้ะ|ฮะ|นะ))*[\s.!~]*$")
_PCT_PREFIX = re.compile(r"^(?:(?:ความ)?(?:ก้าวหน้า|คืบหน้า)(?:ของงาน)?\s*[:=]?\s*)?(?:ร้อยละ)?")
_PCT_SUFFIX = re.compile(r"(?:%+|เปอร์เซ็นต์|เปอร์เซนต์|เปอร์เซ็น|เปอร์เซน|percent|pct)?\s*$")
_MONEY_PREFIX = re.compile(
    r"^(?:(?:ยอด|งบ(?:ประมาณ)?)?(?:ที่)?(?:เบิก(?:จ่าย|ใช้)?|ใช้)(?:ไป|แล้ว)*\s*[:=]?)?\s*฿?"
)
_MONEY_SUFFIX = re.compile(  # "บ." for baht, but not the last letter of "สิบ"
    r"\s*(?:\.-|-|=)?\s*(?:บาท(?:ถ้วน)?|(?<!สิ)บ\.?|thb|baht|฿)?\s*(?:\.-|-|=)?\s*$")
_NO_MONEY = re.compile(
    r"(?:เงิน|ตังค์|ตัง|งบ)ยังไม่(?:ได้)?(?:ออก|เข้า|มา|โอน|เบิก)(?:เลย)?\S*"
    r"|ยัง(?:ไม่(?:ได้)?)?(?:เบิก)?\s*(?:รอ|เพราะ|เนื่องจาก|อยู่ระหว่าง)\S*"
    r"|[-–—]+|ศูนย์|(?:ยัง)?(?:ไม่มี|ไม่ได้|ไม่)(?:การ)?(?:เบิก(?:จ่าย|ใช้)?|ใช้(?:จ่าย)?)?"
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
    """Read a progress percentage 0–100 ("80", "ประมาณ ๔๕ เปอร์เซ็นต์ค่ะ", "ร้อยละ 75.5",
    "แปดสิบ", "ครึ่งหนึ่ง", "เสร็จแล้ว", "แผน 70 ทำได้จริง 65") to 2 places."""
    s = zeros_typed_as_o(without_complaint(core(text)))
    if not s:
        return Problem(ProblemCode.EMPTY, f"ยังไม่ได้รับตัวเลขความก้าวหน้าค่ะ {_PCT_HELP}")
    if re.search(r"ทำไม|why", s, re.I):  # "ทำไม 40 ล่ะ เดือนก่อนผมว่า 42 นะ": a question back
        return Problem(ProblemCode.UNREADABLE, "ตัวเลขเดือนก่อนมาจากรายงานที่ส่งไปแล้วค่ะ ข้อนี้ขอเป็น"
                       f"ความก้าวหน้าสะสมของเดือนนี้ {_PCT_HELP}")
    if _SPENT_SHARE.search(s.replace(" ", "")):  # "เบิกจ่ายแล้วร้อยละ 45 ของวงเงินสัญญา": money
        return Problem(ProblemCode.UNREADABLE, "ตัวเลขนี้เป็นสัดส่วนเงินที่เบิกจ่ายใช่ไหมคะ ข้อนี้ขอเป็น"
                       f"ความก้าวหน้าของงานสะสม ส่วนเงินที่เบิกจ่ายจะถามในข้อถัดไปค่ะ {_PCT_HELP}")
    value = _whole_percent(s)
    if value is None:
        found = _percent_in_sentence(s)
        if isinstance(found, Problem):
            return found
        value = found
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


# A share of the money drawn, not of the work ("เบิกจ่ายแล้วร้อยละ 45 ของวงเงินสัญญา").
_SPENT_SHARE = re.compile(r"(?:เบิก|จ่าย)\S{0,12}(?:[0-9]|ร้อยละ)\S{0,12}ของ(?:วงเงิน|งบ|ค่าจ้าง|สัญญา)")


# The progress said as a change from last month's: "เพิ่มขึ้น 5% จากเดือนก่อน", "+12%",
# "ทำเพิ่มได้อีก 8 เปอร์เซ็นต์"; or as no change: "เท่ากับเดือนที่แล้ว", "ไม่มีความคืบหน้าเพิ่ม".
_UP_BY = re.compile(r"^(?:(?:เดือน|รอบ|ครั้ง)นี้)?(?:ได้)?(?:\+\s*|(?:ทำ|งาน|ความ(?:ก้าว|คืบ)หน้า)?\s*"
                    r"(?:บวก(?:เพิ่ม)?|เพิ่ม|ขยับ|ขึ้น|คืบหน้า|(?:ได้)?(?:มา)?อีก)(?:ขึ้น)?(?:มา)?"
                    r"(?:จาก(?:เดิม|(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)))?"
                    r"\s*(?:ได้)?\s*(?:อีก)?\s*(?:ประมาณ|ราว)?\s*)(?P<n>[0-9]+(?:\.[0-9]+)?)\s*"
                    r"(?:%|เปอร์\S*|จุด)?\s*(?:จาก(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)|จากเดิม)?$")
# Moved on "from last month" ("คืบหน้าไป 5% จากเดือนที่แล้ว", "บวกไปอีก 10 จากเดือนที่แล้ว"); without
# the "from" "คืบหน้าไป 45%" is the total.
_UP_FROM_LAST = re.compile(r"^(?:(?:ความ)?(?:คืบหน้า|ก้าวหน้า)|บวก|เพิ่ม)(?:ขึ้น)?(?:ไป|มา)?(?:อีก)?"
                           r"(?:ประมาณ|ราว)?(?P<n>[0-9]+(?:\.[0-9]+)?)(?:%|เปอร์\S*|จุด)?"
                           r"จาก(?:เดิม|(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว))$")
# Progress that went back ("ลดลง 5% เพราะต้องรื้อทำใหม่"): work undone, said with its reason.
_DOWN_BY = re.compile(r"^(?:(?:เดือน|รอบ|ครั้ง)นี้)?(?:ความ(?:ก้าว|คืบ)หน้า)?(?:ลด|ถอย|ติดลบ)(?:ลง)?(?:ไป)?"
                      r"(?:มา)?(?:อีก)?(?P<n>[0-9]+(?:\.[0-9]+)?)(?:%|เปอร์\S*|จุด)?"
                      r"(?:(?:เพราะ|เนื่องจาก|จาก|ต้อง)\S*)?$")
_SAME = re.compile(r"^(?:ก็)?(?:ยัง)?(?:เท่า(?:กับ)?|เหมือน|คงที่|คงเดิม)\s*"
                   r"(?:เดิม|เดือน(?:ก่อน|ที่แล้ว)|ครั้ง(?:ก่อน|ที่แล้ว)"
                   r"|ที่แล้ว)?(?:[0-9]+(?:\.[0-9]+)?%?)?"
                   r"(?:\s*(?:เลย|ไม่มี\S*เพิ่ม\S*|ไม่มีความ(?:คืบ|ก้าว)หน้า|ยังไม่(?:คืบ|ขยับ)\S*|ไม่ขยับ\S*))?$"
                   r"|^(?:(?:เดือน|รอบ)นี้)?(?:ยัง)?ไม่(?:มี|ได้)?(?:ความ)?(?:คืบหน้า|ก้าวหน้า|งาน)?(?:เพิ่ม|ขยับ)\S*$"
                   r"|^(?:ยัง)?ไม่(?:มีการ)?เปลี่ยน(?:แปลง)?(?:เลย|จากเดิม|จากเดือน(?:ก่อน|ที่แล้ว))?$"
                   r"|^(?:(?:เดือน|รอบ)นี้)?ยังไม่(?:มี|ได้)?(?:ความ)?(?:คืบหน้า|ก้าวหน้า|คืบ|ขยับ)(?:เลย)?"
                   r"(?:(?:เพราะ|เนื่องจาก|ติด|รอ)\S*)?$"
                   r"|^(?:ยัง)?ไม่(?:มีความ)?(?:คืบหน้า|ก้าวหน้า|ขยับ)(?:เลย)?(?:ยัง)?(?:เท่า|เหมือน)"
                   r"(?:เดิม|เดือน(?:ก่อน|ที่แล้ว))$"
                   r"|^(?:(?:เดือน|รอบ)นี้)?(?:ยัง)?ไม่(?:มีความ)?(?:คืบ(?:หน้า)?|ก้าวหน้า|ขยับ)(?:เลย|เพิ่ม\S*)?$")


_SPELLED_NUMBER = re.compile(rf"(?:{THAI_NUMBER_WORDS})")


def spelled_as_digits(s: str) -> str:
    """Numbers said in words written in digits ("เพิ่มอีกห้าเปอร์เซ็นต์" → "เพิ่มอีก5เปอร์เซ็นต์")."""
    return _SPELLED_NUMBER.sub(lambda m: f"{thai_words_to_decimal(m.group()) or m.group()}", s)
# "งานเดือนนี้ทำได้ 10%": this month's own share, when it is below last month's total.
_MONTH_GAIN = re.compile(r"^(?:งาน)?(?:ใน)?(?:เดือน|รอบ)นี้(?:ทำ)?(?:ได้|คืบหน้า|ก้าวหน้า)(?:ไป)?"
                         r"(?:ประมาณ|ราว(?:ๆ)?)?(?P<n>[0-9]+(?:\.[0-9]+)?)(?:%|เปอร์\S*)?$")


def month_gain(text: str, last: Decimal) -> Decimal | None:
    """This month's share said alone ("เดือนนี้ทำได้ 10%"), when it cannot be the total
    (below last month's): the change to add; None otherwise."""
    found = _MONTH_GAIN.match(without_particles(core(text)).replace(" ", ""))
    return Decimal(found["n"]) if found and Decimal(found["n"]) < last else None


def progress_change(text: str) -> Decimal | None:
    """How much the progress moved since last month, when the answer says only that
    ("เพิ่มขึ้น 5% จากเดือนก่อน" → 5, "เท่าเดิมค่ะ" → 0, "ลดลง 5% เพราะรื้อทำใหม่" → -5,
    "เพิ่มอีกห้าเปอร์เซ็นต์" → 5); None for any other answer."""
    return _change(spelled_as_digits(without_particles(core(text))).replace(" ", ""))


# "เหลืออีก 30% ก็เสร็จแล้วค่ะ": what is left, so the total is the rest of 100.
_LEFT = re.compile(r"^(?:งาน)?(?:ยัง)?เหลือ(?:อีก)?(?:แค่|ประมาณ|ราว(?:ๆ)?)?(?P<n>[0-9]+(?:\.[0-9]+)?)"
                   r"(?:%|เปอร์\S*)(?:(?:ก็|จะ)?(?:เสร็จ|ครบ|จบ)\S*)?$")


def progress_left(text: str) -> Decimal | None:
    """The share still to do, when that is all the answer says ("เหลืออีก 30% ก็เสร็จ" → 30)."""
    found = _LEFT.match(spelled_as_digits(without_particles(core(text))).replace(" ", ""))
    return Decimal(found["n"]) if found and Decimal(found["n"]) <= 100 else None


def progress_change_before(text: str) -> Decimal | None:
    """The change said first, then words with no number ("เท่าเดิมค่ะ เดือนนี้ฝนตกทั้งเดือน",
    "ทำเพิ่มได้อีก 8% รวมเป็นเท่าไหร่ก็ใส่ให้หน่อย"): the change, shown back before it is kept."""
    words = spelled_as_digits(without_particles(standard_no(core(text)))).split()
    for end in range(len(words) - 1, 0, -1):
        if any(ch.isdigit() for w in words[end:] for ch in w):
            return None
        change = _change("".join(words[:end]))
        if change is not None:
            return change
    return None


def _change(flat: str) -> Decimal | None:
    """The change from last month that an answer without spaces says, or None."""
    if _SAME.match(flat):
        return Decimal(0)
    down = _DOWN_BY.match(flat)
    if down is not None:
        return -Decimal(down["n"])
    found = _UP_BY.match(flat) or _UP_FROM_LAST.match(flat)
    return Decimal(found["n"]) if found else None


def _whole_percent(s: str) -> Decimal | None:
    """The answer read as one number, its label and unit set aside."""
    for candidate in (s, hedges_removed(s)):
        value = thai_words_to_decimal(
            _PCT_SUFFIX.sub("", _PCT_PREFIX.sub("", candidate), count=1))
        if value is not None:
            return value
    return None


_DONE = re.compile(r"(?<!ยังไม่)(?<!ยังไม่ได้)(?<!เกือบ)(?<!ใกล้)(?<!จะ)(?:แล้ว)?"
                   r"(?:เสร็จ(?:สิ้น|สมบูรณ์)?(?:แล้ว)?|ครบ(?:แล้ว|หมด)?|เรียบร้อยแล้ว)"
                   r"|100เต็ม|เต็มร้อย|complete|done|finished")
_NOT_STARTED = re.compile(r"ยังไม่(?:ได้)?(?:เริ่ม|ดำเนินการ|ทำ)|ยังไม่มีความคืบหน้า|not\s*started")
_FRACTIONS = {"ครึ่งหนึ่ง": 50, "ครึ่งนึง": 50, "ครึ่ง": 50, "หนึ่งในสี่": 25, "สองในสี่": 50,
              "สามในสี่": 75, "หนึ่งส่วนสี่": 25, "สามส่วนสี่": 75}
_PCT_UNIT = re.compile(r"^\s*(?:%|เปอร์|percent|pct)")
_NOT_NOW = re.compile(r"(?:แผน|เป้า|plan|target"
                      r"|จาก|งวด|เดิม|ก่อน|ที่แล้ว|เคย|ควร|ไม่ใช่|มิใช่)\S{0,6}\s*[:=]?\s*$")
_NOW = re.compile(r"(?:เป็น|ทำได้|จริง|actual|ตอนนี้|เดือนนี้|ล่าสุด|สะสม|ได้|ก้าวหน้า|คืบหน้า|ร้อยละ)\s*[:=]?\s*$")
# "ความก้าวหน้า 45 งบ 20000" ("ช่างบอก 50" has no "งบ": its letters only run together)
_OTHER_FIELD = re.compile(r"(?:งบ(?!อก|้าน)|เบิก|เงิน|จ่าย)\S{0,6}\s*[:=]?\s*$")
# A number that counts things ("3 ชุมชน", "2 สาย", "15 วัน") is no percent and no sum of money.
_COUNTED = (r"ครั้ง|คน|ราย|แห่ง|จุด|สาย|ชุด|หลัง|โรงเรียน|วัน|เดือน|ปี|สัปดาห์|อาทิตย์|ชั่วโมง"
            r"|กิโล|กม|เมตร|ม\.|ตร|ไร่|ต้น|เครื่อง|คัน|ลำ|ห้อง|ชั้น|หมู่บ้าน|ชุมชน|เขต|งวด|โครงการ"
            r"|กิจกรรม|รุ่น|หลักสูตร|ตัว|ชิ้น|เล่ม|ลูก|บ่อ|ท่อ|ครัวเรือน|หน่วย|ฉบับ|ป้าย|ดวง|กล้อง")
_NOT_BAHT_PCT = re.compile(rf"^\s*(?:บาท|บ\.|{_COUNTED})")
_RANGE = re.compile(rf"(?:{ARABIC_NUMBER})\s*(?:%|เปอร์\S*)?\s*(?:-|–|ถึง|หรือ)\s*(?:{ARABIC_NUMBER})")
# Not a cumulative figure: "เพิ่มขึ้น 10%", "ยังไม่ถึงครึ่ง", "เกือบเสร็จ", "50 กว่า".
_VAGUE = re.compile(r"เพิ่ม(?:ขึ้น)?\s*(?:อีก)?\s*[0-9]|ยังไม่ถึง|เกือบ|เกินครึ่ง|ใกล้(?:จะ)?(?:เสร็จ|ครบ)|เหลืออีก"
                    r"|เกิน\s*[0-9]"
                    r"|[0-9]\s*กว่า|กว่า\s*(?:%|เปอร์|บาท)|(?:สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)กว่า"
                    r"|ครึ่ง\S{0,6}(?:กับ)?อีก(?:นิด|หน่อย)|ครึ่ง(?:หนึ่ง|นึง)?กว่า")
_ROUGH = re.compile(r"[0-9]\s*กว่า|กว่า\s*บาท|(?:สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)กว่า"
                    # "เป็นหมื่น": some ten thousands
                    r"|^(?:ก็)?(?:เป็น|หลัก)(?:สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)(?:ๆ)?(?:บาท)?$"
                    r"|(?:[0-9]|สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)\s*(?:นิด(?:หน่อย)?|หน่อย)\s*ๆ?$")  # "5 แสนนิดๆ"
# The total said after the change ("เพิ่มขึ้น 5% รวมเป็น 45%").
_SAID_TOTAL = re.compile(r"(?:รวม|สะสม)(?:เป็น|ทั้งหมด|แล้ว)?\s*(?P<n>[0-9]+(?:\.[0-9]+)?)"
                         r"\s*(?:%|เปอร์)")
# "บอกไปแล้วว่า 58 ถามซ้ำทำไม": the answer again, with a complaint around it.
_ALREADY_SAID = re.compile(r"^(?:ก็)?(?:บอก|ตอบ|พิมพ์|ใส่|แจ้ง)(?:ไป)?แล้ว(?:นะ)?(?:ว่า)?\s*(?=\S)")
_ASKED_AGAIN = re.compile(r"\s*(?:จะ)?(?:ถาม)?(?:ซ้ำ|อีก)(?:ทำไม|อีก)\S{0,6}$")


def without_complaint(s: str) -> str:
    """The answer said again without "I told you already" around it."""
    return _ASKED_AGAIN.sub("", _ALREADY_SAID.sub("", s)).strip() or s


def complains(flat: str) -> bool:
    """True when a message says it was answered already or asked again ("ถามซ้ำทำไม")."""
    return bool(_ALREADY_SAID.match(flat) or _ASKED_AGAIN.search(flat))


_VAGUE_HELP = "กรุณาระบุเป็นตัวเลขเดียวของความก้าวหน้าสะสมทั้งโครงการค่ะ"


_WORDS = re.compile(r"[ก-๛a-z]{2,}")
_FRACTION = re.compile(r"(?<![0-9/.,])([0-9]{1,2})(?:/|ใน|ส่วน)([0-9]{1,2})(?![0-9/.,%])")


def _percent_in_sentence(s: str) -> Decimal | Problem | None:
    """The progress a sentence gives: the number now, not the plan's or last month's."""
    flat = re.sub(r"\s+", "", s)
    if "/" not in s and not _WORDS.search(_PCT_SUFFIX.sub("", s)):
        return None  # "80,5": a number written wrong, not a sentence
    total = _SAID_TOTAL.search(s)
    if total is not None and len(mentions(s)) == 2:  # "เพิ่มขึ้น 5% รวมเป็น 45%": the total
        return Decimal(total["n"])
    ends = _RANGE.search(s)
    if ends is not None and _VAGUE.search(s) is None:  # "45 หรือ 50 ดีครับ": one of the two
        pair = tuple(f"{m.value.normalize():f}" for m in mentions(ends.group()))
        return Problem(ProblemCode.AMBIGUOUS, f"{_VAGUE_HELP} {_PCT_HELP}", pair[:2])
    if ends is not None or _VAGUE.search(s):
        return Problem(ProblemCode.AMBIGUOUS, f"{_VAGUE_HELP} {_PCT_HELP}")
    for word, value in _FRACTIONS.items():
        if word in flat:
            return Decimal(value)
    slash = _FRACTION.search(flat)
    if (slash and 0 < int(slash[2]) <= 10 and int(slash[1]) <= int(slash[2])
            and len(mentions(s)) == 2):
        return Decimal(int(slash[1]) * 100) / int(slash[2])  # "1/4", "3/4 ของงาน"
    found = [m for m in mentions(s) if not _NOT_NOW.search(m.before)
             and not _OTHER_FIELD.search(m.before) and not _NOT_BAHT_PCT.match(m.after)]
    if not found:
        if _NOT_STARTED.search(flat):
            return Decimal(0)
        counted = any(_NOT_BAHT_PCT.match(m.after) for m in mentions(s))  # "เสร็จ 2 สาย จาก 3 สาย"
        if _DONE.search(flat) and "ยังไม่" not in flat and not counted:
            return Decimal(100)
        return None
    heard = [m for m in found if re.search(r"(?:บอก|แจ้ง)(?:ว่า)?\s*$", m.before)]
    if len({m.value for m in heard}) >= 2:  # "ช่างบอก 50 แต่ผู้ควบคุมงานบอก 46": whose?
        said = tuple(f"{m.value.normalize():f}" for m in heard)
        return Problem(ProblemCode.AMBIGUOUS, f"ตัวเลขต่างกันค่ะ ({' กับ '.join(said)}) "
                                              f"{_VAGUE_HELP}", said[:4])
    if _parts(found):
        return Problem(ProblemCode.AMBIGUOUS, f"{_VAGUE_HELP} {_PCT_HELP}")
    lead = re.fullmatch(r"\s*(?:ประมาณ|ราว\s*ๆ?|ได้|รวม|สะสม)?\s*", s[:found[0].start])
    if len(found) >= 2 and lead and all(re.search(r"ส่วน|แต่", s[a.end:b.start])
                                        for a, b in pairwise(found)):
        return found[0].value  # "ประมาณ 45% ค่ะ ส่วนงานเสาไฟเสร็จแล้ว 80% แต่งานเดินสาย 20": the first
    return _the_current(found)


def _parts(found: Sequence[Mention]) -> bool:
    """True when each number is a part's own ("งานก่อสร้าง 70 งานระบบ 30"): none is the whole."""
    if len(found) < 2 or any(_PCT_UNIT.match(m.after) or _NOW.search(m.before) for m in found):
        return False
    labels = [re.sub(r"\s+", "", m.before.split(",")[-1]) for m in found]
    return all(re.search(r"[ก-๛a-z]{2,}\s*$", label) for label in labels)


_CUMULATIVE = re.compile(r"(?:สะสม|รวม(?:ทั้งหมด)?|ทั้งหมด|ทั้งโครงการ)\s*(?:ที่|ก็|เป็น|ได้|คือ)?\s*[:=]?\s*$")


def _the_current(found: Sequence[Mention]) -> Decimal:
    """Of the numbers a sentence gives, the one said to be now ("ทำได้จริง 65", "65 %"),
    else the last."""
    if len(found) == 1:
        return found[0].value
    plain = [m for m in found if not re.search(r"\([^)]*$", m.before)]
    if plain and len(plain) < len(found):  # "45% (เดือนนี้ทำได้ 5%)": the aside is not it
        return _the_current(plain)
    total = [m for m in found if _CUMULATIVE.search(m.before)]
    if len(total) == 1:  # "สะสม 58% ค่ะ เดือนนี้ได้ 18"
        return total[0].value
    marked = [m for m in found if _PCT_UNIT.match(m.after) or _NOW.search(m.before)]
    return (marked or found)[-1].value


_QTY_HELP = "กรุณาพิมพ์เป็นตัวเลขตามหน่วยของตัวชี้วัด เช่น 36 หรือ 12.5"
# Not one cumulative figure: "เพิ่มขึ้น 10", "เกือบ 90", "50 กว่า", "เหลืออีก 3".
_QTY_VAGUE = re.compile(r"เพิ่ม(?:ขึ้น)?\s*(?:อีก)?\s*[0-9]|เกือบ|เหลืออีก|[0-9]\s*กว่า"
                        r"|(?:สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)กว่า")
_NOT_AMOUNT = re.compile(r"(?:ไตรมาส(?:ที่)?|ครั้งที่|ข้อ(?:ที่)?|ปี(?:งบประมาณ)?|พ\.?ศ\.?|เดือน)\s*$")
_DIGIT = re.compile(r"[0-9]")


def read_quantity(text: str) -> Ok[Decimal] | Problem:
    """Read an indicator's achieved amount in its own unit ("36", "๓๖ ห้อง", "ได้ 85
    เปอร์เซ็นต์ค่ะ", "ร้อยละแปดสิบห้า", "สะสม 1,250 คน", "เป้า 80 ทำได้จริง 85")."""
    s = core(text)
    if not s:
        return Problem(ProblemCode.EMPTY, f"ยังไม่ได้รับตัวเลขผลงานค่ะ {_QTY_HELP}")
    value = _whole_percent(s)
    if value is None:
        found = _quantity_in_sentence(s)
        if isinstance(found, Problem):
            return found
        value = found
    if value is None:
        why = " (ใส่จุลภาคทุก 3 หลัก เช่น 1,250)" if re.search(r"\d,\d", s) else ""
        return Problem(ProblemCode.UNREADABLE, f"ขออภัยค่ะ ไม่เข้าใจตัวเลขผลงาน{why} {_QTY_HELP}")
    if value < 0:
        return Problem(ProblemCode.NEGATIVE, f"ผลงานต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไปค่ะ {_QTY_HELP}")
    return Ok(value)


def _quantity_in_sentence(s: str) -> Decimal | Problem | None:
    """The amount achieved so far that a sentence gives: not the target, a quarter's number, or
    a number word inside another word ("เรียบร้อย") when digits were typed."""
    if _RANGE.search(s) or _QTY_VAGUE.search(s):
        return Problem(ProblemCode.AMBIGUOUS,
                       f"กรุณาระบุเป็นตัวเลขเดียวของผลงานสะสมถึงตอนนี้ค่ะ {_QTY_HELP}")
    if not _WORDS.search(_PCT_SUFFIX.sub("", s)):
        return None  # "1,25": a number written wrong, not a sentence
    found = [m for m in mentions(s) if not _NOT_NOW.search(m.before)
             and not _NOT_AMOUNT.search(m.before)]
    typed = [m for m in found if _DIGIT.search(s[m.start:m.end])]
    return _the_current(typed or found) if found else None


# "12O,000", "6o%": the letter O typed for a zero, inside a number.
_LETTER_O = re.compile(r"(?<=[0-9,])[oO](?=[0-9,oO]*(?:[^a-zA-Z]|$))|(?<![a-zA-Z])[oO](?=[0-9])")


def zeros_typed_as_o(s: str) -> str:
    """Numbers with a typed letter O read as zero ("1OO,OOO" → "100,000"); words stay."""
    while (fixed := _LETTER_O.sub("0", s)) != s:
        s = fixed
    return s
# "ศูนย์เกิน": why a number was corrected ("500000 เอ้ย 50000 ครับ ศูนย์เกิน"), no amount.
_ZERO_NOTE = re.compile(r"(?:พิมพ์)?(?:ศูนย์|เลข\s*0|0)\s*(?:เกิน|หาย|ขาด)(?:ไป)?"
                        r"(?:\s*(?:หนึ่ง|1)?\s*ตัว(?:\s*(?:นึง|หนึ่ง|เดียว|1))?)?")
# "900 000", "1 250 000": thousands set apart by spaces, as on some keyboards.
_SPACED_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?: [0-9]{3})+(?=\.[0-9]|(?![0-9.,]))")


# "ลบ." is ล้านบาท in budget papers and ลูกบาศก์(เมตร) on a drainage site: read, then shown back.
_MILLION_BAHT_ABBR = re.compile(r"[0-9]\s*ลบ\.?(?!\.?[a-zก-๛])")
MILLION_NOTE = "เข้าใจว่า “ลบ.” หมายถึงล้านบาท เป็นเงิน {amount} บาท นะคะ"
_SHARE_OF = re.compile(rf"(?P<pct>[0-9]{{1,3}}(?:\.[0-9]+)?)\s*(?:%|เปอร์\S*)\s*ของ\s*"
                       rf"(?:วงเงิน|ค่าจ้าง|มูลค่า|สัญญา|งบ)\S{{0,16}}?\s*(?P<n>{ARABIC_NUMBER})(?!\s*(?:%|เปอร์))")
_HALF_OF = re.compile(rf"(?:งบ|วงเงิน|ค่าจ้าง|สัญญา)\S{{0,10}}\s*(?P<n>{ARABIC_NUMBER})\s*(?:บาท)?\s*"
                      r"(?:เบิก\S{0,6})?\s*ครึ่ง(?:หนึ่ง|นึง)?")
# "เบิกไปราวๆ สองแสนค่ะ": an amount given roughly is shown back before it is kept.
_HEDGE = re.compile(r"ประมาณ|ราว|คร่าว|น่าจะ|โดยประมาณ|เกือบ")
ROUGH_NOTE = ("บันทึกเป็น {amount} บาท นะคะ (ตอบว่าประมาณ ถ้ามีตัวเลขจริงจากใบเสร็จ "
              "พิมพ์ตัวเลขนั้นแทนได้เลยค่ะ)")
SHARE_NOTE = "คิดเป็น {pct}% ของ {whole} บาท เท่ากับ {amount} บาท นะคะ"
SUM_NOTE = "รวมทุกงวดที่ระบุเป็นเงิน {amount} บาท นะคะ"
ADDED_NOTE = "รวมเป็นเงินเบิกครั้งนี้ {amount} บาท นะคะ"
# Amounts added up in the answer, what they were for after ("12,500 + 8,000 ค่าวิทยากรกับค่าอาหาร").
_ADDED_UP = re.compile(r"^\s*(?P<sum>[0-9][0-9,]*(?:\.[0-9]+)?"
                       r"(?:\s*\+\s*[0-9][0-9,]*(?:\.[0-9]+)?)+)"
                       r"\s*(?:บาท)?(?:\s+(?!.*[0-9=])\S.*)?$")
ONLY_TOTAL_NOTE = ("ข้อความบอกว่า {amount} บาท เป็นยอดสะสมค่ะ ข้อนี้ถามยอดที่เบิกครั้งนี้ "
                   "ถ้าครั้งนี้เบิกเท่านี้จริง ยืนยันได้เลย ถ้าไม่ใช่ พิมพ์ยอดของครั้งนี้ค่ะ")
THIS_TIME_NOTE = "บันทึกเป็นยอดเบิกครั้งนี้ {amount} บาท (ไม่ใช่ยอดสะสม {total} บาท) นะคะ"
_CUMULATIVE = re.compile(r"สะสม\S{0,8}\s*[:=]?\s*$")


# "ยอดสัญญา 2,400,000 บาทค่ะ": the contract's value or the whole budget, not this time's payment.
_WHOLE_BUDGET = re.compile(r"^(?:ยอด|วงเงิน|มูลค่า|ค่า)(?:ตาม|ของ)?สัญญา(?!\S{0,6}(?:เบิก|จ่าย))"
                           r"|^(?:งบ(?:ประมาณ)?|วงเงิน)(?:ทั้ง(?:หมด|โครงการ)|ที่ได้รับ(?:จัดสรร)?|โครงการ)"
                           r"(?!\S{0,12}(?:เบิก|จ่าย|ใช้))")
WHOLE_BUDGET_NOTE = ("{amount} บาท เป็นวงเงินสัญญาหรืองบทั้งโครงการใช่ไหมคะ ข้อนี้ขอยอดที่เบิกจ่ายในครั้งนี้"
                     " ถ้ายังไม่ได้เบิก พิมพ์ 0 ได้เลยค่ะ")
# Asked for, not yet paid ("อยู่ระหว่างตั้งฎีกาเบิก", "ยังไม่ได้รับเงิน"): which to store is asked.
_NOT_PAID_YET = re.compile(r"ยังไม่ได้รับเงิน|อยู่ระหว่าง(?:การ)?(?:ตั้ง)?(?:ฎีกา|ขอ)?เบิก"
                           r"|รอ(?:อนุมัติ)?(?:การ)?เบิก"
                           r"|เงินยังไม่(?:ออก|เข้า)")
NOT_PAID_YET_NOTE = ("เข้าใจว่ายอด {amount} บาท ยังอยู่ระหว่างเบิกค่ะ จะบันทึกเป็นยอดเบิกครั้งนี้ {amount} บาท "
                     "หรือ 0 บาท (ยังไม่ได้เบิกจริง) คะ")


def read_money(text: str) -> Ok[Decimal] | Problem:
    """Read baht disbursed ("1,234.50", "฿1,500", "1.2 ล้านบาท", "35k", "ไม่มี" → 0, "ครั้งนี้
    120,000 สะสม 480,000" → 120,000) to 2 places; "2.5 ลบ." is shown back before it is kept."""
    half = _HALF_OF.search(normalize(text))
    if half is not None:  # "งบทั้งหมด 200,000 เบิกไปครึ่งหนึ่ง": half of it, shown back
        whole = Decimal(half["n"].replace(",", ""))
        return Ok(_quantize(whole / 2), confirm=SHARE_NOTE.format(
            pct="50", whole=f"{whole:,.2f}", amount=f"{_quantize(whole / 2):,.2f}"))
    share = _SHARE_OF.search(normalize(text))
    if share is not None:  # "เบิก 30% ของวงเงินสัญญา 5,000,000 บาท": worked out, shown back
        whole = Decimal(share["n"].replace(",", ""))
        value = _quantize(whole * Decimal(share["pct"]) / 100)
        return Ok(value, confirm=SHARE_NOTE.format(pct=share["pct"], whole=f"{whole:,.2f}",
                                                   amount=f"{value:,.2f}"))
    said = normalize(text)
    added = _ADDED_UP.match(said)
    if added is not None:  # "12,500 + 8,000 ค่าวิทยากรกับค่าอาหาร": the sum, shown back
        summed = _quantize(sum((Decimal(n.replace(",", "")) for n in re.findall(
            r"[0-9][0-9,]*(?:\.[0-9]+)?", added["sum"])), Decimal(0)))
        return Ok(summed, confirm=ADDED_NOTE.format(amount=f"{summed:,.2f}"))
    read = _read_money(text)
    if isinstance(read, Ok) and read.value and _WHOLE_BUDGET.match(said.replace(" ", "")):
        contract = f"{read.value:,.2f}"  # "ยอดสัญญา 2,400,000 บาทค่ะ"
        return Problem(ProblemCode.UNREADABLE, WHOLE_BUDGET_NOTE.format(amount=contract))
    if isinstance(read, Ok) and read.value and _NOT_PAID_YET.search(said.replace(" ", "")):
        amount = f"{read.value:,.2f}"  # "อยู่ระหว่างตั้งฎีกาเบิก 300,000 บาท ยังไม่ได้รับเงิน"
        return Problem(ProblemCode.AMBIGUOUS, NOT_PAID_YET_NOTE.format(amount=amount),
                       (amount, "0"))
    if isinstance(read, Ok) and read.value and _HEDGE.search(normalize(text)):
        return Ok(read.value, confirm=ROUGH_NOTE.format(amount=f"{read.value:,.2f}"))
    if isinstance(read, Ok) and read.value and _MILLION_BAHT_ABBR.search(normalize(text)):
        return Ok(read.value, confirm=MILLION_NOTE.format(amount=f"{read.value:,.2f}"))
    if isinstance(read, Ok) and sum(1 for m in mentions(normalize(text))
                                    if _INSTALMENT.search(m.before)) >= 2:
        return Ok(read.value, confirm=SUM_NOTE.format(amount=f"{read.value:,.2f}"))
    total = next((m.value for m in mentions(normalize(text)) if _CUMULATIVE.search(m.before)), None)
    if isinstance(read, Ok) and read.value and total is not None and total == read.value:
        # "เบิกสะสมทั้งหมด 80,000 ค่ะ": the total said, taken as this time's only once confirmed
        return Ok(read.value, confirm=ONLY_TOTAL_NOTE.format(amount=f"{read.value:,.2f}"))
    if isinstance(read, Ok) and read.value and total is not None and total != read.value:
        # "เดือนนี้เบิก 50,000 สะสมรวม 370,500.00": this time's, shown back beside the total
        return Ok(read.value, confirm=THIS_TIME_NOTE.format(amount=f"{read.value:,.2f}",
                                                            total=f"{_quantize(total):,.2f}"))
    return read


def _read_money(text: str) -> Ok[Decimal] | Problem:
    """Read baht disbursed, every way but the note on "ลบ."."""
    s = _SHORT_UNITS.sub(lambda m: f"{m[1]} {'พัน' if m[2].lower() == 'k' else 'ล้าน'}",
                         without_complaint(core(text)))
    s = _SPACED_THOUSANDS.sub(lambda m: m.group().replace(" ", ""), zeros_typed_as_o(s))
    s = _ZERO_NOTE.sub("", s).strip()  # "50000 ครับ ศูนย์เกิน": why it was corrected
    if not s:
        return Problem(ProblemCode.EMPTY, f"ยังไม่ได้รับจำนวนเงินที่เบิกจ่ายค่ะ {_MONEY_HELP}")
    if s != "ไม่" and _NO_MONEY.fullmatch(re.sub(r"\s+", "", without_particles(s))):
        return Ok(Decimal("0.00"))
    satang = _with_satang(s)
    if satang is not None:
        return Ok(_quantize(satang))
    if _ROUGH.search(s):
        return Problem(ProblemCode.AMBIGUOUS, f"ขอเป็นจำนวนเงินที่แน่นอนค่ะ {_MONEY_HELP}")
    rest = _MONEY_SUFFIX.sub("", _MONEY_PREFIX.sub("", hedges_removed(s)), count=1)
    if not rest and "-" in s:  # "- บาท"
        return Ok(Decimal("0.00"))
    both = two_readings(rest)
    if both is not None:
        a, b = (f"{_quantize(v):,.2f}" for v in both)
        return Problem(ProblemCode.AMBIGUOUS,
                       f"ขออภัยค่ะ จำนวนนี้อ่านได้สองแบบ หมายถึง {a} บาท หรือ {b} บาทคะ "
                       "เลือกจากปุ่มด้านล่าง หรือพิมพ์เป็นตัวเลขได้เลยค่ะ", (a, b))
    flat = re.sub(r"\s+", "", s)
    none_yet = _NONE_DRAWN_FIRST.match(flat)
    if none_yet and _DIGIT.search(flat) and not _ASKS.search(flat) and not _DRAWN_AFTER.search(
            flat, none_yet.end()):  # "ยังไม่ได้เบิกเลยค่ะ vendor เพิ่งส่งใบแจ้งหนี้มา 6 แสน"
        return Ok(Decimal("0.00"), confirm=_NONE_DRAWN_NOTE)
    value = thai_words_to_decimal(rest)
    if value is None:
        found = _money_in_sentence(s)
        if isinstance(found, Problem):
            return found
        value = found
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


# Nothing drawn yet, said first; an amount after it is another (an invoice, the contract).
_NONE_DRAWN_FIRST = re.compile(r"^(?:ยัง)?ไม่(?:ได้)?(?:เบิก|จ่าย)(?:จ่าย|เงิน)?(?:เลย)?")
_DRAWN_AFTER = re.compile(r"(?:เบิก|จ่าย)(?:จ่าย)?(?:ไป|แล้ว|ได้)|งวด\S{0,8}(?:เบิก|จ่าย)")
_NONE_DRAWN_NOTE = ("ยังไม่ได้เบิกจ่าย บันทึกยอดเบิกจ่ายครั้งนี้เป็น 0 บาทนะคะ "
                    "(จำนวนเงินอื่นในข้อความไม่นับเป็นยอดเบิกจ่าย)")
_BAHT_SATANG = re.compile(r"^(?:(?:ยอด)?เบิก\S{0,6}\s*)?(?P<baht>.+?)\s*บาท\s*(?P<satang>.+?)\s*"
                          r"(?:สตางค์|สต\.?)$")


def _with_satang(s: str) -> Decimal | None:
    """Baht and satang said apart ("250000 บาท 50 สตางค์", "ห้าพันบาทห้าสิบสตางค์"), or None."""
    m = _BAHT_SATANG.match(s)
    if m is None:
        return None
    baht = thai_words_to_decimal(m["baht"].replace(",", ""))
    satang = thai_words_to_decimal(m["satang"])
    if baht is None or satang is None or not 0 <= satang < 100 or satang % 1:
        return None
    return baht + satang / 100


# "35k" (thousand baht) and "1.25 ลบ." (ล้านบาท, as budget documents write it).
_SHORT_UNITS = re.compile(r"([0-9][0-9,.]*)\s*(m\.?b\.?|k|m|ลบ\.?|ล\.)(?!\.?[a-zก-๛])", re.I)
_NOT_THIS_TIME = re.compile(
    r"(?:สะสม|ทั้งโครงการ|ได้รับ|จัดสรร|วงเงิน|งบทั้ง|งบประมาณ|ไม่ใช่|มิใช่|แทน|ร้อยละ|คิดเป็น|งวด(?!นี้)|ครั้งที่|ข้อ|(?<!ตาม)แผน"
    r"|เดือน|ปี|วันที่|จาก|จะ(?:เบิก|ใช้|จ่าย)|หน้า(?:จะ)?(?:เบิก)?|อนุมัติ(?:แล้ว)?|ยกเลิก(?:การ)?เบิก(?:ไป)?"
    r"|คงเหลือ|(?:ยอด|งบ|เงิน)(?:คง)?เหลือ|(?<!จริง)(?<![ก-๛])เหลือ)"
    r"\S{0,4}\s*[:=]?\s*$")
_EACH = re.compile(
    rf"([0-9]+)\s*(?:งวด|ครั้ง|รายการ|ชุด)\s*(?:ค่ะ|ครับ|คะ|นะ)?\s*(?:งวด|ครั้ง|รายการ|ชุด)?ละ\s*"
    rf"((?:{ARABIC_NUMBER})(?:\s*(?:พัน|หมื่น|แสน|ล้าน))?)")
# Each instalment named with its amount ("งวดแรก 400,000 งวดสอง 600,000"): added up.
_INSTALMENT = re.compile(r"งวด(?:ที่)?\s*(?:แรก|หนึ่ง|สอง|สาม|สี่|ห้า|[0-9]{1,2})\s*[:=]?\s*"
                         r"(?:เบิก\S{0,4}|ไป|อีก|จำนวน)?\s*$")
_TOTAL = re.compile(r"(?:รวม|ทั้งหมด)\S{0,4}\s*[:=]?\s*$")  # this time's total, or the project's
_SUM = re.compile(rf"^\s*(?:{ARABIC_NUMBER})(?:\s*\+\s*(?:{ARABIC_NUMBER}))+\s*$")
_NOT_BAHT = re.compile(r"^\s*(?:%|เปอร์|หลัก|คน|ครั้ง|แห่ง|วัน|เดือน|งวด|ราย|ชุด|ชิ้น|เล่ม|ปี"
                       r"|ลบ\.?\s*ม|คิว|ตร\.?\s*ม|เมตร|กม\.?|กิโลเมตร)")
_THIS_TIME = re.compile(r"(?:ครั้งนี้|เบิก(?:จ่าย|ใช้)?(?:ไป)?(?:แล้ว)?|จำนวน|ใช้(?:ไป)?|เป็น|คือ|จริง|เหลือ)"
                        r"\s*[:=]?\s*$")
_ASKS = re.compile(r"ไหม(?!้)|มั้ย|ยังไง|อย่างไร|หรือเปล่า|รึเปล่า|\?")
_NOTHING_SPENT = re.compile(r"ไม่(?:ได้)?ใช้(?:งบ|เงิน)|ยังไม่(?:ได้)?(?:เบิก|จ่าย)|ไม่ทัน(?:ได้)?เบิก"
                            r"|ไม่มี(?:การ)?เบิก|ยังไม่ถึงงวด"
                            r"|(?:ยัง)?เบิก(?:เงิน|จ่าย)?(?:ไม่ได้|ไม่ออก)"
                            r"|ไม่ได้เบิก|ไม่เบิก|ยังไม่(?:ได้)?(?:รับ)?(?:เงิน|งบ)"
                            r"|(?:ระหว่าง|รอ)(?:การ)?(?:ขอ)?(?:อนุมัติ)?(?:การ)?เบิก")


def _money_in_sentence(s: str) -> Decimal | Problem | None:
    """The amount disbursed this time that a sentence gives (not the total, the budget, an
    instalment's number); several labelled costs ("ค่าวัสดุ … ค่าแรง …") are added up."""
    if _SUM.match(s):  # "5,000 + 3,500"
        return sum((m.value for m in mentions(s)), Decimal(0))
    each = _EACH.search(s)
    if each:  # "เบิกไป 2 งวด งวดละ 50,000"
        return Decimal(each[1]) * (thai_words_to_decimal(each[2].replace(",", "")) or Decimal(0))
    if not _WORDS.search(_MONEY_SUFFIX.sub("", s)):
        return None  # "1,23,4": a number written wrong, not a sentence
    if _ROUGH.search(s):
        return Problem(ProblemCode.AMBIGUOUS, f"ขอเป็นจำนวนเงินที่แน่นอนค่ะ {_MONEY_HELP}")
    said = mentions(s)
    each_paid = [m.value for m in said if _INSTALMENT.search(m.before)]
    stated = {m.value for m in said if _TOTAL.search(m.before)}
    if len(each_paid) >= 2 and not any("สะสม" in m.before for m in said) and (
            stated <= {sum(each_paid, Decimal(0))}):  # "… รวม 300,000" when it is their sum
        return sum(each_paid, Decimal(0))
    found, totals = [], []
    for m in mentions(s):
        if _NOT_THIS_TIME.search(m.before) or _NOT_BAHT.match(m.after) or re.search(
                r"งวด(?:ที่)?\s*$", m.before):  # "งวด2 640,000บ.": which instalment, not baht
            continue
        if _TOTAL.search(m.before):
            totals.append(m.value)
            continue
        million = re.match(r"^\s*ลบ(?!\.?\s*ม)", m.after) is not None  # "1.25 ลบ." = ล้านบาท
        found.append((m, m.value * (1_000_000 if million else 1)))
    if not found and len(totals) == 1:
        return totals[0]  # "เบิก 3 รายการ รวม 45,600 บาท"
    if not found:
        flat = re.sub(r"\s+", "", s)  # "…ยังไม่ได้เงินไหม(?!้)" asks, it does not say
        return Decimal(0) if _NOTHING_SPENT.search(flat) and not _ASKS.search(flat) else None
    if len({v for _, v in found}) == 1:  # one amount, perhaps in digits and in words too
        return found[0][1]
    if all(re.search(r"ค่า\S*\s*$", m.before) for m, _ in found):
        return sum((v for _, v in found), Decimal(0))
    marked = [v for m, v in found if _THIS_TIME.search(m.before) or m.after.lstrip().startswith(
        ("บาท", "฿", "บ."))]
    if len(marked) == 1:
        return marked[0]
    amounts = tuple(f"{_quantize(v):,.2f}" for _, v in found)
    return Problem(ProblemCode.CONFLICT,
                   f"พบหลายจำนวนในข้อความค่ะ ({', '.join(amounts)} บาท) ครั้งนี้เบิกเท่าไรคะ",
                   amounts[:4])


PLAN_POSITIVE = ("เป็นไปตามแผน", "ตามแผน", "ตามแผ่น", "เร็วกว่าแผน", "เร็วกว่ากำหนด", "ก่อนกำหนด",
                 "ตามกำหนด", "ปกติดี", "เป็นปกติ", "ทันตามแผน", "ทันตามกำหนด", "ทันแผน",
                 "ทันกำหนด", "ตรงแผน", "ตรงตามแผน", "ตรงตามกำหนด", "onplan",
                 "ontrack", "onschedule", "aheadofschedule")
PLAN_NEGATIVE = ("ไม่เป็นไปตามแผน", "ไม่เป็นไป", "ไม่ตามแผน", "ไม่ตามแผ่น", "ไม่ทันตามแผน", "ไม่ทันตามกำหนด",
                 "ไม่ทันกำหนด", "ไม่ทันแผน", "ไม่น่าจะทันตามแผน", "ไม่น่าจะทันตามกำหนด", "คงไม่ทันตามแผน",
                 "ไม่น่าจะทัน", "เลท", "delay", "ดีเลย์", "คงไม่ทัน", "ล่าช้ากว่าแผน",
                 "ล่าช้ากว่ากำหนด", "ล่าช้า",
                 "ล้าช้า", "ช้ากว่าแผน", "ช้ากว่ากำหนด", "ต่ำกว่าแผน", "ไม่ทัน", "ช้า", "notonplan",
                 "behindschedule", "delayed", "late", "เลื่อนออกไป", "เลื่อน")
TARGET_POSITIVE = ("เป็นไปตามเป้า", "ทันเป้า", "ตามเป้า", "ถึงเป้า", "บรรลุเป้า", "เกินเป้า", "ตรงเป้า", "บรรลุ",
                   "ผ่านเป้า", "ตามทาร์เก็ต", "ถึงทาร์เก็ต", "ตามเป่า",
                   "ontarget", "mettarget", "achieved", "hittarget", "ถึง")
TARGET_NEGATIVE = ("ไม่เป็นไปตามเป้า", "ไม่ทันเป้า", "ไม่เป็นไป", "ไม่ตามเป้า", "ไม่ถึงเป้า", "ต่ำกว่าเป้า",
                   "ช้ากว่าเป้า", "ล่าช้ากว่าเป้า",
                   "ไม่บรรลุเป้า", "ไม่ตามทาร์เก็ต", "ไม่ถึงทาร์เก็ต",
                   "ไม่ตรงเป้า", "ไม่น่าจะบรรลุ", "ไม่น่าจะถึงเป้า", "คงไม่ถึงเป้า", "คงไม่บรรลุ",
                   "ไม่น่าจะทัน", "ไม่ทัน", "ไม่บรรลุ", "ไม่น่าจะถึง", "คงไม่ถึง", "ไม่ถึง",
                   "ได้แค่ครึ่งเดียว", "ได้เพียงครึ่งเดียว", "ได้แค่ครึ่ง", "ได้เพียงครึ่ง",
                   "notontarget", "missedtarget", "belowtarget", "misstarget", "misskpi",
                   "missedkpi")
_YES = {"ใช่", "ใช่แล้ว", "ถูก", "ถูกต้อง", "เป็น", "เป็นไป", "ได้", "y", "yes", "yep", "yeah", "yup",
        "sure",
        "ok", "โอเค", "✓", "✔",
        "✅", "👍", "ช่าย", "ชัวร์", "แน่นอน", "ครับผม", "จ้า", "👌", "ผ่าน", "ค่า"}
_NO = {"ไม่", "ไม่ใช่", "ไม่ถูก", "ไม่ถูกต้อง", "ไม่เป็น", "ไม่ได้", "n", "no", "✗", "✘", "❌", "หามิได้",
       "มิได้",
       "👎", "ยัง", "ยังเลย", "ยังไม่", "ยังไม่ได้", "ไม่ค่อย", "ไม่เลย", "nope", "nah"}
_WORD_PARTICLE = re.compile(r"(?:ค่า+|ค่ะ|คะ|ครับ|คับ|จ้า|นะ|อ่ะ|อะ|อ่า)+$")
_NEGATED = re.compile(r"(?:ไม่(?:น่า(?:จะ)?|ค่อย|ได้)*|มิได้|ไม่มี(?:อะไร|งานไหน|ส่วนไหน)(?:ที่)?)\s*"
                      r"(?:เป็นไป|เป็น)?\s*$")  # "ไม่น่าจะได้ตามเป้า"


# "ตามแผนไม่ได้หรอกค่ะ", "ตามเป้าที่ตั้งไว้ไม่ได้ค่ะ", "ทำตามแผนไม่ทันครับ": the phrase, then could not
# (a particle or the end must follow: "ตามแผนไม่ได้ล่าช้า" is on plan, not late).
_NEGATED_AFTER = re.compile(r"(?:ที่\S{0,8}?ไว้)?(?:ไม่ได้|ไม่ทัน|ไม่ไหว)(?:หรอก|เลย|แล้ว)?"
                            r"(?:(?:ค่ะ|คะ|ครับ|คับ|จ้า|นะ)+|$)")


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex, longest phrase first, with a group per phrase; "เป้า" may go on as "เป้าหมาย"."""
    def one(p: str) -> str:
        r = re.escape(p).replace("ไม่", r"ไม่\s*").replace("เป็นไป", r"เป็นไป\s*")
        r += "(?:หมาย)?" if p.endswith("เป้า") else "(?!แม้|จะ|แก่|กับ)" if p.endswith("ถึง") else ""
        r += r"(?!\s*ตาม)" if p.endswith("เป็นไป") else ""  # "ไม่เป็นไป" alone, not "…ตามเป้า"
        return f"({r})"  # "ถึง" as reached, never "ถึงแม้", "ถึงจะ"
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
        end = m.end()
        if negation and not m.group().startswith("ไม่"):
            polarity, start = not polarity, negation.start()
        elif polarity and (after := _NEGATED_AFTER.match(text, end)):
            polarity, end = False, after.end()  # "ตามเป้าที่ตั้งไว้ไม่ได้ค่ะ": could not
        found.append((start, end, polarity))
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
    word = word[0] if word and len(set(word)) == 1 and not word[0].isalnum() else word  # "👍👍"
    word = _WORD_PARTICLE.sub("", word) or word  # "ช่ายค่า", "ยังค่ะ"
    word = re.sub(r"^(?:น่าจะ|คิดว่า)(?=ได้$|ไม่ได้$)", "", word)  # "น่าจะได้ครับ"
    if found is None and word in _YES | _NO:
        found = word in _YES
    if found is not None:
        return Ok(found)
    yes, no = (pos[0], neg[0]) if pos and neg else ("ใช่", "ไม่ใช่")
    code = ProblemCode.UNREADABLE if normalize(text) else ProblemCode.EMPTY
    return Problem(code, f"ขออภัยค่ะ ไม่แน่ใจว่าตอบว่าอย่างไร กรุณาตอบว่า “{yes}” หรือ “{no}”")


_REASON_HEAD = re.compile(
    r"^(?:\s*(?:ขอแก้(?:ไข)?(?:เป็น)?(?=\s)|ขอโทษ(?:ที)?|(?:ก็)?ไม่(?:ค่อย)?เชิง|ก็|แต่(?=\S)|ถึง(?:เป้า)?(?=\s)|คง(?:จะ)?|ใช่|ไม่ใช่|ไม่(?![ก-ฮ])|ไม่(?=อะ|อ่ะ|อ่า)|not\s+yet|no(?![a-z])|yes(?![a-z])|ค่ะ|ครับ|คะ|นะ|เด้อ|เน้อ|อะ|อ่ะ|อ่า|เพราะ(?:ว่า)?|เนื่อง(?:จาก|ด้วย)|ด้วย|เลย"
    r"|(?:ล่าช้า|ช้า|ดีเลย์|delay|เลท)(?=\s*(?:เพราะ|เนื่อง))|กว่าแผน|กว่ากำหนด|(?:ไป)?(?:นิดหน่อย|นิดนึง|นิดเดียว|นิด|หน่อย)|เล็กน้อย|บ้าง|มาก(?=\s)|(?:สัก|ซัก)?เท่าไ(?:หร่|ร่|ร)|เท่าที่ควร|เรียนท่าน"
    r"|[,.:;\-–ๆ])\s*)+", re.I)
# A polite particle said alone ("ค่ะ", "ครับ"): a yes to some, only "I hear you" to others.
BARE_PARTICLE = re.compile(r"(?:ค่ะ|คะ|ครับ|คับ|ค่า|คร่า)[\s.!]*")
_INTERRUPTED = re.compile(r"^\s*เดี๋ยว(?:นะ|ก่อน)(?:คะ|ค่ะ|ครับ)?\s+\S")  # a line said to someone else
# "ขาดอีก 5 ราย": how far short of it.
_SHORT_OF = re.compile(r"ขาด(?:อีก)?[0-9]")
# "ได้ 48 จาก 50 คน": done out of the goal.
_X_OF_Y = re.compile(r"^(?:ทำ)?(?:ได้)?(?:แค่|เพียง)?(?P<done>[0-9][0-9,]*)\S{0,6}?"
                     r"จาก(?:เป้า(?:หมาย)?)?"
                     r"(?P<goal>[0-9][0-9,]*)\S{0,10}$"
                     r"|^เป้า(?:หมาย)?(?P<goal2>[0-9][0-9,]*)\S{0,6}?(?:ทำ)?ได้(?:แค่|เพียง)?(?P<done2>[0-9][0-9,]*)"
                     r"\S{0,6}$")
_LATE_WORD = re.compile(r"^\s*(?:ล่าช้า|ช้า|ดีเลย์|เลท)(?:กว่า(?:แผน|กำหนด))?")
_NOT_THAT_ONE = re.compile(r"\s+(?:ไม่ใช่|มิใช่)(?:ว่า)?\s*"
                           r"(?P<other>(?:ไม่)?\s*(?:เป็นไป)?(?:ตาม|ถึง|ทัน)\S*)\s*$")
_FIELD_LABEL = re.compile(r"^\s*(?:การดำเนินงาน|ผลการดำเนินงาน)?(?:เป็นไป)?ตาม(?:แผน|เป้า(?:หมาย)?)"
                          r"\s*[:：=]\s*(?=\S)")
_NOTE_LABEL = re.compile(r"\s+(?:หมายเหตุ|สาเหตุ|เหตุผล)\s*[:：]\s*")
ASSUMED = "รับเป็น “{answer}” นะคะ"
_NO_PROBLEM = re.compile(r"(?:ก็)?(?:งาน)?ไม่มีปัญหา(?:อะไร)?(?:ค่ะ|คะ|ครับ|คับ|นะ)*")
_LETTER_YN = re.compile(r"^\s*([YyNn])\s*[-–:]\s*(?=\S)")
_NOT_NOT = re.compile(r"ไม่ใช่(?:ว่า)?ไม่(?:ได้)?(?=ตาม|ถึง|ทัน|เป็นไป|บรรลุ|ตรง)")
# "ช้ากว่าแผนนิดหน่อยแต่ไม่มีปัญหาครับ": late, and no problem said: no reason given.
_NO_PROBLEM_AFTER = re.compile(r"^(?:\S{0,12}แต่)?(?:ก็)?(?:ไม่มี|ไม่ได้มี)(?:ปัญหา|อะไร)\S{0,12}$")
_ONLY_ASSENT = re.compile(r"^(?:\s*(?:ค่ะ|ครับ|ครับผม|คับ|จ้า|ค่า|ถูก|ได้))+\s*$")
_REASON_TAIL = re.compile(r"(?:\s*(?:เลยล่าช้า|จึงล่าช้า|ทำให้ล่าช้า|เลยช้า|ยังไงก็|อย่างไรก็)"
                          # "…เลยช้าไป", the late word already out
                          r"|\s+(?:เลย|จึง)\s+(?:ไป|ลง)(?:นิดหน่อย|หน่อย|บ้าง)?"
                          r"|\s*จึงเรียน(?:มา)?เพื่อ(?:โปรด)?(?:ทราบ|พิจารณา)\S*"  # a letter's closing
                          r"|\s+(?:เลย|จึง|ทำให้))+\s*$")
_NOT_YET = re.compile(
    r"^(?:ไม่ใช่|ไม่ได้|ไม่เป็น(?:ไป)?|ไม่(?:อะ|อ่ะ|อ่า)|ไม่|not\s+yet|no|nope|nah)(?:\s|$|,|ค่ะ|คะ|ครับ|คับ|นะ|จ้า)|^ไม่ทัน(?:แผน|กำหนด)?"
    r"|^ยังไม่(?:ได้|ถึง|ทัน|เป็นไป|เป็น)?(?=\s|$|ค่ะ|คะ|ครับ|คับ|นะ|จ้า)|^ยังไม่"
    r"|^ไม่ถึง(?!กับ)",
    re.I)
_CONNECTIVE = re.compile(
    r"(?:เพราะ(?:ว่า)?|ย้อนว่า|เนื่อง(?:จาก|ด้วย|มาจาก)|สาเหตุ(?:จาก|คือ)?|เหตุผล(?:คือ)?\s*[:：]?"
    r"|(?<![ก-๛])เหตุ(?!การณ์|ผล)(?=[ก-๛])"  # "… ไม่เป็นไปตามแผน เหตุผู้ค้าย้ายแผง"
    r"|because|due\s*to)\s*", re.I)
_LED_BY_CONNECTIVE = re.compile(  # after a space, or glued to a particle ("…ครับเนื่องจาก…")
    r"(?:^|(?<![ก-๛])|(?<=ครับ)|(?<=ค่ะ)|(?<=ขอรับ))" + _CONNECTIVE.pattern, re.I)
_DEGREE_ONLY = re.compile(r"^(?:ไป|นิด(?:หน่อย)?|เล็กน้อย|บ้าง|มาก|นิดนึง|หน่อย|ค่อนข้าง|เยอะ|แน่(?:ๆ|นอน)?|\s"
                          r"|(?:แต่)?ใกล้(?:แล้ว|จะ\S*)?"
                          r"|ยังไม่ถึง(?:เป้า\S*)?)*$")
# How late, said right after the "late" word: part of the reason ("ช้าไป 2 สัปดาห์").
_HOW_LATE = re.compile(r"^\s*(?:ไป|ออกไป)?\s*(?:ประมาณ|ราว(?:ๆ)?)?\s*"
                       rf"(?:[0-9๐-๙]+|(?:{THAI_NUMBER_WORDS})+)\s*"
                       r"(?:วัน|สัปดาห์|อาทิตย์|เดือน)")
_MIXED = re.compile(r"^แล้วแต่|ถ้า\S*.*ก็.*ก็|บางส่วน.*บางส่วน"
                    r"|(?:แผน|เป้า|เป้าหมาย|กำหนด)\S{0,4}บาง(?:ส่วน|ตัว|ข้อ|อย่าง|เรื่อง|งาน|จุด|แห่ง)"
    r"|^ส่วนใหญ่|ยกเว้น|(?:แผน|เป้า)ครึ่ง"
                    r"|ทั้ง.*และ.*ไม่|ครึ่งๆ|ครึ่ง\s*ๆ|บ้าง\s*ไม่\S{0,12}บ้าง"
                    r"|(?<!ไม่)ตาม\S{0,20}?ไม่ตาม"  # "ช่วงแรกตามแผน ช่วงหลังไม่ตาม"
                    # "ถนนได้ตามเป้า ทางเท้ายังไม่ได้": one part yes, the other not yet
                    r"|(?<!ไม่)ตาม(?:แผน|เป้า)\S{2,24}?ยังไม่ได้(?:ค่ะ|ครับ|คะ|นะ)*$"
                    # "งานผู้สูงวัยตามแผน ส่วนตลาดนัดไม่": one project yes, the other no
                    r"|(?<!ไม่)ตาม(?:แผน|เป้า)\S{0,4}ส่วน\S{1,24}ไม่")
# Said before the answer ("คิดว่าไม่ค่ะ", "ตอนนี้ยังค่ะ"): the answer follows.
# The boss's answer relayed ("หัวหน้าบอกว่าไม่ตามแผนค่ะ …"): the answer follows, the boss is no reason.
RELAYED = (r"(?:(?:พี่|ท่าน)?(?:หัวหน้า|ผอ\.?|ผู้อำนวยการ|นาย)\S{0,10}?|พี่\S{0,10}?)"
           r"(?:บอก|แจ้ง)(?:มา)?ว่า"
           r"|(?:โครงการ\S{0,30}?)?ให้(?:รายงาน|แจ้ง|ตอบ)ว่า")  # "โครงการ…ให้รายงานว่าไม่เป็นไปตามแผน"
_LEAD = re.compile(r"^(?:\s*(?:คิดว่า|น่าจะ|ตอนนี้|ขณะนี้|ณ\s*ตอนนี้|ก็|(?:อันนี้|ข้อนี้)?ตอบ(?:ว่า)?(?!ไม่ได้)"
                   rf"|{SALUTATION}|เรื่อง\S{{0,12}}?นั้น|(?:ก็)?บอก(?:ไป)?แล้ว(?:ว่า)?"
                   r"|เหมือน(?:ข้อ|อัน)(?:ที่แล้ว|ก่อน(?:หน้า)?)(?:แหละ|นั่นแหละ|เลย)?"
                   rf"|{RELAYED}))+\s*")
# A sign first, then the reason ("❌ ของยังไม่มาส่ง").
_SIGN = re.compile(r"^\s*(?P<sign>[✓✔✅👍👌❌✗✘👎])[\ufe0f\s]*(?=\S)")
# A worry about later is no answer now ("ตามแผนค่ะ แต่ปลายเดือนอาจจะช้า").
_MAYBE = re.compile(r"(?:อาจ(?:จะ)?|คง(?:จะ)?|น่าจะ|กลัว(?:ว่า)?(?:จะ)?|เกรง(?:ว่า)?(?:จะ)?"
                    r"|อีกหน่อย(?:จะ)?|จะ)$")  # "…แต่คาดว่าเดือนหน้าจะถึง": later, not now
# The reason put off ("ส่วนเหตุผลขอเล่าทีหลัง"): none given.
_LATER = re.compile(r"^(?:ขอ|ไว้|เดี๋ยว|จะ)?\S{0,12}(?:ทีหลัง|ภายหลัง|อีกที|วันหลัง|คราวหน้า)$")
_SUBJECT = re.compile(r"^\s*(?:ผลการดำเนินงาน|การดำเนินงาน|ผลงาน|งาน|โครงการ|ทุกอย่าง)(?=\s|$)\s*")
_EMOJI = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]+")
# A bare "no" first, then the reason ("ไม่ครับ วัสดุขาดตลาด …").
_BARE_NO = re.compile(r"^(?:ไม่|ไม่ใช่|ไม่ได้|ไม่เป็น|no)(?:เลย)?(?:ค่ะ|ครับ|คะ|จ้า|นะคะ|นะครับ)?[\s,]+(?=\S)",
                      re.I)
_BARE_VERB = {"ตาม": True, "ทัน": True, "ตรง": True, "ไม่ตาม": False, "ไม่ทัน": False,
              "ไม่ค่อยตาม": False, "ไม่ตรง": False}
_VERB_FIRST = re.compile(r"^(ไม่ค่อยตาม|ไม่ตาม|ไม่ทัน|ไม่ตรง|ตาม|ทัน|ตรง)(?:เท่าไหร่|เท่าไร|เลย)?"
                         r"(?:ค่ะ|ครับ|คะ|จ้า|นะ)*"
                         r"(?=$|เพราะ|เนื่อง|\s)")
_HEDGED = re.compile(r"(?:มั้ง|มั๊ง|มั่ง|ละมั้ง|หรือเปล่าไม่แน่ใจ|รึเปล่าไม่รู้)$")
# What the question means ("ตามแผนนี่ดูจากอะไรคะ เทียบกับแผนไหน"): asked, no answer.
_HOW_TO_JUDGE = re.compile(r"ดูจาก(?:อะไร|ไหน)|เทียบ(?:กับ)?\S{0,6}ไหน|วัดจาก(?:อะไร|ไหน)")
# Only part of it ("ได้บางส่วน ยังขาดอีก 3 โรงเรียน"): a no, with the rest as its reason.
_ONLY_PART = re.compile(r"^(?:ได้|ทำได้|สำเร็จ|ถึง)(?:แค่|เพียง)?บางส่วน\s*")
# The question asked back ("ตามแผนหรือเปล่าคะ"): no answer to it.
_ASKED_BACK = re.compile(r"(?:หมาย)?(?:หรือเปล่า|หรือไม่|รึเปล่า|ไหม(?!้)|มั้ย|ป่ะ|เหรอ|หรอ)")
# A share right after the phrase ("ตามเป้า 80%"): part of it reached, not a yes.
_SHARE_AFTER = re.compile(r"(?:หมาย)?(?:แค่|ได้|ประมาณ)?"
                          r"(?:(?:[0-9]|[1-9][0-9])(?:\.[0-9]+)?(?:%|เปอร์)"
                          r"|ครึ่ง)")
# The reason pointed back to ("ตามที่แจ้งไปข้อที่แล้ว"): none given here.
_SAID_BEFORE = re.compile(r"^(?:ตาม|เหมือน)(?:ที่)?(?:แจ้ง|บอก|ตอบ|กล่าว|เรียน)?(?:ไว้|ไป)?(?:แล้ว)?\s*"
                          r"(?:ใน|ที่)?\s*(?:ข้อ(?:ที่แล้ว|ก่อน(?:หน้า)?|บน)|ข้างบน|ด้านบน)\s*$")
# Not knowing yet ("ยังไม่รู้เลย งานยังไม่จบ", "ไม่แน่ใจค่ะ"): neither a yes nor a no.
_UNSURE = re.compile(r"^(?:ก็)?(?:ยัง)?(?:ไม่รู้|ไม่ทราบ|ไม่แน่ใจ|ตอบไม่ได้|บอกไม่ได้|ไม่ชัวร์)")


# A plan's figure beside the result ("แผน 60 ผล 55", "progress 63% แผน 60%"), said alone.
_PLAN_VS_DONE = re.compile(
    r"^(?:KPI\S*\s*(?:ไตรมาส\S*\s*)?)?แผน\s*(?P<plan>[0-9]+(?:\.[0-9]+)?)\s*%?\s*[,/]?\s*"
    r"(?:ผล(?:งาน)?|ทำได้|จริง)\s*(?P<done>[0-9]+(?:\.[0-9]+)?)\s*%?\s*(?:ค่ะ|ครับ|คะ)?\s*$"
    r"|^(?:progress|ผล(?:งาน)?)\s*(?P<done2>[0-9]+(?:\.[0-9]+)?)\s*%?\s*[,/]?\s*แผน\s*"
    r"(?P<plan2>[0-9]+(?:\.[0-9]+)?)\s*%?\s*(?:ค่ะ|ครับ|คะ)?\s*$", re.I)


def read_yes_no_reason(text: str, positive: Sequence[str], negative: Sequence[str]
                       ) -> tuple[Ok[bool] | Problem, str | None]:
    """A yes/no answer and the reason said with it ("ล่าช้านิดหน่อยค่ะ ฝนตกหนัก" → no,
    "ฝนตกหนัก"); both kinds of phrase in one answer ("ตามแผน แต่ช้ากว่ากำหนด") is asked about."""
    compared = _PLAN_VS_DONE.search(normalize(text))
    if compared is not None:  # "แผน 60 ผล 55": the figures say it; shown back before it is kept
        plan = Decimal(compared["plan"] or compared["plan2"])
        done = Decimal(compared["done"] or compared["done2"])
        verdict = positive[0] if done >= plan else negative[0]
        typed = without_particles(without_tail(normalize(text, digits=False)))
        short = None if done >= plan else typed
        return Ok(done >= plan, confirm=ASSUMED.format(answer=verdict)), short
    lines = [line for line in normalize(text, digits=False).split("\n")
             if line.strip() and not _INTERRUPTED.match(line)]  # "เดี๋ยวนะคะ เด็กทะเลาะกัน"
    if len(lines) >= 2:  # "ไม่ถึงเป้า\n<the reason, with its own เพราะ>": the second line whole
        head, first_why = read_yes_no_reason(lines[0], positive, negative)
        after = "\n".join(lines[1:])
        if isinstance(head, Ok) and first_why is None and not find_phrases(
                re.sub(r"\s+", "", after), positive, negative) and not re.match(r"\s*แต่", after):
            after = re.sub(r"^\s*" + _CONNECTIVE.pattern, "", after, flags=re.I)  # "เหตุผล: …"
            if len(lines) >= 3:  # "ไม่ถึงเป้า\n- อปพร.ลาออก 4 คน\n- ฝนตก …": the list as written
                listed = [without_particles(line) for line in after.split("\n")]
                return head, "\n".join(line for line in listed if line) or None
            reason = _REASON_TAIL.sub("", _REASON_HEAD.sub("", without_particles(after)))
            return head, reason.strip(" ,") or None
    not_that = _NOT_THAT_ONE.search(text)
    if not_that is not None:  # "ไม่ตามแผนนะ ไม่ใช่ตามแผน": the answer, then the one it is not
        head, _ = read_yes_no_reason(text[:not_that.start()], positive, negative)
        other_read, _ = read_yes_no_reason(not_that["other"], positive, negative)
        if isinstance(head, Ok) and isinstance(other_read, Ok) and head.value != other_read.value:
            text = text[:not_that.start()]
    labelled = _FIELD_LABEL.match(text)  # "เป็นไปตามแผน: ไม่    หมายเหตุ: …": cells pasted
    if labelled is not None:
        text = _NOTE_LABEL.sub(" เนื่องจาก ", text[labelled.end():])
    if (_NOT_NOT.search(text) and not text.lstrip().startswith("ไม่ใช่")):
        text = _NOT_NOT.sub("", text)  # "ตามเป้าครับ ไม่ใช่ไม่ตามเป้า": said twice, a yes
    if re.match(r"\s*ไม่ใช่(?:ว่า)?ไม่", text):  # "ไม่ใช่ไม่ตามแผนนะ แค่ช้านิดหน่อย": not "not",
        spoken = find_phrases(re.sub(r"\s+", "", text), positive, negative)  # but late after all
        if len(spoken) >= 2 and not spoken[-1][2]:
            yes, no = positive[0], negative[0]
            return Problem(ProblemCode.AMBIGUOUS, f"ขออภัยค่ะ คำตอบมีทั้งสองแบบ สรุปแล้ว “{yes}” "
                                                  f"หรือ “{no}” คะ", (yes, no)), None
    typed = LAUGH.sub(" ", standard_no(normalize(text, digits=False))).strip()  # reason as typed
    text = LAUGH.sub(" ", standard_no(normalize(text))).strip()  # "555 ไม่อ่ะ"
    s = _LEAD.sub("", written(core(text)))
    if (not s and _ONLY_ASSENT.match(normalize(text))) or _ONLY_ASSENT.match(s):
        return Ok(True), None  # "ค่ะ", "ค่า": assent
    if not s:  # "👍", "❌", "เป็นค่ะ": a sign or a word the clean-up took for a hedge
        return read_yes_no(text, positive, negative), None
    if re.match(r"^no\s*(?:issues?|problems?|blockers?)\s*$", s) or _NO_PROBLEM.fullmatch(
            re.sub(r"\s+", "", s)):  # "ไม่มีปัญหาค่ะ", "no issues": fine, so a yes, shown back
        return Ok(True, confirm=ASSUMED.format(answer=positive[0])), None
    if re.match(r"^no\s*(?:issues?|problems?|blockers?)\b", s):  # "no issues แต่…": which?
        return read_yes_no("ไม่มีปัญหา", positive, negative), None
    letter = _LETTER_YN.match(typed)
    if letter is not None:  # "N - รอผลตรวจสอบจาก สตง.": a cell's Y/N, then its note
        rest = without_particles(typed[letter.end():]).strip()
        return Ok(letter[1].upper() == "Y"), (rest or None) if letter[1].upper() == "N" else None
    if re.match(r"^(?:ใช่|yes|ถูกต้อง|ถูก)(?:\s|$|ค่า|ค่ะ|ครับ|คะ|จ้า)", s) and not re.search(r"แต่|but", s):
        return Ok(True), None
    flat = re.sub(r"\s+", "", s)
    verb = _VERB_FIRST.match(flat) or _VERB_FIRST.match(s)
    if verb is not None:  # "ตามครับ", "ไม่ตาม เพราะวัสดุขาด": the question's own verb
        why = _LED_BY_CONNECTIVE.search(s)  # "…ขาดแคลนกล้องเพราะของติดศุลกากร": all of it
        after = s[why.end():] if why else s[verb.end():] if verb.string is s else ""
        reason = _cased(_REASON_TAIL.sub("", without_particles(after)).strip(" ,"), typed)
        return Ok(_BARE_VERB[verb[1]]), (reason or None) if not _BARE_VERB[verb[1]] else None
    double = re.match(r"^ไม่ใช่(?:ว่า)?(?=ไม่)", s)  # "ไม่ใช่ไม่ได้ตามเป้า แค่ยังไม่ได้ตรวจรับ"
    if double is not None:  # ("ไม่ใช่ ไม่ถึงเป้า", with a space, is a plain no)
        denied = find_phrases(re.sub(r"\s+", "", s[double.end():]), positive, negative)
        if denied and denied[0][0] == 0 and not denied[0][2]:
            return Ok(True), None
    if _HEDGED.search(flat):  # "ตามแผนมั้ง": a guess, not an answer
        return Problem(ProblemCode.AMBIGUOUS, f"ไม่แน่ใจใช่ไหมคะ ตอบตามสถานการณ์ ณ วันนี้ได้เลยค่ะ "
                                              f"“{positive[0]}” หรือ “{negative[0]}” คะ",
                       (positive[0], negative[0])), None
    if _UNSURE.match(flat):
        return Problem(ProblemCode.AMBIGUOUS, f"ถ้ายังไม่แน่ใจ ตอบตามสถานการณ์ ณ วันนี้ได้เลยค่ะ "
                                              f"“{positive[0]}” หรือ “{negative[0]}” คะ",
                       (positive[0], negative[0])), None
    said = find_phrases(flat, positive, negative)
    no_first = _BARE_NO.match(s)
    if no_first is not None:  # "ไม่ ล่าช้าเพราะฝนตก": a no, then its phrase (not "ไม่ล่าช้า")
        behind = re.sub(r"\s+", "", s[no_first.end():])
        then = find_phrases(behind, positive, negative)
        if then and then[0][0] == 0 and not then[0][2]:
            shift = len(flat) - len(behind)
            said = [(a + shift, b + shift, p) for a, b, p in then]
    found = [f for f in said if not _MAYBE.search(flat[:f[0]])]
    if said and not found and re.search(r"คาดว่า|ภายใน|เดือนหน้า|ปลายเดือน|สิ้นเดือน", flat):
        yes, no = positive[0], negative[0]  # "คาดว่าจะถึงเป้าภายในเดือนหน้าค่ะ": later, and now?
        return Problem(ProblemCode.AMBIGUOUS, f"ข้อนี้ขอเป็นผล ณ ตอนนี้ค่ะ สรุปแล้ว “{yes}” หรือ “{no}” คะ",
                       (yes, no)), None
    why = _CONNECTIVE.search(flat)  # "ไม่เป็นไปตามแผน เนื่องจาก…ส่งมอบได้ตามกำหนด…": the reason's
    if why is not None and any(f[0] < why.start() for f in found):
        found = [f for f in found if f[0] < why.start()]
    if _HOW_TO_JUDGE.search(flat):  # "ตามแผนนี่ดูจากอะไรคะ เทียบกับแผนไหน": what the question means
        return Problem(ProblemCode.UNREADABLE, f"ตอบ “{positive[0]}” หรือ “{negative[0]}” ค่ะ"), None
    if not found and _ONLY_PART.match(flat):  # "ได้บางส่วน ยังขาดอีก 3 โรงเรียน": not all of it
        rest = _ONLY_PART.sub("", without_particles(written(core(text))), count=1).strip(" ,")
        return Ok(False), rest or None
    plain = without_particles(_LEAD.sub("", written(core(text))))
    if said and _SHORT_OF.search(flat) and re.search(r"เกือบ|ใกล้", flat[:said[0][0]]):
        return Ok(False), plain[plain.find("ขาด"):].strip() or None  # "ใกล้ถึงเป้า ขาดอีก 5 ราย"
    of = _X_OF_Y.search(flat)
    if not said and of and positive is TARGET_POSITIVE:  # "ได้ 48 จาก 50 คนค่ะ": short of it
        done, goal = (Decimal((of[k] or of[f"{k}2"]).replace(",", "")) for k in ("done", "goal"))
        reached = done >= goal  # shown back: 380 of 400 may count as reached to some
        return (Ok(reached, confirm=ASSUMED.format(answer=positive[0] if reached else negative[0])),
                None if reached else without_particles(without_tail(typed)))
    if said and re.search(r"เกือบ|ใกล้", flat[:said[0][0]]):  # "เกือบๆ ตามแผนค่ะ", "ใกล้ถึงแล้ว"
        return Problem(ProblemCode.AMBIGUOUS, f"สรุปแล้ว “{positive[0]}” หรือ “{negative[0]}” คะ",
                       (positive[0], negative[0])), None
    if any(_ASKED_BACK.match(flat, end) for _, end, _ in found):
        yes, no = positive[0], negative[0]  # "เป็นไปตามแผนหรือเปล่าคะ ช่วยดูให้หน่อย"
        return Problem(ProblemCode.AMBIGUOUS, f"ข้อนี้ขอให้ท่านประเมินจากงานที่ทำได้จริงเทียบกับแผนค่ะ "
                                              f"ตอบ “{yes}” หรือ “{no}” คะ", (yes, no)), None
    if found and all(p for *_, p in found) and _SHARE_AFTER.match(flat, found[-1][1]) and not (
            flat[found[-1][0]:found[-1][1]].startswith("เกิน")):  # "เกินเป้า 20%": over it, a yes
        yes, no = positive[0], negative[0]  # "ตามเป้า 80% ค่ะ": 80 % of the target?
        return Problem(ProblemCode.AMBIGUOUS, f"ได้บางส่วนใช่ไหมคะ สรุปแล้ว “{yes}” หรือ “{no}” คะ",
                       (yes, no)), None
    if {p for _, _, p in found} == {True, False} or _MIXED.search(flat):
        yes, no = positive[0], negative[0]
        return Problem(ProblemCode.AMBIGUOUS, f"ขออภัยค่ะ คำตอบมีทั้งสองแบบ สรุปแล้ว “{yes}” "
                                              f"หรือ “{no}” คะ", (yes, no)), None
    sign = _SIGN.match(s)
    kept = _LEAD.sub("", written(_EMOJI.sub(" ", without_tail(typed, keep_stop=True))).strip())
    if not found and sign is not None:
        answer: Ok[bool] | Problem = Ok(sign["sign"] in _YES)
        rest = kept
    elif not found and _NOT_YET.search(s):
        answer = Ok(False)
        rest = _NOT_YET.sub("", kept, count=1)
    elif _BARE_NO.match(kept) and found and all(p for _, _, p in found):
        yes, no = positive[0], negative[0]  # "ไม่ค่ะ ตามเป้าค่ะ": a no, then a yes
        return Problem(ProblemCode.AMBIGUOUS, f"ขออภัยค่ะ สรุปแล้ว “{yes}” หรือ “{no}” คะ",
                       (yes, no)), None
    elif (bare := _BARE_NO.match(kept)) and found and not any(p for _, _, p in found):
        answer, rest = Ok(False), kept[bare.end():]  # "ไม่ครับ วัสดุขาด เหล็กส่งไม่ทัน": all reason
        flat_rest = re.sub(r"\s+", "", rest)
        again = find_phrases(flat_rest, positive, negative)
        if again and flat_rest[:again[0][0]] in ("", "ยัง", "ก็") and not _HOW_LATE.match(
                flat_rest[again[0][1]:]) and not re.match(r"เลื่อน(?:การ|งาน|วัน|กำหนด)",
                                                          flat_rest[again[0][0]:]):
            # "ไม่ใช่ ยังไม่ได้ตามเป้า": the phrase again; "ไม่ค่ะ ช้าไปสองอาทิตย์", "ไม่ครับ เลื่อนการ
            # ฝึกซ้อม…" keep it
            rest = _without_phrases(rest, positive, negative)
    else:
        answer = Ok(all(p for _, _, p in found)) if found else read_yes_no(s, positive, negative)
        rest = _without_phrases(kept, positive, negative) if found else ""
    if not isinstance(answer, Ok):
        return answer, None
    but = re.search(r"(?:^|\s)แต่", rest)
    other = "แผน" if positive[0].endswith("เป้าหมาย") or "เป้า" in positive[0] else "เป้า"
    if but and answer.value and other in rest[but.end():]:
        but = None  # "ตามเป้าแต่ไม่ตามแผนอ่ะ": the other question's answer, said too
    if but and not answer.value and re.search(
            r"คาดว่า|น่าจะ|เดือนหน้า|จะ\S{0,8}(?:ทัน|ถึง)|ใกล้(?:แล้ว|จะ)", rest[but.end():]):
        but = None  # "ยังไม่ถึงเป้าค่ะ แต่คาดว่าเดือนหน้าจะถึง": a no, and a hope
    if but and (not answer.value or re.search(r"ไม่", rest[but.end():])):
        # "ยังไม่ถึงเป้า แต่ยังไม่จบปี", "ได้ตามเป้าเชิงปริมาณ แต่เชิงคุณภาพยังไม่ได้"
        yes, no = positive[0], negative[0]
        return Problem(ProblemCode.AMBIGUOUS, f"ขออภัยค่ะ สรุปแล้ว “{yes}” หรือ “{no}” คะ",
                       (yes, no)), None
    rest = without_particles(rest)
    if not answer.value and _HOW_LATE.match(rest):  # "ช้าไป 2 สัปดาห์ รอการไฟฟ้า…": the whole
        return answer, _REASON_TAIL.sub("", without_particles(kept)).strip(" ,")
    if not answer.value and _HOW_LATE.match(_LATE_WORD.sub("", rest)):
        return answer, _REASON_TAIL.sub("", rest).strip(" ,")  # "ไม่ครับ ช้าไป 2 สัปดาห์ เพราะ…"
    # "…เนื่องจาก X": X; a "เพราะ" run into the words before it is the reason's own ("ผู้สูงอายุ
    # มาน้อยเพราะอากาศร้อน": all of it)
    said_why = _LED_BY_CONNECTIVE.search(rest)
    whole = rest
    rest = rest[said_why.end():] if said_why else _SUBJECT.sub("", rest)
    reason = _REASON_TAIL.sub("", _REASON_HEAD.sub("", rest)).strip(" ,")
    unsaid = _DEGREE_ONLY.match(reason) or _LATER.match(reason) or _SAID_BEFORE.match(reason) or (
        _NO_PROBLEM_AFTER.search(rest.replace(" ", ""))) or (
        (inner := _CONNECTIVE.search(whole)) is not None and _LATER.match(whole[inner.end():]))
    return answer, None if unsaid else reason


def _cased(reason: str, typed: str) -> str:
    """The reason as typed: the clean-up lowered Latin letters ("รอ TOR แก้ไข", not "tor")."""
    at = typed.lower().find(reason)
    return typed[at:at + len(reason)] if reason and at >= 0 else reason


def _without_phrases(s: str, positive: Sequence[str], negative: Sequence[str]) -> str:
    """The answer with its yes/no phrases taken out (what is left may be a reason)."""
    ordered = sorted({*positive, *negative}, key=len, reverse=True)
    pattern = "|".join(r"(?:(?:ทำ|ดำเนินการ|ดำเนินงาน)(?=\S))?"  # "ทำตามแผนไม่ทัน": all of it
                       r"(?:(?:ยัง)?(?:ไม่|มิ)(?:ค่อย|ได้)*\s*(?:เป็น(?:ไป)?)?\s*)?"
                       + r"\s*".join(map(re.escape, p))
                       + r"(?:หมาย|กว่า(?:แผน|กำหนด)|แผน|กำหนด)?"
                       + r"(?:\s*ที่\S{0,8}?ไว้)?(?:\s*(?:ไม่ได้|ไม่ทัน|ไม่ไหว)(?:หรอก|เลย)?)?"
                       for p in ordered)
    why = _CONNECTIVE.search(s)  # "เหตุผลคือผู้รับจ้างเข้าพื้นที่ช้า": the reason's own "ช้า" stays
    found = re.search(pattern, s[:why.start()] if why else s, flags=re.I)
    return (s[:found.start()] + " " + s[found.end():]).strip() if found else s.strip()


_NO_OBSTACLE = re.compile(
    r"^(?:ตอนนี้|ขณะนี้|ช่วงนี้|เดือนนี้|รอบนี้)?(?:งาน|โครงการ|ทุกอย่าง)?(?:(?:ยัง)?(?:ไม่มี|ไม่ค่อยมี|ไม่พบ|ไม่เจอ)(?:ปัญหา|อุปสรรค|ปัญหาอุปสรรค"
    r"|ปัญหาและอุปสรรค|อะไร|ติดขัด)*(?:ที่)?(?:สำคัญ|ร้ายแรง|ใหญ่(?:ๆ)?|หนัก(?:ๆ)?|เป็นสาระสำคัญ|(?:เป็น)?พิเศษ|มาก)?"
    r"(?:แต่อย่างใด|ใด(?:ๆ)?|เลย|แล้ว|นะ|ค่ะ|คะ|ครับ|ณ|ตอนนี้|ใน(?:การ)?(?:ดำเนินงาน|ดำเนินการ|ปฏิบัติงาน|ทำงาน)|ขณะนี้|ค่า+(?=[\s,]|$)|ท่าน|พี่|มั้ง|มั๊ง|มั่ง|(?:ใน)?(?:เดือน|รอบ|ช่วง)นี้)*|no|none|nothing|n/?a|nope|-+"
    r"|(?:ปัญหา|อุปสรรค)(?:ก็)?(?:ไม่มี|ไม่พบ)(?:เลย|นะ|ค่ะ|ครับ)*"
    r"|ข้าม(?:ไป)?(?:ก่อน)?(?:เลย)?|ไม่ระบุ|skip|ไม่|ผ่าน|mai\s*m(?:ee|ii|i)(?:\s*kr?[ua]b|\s*ka)?|(?:เรียบร้อย|ปกติ)(?:ดี)?(?:ค่ะ|ครับ|คะ)?"
    r"|(?:งาน)?ราบรื่น(?:ดี)?(?:ค่ะ|ครับ|คะ)?|no\s*(?:problems?|issues?|blockers?)|all\s*good|fine|0)"
    r"(?:[\s,]+(?:งาน|ทุกอย่าง|การดำเนินงาน)?\S*(?:ราบรื่น|เรียบร้อย|ปกติ|ดี|โอเค|ok)\S*"
    r"|[\s,]+ขอบคุณ\S*|[\s,]+ว\.\s*4"
    r"|[\s,]+ถ้ามี\S*\s*(?:จะ)?\s*(?:แจ้ง|บอก|รายงาน)\S*|[\s,]+(?:all\s*good|fine|ok)"
    r"|[\s,]+ส่ง(?:ได้)?(?:เลย)?(?:นะ)?(?:คะ|ค่ะ|ครับ)?"
    r"|\s+มีแต่ความสุข)*$", re.I)
_OBSTACLE_HEAD = re.compile(
    r"^(?:\s*(?:มี(?:อยู่|นิดหน่อย|นิดนึง|บ้าง|เล็กน้อย)?\s*(?:ค่ะ|ครับ|คะ|ค่า+(?=\s)|เด้อ|จ้า|เจ้า|แหละ|หนิ|นะ\S{0,3})\s*[:：]?\s*(?:คือ\s*)?"
    r"|มี(?:อยู่|นิดหน่อย|นิดนึง|บ้าง|เล็กน้อย)?\s+(?:คือ\s*)?"
    r"|เรียน(?:ท่าน)?\s*(?:ผอ\.?|ผู้อำนวยการ\S*|หัวหน้า\S*|เจ้าหน้าที่\S*|แอดมิน\S*|admin\S*)?\s+"
    r"|(?:ขอ)?เรียน(?:ให้)?(?:ทราบ|แจ้ง)?ว่า\s*|สวัสดี\S{0,8}\s+"
    r"|(?:ขอ)?แจ้ง(?:ปัญหา|อุปสรรค)(?:ว่า|คือ)?\s*|ปัญหาเดิม\S{0,4}\s*คือ\s*"
    r"|(?:ขอ)?อนุญาต(?:แจ้ง|เรียน)(?:ให้ทราบ)?ว่า\s*"
    r"|มี(?:ปัญหา|อุปสรรค)(?:นิดหน่อย|บ้าง|เล็กน้อย)?(?:ค่ะ|ครับ|คะ)?\s+(?:คือ\s*)?"
    r"|(?:ปัญหา|อุปสรรค)(?:และ|/)?(?:อุปสรรค)?(?:คือ)?\s*[:：]?\s+|(?:ปัญหา|อุปสรรค)(?:และ|/)?(?:อุปสรรค)?\s*[:：]\s*"
    r"|(?:ปัญหา|อุปสรรค)(?:และ)?(?:อุปสรรค)?(?:หลัก|สำคัญ)?(?:ใน(?:เดือน|รอบ)นี้)?คือ\s*"
    rf"|{SALUTATION}\s*"
    r"|ลืม(?:ไป|บอก)?(?:ค่ะ|ครับ)?\s+|(?:the\s+)?(?:blockers?|issues?|problems?)\s*(?:คือ|is|:)\s*"
    rf"|{RELAYED}\s*))+")


# Faces and other pictographs only, without a sign of "fine" or "none" (👍, 👌, ✅, 🙏, ❌).
_FACES_ONLY = re.compile(r"^(?:(?![👍👌✅🙏🆗❌➖🚫])"
                         r"[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\u200d\s])+$")
_EXCEPT = re.compile(r"แต่|ยกเว้น|นอกจาก|เว้นแต่")  # "ไม่มีปัญหาใหญ่ ยกเว้นฝนตกบ่อย": there is one
# "…แค่ฝนตกบ่อย", "มีแค่ฝนตกบ้าง" after "no big problem": a small one, shown back before it is kept.
_ONLY_MINOR = re.compile(r"^(?:แต่)?(?:ก็)?(?:มี)?(?:เพียง)?แค่\s*(?=\S)")
_MINOR_NOTE = "ไม่มีปัญหาใหญ่ บันทึกปัญหา/อุปสรรคว่า “{text}” นะคะ"
# "ไม่มีค่ะ แต่…", "ไม่มีค่ะ อ้อ มีนิดนึง …": a none taken back; what follows is the obstacle.
_NONE_BUT = re.compile(r"^(?:ตอนนี้|ขณะนี้|เดือนนี้)?(?:ยัง)?ไม่มี(?:(?:ปัญหา|อุปสรรค|อะไร)\S{0,24}?)?"
                       r"(?:ค่ะ|ครับ|คะ|ค่า+|จ้า)?[.…]*\s*[(（]?\s*(?:แต่|ยกเว้น|เว้นแต่|นอกจาก|อ้อ|อ๋อ|อ่อ)\s*"
                       r"(?:ก็)?\s*"
                       r"(?:มี(?:อยู่)?\s*(?:นิดนึง|นิดหน่อย|บ้าง|เล็กน้อย|เรื่อง)?\s*(?:ค่ะ|ครับ|คะ)?\s*(?:คือ)?\s*)?"
                       r"(?P<rest>\S.*)$", re.S)
# "(เท่าที่หนูรู้นะคะ)" after an answer: as far as the writer knows; the answer stands.
_AS_FAR_AS = re.compile(r"\s*[(（]?\s*เท่าที่\S{0,12}(?:รู้|ทราบ|เห็น)[^)）]{0,12}[)）]?\s*$"
                        # "(ณ 30/11/2569)": as of a date
                        r"|\s*[(（]\s*(?:ข้อมูล\s*)?ณ\s*[^)）]{1,24}[)）]\s*$")
_KEPT_NOTE = "บันทึกปัญหา/อุปสรรคว่า “{text}” นะคะ"
# "…แก้ไขแล้ว ตอนนี้ไม่มี": a problem that was, solved, and none now.
_SOLVED_NOW = re.compile(r"(?:แก้(?:ไข)?|จัดการ|คลี่คลาย)\S{0,6}(?:แล้ว|เรียบร้อย|หมด)\S*\s+"
                         r"(?:ตอนนี้|ขณะนี้|ปัจจุบัน|เดือนนี้)?(?:ก็)?(?:ไม่มี|หมด)(?:แล้ว|อะไร|ปัญหา)*$")
# "ไม่ทราบค่ะ ยังไม่ได้ลงพื้นที่": not known yet, said as a sentence of its own.
_DONT_KNOW = re.compile(r"^(?:ยัง)?(?:ไม่แน่ใจ|ไม่ทราบ|ไม่รู้)(?:เลย)?(?:ค่ะ|ครับ|คะ|คับ|นะ\S{0,3})?\s+\S")
# "มี", "มีนิดหน่อยค่ะ", "มีปัญหาครับ": that there are some, not what they are.
_ONLY_SOME = re.compile(r"^(?:ก็)?(?:มี)?\s*(?:ปัญหา|อุปสรรค|และ|\s)*"
                        r"(?:นิดหน่อย|นิดนึง|บ้าง|เล็กน้อย|อยู่|เยอะ|มาก|หลายเรื่อง|หลายข้อ"
                        r"|หลายอย่าง|ไม่เป็นไร|เพียบ|เยอะแยะ|แยะ|มากมาย|เลย|ไปหมด|\s)*$")
# "มีค่ะ แต่แก้ไขได้แล้ว": there was one, solved, but which?
_SOLVED_ONLY = re.compile(r"^(?:ก็)?มี(?:ปัญหา|อุปสรรค)?(?:นิดหน่อย|นิดนึง|บ้าง|เล็กน้อย)?(?:แต่)?(?:ก็)?"
                          r"(?:แก้(?:ไข)?|จัดการ)(?:ได้)?"
                          r"(?:แล้ว|เรียบร้อย|หมด)\S{0,6}$")
_MAY_SKIP = re.compile(r"(?:ไม่|ข้าม)(?:ตอบ|ใส่|กรอก)\S{0,4}(?:ได้)?(?:ไหม(?!้)|มั้ย|ป่ะ|หรือเปล่า)")
# Only a figure ("45%", "เดี๋ยวนะคะ 45% ค่ะ"): another question's answer, no obstacle.
_ONLY_A_FIGURE = re.compile(r"^(?:เดี๋?ยว|อ้อ|อ๋อ|อ่อ|เอ่อ|แก้|เป็น)*[0-9][0-9.,]*\s*"
                            r"(?:%|เปอร์\S*|บาท|บ\.|ล้าน|แสน|หมื่น|พัน|k)?$", re.I)
# Only a plan or target answer ("ไม่ถึงเป้าค่ะ"): the question before this one answered.
_ONLY_PLAN_OR_TARGET = re.compile(r"(?:ยัง)?(?:ไม่)?(?:ได้)?(?:เป็นไป)?(?:ตาม|ถึง|ทัน|ตรง)(?:ตาม)?"
                                  r"(?:แผน|เป้า(?:หมาย)?|กำหนด)")
# Only how one feels ("เหนื่อยค่ะ 555", "ง่วงมาก"): said to a person, no obstacle of the work.
_ONLY_A_FEELING = re.compile(r"^(?:ก็)?(?:เหนื่อย|ง่วง|หิว|เพลีย|เบื่อ|ท้อ|เซ็ง)"
                             r"(?:มาก|จัง|จริงๆ|สุดๆ|เลย|นะ|ๆ)*$")
# "เหมือนที่บอกไปค่ะ ฝนตก": pointed back, then said again; what follows is the answer.
_AS_SAID = re.compile(r"^(?:ก็)?(?:เหมือน|ตาม)ที่(?:บอก|แจ้ง|ตอบ|พิมพ์)(?:ไป|ไว้)?(?:แล้ว)?\s+(?=\S)")
_NOT_AN_OBSTACLE = ("ข้อนี้ถามปัญหาหรืออุปสรรคในการดำเนินงานค่ะ ถ้าไม่มี พิมพ์ “ไม่มี” ได้เลย "
                    "(ตัวเลขข้ออื่นแก้ได้ที่สรุปก่อนส่งค่ะ)")
_WHICH_OBSTACLE = ("มีปัญหาหรืออุปสรรคอะไรคะ กรุณาเล่าสั้น ๆ เช่น ฝนตกหนักทำให้เทคอนกรีตไม่ได้ "
                   "หรือถ้าไม่มีพิมพ์ \"ไม่มี\" ค่ะ")


# "เหมือนเดือนที่แล้ว": the form needs this month's words, asked for again.
_AS_BEFORE = re.compile(r"^(?:ยัง|ก็)?(?:ทำ|ก็)?(?:เหมือน|เท่า|ตาม|แบบเดียว)(?:กับ)?(?:ที่)?"
                        r"(?:รายงาน|ข้อมูล|แจ้ง|บอก)?"
                        r"(?:ไป|ไว้)?(?:เมื่อ)?"
                        r"(?:เดิม|เดือน(?:ก่อน|ที่แล้ว)"
                        r"|ครั้ง(?:ก่อน|ที่แล้ว)|ที่แล้ว|ที่เคยแจ้ง\S*)"
                        r"(?:เลย|ทุกอย่าง|ไม่มีอะไรเปลี่ยน(?:แปลง)?|ต่อเนื่อง(?:จาก)?(?:เดือน(?:ก่อน|ที่แล้ว))?)*$"
                        r"|^ไม่มีอะไรเปลี่ยน(?:แปลง)?(?:จาก)?(?:เดิม|เดือน(?:ก่อน|ที่แล้ว))?$"
                        r"|^ตามนั้น(?:เลย)?$"
                        r"|^ดู(?:ได้)?(?:จาก|ที่)(?:รายงาน)?(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)(?:ได้)?(?:เลย)?$"
                        r"|^(?:งาน|ทำงาน)(?:เหมือน)?เดิม$|^sameas(?:lastmonth|before)$"
                        r"|^(?:ทำ|ดำเนินการ)(?:ต่อ)?(?:เนื่อง)?(?:จาก|ตาม)?(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)$"
                        r"|^(?:ก็)?ไม่(?:ค่อย)?ต่าง(?:จาก|กับ)(?:เดิม|(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว))(?:เลย|เท่าไหร่)?$"
                        r"|^(?:ขอ)?(?:ก๊อป|ก็อป|ก๊อบ|ก็อบ|copy|คัดลอก|ใช้)(?:ปี้|ปี้)?(?:ของ|จาก|แบบ|ข้อความ)*"
                        r"(?:เดือน(?:ก่อน|ที่แล้ว)|ครั้ง(?:ก่อน|ที่แล้ว)|อันเดิม|เดิม)"
                        r"(?:มา|ไป|ใส่|ได้|เลย|ก็ได้|ไหม(?!้)|มั้ย)*$"
                        r"|^ตามที่(?:แจ้ง|ตอบ|บอก)(?:ไว้|ไป)?(?:แล้ว)?(?:ใน|ที่)?(?:ข้อ(?:ก่อน|ที่แล้ว|บน)\S*"
                        r"|ข้างบน|ด้านบน|(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว))$")
_AGAIN_THIS_MONTH = ("กรุณาพิมพ์ข้อความของเดือนนี้อีกครั้งค่ะ (แบบรายงานต้องมีข้อความของแต่ละเดือน "
                     "คัดลอกจากเดือนก่อนมาวางได้เลยค่ะ)")
# Spoken particles in the middle of a sentence ("ขุดลอกไม่ได้ค่ะ รอน้ำลด"): not for the form.
_SPOKEN = re.compile(r"(?<=[ก-๛])(?:(?:เด้อ|เน้อ)?(?:ครับผม|ครับ|ค่ะ)|เด้อ|เน้อ)(?=\s)")


_REASSURED = re.compile(r"(?<=\S)\s*[(（]\s*(?:ทุกอย่าง|งาน)?(?:เป็นไป)?(?:ตามแผน|เรียบร้อย|ปกติ|ราบรื่น)"
                        r"\S{0,12}\s*[)）]\s*$")


# Impatience said beside the answer ("ไม่มี เร็วๆ หน่อย", "ถามเยอะจัง ไม่มี"): not the answer.
_IMPATIENT = re.compile(r"^(?:เร็ว\s*ๆ|เร็วๆ|หน่อย|ด่วน|รีบ\S{0,4}|ถาม(?:เยอะ|มาก|บ่อย)\S{0,6})$")
# A sentence cut off by an early send ("มีปัญหาเรื่อง", "ปัญหาคือ"): the rest is asked for.
_CUT_OFF = re.compile(r"(?:เรื่อง|คือ|ว่า|เพราะ|เนื่องจาก|ได้แก่)$")
_GO_ON = "ดูเหมือนข้อความยังไม่จบค่ะ พิมพ์ต่อได้เลยนะคะ"


def read_obstacles(text: str) -> Ok[str | None] | Problem:
    """The obstacles, or None when the answer says there are none ("ไม่มีครับ ขอบคุณครับ",
    "ขอบคุณค่ะ", "-"); "ไม่มีไฟฟ้าในพื้นที่" is an obstacle, not a "none"."""
    text = _REASSURED.sub("", text)  # "ไม่มีค่ะ (ตามแผนทุกอย่าง)": the answer is before it
    typed_as = LAUGH.sub(" ", STICKER.sub(" ", text))  # no laugh, no sticker
    text = standard_no(typed_as)  # "บ่มี" read as "ไม่มี"; kept as typed
    hedged = _AS_FAR_AS.search(_EMOJI.sub(" ", text))
    if hedged is not None and hedged.start() > 0:  # "ไม่มีค่ะ (เท่าที่หนูรู้นะคะ 😅)": the answer
        text = _EMOJI.sub(" ", text)[:hedged.start()]
    typed = without_particles(written(core(_EMOJI.sub(" ", text)))).strip("-–—*.()[] ")
    said = re.sub(r"(?<=มี)(?:ค่า+|คั|ครั|คร)$", "",  # "ไม่ม๊ีค่า", "ไม่มีคั"
                  re.sub(r"[๊๋](?=[ิ-ื])|(?<=[ิ-ื])[๊๋]", "", typed))
    said = " ".join(c for c in said.split() if not _IMPATIENT.match(c)) or said  # "ไม่มี เร็วๆ หน่อย"
    if not said and (_FACES_ONLY.match(text.strip()) or STICKER.search(text)):
        return Problem(ProblemCode.UNREADABLE, _WHICH_OBSTACLE)  # "😅", "[สติกเกอร์]": no answer
    parts = [c for c in said.split() if c.lower() not in {"ok", "โอเค"}]  # "ok ไม่มี"
    if len(said) <= 24 and _CUT_OFF.search(said.replace(" ", "")):
        return Problem(ProblemCode.UNREADABLE, _GO_ON)  # "มีปัญหาเรื่อง": sent before the rest
    if not said or _NO_OBSTACLE.match(said) or _NO_OBSTACLE.match(said.replace(" ", "")) or (
            parts and all(_NO_OBSTACLE.match(c) or c in {"ไม่มี", "ไม่"} for c in parts)):
        return Ok(None)  # "ไม่มีครับ ไม่มี", "nope ไม่มีไร": every part says none
    first, _, minor = said.partition(" ")
    if re.fullmatch(r"(?:ยัง)?ไม่มี(?:ปัญหา|อุปสรรค)?(?:ค่ะ|ครับ|คะ|ค่า+)?", first) and re.search(
            r"ไม่(?:กระทบ|มีผล|เป็นปัญหา)", minor):
        return Ok(None)  # "บ่มีค่ะ มีแค่ฝนตกบางวันแต่ไม่กระทบงาน": nothing that holds the work up
    if re.match(r"(?:ตอนนี้|ขณะนี้)?(?:ก็)?ไม่มี(?:ปัญหา|อุปสรรค)?แล้ว", first) and not _EXCEPT.search(said):
        return Ok(None)  # "ตอนนี้ไม่มีแล้วค่ะ ฝนหยุดแล้ว งานเดินต่อได้": none any more
    if re.fullmatch(r"(?:ยัง)?ไม่มี(?:ปัญหา|อุปสรรค|อะไร)?(?:ค่ะ|ครับ|คะ)?", first) and re.fullmatch(
            r"(?:ตอนนี้|ขณะนี้)?\S{1,24}แล้ว", minor.replace(" ", "")) and not _EXCEPT.search(said):
        return Ok(None)  # "ไม่มีครับ ตอนนี้น้ำลดแล้ว": none, and the news that it passed
    taken_back = _NONE_BUT.match(said)
    if taken_back is not None:  # "ไม่มีค่ะ แต่ต้องเฝ้าระวังน้ำท่วม", "ไม่มีค่ะ อ้อ มีนิดนึง ไฟดับบ่อย"
        kept = without_particles(taken_back["rest"].rstrip(")） ")).strip()
        if re.search(r"ไม่(?:กระทบ|มีผล|เป็นปัญหา)", kept) or re.match(
                r"[(（]?\s*เท่าที่\S{0,10}(?:รู้|ทราบ|เห็น)|(?:อยาก|ขอ)(?:จะ)?(?:ถาม|สอบถาม)", kept):
            return Ok(None)  # "ไม่มีครับ (ยกเว้นฝนตกนิดหน่อยแต่ไม่กระทบงาน)", "(เท่าที่หนูรู้นะคะ)"
        if kept and not _ONLY_MINOR.match(taken_back["rest"]):
            return Ok(kept, confirm=_KEPT_NOTE.format(text=kept))
    if _NO_OBSTACLE.match(first) and re.match(
            r"^(?:งาน|โครงการ)?(?:ยัง)?(?:ไม่มี|ไม่พบ)(?:ปัญหา|อุปสรรค|อะไร(?:มาก|ใหญ่))", said):
        if minor and re.search(r"มาก|ใหญ่|หนัก|สำคัญ|ร้ายแรง", first) and not _EXCEPT.search(said):
            kept = _ONLY_MINOR.sub("", minor)  # "ไม่มีอะไรมากค่ะ ฝนตกบ้างนิดหน่อย": a small one
            return Ok(kept, confirm=_MINOR_NOTE.format(text=kept))
        if _ONLY_MINOR.match(minor):  # "ไม่มีปัญหาใหญ่ค่ะ แค่ฝนตกบ่อยช่วงบ่าย": a small one
            kept = _ONLY_MINOR.sub("", minor)  # "ฝนตกบ่อยช่วงบ่าย": the form has no "แค่"
            return Ok(kept, confirm=_MINOR_NOTE.format(text=kept))
        if not _EXCEPT.search(said):
            return Ok(None)  # "ไม่มีปัญหาค่ะ งานราบรื่นดี"
    if _SOLVED_NOW.search(said):
        return Ok(None)  # "เคยมีเรื่องน้ำท่วม แต่แก้ไขแล้วค่ะ ตอนนี้ไม่มี": none left
    if _DONT_KNOW.match(normalize(text)):
        return Problem(ProblemCode.UNREADABLE, _WAITING)  # "ไม่ทราบค่ะ ยังไม่ได้ลงพื้นที่"
    if _MAY_SKIP.search(said.replace(" ", "")):  # "ข้อนี้ไม่ตอบได้ไหมคะ"
        return Problem(ProblemCode.UNREADABLE, "ข้อนี้ไม่บังคับค่ะ ถ้าไม่มีปัญหาหรืออุปสรรค พิมพ์ “ไม่มี” "
                                               "หรือกดปุ่มด้านล่างได้เลยค่ะ", ("ไม่มี",))
    if _ONLY_SOME.match(said) or _SOLVED_ONLY.match(said.replace(" ", "")):
        return Problem(ProblemCode.UNREADABLE, _WHICH_OBSTACLE)  # "มีค่ะ": there are, but what?
    if _as_before(said):
        return Problem(ProblemCode.UNREADABLE, _AGAIN_THIS_MONTH)
    waiting = _not_yet_said(typed) or _or_asked(text)
    if waiting is not None:
        return waiting
    if (_ONLY_A_FIGURE.match(said.replace(" ", "")) or _ONLY_A_FEELING.match(said.replace(" ", ""))
            or _ONLY_PLAN_OR_TARGET.fullmatch(said.replace(" ", ""))):  # "ไม่ถึงเป้าค่ะ"
        return Problem(ProblemCode.UNREADABLE, _NOT_AN_OBSTACLE, ("ไม่มี",))
    body = _OBSTACLE_HEAD.sub("", without_tail(normalize(typed_as, digits=False), keep_stop=True))
    body = _AS_SAID.sub("", without_particles(body)) if _AS_SAID.match(
        without_particles(body)) else body
    if _NO_OBSTACLE.match(without_particles(body).strip()):
        return Ok(None)  # "ปัญหาคือไม่มีปัญหาค่ะ 555"
    if re.fullmatch(r"(?:แต่)?(?:ก็)?ไม่(?:กระทบ|มีผล)\S{0,16}", without_particles(body).strip()):
        return Problem(ProblemCode.UNREADABLE, _WHICH_OBSTACLE)  # "มีปัญหาเล็กน้อย แต่ไม่กระทบงาน"
    read = read_free_text(_SPOKEN.sub("", body))
    return Ok(read.value) if isinstance(read, Ok) else read


def read_on_plan(text: str) -> Ok[bool] | Problem:
    """Read whether the work is on plan ("เป็นไปตามแผน" True, "ล่าช้า" False, "ใช่" True)."""
    return read_yes_no(text, PLAN_POSITIVE, PLAN_NEGATIVE)


def read_on_target(text: str) -> Ok[bool] | Problem:
    """Read whether the work meets its target ("ตามเป้า" True, "ไม่ถึงเป้า" False)."""
    return read_yes_no(text, TARGET_POSITIVE, TARGET_NEGATIVE)


_NO_CONTENT = re.compile(r"^(?:สวัสดี|หวัดดี|ค่ะ|ครับ|คะ|ครับผม|จ้า|โอเค|ok|ได้|อืม+|เอ่อ|ว\.\s*4|\?|\.|\s"
                         r"|[(\[]\s*(?:รูป(?:ภาพ)?|ภาพ|photo|image|วิดีโอ|video)\s*[)\]]"
                         r"|hello|hi|hey)*$",
                         re.I)


# A sticker described in words ("(สติกเกอร์แมวโบกมือ)") and the bot called by name: no answer.
_TO_THE_BOT = re.compile(r"[(\[](?:สติ[๊]?กเกอร์|sticker)[^)\]]*[)\]]|(?:พี่|น้อง)?บอท|แอดมิน|\bbot\b",
                         re.I)
_ONLY_A_COUNT = re.compile(r"^(?:ได้|ทำได้|รวม)?[0-9][0-9,.]*(?:ราย|คน|ครั้ง|แห่ง|จุด|ชุด|หลัง|ต้น|เมตร)$")
_ONLY_A_PERCENT = re.compile(r"^(?:ผล(?:การดำเนิน)?งาน(?:ที่ทำ)?(?:เดือนนี้|รอบนี้)?(?:ได้)?"
                             r"|ความ(?:คืบ|ก้าว)หน้า|ร้อยละ|%)?[:=]?[0-9][0-9.,]*(?:%|เปอร์\S*)?$")
# "รอแป๊บนะคะ ขอเช็คกับช่างก่อน": not an answer yet; the draft waits.
_WAIT = re.compile(r"^(?:รอ(?:แป๊บ|แปป|แปบ|สักครู่|ซักครู่|เดี๋ยว|ก่อน)|เดี๋ยว(?:ก่อน|นะ|มา)|ขอเวลา|ว\.0"
                   r"|ขอคิด(?:ดู)?ก่อน"
                   r"|เดี๋ยว(?:ก่อน)?(?:นะ)?\S{0,6}(?:ลูกค้า|คนไข้|ประชาชน|คน|นักเรียน|เด็ก)(?:เยอะ|มา|รอ|เรียก)"
                   r"|(?:เดี๋ยว)?(?:ขอ)?ไป(?:ถาม|เช็ค|เช็ก|ดู|ตรวจสอบ|หา)\S{0,20}ก่อน"
                   r"|รอ(?:ถาม|เช็ค|เช็ก|ดู|ตรวจสอบ)\S{0,20}ก่อน|เดี๋ยว(?:ค่อย)?(?:มา)?(?:ทำต่อ|กลับมา|มาต่อ)"
                   r"|เดี๋ยว(?:ค่อย)?(?:ส่ง|พิมพ์)(?:ให้|มา)?(?:นะ)?(?:คะ|ค่ะ|ครับ)?\S{0,24}ยังไม่"
                   r"|(?:เดี๋ยว)?ขอ(?:เช็ค|เช็ก|ตรวจสอบ|ถาม|ดู|โทร)\S{0,20}ก่อน"
                   r"|เดี๋ยว(?:ค่อย)?(?:ส่ง|พิมพ์|ตอบ|เล่า)(?:ให้|มา)?(?:ครับ|ค่ะ)?(?:$|ขอ\S{0,24}ก่อน)"
                   r"|เดี๋ยว(?:ค่อย)?(?:มา)?(?:ส่ง|พิมพ์|ตอบ|เล่า|แจ้ง)(?:ให้|มา|ตาม)?(?:นะ)?(?:คะ|ค่ะ|ครับ|คับ)?"
                   r"(?:กำลัง|ติด(?:งาน|ประชุม|เหตุ)|ไม่ว่าง|ยุ่ง|ตอนนี้)"  # "… กำลังออกเหตุ": busy now
                   r"|(?:ยัง)?(?:ไม่แน่ใจ|ไม่ทราบ|ไม่รู้)(?:เลย)?(?:ค่ะ|ครับ)?(?:$|\S{0,12}?(?:ต้อง|ขอ|เดี๋ยว|รอ|จะ)?\S{0,6}"
                   r"(?:ถาม|เช็ค|เช็ก|ดู|สอบถาม|ตรวจ)))"
                   # "เดี๋ยวส่งให้ครับ ขอไปเปิด excel ก่อน", "ไม่แน่ใจค่ะ ต้องถามผู้รับเหมาก่อน"
                   r"|^\S{0,12}เดี๋ยว(?:ค่อย)?(?:พิมพ์|ส่ง|ตอบ|เล่า)(?:ให้|ตาม|มา)?(?:ทีหลัง)?$", re.I)
# "มีปัญหาครับ แต่ไม่สะดวกพิมพ์", "เดี๋ยวโทรแจ้งครับ": said, but not here and not now.
_NOT_HERE_NOW = re.compile(r"ไม่สะดวก(?:พิมพ์|ตอบ|คุย)|(?:ค่อย|จะ|เดี๋ยว)(?:โทร|คุย)(?:ไป)?(?:บอก|แจ้ง|เล่า)"
                           r"|เดี๋ยว(?:ค่อย)?(?:พิมพ์|ส่ง|เล่า)(?:ให้|มา)"
                           r"|(?:ขอ|ค่อย)(?:พิมพ์|ส่ง|แจ้ง|บอก|เล่า)(?:ให้)?(?:ที)?หลัง")
# "ให้บอทดึงจากรายงานเดือนที่แล้วมาใส่เลยได้มั้ย", "ปัญหาเหมือนเดือนที่แล้วครับ": last month's
# words asked for, said in a short message.
_COPY_LAST = re.compile(r"(?:ดึง|ก๊อป|ก็อป|ก๊อบ|ก็อบ|copy|คัดลอก|เอา|ใช้)\S{0,20}?(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)"
                        r"|^(?:ปัญหา|อุปสรรค|ผลงาน|งาน)\S{0,4}(?:เหมือน|เท่า|ตาม)(?:กับ)?"
                        r"(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว)$|^(?:ปัญหา|อุปสรรค)(?:เหมือน)?เดิม$", re.I)
_OTHER_MONTH = re.compile(r"^(?:ขอ)?(?:เป็น|เปลี่ยนเป็น|ส่ง|รายงาน)?(?:ของ)?เดือน\S{0,14}(?:แทน|ก่อน)?$")
# A question back about the report itself ("รายงานเดือนไหนครับเนี่ย ต.ค. หรือ พ.ย.").
_WHICH_ONE = re.compile(r"(?:เดือน|ข้อ|อัน|ตัว|งวด|โครงการ)ไหน(?:ครับ|คะ|คับ|นะ|เนี่ย|หรอ|เหรอ|\?|$)")
# Only other questions' answers ("Progress 55% เงินเบิก 1.2 ล."): they come next.
_OTHER_FIELDS_ONLY = re.compile(
    r"^(?:(?:progress|ความ(?:คืบ|ก้าว)หน้า|คืบหน้า|ร้อยละ|เงิน\S{0,6}|เบิก\S{0,6}|งบ\S{0,6}|ยอด\S{0,6}"
    r"|disbursed?|budget)\s*[:=]?\s*[0-9][0-9.,]*\s*(?:%|เปอร์\S*|บาท|ล้าน|ลบ\.?|ล\.?|m|k)?"
    r"[\s,/]*)+$",
    re.I)
_LABEL_ONLY = re.compile(r"^(?:ผล(?:การดำเนิน)?งาน|รายละเอียด|ปัญหา|อุปสรรค)\S{0,12}\s*[:：]"
                         r"\s*[-–—.\s]*$|^ผล(?:การดำเนิน)?งาน(?:ประจำเดือน|เดือนนี้)?$")
# "รายงานเดือนนี้ของสถานีดับเพลิงบางเขนครับ": a report's heading, with no work in it.
_HEADING = re.compile(r"^(?:รายงาน|สรุป)(?:ผล)?(?:การ)?(?:ดำเนินงาน|ปฏิบัติงาน|ความ(?:ก้าว|คืบ)หน้า)?"
                      r"\s?(?:ประจำ)?\s?(?:เดือน|รอบ)\S{0,14}?(?:\s?ของ\S{0,40})?$")
# "เหมือนที่บอกไปตอนตอบเรื่องแผนแหละครับ": said at another question, not here.
_SAID_ELSEWHERE = re.compile(r"^(?:ปัญหา|อุปสรรค|ผลงาน)?(?:ก็)?(?:เหมือน|ตาม)ที่"
                             r"(?:บอก|แจ้ง|ตอบ|พิมพ์)(?:ไป|ไว้)?"
                             r"(?:แล้ว)?(?:ตอน|ใน|ที่|ข้อ)\S{0,30}$"
                             # "ตามที่รายงานหัวหน้าไปแล้วค่ะ": told someone else, not written here
                             r"|^(?:ก็)?ตามที่(?:รายงาน|แจ้ง|ส่ง)\S{0,16}?(?:ไป|ไว้)แล้ว$")
# "รับทราบค่ะ", "ดำเนินการให้ค่ะ": heard, not an answer.
_HEARD = re.compile(r"^(?:รับทราบ|ทราบแล้ว|ดำเนินการให้|จะดำเนินการให้|จัดให้|ได้เลย)(?:แล้ว)?$")
# "งานเดือนนี้หรืองานสะสมทั้งหมดคะ": one thing or the other, asked (คะ, not ค่ะ).
_OR_ASKED = re.compile(r"หรือ.{0,60}(?:(?<!ค่)คะ|\?)\s*[?？]*\s*$")
# "ขอโทษค่ะ กดผิด": a slip owned up to, and nothing else said yet.
_OOPS = re.compile(r"^(?:ขอโทษ\S{0,4}|โทษที|sorry|อุ๊ย|อ๊ะ)?(?:กด|พิมพ์|ส่ง|ตอบ)(?:ผิด)(?:ไป)?"
                   r"(?:ข้อ|ค่ะ|ครับ)?$|^(?:ขอโทษ\S{0,4}|โทษที|sorry)$", re.I)
# "ดูในไฟล์แนบนะคะ": the words are elsewhere, the form needs them here.
_ELSEWHERE = re.compile(r"^ตามที่(?:รายงาน|แจ้ง|ส่ง|บอก)(?:ไว้|ไป)?(?:ใน|ทาง)(?:ไลน์|line|กลุ่ม|อีเมล|เมล)"
                        # "ส่งไปแล้วในกลุ่มไลน์ฝ่ายค่ะ"
                        r"|^(?:ก็)?(?:ส่ง|แจ้ง|รายงาน)(?:ไป|ไว้)?(?:แล้ว)?(?:ใน|ทาง)(?:กลุ่ม|ไลน์|line|อีเมล|เมล)"
                        r"\S{0,16}$"
                        r"|^ดู(?:ได้)?(?:จาก|ใน|ที่)\S{0,24}(?:อีเมล|เมล|ไลน์|line|กลุ่ม|ไฟล์)"
                        r"\S{0,12}$"
                        r"|^(?:ดู|ตาม|อยู่|รายละเอียด)*(?:ใน|ตาม|ที่)?(?:ไฟล์|เอกสาร|รูป|ภาพ|ลิงก์|ลิ้งค์)"
                        r"\S{0,10}?(?:ที่)?(?:แนบ|ส่ง)\S{0,24}$"
                        r"|^ตาม(?:บันทึก|หนังสือ|เอกสาร|รายงาน)(?:ที่)?(?:เสนอ|ส่ง|แนบ)\S{0,24}$"
                        r"|^ส่ง(?:รูป|ไฟล์|เอกสาร)\S{0,10}(?:ใน|ทาง)(?:กลุ่ม|ไลน์|อีเมล)")
_WHICH_MONTH = ("รายงานนี้เป็นของเดือนที่แสดงในหัวข้อด้านบนค่ะ ข้อนี้ขอเป็นผลการดำเนินงานของเดือนนั้น "
                "หากต้องการเปลี่ยนเดือน พิมพ์ \"ยกเลิก\" แล้วเริ่มรายงานใหม่ได้ค่ะ")
_WAITING = "ได้เลยค่ะ ร่างรายงานเก็บไว้ให้แล้ว พร้อมเมื่อไรพิมพ์คำตอบข้อนี้มาได้เลยค่ะ"
_HERE_PLEASE = "ขออภัยค่ะ ข้อนี้ต้องพิมพ์เป็นข้อความสั้น ๆ ในแชตค่ะ (แบบรายงานต้องมีข้อความของข้อนี้)"


_A_QUESTION = re.compile(r"ไหม(?!้)|มั้ย|หรือเปล่า|รึเปล่า|ยังไง|อย่างไร|ทำไง|อะไร|เหรอ|หรอ|ป่ะ|\?"
                         # "อันนี้โครงการไหนคะ"
                         r"|^(?:อันนี้|ข้อนี้|นี่|รายงานนี้)?(?:เป็น)?(?:ของ)?(?:โครงการ|เดือน)ไหน"
                         r"|ทำไม|^หมายถึง")
# A question whatever its length ("…จะแจ้งซ่อมที่ไหนครับ"): its last words ask.
_ASKED_AT_THE_END = re.compile(r"(?:ที่ไหน|ตรงไหน|แค่ไหน|ถึงไหน(?:แล้ว|บ้าง)?"
                               r"|ยังไง|อย่างไร|ได้ไหม(?!้)|ได้มั้ย|หรือเปล่า|รึเปล่า|ทำไง"
                               r"|หรือยัง|\?)(?:คะ|ครับ|คับ|ค่ะ|นะ|ท่าน)*$")
# "ผลการดำเนินงานนี่คือที่ทำไปในเดือนนี้ใช่ไหมคะ หรือทั้งโครงการ": what the question means.
_WHAT_IT_MEANS = re.compile(r"^(?:ผล(?:การดำเนิน)?งาน|ข้อนี้|คำถามนี้|ที่ถาม)\S{0,6}?(?:นี่)?(?:คือ|หมายถึง)"
                            r"\S*(?:ใช่ไหม|ใช่มั้ย|หรือ)")
# "ส่งไปแล้วนี่คะเมื่อวาน": sent already, says the officer; nothing to store.
_SENT_ALREADY = re.compile(r"^(?:ก็)?ส่ง(?:ไป|รายงาน)?(?:แล้ว)(?:นี่|นะ|ไง)?\S{0,12}$")
# "อันนี้ใส่ของเดือนนี้อย่างเดียวหรือ…": how to fill the question in, asked back.
_HOW_TO_FILL = re.compile(r"^(?:อันนี้|ข้อนี้|ตรงนี้)(?:ต้อง)?(?:ให้)?(?:ใส่|กรอก|พิมพ์|หมายถึง)\S*"
                          r"(?:หรือ|ไหม|มั้ย|ยังไง|อะไร)"
                          # "ใส่งานของผู้รับจ้างอย่างเดียว หรือรวมงานตรวจสอบของเราด้วยครับ"
                          r"|^(?:ต้อง|ให้)?(?:ใส่|กรอก|เขียน)\S{0,40}?(?:อย่างเดียว|ด้วย)หรือ(?:ว่า)?(?:รวม|ต้อง|ใส่)")
# "เบิกงวด 2 แล้วครับ": the money, asked next, not the work done.
_ONLY_DISBURSED = re.compile(r"^(?:ได้|ขอ|ส่ง)?เบิก(?:จ่าย)?(?:เงิน)?(?:ค่า)?งวด(?:งาน)?(?:ที่)?[0-9]+"
                             r"(?:แล้ว|เรียบร้อย(?:แล้ว)?)?$")
# How busy one is, said to a person ("ช่วงนี้ยุ่งมากค่ะ"): not what the project did.
_BUSY = re.compile(r"^(?:ช่วงนี้|วันนี้)(?:ก็)?(?:ยุ่ง|วุ่น|งานเยอะ|เหนื่อย|งานล้นมือ)"
                   r"(?:มาก|จัง|สุดๆ|เลย|นะ|ๆ)*(?!\S{0,4}กับ)"
                   r"|^งาน(?:เยอะ|หนัก)(?:มาก)?เหนื่อย(?!\S*[0-9])")  # "งานเยอะ เหนื่อยมาก ฝนก็ตก…"
_BUSY_REPLY = ("เข้าใจค่ะ ช่วงนี้งานเยอะจริง ๆ 🙏 ข้อนี้ขอเป็นสิ่งที่โครงการนี้ดำเนินการไปในรอบนี้ "
               "เล่าสั้น ๆ ได้เลยค่ะ หรือพิมพ์ต่อทีหลังก็ได้ ร่างรายงานเก็บไว้ให้แล้วค่ะ")
# The report is for another project ("ผิดโครงการ", "อันนี้ของตลาดนัดนะ ไม่ใช่งานผู้สูงวัย").
WRONG_PROJECT = re.compile(r"ไม่ใช่โครงการนี้|ผิดโครงการ|(?:เลือก|กด)โครงการผิด|คนละโครงการ"
                           r"|^(?:อันนี้|รายงานนี้|นี่)(?:เป็น)?ของ(?:โครงการ|งาน)?\S{2,30}?"
                           r"(?:นะ)?(?:คะ|ค่ะ|ครับ)?ไม่ใช่(?:ของ)?(?:โครงการ|งาน)\S{2,30}$")
# "ไม่ทราบว่าเดือนนี้ทำอะไรไปบ้าง ขอถามพี่ก่อนนะคะ": someone else is asked first; the draft waits.
_ASK_SOMEONE_FIRST = re.compile(r"(?:ขอ|จะ|เดี๋ยว)(?:ไป)?(?:ถาม|เช็ค|เช็ก|ตรวจสอบ|สอบถาม|รวบรวม)"
                                r"\S{0,20}ก่อน"
                                r"(?:นะ)?(?:คะ|ค่ะ|ครับ|คับ|จ้า)*"
                                r"(?:แล้ว(?:จะ|ค่อย)(?:ส่ง|แจ้ง|พิมพ์)(?:ให้|มา)?(?:นะ)?(?:คะ|ค่ะ|ครับ)*)?$")
_NOTHING_DONE = re.compile(r"(?:ไม่|ไม่ได้|ไม่มี)\S{0,6}?อะไร")  # "ยังไม่ได้ทำอะไรเลย": no question
_A_QUESTION_HERE = ("ข้อนี้ขอเป็นคำตอบของคำถามด้านบนค่ะ หากมีข้อสงสัย พิมพ์ \"ช่วยเหลือ\" "
                    "หรือสอบถามผู้ดูแลระบบได้ค่ะ")
# Answers to the question asked back, kept even when the message is a question too.
SPECIFIC = frozenset({_AGAIN_THIS_MONTH, _WHICH_MONTH, _WAITING})


def _not_yet_said(said: str) -> Problem | None:
    """A free-text answer that is not one yet: a wait, words kept elsewhere, or a short
    question ("ต้องรอผู้รับเหมาก่อนไหม"): no work done or problem is said as one."""
    flat = said.replace(" ", "")
    if _LABEL_ONLY.match(said) or _HEADING.match(said):  # "ผลงานเดือนนี้ : -": the label only
        return Problem(ProblemCode.EMPTY, "ยังไม่ได้พิมพ์ข้อความของข้อนี้ค่ะ กรุณาเล่าสั้น ๆ ในแชตได้เลยค่ะ")
    bare = _GLUED_PARTICLE.sub("", flat)  # "ปัญหาเหมือนเดิมค้า"
    if len(flat) <= 60 and (_COPY_LAST.search(flat) or _COPY_LAST.search(bare)):
        return Problem(ProblemCode.UNREADABLE, _AGAIN_THIS_MONTH)
    if len(flat) <= 60 and (_WHICH_ONE.search(said) or _OTHER_MONTH.match(flat)):
        return Problem(ProblemCode.UNREADABLE, _WHICH_MONTH)  # "ขอเป็นเดือนพฤศจิกายนค่ะ"
    if len(flat) <= 60 and (complains(flat) or _SAID_ELSEWHERE.match(flat)):
        # "บอกไปแล้วว่า 58 ถามซ้ำทำไม", "เหมือนที่บอกไปตอนตอบเรื่องแผน": no answer here
        return Problem(ProblemCode.UNREADABLE, "ขออภัยค่ะ ข้อนี้ยังไม่มีคำตอบในร่างรายงาน "
                                               "รบกวนพิมพ์คำตอบของข้อนี้อีกครั้งนะคะ")
    if _OOPS.match(flat):
        return Problem(ProblemCode.UNREADABLE, "ไม่เป็นไรค่ะ พิมพ์คำตอบข้อนี้ใหม่ได้เลยค่ะ")
    if _HEARD.match(flat):
        return Problem(ProblemCode.UNREADABLE, _A_QUESTION_HERE)
    if _WAIT.match(flat) or (len(flat) <= 40 and _NOT_HERE_NOW.search(flat)) or (
            len(flat) <= 80 and _ASK_SOMEONE_FIRST.search(flat)):
        return Problem(ProblemCode.UNREADABLE, _WAITING)
    if _ELSEWHERE.match(flat):
        return Problem(ProblemCode.UNREADABLE, _HERE_PLEASE)
    if (len(flat) <= 45 and _A_QUESTION.search(_NOTHING_DONE.sub("", flat))) or (
            _ASKED_AT_THE_END.search(flat) or flat.startswith("หมายถึง")
            or _WHAT_IT_MEANS.match(flat)):
        return Problem(ProblemCode.UNREADABLE, _A_QUESTION_HERE)
    if _HOW_TO_FILL.match(flat):  # "อันนี้ใส่ของเดือนนี้อย่างเดียวหรือรวมทั้งหมดคะ": a question
        return Problem(ProblemCode.UNREADABLE, _A_QUESTION_HERE)
    if len(flat) <= 60 and _BUSY.match(flat):  # "ช่วงนี้ยุ่งมากค่ะ ทั้งงานภาษีทั้งงานเลือกตั้ง"
        return Problem(ProblemCode.UNREADABLE, _BUSY_REPLY)
    if _SENT_ALREADY.match(flat):
        return Problem(ProblemCode.UNREADABLE, "ร่างนี้ยังไม่ได้ส่งค่ะ ถ้าส่งรายงานเดือนนี้ไปแล้ว พิมพ์ "
                                               "“ยกเลิก” แล้วดูได้ที่ “ประวัติ” ค่ะ", ("ยกเลิก",))
    if WRONG_PROJECT.search(flat):  # "อ้าว ไม่ใช่โครงการนี้ครับ … ยกเลิกอันนี้ก่อน"
        return Problem(ProblemCode.UNREADABLE, "ถ้าเลือกโครงการผิด กด “ยกเลิก” แล้วเริ่มรายงานโครงการที่ถูก"
                                               "ได้เลยค่ะ ถ้าไม่ใช่ พิมพ์คำตอบของข้อนี้ได้เลยค่ะ", ("ยกเลิก",))
    return None


def _or_asked(text: str) -> Problem | None:
    """A short question between two things ("ปัญหาด้านงบหรือรวมด้านอื่นด้วยคะ"): asked back."""
    typed = normalize(text).strip()
    if len(typed) <= 90 and "\n" not in typed and _OR_ASKED.search(typed):
        return Problem(ProblemCode.UNREADABLE, _A_QUESTION_HERE)
    return None


_NOTHING_YET = re.compile(r"(?:ยัง)?ไม่มี(?:อะไร|ไร)?(?:เลย|นะ)?|(?:ยัง)?ไม่ได้ทำอะไร(?:เลย)?")
# "งานไปได้ดีครับ", "ทำไปแล้วประมาณครึ่งนึง": how it went or how much, not what was done.
_HOW_IT_WENT = re.compile(
    r"^(?:ก็)?(?:งาน|ทุกอย่าง|โครงการ|การดำเนินงาน|ดำเนินการ|ทำงาน|ทำ)?(?:ก็)?(?:ไป|เป็นไป|ดำเนินไป|ดำเนินการ|เดิน)?"
    r"(?:ไป)?"
    r"(?:ได้)?(?:ด้วย)?"
    r"(?:ดี|เรียบร้อย|ราบรื่น|ปกติ|ตามปกติ|โอเค|ok|สวย|ไปได้สวย|ตามแผน|ตามเป้า|ontrack|onschedule|allgood"
    r"|เรื่อย(?:\s?ๆ|เปื่อย)?"
    r"|ตามแผนงาน(?:ที่(?:วาง|กำหนด)ไว้)?)(?:ทุกอย่าง|ทุกข้อ|ครบ(?:ถ้วน)?)?(?:ดี)?(?:มาก)?(?:เลย)?$|^(?:ทำไป|ดำเนินการ(?:ไป)?)(?:แล้ว|เรียบร้อย(?:แล้ว)?)$"
    r"|^(?:อยู่ระหว่าง|กำลัง)(?:การ)?(?:ดำเนินการ|ทำ|ทำงาน)(?:อยู่)?$"
    r"|^(?:ทำ|งาน|เสร็จ|ไป|เดิน|แล้ว|ได้|ประมาณ|ราว|ๆ|(?:ความ)?(?:คืบ|ก้าว)หน้า)*"
    r"(?:ครึ่ง(?:หนึ่ง|นึง)?|[0-9][0-9.,]*\s*(?:%|เปอร์\S*)|เกือบ(?:เสร็จ|หมด|ครึ่ง)|ไม่ถึงครึ่ง"
    r"|เยอะ|มาก|หลายอย่าง|พอสมควร|นิดหน่อย|ไม่มาก)"
    r"(?:แล้ว|ของงาน|ได้)*$"
    # "งานตามงวดที่ 4", "ตามสัญญา": where the work is written, not what it was
    r"|^(?:ทำ|ทำงาน|งาน|ดำเนินการ)?(?:ได้)?ตาม(?:งวด(?:งาน)?(?:ที่)?[0-9]*|สัญญา|แบบ|ขอบเขตงาน|TOR)"
    r"(?:ที่)?(?:[0-9]+)?(?:ตาม(?:BOQ|TOR|สัญญา|แบบ)(?:ข้อ[0-9.\-–,]+)?)?(?:แล้ว|ค่ะ|ครับ)?$", re.I)
# "อ่อ ขอถามก่อน รายงานนี้ส่งใครดูคะ": a question back, not the work done.
_ASKS_BACK = re.compile(r"^(?:อ่อ|อ้อ|เอ่อ|แล้ว)?(?:ขอ)?(?:ถาม|สอบถาม|สงสัย)")


# A particle drawn out and glued to the last word ("เหมือนเดิมค่า"); only ever taken off
# before a whole phrase is matched, as "มูลค่า" and "หน้า" end the same way.
DRAWN_PARTICLE = r"(?:ค่า+|ค้า+|จ้า+|น้า+|คร้าบ|ค้าบ)"  # a particle drawn out, or a word too ("ค่า")
_GLUED_PARTICLE = re.compile(DRAWN_PARTICLE + r"$"
                             r"|(?:ค่ะ|คะ|ครับ|คับ)?(?:พี่|น้อง|ท่าน)(?:ค่ะ|คะ|ครับ|คับ)?$")  # "ตามเดิมค่ะพี่"


def _as_before(said: str) -> bool:
    """True for "as last month" said alone ("เหมือนเดิมค่า", "ตามที่รายงานเดือนก่อน"), or said
    first and only said again after ("ทำเหมือนเดิมค่ะ ออกหน่วยเหมือนเดือนก่อนนั่นแหละ")."""
    flat = said.replace(" ", "")
    if _AS_BEFORE.match(flat) or _AS_BEFORE.match(_GLUED_PARTICLE.sub("", flat)):
        return True
    first, _, rest = said.partition(" ")
    return bool(rest) and len(rest) <= 40 and bool(_AS_BEFORE.match(first)) and bool(
        re.search(r"เหมือน(?:เดิม|(?:เดือน|ครั้ง)(?:ก่อน|ที่แล้ว))(?:นั่น|นั่นแหละ|แหละ|เลย)?$|^same(?:same)?$"
                  r"|^(?:ยัง)?(?:ทำ|ดำเนินการ)?ต่อ(?:เนื่อง)?(?:อยู่)?$", rest.replace(" ", "")))


def read_detail(text: str) -> Ok[str] | Problem:
    """Read the work done: free text that says something ("ค่ะ" or "สวัสดีค่ะ" is asked again)."""
    said = without_particles(core(text))
    if _NO_CONTENT.match(without_particles(_TO_THE_BOT.sub(" ", said))):
        return Problem(ProblemCode.EMPTY, "ยังไม่ทราบว่าในรอบนี้ทำอะไรไปบ้างค่ะ กรุณาเล่าสั้น ๆ "
                                          "เช่น ดำเนินการจัดทำคลิปประชาสัมพันธ์แล้ว")
    if _as_before(said):
        return Problem(ProblemCode.UNREADABLE, _AGAIN_THIS_MONTH)
    if len(said.replace(" ", "")) <= 2 and not said.isascii():  # "ทำ": says nothing yet
        return Problem(ProblemCode.UNREADABLE, "ช่วยเล่าเพิ่มอีกนิดค่ะ ว่าในรอบนี้ทำอะไรไปบ้าง "
                                               "เช่น ดำเนินการจัดทำคลิปประชาสัมพันธ์แล้ว")
    waiting = _not_yet_said(said) or _or_asked(text)
    if waiting is not None:
        return waiting
    if _NOTHING_YET.fullmatch(said.replace(" ", "")):  # "ยังไม่มีอะไรค่ะ": what is waited for?
        return Problem(ProblemCode.UNREADABLE, "ถ้าในรอบนี้ยังไม่ได้ดำเนินการ ช่วยบอกสั้น ๆ ว่ารออะไรอยู่ค่ะ "
                                               "เช่น อยู่ระหว่างรอลงนามสัญญา")
    if _HOW_IT_WENT.match(said.replace(" ", "")):
        return Problem(ProblemCode.UNREADABLE, "ช่วยเล่าเพิ่มอีกนิดค่ะ ว่าในรอบนี้ทำอะไรไปบ้าง "
                                               "เช่น ดำเนินการจัดทำคลิปประชาสัมพันธ์แล้ว")
    if _ASKS_BACK.match(said.replace(" ", "")):
        return Problem(ProblemCode.UNREADABLE, "ข้อนี้ขอเป็นผลการดำเนินงานในรอบนี้ค่ะ หากมีข้อสงสัย "
                                               "พิมพ์ \"ช่วยเหลือ\" หรือสอบถามผู้ดูแลระบบได้ค่ะ")
    figures = spelled_as_digits(said.replace("ร้อยละ", "%"))  # "ร้อยละ 45": no hundred
    if _ONLY_A_COUNT.match(figures.replace(" ", "")):  # "412 ราย": how many, not what was done
        return Problem(ProblemCode.UNREADABLE, "ช่วยเล่าเพิ่มอีกนิดค่ะ ว่าในรอบนี้ทำอะไรไปบ้าง "
                                               f"เช่น ออกหน่วยฉีดวัคซีน {said.strip()}")
    if _ONLY_DISBURSED.match(figures.replace(" ", "")):
        return Problem(ProblemCode.UNREADABLE, "ข้อนี้ขอเป็นข้อความว่าในรอบนี้ทำอะไรไปบ้างค่ะ "
                                               "ส่วนยอดเบิกจ่ายจะถามในข้อถัดไปค่ะ")
    if _ONLY_A_PERCENT.match(figures.replace(" ", "")) or _OTHER_FIELDS_ONLY.match(figures):
        return Problem(ProblemCode.UNREADABLE, "ข้อนี้ขอเป็นข้อความว่าในรอบนี้ทำอะไรไปบ้างค่ะ "
                                               "ส่วนความก้าวหน้าเป็นเปอร์เซ็นต์จะถามในข้อถัดไปค่ะ")
    return read_free_text(spoken_removed(text))


def spoken_removed(text: str) -> str:
    """A sentence as the form stores it: without spoken particles inside it or at its end
    ("ออกหน่วย 3 ชุมชนค่ะ ประชาชนพอใจค่ะ" → "ออกหน่วย 3 ชุมชน ประชาชนพอใจ")."""
    return _SPOKEN.sub("", without_tail(normalize(text, digits=False), keep_stop=True))


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
    rf"(?:(?:(?:ของ|ประจำ)?เดือน\s*)|(?<![ก-๙]))(?P<name>{_MONTH_NAMES})"
    r"(?:(?=ค่ะ|คะ|ครับ|คับ|จ้า|นะ)|(?![ก-๙]))\s*"  # "เดือนพฤศจิกายนค่ะ": a particle after it
    r"(?:(?:พ\.?\s*ศ\.?|ปี)\s*)?(?P<year>\d{4}|\d{2})?(?![\d/])")
_RELATIVE_MONTH = re.compile(r"(?:(?:ของ|ประจำ)?เดือน\s*)(?P<which>ที่แล้ว|ก่อน(?!\s*ๆ|หน้า)|นี้)")
_MONTH_NUMERIC = re.compile(r"(?:(?:ของ|ประจำ)?เดือน\s*)(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})")


_MONTH_ONLY = re.compile(
    rf"^(?:(?:ของ|ประจำ)?เดือน)?\s*(?:{_MONTH_NAMES})?\s*(?:(?:พ\.?\s*ศ\.?|ปี)\s*)?(?:\d{{2}}|\d{{4}})?$")


def names_a_month_only(text: str) -> bool:
    """True when text says nothing but a month ("เดือน พ.ย.", "ต.ค. 2569")."""
    flat = normalize(text).strip()
    return bool(flat) and bool(_MONTH_ONLY.match(flat))


def find_month_be(text: str, today: date) -> tuple[date, int, int] | None:
    """A month named in a message ("เดือน ต.ค. 2569", "ตุลาคม 69", "เดือน 10/2569").

    Returns (first day of the month, start, end of the mention in the normalized text), or
    None. A month without a year is the latest such month not after today.
    """
    flat = normalize(text)
    m = _MONTH_MENTION.search(flat)
    relative = _RELATIVE_MONTH.search(flat) if m is None else None
    if relative is not None:  # "ขอส่งรายงานย้อนหลังเดือนที่แล้วค่ะ": last month, this month
        first = today.replace(day=1)
        if relative.group("which") != "นี้":
            first = (first - timedelta(days=1)).replace(day=1)
        return first, relative.start(), relative.end()
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
