"""Thai text clean-up and numbers written in digits, Thai digits or Thai words."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from pythainlp.util import normalize as _thai_normalize
from pythainlp.util import thaiword_to_num

from core.thai import to_arabic_digits

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_HSPACE = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")

SCALES: dict[str, int] = {
    "สิบ": 10, "ร้อย": 100, "พัน": 1_000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000,
}
DIGIT_WORDS: dict[str, int] = {
    "ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4,
    "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9,
}
_SCALE_RE = "|".join(SCALES)
# An Arabic numeral: well-formed thousands commas or none, optional decimals.
ARABIC_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
# Any run of Thai number words (used to spot spelled numbers inside longer text).
THAI_NUMBER_WORDS = "(?:" + "|".join([*DIGIT_WORDS, *SCALES, "จุด"]) + ")+(?:ครึ่ง)?"
# "สองล้านครึ่ง", "แสนครึ่ง", "2ล้านครึ่ง": and a half of the last scale word.
_AND_A_HALF = re.compile(rf"(?P<scale>{_SCALE_RE})ครึ่ง$")
_HALF_A = re.compile(rf"ครึ่ง(?P<scale>{_SCALE_RE})")  # "ครึ่งล้าน": half a million
_GROUP = re.compile(rf"({ARABIC_NUMBER})((?:{_SCALE_RE})*)")
_SIGN = re.compile(r"^(?:-|−|ติดลบ|ลบ)")
_FRACTION = re.compile("((?:" + "|".join(DIGIT_WORDS) + rf")+)((?:{_SCALE_RE})*)$")
_DIGIT_WORD = re.compile("|".join(DIGIT_WORDS))
_INNER_SPACE = re.compile(r"(?<![0-9.,])\s+|\s+(?![0-9.,])")
_BARE_DIGIT = "|".join(w for w in DIGIT_WORDS if w not in ("ศูนย์", "เอ็ด", "ยี่"))
# "สองแสนห้า": one scale of a thousand or more, then a lone digit: the next place down.
_SPOKEN_DIGIT = "|".join(w for w in DIGIT_WORDS if w not in ("ศูนย์", "เอ็ด", "ยี่", "หนึ่ง"))
SPOKEN_SHORT = _SPOKEN = re.compile(
    rf"^(?P<head>(?:{_BARE_DIGIT})?(?P<scale>พัน|หมื่น|แสน|ล้าน))(?P<digit>{_SPOKEN_DIGIT})$")
_POINT_SAID = re.compile(r"(?<=[0-9])จุด(?=[0-9])")
_ONE_SCALE = re.compile(r"^(?P<scale>พัน|หมื่น|แสน|ล้าน)หนึ่ง$")  # "แสนนึง": a hundred thousand
_SPOKEN_ARABIC = re.compile(  # "2แสน5", "4แสนห้า"
    rf"^(?P<head>[0-9]+(?P<scale>พัน|หมื่น|แสน|ล้าน))(?P<digit>[1-9]|{_SPOKEN_DIGIT})$")
# "ร้อยห้า" (105 as written, 150 as said) or "หนึ่งแสนสองหมื่นห้า" (120,005 or 125,000):
# a lone digit after a longer number is asked about.
_LONE_DIGIT = re.compile(
    rf"(?P<scale>ร้อย|พัน|หมื่น|แสน|ล้าน)(?P<digit>{_BARE_DIGIT})$")


_MARK = "[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # Thai vowels and tone marks written over
_REPEATED_MARK = re.compile(f"({_MARK})\\1+")
_STACKED_MARKS = re.compile(f"({_MARK}{{3}}){_MARK}+")  # no syllable stacks more than three


def _fewer_marks(s: str) -> str:
    """Collapse repeated and overstacked marks (linear; pythainlp's normalize is quadratic on
    a run of thousands of the same tone mark, which anyone can type)."""
    return _STACKED_MARKS.sub(r"\1", _REPEATED_MARK.sub(r"\1", s))


@lru_cache(maxsize=4096)  # pure, and asked of one message many times
def normalize(s: str, *, digits: bool = True) -> str:
    """Clean typed Thai text: NFC, no zero-width chars, single spaces, Arabic digits, แ fixed.

    Line breaks are kept (each line is cleaned on its own); pass ``digits=False`` to keep
    Thai digits as typed.
    """
    s = unicodedata.normalize("NFC", _NEWLINES.sub("\n", s)).translate(_ZERO_WIDTH)
    if digits:
        s = to_arabic_digits(s)
    lines = (_HSPACE.sub(" ", _thai_normalize(_fewer_marks(line))).strip()
             for line in s.split("\n"))
    return "\n".join(lines).strip()


def _scale_product(words: str) -> int:
    """Multiply the scale words of a run such as "พันล้าน" (1,000 x 1,000,000)."""
    product = 1
    for word in re.findall(_SCALE_RE, words):
        product *= SCALES[word]
    return product


def _arabic_groups(s: str) -> Decimal | None:
    """Read "1.2ล้าน", "3แสน", "1,200ล้าน" or "1ล้าน2แสน" (spaces already removed)."""
    total, pos, last_scale = Decimal(0), 0, None
    while pos < len(s):
        m = _GROUP.match(s, pos)
        if m is None:
            return None
        scale = _scale_product(m.group(2))
        if last_scale is not None and scale >= last_scale:
            return None  # "2แสน3ล้าน" or two bare numbers: not one amount
        total += Decimal(m.group(1).replace(",", "")) * scale
        pos, last_scale = m.end(), scale
    return total


def _spoken(s: str) -> Decimal | None:
    """Read the spoken short form "สองแสนห้า" (250,000), "ล้านห้า", "2แสน5"; None otherwise."""
    m = _SPOKEN.match(s) or _SPOKEN_ARABIC.match(s)
    if m is None:
        return None
    head = m.group("head")
    base = _arabic_groups(head) if head[0].isdigit() else _thai_words(head)
    if base is None:
        return None
    digit = int(m.group("digit")) if m.group("digit").isdigit() else DIGIT_WORDS[m.group("digit")]
    return base + Decimal(digit) * SCALES[m.group("scale")] / 10


def two_readings(s: str) -> tuple[Decimal, Decimal] | None:
    """Both readings of a number that people say two ways ("ร้อยห้า": 105 or 150), else None."""
    t = _INNER_SPACE.sub("", normalize(s))
    m = _LONE_DIGIT.search(t)
    if m is None or "จุด" in t or _SPOKEN.match(t) or _SPOKEN_ARABIC.match(t):
        return None
    written = _thai_words(t)
    if written is None:
        return None
    digit = DIGIT_WORDS[m.group("digit")]
    return written, written - digit + digit * SCALES[m.group("scale")] // 10


def _thai_words(s: str) -> Decimal | None:
    """Read a spelled number, "จุด" decimals and trailing scale words included."""
    whole, sep, frac = s.partition("จุด")
    if "ลบ" in whole:
        return None
    if not sep and (spoken := _spoken(whole)) is not None:
        return spoken
    if not sep and (one := _ONE_SCALE.match(whole)) is not None:
        return Decimal(SCALES[one.group("scale")])
    try:
        value = Decimal(thaiword_to_num(whole)) if whole else Decimal(0)
    except (ValueError, KeyError, IndexError):
        return None
    if not sep:
        return value
    m = _FRACTION.match(frac)
    if m is None:
        return None
    decimals = "".join(str(DIGIT_WORDS[w]) for w in _DIGIT_WORD.findall(m.group(1)))
    if "เอ็ด" in m.group(1) or "ยี่" in m.group(1):
        return None
    scale = _scale_product(m.group(2))
    if scale > 1 and any(word in whole for word in SCALES):
        return None  # "หนึ่งพันจุดห้าล้าน" is not a way to say a number
    return (value + Decimal("0." + decimals)) * scale


def thai_words_to_decimal(s: str) -> Decimal | None:
    """Read a number: "80", "๘๐", "1,234.5", "1.2 ล้าน", "ห้าหมื่นสองพัน", "เจ็ดสิบห้าจุดห้า".

    Returns None unless the whole text is one number; a leading "-" or "ลบ" makes it negative.
    """
    t = _INNER_SPACE.sub("", normalize(s)).replace("นึง", "หนึ่ง")  # "1 2" stays two numbers
    t = _POINT_SAID.sub(".", t)  # "62จุด5": the point, said
    m = _SIGN.match(t)
    negative = m is not None
    if m is not None:
        t = t[m.end():]
    if not t:
        return None
    lead = _HALF_A.fullmatch(t)
    if lead is not None:  # "ครึ่งล้าน": half of one scale
        return (-1 if negative else 1) * Decimal(SCALES[lead.group("scale")]) / 2
    half = _AND_A_HALF.search(t)
    if half is not None:
        base = thai_words_to_decimal(t[: half.end("scale")])
        return None if base is None else (-1 if negative else 1) * (
            base + Decimal(SCALES[half.group("scale")]) / 2)
    if re.match(r"[0-9.]", t):
        value = _spoken(t) if _SPOKEN_ARABIC.match(t) else _arabic_groups(t)
    else:
        value = _thai_words(t)
    if value is None:
        return None
    return -value if negative else value
