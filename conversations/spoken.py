"""Text as voice typing and regional speech write it, put the way it is typed in Bangkok.

Voice typing leaves spoken punctuation in ("ไม่เป็นไปตามแผนเว้นวรรคเนื่องจาก…จุด"), a filler
first ("เอ่อ", "คือว่า") and homophones ("ศรีสิบห้า", "เป่าหมาย", "ตามแพน"); Northern and Isan
writers spell "ตาม" as "ต๋าม", say "แม่น" for yes, "จะใด" for how, "โลด"/"หลาว" for "เลย".
Pure; applied before a message is read (the conversation and the command grammar).
"""

from __future__ import annotations

import re
from functools import lru_cache

_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), said) for pattern, said in (
        (r"\s*เว้นวรรค\s*", " "),
        (r"\s*ขึ้นบรรทัดใหม่\s*", "\n"),
        (r"^(?:เอ่อ+|อ่า+|อืม+|คือว่า)\s*", ""),
        (r"ต๋าม", "ตาม"), (r"เป๋น", "เป็น"), (r"เป่าหมาย", "เป้าหมาย"), (r"ตามแพน", "ตามแผน"),
        (r"ศรี(?=สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน)", "สี่"), (r"(?<=[0-9\s])บาด(?![ก-๛])", "บาท"),
        (r"(?<=[0-9])\s*ขีด\s*(?=[0-9])", "-"),
        (r"จะใด", "ยังไง"), (r"บ่ฮู้", "ไม่รู้"), (r"(?<![ก-๛])ฮู้", "รู้"),
        (r"(?<![ก-๛])หยัง|(?<=มี)หยัง", "อะไร"), (r"ม่าย(?!ย)(?=[ก-ฮ])", "ไม่"), (r"(?<![ก-๛])ใจ้", "ใช้"),
        (r"(?<![ก-๛])แม่น(?=แล้ว|\s|$|เด้อ|เจ้า|ค่ะ|ครับ)", "ใช่"),
        (r"(?<=ส่ง)(?:โลด|หลาว)", "เลย"), (r"ข่อยสิ", "จะ"), (r"(?<![ก-๛])ข่อย", "ผม"),
        (r"(?<=เป้า)ดอก$|(?<=แผน)ดอก$", ""),
    ))


_SPOKEN_MARKS = re.compile(r"เว้นวรรค|ขึ้นบรรทัดใหม่")
_FULL_STOP = re.compile(r"(?<=[ก-ฮะ-์])\s*จุด\s*$")  # "…ท่อระบายน้ำจุด", never "ประจำจุด" alone


# A message forwarded with its header ("ส่งต่อจากหัวหน้าฝ่ายค่ะ: \"…\""): the words inside.
_FORWARDED = re.compile(r"^\s*(?:ส่งต่อ|ฟอร์เวิร์ด|forward(?:ed)?)(?:ข้อความ)?(?:มา)?จาก\S{1,30}?"
                        r"(?:ค่ะ|ครับ|คะ)?\s*[:：]?\s*(?:\n\s*)?[\"“](?P<said>[^\"”]+)[\"”]\s*$",
                        re.I)

# Someone typing for the sender, and who said it ("หลานพิมพ์ให้นะคะ ยายบอกว่า…").
_TYPED_FOR = re.compile(r"^\s*(?:หลาน|ลูก|น้อง|พี่)\S{0,8}?พิมพ์(?:ให้|แทน)\S{0,12}?(?:นะ)?(?:คะ|ค่ะ|ครับ)?"
                        r"\s+(?:(?:ยาย|ตา|ย่า|ปู่|แม่|พ่อ|ป้า|ลุง|น้า|อา)\S{0,6}?(?:บอก|ฝาก)(?:มา)?ว่า\s*)?")


@lru_cache(maxsize=4096)
def as_typed(text: str) -> str:
    """The message with spoken punctuation, a leading filler, homophones and regional words
    put as typed ("เป๋นไปต๋ามแผนเจ้า" → "เป็นไปตามแผนเจ้า"); a forwarded message's own words."""
    forwarded = _FORWARDED.match(text)
    if forwarded is not None:
        text = forwarded["said"]
    text = _TYPED_FOR.sub("", text, count=1) or text  # "หลานพิมพ์ให้นะคะ ยายบอกว่า…": what is said
    if _SPOKEN_MARKS.search(text):  # voice typing: its "จุด" at the end is a full stop
        text = _FULL_STOP.sub("", text)
    for pattern, said in _REWRITES:
        text = pattern.sub(said, text)
    return text.strip()
