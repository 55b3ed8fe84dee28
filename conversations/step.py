"""One step of a conversation: read the answer, check it, move on; pure, no I/O."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz, process

from conversations import grammar, prompts, readers
from conversations.answers import (
    core,
    corrected,
    pointed_to,
    starred,
    sticker_sign,
    without_particles,
)
from conversations.codes import find_codes
from conversations.controls import PROJECT, WHAT_PREVIOUS, asks_about_the_question, control
from conversations.edits import FIELD_ALIASES, Edit, changed_yes_no, edit_in, names_two
from conversations.engine import (
    Draft,
    Form,
    Read,
    Result,
    Slot,
    Stage,
    Submit,
    Value,
    active_slots,
    advance,
    ask,
    dump_value,
    start,
    values_of,
)
from conversations.layout import other_layout
from conversations.romanized import romanized
from conversations.spoken import as_typed
from conversations.summary import adds_photos, cancelled, confirm_note
from conversations.thai_numbers import normalize


def _same(text: str, words: tuple[str, ...]) -> bool:
    """True when text is one of the words (ignoring spaces and case)."""
    return text.replace(" ", "").lower() in {w.replace(" ", "").lower() for w in words}


def step(form: Form, draft: Draft, text: str) -> Result:
    """Apply one message (or quick-reply text) to a draft."""
    text = text.strip()
    meant = other_layout(text) or romanized(text)  # "pdg]bd": ยกเลิก on the English layout;
    # "mai tam plan": Thai in Latin letters
    if meant is not None and at_free_text(form, draft) and draft.slot and control(
            meant, True) is None and form.slot(draft.slot).read(meant).value is not None:
        return ask(form, draft, form.slot(draft.slot), prompts.OTHER_LAYOUT.format(meant=meant))
    text = as_typed(meant or text)  # "เป๋นไปต๋ามแผนเจ้า", "…เว้นวรรค…จุด" ("เว้นวรรค" alone: nothing)
    if draft.stage is Stage.ASK and draft.slot:
        text = _without_echo(form.slot(draft.slot).question, text)
    if not at_free_text(form, draft):
        text = sticker_sign(text) or text  # "[สติกเกอร์ยกนิ้ว]" at a yes/no or the summary: 👍
    steer = control(text, at_free_text(form, draft))
    if steer is not None or _same(text, prompts.CANCEL_WORDS):
        kind = steer.kind if steer is not None else "cancel"
        if kind == "cancel" and draft.stage is Stage.PICK_FIELD and (_same(
                without_particles(core(text)) or text, (prompts.CANCEL,)) or re.search(
                r"ไม่(?:ต้อง)?(?:แก้|เปลี่ยน)", text)):  # "ยกเลิกค่ะ ไม่แก้แล้ว": the edit only
            back = advance(form, replace(draft, stage=Stage.ASK, editing=False))  # the edit only
            return replace(back, replies=[prompts.message(prompts.EDIT_CANCELLED), *back.replies])
        if kind == "cancel":
            return Result(None, [prompts.message(cancelled(draft))])
        if kind == "resume":
            return _reprompt(form, draft, prompts.RESUMED)
        if kind == "repeat" and draft.stage is Stage.PICK_FIELD:
            return _edit_menu(form, draft, prompts.PICK_FIELD)  # the list again
        if kind == "repeat":
            return _reprompt(form, draft, prompts.ASKED_AGAIN)
        if kind == "help":
            return _help(form, draft)
        if kind in ("back", "done_editing") and draft.stage is Stage.PICK_FIELD:
            return advance(form, replace(draft, stage=Stage.ASK, editing=False))
        if kind == "back" and steer is not None:
            return _back(form, draft, steer.what)
    if draft.stage is Stage.CONFIRM:
        return _confirm(form, draft, text)
    if draft.stage is Stage.PICK_FIELD:
        return _pick_field(form, draft, text)
    if draft.stage is Stage.CHECK:
        said = core(text)
        if _same(said, prompts.YES_WORDS) or _same(text, prompts.YES_WORDS) or (
                readers.BARE_PARTICLE.fullmatch(text)):  # "ค่ะ" to "ยืนยันค่านี้ไหมคะ": yes
            return _accept(form, draft, draft.pending)
        if _same(said, prompts.NO_WORDS) or _same(text, prompts.NO_WORDS):
            return ask(form, draft, form.slot(draft.slot), prompts.ENTER_AGAIN)
    return _answer(form, draft, text)


def _without_echo(question: str, text: str) -> str:
    """The answer after the bot's own question copied back first ("การดำเนินงานเป็นไปตามแผน
    หรือไม่คะ เป็นไปตามแผนค่ะ" → "เป็นไปตามแผนค่ะ"); the text as it was otherwise."""
    asked = re.sub(r"(?:คะ|ครับ)$", "", re.sub(r"\s+", "", question.split("\n")[0]))
    if len(asked) < 8 or not re.sub(r"\s+", "", text).startswith(asked):
        return text
    seen = at = 0
    while at < len(text) and seen < len(asked):
        seen += not text[at].isspace()
        at += 1
    rest = re.sub(r"^(?:คะ|ครับ|ค่ะ)?\s*[?？:：]?\s*", "", text[at:])
    return rest or text


def _answer(form: Form, draft: Draft, text: str) -> Result:
    """Read an answer to the current slot; problems re-ask, soft checks ask to confirm."""
    slot = form.slot(draft.slot)
    values = values_of(form, draft)
    bare = without_particles(core(text)) or text  # "ข้ามค่ะ"
    if (_same(bare, prompts.SKIP_WORDS) or (slot.kind == "number" and _UNKNOWN.match(bare))) and (
            slot.skippable(values)):
        return _accept(form, draft, None)  # "ไม่ทราบจำนวนที่แน่นอนค่ะ": an optional count left out
    if _same(text, prompts.SKIP_WORDS) and slot.kind == "text":
        return ask(form, draft, slot, f"{prompts.REQUIRED} {slot.help}")
    if slot.kind == "text" and _same(core(text) or text, prompts.OTHER_STEP_WORDS):
        return _other_step_word(form, draft, slot, text, values)
    read = _read(slot, draft, text)
    if read.problem is not None:
        if not read.choices and read.problem not in readers.SPECIFIC and asks_about_the_question(
                text):
            return _help(form, draft)
        return ask(form, draft, slot, read.problem, read.choices)
    if read.value is None and slot.kind == "text":  # "ไม่มีค่ะ": no obstacle
        if slot.skippable(values):
            return _accept(form, draft, None)
        return ask(form, draft, slot, f"{prompts.REQUIRED} {slot.help}")
    if read.also:
        draft = _also(form, draft, read.also)
    warnings = (check(read.value, values, draft.context) for check in slot.checks)
    warning = read.confirm or next((w for w in warnings if w), None)
    if warning:
        pending = replace(draft, stage=Stage.CHECK, pending=dump_value(read.value))
        quick = (prompts.CONFIRM_VALUE, prompts.CHANGE_VALUE)
        return Result(pending, [prompts.message(warning + "\n" + prompts.CHECK_QUESTION, quick)])
    return _accept(form, draft, dump_value(read.value))


def _read(slot: Slot, draft: Draft, text: str) -> Read:
    """The slot's reading of an answer, self-corrections and changes from last time made
    whole ("45 เอ้ย 50" is 50, "เพิ่มขึ้น 5%" is last month's plus 5)."""
    said = corrected(text if slot.kind == "text"
                     else pointed_to(starred(text)).lstrip("*"))  # "*47": a value corrected
    if slot.kind in ("percent", "money", "number"):
        said = _NOT_THE_OTHER.sub("", said)  # "55% ค่ะ ไม่ใช่ 50": 55, not 50
        said = _LATER_FIGURE.sub("", said)  # "56 ครับ เดือนหน้าคาดว่า 70": now, not the forecast
        said = _WORKED_OUT.sub("", said)  # "40+7.5 = 47.5 ครับ": the result
        said = _TONELESS_FIVE.sub("ห้า", said)  # "หกสิบหา": 65, the tone mark left out
        said = _ASIDE.sub(" ", said)  # "ผลสะสมไตรมาส 2 = 52 (แผน 58)": 52, not the quarter or plan
    two = _TWO_SOURCES.search(said) if slot.kind == "percent" else None
    if two is not None and Decimal(two[1]) != Decimal(two[2]):  # "ครูเขียน 45 แต่การเงินบอก 50"
        return Read(problem=prompts.WHICH_FIGURE.format(a=two[1], b=two[2]),
                    choices=(f"{two[1]}%", f"{two[2]}%"))
    first, _, rest = said.partition("\n")
    if slot.kind in ("percent", "money", "number") and rest and not _FIGURE_WORDS.search(rest):
        head = slot.read(first)  # "90 ค่า\nเย้ใกล้เสร็จแล้ว 🥳": the figure, then a cheer
        if head.problem is None and head.value is not None:
            return head
    return _relative(slot, draft, text) or slot.read(said)


_NOT_THE_OTHER = re.compile(r"(?<=\S)\s+(?:ไม่ใช่|มิใช่)\s+[0-9๐-๙][0-9๐-๙.,]*\s*(?:%|บาท)?\s*"
                            r"(?:ค่ะ|ครับ|คะ|นะ)*\s*$")
_TWO_SOURCES = re.compile(r"(?:ไว้|บอก|ว่า|เขียน)\S{0,4}\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*%?\s*"
                          r"(?:ค่ะ|ครับ)?\s+แต่"
                          r"\S{0,24}?(?:บอก|ว่า|เขียน)\S{0,4}\s*([0-9]{1,3}(?:\.[0-9]+)?)")
_LATER_FIGURE = re.compile(r"(?<=\S)\s+(?:เดือนหน้า|ปลายเดือน|ปลายปี|สิ้นเดือน)?\s*(?:คาดว่า|น่าจะ|จะ)"
                           r"(?:ได้|ถึง|เป็น)?\s*[0-9๐-๙][0-9๐-๙.,]*\s*(?:%|บาท)?\s*(?:ค่ะ|ครับ|คะ|นะ)*\s*$")
_WORKED_OUT = re.compile(r"^\s*[0-9๐-๙][0-9๐-๙.,]*\s*%?\s*"
                         r"(?:[-+]\s*[0-9๐-๙][0-9๐-๙.,]*\s*%?\s*)+=\s*(?=[0-9๐-๙])")
_ASIDE = re.compile(r"\s*[(（]\s*แผน\s*[0-9.]+\s*%?\s*[)）]|ไตรมาส(?:ที่)?\s*[0-9](?![0-9])")
_TONELESS_FIVE = re.compile(r"(?:(?<=สิบ)|(?<=ร้อย)|(?<=พัน)|(?<=แสน)|(?<=ล้าน)|(?<=หมื่น))หา(?![ก-๛])")
_FIGURE_WORDS = re.compile(r"[0-9๐-๙%]|บาท|เปอร์|ร้อยละ|สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน|ไม่|ใช่|ตาม|ทัน|ถึง")


def _relative(slot: Slot, draft: Draft, text: str) -> Read | None:
    """A percent said as a change from last time's ("เพิ่มขึ้น 5%", "เท่าเดิม"), made whole
    with the last value the draft knows; None when there is no such value or change."""
    change = readers.progress_change(text) if slot.kind == "percent" else None
    last = draft.context.get(f"last_{slot.name}")
    gain = (readers.month_gain(text, Decimal(last))
            if change is None and slot.kind == "percent" and last else None)
    if gain is not None and last is not None:
        total = (Decimal(last) + gain).quantize(Decimal("0.01"))
        return Read(value=total, confirm=prompts.MONTH_GAIN.format(
            total=f"{total.normalize():f}", last=f"{Decimal(last).normalize():f}",
            gain=f"{gain.normalize():f}"))
    left = readers.progress_left(text) if slot.kind == "percent" and change is None else None
    if left is not None:  # "เหลืออีก 30% ก็เสร็จ": 70, shown back
        total = Decimal(100) - left
        return Read(value=total, confirm=prompts.LEFT_READ.format(
            total=f"{total.normalize():f}", left=f"{left.normalize():f}"))
    if change is not None and not last:
        return Read(problem=prompts.NOTHING_TO_ADD_TO)
    shown = change is None and slot.kind == "percent" and last and gain is None
    if shown:  # "เท่าเดิมค่ะ เดือนนี้ฝนตกทั้งเดือน": the change, then why
        change = readers.progress_change_before(text)
    if change is None or last is None:
        return None
    value = (Decimal(last) + change).quantize(Decimal("0.01"))
    if not 0 <= value <= 100:
        return None
    return Read(value=value, confirm=prompts.CHANGE_READ.format(  # worked out: shown back
        total=f"{value.normalize():f}", last=f"{Decimal(last).normalize():f}"))


def _other_step_word(form: Form, draft: Draft, slot: Slot, text: str,
                     values: dict[str, Value]) -> Result:
    """"ยืนยันค่ะ", "แก้ไข", "ok" typed where sentences are wanted: never stored as the answer.
    At a question that may be left empty, "go on" words go on without one (the summary still
    asks to confirm); anything else is asked back, kindly."""
    optional = slot.skippable(values)
    if optional and _same(core(text) or text, prompts.GO_ON_WORDS):
        return _accept(form, draft, None)
    said = prompts.NOT_THIS_QUESTION.format(label=slot.label)  # optional: its hint says "ไม่มี"
    return ask(form, draft, slot, said if optional else f"{said} {slot.help}",
               ("ไม่มี",) if optional else ())


def claims(form: Form, draft: Draft, text: str) -> bool:
    """True when the draft reads the message itself (a steering word, an answer to a number or
    yes/no question, a decision at the summary, a field at the edit menu), so no other command
    gets it: "ไม่ส่งแล้วค่ะ" at the summary cancels, it does not ask who has not sent."""
    text = romanized(text) or text  # "kwam kuep na" at the edit menu: the progress
    if control(text, at_free_text(form, draft)) is not None:
        return True
    if draft.stage is Stage.ASK and draft.slot and _without_echo(
            form.slot(draft.slot).question, text) != text:
        return True  # "ความก้าวหน้า…กี่เปอร์เซ็นต์คะ 58": the question copied back, then the answer
    slots = active_slots(form, draft)
    if draft.stage in (Stage.CONFIRM, Stage.PICK_FIELD) and find_codes(text) and grammar.interrupts(
            text, False):
        return False  # "สถานะโครงการ … 50470000-3436 ถึงไหนแล้วคะ": another project's, no field
    if draft.stage is Stage.CONFIRM:
        flat = core(text).replace(" ", "")
        return bool(edit_in(slots, text) or _SUBMIT.search(flat) or _EDIT_ONLY.search(flat)
                    or _NOT_SENDING.match(flat) or _HOLD.search(flat)
                    or which_field(slots, text) is not None or _about_this_draft(text))
    if draft.stage is Stage.PICK_FIELD:
        found = edit_in(slots, text, named_only=True)
        return (which_field(slots, text) is not None or bool(found and found.slot)
                or names_two(slots, core(text)))
    if draft.slot is None or at_free_text(form, draft) or find_codes(text):
        return False  # a project's code is no number or yes/no ("ขอเช็คสถานะโครงการ 5047…")
    slot = form.slot(draft.slot)
    if slot.kind == "percent" and _OWN_WORDS.search(text) and asks_about_the_question(text):
        return True  # "ความคืบหน้าสะสมหรือเฉพาะเดือนนี้คะ": about this question, no status
    if (_ASKS.search(text) or grammar.asks_how_a_project_is(text)) and grammar.interrupts(
            text, False):
        return False  # "ช้ากว่าแผนกี่วันครับ เช็คสถานะให้หน่อย": a question, and a command
    read = _read(form.slot(draft.slot), draft, text)
    if read.problem is None or read.choices:
        return True
    return _about_this_draft(text)  # "เป้าหมายคืออะไรคะ"


def _about_this_draft(text: str) -> bool:
    """A question about the draft itself, not one of the bot's other commands ("ค้างส่งไหม")."""
    if not asks_about_the_question(text) or find_codes(text):
        return False
    return grammar.understand(text).intent in (None, grammar.Intent.HISTORY, grammar.Intent.HELP)


def _also(form: Form, draft: Draft, also: dict[str, Value]) -> Draft:
    """Keep answers to later questions said along with this one (not over an earlier answer,
    but over an empty one: a reason said with a corrected "no" fills the obstacles left none)."""
    names = {s.name for s in form.slots}
    extra = {k: dump_value(v) for k, v in also.items()
             if k in names and draft.values.get(k) is None and k != draft.slot}
    for k, v in also.items():  # a second reason ("ไม่ถึงเป้า เพราะ…") joins the first, not lost
        had = draft.values.get(k)
        if (k in names and k != draft.slot and isinstance(had, str) and isinstance(v, str)
                and v not in had):
            extra[k] = f"{had}\n{v}"
    if not extra:
        return draft
    checked = tuple(k for k in extra if form.slot(k).checks and k not in draft.unchecked)
    return replace(draft, values={**draft.values, **extra},  # their soft checks still run
                   answered=(*(a for a in draft.answered if a not in extra), *extra),
                   unchecked=(*draft.unchecked, *checked))


def _accept(form: Form, draft: Draft, raw: Any) -> Result:
    """Store an answer and go on (back to the summary when editing one field)."""
    name = draft.slot or ""
    values = {**draft.values, name: raw}
    answered = (*tuple(a for a in draft.answered if a != name), name)
    new = replace(draft, values=values, answered=answered, pending=None, stage=Stage.ASK)
    if not draft.editing:
        return advance(form, new)
    result = advance(form, replace(new, values=_drop_stale(form, values), editing=False))
    if result.draft is None or result.draft.stage is not Stage.CONFIRM or not result.replies:
        return result  # another question first (an edit made it required)
    said = prompts.UNCHANGED if _same_value(draft.values.get(name), raw) else prompts.CHANGED
    note = result.replies[-1]  # the line under the summary says what the correction did
    acknowledged = {**note, "text": f"{said.format(label=form.slot(name).label)}\n{note['text']}"}
    return Result(result.draft, [*result.replies[:-1], acknowledged], result.effects)


def _same_value(before: Any, after: Any) -> bool:
    """True when a correction left a field as it was ("40" and "40.00" are one percent)."""
    try:
        return bool(Decimal(str(before)) == Decimal(str(after)))
    except (ArithmeticError, ValueError):
        return bool(before == after)


def _drop_stale(form: Form, values: dict[str, Any]) -> dict[str, Any]:
    """Forget a skipped answer that an edit has made required (e.g. obstacles)."""
    typed: dict[str, Value] = {}
    for slot in form.slots:
        if slot.name in values:
            raw = values[slot.name]
            if raw is None and not slot.skippable(typed):
                continue
            typed[slot.name] = raw
    return {k: v for k, v in values.items() if k in typed}


_SUBMIT = re.compile(
    r"(?<!ไม่)(?:ยืนยัน|ตกลง|confirm|submit|correct|^ok|^okay|^yes|^โอเค|ถูกต้อง|ถูกหมด|ถูกทั้งหมด"
    r"|^ถูกแล้ว|เรียบร้อย|^done$"
    r"|ไม่(?:มีอะไร)?ต้องแก้|(?<!ก่อน)ส่ง(?:ให้)?(?:เลย|ได้เลย|ได้)?$|^ส่ง(?:ได้)?เลย|^ส่ง(?:ไป)?ก่อน(?:เลย)?$|^ส่ง(?:ไป)?(?:เลย)?(?:เถอะ|เหอะ)|(?<!ผิด)บันทึก(?:ได้)?เลย$|^ใช่|^ได้เลย|^ครบ(?:แล้ว)?$|👍|✅|👌|🆗)",
    re.I)
# A question, no decision ("ส่งแล้วแก้ทีหลังได้ไหม", "ยืนยันแล้วมันไปไหนคะ ใครเห็นบ้าง").
_FIX_LATER = re.compile(r"(?<=\S)\s+(?:เดี๋ยว)?(?:ค่อย|จะ)(?:มา)?(?:ขอ)?แก้(?:ไข)?\S{0,6}"
                        r"(?:ทีหลัง|ภายหลัง|เดือนหน้า|รอบหน้า|ครั้งหน้า)\S*\s*$")
_WHY_OR_MAY = re.compile(r"ทำไม|ได้(?:ไหม(?!้)|มั้ย|หรือเปล่า|หรือไม่|รึเปล่า)|ไปไหน|ใคร|อะไร|เมื่อไ"
                         r"|ยังไง|อย่างไร|ทำไง|ตรงไหน")
_NOT_SENDING = re.compile(r"^(?:ยัง)?ไม่(?:ส่ง|ยืนยัน)(?:ก่อน)?$")
# A question mark or word: the one rule at the summary is that a question never sends.
_QUESTION = re.compile(r"ไหม(?!้)|มั้ย|มั๊ย|หรือเปล่า|รึเปล่า|หรือยัง|ป่ะ|ปะ$|เหรอ|หรอ|ใช่ป่าว|\?")
# "ถูกแล้ว แต่ยังไม่ต้องส่งนะ รอหัวหน้าดูก่อน": right, and held back; never a submit.
_WAIT_THEN = re.compile(r"\sเดี๋ยว\s*(?:ๆ|ก่อน)(?:นะ)?(?:ครับ|ค่ะ|คะ)?\s+(?P<rest>\S.*)$", re.S)
_HOLD = re.compile(r"ยังไม่(?:ต้อง)?(?:ส่ง|ยืนยัน)|อย่า(?:เพิ่ง|พึ่ง)(?:ส่ง|ยืนยัน)|ไม่ต้องส่ง"
                   r"|รอ\S{0,16}(?:ดู|ตรวจ|อนุมัติ|เซ็น)\S{0,6}ก่อน|เดี๋ยว(?:ค่อย)?(?:ส่ง|ยืนยัน)"
                   r"|รอ(?:แป๊บ|แปป|แปบ|สักครู่|ซักครู่)|ขอ(?:เช็ค|เช็ก|ตรวจสอบ|ถาม)\S{0,24}ก่อน")
# An optional count not known ("ไม่ทราบจำนวนที่แน่นอนค่ะ"): left out.
_UNKNOWN = re.compile(r"^(?:ยัง)?(?:ไม่ทราบ|ไม่รู้|ไม่แน่ใจ|ไม่มีข้อมูล|ไม่ได้นับ)|^ยังไม่มี"
                      r"|^(?!.*[0-9]).{0,30}ข้าม(?:ไป)?(?:ก่อน)?")  # "ยังไม่ได้นับเลยค่ะ ข้ามไปก่อนนะคะ"
# The percent question's own words, in a question about it (no status request).
_OWN_WORDS = re.compile(r"ความ(?:คืบ|ก้าว)หน้า|เปอร์เซ็น")
# A question at a number or yes/no question ("ช้ากว่าแผนกี่วันครับ เช็คสถานะให้หน่อย").
_ASKS = re.compile(r"กี่|ไหม(?!้)|มั้ย|เท่าไ|\?|ให้หน่อย|ให้ด้วย")
# "ข้อ 1 ขอแก้เป็น …": a field by its number, with its new value.
_NUMBERED = re.compile(r"^(?:แก้(?:ไข)?)?\s*ข้อ(?:ที่)?\s*(?P<n>[0-9๐-๙]{1,2})\s*(?:ขอ)?\s*"
                       r"(?:(?:แก้(?:ไข)?|เปลี่ยน)\s*(?:เป็น|ว่า)"
                       r"|ผิด\S{0,4}\s*(?:ที่ถูก(?:ต้อง)?(?:คือ|เป็น)?|ต้องเป็น|ควรเป็น|จริงๆ\s*(?:คือ|เป็น)?))"
                       r"\s*(?P<value>\S.*)$", re.S)
# A send word said with "cannot" or "not sure yet" ("ยังยืนยันไม่ได้ค่ะ ยอดเงินยังไม่แน่นอน").
_NOT_YET_SURE = re.compile(r"(?:ส่ง|ยืนยัน)\S{0,6}ไม่ได้|ยัง(?:ส่ง|ยืนยัน)ไม่"
                           r"|ยังไม่(?:แน่นอน|แน่ใจ|นิ่ง|ชัวร์|ชัด|ถูก|ครบ|เรียบร้อย)")
# Negations that leave a send a send ("ไม่มีอะไรต้องแก้ ส่งเลย", "ไม่ผิดค่ะ ยืนยัน").
_FINE_NEGATIONS = re.compile(r"ไม่(?:มีอะไร)?(?:ต้อง)?แก้(?:ไข)?(?:แล้ว|อะไร)?|ไม่มี(?:ปัญหา|อะไร)|ไม่ผิด"
                             r"|ไม่ต้องเปลี่ยน|ไม่เป็นไร|^ไม่ยกเลิก(?:นะ)?(?:ค่ะ|คะ|ครับ)?(?=ส่ง|ยืนยัน)")
_NOT_SAID_SO = re.compile(r"ไม่|ยัง|แต่|but")  # "โอเคแต่เปอร์เซ็นต์น่าจะ 60 มากกว่านะ": not a send
_START_OVER = re.compile(r"เริ่มใหม่|ทำใหม่หมด|ผิดหมด")
_SEND_NOW_MORE_LATER = re.compile(r"^(?:ส่ง(?:ได้)?(?:เลย)?|ยืนยัน|ok|โอเค)(?:ค่ะ|ครับ|คะ|นะ)*"
                                  r"(?:เดือนหน้า|คราวหน้า|ครั้งหน้า|ไว้|เดี๋ยว)\S*(?:ค่อย|จะ)?\S*$", re.I)
# "ถูกต้องค่ะ ยืนยันการแก้ไขค่ะ": the correction confirmed, sent.
_CONFIRM_THE_CHANGE = re.compile(r"^(?:ถูกต้อง\S{0,4})?ยืนยัน(?:การ)?(?:แก้ไข|แก้|ส่ง)(?:รายงาน)?\S{0,6}$")
# "ยกเลิกการแก้ไขค่ะ ส่งตามนี้เลย": no change after all, sent as it is.
_NO_CHANGE_SEND = re.compile(r"^(?:ยกเลิก(?:การ)?แก้(?:ไข)?|ไม่(?:ต้อง)?แก้(?:ไข)?(?:แล้ว)?)\S{0,4}"
                             r"ส่ง(?:ตามนี้|ได้|เลย)")
# "ความคืบหน้า ๖๕ ค่ะ ส่วนอื่นถูกแล้ว": the rest is fine, one field changes.
_REST_FINE = re.compile(r"\s*(?:ส่วน|ข้อ)?(?:อื่น|ที่เหลือ)(?:\s*ๆ)?\s*(?:ถูก|โอเค|ok|ได้|เรียบร้อย)\S*\s*$",
                        re.I)
_EDIT_ONLY = re.compile(r"^(?:ขอ)?(?:แก้(?:ไข)?|edit)(?:หน่อย|ด้วย|ก่อน)?$|ผิด|ไม่ถูก|ไม่ใช่", re.I)


def _confirm(form: Form, draft: Draft, text: str) -> Result:
    """At the summary: submit, correct a field (with its new value when given), or ask; a
    question is never taken for a send ("ถูกแล้วใช่ไหมคะ")."""
    result = _decide(form, draft, text)
    if result.effects and _QUESTION.search(core(text).replace(" ", "")):
        return Result(draft, [prompts.message(prompts.ASKED_AT_SUMMARY,
                                              (prompts.SUBMIT, prompts.EDIT))])
    return result


def _decide(form: Form, draft: Draft, text: str) -> Result:
    """At the summary: submit, correct a field (with its new value when given), or ask."""
    text = _FIX_LATER.sub("", text)  # "ส่งไปก่อนเลยค่ะ เดี๋ยวค่อยแก้เดือนหน้า": nothing to fix now
    if _SUBMIT.search(core(text).partition(" ")[0]):  # "ส่งค่ะ อ้อ เดี๋ยว ความคืบหน้าต้อง 46 นะคะ"
        wait = _WAIT_THEN.search(text)  # "ยืนยัน\nเดี๋ยวๆ เปอร์เซ็นต์ผิด": held, then what is wrong
        text = wait["rest"] if wait else corrected(text)  # a send taken back: what follows
    said = core(text)
    flat = said.replace(" ", "")
    slots = active_slots(form, draft)
    if readers.WRONG_PROJECT.search(flat):  # "อันนี้ของตลาดนัดนะ ไม่ใช่งานผู้สูงวัย": the wrong project
        return Result(draft, [prompts.message(prompts.WRONG_PROJECT,
                                              (prompts.CANCEL, prompts.EDIT))])
    if _HOLD.search(flat) or _NOT_YET_SURE.search(flat):  # "ถูกแล้ว แต่ยังไม่ต้องส่งนะ", "ยังยืนยัน
        # ไม่ได้ค่ะ ยอดเงินยังไม่แน่นอน": kept for later
        return Result(draft, [prompts.message(prompts.HELD, (prompts.SUBMIT, prompts.EDIT))])
    if _SUBMIT.search(flat) and re.search(r"(?<!ไม่)ยกเลิก(?!(?:การ)?แก้)", flat):  # "ยืนยัน ยกเลิก"
        return Result(draft, [prompts.message(prompts.SEND_OR_CANCEL,
                                              (prompts.SUBMIT, prompts.CANCEL))])
    if _NOT_SENDING.match(flat):  # "ไม่ส่งค่ะ": no submit, no cancel yet
        return Result(draft, [prompts.message(prompts.NOT_SENDING, (prompts.EDIT, prompts.CANCEL))])
    if asks_about_the_question(said) and (not _SUBMIT.search(flat) or _WHY_OR_MAY.search(flat)):
        return _help(form, draft)  # "ส่งแล้วแก้ทีหลังได้ไหมคะ", "ทำไมต้องยืนยันคะ"
    if _nearly(flat, prompts.SUBMIT) or (not flat and _SUBMIT.search(text)) or (
            _CONFIRM_THE_CHANGE.search(flat) or _NO_CHANGE_SEND.match(flat)):
        return Result(None, [], [Submit(draft)])  # "ยืนยน", "👌", "ถูกต้องค่ะ ยืนยันการแก้ไขค่ะ"
    if _START_OVER.search(flat):  # "ไม่ส่งค่ะ ข้อมูลผิดหมดเลย เริ่มใหม่ดีกว่า": asked, nothing thrown away
        return Result(draft, [prompts.message(prompts.START_OVER, (prompts.CANCEL, prompts.EDIT))])
    if _SEND_NOW_MORE_LATER.match(flat):  # "ส่งได้ครับ เดือนหน้าค่อยอัพเดทเพิ่ม"
        return Result(None, [], [Submit(draft)])
    numbered = _NUMBERED.match(text.strip())  # "ข้อ 1 ขอแก้เป็น ออกให้บริการ…": that field, now
    if numbered is not None and 1 <= int(normalize(numbered["n"])) <= len(slots):
        return _correct(form, draft, Edit(slots[int(normalize(numbered["n"])) - 1],
                                          numbered["value"].strip()))
    correction = edit_in(slots, _REST_FINE.sub("", text)) or changed_yes_no(
        slots, text, draft.values)  # "ไม่ถึงเป้าค่ะ เพราะฝนตก": the other answer, said plainly
    if correction is None and flat.startswith("แก้"):
        direct = which_field(slots, text)  # "แก้ข้อ 2", "แก้ความก้าวหน้า"
        correction = Edit(direct) if direct is not None else None
    if correction is not None:
        return _correct(form, draft, correction)
    if _same(text, prompts.SUBMIT_WORDS) or (
            _SUBMIT.search(flat) and not _NOT_SAID_SO.search(_FINE_NEGATIONS.sub("", flat))):
        return Result(None, [], [Submit(draft)])  # never with a "no" it does not explain
    if _same(text, prompts.EDIT_WORDS) or _EDIT_ONLY.search(flat):
        return _edit_menu(form, draft)
    named = which_field(slots, text)  # "ข้อเป้าหมายค่ะ": only a field, the one to change
    if named is not None:
        return _correct(form, draft, Edit(named))
    return Result(draft, [confirm_note(draft)])


def _nearly(flat: str, word: str) -> bool:
    """A short answer that is the word typed with a slip ("ยืนยน" for "ยืนยัน")."""
    return len(flat) <= len(word) + 2 and fuzz.ratio(flat, word) >= 80


def _edit_menu(form: Form, draft: Draft, preface: str = prompts.PICK_FIELD) -> Result:
    """Ask which field to change."""
    labels = tuple(s.label for s in active_slots(form, draft))
    return Result(replace(draft, stage=Stage.PICK_FIELD),  # the way out keeps every answer
                  [prompts.message(preface, (*labels, prompts.TO_SUMMARY))])


def _correct(form: Form, draft: Draft, correction: Edit) -> Result:
    """Change one field: with a value, read it as that field's answer; else ask it."""
    slot = correction.slot
    if slot is None:
        return _edit_menu(form, draft)
    editing = replace(draft, stage=Stage.ASK, slot=slot.name, editing=True, pending=None)
    value, had = correction.value, draft.values.get(slot.name)
    if correction.adds and isinstance(had, str) and had and value:
        value = f"{had} {value}"  # "เพิ่ม: …": added to what is there, shown back before it is kept
        read = _read(slot, editing, value)
        if read.problem is None and read.value is not None:
            pending = replace(editing, stage=Stage.CHECK, pending=dump_value(read.value))
            return Result(pending, [prompts.message(
                prompts.ADDED.format(label=slot.label, text=read.value) + "\n"
                + prompts.CHECK_QUESTION,
                (prompts.CONFIRM_VALUE, prompts.CHANGE_VALUE))])
    if value:
        read = _read(slot, editing, value)  # "พิมพ์ผิดไป 84 จริงๆ 48": as at the question
        if read.problem is None and not (read.value is None and slot.kind != "text"):
            return _answer(form, editing, value)
    return ask(form, editing, slot)


_FIELD_WORDS = re.compile(r"^(?:ขอ)?(?:แก้ไข|แก้|เปลี่ยน)?(?:ข้อที่|ข้อ|หัวข้อ|อันที่|อัน|no\.?|#)?")
# Fields by their place in the list ("ข้อแรก", "อันสุดท้าย"); -1 is the last.
_ORDINALS = {"แรก": 1, "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "สุดท้าย": -1,
             "ท้าย": -1, "ล่าง": -1, "ล่างสุด": -1, "บนสุด": 1}
_FIELD_TAIL = re.compile(r"(?:ค่ะ|คะ|ครับ|นะ|หน่อย|ด้วย|ใหม่|[.)])+$")
def which_field(slots: tuple[Slot, ...], text: str) -> Slot | None:
    """The field a message names: "2", "ข้อ 2", "ความก้าวหน้า", "แก้งบ" (None when unsure)."""
    flat = _FIELD_TAIL.sub("", _FIELD_WORDS.sub("", normalize(text).lower().replace(" ", "")))
    if not flat:
        return None
    if flat in _ORDINALS:
        flat = str(_ORDINALS[flat] % (len(slots) + 1))
    if flat.isdigit():
        number = int(flat)
        return slots[number - 1] if 1 <= number <= len(slots) else None
    for slot in slots:
        if flat == slot.label.replace(" ", "").lower() or flat in FIELD_ALIASES.get(slot.name, ()):
            return slot
    near = [s for s in slots if len(flat) >= 3 and flat in s.label.replace(" ", "").lower()]
    if len(near) == 1:
        return near[0]
    best = process.extractOne(flat, {s.name: s.label for s in slots}, scorer=fuzz.ratio,
                              score_cutoff=75)
    if best is None and len(flat) >= 6:  # "ความก้าวหน่า": an everyday name with a slip
        names = {f"{s.name}\t{a}": a
                 for s in slots for a in FIELD_ALIASES.get(s.name, ()) if len(a) >= 6}
        best = process.extractOne(flat, names, scorer=fuzz.ratio, score_cutoff=85)
        return form_slot(slots, best[2].split("\t")[0]) if best is not None else None
    return form_slot(slots, best[2]) if best is not None else None


def form_slot(slots: tuple[Slot, ...], name: str) -> Slot:
    """The slot called name among slots."""
    return next(s for s in slots if s.name == name)


_BY_ITS_NAME = re.compile(r"^\s*(?:ข้อ|หัวข้อ|ช่อง)\s*[ก-๛]")


def _only_a_name(slots: tuple[Slot, ...], text: str) -> Slot | None:
    """The field whose everyday name is the whole message ("on target", "ตามเป้าหมาย")."""
    said = without_particles(core(text)).lower().replace(" ", "")
    return next((s for s in slots for name in FIELD_ALIASES.get(s.name, ())
                 if said == name.lower().replace(" ", "")), None)


def _pick_field(form: Form, draft: Draft, text: str) -> Result:
    """Choose which field to change, by its label, an everyday name, or its number, perhaps
    with the new value ("งบ 12,000 บาท")."""
    slots = active_slots(form, draft)
    fixed = corrected(text)  # "เปอร์เซ็นต์ ไม่ใช่ๆ เงินค่ะ": the money (a value alone keeps its field)
    text = fixed if which_field(slots, fixed) is not None else text
    alone = _only_a_name(slots, text)
    if alone is not None:  # "on target": the field's own name, not its answer
        return ask(form, replace(draft, editing=True), alone)
    if names_two(slots, core(text)):  # "ความคืบหน้ากับยอดเงินค่ะ"
        return _edit_menu(form, draft, prompts.ONE_AT_A_TIME)
    named = which_field(slots, text) if _BY_ITS_NAME.match(normalize(text)) else None
    valued = edit_in(slots, text, named_only=True) if named else None
    if (named is not None and valued is not None and valued.slot is named and valued.value
            and valued.value.replace(" ", "") not in FIELD_ALIASES.get(named.name, ())):
        return _correct(form, draft, valued)  # "ข้อเป้าหมาย ใช่ ครับ": the field and its answer
    if named is not None:  # "ข้อตามแผน": the field, not a "yes"
        return ask(form, replace(draft, editing=True), named)
    correction = edit_in(slots, text, named_only=True)
    if correction is not None and correction.slot is not None and correction.value:
        return _correct(form, draft, correction)
    slot = which_field(slots, text)
    if slot is not None:
        return ask(form, replace(draft, editing=True), slot)
    if correction is not None and correction.slot is not None:
        return _correct(form, draft, correction)
    return _edit_menu(form, draft, prompts.PICK_FIELD_AGAIN)


def _back(form: Form, draft: Draft, what: str = "") -> Result:
    """Go back one field, forgetting its answer; or to the answered field named in what
    ("ขอกลับไปแก้งบ")."""
    if what == PROJECT:  # chosen before the first question: only a new report changes it
        first = f"{prompts.AT_FIRST} " if not draft.answered else ""
        return _reprompt(form, draft, first + prompts.OTHER_PROJECT)
    if not draft.answered:
        return _reprompt(form, draft, prompts.AT_FIRST)
    named = which_field(tuple(s for s in form.slots if s.name in draft.answered), what) \
        if what and what not in WHAT_PREVIOUS else None
    last = named.name if named is not None else draft.answered[-1]
    values = {k: v for k, v in draft.values.items() if k != last}
    answered = tuple(a for a in draft.answered if a != last)
    back = replace(draft, values=values, answered=answered, editing=False, stage=Stage.ASK)
    return ask(form, back, form.slot(last))


def at_free_text(form: Form, draft: Draft) -> bool:
    """True while the draft waits for a free-text answer (the work done, the obstacles)."""
    return (draft.stage is Stage.ASK and draft.slot is not None
            and form.slot(draft.slot).kind == "text")


def reprompt(form: Form, draft: Draft, preface: str) -> Result:
    """Ask again whatever the draft waits for, after a preface (a sticker, a photo)."""
    return _reprompt(form, draft, preface)


def _reprompt(form: Form, draft: Draft, preface: str) -> Result:
    """Repeat where the draft stands."""
    if draft.stage in (Stage.CONFIRM, Stage.PICK_FIELD):
        result = advance(form, replace(draft, stage=Stage.ASK))
        return Result(result.draft, [prompts.message(preface), *result.replies])
    if draft.slot is None:
        return start(form, draft, preface)
    return ask(form, draft, form.slot(draft.slot), preface)


def _help(form: Form, draft: Draft) -> Result:
    """Explain the current step."""
    if draft.stage in (Stage.CONFIRM, Stage.PICK_FIELD) or draft.slot is None:
        said = prompts.HELP_PHOTOS if adds_photos(draft) else prompts.HELP_CONFIRM
        return _reprompt(form, draft, said)
    slot = form.slot(draft.slot)
    return ask(form, draft, slot, slot.help + "\n\n" + prompts.HELP_COMMON)
