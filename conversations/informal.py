"""Informal and toneless spellings people type, set to the written word before reading.

"ม่ายค่ะ" is "ไม่ค่ะ", "ไม่เปนไปตามเปา" is "ไม่เป็นไปตามเป้า", "ไม่มีไรค่ะ" is "ไม่มีอะไรค่ะ": a
chat is typed fast, without tone marks, or the way it is said. Only spellings that are no other
word are set right. Pure.
"""

from __future__ import annotations

import re

# Where a word ends: the text's end, a space or no Thai letter, or a particle after it.
_END = r"(?=$|[^ก-๛]|ค่ะ|คะ|ค่า|ครับ|คับ|นะ|จ้า|เลย|ไป|หรอก|อะ|อ่ะ)"
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), word) for pattern, word in (
        (r"(?<!แม่)ม่าย", "ไม่"),  # said drawn out ("แม่ม่าย" is a widow)
        (r"เปน", "เป็น"),  # no tone mark: "เปน" is no word
        (rf"เปา(?:{_END}|(?=หมาย))", "เป้า"),
        (r"เป้(?![ก-๛])", "เป้า"),  # cut short
        (r"แพน(?![ก-๛])", "แผน"),
        (rf"(?<=มี)ไห?ร{_END}", "อะไร"),  # "ไม่มีไร", "ไม่มีไหร": อะไร as it is said
    ))


def written(text: str) -> str:
    """The text with its informal and toneless spellings set to the written word."""
    for pattern, word in _SPELLINGS:
        text = pattern.sub(word, text)
    return text
