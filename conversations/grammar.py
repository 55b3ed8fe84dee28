"""The bot's one command grammar: what a typed message asks for, read the way people write.

Pure: a message is normalised, tokenized with pythainlp (a dictionary that knows the command
words), polite particles and fillers are set aside, command words are found anywhere (typos
by rapidfuzz), and codes, name fragments and the rest are taken from around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from pythainlp.corpus.common import thai_words
from pythainlp.tokenize import Trie, subword_tokenize, word_tokenize
from rapidfuzz import fuzz, process

from conversations.answers import DRAWN_OUT, corrected, standard_no
from conversations.codes import find_codes
from conversations.layout import other_layout
from conversations.readers import names_a_month_only
from conversations.romanized import romanized
from conversations.spoken import as_typed
from conversations.thai_numbers import normalize


class Intent(StrEnum):
    """What a message asks the bot to do."""

    REPORT = "report"
    AMEND = "amend"
    INDICATOR_REPORT = "indicator_report"
    STATUS = "status"
    INDICATOR_STATUS = "indicator_status"
    HISTORY = "history"
    CHART = "chart"
    PDF = "pdf"
    EXCEL = "excel"
    DASHBOARD = "dashboard"
    OVERDUE = "overdue"
    DIGEST = "digest"
    REGISTER = "register"
    HELP = "help"
    THANKS = "thanks"
    GREET = "greet"
    SNOOZE = "snooze"
    NUDGE = "nudge"
    LEAVE = "leave"
    END_LEAVE = "end_leave"
    RESUME = "resume"
    CONTACT = "contact"
    ATTACH_PHOTO = "attach_photo"
    REMOVE_PHOTO = "remove_photo"


# The canonical word of each intent: what a suggestion or a quick reply sends.
CANONICAL: dict[Intent, str] = {
    Intent.REPORT: "รายงาน", Intent.AMEND: "แก้ไขรายงาน", Intent.INDICATOR_REPORT: "รายงานตัวชี้วัด",
    Intent.STATUS: "สถานะ", Intent.INDICATOR_STATUS: "สถานะตัวชี้วัด", Intent.HISTORY: "ประวัติ",
    Intent.CHART: "กราฟ", Intent.PDF: "PDF", Intent.EXCEL: "ส่งออก excel",
    Intent.DASHBOARD: "แดชบอร์ด",
    Intent.OVERDUE: "ค้างส่ง", Intent.DIGEST: "สรุป",
    Intent.REGISTER: "ลงทะเบียน", Intent.HELP: "ช่วยเหลือ", Intent.THANKS: "ขอบคุณ",
    Intent.GREET: "สวัสดี", Intent.SNOOZE: "เตือนพรุ่งนี้", Intent.NUDGE: "เตือนค้างส่ง",
    Intent.LEAVE: "ลา ถึง", Intent.END_LEAVE: "ยกเลิกลา", Intent.RESUME: "ทำต่อ",
    Intent.CONTACT: "ติดต่อผู้ดูแล", Intent.ATTACH_PHOTO: "แนบรูป", Intent.REMOVE_PHOTO: "ลบรูป",
}

_PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.REPORT: ("รายงาน", "ส่งรายงาน", "รายงานความก้าวหน้า", "ส่งรายงานความก้าวหน้า",
                    "เริ่มรายงาน", "กรอกรายงาน", "กรอกแบบรายงาน", "ทำรายงาน", "เริ่มส่งรายงาน",
                    "ส่งreport", "ส่งการบ้าน", "อัปเดต", "อัพเดท", "อัพเดต", "อัปเดท", "อัปเดตงาน",
                    "อัพเดทงาน", "อัปเดตความคืบหน้า", "อัพเดทความคืบหน้า", "update",
                    "รายงานผล", "ส่งรายงานผล", "รายงานประจำเดือน", "ส่งรายงานประจำเดือน",
                    "ทำรายงานต่อ", "กรอกรายงานต่อ", "ส่งรายงานย้อนหลัง", "กรอกรายงานย้อนหลัง",
                    "ทำรายงานย้อนหลัง", "ส่งย้อนหลัง", "ส่งผลการดำเนินงาน", "รายงานผลการดำเนินงาน",
                    "ยื่นรายงาน", "ขอยื่นรายงาน", "report", "sendreport", "submitreport", "submit",
                    "startreport", "progressreport", "sendprogressreport",
                    "ทำรายงานที่ค้างไว้ต่อ", "กรอกรายงานที่ค้างไว้ต่อ",
                    "ส่งผลงาน", "ส่งงาน", "รายงานผลงาน", "แจ้งความคืบหน้า", "แจ้งความก้าวหน้า",
                    "แจ้งผลงาน", "แจ้งผลการดำเนินงาน", "กรอกผลการดำเนินงาน", "สร้างรายงาน",
                    "สร้างรายงานใหม่", "รายงานใหม่",
                    "ทำรายงานใหม่", "เปิดรายงาน"),
    Intent.AMEND: ("แก้ไขรายงาน", "แก้รายงาน", "แก้ไขรายงานล่าสุด", "แก้รายงานล่าสุด",
                   "แก้ไขข้อมูลรายงาน", "แก้ข้อมูลรายงาน",
                   "editreport", "amend", "amendreport"),
    Intent.INDICATOR_REPORT: ("รายงานตัวชี้วัด", "ส่งรายงานตัวชี้วัด", "รายงานkpi",
                              "ส่งรายงานkpi", "kpireport"),
    Intent.STATUS: ("สถานะ", "สถานะโครงการ", "สเตตัส", "สเตตัสโครงการ", "สเตตัด", "ดูสถานะ",
                    "ดูสถานะโครงการ", "เช็คสถานะ",
                    "เช็กสถานะ", "ถึงไหนแล้ว", "ไปถึงไหนแล้ว", "ถึงไหน", "คืบหน้าถึงไหน",
                    "ความคืบหน้า", "ขอทราบความคืบหน้า", "เป็นยังไงบ้าง", "เป็นไงบ้าง", "เป็นอย่างไรบ้าง",
                    "เป็นจั่งได๋", "จั่งได๋",
                    "ขอทราบความก้าวหน้า", "ทราบความก้าวหน้า",
                    "status", "projectstatus", "progress", "checkprogress", "projectprogress"),
    Intent.INDICATOR_STATUS: ("สถานะตัวชี้วัด", "ดูสถานะตัวชี้วัด", "ตัวชี้วัด", "ดูตัวชี้วัด",
                              "kpi", "kpistatus", "indicator"),
    Intent.HISTORY: ("ประวัติ", "ประวัติรายงาน", "ประวัติโครงการ", "รายงานย้อนหลัง",
                     "ดูประวัติ", "ประวัติการรายงาน", "ประวัติการส่งรายงาน", "รายงานเก่า",
                     "ดูรายงานเก่า", "รายงานก่อนหน้า", "รายงานที่ผ่านมา", "ย้อนหลัง", "history"),
    Intent.CHART: ("กราฟ", "กราฟโครงการ", "ดูกราฟ", "แผนภูมิ", "chart", "graph", "กาฟ", "กราป",
                   "แกรฟ"),
    Intent.PDF: ("pdf", "แบบฟอร์ม", "แบบฟอร์มpdf", "ฟอร์ม", "ไฟล์pdf", "พิมพ์แบบฟอร์ม", "พีดีเอฟ",
                 "ขอแบบฟอร์ม", "form"),
    Intent.EXCEL: ("ส่งออกexcel", "ขอไฟล์excel", "ไฟล์excel", "ขอexcel", "exportexcel",
                   "ดาวน์โหลดexcel", "excel", "xlsx", "เอ็กเซล", "ส่งออกเอ็กเซล",
                   "ขอไฟล์เอ็กเซล", "ไฟล์เอ็กเซล", "ส่งออกไฟล์excel"),
    Intent.OVERDUE: ("ค้างส่ง", "โครงการค้างส่ง", "ค้างส่งรายงาน", "รายงานค้าง", "รายงานค้างส่ง",
                     "ดูงานค้างส่ง", "งานค้างส่ง", "late", "whatslate", "what'slate", "รายงานล่าช้า",
                     "ขาดส่ง", "ขาดส่งรายงาน",
                     "ยังไม่ส่ง",
                     "ยังไม่ส่งรายงาน", "ยังไม่ได้ส่ง", "ยังไม่ได้ส่งรายงาน", "ใครยังไม่ส่ง",
                     "ยังไม่รายงาน", "ใครยังไม่รายงาน", "ยังไม่ได้รายงาน",
                     "งานค้าง", "มีงานค้าง", "ส่งรายงานล่าช้า", "overdue", "lagging", "laggingprojects",
                     "missing", "pending", "เลยกำหนด", "รายการที่เลยกำหนด", "ที่เลยกำหนด",
                     "ดูรายการที่เลยกำหนด"),
    Intent.DIGEST: ("สรุป", "สรุปภาพรวม", "ภาพรวม", "ดูภาพรวม", "ภาพรวมทั้งหมด", "สรุปผล", "รายงานสรุป",
                    "ดูโครงการทั้งหมด", "summary", "overview", "digest", "portfoliosummary",
                    "ตัวเลขภาพรวม", "ขอตัวเลขภาพรวม", "ภาพรวมไตรมาส", "ภาพรวมไตรมาสนี้"),
    Intent.DASHBOARD: ("แดชบอร์ด", "dashboard", "เปิดแดชบอร์ด", "ขอแดชบอร์ด", "ดูแดชบอร์ด",
                       "ลิงก์แดชบอร์ด", "ลิงค์แดชบอร์ด", "ขอลิงก์แดชบอร์ด", "ขอลิงค์แดชบอร์ด",
                       "แดชบอร์ดโครงการ", "แดชบอด", "แดชบอร์ท", "หน้าแดชบอร์ด"),
    Intent.REGISTER: ("ลงทะเบียน", "register"),
    Intent.HELP: ("ช่วยเหลือ", "วิธีใช้", "วิธีใช้งาน", "ใช้ยังไง", "ใช้งานยังไง", "ช่วยด้วย",
                  "เมนู", "คู่มือ", "ทำอะไรได้บ้าง", "help", "menu", "พิมพ์อะไรได้บ้าง",
                  "สั่งอะไรได้บ้าง", "ใช้งานยังไง", "ใช้ยังไงคะ", "คำสั่ง", "คำสั่งมีอะไรบ้าง",
                  "มีคำสั่งอะไรบ้าง", "ดูคำสั่ง", "commands", "งง", "ใช้ไม่เป็น", "ไม่รู้วิธีใช้",
                  "ทำไงต่อ", "ทำยังไงต่อ", "ต้องทำไงต่อ", "ต้องทำอะไรต่อ", "ใช้ทำอะไร",
                  "บอทนี้ใช้ทำอะไร", "ใช้ยังไง", "บอทนี้ทำอะไรได้", "ทำงานยังไง",
                  "เริ่มตรงไหน", "ต้องเริ่มตรงไหน", "ไม่เคยใช้", "ใช้งานอย่างไร", "ต้องพิมพ์อะไร",
                  "เริ่มยังไง", "ต้องเริ่มยังไง", "เริ่มต้นยังไง",
                  "เริ่มจากอะไร", "ต้องเริ่มจากอะไร", "ลืมหมดแล้ว", "ลืมวิธีใช้",
                  "ช่วยอะไรได้บ้าง", "howtouse", "ต้องทำอะไรก่อน", "ใช้ครั้งแรก",
                  "เพิ่งเข้ามาใช้", "ต้องการอะไร", "ต้องการข้อมูลอะไร", "อยากได้ข้อมูลอะไร",
                  "?"),
    Intent.THANKS: ("ขอบคุณ", "ขอบคุณมาก", "ขอบพระคุณ", "กราบขอบพระคุณ",
                    "ขอบใจ", "ขอบคุน", "ขอบคุณค่ะ", "ขอบคุณครับ", "thanks",
                    "thank", "thankyou", "thx", "ty"),
    Intent.GREET: ("สวัสดี", "หวัดดี", "hello", "hi"),
    Intent.SNOOZE: ("เตือนพรุ่งนี้", "เลื่อนเตือน", "เตือนทีหลัง", "เตือนใหม่พรุ่งนี้",
                    "พรุ่งนี้ค่อยเตือน", "ค่อยเตือนพรุ่งนี้", "เลื่อนการเตือน",
                    "remindmetomorrow", "snooze"),
    Intent.NUDGE: ("เตือนค้างส่ง", "เตือนคนค้างส่ง", "เตือนเจ้าหน้าที่ค้างส่ง",
                   "เตือนคนที่ยังไม่ส่ง", "เตือนคนยังไม่ส่ง"),
    Intent.END_LEAVE: ("ยกเลิกลา", "กลับจากลา", "ยกเลิกการลา"),
    Intent.RESUME: ("ทำต่อ", "กรอกต่อ", "รายงานต่อ", "resume", "continue"),
    Intent.CONTACT: ("ติดต่อผู้ดูแล", "ติดต่อผู้ดูแลระบบ", "ติดต่อแอดมิน", "ติดต่อadmin",
                     "ผู้ดูแลระบบ", "แอดมิน", "admin", "contact", "ติดต่อ", "ขอเบอร์ผู้ดูแล",
                     "เบอร์ผู้ดูแล", "เบอร์ติดต่อ", "ติดต่อใคร", "ติดต่อใครได้บ้าง",
                     "ติดต่อเจ้าหน้าที่ดูแลระบบ", "ติดต่อผู้ดูแลระบบยังไง"),
}
_PHRASES[Intent.ATTACH_PHOTO] = ("แนบรูป", "แนบรูปภาพ", "แนบภาพ", "เพิ่มรูป", "เพิ่มรูปภาพ",
                                 "แนบหลักฐาน", "ส่งรูปเพิ่ม", "attachphoto", "addphoto")
_PHRASES[Intent.REMOVE_PHOTO] = ("ลบรูป", "ลบรูปภาพ", "ลบภาพ", "เอารูปออก", "removephoto")
PHRASE_INTENT: dict[str, Intent] = {p: i for i, ps in _PHRASES.items() for p in ps}
# Only these may be said with something after them that is not a particle or filler.
_TAKES_ARGUMENT = frozenset({Intent.REPORT, Intent.AMEND, Intent.INDICATOR_REPORT, Intent.STATUS,
                             Intent.INDICATOR_STATUS, Intent.HISTORY, Intent.CHART, Intent.PDF,
                             Intent.REGISTER, Intent.HELP, Intent.ATTACH_PHOTO,
                             Intent.REMOVE_PHOTO})
# An overview of whose projects ("ทุกโครงการ", "ของเขตบางนา", "ที่ผมรับผิดชอบ").
_SCOPE_WORDS = re.compile(r"ทุกโครงการ|ทั้งหมด|สำนัก(?!งาน)|ผู้อำนวยการ"
                          r"|ของ(?:เขต|สำนัก|หน่วยงาน|ฝ่าย|กอง)|รับผิดชอบ|ผู้บริหาร|ให้(?:หัวหน้า|ผอ|นาย)"
                          r"|ทั้ง(?:เขต|หน่วยงาน|สำนัก|ฝ่าย|กอง)|ให้ท่าน|ผอ|all\s*(?:the\s*)?projects?"
                          r"|โดยรวม|(?:^|\s)รวม(?:\s|$)|ทีม|ทุก(?:ศูนย์|หน่วย|ฝ่าย|เขต)",
                          re.I)
# Intents that lose to any other command found in the same message.
_WEAK = frozenset({Intent.THANKS, Intent.GREET})
REPORT_FAMILY = frozenset({Intent.REPORT, Intent.AMEND, Intent.INDICATOR_REPORT})
_STARTS_ONLY = REPORT_FAMILY | {Intent.REGISTER}
# Said before a report to say one has come to give it now ("มาส่งรายงาน", "วันนี้ขอรายงาน…").
_COMING_TO = frozenset({"มา", "วันนี้", "ขอมา", "มาขอ", "เริ่ม", "ขอเริ่ม", "ต้องการ", "อยาก", "จะ",
                        "คือ", "เปิด", "ขอเปิด", "i", "want", "to", "would", "like", "need",
                        "ผม", "ดิฉัน", "หนู", "ฝาก", "ขอฝาก", "ส่ง", "ขอส่ง"})
# Words of the same request said with it: the dashboard is the overview ("ขอ dashboard ภาพรวม").
_SAID_TWICE = {Intent.DASHBOARD: {Intent.DASHBOARD, Intent.DIGEST}}
_ABOUT_A_PROJECT = frozenset({Intent.STATUS, Intent.HISTORY, Intent.CHART, Intent.PDF})

PARTICLES = frozenset({
    "ครับ", "ค่ะ", "คะ", "ค่า", "คับ", "ครับผม", "ค้าบ", "นะ", "นะคะ", "นะครับ", "จ้า", "จ้ะ",
    "จ๊ะ", "ฮะ", "คร้าบ", "งับ", "เด้อ", "เน้อ", "น้า", "ค่าา", "จ้าา",
})
FILLERS = PARTICLES | frozenset({
    "ขอ", "หน่อย", "ด้วย", "ที", "ดู", "เช็ค", "เช็ก", "อยาก", "ทราบ", "อยากทราบ", "อยากรู้",
    "ขออนุญาต", "อนุญาต", "จ๊ะ", "เรียน", "เรียนท่าน", "ขอเรียน", "ท่าน", "รหัส", "รหัสโครงการ",
    "ความก้าวหน้า", "ประจำเดือน", "แบบ", "แบบรายงาน", "กรอก",
    "รู้", "ให้", "ช่วย", "รบกวน", "หนู", "ผม", "ดิฉัน", "ฉัน", "กระผม", "เรา", "พี่", "น้อง",
    "please", "pls", "plz",
    "โครงการ", "project", "ของ", "ว่า", "เรื่อง", "เลย", "แล้ว", "หรือยัง", "ยัง", "บ้าง",
    "อะไร", "ใคร", "มี", "ไหน", "เดือนนี้", "เดือน", "นี้", "ทั้งหมด", "ตอนนี้", "ล่าสุด",
    "the", "of", "for", "me", "my", "a", "this", "month's", "month", "monthly", "i", "want", "to",
    "what's", "whats", "is", "are", "กัน", "ได้", "ไหม", "มั้ย", "หรือไม่", "ที่",
    "รายงาน", "รอบนี้", "ใน", "หน่วยงาน", "เขต", "อยู่", "คน", "ของเรา", "ของผม", "ของหนู",
    "ค่ะๆ", "ๆ", "ครับๆ", "รายการ", "รายชื่อ", "list", "จะ", "ต้องการ", "กี่", "ไป", "พรุ่งนี้",
    "สวัสดี", "หวัดดี", "hello", "hi", "ตามงาน", "ทวง", "ทวงงาน", "ประจำสัปดาห์", "สัปดาห์นี้",
    "รายสัปดาห์",
})
# Only these are dropped from the end of a name fragment (names may end in other fillers).
_TAIL = PARTICLES | frozenset({"หน่อย", "ด้วย", "ที", "บ้าง", "หรือยัง", "แล้ว", "ตอนนี้", "ก่อน",
                               "เดือนนี้", "ล่าสุด", "please", "pls", "ได้ไหม", "ไหม", "มั้ย",
                               "ได้", "ให้"})
_PUNCT = re.compile(
    r"^[\s:：,.!?~\-–—()\"'“”‘’«»`/\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]*$")
_QUOTES = "\"'“”‘’«»`"
_PAGE = re.compile(r"\s*\(?หน้า\s*(\d{1,3})\)?\s*$")
_LEAVE = re.compile(
    r"^(?:ขอ)?\s*ลา(?:พักร้อน|พักผ่อน|ป่วย|กิจ)?\s*(?:ถึง\s*วันที่|จนถึง(?:วันที่)?|ถึง)\s*(?P<date>.+)$")
_LOOSE = frozenset({"น้า", "ค่า", "ค่าา", "จ้าา", "ฮะ"})  # they end ordinary words too ("หน้า")
_TRAILING = re.compile(
    r"(?:\s*(?:" + "|".join(sorted(PARTICLES - _LOOSE, key=len, reverse=True))
    + "|" + "|".join(rf"(?<=\s){p}" for p in sorted(_LOOSE, key=len, reverse=True))
    + r"|หน่อย|ด้วย)[\s.!~]*)+$")
ACCEPT, ASK = 80.0, 70.0
# Words that make what follows a command word a sentence (an answer), not a project name.
_SENTENCE_WORDS = ("แล้ว", "ได้", "เสร็จ", "อยู่ระหว่าง", "เนื่องจาก", "จำนวน", "ดำเนินการ")


_SPELLED_FIGURE = re.compile(r"(?:สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า)"
                             r"\s*(?:เปอร์\S*|บาท|%)")


@dataclass(frozen=True)
class Parsed:
    """What a message asks: the intent, its target (code or name fragment), and the rest."""

    intent: Intent | None
    code: str | None = None
    fragment: str = ""
    rest: str = ""
    page: int = 1
    exact: bool = True
    at_start: bool = True
    leftover: str = ""
    suggestion: str = ""
    words: int = 0  # how many words are left once command, fillers and codes are set aside
    question: bool = False  # a question about reports: its name fragment is only a guess

    def plain(self) -> bool:
        """True when the message is only the command (and perhaps a code or a short name)."""
        if not self.exact or not self.at_start or "\n" in self.rest:
            return False
        if not self.leftover:
            return True
        if self.code is not None:
            return not self.fragment
        return (len(self.fragment) <= 30 and not any(ch.isdigit() for ch in self.fragment)
                and not _SPELLED_FIGURE.search(self.fragment)  # "ความคืบหน้าหกสิบเปอร์เซ็นต์"
                and self.words <= 3 and not any(w in self.rest for w in _SENTENCE_WORDS))


@lru_cache(maxsize=1)
def _trie() -> Trie:
    """pythainlp's word list plus every command word, so commands come out as one token."""
    return Trie({*thai_words(), *(p for p in PHRASE_INTENT if not p.isascii()), *FILLERS})


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Dictionary words: a span made only of these is never taken for a typo."""
    return frozenset(thai_words()) | FILLERS


def warm() -> None:
    """Build the dictionary and tokenizer now (start-up), not on the first user message."""
    understand("ขอดูสถานะโครงการหน่อยค่ะ")


def tokens(text: str) -> list[str]:
    """The message's tokens (whitespace kept as tokens, so joining them gives the text back)."""
    return list(word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=True))


def syllables(text: str) -> list[str]:
    """The text cut into syllables ("ห้องสมุดเคลื่อนที่" → ห้อง, สมุด, เคลื่อน, ที่): where a long
    word may be shortened without breaking a letter's cluster."""
    return list(subword_tokenize(text, engine="dict"))


def _key(span: list[str]) -> str:
    """A span as the phrase table spells it: no spaces, lower case."""
    return "".join(span).replace(" ", "").casefold()


@dataclass(frozen=True)
class _Hit:
    """A command found at tokens [start, end)."""

    intent: Intent
    start: int
    end: int
    score: float


def _exact_hits(toks: list[str]) -> list[_Hit]:
    """Every command phrase spelled exactly, as whole tokens (longest at each start)."""
    hits = []
    for i, tok in enumerate(toks):
        if tok.isspace():
            continue
        for j in range(min(len(toks), i + 5), i, -1):
            if toks[j - 1].isspace():
                continue
            intent = PHRASE_INTENT.get(_key(toks[i:j]))
            if intent is not None:
                hits.append(_Hit(intent, i, j, 100.0))
                break
    return hits


@lru_cache(maxsize=1)
def _fuzzy_choices() -> list[str]:
    """The phrases long enough to be matched despite a typo."""
    return [p for p in PHRASE_INTENT if len(p) >= 4 and not (p.isascii() and len(p) < 6)]


_PARTICLE_LIKE = frozenset({"ค่า", "คร้าบ", "ค้าบ", "น้า"})  # particles that are words too


def _fuzzy_hits(toks: list[str], only_at: int | None = None) -> list[_Hit]:
    """Spans that look like a misspelt command ("สถาณะ", "รายาน", "stauts"); with only_at,
    only those that begin at that token."""
    known, hits = _known(), []
    content = [t for t in toks if not t.isspace() and t.casefold() not in FILLERS]
    for i in range(len(toks)):
        if toks[i].isspace() or toks[i] in FILLERS or (only_at is not None and i != only_at):
            continue
        for j in range(i + 1, min(len(toks), i + 4) + 1):
            span = toks[i:j]
            if span[-1].isspace() or any(t.isspace() for t in span):
                break
            if j - i > 1 and span[-1] in _PARTICLE_LIKE:
                continue  # "ยกเลิกค่า": a command and a particle, not a typo of "ยกเลิกลา"
            key = _key(span)
            if (len(key) < 4 or any(ch.isdigit() for ch in key) or key in PHRASE_INTENT
                    or (key in known and span != content)):
                continue
            best = process.extractOne(key, _fuzzy_choices(), scorer=fuzz.ratio,
                                      score_cutoff=ASK)
            if best is not None:  # a real word near a command is only ever asked about
                score = min(float(best[1]), ACCEPT - 1) if key in known else float(best[1])
                hits.append(_Hit(PHRASE_INTENT[best[0]], i, j, score))
    return hits


def _misspelt_first(toks: list[str], hit: _Hit) -> _Hit | None:
    """A command misspelt as the message's first word, when a command word is found only
    further on: "รายาน ห้องสมุด … ความคืบหน้า 30%" asks for a report, the later "ความคืบหน้า"
    is part of it. Only a sure typo counts (a dictionary word is never one)."""
    first = next((i for i, t in enumerate(toks) if not t.isspace()
                  and t.casefold() not in FILLERS and not _PUNCT.match(t)), None)
    if first is None or first >= hit.start:
        return None
    found = _pick([h for h in _fuzzy_hits(toks, only_at=first) if h.score >= ACCEPT])
    if found is None or found.end > hit.start or found.intent is hit.intent:
        return None
    return found


def _says_that(hit: _Hit, toks: list[str]) -> bool:
    """True for "สรุปว่า …" ("in short, …"): a word of speech, not the overview command."""
    after = [t for t in toks[hit.end:] if not t.isspace()]
    return hit.intent is Intent.DIGEST and bool(after) and after[0] == "ว่า"


def _pick(hits: list[_Hit]) -> _Hit | None:
    """The command a message means: strong before weak, then the earliest, then the longest."""
    if not hits:
        return None
    return min(hits, key=lambda h: (h.intent in _WEAK, -h.score // 10, h.start, h.start - h.end))


def _strip_edges(toks: list[str]) -> list[str]:
    """Drop fillers, particles and punctuation at both ends of a token list."""
    def empty(t: str, words: frozenset[str]) -> bool:
        return t.casefold() in words or bool(_PUNCT.match(t))
    start, end = 0, len(toks)
    while start < end and empty(toks[start], FILLERS):
        start += 1
    while end > start and empty(toks[end - 1], _TAIL):
        end -= 1
    return toks[start:end]


_WAIT_WORDS = frozenset({"เดี๋ยว", "เดี๋ยวก่อน", "แป๊บ", "รอแป๊บ", "นึง", "หนึ่ง", "แป๊บนึง"})


def _fragment(before: list[str], after: list[str], codes: list[str]) -> str:
    """A project name fragment from the words around the command (none when a code is given)."""
    while before and (before[0].isspace() or before[0] in _WAIT_WORDS or before[0] in FILLERS):
        before = before[1:]  # "เดี๋ยวก่อนนะครับ ขอดูสถานะโครงการ": a pause, no name
    parts = ["".join(_strip_edges(side)).strip() for side in (before, after)]
    text = " ".join(p for p in parts if p)
    for code in codes:
        text = text.replace(code, " ")
    return " ".join(text.split()).strip(_QUOTES).strip()


def _leftover(toks: list[str]) -> str:
    """What is left once fillers, particles, punctuation and codes are set aside."""
    return "".join(t for t in toks if t.casefold() not in FILLERS and not _PUNCT.match(t)).strip()


# Questions about reports are not requests to file one ("ผมส่งรายงานไปกี่ครั้งแล้วครับ").
_QUESTION = re.compile(r"ใคร|ไหม(?!้)|มั้ย|ทำไม|(?:เสร็จ|ไป|แล้ว)ยัง(?!ไม่)"
                       r"|เป็นไง|หรือยัง|หรือเปล่า|รึเปล่า|กี่|อะไร|ยังไง|อย่างไร|เท่าไ|\?"
                       r"|(?:ทำ|พิมพ์|กด)ไง|ไหน|วิธี|สอน(?:หน่อย|ด้วย|ที)|ว่าไง|เหรอ|หรอ|ไง(?:นะ|คะ|ครับ)?$|เมื่อ(?:ไหร่|ไร|ไหร|ใด)|ใช่ป่ะ|ป่าว"
                       # "…ส่งครบทุกโครงการยัง": a last "ยัง" asks
                       r"|(?<=[ก-๛])(?:ครบ|ส่ง|เสร็จ)\S{0,16}ยัง(?:คะ|ครับ|คับ|นะ|จ๊ะ)?$")
# The words of a question about one's reports: what is left of its fragment once they are set
# aside may name a project ("ส่งรายงานโครงการคลองสวยไปกี่ครั้ง" → "คลองสวย"), else nothing.
_ASKING_WORDS = frozenset({
    "ครั้ง", "หน", "ฉบับ", "เรื่อง", "เดือน", "ที่ผ่านมา", "ผ่านมา", "ที่แล้ว", "ก่อน", "ก่อนหน้า",
    "ครั้งก่อน", "ครั้งที่แล้ว", "ล่าสุด", "เมื่อไหร่", "เมื่อไร", "เมื่อใด", "ไหร่", "เคย", "ส่ง",
    "เท่าไหร่", "เท่าไร", "เท่าไร่", "ทำไม", "ถึง", "ล่าช้า", "ช้า", "เพราะ", "มีปัญหา", "ปัญหา",
    "เพราะอะไร", "เดือนก่อน", "เดือนที่แล้ว", "ก่อนๆ", "เบิก", "เบิกจ่าย", "ยอด", "สะสม",
    "ส่งไป", "ไป", "มา", "แล้ว", "ใช่", "ใช่ไหม", "ไหม", "อะไร", "ไหน", "บ้าง", "หรือยัง", "หรือเปล่า",
    "รึเปล่า", "เปล่า", "ยัง", "ทั้งหมด", "ครบ", "ทุก", "เป็น", "คือ", "วัน", "วันไหน", "วันที่",
    "เขียน", "ไว้", "ว่า", "ไง", "ยังไง", "ฉัน", "ดิฉัน", "กระผม", "พี่", "นะ", "เปอร์เซ็นต์", "%",
    "กี่", "ได้", "แล้วบ้าง", "สถานะ", "ประวัติ", "ความคืบหน้า", "ขาด", "ค้าง", "ค้างส่ง", "ลืม",
    "หรือ", "จำ", "จำได้", "ไม่", "ทราบ", "ตัวเอง", "ตอน", "นี้", "นั้น", "รอบ", "ทำ", "เสร็จ",
    "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา",
    "พฤศจิกา", "ธันวา",
})
_HOW = re.compile(r"ยังไง|อย่างไร|วิธี|ตัวอย่าง|ได้ไหม(?!้)|ได้มั้ย|ได้หรือเปล่า|(?:ทำ|พิมพ์|กด)ไง|ต้องทำ"
                  r"|ต้องพิมพ์|พิมพ์(?:ว่า)?(?:อะไร|ไร)|^พิมพ์(?:ว่า)?\S{0,20}ก็ได้|ต้องกรอก|กรอกอะไร|^how"
                  r"|ต้อง(?:ส่ง|รายงาน)\S{0,6}(?:ไหม(?!้)|มั้ย|หรือเปล่า|ด้วยไหม(?!้))", re.I)
_ABOUT_MISSING = re.compile(r"ค้าง|ครบ|ยังไม่(?:ได้)?(?:ส่ง|รายงาน)|หรือยัง|ขาด|ลืมส่ง|เลยกำหนด|เกินกำหนด"
                            r"|ส่ง(?:รายงาน)?(?:ล่า)?ช้า|ส่งไม่ทัน")
# Past reports named so, with no question ("รายงานเดือนก่อนๆของ…", "รายงานที่เคยส่งไป").
_PLAINLY_PAST = re.compile(r"ก่อน\s*ๆ|เคยส่ง|ที่ส่งไป|เก่า|^รายงานล่าสุด")
# Not now ("จะส่งรายงานแต่ยังไม่มีข้อมูลจากช่าง รอก่อนนะ"): noted, no draft opened.
_LATER = re.compile(r"รอก่อน|ไว้ก่อน|ไว้ทีหลัง|ค่อยส่ง|ยังไม่มีข้อมูล|ข้อมูลยังไม่(?:ครบ|พร้อม|มา)"
                    r"|ยังไม่พร้อม|เดี๋ยวมาใหม่|ขอหา\S{0,12}ก่อน"
                    r"|^(?:พรุ่งนี้|วันหลัง|ทีหลัง|อาทิตย์หน้า|สัปดาห์หน้า)(?:จะ)?(?:มา)?(?:ส่ง|ทำ)")
_ABOUT_PAST = re.compile(r"ดู|ย้อนหลัง|ก่อน\s*ๆ|เก่า|^รายงานล่าสุด"
                         r"|ก่อนหน้า|ที่แล้ว|ครั้งก่อน|ที่ส่งไป|ส่งไป|เขียนว่า|เขียนไว้|กี่ครั้ง"
                         r"|เดือนก่อน|ที่ผ่านมา|เดือน\S*ไปกี่|เคย|กี่เดือน|เดือนไหน"
                         r"|ส่ง\S{0,16}(?:เมื่อ(?:ไหร่|ไร|ใด)|วันไหน)")
# Asking to file one, late or not ("ขอส่งรายงานย้อนหลังของเดือนที่แล้ว"): no question.
_MAY_I = re.compile(r"(?:ขอ(?:ส่ง|ทำ|กรอก)(?:รายงาน)?\S{0,12}|ส่ง\S{0,24}ย้อนหลัง\S{0,20}"
                    r"|ส่ง(?:ตอนนี้|เลย|วันนี้)+|ส่ง(?:รายงาน)?แทน\S{0,12})"
                    r"ได้(?:ไหม(?!้)|มั้ย|หรือเปล่า|ป่ะ|บ่)")
_REPORT_OF = re.compile(r"^ขอ(?:รายงาน|อัปเดต|อัพเดท|อัพเดต|อัปเดท|update)\S*โครงการ\S*(?:หน่อย|ด้วย)",
                        re.I)
_PAST_WORDS = re.compile(r"เคย|ส่งไป|ย้อนหลัง|ก่อนหน้า|ที่แล้ว|ครั้งก่อน|เดือนก่อน|เก่า|ที่ผ่านมา|ที่ส่งไป")
_SEND_NOW = re.compile(r"ขอส่ง(?:รายงาน)?(?:ตอนนี้|เลย|วันนี้|หน่อย)+(?:นะ)?(?:คะ|ค่ะ|ครับ)?$")
_WHEN_DUE = re.compile(r"ทุกวันที่|วันที่เท่าไ|กำหนดส่ง\S{0,6}(?:วัน|เมื่อ)|ส่งภายในวัน|deadline", re.I)
_WANTS_TO_FILE = re.compile(r"(?:จะ|อยาก|ต้องการ|ขอ)(?:ส่ง|กรอก|ทำ)รายงาน\S*แต่\S*ไม่(?:รู้|แน่ใจ|ทราบ)")
# Meaning to file, said after something else ("ลืมรหัสโครงการ แต่จะส่งรายงานเดือนนี้").
_WILL_FILE = re.compile(r"(?:แต่|ก็|เลย)(?:จะ|อยาก|ต้องการ)(?:ส่ง|กรอก|ทำ)รายงาน")
# Something does not work ("กดส่งรายงานไม่ได้", "ส่งรายงานไม่ผ่าน"): how to, not a report.
_CANNOT = re.compile(r"^(?:กด|เข้า|เปิด|ใช้)\S{0,16}(?:ไม่ได้|ไม่ผ่าน|ไม่ขึ้น|ไม่ไป)"
                     r"|(?:ส่ง|กรอก)(?:รายงาน)?(?:ไม่ได้|ไม่ผ่าน|ไม่ขึ้น)(?:เลย|สักที|ค่ะ|คะ|ครับ|คับ|นะ)*"
                     r"(?:$|\S{0,24}(?:เงียบ|ค้าง|error|เออเร่อ|ไม่ขึ้น|ไม่ตอบ|ไม่ไป|หมุน))")
# A report of every project, or the overview, asked for: the digest.
_REPORT_OF_ALL = re.compile(r"^(?:ขอ|อยากได้|อยากดู|ขอดู)?รายงาน\S{0,24}?(?:ทุกโครงการ|แต่ละโครงการ"
                            r"|ภาพรวม|โครงการทั้งหมด)")
_FILING = re.compile(r"^(?:ขอ|จะ|อยาก|ต้องการ)(?:เริ่ม)?(?:ส่ง|กรอก|ทำ)รายงาน")
_ASKING_FOR = re.compile(r"^(?:อยากได้|อยากทราบ|ขอทราบ|ขอดู)\s*(?:รายงาน|ข้อมูล)\S*โครงการ"
                         r"|รายงานสถานะ|ขอ(?:รายงาน|อัปเดต|อัพเดท|อัพเดต|อัปเดท)\S*โครงการ\S*(?:หน่อย|ด้วย)")
_OVERVIEW = re.compile(r"สรุป|ภาพรวม")
# How every project is doing ("ตัวเลขความก้าวหน้าของทุกโครงการในเขต"): the overview.
_ALL_PROJECTS = re.compile(r"ทุกโครงการ|แต่ละโครงการ|โดยรวม|(?:โครงการ|งาน)\s?\S{0,12}ทั้งหมด"
                           r"|ทั้งหมด\S{0,6}โครงการ"
                           r"|ทั้ง(?:เขต|หน่วยงาน|สำนัก)|ทั้ง\s*[0-9]+\s*โครงการ"
                           r"|all\s*projects?", re.I)
_HOW_THEY_DO = re.compile(r"(?:ความ)?(?:ก้าวหน้า|คืบหน้า)|ตัวเลข|เฉลี่ย|ถึงไหน|ยอด|เบิก(?:จ่าย|ไป)|ผลรวม|สรุป"
                          r"|เสร็จ(?:แล้ว)?(?:บ้าง|หรือยัง)"
                          r"|สถานะ|progress|status"
                          r"|เป็น\s*(?:ยังไง|ไง|อย่างไร)", re.I)


def _all_projects_asked(text: str) -> Parsed | None:
    """The overview, when how all projects are doing is asked for without its word; never a
    plain command, so a sentence of work done at a free-text question stays an answer."""
    if _ALL_PROJECTS.search(text) and _HOW_THEY_DO.search(text):
        return Parsed(Intent.DIGEST, at_start=False, leftover=text)
    return None


def _name_asked_about(fragment: str) -> str:
    """What may name a project in a question's fragment, its question words set aside
    ("คลองสวยไปกี่ครั้ง" → "คลองสวย", "ครั้งล่าสุดเมื่อไหร่" → "")."""
    kept = [t for t in tokens(_TRAILING.sub("", fragment)) if not t.isspace()
            and not _PUNCT.match(t) and t.casefold() not in FILLERS | _ASKING_WORDS
            and _TRAILING.sub("", t) not in _ASKING_WORDS and not names_a_month_only(t)
            and t not in PHRASE_INTENT]
    name = "".join(kept).strip(_QUOTES).strip()
    return name if len(name) >= 3 and not name.isdigit() else ""


# Said of a report, never a project's name ("ขอเริ่มกรอกรายงานใหม่", "ส่งรายงานย้อนหลัง…ลืมส่ง").
_OF_THE_REPORT = frozenset({"ใหม่", "อีกครั้ง", "อีกที", "ต่อ", "ย้อนหลัง"})
# Words about the report or one's sending, never a name ("ย้อนหลังค่ะ ลืมส่ง", "ส่งไม่ทัน").
_ABOUT_ONES_SENDING = re.compile("|".join([*_OF_THE_REPORT, "ลืมส่ง", "ส่งไม่ทัน", "ส่งช้า", "ค่ะ",
                                          "ครับ", r"\s"]))


def only_about_sending(text: str) -> bool:
    """True when what is left of a report request says only that it is late or again
    ("ย้อนหลังค่ะ ลืมส่ง"): no project, no answer."""
    return not _ABOUT_ONES_SENDING.sub("", _name_asked_about(text) or text.replace(" ", ""))


def names_a_project(fragment: str) -> bool:
    """True when what follows a report request may name a project: not only words about the
    report, its month or one's sending ("ใหม่", "ที่แล้วค่ะ ลืมส่ง")."""
    name = _name_asked_about(fragment)
    return bool(name) and bool(_ABOUT_ONES_SENDING.sub("", name))


def _asked(parsed: Parsed, intent: Intent) -> Parsed:
    """A question about reports, answered by intent: any name in it is only a guess."""
    return replace(parsed, intent=intent, question=True,
                   fragment=_name_asked_about(parsed.fragment) if parsed.code is None else "")


def _as_question(text: str, parsed: Parsed) -> Parsed:
    """A report request that is really a question: how to (help), what is missing (ค้างส่ง),
    what was sent (ประวัติ), or a supervisor asking for a project's report (สถานะ)."""
    flat = re.sub(r"\s+", "", text)
    if _SENT_THEN_SEE.search(flat):  # "ส่งรายงานไปเมื่อวานแล้ว ขอดูหน่อยได้ไหมคะ": what was sent
        return _asked(parsed, Intent.HISTORY)
    asking = bool(_QUESTION.search(flat))
    may_i = _MAY_I.search(flat)
    if may_i and not re.search(r"ยังไง|อย่างไร|วิธี|ทำไง", flat):
        if not may_i.group().startswith("ขอ") and "ย้อนหลัง" in may_i.group():
            return replace(parsed, intent=Intent.HELP)  # "…ส่งย้อนหลังได้ไหมครับ": whether one may
        return replace(parsed, at_start=True)  # "ขอส่งย้อนหลังได้ไหมคะ", "ลืมส่ง… ส่งตอนนี้ได้ไหมคะ":
        # asking leave to file one is filing one
    if not asking and re.search(r"ขอส่ง(?:รายงาน)?(?:ใหม่|อีกครั้ง|ย้อนหลัง)|ลืมส่ง"
                                r"|^ส่ง(?:รายงาน)?ย้อนหลัง", flat):
        # "ส่งรายงานไม่สำเร็จค่ะ ขอส่งใหม่นะคะ", "ขอรายงานย้อนหลังของเดือนที่แล้ว ลืมส่ง"
        return parsed if parsed.at_start else replace(parsed, at_start=True, fragment="")
    if not asking and _LATER.search(flat):
        return replace(parsed, intent=Intent.THANKS)
    if _WANTS_TO_FILE.search(flat):
        return replace(parsed, fragment="")  # "จะส่งรายงานอ่ะ แต่ไม่รู้ต้องทำไง": the report shows how
    if _WILL_FILE.search(flat) and not asking:
        return replace(parsed, at_start=True, fragment="")  # "ลืมรหัสโครงการ แต่จะส่งรายงานเดือนนี้"
    if _CANNOT.search(flat) or re.search(r"ตัวอย่าง|วิธี(?:การ)?(?:กรอก|ส่ง|ใช้)|ขั้นตอน", flat):
        return replace(parsed, intent=Intent.HELP)  # "กดส่งรายงานไม่ได้", "ขอตัวอย่างการกรอก"
    if _REPORT_OF_ALL.search(flat):
        return replace(parsed, intent=Intent.DIGEST)  # "ขอรายงานความก้าวหน้าของทุกโครงการ"
    if re.search(r"(?:ดู|ขอ|เช็ค|เช็ก)\S{0,8}สถานะ", flat):
        return _asked(parsed, Intent.STATUS)  # "ขอดูรายงานสถานะโครงการก่อนได้ไหมคะ"
    if _REPORT_OF.search(flat) and not _PAST_WORDS.search(flat):
        return _asked(parsed, Intent.STATUS)  # "ขอรายงานความก้าวหน้าโครงการ … หน่อยค่ะ ผอ.ขอดู"
    if re.search(r"ดู\S{0,24}?(?:ได้)?(?:ไหม(?!้)|มั้ย)", flat) and _ABOUT_PAST.search(
            flat.replace("ดู", "")):
        return _asked(parsed, Intent.HISTORY)  # "รายงานเดือนก่อนๆ ของ … ดูได้ไหม"
    if re.search(r"รายงาน(?:ไป|ไว้)?(?:(?:ครั้ง|เดือน)(?:ก่อน|ที่แล้ว))?ว่า(?:ยังไง|อย่างไร|อะไร)"
                 r"|เขียน(?:ไป|ไว้)?ว่า(?:ยังไง|อย่างไร|อะไร)", flat):
        return _asked(parsed, Intent.HISTORY)  # "เดือนที่แล้วโครงการ … รายงานไปว่ายังไงบ้าง"
    if asking and (_HOW.search(flat) or _WHEN_DUE.search(flat)):
        return replace(parsed, intent=Intent.HELP)  # "ต้องส่งรายงานทุกวันที่เท่าไหร่": how it works
    if not asking and _SENT_NEWS.match(_TRAILING.sub("", flat)):
        return replace(parsed, intent=Intent.THANKS)  # "ส่งรายงานไปแล้วนะคะ": noted, nothing to do
    if not asking and _FILING.search(flat):
        return parsed

    missing = Intent.HISTORY if parsed.code else Intent.OVERDUE  # one project's: its months
    if _STILL_TO_SEND.search(flat):
        return _asked(parsed, missing)
    if _checks_own_sending(flat):
        return _asked(parsed, Intent.HISTORY)
    if _ABOUT_MISSING.search(flat) and (asking or "ค้าง" in flat or "ขาดส่ง" in flat):
        return _asked(parsed, missing)
    if _ABOUT_PAST.search(flat) and (asking or "ดู" in flat or "ย้อนหลัง" in flat
                                     or "ส่งไปแล้ว" in flat or _PLAINLY_PAST.search(flat)):
        return _asked(parsed, Intent.HISTORY)
    if _ASKING_FOR.search(flat):
        return _asked(parsed, Intent.STATUS)
    if _OVERVIEW.search(flat) and (_SCOPE_WORDS.search(flat) or "ทุก" in flat):
        return replace(parsed, intent=Intent.DIGEST)  # "ขอรายงานสรุปของทุกโครงการ"
    if asking:
        return _asked(parsed, Intent.HISTORY if parsed.code is None else Intent.STATUS)
    return parsed


# "I sent it, didn't I? is it in?": one's own sending checked, answered by the history.
_SENT_CHECK = re.compile(r"ส่ง(?:ไป)?แล้ว\S{0,4}(?:ใช่ไหม(?!้)|ใช่มั้ย|ใช่ป่ะ|ใช่หรือเปล่า|ใช่ไห?ม)"
                         r"|เข้าระบบ(?:แล้ว)?(?:หรือยัง|ไหม(?!้)|มั้ย)|(?:ได้รับ|ถึง)(?:แล้ว)?(?:หรือยัง|ไหม(?!้)|มั้ย)")
# Whether one's own report went in ("เดือนที่แล้วส่งรายงานไปหรือยังคะ", "ส่งไปสำเร็จมั้ย",
# "ส่งรายงานเดือนนี้ไปยัง"), not who has not sent ("ใครยังไม่ส่ง", "ส่งครบทุกโครงการหรือยัง").
_SENT_YET = re.compile(r"ส่ง(?:รายงาน)?(?:โครงการ[0-9\-–]*)?(?:เดือน\S{0,10}?|ของ\S{0,10}?)?"
                       r"(?:(?:ไป|มา)(?:แล้ว)?|แล้ว)?"
                       r"(?:หรือยัง|ยัง(?:คะ|ครับ|นะ|$)|สำเร็จ(?:ไหม(?!้)|มั้ย|หรือเปล่า|รึเปล่า|หรือยัง))")
_OTHERS_MISSING = re.compile(r"ใคร|ไหน|ครบ|ทุก|ค้าง|ยังไม่|ขาด|กี่|เลยกำหนด|เกินกำหนด")


def _checks_own_sending(flat: str) -> bool:
    """True for a question whether one's own report went in, answered by one's history."""
    return bool(_SENT_YET.search(flat)) and not _OTHERS_MISSING.search(flat)


# Which months or how many were sent ("ส่งเดือนไหนไปบ้างแล้ว").
_SENT_WHICH = re.compile(r"ส่ง\S{0,12}(?:ไหน|อะไร|กี่)\S{0,8}(?:ไป|บ้าง|แล้ว)"
                         r"|ส่งไป\S{0,10}(?:ไหน|อะไร|กี่)")
# How a project is doing: its progress, its money, whether it is late ("กี่เปอร์เซ็นต์แล้ว",
# "เบิกไปกี่ %", "ล่าช้าไหม").
_PROGRESS_ASKED = re.compile(r"คืบหน้า|ก้าวหน้า|ถึงไหน|กี่\s*(?:%|เปอร์)|(?:%|เปอร์\S*)เท่าไ"
                             r"|เบิก\S{0,8}(?:เท่าไ|กี่)"
                             r"|ช้า(?:ไหม(?!้)|มั้ย|หรือเปล่า|หรือไม่|รึเปล่า)|เสร็จ(?:หรือยัง|ยัง(?!ไม่)|ไหม(?!้)|มั้ย|กี่)")

# A real question about how far ("ไม่มีอะไรคืบหน้าเลย" says nothing moved; it asks nothing).
_ASKS_HOW_FAR = re.compile(r"กี่|ไหน|เท่าไ|ไหม(?!้)|มั้ย|หรือยัง|เสร็จยัง(?!ไม่)|หรือเปล่า|รึเปล่า|ยังไง|\?")
# Asking how to answer the question on screen, not how the project is doing.
_HOW_TO_ANSWER = re.compile(r"ต้อง(?:ดู|กรอก|ใส่|ตอบ)|ดูจาก|หมายถึง|ยังไง|อย่างไร")


# Reports still to send, named rather than asked ("รายงานที่ยังไม่ส่ง", "โครงการที่เลยกำหนดส่ง
# รายงาน", "เดือนนี้ยังต้องส่งรายงานอะไรอีกไหม"): the overdue list.
_STILL_TO_SEND = re.compile(r"(?:รายงาน|โครงการ|งาน|คน)(?:ไหน)?(?:ที่)?(?:ยังไม่(?:ได้)?(?:ส่ง|ทำ)"
                            r"|(?:เลย|เกิน)กำหนด(?:ส่ง)?"
                            r"|ค้างส่ง)|ยัง(?:ต้อง|ไม่ได้)ส่ง\S{0,12}(?:อะไร|ไหน|อีก)")
# Which projects are behind ("โครงการไหนล่าช้ากว่าแผนบ้าง"): the overview lists them.
_WHICH_BEHIND = re.compile(r"(?:ไหน|ใด|อะไร|กี่โครงการ(?:ที่)?)\S{0,8}"
                           r"(?:ล่าช้า|ช้ากว่า|ช้า(?=บ้าง|อยู่|$)|ไม่(?:เป็นไป)?ตาม(?:แผน|เป้า)"
                           r"|ไม่ถึงเป้า|ต่ำกว่า(?:แผน|เป้า))")
# The overview asked for in a sentence ("ภาพรวมเดือนนี้ขอหน่อยครับ", "ขอดูภาพรวมเขต").
_OVERVIEW_ASKED = re.compile(r"^(?:ขอ(?:ดู)?)?ภาพรวม\S*(?:ขอ|หน่อย|ด้วย)|^ขอ(?:ดู)?ภาพรวม|ขอตัวเลขภาพรวม"
                             r"|^ภาพรวม(?:โครงการ|งาน)?(?:ใน|ของ)?(?:เขต|สำนัก|หน่วยงาน|ฝ่าย)\S*$")
# One's own report said to be sent ("ส่งรายงานไปแล้วนะคะ"): news, not a request.
_SENT_NEWS = re.compile(r"^(?:ผม|หนู|ดิฉัน|เรา|พี่)?(?:ส่ง(?:รายงาน)?|รายงาน)"
                        r"(?:(?:ทาง|ผ่าน)\S{1,12}?)?(?:ไป)?(?:เรียบร้อย)?"  # "…ทางอีเมลไปแล้ว"
                        r"แล้ว(?:นะ)?"
                        r"(?:คะ|ค่ะ|ครับ)?(?:ขอบคุณ\S*)?$")


def _named_not_asked(flat: str, code: str | None) -> Parsed | None:
    """What a message names without asking: reports still to send, projects behind, the
    overview; never a plain command, so a sentence of work done stays an answer."""
    if _STILL_TO_SEND.search(flat):
        return Parsed(Intent.OVERDUE, code=code, at_start=False, leftover=flat)
    if _WHICH_BEHIND.search(flat) or (_OVERVIEW_ASKED.search(flat)
                                      and not _HOW_TO_ANSWER.search(flat)):
        return Parsed(Intent.DIGEST, at_start=False, leftover=flat)
    if code is not None and (re.match(r"^(?:ขอ)?(?:ดู|ทราบ|เช็ค|เช็ก)|^อยาก(?:ทราบ|รู้|ดู)", flat)
                             or _FIGURE_OF.fullmatch(_TRAILING.sub("", flat))):
        return Parsed(Intent.STATUS, code=code)  # "ขอดูผลการเบิกจ่ายโครงการ …"
    return None


# A project's figure named, nothing else ("ผลการเบิกจ่ายสะสมโครงการ … ถึงวันนี้"): its status.
_FIGURE_OF = re.compile(r"(?:ผล)?(?:การ)?(?:เบิกจ่าย|ความคืบหน้า|ความก้าวหน้า)(?:สะสม)?(?:ของ)?"
                        r"โครงการ[0-9\-–]+(?:ถึง(?:วันนี้|ตอนนี้|ปัจจุบัน)|ล่าสุด)?")


# Why a project is late, asked of it by name ("…ช้าเพราะอะไรครับ มีปัญหาอะไร").
_WHY_LATE = re.compile(r"ทำไม\S*(?:ช้า|ไม่ถึง|ไม่ตาม|ไม่เสร็จ)|(?:ช้า|ไม่ถึงเป้า|ไม่ตามแผน)\S{0,4}เพราะ"
                       r"อะไร|(?<!ไม่)(?:ติด|มี)ปัญหาอะไร(?:ครับ|คะ|บ้าง|\?|$)")


# Who or how many have not reported, asked without the word "ส่ง".
_WHO_MISSING = re.compile(r"ใคร|กี่(?:โครงการ|ราย|คน|หน่วย)|ค้าง(?:อีก|บ้าง|กี่|อยู่)|ยังไม่(?:ได้)?รายงาน"
                          r"|โครงการไหน")


_INCIDENT = re.compile(r"^\s*(?:รายงาน|แจ้ง)\s*(?:ด่วน|เหตุ(?:ด่วน)?)"
                       r"(?!.*(?:โครงการ|ความ(?:ก้าว|คืบ)หน้า|ส่ง|[0-9]{8}))", re.S)
_SENT_THEN_SEE = re.compile(r"ส่ง(?:รายงาน)?(?:ไป)?\S{0,10}แล้ว\S{0,6}(?:ขอ)?(?:ดู|เช็ค|เช็ก)")
_SHEET_WORDS = re.compile(r"(?:สรุป|รายงาน|เดือน|นี้|ทั้งหมด|ของ|ทุก|โครงการ|ให้|หน่อย|ด้วย|ผล|ความ"
                          r"|ก้าวหน้า|คืบหน้า)+")
_ON_BEHALF = re.compile(r"^(?:ท่าน)?(?:ผอ\.?|ผู้อำนวยการ|หัวหน้า|นาย)\S{0,14}?\s?(?=ขอ|อยาก|ต้องการ)")
_ABOUT_THE_BOT = re.compile(r"^(?:บอท|ระบบ)\S{0,30}(?:ยังไง|อย่างไร|จากไหน|ทำไม)")
_DUE_WHAT = re.compile(r"(?:มี)?อะไร(?:ที่)?(?:ต้อง|ค้าง)ส่ง|(?:ต้อง|ค้าง)ส่ง(?:อะไร|โครงการไหน|อันไหน)")


def _question_without_command(text: str, codes: list[str]) -> Parsed | None:
    """A question that names no command: about one's own sending (history), missing reports
    (ค้างส่ง), or how a project is doing (สถานะ)."""
    flat = re.sub(r"\s+", "", text)
    code = codes[0] if len(codes) == 1 else None
    if code is not None and re.search(r"เคยส่ง|ที่ส่งไป|ส่งไปแล้ว|ย้อนหลัง|ขอดูรายงาน|ทุกเดือน|ที่ผ่านมา", flat):
        return Parsed(Intent.HISTORY, code=code)  # "ที่เคยส่งไปของ … ขอดูหน่อย"
    named = _named_not_asked(flat, code)
    if named is not None:
        return named
    if _ABOUT_THE_BOT.search(flat):  # "บอทเอาเปอร์เซ็นต์เดือนก่อนมาจากไหนครับ": how it works
        return Parsed(Intent.HELP, question=True)
    if _DUE_WHAT.search(flat):  # "เดือนนี้มีอะไรต้องส่งบ้างคะ": what is still to send
        return Parsed(Intent.OVERDUE, code=code, question=True)
    if not _QUESTION.search(flat):
        return None
    if _checks_own_sending(flat):
        return Parsed(Intent.HISTORY, code=code, question=True)
    if "ส่ง" in flat and (_SENT_CHECK.search(flat) or (
            _SENT_WHICH.search(flat) and not _ABOUT_MISSING.search(flat))):
        return Parsed(Intent.HISTORY, code=code, question=True)
    if _ABOUT_MISSING.search(flat) and ("ส่ง" in flat or _WHO_MISSING.search(flat)):
        return Parsed(Intent.OVERDUE, code=code)  # "ใครยังไม่รายงานบ้าง", "ยังค้างอีกกี่โครงการ"
    if code is not None:
        return Parsed(Intent.STATUS, code=code)
    if "ภาพรวม" in flat and not _HOW_TO_ANSWER.search(flat.replace("ยังไง", "")):
        return Parsed(Intent.DIGEST, question=True)  # "ภาพรวมเขตเป็นยังไงบ้าง"
    if _WHY_LATE.search(flat):  # "ทำไมโครงการขุดลอกคลองถึงล่าช้าครับ": its status says why
        return Parsed(Intent.STATUS, question=True, fragment=_name_asked_about(text))
    if (_PROGRESS_ASKED.search(flat) and _ASKS_HOW_FAR.search(flat)
            and not _HOW_TO_ANSWER.search(flat)):
        return Parsed(Intent.STATUS, question=True, fragment=_name_asked_about(text))
    return None


# Words typed without their marks on a phone ("สงรายงานคับ", "ใครยงไมสงบาง"), tried only when the
# message as typed says nothing: ส่ง, ยัง, ไม่; and "รีพอร์ต", the English word, spelt in Thai.
_UNMARKED = ((re.compile(r"(?:(?<![ก-๛])|(?<=ใคร))ยง(?=ไม|ไม่|ส่ง|สง|$|\s)"), "ยัง"),
             (re.compile(r"(?:(?<![ก-๛])|(?<=ยัง))ไม"
                         r"(?=สง|ส่ง|มี|ได้|ได|รู้|ทราบ|ถึง|ตาม|ทัน|ใช่|เข้าใจ|$|\s)"), "ไม่"),
             (re.compile(r"(?:(?<![ก-๛])|(?<=ไม่)|(?<=ไม)|(?<=ยัง))"
                         r"สง(?!สัย|กรานต์|เคราะห์|บ(?!า)|ฆ์|คราม|ขลา|วน)"), "ส่ง"),
             (re.compile(r"(?<=ส่ง)บาง(?=$|\s|คะ|ครับ|คับ)"), "บ้าง"),
             (re.compile(r"รีพอร์ท|รีพอร์ต|รีพอท|รีพอต"), "รายงาน"))


@lru_cache(maxsize=512)
@lru_cache(maxsize=2048)  # pure, and asked of one message by several handlers in turn
def understand(message: str) -> Parsed:
    """Read one typed message into a Parsed (intent None when it is no command)."""
    parsed = _understand(message)
    if parsed.intent is not None:
        return parsed
    marked = message
    for unmarked, word in _UNMARKED:
        marked = unmarked.sub(word, marked)
    return _understand(marked) if marked != message else parsed


def _understand(message: str) -> Parsed:
    """The reading of one message as typed."""
    meant = other_layout(message) or romanized(message)  # "ikp'ko", "song rai ngan"
    message = as_typed(meant or message) or message  # "เอ่อขอส่ง…"
    message = standard_no(message)  # "ใครยังบ่ส่ง": Isan "no"
    text = _WANT.sub("อยาก", _PROJECT_WORD.sub("โครงการ", _said_digits(normalize(message))))
    text = DRAWN_OUT.sub(r"\1", corrected(text))  # "ส่งงานนน"; "รายงาน เอ้ย ดูสถานะก่อน …"
    text = _PROJECT_THEN_NAME.sub("โครงการ ", text)  # "โครงการอบรม…": not "โครง|การอบรม"
    if not text:
        return Parsed(None)
    text = _SALUTATION.sub("", text)  # "เรียนแอดมิน ขอทราบความก้าวหน้า…": to whom, not a command
    text = _ON_BEHALF.sub("", text)  # "ผอ.ขอสรุปทุกโครงการ…": the boss's request, made here
    if _INCIDENT.match(text):  # "รายงานด่วน ไฟจราจรแยกอโศกดับ": news of an incident, no report
        return Parsed(None)
    if _START_ALONE.fullmatch(_TRAILING.sub("", text).strip()):
        return Parsed(Intent.REPORT)  # "เริ่ม": begin (a report, the one thing to begin)
    leave = _LEAVE.match(text)
    if leave is not None:
        return Parsed(Intent.LEAVE, rest=_TRAILING.sub("", leave["date"]).strip())
    page = 1
    paged = _PAGE.search(text)
    if paged is not None and paged.start() > 0:
        page, text = max(int(paged.group(1)), 1), text[: paged.start()]
    codes = find_codes(text)
    toks = tokens(text)
    hit = _pick([h for h in _exact_hits(toks) if not _says_that(h, toks)])
    exact = True
    if hit is not None and hit.intent is Intent.OVERDUE and (
            _MAY_I.search(re.sub(r"\s+", "", text)) or _SEND_NOW.search(re.sub(r"\s+", "", text))):
        code = codes[0] if len(codes) == 1 else None  # "ยังไม่ได้ส่งรายงาน ส่งตอนนี้ได้ไหมคะ"
        return Parsed(Intent.REPORT, code=code)
    if hit is not None and (first := _misspelt_first(toks, hit)) is not None:
        hit, exact = first, False
    if hit is not None and hit.intent is Intent.DIGEST and len(codes) == 1:
        return Parsed(Intent.STATUS, code=codes[0])  # "ขอดูภาพรวมโครงการ 5047…": that project's
    if (hit is None or hit.intent is Intent.STATUS) and (overview := _all_projects_asked(text)):
        return overview
    if hit is None and (asked := _question_without_command(text, codes)) is not None:
        return asked  # a question names what it asks about; no typo of a command is sought
    if hit is None:
        hit, exact = _pick(_fuzzy_hits(toks)), False
    if hit is None:
        if len(codes) == 1 and _leftover(_without_codes(toks)) == "":
            return Parsed(Intent.STATUS, code=codes[0])
        return _question_without_command(text, codes) or Parsed(None)
    before, after = toks[: hit.start], toks[hit.end:]
    if hit.intent in REPORT_FAMILY:
        before = [t for t in before if t.casefold() not in _COMING_TO]
    at_start = not _leftover(_without_codes(before))  # "50470000-3432 ขอรายงานผล"
    rest = _TRAILING.sub("", "".join(after)).strip(" :：")
    others = [t for t in _without_codes(before + after)  # "ขอ dashboard ภาพรวม": said twice
              if t.casefold() not in FILLERS and not _PUNCT.match(t)
              and PHRASE_INTENT.get(_key([t])) not in _SAID_TWICE.get(hit.intent, {hit.intent})]
    leftover = "".join(others).strip()
    code = codes[0] if len(codes) == 1 else None
    fragment = _fragment(before, after, codes)
    if code is not None and hit.intent in _ABOUT_A_PROJECT and not _name_asked_about(fragment):
        fragment = ""  # "สถานะโครงการ 50470000-3430 เป็นไงบ้าง": the code, asked about
    elif code is None and hit.intent in _ABOUT_A_PROJECT and _QUESTION.search(
            text.replace(" ", "")):
        fragment = _name_asked_about(fragment) or fragment  # "…ทางเท้าตอนนี้เบิกไปเท่าไหร่แล้ว"
    parsed = Parsed(hit.intent, code=code, fragment=fragment,
                    rest=rest, page=page, exact=exact, at_start=at_start, leftover=leftover,
                    words=len(others))
    if (hit.intent is Intent.HISTORY and "ลืมส่ง" in text.replace(" ", "")
            and not _QUESTION.search(text.replace(" ", ""))):
        return Parsed(Intent.REPORT, code=code)  # "ขอรายงานย้อนหลังของเดือนที่แล้วค่ะ ลืมส่ง"
    if hit.intent in (Intent.REPORT, Intent.AMEND) and hit.score >= ACCEPT:
        asked = _as_question(text, parsed)
        if asked.intent is not hit.intent or asked.at_start != parsed.at_start:
            return asked  # a question, wherever the word "รายงาน" stands in it
    scope_only = (hit.intent in (Intent.DIGEST, Intent.DASHBOARD)
                  and bool(_SCOPE_WORDS.search(text))
                  and not any(w in text.replace("รายได้", "") for w in _SENTENCE_WORDS)) or (
        hit.intent is Intent.OVERDUE and names_a_month_only(" ".join(others)))
    scope_only = scope_only or (hit.intent is Intent.EXCEL and bool(_SHEET_WORDS.fullmatch(
        leftover.replace(" ", ""))))  # "ขอไฟล์ Excel สรุปรายงานเดือนนี้ครับ"
    if hit.intent not in _TAKES_ARGUMENT | _WEAK and leftover and not scope_only:
        return _question_without_command(text, codes) or Parsed(None)
    if hit.intent in _STARTS_ONLY and not at_start:
        return Parsed(None)  # "หยุดรายงาน" does not ask for a report
    if hit.score < ACCEPT:
        return Parsed(None, suggestion=suggest(parsed))
    return parsed


def content(message: str) -> str:
    """The words of a message without fillers and particles at its ends ("คลองสวย ค่ะ")."""
    return "".join(_strip_edges(tokens(normalize(message)))).strip().strip(_QUOTES).strip()


# "โปรเจค": the everyday English word for โครงการ, written in Thai.
_PROJECT_WORD = re.compile(r"โปรเจ[็]?(?:ค|กต์|กท์|ก)")


_SALUTATION = re.compile(r"^(?:(?:เรียน|ถึง)\s*(?:ท่าน)?\s*(?:แอดมิน|admin|ผู้ดูแล(?:ระบบ)?|เจ้าหน้าที่"
                         r"|ผู้อำนวยการ|ผอ\.?|หัวหน้า)\S*"
                         r"|ท่าน(?:คะ|ครับ|ค่ะ))\s+(?=\S)",
                         re.I)
_PROJECT_THEN_NAME = re.compile(r"โครงการ(?=[ก-ฮเ-ไ])")
_START_ALONE = re.compile(r"(?:ขอ)?เริ่ม(?:เลย|ใหม่|ได้)?|start", re.I)
# "ต้องการรายงาน…": the tokenizer cuts "ต้อง|การรายงานผล"; said as the word it means.
_WANT = re.compile(r"ต้องการ(?=\s*(?:รายงาน|ส่ง|กรอก|ทำ|ขอ|ดู))")


_DIGIT_WORDS = {"ศูนย์": "0", "หนึ่ง": "1", "สอง": "2", "สาม": "3", "สี่": "4", "ห้า": "5",
                "หก": "6", "เจ็ด": "7", "แปด": "8", "เก้า": "9", "ขีด": "-"}
_SAID_CODE = re.compile(r"(?:(?:" + "|".join(_DIGIT_WORDS) + r")\s*){9,}")


def _said_digits(text: str) -> str:
    """A project code said digit by digit, as voice typing writes it ("ห้าศูนย์สี่เจ็ด…ขีดสาม…")."""
    def digits(m: re.Match[str]) -> str:
        words = re.findall("|".join(_DIGIT_WORDS), m.group())
        return "".join(_DIGIT_WORDS[w] for w in words) + (" " if m.group().endswith(" ") else "")
    return _SAID_CODE.sub(digits, text)


def _without_codes(toks: list[str]) -> list[str]:
    """Tokens with the digits and dashes of project codes removed (codes count as said)."""
    return [t for t in toks if not re.fullmatch(r"[\d\-–\s]+", t)]


def suggest(parsed: Parsed) -> str:
    """The command text a doubtful message probably meant ("สถานะ 50470000-3430")."""
    assert parsed.intent is not None
    word = CANONICAL[parsed.intent]
    target = parsed.code or (parsed.fragment if parsed.intent in _TAKES_ARGUMENT else "")
    return f"{word} {target}".strip()


# Asking how a project is doing, in a whole sentence: a request to see it ("ขอดูความคืบหน้า
# โครงการ… ก่อนนะ") or a project asked how far it is ("โครงการ… ถึงไหนแล้วครับ").
_SEE_FIRST = re.compile(r"^(?:ขอ|อยาก|ช่วย)(?:ดู|ทราบ|รู้|เช็ค|เช็ก)")
# "เช็คสถานะโครงการ … ให้หน่อย": the word itself, asked to be checked.
_CHECK_STATUS = re.compile(r"^(?:ขอ|ช่วย)?(?:เช็ค|เช็ก|ดู|ตรวจ(?:สอบ)?|ถาม)สถานะ")
_PROJECT_HOW_FAR = re.compile(
    r"^(?:สถานะ)?(?:โครงการ|[0-9]{8}).*(?:ถึงไหน|ขั้นไหน|เป็น(?:ยังไง|ไง|อย่างไร)|เท่าไ(?:หร่|ร))(?:แล้ว|บ้าง)?"
    r"(?:นะ)?"
    r"(?:คะ|ครับ)?"
    r"(?:ลืม|ขอดู\S{0,16})?$")


# "งานนี้ตอนนี้สถานะในระบบเป็นไง": the word itself, asked about.
_STATUS_ASKED = re.compile(r"สถานะ\S{0,24}(?:เป็น(?:ยังไง|ไง|อย่างไร)|ถึงไหน|ขั้นไหน|ได้ไหม(?!้)|ได้มั้ย)"
                           r"|(?:ขอ|ช่วย)(?:ดู|เช็ค|เช็ก)สถานะ")


def asks_how_a_project_is(message: str) -> bool:
    """True for a status question put as a sentence, which no work done is worded like."""
    flat = _TRAILING.sub("", re.sub(r"\s+", "", normalize(message)))
    flat = re.sub(r"^เดี๋ยว(?:ก่อน)?(?:นะ)?(?:คะ|ค่ะ|ครับ)?", "", flat)  # "เดี๋ยวนะคะ โครงการนี้…"
    asked = re.sub(r"ได้(?:ไหม(?!้)|มั้ย|ป่ะ|หรือเปล่า)", "", flat)  # "…ก่อนตอบได้ไหม(?!้)": may I
    said = _SEE_FIRST.match(flat) and not any(w in asked for w in _SENTENCE_WORDS)
    return bool(said or _PROJECT_HOW_FAR.match(flat)  # "ขอทราบความคืบหน้าจากผู้รับจ้างแล้ว": done
                or _CHECK_STATUS.match(flat)
                or _STATUS_ASKED.search(re.sub(r"\s+", "", normalize(message))))  # "…สถานะ" whole


def interrupts(message: str, free_text: bool) -> bool:
    """True when a message typed in the middle of a draft is a command, not an answer.

    At a free-text question (the work done, the obstacles) only a plain command counts; at
    any other question (numbers, yes/no, the summary) any command the grammar is sure of.
    """
    parsed = understand(message)
    if parsed.intent is None or parsed.intent in REPORT_FAMILY | {Intent.RESUME, Intent.HELP}:
        return False  # the draft answers help itself, for the question it is on
    if parsed.intent in _WEAK:
        return not free_text and parsed.plain()
    if free_text:
        return parsed.plain() or (parsed.intent is Intent.STATUS
                                  and asks_how_a_project_is(message))
    if parsed.code is None and any(ch.isdigit() for ch in parsed.fragment):
        return False  # "ความคืบหน้า 80" answers the percent question
    return parsed.exact or parsed.at_start
