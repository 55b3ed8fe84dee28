"""Thai typed in Latin letters ("chai krub", "mai tam plan", "song rai ngan"), as people do on
a phone whose Thai keyboard is not at hand. Pure.

A message is read in Thai only when every word of it is one of the few the bot's questions and
commands need; anything else (English, a name, a code) is left as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Longest first when they share a start ("rai ngan" before "rai"): the words, as spelled.
_WORDS: dict[str, str] = {
    "kwam kuep na": "ความคืบหน้า", "kwam kueb na": "ความคืบหน้า", "kuam kuep na": "ความคืบหน้า",
    "khwam khuep na": "ความคืบหน้า", "rai ngan": "รายงาน", "raingan": "รายงาน", "rai-ngan": "รายงาน",
    "sathana": "สถานะ", "satana": "สถานะ", "sa ta na": "สถานะ", "yok lerk": "ยกเลิก",
    "yoklerk": "ยกเลิก", "khop khun": "ขอบคุณ", "kob kun": "ขอบคุณ", "kobkun": "ขอบคุณ",
    "sawasdee": "สวัสดี", "sawatdee": "สวัสดี", "chai": "ใช่", "mai": "ไม่", "tam": "ตาม",
    "plan": "แผน", "pao": "เป้า", "pow": "เป้า", "song": "ส่ง", "mee": "มี", "mii": "มี",
    "panha": "ปัญหา", "tueng": "ถึง", "thueng": "ถึง", "laew": "แล้ว", "leaw": "แล้ว",
    "yang": "ยัง", "dai": "ได้", "kae": "แก้", "gae": "แก้", "ngern": "เงิน", "ngoen": "เงิน",
    "ngop": "งบ", "ngob": "งบ", "krub": "ครับ", "krab": "ครับ", "khrap": "ครับ", "kub": "ครับ",
    "ka": "ค่ะ", "kha": "ค่ะ", "kah": "ค่ะ",
}
_LATIN_ONLY = re.compile(r"[A-Za-z][A-Za-z\s\-]*")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """The words, longest first, each whole."""
    ordered = sorted(_WORDS, key=len, reverse=True)
    return re.compile(r"\s*(" + "|".join(re.escape(w) for w in ordered) + r")(?![a-z])")


def romanized(text: str) -> str | None:
    """The message in Thai when it is Thai typed in Latin letters, word for word; else None."""
    said = text.strip().lower()
    if not said or len(said) > 60 or not _LATIN_ONLY.fullmatch(said):
        return None
    out, pos = [], 0
    while pos < len(said):
        found = _pattern().match(said, pos)
        if found is None:
            return None
        out.append(_WORDS[found[1]])
        pos = found.end()
        while pos < len(said) and said[pos] == " ":
            pos += 1
    thai = "".join(out)
    return thai if thai not in ("ครับ", "ค่ะ", "แผน") else None
