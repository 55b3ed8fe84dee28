"""How the bot reads each answer of the step corpus, in the corpus's own notation.

Each case is put where the conversation would meet it: a draft at that question (the pure
conversation step, after the same command check the report handler makes), the summary, the
edit menu, a registration, or an idle chat (the router's order: report, register, reminders,
status family, guide, help). The reading is compared with what the corpus's author meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from conversations import grammar, prompts
from conversations.codes import find_codes
from conversations.controls import control
from conversations.engine import Draft, Stage, Submit, dump_value
from conversations.progress_form import PROGRESS_FORM
from conversations.step import at_free_text, claims, step
from handlers.query_words import parse_query
from handlers.register import attempted_code, invite_code_in
from handlers.report_words import interrupts, parse_start, start_mid_draft
from storage.invites import normalize as normalize_code

FOLDER = Path(__file__).parent / "fixtures" / "corpus"
STEPS = FOLDER / "steps.tsv"
STEPS_HELD_OUT = FOLDER / "steps_heldout.tsv"
# The optional beneficiaries (asked last, no step of the corpus) are taken as answered before
# the obstacles, so that the obstacles stay the corpus's last question, as they were written.
ORDER = ("detail", "progress", "disbursed", "on_plan", "on_target", "beneficiaries",
         "obstacles")
BEFORE: dict[str, Any] = {"detail": "ประชุมคณะทำงานแล้ว", "progress": Decimal("40"),
                          "disbursed": Decimal("0"), "on_plan": True, "on_target": True,
                          "obstacles": None, "beneficiaries": None}
SLOT_OF = {"detail": "detail", "progress": "progress", "money": "disbursed",
           "on_plan": "on_plan", "on_target": "on_target", "obstacles": "obstacles"}
_COMMANDS = {grammar.Intent.HELP: "help", grammar.Intent.STATUS: "status",
             grammar.Intent.RESUME: "resume"}


@dataclass(frozen=True)
class Case:
    """One line of the corpus."""

    step: str
    message: str
    expected: str


def cases(path: Path) -> list[Case]:
    """Every case of a corpus file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        step_name, message, expected = line.split("\t")
        out.append(Case(step_name, message.replace("\\n", "\n"), expected.replace("\\n", "\n")))
    return out


def _draft(slot: str) -> Draft:
    """A report draft waiting at a question, the earlier answers given."""
    earlier = ORDER[: ORDER.index(slot)]
    values = {k: dump_value(BEFORE[k]) for k in earlier}
    return Draft(form="progress", target="50470000-3430", target_label="ทดสอบ (50470000-3430)",
                 stage=Stage.ASK, slot=slot, values=values, answered=earlier,
                 context={"period": "2026-11-01", "period_label": "พ.ย. 2569",
                          "last_progress": "40"})  # every corpus: last month's was 40


def _summary() -> Draft:
    """A complete draft at the summary."""
    return replace(_draft("obstacles"), stage=Stage.CONFIRM, slot=None,
                   values={k: dump_value(v) for k, v in BEFORE.items()}, answered=ORDER)


def _number(raw: object) -> str:
    """A stored number in the corpus notation ("45", "1500.5" → "1500.50" as typed)."""
    value = Decimal(str(raw))
    text = format(value.normalize(), "f")
    return text


def _value(slot: str, raw: object) -> str:
    """A stored answer in the corpus notation."""
    if slot in ("progress", "disbursed"):
        return _number(raw)
    if slot in ("on_plan", "on_target"):
        return "yes" if raw else "no"
    if slot == "obstacles":
        return "none" if not raw else f"text={raw}"
    return "answer"


def _command(message: str, draft: Draft) -> str | None:
    """The command a message in a draft is, if the handler takes it as one."""
    free = at_free_text(PROGRESS_FORM, draft)
    request = start_mid_draft(message, free)
    if request is not None and request.code is None and draft.stage is Stage.CONFIRM and claims(
            PROGRESS_FORM, draft, message):
        request = None  # as the report handler: "submit" at the summary sends this report
    if request is not None or (
            interrupts(message, free) and not claims(PROGRESS_FORM, draft, message)):
        parsed = grammar.understand(message)
        return f"command:{_COMMANDS.get(parsed.intent, str(parsed.intent))}"  # type: ignore[arg-type]
    return None


def _at_question(case: Case) -> str:
    """Read an answer given at one of the report's questions."""
    slot = SLOT_OF[case.step]
    draft = _draft(slot)
    command = _command(case.message, draft)
    if command is not None:
        return command
    result = step(PROGRESS_FORM, draft, case.message)
    new = result.draft
    if new is None:
        return "command:cancel"
    if new.stage is Stage.CHECK and new.slot == slot:  # read, and asked to confirm
        why = new.values.get("obstacles") if slot in ("on_plan", "on_target") else None
        return "check:" + _value(slot, new.pending) + (f"|reason={why}" if why else "")
    if slot in new.values and new.slot != slot:
        got = _value(slot, new.values[slot])
        if slot in ("on_plan", "on_target") and new.values.get("obstacles"):
            got += f"|reason={new.values['obstacles']}"
        return got
    if new.slot != slot and new.slot in ORDER and ORDER.index(new.slot) < ORDER.index(slot):
        return "command:back"
    body = " ".join(str(m.get("text", "")) for m in result.replies)
    if prompts.HELP_COMMON in body:
        return "command:help"
    if prompts.AT_FIRST in body:
        return "command:back"  # back, at the first question: said so
    return "ask"


# The obstacles as something else than none, so that setting them to none shows as a change.
_PROBE_OBSTACLES = "ผู้รับจ้างขาดแรงงาน"


def _at_summary(case: Case, draft: Draft | None = None) -> str:
    """Read a message typed at the summary (or, with draft, at the edit menu).

    An edit that leaves a field as it was ("ปัญหา แก้เป็น ไม่มี" when there were none) looks
    like no change: the message is read again with the obstacles holding a text, and counts as
    that edit when it clears them there.
    """
    got = _at_summary_of(case, draft or _summary())
    steer = control(case.message, False)
    if steer is not None and steer.kind == "back" and got == "ask":
        return "command:back"  # back to the last question, nothing changed
    if got in ("ask", "command:back") and not (steer is not None and steer.kind == "back"):
        probe = draft or _summary()
        probe = replace(probe, values={**probe.values, "obstacles": _PROBE_OBSTACLES})
        again = _at_summary_of(case, probe)
        if again.removeprefix("edit:") == "obstacles=":
            return again + "none"
    return got


def _at_summary_of(case: Case, draft: Draft) -> str:
    """Read a message typed at the given summary or edit menu."""
    command = _command(case.message, draft)
    if command is not None:
        return command
    result = step(PROGRESS_FORM, draft, case.message)
    if any(isinstance(e, Submit) for e in result.effects):
        return "submit"
    new = result.draft
    if new is None:
        return "cancel" if case.step == "confirm" else "command:cancel"
    body = " ".join(str(m.get("text", "")) for m in result.replies)
    if prompts.HELP_CONFIRM in body:
        return "command:help"
    if (case.step == "edit_menu" and new.stage is Stage.CONFIRM and new.values == draft.values
            and new.answered == draft.answered):
        return "command:back"  # back to the summary, nothing changed
    changed = [k for k in ORDER if new.values.get(k) != draft.values.get(k)]
    if not changed and new.answered != draft.answered and new.stage is Stage.CONFIRM:
        changed = [new.answered[-1]]  # corrected to the value it had
    if changed and new.stage in (Stage.CONFIRM, Stage.ASK, Stage.CHECK):
        field = changed[0]
        shown = _value(field, new.values.get(field))
        value = shown.removeprefix("text=") if field != "obstacles" or shown != "none" else ""
        edit = f"{field}={value}" if field not in ("detail",) else f"{field}={new.values[field]}"
        if field in ("on_plan", "on_target") and "obstacles" in changed[1:]:
            edit += f"|reason={new.values['obstacles']}"  # the reason said with a new "no"
        return f"edit:{edit}" if case.step == "confirm" else edit
    if new.stage is Stage.PICK_FIELD and new.slot is None:
        return "edit" if case.step == "confirm" else "ask"
    if new.stage is Stage.CHECK and new.slot in ORDER:  # read, and asked to confirm first
        value = _value(new.slot, new.pending).removeprefix("text=")
        return "check:" + (f"edit:{new.slot}={value}" if case.step == "confirm"
                           else f"{new.slot}={value}")
    if new.editing and new.slot in ORDER:
        return f"edit:{new.slot}" if case.step == "confirm" else str(new.slot)
    return "ask"


def _at_edit_menu(case: Case) -> str:
    """Read a message typed when the bot asks which field to change."""
    return _at_summary(case, replace(_summary(), stage=Stage.PICK_FIELD))


def _registering(case: Case) -> str:
    """Read a registration message: the code it carries, or none."""
    code = invite_code_in(case.message)
    if not code:  # not a registration, or one without a code (answered with how to register)
        return "none"
    flat = normalize_code(code)
    return f"code={flat[:4]}-{flat[4:]}" if len(flat) == 8 else f"code?={code}"


def _idle(case: Case) -> str:
    """Read a message with no draft open, in the router's order."""
    start = parse_start(case.message)
    if start is not None and start.code is None and len(set(find_codes(case.message))) >= 2:
        return "ask"  # two projects named: the picker asks which, nothing is started
    if start is not None:
        kind = "indicator_report" if start.indicator else "amend" if start.amend else "report"
        return kind + (f" code={start.code}" if start.code else "")
    code = invite_code_in(case.message)
    if code == "" and attempted_code(case.message) is None:
        return "help"  # a registration without a code: how to register is answered, no try spent
    if code is not None:
        return "register"
    parsed = grammar.understand(case.message)
    query = parse_query(case.message)
    if query is not None:
        name = {"สถานะ": "status", "ประวัติ": "history", "กราฟ": "chart", "PDF": "pdf",
                "ค้างส่ง": "overdue", "สรุป": "digest", "สถานะตัวชี้วัด": "indicator_status"}
        verb = name[query.verb.value]
        return verb + (f" code={query.code}" if query.code else "")
    if parsed.intent is not None:
        return str(parsed.intent.value)
    return "none"


def read_as(case: Case) -> str:
    """How the bot reads a case, in the corpus notation."""
    if case.step in SLOT_OF:
        return _at_question(case)
    if case.step == "confirm":
        return _at_summary(case)
    if case.step == "edit_menu":
        return _at_edit_menu(case)
    if case.step == "register":
        return _registering(case)
    return _idle(case)


# The form keeps no spoken particle inside a sentence (readers._SPOKEN, docs/LANGUAGE.md):
# "ฝนตกทุกบ่ายเลยค่ะ ทำงานได้ครึ่งวัน" is stored without its "ค่ะ", the same text to the form.
_INNER_SPOKEN = re.compile(r"(?<=[ก-๛])(?:ครับผม|ครับ|ค่ะ)(?=\s)")


def _flat(value: str) -> str:
    """Compare texts without caring about spaces or a spoken particle inside a sentence."""
    return re.sub(r"\s+", "", _INNER_SPOKEN.sub("", value))


def _same_number(got: str, expected: str) -> bool:
    """Numbers compared as numbers ("1500.5" is "1500.50")."""
    try:
        return Decimal(got) == Decimal(expected)
    except ArithmeticError:
        return False


def _same_edit(got: str, expected: str) -> bool:
    """An edit compared in either notation the corpora use: a new obstacle text with or
    without "text=" ("obstacles=text=…" is "obstacles=…"), a number with or without its
    decimals; a new "no" whose author wrote no
    reason is understood whether or not the bot also kept the reason said with it."""
    got, expected = (_flat(v).replace("obstacles=text=", "obstacles=") for v in (got, expected))
    if got == expected:
        return True
    numbers = [re.fullmatch(r"(.*(?:progress|disbursed|beneficiaries)=)([0-9.]+)", v)
               for v in (got, expected)]
    if numbers[0] and numbers[1] and numbers[0][1] == numbers[1][1]:  # "=325000" is "=325000.00"
        return _same_number(numbers[0][2], numbers[1][2])
    return (re.search(r"(?:on_plan|on_target)=no$", expected) is not None
            and got.startswith(expected + "|reason="))


_LEADING_WHY = re.compile(r"(reason=|text=)\s*(?:เนื่องจาก|เนื่องด้วย|เพราะ(?:ว่า)?|คือ)\s*")


def understood(case: Case, got: str) -> bool:
    """True when the bot read the case as its author meant.

    A reason given with "yes, on plan/target" is no obstacle, and the form has no other place
    for it: reading the yes is understanding it.
    """
    expected = case.expected
    if got.startswith("check:"):  # read, then asked to confirm before it is stored
        got = got.removeprefix("check:")
        if expected == "ask":
            return True
    if case.step in ("progress", "money") and _same_number(got, expected):
        return True
    if case.step in ("on_plan", "on_target") and expected.startswith("yes|") and got == "yes":
        return True
    if case.step == "idle":  # "help" covers chit-chat the bot answers with help; a message the
        # bot cannot place gets "ยังไม่เข้าใจ…" with the likeliest commands: it asks what is meant
        return got == expected or (expected == "none" and got in ("none", "thanks", "greet")) or (
            expected == "ask" and got == "none")
    if expected == "ask" and got == "command:help" and case.step != "register":
        return True  # a question about the question: it is explained and asked again
    if case.step in ("confirm", "edit_menu"):
        return _same_edit(got, expected)
    if case.step in ("on_plan", "on_target", "obstacles"):  # "เนื่องจาก…" said or not: one reason
        return _flat(_LEADING_WHY.sub(r"\1", got)) == _flat(_LEADING_WHY.sub(r"\1", expected))
    return got == expected


def wrong_action(case: Case, got: str) -> bool:
    """True when the bot would store, submit or cancel something the author did not mean.

    Another command answered in the middle of a draft stores nothing (the draft waits, "ทำต่อ"
    resumes it): a miss, not a wrong action; cancelling the draft is one.
    """
    if understood(case, got) or got in ("ask", "none") or got.startswith("check:"):
        return False
    if got.startswith("command:") and got != "command:cancel":
        return False
    if case.step == "idle":
        return got.startswith(("report", "amend", "register"))  # a draft or a code spent
    return case.step != "register"  # a wrong code costs a try but stores nothing
