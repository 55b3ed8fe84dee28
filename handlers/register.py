"""The register command: "ลงทะเบียน <รหัสเชิญ>" binds a LINE user to projects or an agency."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import cast

import redis
from sqlalchemy.orm import Session

from conversations import grammar
from conversations.answers import STICKER, corrected, without_tail
from conversations.grammar import Intent
from conversations.thai_numbers import normalize
from core.messages import quick_text, text
from handlers.menus import role_key
from handlers.router import Inbound, Kind, Outcome
from storage.enums import Role
from storage.invites import redeem
from storage.scope import scope_of

log = logging.getLogger(__name__)
_COMMAND = re.compile(r"^(ลงทะเบียน|register)\s*(?P<code>.*)$", re.I | re.S)
MAX_FAILURES = 5
WINDOW_SECONDS = 3600
ROLE_TH = {Role.OFFICER: "เจ้าหน้าที่ผู้รับผิดชอบโครงการ", Role.SUPERVISOR: "ผู้บังคับบัญชา/ผู้ติดตาม",
           Role.ADMIN: "ผู้ดูแลระบบ"}


def user_ref(line_user_id: str) -> str:
    """A short hash of a LINE user id, for logs."""
    return hashlib.sha256(line_user_id.encode()).hexdigest()[:10]


# A code as handed out (ABCD-2345: no I, O, 0 or 1), then anything code-shaped (a typo);
# the halves apart by a space, a dash of any kind, _ / or a full stop ("c5h2.m8kd").
_DASHES = "-–—\u2010\u2011\u2012\u2212"
_CODE = re.compile(rf"(?<![A-Z0-9])([A-HJ-NP-Z2-9]{{4}})\s*[{_DASHES}_/.]?\s*([A-HJ-NP-Z2-9]{{4}})"
                   r"(?![A-Z0-9])")
_CODE_LIKE = re.compile(rf"(?<![A-Z0-9])([A-Z0-9]{{4}})\s*[{_DASHES}_/.]?\s*([A-Z0-9]{{4}})"
                        r"(?![A-Z0-9])")
# Written as a code is written, with its dash ("hk7d-92mt"): a code wherever it stands.
# "F3GH ขีด J5KL": the dash said aloud (voice typing).
_SAID_DASH = re.compile(r"(?<=[A-Za-z0-9])\s*ขีด\s*(?=[A-Za-z0-9])")
_DASHED = re.compile(rf"(?<![A-Z0-9{_DASHES}])([A-HJ-NP-Z2-9]{{4}})\s?[{_DASHES}_/]\s?"
                     rf"([A-HJ-NP-Z2-9]{{4}})(?![A-Z0-9{_DASHES}])")
# The same with letters no code is made of ("E3RT-Y7UI"): read, then refused as not valid.
_DASHED_LIKE = re.compile(rf"(?<![A-Z0-9{_DASHES}])([A-Z0-9]{{4}})\s?[{_DASHES}]\s?"
                          rf"([A-Z0-9]{{4}})(?![A-Z0-9{_DASHES}])")
# A message about a code ("รหัสคือ …", "ได้รหัสมาว่า …"), not a password or a project's code.
_ABOUT_A_CODE = re.compile(r"รหัส(?!\s*(?:ผ่าน|โครงการ|ไปรษณีย์|บัตร|ประจำตัว))"
                           r"|(?:แอดมิน|admin|ผู้ดูแล)\S{0,8}(?:ให้|ส่ง)", re.I)
_PROJECT_CODE = re.compile(r"\d{8}\s*[-–—]\s*\d{4}")  # a project's code is no invite code
# Nor is a project code, or an English word of registering ("REGISTER" is eight letters).
_NOT_A_CODE = re.compile(_PROJECT_CODE.pattern + r"|\b(?:REGISTER|SIGN\s*UP|INVITE|CODE)\b")
_REGISTERING = re.compile(r"ลง\s*ท\S{0,2}เบียน|register|sign\s*up|รหัส\s*เชิญ|invite|โค้ด|code"
                          r"|สมัคร(?:ใช้|สมาชิก)|ขอ(?:เข้า)?ใช้งาน|เข้าใช้งาน", re.I)
_SPELLED_OUT = re.compile(r"(?<=[A-Z0-9])\s+(?=[A-Z0-9])|(?<=[A-Z0-9])\s*([-–—_/])\s*(?=[A-Z0-9])")


# Something typed to be a code but not of its form: letters with digits or split by a dash
# ("ABC123", "R7KM-82F", "ABC-DEFG"); a word ("LINE") or a number (a phone) is not one.
_ATTEMPT = re.compile(r"(?<![A-Z0-9])[A-Z0-9]+(?:[-–—_/.][A-Z0-9]+)*(?![A-Z0-9])")
_ASCII_WORDS = frozenset({"LINE", "OK"})
WRONG_FORM = "รหัสเชิญมี 8 ตัวอักษร เช่น AB12-CD34"


def failures_key(line_user_id: str) -> str:
    """Redis key counting a user's wrong invite codes this hour."""
    return f"tidtam:invite-failures:{line_user_id}"


def _spelled_out(upper: str) -> str:
    """Characters typed one by one joined ("C A F E - 2 3 4 5" → "CAFE-2345"); words typed
    apart stay apart ("ME PLEASE" is no code)."""
    singles = re.findall(r"(?<![A-Z0-9])[A-Z0-9](?![A-Z0-9])", upper)
    return _SPELLED_OUT.sub(lambda m: m.group(1) or "", upper) if len(singles) >= 4 else upper


# English letters as voice typing writes them in Thai ("ดี เจ 5 เค เอ็ม 8 พี วาย").
_LETTER_NAMES = {"เอ": "A", "บี": "B", "ซี": "C", "ดี": "D", "อี": "E", "เอฟ": "F", "จี": "G",
                 "เอช": "H", "เฮช": "H", "ไอ": "I", "เจ": "J", "เค": "K", "แอล": "L", "เอ็ม": "M",
                 "เอ็น": "N", "โอ": "O", "พี": "P", "คิว": "Q", "อาร์": "R", "เอส": "S", "ที": "T",
                 "ยู": "U", "วี": "V", "ดับบลิว": "W", "ดับเบิลยู": "W", "เอ็กซ์": "X", "เอ็กซ": "X",
                 "วาย": "Y", "แซด": "Z", "ขีด": "-"}


def _said_letters(text: str) -> str:
    """A code said letter by letter in Thai by voice typing, written in letters: a run of at
    least six letter names and single characters, two of them letter names."""
    words = text.split()
    def spoken(w: str) -> bool:
        return w in _LETTER_NAMES or w in _SAID_DIGITS or bool(
            re.fullmatch(r"[A-Za-z0-9]{1,4}|-", w))
    out, run = [], []
    for w in [*words, ""]:
        if w and spoken(w):
            run.append(w)
            continue
        named = sum(x in _LETTER_NAMES and x != "ขีด" for x in run)
        out += [_LETTER_NAMES.get(x) or _SAID_DIGITS.get(x, x) for x in run] if (
            len(run) >= 6 and named >= 2) else run
        out += [w] if w else []
        run = []
    return " ".join(out)


_UNITS = "|".join(sorted(
    [*(n for n in _LETTER_NAMES if n != "ขีด"), "ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด",
     "แปด", "เก้า", "ขีด", "[A-Za-z0-9]"], key=len, reverse=True))
_UNIT = re.compile(_UNITS)
_GLUED = re.compile(f"(?:{_UNITS}){{8,10}}")
_HALVES = re.compile(f"(?:{_UNITS}){{4}}\\s*ขีด\\s*(?:{_UNITS}){{4}}")  # "เอ็มเจ็ดคิวดี ขีด สี่เอช…"
_SAID_DIGITS = {"ศูนย์": "0", "หนึ่ง": "1", "สอง": "2", "สาม": "3", "สี่": "4", "ห้า": "5", "หก": "6",
                "เจ็ด": "7", "แปด": "8", "เก้า": "9"}


def _glued_letters(text: str) -> str:
    """A code said letter by letter with no spaces ("ดีสามเอฟจีขีดเอชเจเคสี่" → "D3FG-HJK4"):
    eight letters and digits, two of them letter names."""
    def spelled(m: re.Match[str]) -> str:
        units = _UNIT.findall(m.group())
        named = sum(u in _LETTER_NAMES and u != "ขีด" for u in units)
        out = "".join(_LETTER_NAMES.get(u) or _SAID_DIGITS.get(u) or u for u in units)
        return f" {out} " if named >= 2 and len(out.replace("-", "")) == 8 else m.group()
    return _GLUED.sub(spelled, _HALVES.sub(lambda m: re.sub(r"\s+", "", m.group()), text))


# The code said in its two halves ("รหัส 4 ตัวหน้า J9DS ตัวหลัง 5WPA ครับ").
_TWO_HALVES = re.compile(r"(?:ตัว)?(?:หน้า|แรก)\s*:?\s*([A-Z2-9]{4})(?![A-Z0-9])\S{0,6}?\s*"
                         r"(?:(?:และ|กับ)\s*)?(?:4\s*)?(?:ตัว)?(?:หลัง|ท้าย)\s*:?\s*([A-Z2-9]{4})(?![A-Z0-9])")


# Owning up to a slip between two codes: the second is the one meant.
_OWNED_SLIP = re.compile(r"(?:พิมพ์|กด|ใส่)ผิด|ที่ถูก(?:ต้อง)?(?:คือ)?|แก้เป็น|ใหม่")  # "…ส่งอันใหม่มา"


def invite_code_in(message: str) -> str | None:
    """The invite code a registration message carries, wherever it stands ("ลงทะเบียนค่ะ
    r95l-78fa", "รหัสเชิญ GG5H-YT7U ค่ะ", a code alone); "" for a registration without one
    ("ลงทะเบียนยังไงคะ"); None when the message is not a registration."""
    message = corrected(STICKER.sub(" ", message))  # "ZX4C-88NB เอ้ย ZX4C-88NV"; no sticker
    halves = _TWO_HALVES.search(normalize(message).upper())
    if halves is not None and _mixed(halves[1] + halves[2]):  # "4 ตัวแรก KP7W ตัวหลัง 2RXC"
        return f"{halves[1]}-{halves[2]}"
    flat = _said_letters(_glued_letters(normalize(message).strip()))
    upper = _NOT_A_CODE.sub(" ", _SAID_DASH.sub("-", flat).upper())
    joined = _spelled_out(upper)  # "C A F E - 2 3 4 5"
    found = (_CODE.search(upper) or _CODE_LIKE.search(upper) or _CODE.search(joined)
             or _CODE_LIKE.search(joined))
    registering = bool(_REGISTERING.search(flat)) or bool(_COMMAND.match(flat))
    codes = list(_DASHED_LIKE.finditer(upper))
    if len({f"{m[1]}{m[2]}" for m in codes}) >= 2:
        named = [m for m in codes if re.search(r"ที่ถูก(?:ต้อง)?(?:คือ|เป็น)\s*:?\s*$",
                                                upper[:m.start()])]
        if len(named) == 1 and _mixed(named[0][1] + named[0][2]):
            return f"{named[0][1]}-{named[0][2]}"  # "รหัสที่ถูกคือ F4NE-6CPX ไม่ใช่ F4NE-6CPK"
        between = upper[codes[-2].end():codes[-1].start()]
        if _OWNED_SLIP.search(between) and _mixed(codes[-1][1] + codes[-1][2]):
            return f"{codes[-1][1]}-{codes[-1][2]}"  # "VH3P-7QXA\nพิมพ์ผิดครับ VH3P-7QXE": the last
        return ""  # "CV4R-7HJN หรือ CV4R-7HJM ไม่แน่ใจ": which one is asked, no try spent
    if found is not None and registering:
        return f"{found[1]}-{found[2]}"
    # Without a word of registering, only a code as handed out that mixes letters and digits
    # ("asdf qwer" is no code): in a message about a code, written with its dash, or alone.
    about = _ABOUT_A_CODE.search(flat)
    for candidate in (_CODE.search(upper) if about else None, _DASHED.search(upper),
                      _DASHED.search(joined), _DASHED_LIKE.search(upper),
                      _CODE.fullmatch(without_tail(upper).strip(" .:()")),  # "z3qck7n4 ครับ"
                      _CODE.fullmatch(without_tail(joined).strip(" .:()")),  # "m s 6 t 9 q r d"
                      _CODE.match(upper.strip())):  # "g5jt8hwm ค่ะ พิมพ์เล็กได้ไหมคะ": first
        if candidate is not None and _mixed(candidate[1] + candidate[2]):
            return f"{candidate[1]}-{candidate[2]}"
    parsed = grammar.understand(message)
    if registering and (parsed.intent is Intent.REGISTER or _COMMAND.match(flat)
                        or re.match(r"^ลง\s*ท\S{0,2}เบียน", flat)):
        return ""
    return None


def _mixed(chars: str) -> bool:
    """True when chars hold both letters and digits, as nearly every code does."""
    return bool(re.search(r"[0-9]", chars)) and bool(re.search(r"[A-Z]", chars))


def attempted_code(message: str) -> str | None:
    """What a registration without a valid-looking code typed as its code ("ลงทะเบียน
    ABC123" → "ABC123"), or None when it typed none ("ลงทะเบียนยังไงคะ", a project code)."""
    upper = _NOT_A_CODE.sub(" ", normalize(message).upper())
    for found in _ATTEMPT.finditer(_spelled_out(upper)):
        said = found.group()
        chars = re.sub(r"[^A-Z0-9]", "", said)
        letters, digits = re.search(r"[A-Z]", chars), re.search(r"[0-9]", chars)
        if (3 <= len(chars) <= 16 and letters and (digits or chars != said)
                and said not in _ASCII_WORDS):
            return said
    return None


@dataclass
class RegisterCommand:
    """Redeem invite codes, at most five wrong tries an hour per LINE user."""

    redis: redis.Redis

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle "ลงทะเบียน …"."""
        if event.kind is not Kind.TEXT or event.user_id is None:
            return None
        code = invite_code_in(event.text)
        if code is None:
            return None
        attempt = attempted_code(event.text) if not code else None
        if not code and attempt is None:
            return Outcome([text("กรุณาพิมพ์ \"ลงทะเบียน\" ตามด้วยรหัสเชิญที่ได้รับ "
                                 "เช่น ลงทะเบียน AB12-CD34 ค่ะ")])
        key = failures_key(event.user_id)
        failures = int(cast(bytes | None, self.redis.get(key)) or 0)
        if failures >= MAX_FAILURES:
            wait = max(1, (int(cast(int, self.redis.ttl(key))) + 59) // 60)
            return Outcome([text(f"ใส่รหัสเชิญไม่ถูกต้องหลายครั้งเกินไปค่ะ "
                                 f"กรุณารอประมาณ {wait} นาทีแล้วลองใหม่อีกครั้ง หรือติดต่อผู้ดูแลระบบ"
                                 "เพื่อปลดล็อกนะคะ")])
        if attempt is not None:  # typed as a code, not of its form: a wrong try all the same
            more = self._failed(event.user_id, failures)
            return Outcome([text(f"รหัสเชิญ \"{attempt}\" ไม่ถูกรูปแบบค่ะ {WRONG_FORM} "
                                 f"กรุณาตรวจสอบแล้วพิมพ์ใหม่อีกครั้ง ({more})")])
        granted = redeem(session, code, event.user_id, None)
        if granted is None:
            more = self._failed(event.user_id, failures)
            return Outcome([text("รหัสเชิญไม่ถูกต้อง ถูกใช้ไปแล้ว หรือหมดอายุค่ะ "
                                 f"กรุณาตรวจสอบอีกครั้ง ({more}) หากรหัสหมดอายุ กรุณาติดต่อผู้ดูแลระบบ"
                                 "เพื่อขอรหัสใหม่นะคะ")])
        self.redis.delete(key)
        log.info("invite redeemed user=%s role=%s", user_ref(event.user_id), granted.role)
        scope = (" ".join(p for p in ("หน่วยงาน", granted.agency, granted.agency_name) if p)
                 if granted.agency else "ทุกหน่วยงานของกรุงเทพมหานคร" if granted.everywhere
                 else "โครงการ " + ", ".join(granted.projects))
        if granted.role is Role.ADMIN and not granted.everywhere:
            scope += " (ดูได้เฉพาะขอบเขตนี้)"
        follow = ("พิมพ์ \"รายงาน\" เพื่อส่งรายงานความก้าวหน้าได้เลยค่ะ"
                  if granted.role is Role.OFFICER else
                  "พิมพ์ \"สถานะ\" ตามด้วยรหัสโครงการ หรือ \"สรุป\" เพื่อดูภาพรวมได้เลยค่ะ")
        first = "รายงาน" if granted.role is Role.OFFICER else "สรุป"
        return Outcome([text(f"ลงทะเบียนเรียบร้อยแล้วค่ะ 🎉\nบทบาท: {ROLE_TH[granted.role]}\n"
                             f"ขอบเขต: {scope}\n\n{follow}", [quick_text(first)])],
                       menu=role_key(scope_of(session, event.user_id).role or granted.role))

    def _failed(self, user: str, failures: int) -> str:
        """Count a wrong try this hour; how many are left, in words."""
        key = failures_key(user)
        if int(cast(int, self.redis.incr(key))) == 1:
            self.redis.expire(key, WINDOW_SECONDS)
        log.info("invite rejected user=%s", user_ref(user))
        left = MAX_FAILURES - failures - 1
        return (f"ลองได้อีก {left} ครั้งในชั่วโมงนี้" if left else
                "ครบจำนวนครั้งที่ลองได้แล้ว กรุณารอ 1 ชั่วโมงก่อนลองใหม่")
