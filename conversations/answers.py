"""What every answer goes through before its field's reader: politeness, hedges and numbers.

People answer the bot in sentences: "ประมาณ ๔๕ เปอร์เซ็นต์ค่ะ", "ครั้งนี้ 120,000 สะสม 480,000",
"ล่าช้านิดหน่อยค่ะ ฝนตกหนัก". This module takes off what carries no answer (particles, hedges,
thanks, emoji) and finds the numbers in a sentence with the words around them, so each reader
can pick the one that answers its own question. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from conversations.thai_numbers import (
    ARABIC_NUMBER,
    THAI_NUMBER_WORDS,
    normalize,
    thai_words_to_decimal,
)

PARTICLE_WORDS = ("ครับผม", "ครับ", "คับ", "ค้าบ", "คร้าบ", "ค่ะ", "คะ", "จ้า", "จ้ะ", "จ๊ะ",
                  "งับ", "นะคะ", "นะครับ", "นะ", "เด้อ", "เน้อ", "เจ้า", "หนิ", "เนาะ", "ครฟ", "คัฟ",
                  "นะค้า", "อ่ะ", "แหละ", "เน่อ", "ขอรับ", "ค๊ะ", "ครับท่าน", "ค่ะท่าน")
# Particles that end ordinary words too ("มูลค่า", "หน้า"): taken only when they stand apart.
LOOSE_PARTICLES = ("ค่าา", "ค่า", "ค้า", "น้า", "ฮะ", "จ้าา", "ka", "kha", "krub", "krab", "kub")
_PARTICLE = "|".join([*sorted(PARTICLE_WORDS, key=len, reverse=True),
                      *(rf"(?<=\s){p}(?!\s+[A-Za-z0-9])" for p in LOOSE_PARTICLES)])
_THANKS = (r"(?:(?:(?:กราบ)?ขอบ(?:พระ)?คุณ(?:(?:น้อง|พี่)?(?:บอท|แอดมิน))?(?:มาก)?(?:ๆ)?(?:ที่สุด)?|ขอบใจ)"
           r"(?:ค่า+|ค่ะ|คะ|ครับ|คับ|จ้า|น้า+|นะ\S{0,3})?"
           r"|thank\s*you|thanks|thx|ty)")
# Emoji and pictographs, variation selectors and joiners, and sign-off punctuation.
_SYMBOLS = r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d!~.…,;:]"
# In a sentence to store, a repeat mark closes it only after a particle or a space ("ค่ะๆ",
# "ขอบคุณ ๆ"); in "ข้างๆ" it belongs to its word. An answer to read drops it ("ไม่มีๆ", "ส่งๆ").
_REPEAT = r"(?<=\s)ๆ"
_TAIL = re.compile(rf"(?:\s*(?:(?:{_PARTICLE})ๆ*|{_THANKS}|{_SYMBOLS}+|ๆ))+\s*$", re.I)
_TAIL_TEXT = re.compile(  # closing a sentence worth keeping: its full stop stays
    rf"(?:\s*(?:(?:{_PARTICLE})ๆ*|{_THANKS}|[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d!~…]+|{_REPEAT}))+\s*$",
    re.I)
# A loose one before a Latin word or a number is a word of its own ("ค่า BOD": the value).
_INNER_PARTICLE = re.compile(
    rf"(?:{_PARTICLE}|^(?:{'|'.join(LOOSE_PARTICLES)})(?!\s+[A-Za-z0-9]))(?=\s|$)")
_HEDGE = (r"(?:ประมาณ(?:ว่า)?|ราว(?:ๆ|\s*ๆ)?|น่าจะ(?:ได้|ประมาณ)?|คิดว่า|คาดว่า"
          r"|ก็|คือ|ตอนนี้|ถึงตอนนี้|ณ\s*ตอนนี้|ได้|ทำได้|รวม|ทั้งหมด|ครั้งนี้|เดือนนี้"
          r"|รอบนี้|แล้ว|อยู่ที่|เป็น)")
# A letter's opening, as senior officers type it ("กราบเรียนท่านที่เคารพครับ", "กระผมขอเรียนว่า").
SALUTATION = (r"(?:(?:กราบ)?เรียนท่าน(?:ที่เคารพ)?(?:ครับ|ค่ะ|ขอรับ)?"
              r"|(?:กราบ)?เรียน(?:ท่าน)?(?:ที่เคารพ)(?:ครับ|ค่ะ|ขอรับ)?"
              r"|(?:กระผม|ผม|ดิฉัน|หนู)?(?:ขอ)?(?:กราบ)?เรียน(?:ให้)?(?:ทราบ|แจ้ง)?ว่า)")
_HEAD = re.compile(
    rf"^(?:\s*(?:{SALUTATION}|เรียน(?=\s)|สวัสดี(?:{_PARTICLE})?|{_HEDGE}(?=\s|[0-9]|$)"
    r"|[~≈](?=\s*[0-9]))\s*)+")  # "~53%": about
_INNER_HEDGE = re.compile(rf"(?:(?<=\s)|^){_HEDGE}(?=\s|$|[0-9])")


def without_tail(text: str, keep_stop: bool = False) -> str:
    """Text without its closing particles, thanks and emoji ("ค่ะ ขอบคุณค่ะ 🙏"); with
    keep_stop a final "." stays (a sentence to store, "… ของ สตง.")."""
    return (_TAIL_TEXT if keep_stop else _TAIL).sub("", text).strip()


@lru_cache(maxsize=4096)  # pure, and asked of one message many times
def without_particles(text: str) -> str:
    """Text with every particle that ends a word taken out ("ไม่มีนะคะ งานราบรื่นดี")."""
    return re.sub(r"\s+", " ", _INNER_PARTICLE.sub("", text)).strip()


# "ค่าาา", "ครับบบ"; never "แบบบ่อ" (a word's last letter, then one with its own tone mark)
# nor "ขอออก" (อ ends a word and begins the next)
DRAWN_OUT = re.compile(r"([ก-ฬฮะ-ฺเ-๎])\1{2,}(?![\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
LAUGH = re.compile(r"(?:^|(?<=\s))5{3,}\+*(?=\s|$)")  # "555": laughter, not a number


# "No" said as in Isan ("บ่ได้ตามแผนเด้อ") or drawn out ("ม่ายยย").
_DIALECT_NO = re.compile(r"(?:(?<![ก-๛])|(?<=ยัง)|(?<=แผน)|(?<=เป้า)|(?<=หมาย))"  # "ตามเป้าหมายบ่ถึง"
                         r"(?:บ่(?=ได้|ใช่|มี|เป็น|ตาม|ทัน|ถึง|เสร็จ|บรรลุ|ส่ง|ทำ|รู้|ต้อง|ไป)"
                         r"|ม่าย(?![ก-๛]))")


# Tone marks left out in a hurry ("ไมตามแผนคะ", "ใชคับ", "แกไขคะ"), where no other word is meant.
_TONELESS = ((re.compile(r"(?<!ทำ)ไม(?![่้๊๋ค์])(?=ตาม|มี|ใช|ได้|เป็น|ถึง|ทัน|ค่อย|เอา|ต้อง|ส่ง|แก้|ตรง|\s|$"
                         r"|ค่ะ|คะ|ครับ|คับ)"), "ไม่"),
             (re.compile(r"(?:(?<![ก-๛])|(?<=ไม่))ใช(?![่้])(?=คับ|ครับ|ค่ะ|คะ|แล้ว|\s|$)"), "ใช่"),
             (re.compile(r"แก(?=ไข)"), "แก้"), (re.compile(r"(?:ม่าย|ไม่)ช่าย"), "ไม่ใช่"),
             # a neighbouring key or a dropped vowel ("ม่มีครับ", "ไม้มีค่ะ")
             (re.compile(r"(?<![ก-๛])(?:ม่|ไม้)(?=มี|ได้|ใช่|ตาม|ถึง|ทัน|เป็น)"), "ไม่"),
             # the whole answer one key off ("ใช้ครับ", "ไม้ครับ")
             (re.compile(r"^ใช้(?=(?:ครับ|ค่ะ|คะ|คับ|จ้า|ขอรับ)$)"), "ใช่"),
             (re.compile(r"^ไม้(?=(?:ครับ|ค่ะ|คะ|คับ|จ้า|ขอรับ)$)"), "ไม่"))


@lru_cache(maxsize=4096)  # pure, and asked of one message many times
def standard_no(text: str) -> str:
    """Text with a dialect or drawn-out "no" written plainly ("บ่ได้" → "ไม่ได้", "ม่ายยย" → "ไม่"),
    and the tone marks of "ไม่", "ใช่", "แก้ไข" put back."""
    text = _DIALECT_NO.sub("ไม่", DRAWN_OUT.sub(r"\1", text))
    for pattern, word in _TONELESS:
        text = pattern.sub(word, text)
    return text


@lru_cache(maxsize=4096)  # pure, and asked of one message many times
def core(text: str) -> str:
    """The answer itself: normalized, lower case, without particles, thanks, emoji, laughter
    and the hedges around it ("ประมาณ ๔๕ เปอร์เซ็นต์ค่ะ" → "45 เปอร์เซ็นต์")."""
    flat = standard_no(normalize(text).lower())
    flat = without_tail(re.sub(r"\s+", " ", LAUGH.sub(" ", flat)).strip())
    while True:
        cut = _HEAD.sub("", flat)
        cut = without_tail(cut)
        if cut == flat:
            return flat
        flat = cut


# "45 เอ้ย 50", "ใช่ค่ะ เอ๊ย ไม่ใช่": what comes after the slip is what was meant.
_SLIP = re.compile(r"(?:^|\s|(?<=[0-9]))(?:(?:เอ้ย+|เอ๊ย+|เอ่ย|เอ๊ะ|เอ้ะ|อุ๊ย|อ๊ะ|อ่ะ|อ้ะ)"
                   r"(?:\s*(?:ไม่ใช่|ผิด|พิมพ์ผิด)(?:(?:ค่ะ|ครับ|คะ)(?=\s*[0-9๐-๙]))?)?"
                   r"(?:ๆ)?|ไม่ใช่\s*ๆ|ไม่ใช่\s+ไม่ใช่|ที่ถูก(?:ต้อง)?(?:คือ|เป็น)"
                   r"|(?:อ้อ|อ๋อ|อ่อ)\s*ไม่ใช่|(?:อ้อ|อ๋อ|อ่อ|อ้ะ|อ๊ะ|อุ๊ย|เอ๊ะ)\s*ขอโทษ(?:ครับ|ค่ะ|คะ|ที)?|(?:(?:อ้อ|อ๋อ|อ่อ)\s*)?ขอโทษ\S{0,5}\s*(?:ที่)?พิมพ์ผิด(?:ไป)?(?:ค่ะ|ครับ)?)"
                   r"(?:\s|$|(?=[0-9]))"
                   r"|(?<=[ก-๛])ไม่ใช่\s*ๆ\s*(?=[ก-๛])"  # "เป็นไปตามแผนไม่ใช่ๆไม่เป็น"
                   # "84 จริงๆ 48"
                   r"|(?<=[0-9])\s+จริง\s*ๆ(?:แล้ว)?(?:คือ|เป็น|ต้อง(?:เป็น)?)?\s*(?=[0-9])"
                   r"|\n\s*(?:ขอโทษ|โทษที)(?:ครับ|ค่ะ|คะ|นะ)*\s+"  # "ไม่ถึงเป้า\nขอโทษครับ ถึงเป้าแล้ว"
                   # "ไม่มีครับ\nขอแก้เป็น ระดับน้ำสูง", "ยืนยัน\nเดี๋ยวครับ ขอแก้ % เป็น 49 ก่อน": the
                   # next line takes the first back ("ขอแก้ %" keeps its field; "เป็น" goes)
                   r"|\n\s*(?:เดี๋ยว(?:ๆ|ก่อน)?(?:ครับ|ค่ะ|คะ|นะ)*\s*)?(?:ขอแก้(?:ไข)?เป็น|แก้(?:ไข)?เป็น)\s*"
                   r"|\n\s*(?:เดี๋ยว(?:ๆ|ก่อน)?(?:ครับ|ค่ะ|คะ|นะ)*\s*)?(?=ขอแก้)"
                   r"|(?:^|\s)(?:เอ้ย+|เอ๊ย+)(?=[ก-๛])"  # "ตามแผน เอ้ยไม่ตาม ฝนตก"
                   r"|(?<=\S)\s+ไม่สิ\s+(?=\S)")  # "ตามเป้าค่ะ ไม่สิ ยังไม่แน่ใจ"
# "ไม่มีค่ะ อ้อ มีค่ะ …": remembering after a bare answer (never inside a sentence of work).
_REMEMBERED = re.compile(r"\s(?:อ้อ|อ๋อ|อ่อ)(?:\s|$)")


# "75000 บาท ไม่ใช่ค่ะ 57000": a polite "no" after an answer takes it back (never first: there
# "ไม่ใช่ค่ะ" is the answer).
_NOT_THAT = re.compile(r"(?<=\S)\s+ไม่ใช่(?:ค่ะ|ครับ|คะ|จ้า)\s*,?\s+(?=\S)")


# "ตามแผนค่ะ\n*ไม่ตามแผนค่ะ พิมพ์ผิด": a line starred under the first replaces it, as in chat.
_STARRED = re.compile(r"\n\s*\*+\s*(?=\S)")
_OWNED_SLIP = re.compile(r"\s*(?:(?:ขอโทษ\S{0,4}\s*)?(?:พิมพ์|กด)ผิด\S{0,8})$")


def starred(text: str) -> str:
    """A short answer corrected on a starred second line: that line ("ตามแผนค่ะ\n*ไม่ตามแผนค่ะ
    พิมพ์ผิด" → "ไม่ตามแผนค่ะ"); never for sentences, where "*" starts a bullet."""
    lines = _STARRED.split(text)
    if len(lines) == 2 and core(lines[0]) and "\n" not in lines[0]:
        last = without_tail(_OWNED_SLIP.sub("", lines[1]))
        if core(last):
            return last
    return text


def corrected(text: str) -> str:
    """What the person meant after correcting themselves ("120000 เอ้ย 125000" → "125000");
    the text as it was when nothing meaningful follows the slip."""
    parts = _SLIP.split(text)
    parts = parts if len(parts) > 1 else _NOT_THAT.split(text)
    last = parts[-1].strip() if len(parts) > 1 else ""
    if not last:
        pieces = _REMEMBERED.split(text, maxsplit=1)
        if len(pieces) == 2 and len(core(pieces[0]).split()) == 1 and len(core(pieces[0])) <= 8:
            last = pieces[1].strip()
    return last if core(last) else text


# "ตามแผน -> ไม่ตามแผน": changed from one to the other.
_ARROW = re.compile(r"\s*(?:-+>|→|=>|➡\ufe0f?)\s*|(?<=\S)\s+(?:ขอ)?แก้(?:ไข)?เป็น\s+(?=\S)")


def pointed_to(text: str) -> str:
    """What an arrow points at in a changed value ("50 -> 60" → "60"); for numbers and
    yes/no only, as a sentence of work done may list steps with arrows."""
    pointed = _ARROW.split(text)[-1]
    return pointed if core(pointed) else text


def hedges_removed(text: str) -> str:
    """Hedges inside a short answer taken out ("ได้ประมาณ 45 แล้ว" → "45")."""
    return re.sub(r"\s+", " ", _INNER_HEDGE.sub(" ", text)).strip()


@dataclass(frozen=True)
class Mention:
    """A number in a sentence: its value, where it is, and the words just before and after."""

    value: Decimal
    start: int
    end: int
    before: str
    after: str


_SCALE = r"(?:\s*(?:พัน|หมื่น|แสน|ล้าน))*"
_THOUSANDS = r"(?:\s*[kK](?![a-zA-Z]))?"
_MENTION = re.compile(
    rf"(?<![0-9A-Za-z])(?P<num>(?:{ARABIC_NUMBER}){_SCALE}{_THOUSANDS}|{THAI_NUMBER_WORDS})"
    r"(?![0-9])")


def mentions(text: str) -> list[Mention]:
    """Every number in text (digits, scale words, "35k", spelled Thai), with its neighbours."""
    found = []
    masked = text.replace("ร้อยละ", "      ")  # "ร้อยละ 47.5": a percent sign, not 100
    for m in _MENTION.finditer(masked):
        raw = m["num"]
        multiplier = Decimal(1000) if raw.rstrip().lower().endswith("k") else Decimal(1)
        number = raw.rstrip().rstrip("kK") if multiplier != 1 else raw
        value = thai_words_to_decimal(number)
        if value is None:
            continue
        before = text[max(0, m.start() - 16):m.start()]
        found.append(Mention(value * multiplier, m.start(), m.end(), before, text[m.end():][:16]))
    return found


# A sticker described in words ("(สติกเกอร์แมวโบกมือ)"): no words of the answer.
STICKER = re.compile(r"[(\[](?:สติ[๊]?กเกอร์|sticker)[^)\]]*[)\]]", re.I)
# A sticker described in words, approving ("[สติกเกอร์ยกนิ้ว]", "(sticker OK)").
_APPROVING_STICKER = re.compile(r"^\s*[(\[]\s*(?:สติ[๊]?กเกอร์|sticker)\s*(?:ยกนิ้ว|นิ้วโป้ง|โอเค|ok|ถูกต้อง"
                                r"|like|ไลค์|👍|👌|เยี่ยม|สุดยอด)\s*[)\]]\s*$", re.I)


def sticker_sign(text: str) -> str | None:
    """"👍" for a message that is only an approving sticker described in words; else None."""
    return "👍" if _APPROVING_STICKER.match(text) else None

