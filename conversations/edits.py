"""Corrections said in a sentence: which field ("งบผิดค่ะ") and, when given, its new value
("จริงๆ เบิกไปสองแสนห้า", "ความก้าวหน้าต้องเป็น 60 ไม่ใช่ 50", "ลืมใส่ปัญหา ฝนตกหนัก")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.answers import core, pointed_to, without_particles, without_tail
from conversations.engine import Slot
from conversations.readers import (
    PLAN_NEGATIVE,
    PLAN_POSITIVE,
    TARGET_NEGATIVE,
    TARGET_POSITIVE,
    Ok,
    find_phrases,
    read_yes_no_reason,
)
from conversations.thai_numbers import normalize
from core.report_schema import REPORT_FIELDS

# Everyday names of the fields, by slot name (longest tried first): core.report_schema's.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {f.name: f.aliases for f in REPORT_FIELDS}
_YES_NO = {"on_plan": (PLAN_POSITIVE, PLAN_NEGATIVE), "on_target": (TARGET_POSITIVE,
                                                                      TARGET_NEGATIVE)}
# Saying that something is wrong, or that it should change.
WRONG = re.compile(r"(?<!ไม่ต้อง)(?<!ไม่มีอะไรต้อง)(?:ผิด|แก้|ไม่ถูก|เปลี่ยน|ต้องเป็น|ต้อง(?=\s*[0-9])"
                   r"|ควร(?:จะ)?เป็น|ที่ถูก|จริง\s*ๆ|ลืม(?:ใส่)?|(?:ใส่|เขียน)ว่า|(?:เขียน|พิมพ์|กรอก)ใหม่"
                   r"|ตก\S{0,8}ไป|ยกเว้น|ไม่ใช่|ขาดไป|เพิ่ม|ลบออก|เอาออก|น่าจะ\s*(?=[0-9])"
                   r"|wrong)")
_MARK = re.compile(r"(?:ต้องเป็น|ต้อง(?=\s*[0-9])|น่าจะ(?=\s*[0-9])|ควร(?:จะ)?เป็น"
                   r"|ที่ถูก(?:ต้อง)?(?:คือ)?|แก้(?:ไข)?เป็น"
                   r"|เปลี่ยนเป็น"
                   r"|(?:ขอ)?เพิ่ม(?:เติม)?ว่า|(?:ใส่|เขียน|พิมพ์|แก้)(?:ว่า|เป็น)|เป็น|คือ|[:=])\s*")
# A field named first with its value ("เบิกเป็นศูนย์นะคะ"): a correction said plainly.
_STATED = re.compile(r"^\S{1,20}?(?:เป็น|คือ|[:=])\s*\S")
# Around a value: quotes, and owning up to the slip ("… ค่ะ กดผิด").
_SLIP_AFTER = re.compile(r"\s+(?:กด|พิมพ์|ใส่|เลือก|ตอบ)ผิด(?:ไป)?\s*$")


@dataclass(frozen=True)
class Edit:
    """A correction: the field it names (None: not named) and the new value's text, if any."""

    slot: Slot | None
    value: str | None = None
    adds: bool = False  # "เพิ่ม: …": added to the text already there, not put in its place


def _mention(slots: tuple[Slot, ...], text: str) -> tuple[Slot, int, int] | None:
    """The field a text names first, with where its name is (longest name wins a tie)."""
    best: tuple[Slot, int, int] | None = None
    lowered = text.lower()
    for slot in slots:
        for name in {*FIELD_ALIASES.get(slot.name, ()), slot.label, slot.name}:
            at = lowered.find(name.lower())
            if at < 0:
                continue
            if best is None or at < best[1] or (at == best[1] and len(name) > best[2] - best[1]):
                best = (slot, at, at + len(name))
    return best


# Two fields named at once ("ขอแก้สองอย่าง % กับเงิน", "แก้ทั้ง % และเงิน"): which first is asked.
_TWO = re.compile(r"(?:สอง|2)\s*(?:อย่าง|ข้อ|จุด|ที่|เรื่อง)|ทั้ง\S{0,12}\s*(?:และ|กับ|ทั้ง)"
                  r"|\S\s*(?:กับ|และ)\s*\S")


# Two fields each with its value ("เปอร์เซ็นต์เป็น 50 กับเงินเป็น 900,000"): one at a time too.
_TWO_VALUES = re.compile(r"(?:กับ|และ)\s*\S{1,20}?\s*(?:เป็น|=|:)\s*\S")


def names_two(slots: tuple[Slot, ...], text: str) -> bool:
    """True when a message names two fields to change together, with no value for either."""
    lowered = text.lower()
    named = {s.name for s in slots for name in {*FIELD_ALIASES.get(s.name, ()), s.label}
             if name.lower() in lowered}
    return len(named) >= 2 and bool(_TWO.search(text)) and (
        not _MARK.search(text) or bool(_TWO_VALUES.search(text)))


def _yes_no_value(slots: tuple[Slot, ...], text: str) -> Edit | None:
    """A yes/no field given with its value ("ไม่เป็นไปตามแผน"), not just named ("ตามแผนผิด")."""
    flat = re.sub(r"\s+", "", text)
    for slot in slots:
        if slot.name not in _YES_NO:
            continue
        positive, negative = _YES_NO[slot.name]
        for start, end, yes in find_phrases(flat, positive, negative):
            said = flat[start:end]
            after = flat[end:]
            if re.search(r"(?:แก้(?:ไข)?|เปลี่ยน)(?:ข้อ|ช่อง|ที่|ตรง)?$|ถามว่า$|(?:อัน|ข้อ|ช่อง|ตัว)(?:ที่)?"
                         r"(?:บอก|เขียน|ตอบ|ใส่|ระบุ|เลือก)(?:ไว้)?ว่า$", flat[:start]) or re.match(
                    r"(?:ไหม(?!้)|มั้ย|หรือไม่|หรือเปล่า)", after):
                return Edit(slot)  # "แก้ตามเป้าหมาย", "ข้อที่ถามว่าทันตามแผนไหม": which field
            if said in FIELD_ALIASES.get(slot.name, ()) and _BARE_YES_NO.match(after):
                return Edit(slot, after)  # "ตามแผน ไม่": the field, then its new answer
            label = not after and (said == slot.label.replace(" ", "") or (
                yes and flat[:start] in {"ผล", "ข้อ", "ช่อง"}))  # "ผลตามเป้า": the field
            truly = _TRULY.search(after)
            if truly and find_phrases(after[truly.end():], positive, negative):
                return Edit(slot, after[truly.end():])  # "ข้อตามแผนกดผิด ที่จริงตามแผนครับ"
            if re.match(r"(?:ขอ|ต้อง)?(?:แก้(?:ไข)?|เปลี่ยน)(?!\S{0,4}(?:เป็น|ว่า))", after):
                return Edit(slot)  # "ข้อตามเป้าขอแก้ค่ะ": the field to change, not a "yes"
            slip = re.match(r"(?:ใส่|กด|พิมพ์|ตอบ|เลือก)?ผิด(?:ค่ะ|ครับ|คะ|นะ)*", after)
            if slip and find_phrases(after[slip.end():], positive, negative) and "ผิด" in text:
                rest = text[text.index("ผิด") + len("ผิด"):]  # "ตามแผนผิด ไม่ตามแผนค่ะ ฝนตก"
                return Edit(slot, re.sub(r"^(?:ค่ะ|ครับ|คะ|นะ)*\s*", "", rest).strip())
            if after.startswith(("ผิด", "ใส่ผิด", "กดผิด", "พิมพ์ผิด", "ตอบผิด", "เลือกผิด")) or label or (
                    said in FIELD_ALIASES.get(slot.name, ()) and flat == said):
                return Edit(slot)  # "ตามแผนผิด", the question's wording, or only a field's name
            return Edit(slot, said + _reason_after(text, said))
    return None


def changed_yes_no(slots: tuple[Slot, ...], text: str, values: dict[str, object]) -> Edit | None:
    """A yes/no field's other answer said plainly at the summary ("ไม่ถึงเป้าค่ะ เพราะฝนตก" when
    it says on target): a correction, though no word of changing is said."""
    said = core(text)
    if names_two(slots, said):
        return None
    valued = _yes_no_value(slots, said)
    if valued is None or valued.slot is None or not valued.value:
        return None
    read, _ = read_yes_no_reason(valued.value, *_YES_NO[valued.slot.name])
    if not isinstance(read, Ok) or read.value == values.get(valued.slot.name):
        return None
    return valued


# What the answer really is, said after the slip ("…กดผิด ที่จริงตามแผน").
_TRULY = re.compile(r"(?:ผิด|ไม่ใช่)\S{0,6}?(?:ที่จริง|จริงๆ|จริงแล้ว|ที่ถูก(?:ต้อง)?(?:คือ)?|ต้องเป็น)")
_BARE_YES_NO = re.compile(r"^(?:ไม่|ไม่ใช่|ใช่|no|yes|ไม่ตาม|ตาม|ไม่ถึง|ถึง|ไม่ทัน|ทัน)(?:ค่ะ|ครับ|คะ|จ้า)?$",
                          re.I)
_WHY = re.compile(r"^\s*(?:เพราะ|เนื่องจาก|เนื่องด้วย|สาเหตุ)")


def _reason_after(text: str, said: str) -> str:
    """The reason given after a changed yes/no ("ไม่ตามเป้า เพราะงบไม่พอ"), kept with it so
    the reader can put it in the obstacles; "" when none follows."""
    found = re.search(r"\s*".join(map(re.escape, said)), text)
    rest = re.sub(r"^\s*(?:ค่ะ|ครับ|คะ|นะคะ|นะครับ|นะ)(?=\s)", "", text[found.end():] if found else "")
    rest = without_tail(rest).strip()  # "ไม่ตามแผนครับ รอแบบแก้ไข": the reason, said plainly
    return f" {rest}" if _WHY.match(rest) or (len(rest) >= 4 and not _SLIP_AFTER.match(f" {rest}")
                                              and not re.match(r"(?:ผิด|แก้|เป็น|ว่า)", rest)) else ""


def _value_only(value: str) -> str:
    """A new value without quotes around it or a slip owned up to after it
    ('"ไม่" ค่ะ กดผิด' → "ไม่")."""
    value = _SLIP_AFTER.sub("", re.sub(r"[\"“”]", " ", value))
    value = re.sub(r"^(?:หน่อย|ด้วย|นะ)(?:ค่ะ|คะ|ครับ|นะ)*\s+(?=\S)", "", value.strip())  # "…หน่อยค่ะ X"
    return re.sub(r"^ว่า\s*", "", without_tail(without_particles(value)).strip(" '‘’:"))


_PERCENT_ONLY = re.compile(r"[0-9][0-9.]*\s*(?:%|เปอร์\S*)")
_BAHT_ONLY = re.compile(r"[0-9][0-9,.]*\s*(?:บาท|฿)")


def _by_its_value(slots: tuple[Slot, ...], slot: Slot, value: str) -> Slot:
    """The field a text field's new value belongs to when it can only be a number of another
    kind ("ผลงานเป็น 65%": the progress); the named field otherwise."""
    kind = ("percent" if _PERCENT_ONLY.fullmatch(value) else "money" if _BAHT_ONLY.fullmatch(value)
            else None)
    if slot.kind != "text" or kind is None:
        return slot
    return next((s for s in slots if s.kind == kind), slot)


# "ปัญหาอุปสรรคไม่มีค่ะ": the obstacles, now none.
_NONE_LEFT = re.compile(r"^\s*(?:ก็|เป็น|ตอนนี้)?\s*(?:ไม่มี(?:แล้ว|เลย)?|none|-)(?:นะคะ|นะครับ|ค่ะ|ครับ|นะ)?"
                        r"(?:\s*(?:ลบ|เอา)ออก\S*|\s*\S*(?:แก้|หมด|คลี่คลาย|เรียบร้อย)\S*)?\s*$"
                        # "ปัญหาแก้ได้แล้ว ไม่มีแล้วครับ": solved, none left
                        r"|^\s*\S{0,6}(?:แก้|คลี่คลาย)\S*\s+(?:ก็|ตอนนี้)?ไม่มี(?:แล้ว)?(?:นะคะ|นะครับ|ค่ะ|ครับ|นะ)?\s*$")
# "อุปสรรคค่ะ มีฝนตกหนัก": the field, then what there is.
_THERE_IS = re.compile(r"\s*(?:ค่ะ|ครับ|คะ|คับ)?\s+มี(?:เรื่อง)?\s*(?=\S{2})")
_BY_HOW_MUCH = re.compile(r"^\D{0,12}?(?:เพิ่ม|ลด)(?:ขึ้น|ลง)?\s*(?:อีก|แค่|เพียง)?\s*[0-9]")
_NOT_THIS_FIELD = re.compile(r"^ไม่ใช่\s*(?P<that>\S+?)(?:ค่ะ|ครับ|คะ|นะ)*\s+(?:แต่)?(?:เป็น|คือ)\s*"
                             r"(?P<this>\S.*)$")
_KEEP_THAT = re.compile(r"(?:ไม่(?:ต้อง)?แก้(?:ไข)?|(?<!ที่)ถูก(?:แล้ว|ต้อง)(?:แล้ว)?(?!\s*(?:คือ|เป็น)))"
                        r"(?:ค่ะ|คะ|ครับ|นะ)*\s+")
# A percent and an amount side by side, no field named: two cells pasted.
_AMOUNT = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*(?:บาท)?"
_TWO_FIGURES = re.compile(rf"^\s*[0-9][0-9.]*\s*%\s+{_AMOUNT}\s*$"
                          rf"|^\s*{_AMOUNT}\s+[0-9][0-9.]*\s*%\s*$")
_PERCENT_UP = re.compile(r"^\s*(?:เพิ่ม|ลด)(?:ขึ้น|ลง)?\s*(?:อีก)?\s*[0-9][0-9.]*\s*(?:%|เปอร์)")
# "progress 55": a number field named, then its new number, nothing else.
_NUMBER_AFTER = re.compile(r"\s*[:=]?\s*[0-9][0-9,.]*\s*(?:%|บาท|เปอร์\S*)?")


def edit_in(slots: tuple[Slot, ...], text: str, named_only: bool = False) -> Edit | None:
    """The correction a message asks for. Without named_only, a message must also say that
    something is wrong or should change ("งบผิด", "ต้องเป็น 60") to be a correction."""
    said = core(text)
    right, but, wrong = said.partition("แต่")
    if but and re.search(r"(?<!ไม่)ถูก", right) and _mention(slots, wrong) is not None:
        said = wrong.strip()  # "เงินถูก แต่ % ผิด": the part said to be wrong
    instead = _NOT_THIS_FIELD.match(said)
    if instead and _mention(slots, instead["that"]) and _mention(slots, instead["this"]):
        said = instead["this"]  # "ไม่ใช่ความก้าวหน้าค่ะ เป็นยอดเบิก": the one it is
    left = _KEEP_THAT.search(said)
    if left and _mention(slots, said[:left.start()]) and _mention(slots, said[left.end():]):
        said = said[left.end():]  # "ผลเบิกจ่ายไม่ต้องแก้ แก้ % แทน": the other one
    mentioned = _mention(slots, said)
    stated = mentioned is not None and mentioned[1] == 0 and (
        bool(_STATED.match(said)) or (mentioned[0].kind in ("percent", "money")
                                      and bool(_NUMBER_AFTER.fullmatch(said[mentioned[2]:]))))
    if not named_only and not WRONG.search(said) and not stated:
        return None
    if names_two(slots, said) or _TWO_FIGURES.search(said):
        return Edit(None)  # "47.75%    320,500.00": two cells pasted, which field is asked
    mark = _MARK.search(said, mentioned[2]) if mentioned is not None else _MARK.search(said)
    if mentioned is not None and mentioned[0].name in _YES_NO:
        tail = _value_only(said[mark.end():]) if mark and mark.start() >= mentioned[2] else ""
        bare = _value_only(said[mentioned[2]:]).replace(" ", "")
        first = re.fullmatch(r"\s*(?:ข้อ|หัวข้อ|ช่อง)?\s*", said[:mentioned[1]]) is not None
        tail = tail or (bare if first and _BARE_YES_NO.match(bare) else "")  # "ข้อเป้าหมาย ใช่"
        spaced = _value_only(said[mentioned[2]:])
        spaced_after = re.match(r"(?:ค่ะ|คะ|ครับ|นะ)*\s|(?:ยัง)?ไม่(?:ถึง|ตาม|ทัน)", said[mentioned[2]:])
        if not tail and first and spaced_after and spaced and isinstance(
                read_yes_no_reason(spaced, *_YES_NO[mentioned[0].name])[0], Ok):
            tail = spaced  # "แผน ไม่ตาม รอน้ำลด": the field, then its answer and why
        if tail:
            return Edit(mentioned[0], tail)
    pointed = pointed_to(said)
    if pointed != said and mentioned is not None and mentioned[0].name in _YES_NO:
        read, _ = read_yes_no_reason(pointed, *_YES_NO[mentioned[0].name])
        if isinstance(read, Ok):
            return Edit(mentioned[0], pointed)  # "ตามเป้า → ใช่", "ตามแผน -> ไม่ตาม เพราะ…"
    valued = _yes_no_value(slots, pointed)
    if (valued is not None and mentioned is not None and mentioned[0].name in _YES_NO
            and valued.slot is not mentioned[0]):  # "เป้าหมาย ไม่ถึง เพราะงบล่าช้า": the target's
        tail = said[mentioned[2]:]
        read, _ = read_yes_no_reason(tail, *_YES_NO[mentioned[0].name])
        if isinstance(read, Ok):
            return Edit(mentioned[0], tail.strip())
    if valued is not None and pointed != said and valued.value is None:
        valued = Edit(valued.slot, pointed)  # "เป้าหมาย -> ตามเป้า": the arrow points at the value
    if valued is not None and (mentioned is None or mentioned[0].name in _YES_NO
                               or mentioned[0].name == "detail"):
        return valued
    if mentioned is None:
        return Edit(None)
    slot, _, end = mentioned
    if slot.kind == "text" and _PERCENT_UP.match(said[end:]):
        slot = next((s for s in slots if s.kind == "percent"), slot)  # "ผลงานเพิ่มขึ้น 8%"
    if slot.kind == "percent" and _BY_HOW_MUCH.match(said[end:]):
        return Edit(slot, said[end:].strip())  # "ความคืบหน้าเพิ่มอีก 5": from last month's, shown
    if slot.kind in ("percent", "money") and _BY_HOW_MUCH.match(said[end:]):
        return Edit(slot)  # "เงินเบิกเพิ่มอีก 50,000": by how much, the new total is asked
    if said[mentioned[1]:end] == "%" and _PERCENT_ONLY.match(said):
        value = said.strip()  # "55% ค่ะ ไม่ใช่ 50": the figure is before its sign
    elif mark is not None and mark.start() >= end:
        value = said[mark.end():].strip()
    elif slot.kind in ("percent", "money") or (
            slot.name == "obstacles" and (re.search(r"ลืม|เพิ่ม", said[:mentioned[1]])
                                          or _NONE_LEFT.match(said[end:]))):
        value = said[end:].strip()
    elif slot.name == "obstacles" and (there := _THERE_IS.match(said[end:])) is not None:
        value = said[end + there.end():].strip()  # "อุปสรรคค่ะ มีฝนตกหนัก": the new obstacle
    else:
        value = ""
    value = _value_only(value)
    if not value and slot.kind == "money" and not said[end:].strip() and re.search(
            r"(?:ยัง)?ไม่ได้\s*$", said[:mentioned[1]]):
        value = "0"  # "ที่จริงยังไม่ได้เบิกครับ": nothing paid out
    if not value and slot.kind in ("percent", "money"):
        # "๖๕%" at the edit menu, "เปลี่ยนเป็น 60% นะคะ" at the summary: the one number whose unit
        # names the field
        units = (_PERCENT_ONLY if slot.kind == "percent" else _BAHT_ONLY).findall(said)
        value = units[0] if len(units) == 1 else ""
    slot = _by_its_value(slots, slot, value)  # "ขอแก้ผลงานเป็น 65%": the percent, not the work
    if value and slot.kind == "text":  # stored as typed: case and full stop kept
        kept = without_tail(normalize(text), keep_stop=True)
        at = kept.lower().find(value)
        if at >= 0:
            value = kept[at:].strip(" \"'“”:")
    if slot.name == "obstacles" and (_NONE_LEFT.match(said[end:]) or (
            re.fullmatch(r"(?:ตอนนี้)?(?:ก็)?ไม่มี", said[:mentioned[1]].replace(" ", ""))
            and re.match(r"(?:แล้ว|เลย)", said[end:].lstrip()))):
        value = "ไม่มี"  # "อุปสรรคไม่มีนะคะ ลบออกด้วย", "ไม่มีปัญหาแล้วค่ะ แก้ตรงนั้น": none left
    adds = slot.kind == "text" and mark is not None and "เพิ่ม" in said[end:mark.end()]
    return Edit(slot, value or None, adds=adds and bool(value))
