"""The conversation engine: a pure step from (form, draft, input) to (draft, replies, effects)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from conversations import prompts
from core.display import short
from core.messages import Message

Value = Decimal | bool | str | None


class Stage(StrEnum):
    """Where in the conversation a draft is."""

    ASK = "ask"
    CHECK = "check"
    CONFIRM = "confirm"
    PICK_FIELD = "pick_field"


@dataclass(frozen=True)
class Read:
    """What a slot's reader made of an answer: a value, or a Thai explanation of the problem
    (with the answers to choose from when it reads two ways), and answers to other questions
    said with it (a reason with "ไม่เป็นไปตามแผน" answers the obstacles)."""

    value: Value = None
    problem: str | None = None
    choices: tuple[str, ...] = ()
    also: dict[str, Value] = field(default_factory=dict)
    confirm: str | None = None  # the value read one way of two: asked before it is stored


@dataclass(frozen=True)
class Slot:
    """One field a form asks for, declared as data."""

    name: str
    label: str
    question: str
    kind: str  # "text" | "percent" | "money" | "number" | "bool"
    read: Callable[[str], Read]
    help: str
    quick: tuple[str, ...] = ()
    hint: Callable[[dict[str, str]], str | None] = lambda ctx: None
    skippable: Callable[[dict[str, Any]], bool] = lambda values: False
    checks: tuple[Callable[[Value, dict[str, Any], dict[str, str]], str | None], ...] = ()
    show: Callable[[Value], str] = lambda value: "-" if value is None else str(value)
    applies: Callable[[dict[str, str]], bool] = lambda ctx: True
    unit: Callable[[dict[str, str]], str | None] = lambda ctx: None  # core.display.with_unit


@dataclass(frozen=True)
class Form:
    """A conversation declared as data: its slots in order and how to summarise them."""

    name: str
    title: str
    slots: tuple[Slot, ...]
    summary: Callable[[Form, Draft], list[Message]]

    def slot(self, name: str | None) -> Slot:
        """The slot called name; an unknown name is an error, never a silent stall."""
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise KeyError(f"form {self.name} has no slot {name!r}")


@dataclass(frozen=True)
class Draft:
    """A report being filled in; JSON-friendly so it can live in Redis."""

    form: str
    target: str
    target_label: str
    stage: Stage = Stage.ASK
    slot: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    answered: tuple[str, ...] = ()
    pending: Any = None
    editing: bool = False
    mode: str = "new"
    context: dict[str, str] = field(default_factory=dict)
    unchecked: tuple[str, ...] = ()
    photos: tuple[dict[str, Any], ...] = ()  # evidence sent so far (photos.refs.PhotoRef JSON)


@dataclass(frozen=True)
class Submit:
    """Effect: store the finished draft."""

    draft: Draft


@dataclass(frozen=True)
class Result:
    """The outcome of one step: the next draft (None when over), replies and effects."""

    draft: Draft | None
    replies: list[Message] = field(default_factory=list)
    effects: list[Submit] = field(default_factory=list)


def dump_value(value: Value) -> Any:
    """A slot value as JSON (Decimal as a string)."""
    return str(value) if isinstance(value, Decimal) else value


def load_value(slot: Slot, raw: Any) -> Value:
    """A slot value back from JSON."""
    if raw is None or slot.kind in ("text", "bool"):
        return raw  # type: ignore[no-any-return]
    return Decimal(str(raw))


def values_of(form: Form, draft: Draft) -> dict[str, Value]:
    """The draft's answers as typed values."""
    return {name: load_value(form.slot(name), raw) for name, raw in draft.values.items()}


def active_slots(form: Form, draft: Draft) -> tuple[Slot, ...]:
    """The slots that apply to this draft (e.g. the year-end summary only in quarter 4)."""
    return tuple(s for s in form.slots if s.applies(draft.context))


def next_missing(form: Form, draft: Draft) -> Slot | None:
    """The first applicable slot without an answer."""
    return next((s for s in active_slots(form, draft) if s.name not in draft.values), None)


def ask(form: Form, draft: Draft, slot: Slot, preface: str = "",
        choices: tuple[str, ...] = ()) -> Result:
    """Ask one slot's question (with last time's value as a hint, and quick replies: the
    choices first when an answer read two ways)."""
    question = slot.question
    now = values_of(form, draft).get(slot.name) if draft.editing else None
    hint = (f"{prompts.NOW_SAID}: {short(slot.show(now), 60)}" if now is not None
            else slot.hint(draft.context))  # a correction shows what the draft says, not last month
    if hint:
        question += f"\n({hint})"
    if slot.skippable(values_of(form, draft)):
        question += "\n" + prompts.SKIP_HINT
    own = () if slot.kind == "bool" and choices else slot.quick  # a yes/no's two, offered once
    quick = [*choices, *(q for q in own if q not in choices)]
    quick += [prompts.SKIP] if slot.skippable(values_of(form, draft)) else []
    quick += [prompts.BACK, prompts.CANCEL] if draft.answered else [prompts.CANCEL]
    body = f"{preface}\n\n{question}" if preface else question
    new = replace(draft, stage=Stage.ASK, slot=slot.name, pending=None)
    return Result(new, [prompts.message(body, quick)])


def _check_prefilled(form: Form, draft: Draft) -> Result | None:
    """Run the soft checks of answers that arrived in one message, one at a time."""
    values = values_of(form, draft)
    for name in draft.unchecked:
        rest = tuple(n for n in draft.unchecked if n != name)
        slot = form.slot(name)
        for check in slot.checks:
            warning = check(values.get(name), {k: v for k, v in values.items() if k != name},
                            draft.context)
            if warning:
                held = {k: v for k, v in draft.values.items() if k != name}
                pending = replace(draft, stage=Stage.CHECK, slot=name, values=held,
                                  pending=draft.values[name], unchecked=rest)
                quick = (prompts.CONFIRM_VALUE, prompts.CHANGE_VALUE)
                return Result(pending, [prompts.message(
                    f"{warning}\n{prompts.CHECK_QUESTION}", quick)])
    return None


def advance(form: Form, draft: Draft) -> Result:
    """Ask the next missing slot, or show the summary when every slot is answered."""
    if draft.unchecked:
        checked = _check_prefilled(form, draft)
        if checked is not None:
            return checked
        draft = replace(draft, unchecked=())
    missing = next_missing(form, draft)
    if missing is not None:
        return ask(form, replace(draft, editing=False) if not draft.editing else draft, missing)
    confirmed = replace(draft, stage=Stage.CONFIRM, slot=None, pending=None, editing=False)
    return Result(confirmed, form.summary(form, confirmed))


def start(form: Form, draft: Draft, preface: str = "") -> Result:
    """Begin (or resume) a draft: ask what is missing, or summarise a complete one."""
    if draft.unchecked:
        checked = _check_prefilled(form, draft)
        if checked is not None:
            head = prompts.message(preface) if preface else None
            return Result(checked.draft, ([head] if head else []) + checked.replies)
        draft = replace(draft, unchecked=())
    missing = next_missing(form, draft)
    if missing is None:  # complete (a correction): the preface, then the summary
        summary = advance(form, draft)
        opening: list[Message] = [prompts.message(preface)] if preface else []
        return Result(summary.draft, [*opening, *summary.replies], summary.effects)
    return ask(form, draft, missing, preface)
