"""One step of a conversation: read the answer, check it, move on; pure, no I/O."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz, process

from conversations import prompts
from conversations.engine import (
    Draft,
    Form,
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
from conversations.thai_numbers import normalize


def _same(text: str, words: tuple[str, ...]) -> bool:
    """True when text is one of the words (ignoring spaces and case)."""
    return text.replace(" ", "").lower() in {w.replace(" ", "").lower() for w in words}


def step(form: Form, draft: Draft, text: str) -> Result:
    """Apply one message (or quick-reply text) to a draft."""
    text = text.strip()
    if _same(text, prompts.CANCEL_WORDS):
        return Result(None, [prompts.message(prompts.CANCELLED)])
    if _same(text, prompts.RESUME_WORDS):
        return _reprompt(form, draft, prompts.RESUMED)
    if _same(text, prompts.HELP_WORDS):
        return _help(form, draft)
    if _same(text, prompts.BACK_WORDS):
        return _back(form, draft)
    if draft.stage is Stage.CONFIRM:
        return _confirm(form, draft, text)
    if draft.stage is Stage.PICK_FIELD:
        return _pick_field(form, draft, text)
    if draft.stage is Stage.CHECK:
        if _same(text, prompts.YES_WORDS):
            return _accept(form, draft, draft.pending)
        if _same(text, prompts.NO_WORDS):
            return ask(form, draft, form.slot(draft.slot), prompts.ENTER_AGAIN)
    return _answer(form, draft, text)


def _answer(form: Form, draft: Draft, text: str) -> Result:
    """Read an answer to the current slot; problems re-ask, soft checks ask to confirm."""
    slot = form.slot(draft.slot)
    values = values_of(form, draft)
    if _same(text, prompts.SKIP_WORDS) and slot.skippable(values):
        return _accept(form, draft, None)
    if _same(text, prompts.SKIP_WORDS) and slot.kind == "text":
        return ask(form, draft, slot, f"{prompts.REQUIRED} {slot.help}")
    read = slot.read(text)
    if read.problem is not None:
        return ask(form, draft, slot, read.problem)
    for check in slot.checks:
        warning = check(read.value, values, draft.context)
        if warning:
            pending = replace(draft, stage=Stage.CHECK, pending=dump_value(read.value))
            quick = (prompts.CONFIRM_VALUE, prompts.CHANGE_VALUE)
            return Result(pending, [prompts.message(warning + "\n" + prompts.CHECK_QUESTION,
                                                    quick)])
    return _accept(form, draft, dump_value(read.value))


def _accept(form: Form, draft: Draft, raw: Any) -> Result:
    """Store an answer and go on (back to the summary when editing one field)."""
    name = draft.slot or ""
    values = {**draft.values, name: raw}
    answered = (*tuple(a for a in draft.answered if a != name), name)
    new = replace(draft, values=values, answered=answered, pending=None, stage=Stage.ASK)
    if draft.editing:
        new = replace(new, values=_drop_stale(form, values), editing=False)
    return advance(form, new)


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


def _confirm(form: Form, draft: Draft, text: str) -> Result:
    """At the summary: submit, or choose a field to change."""
    if _same(text, prompts.SUBMIT_WORDS):
        return Result(None, [], [Submit(draft)])
    flat = normalize(text).replace(" ", "")
    direct = which_field(active_slots(form, draft), text) if flat.startswith("แก้") else None
    if direct is not None:  # "แก้ข้อ 2", "แก้ความก้าวหน้า": straight to that field
        return ask(form, replace(draft, stage=Stage.PICK_FIELD, editing=True), direct)
    if _same(text, prompts.EDIT_WORDS):
        labels = tuple(s.label for s in active_slots(form, draft))
        picking = replace(draft, stage=Stage.PICK_FIELD)
        return Result(picking, [prompts.message(prompts.PICK_FIELD, (*labels, prompts.CANCEL))])
    return Result(draft, [prompts.message(prompts.CONFIRM_AGAIN,
                                          (prompts.SUBMIT, prompts.EDIT, prompts.CANCEL))])


_FIELD_WORDS = re.compile(r"^(?:ขอ)?(?:แก้ไข|แก้|เปลี่ยน)?(?:ข้อที่|ข้อ|หัวข้อ|no\.?|#)?")
_FIELD_TAIL = re.compile(r"(?:ค่ะ|คะ|ครับ|นะ|หน่อย|ด้วย|ใหม่|[.)])+$")
# Everyday names of the fields, by slot name ("งบ" for the disbursement).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "detail": ("รายละเอียด", "ผลการดำเนินงาน", "ผลงาน", "งานที่ทำ"),
    "progress": ("ความก้าวหน้า", "ความคืบหน้า", "เปอร์เซ็นต์", "%", "ร้อยละ"),
    "disbursed": ("งบ", "เบิก", "เบิกจ่าย", "เงิน", "งบประมาณ"),
    "on_plan": ("แผน", "ตามแผน"),
    "on_target": ("เป้า", "เป้าหมาย", "ตามเป้า"),
    "obstacles": ("ปัญหา", "อุปสรรค"),
}


def which_field(slots: tuple[Slot, ...], text: str) -> Slot | None:
    """The field a message names: "2", "ข้อ 2", "ความก้าวหน้า", "แก้งบ" (None when unsure)."""
    flat = _FIELD_TAIL.sub("", _FIELD_WORDS.sub("", normalize(text).lower().replace(" ", "")))
    if not flat:
        return None
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
    return form_slot(slots, best[2]) if best is not None else None


def form_slot(slots: tuple[Slot, ...], name: str) -> Slot:
    """The slot called name among slots."""
    return next(s for s in slots if s.name == name)


def _pick_field(form: Form, draft: Draft, text: str) -> Result:
    """Choose which field to change, by its label, an everyday name, or its number."""
    slot = which_field(active_slots(form, draft), text)
    if slot is not None:
        return ask(form, replace(draft, editing=True), slot)
    labels = tuple(s.label for s in active_slots(form, draft))
    return Result(draft, [prompts.message(prompts.PICK_FIELD_AGAIN, (*labels, prompts.CANCEL))])


def _back(form: Form, draft: Draft) -> Result:
    """Go back one field, forgetting its answer."""
    if not draft.answered:
        return _reprompt(form, draft, prompts.AT_FIRST)
    last = draft.answered[-1]
    values = {k: v for k, v in draft.values.items() if k != last}
    back = replace(draft, values=values, answered=draft.answered[:-1], editing=False)
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
        return _reprompt(form, draft, prompts.HELP_CONFIRM)
    slot = form.slot(draft.slot)
    return ask(form, draft, slot, slot.help + "\n\n" + prompts.HELP_COMMON)
