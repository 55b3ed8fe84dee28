"""The project picker of the report command: typed codes, name fragments, and draft words."""

from __future__ import annotations

import re
from datetime import date

from conversations import grammar, prompts
from conversations.answers import core, without_particles
from conversations.codes import find_codes
from conversations.engine import Draft
from core.messages import quick_text, text
from handlers import report_texts as t
from handlers.report_words import StartRequest
from handlers.router import Outcome
from storage.models import Project

PAGE_SIZE = 12


def picker_again(holder: Draft) -> StartRequest:
    """The request that shows the held picker again (same kind of report, same month)."""
    held = holder.context.get("period")
    return StartRequest(holder.mode == "amend", False, None, "", "",
                        period=date.fromisoformat(held) if held else None)


def typed_pick(message: str, holder: Draft,
               parsed: grammar.Parsed | None = None) -> StartRequest | None:
    """A code or a name fragment typed while the project picker is shown ("ทำต่อ": show it)."""
    amend = holder.mode == "amend"
    period = picker_again(holder).period
    codes = find_codes(message)
    if len(codes) == 1:
        return StartRequest(amend, False, codes[0], "", "", period=period)
    parsed = parsed or grammar.understand(message)
    if parsed.intent is grammar.Intent.RESUME:
        return picker_again(holder)
    if is_draft_word(message) or is_submit_word(message):
        return None
    name = re.sub(r"^(?:อัน|ตัว|ของ)(?=\S{3})", "", grammar.content(message))  # "อันห้องสมุดค่ะ"
    if parsed.intent is not None or not name or len(name) > 40 or "\n" in name \
            or any(ch.isdigit() for ch in name) or _AN_ANSWER.search(name):
        return None  # "ราวๆ ครึ่งนึงค่ะ": an answer typed too early, not a name
    return StartRequest(amend, False, None, name, "", period=period)


# Words of an answer, never of a project's name.
_AN_ANSWER = re.compile(r"ราวๆ|ประมาณ|ครึ่ง|เปอร์เซ็น|บาท|ตามแผน|ตามเป้า|เรียบร้อยแล้ว")


_SAID_FIRST = re.compile(r"^(?:ชื่อ)?(?:โครงการ|project)\s*[:：]?\s*", re.I)
NAME_AT_LEAST = 4  # characters of a name said: fewer ("ถนน") name no project on their own


def _flat(value: str) -> str:
    """A name as it is compared: lower case, no spaces or punctuation ("(สาธิต)")."""
    return re.sub(r"[\s()\[\]{}\"'“”‘’«».,:;!?/\-–—]+", "", value).casefold()


def name_said(rest: str, projects: list[Project]) -> tuple[list[Project], str] | None:
    """The projects named by the first words of a report said in one message ("ห้องสมุด
    ออกหน่วยให้บริการ 3 ชุมชน ความคืบหน้า 30%": ห้องสมุด…), and the message without those words.

    A name is the longest run of whole words (split by spaces, as people type a name before
    the sentence) found in the officer's own projects' names; None when none is."""
    said = _SAID_FIRST.sub("", rest.strip())
    names = {p.code: _flat(p.name) for p in projects}
    run, best = "", None
    for word in re.finditer(r"\S+", said):
        run += _flat(grammar.content(word.group()))
        matches = [p for p in projects if run and run in names[p.code]]
        if not matches:
            break
        best = (matches, word.end(), run)
    if best is None or len(best[2]) < NAME_AT_LEAST or best[2].isdigit():
        return None
    return best[0], said[best[1]:].strip()


def is_cancel_word(message: str) -> bool:
    """True for "ยกเลิก" and its kin, said with a particle or not ("ยกเลิกค่ะ")."""
    words = {w.replace(" ", "").lower() for w in prompts.CANCEL_WORDS}
    said = without_particles(core(message)) or message
    return said.strip().replace(" ", "").lower() in words


def is_submit_word(message: str) -> bool:
    """True for "ยืนยัน" and its kin (a second tap on a used summary button)."""
    words = {w.replace(" ", "").lower() for w in prompts.SUBMIT_WORDS}
    return message.strip().replace(" ", "").lower() in words


def is_draft_word(message: str) -> bool:
    """True for words that only make sense with a draft (ยกเลิก, ทำต่อ, ย้อนกลับ)."""
    words = {w.replace(" ", "") for w in (*prompts.CANCEL_WORDS, *prompts.RESUME_WORDS,
                                          *prompts.BACK_WORDS)}
    said = without_particles(core(message)) or message  # "ทำต่อค่ะ"
    return said.strip().replace(" ", "").lower() in words


def choose(projects: list[Project], request: StartRequest) -> Project | Outcome:
    """The project a request means, or a reply asking the officer to pick one."""
    if request.code:
        match = [p for p in projects if p.code == request.code]
        return match[0] if match else Outcome([text(t.not_yours(request.code))])
    pool = projects
    if request.fragment:
        needle = request.fragment.casefold()
        pool = [p for p in projects if needle in p.name.casefold()] or []
        if not pool:
            return Outcome([text(t.no_match(request.fragment)),
                            *picker(projects, 1, request.amend).replies])
    if len(pool) == 1:
        return pool[0]
    return picker(pool, request.page, request.amend)


def picker(projects: list[Project], page: int, amend: bool = False) -> Outcome:
    """Quick replies to pick a project, twelve a page, with "more" when needed; to correct a
    report (amend) the question and the buttons say so."""
    start_at = (page - 1) * PAGE_SIZE
    shown = projects[start_at:start_at + PAGE_SIZE]
    verb, more = ("แก้ไขรายงาน", "แก้ไขรายงาน") if amend else ("ส่งรายงาน", "รายงาน")
    items = [quick_text(p.code, f"{verb} {p.code}") for p in shown]
    if start_at + PAGE_SIZE < len(projects):
        items.append(quick_text("เพิ่มเติม", f"{more} หน้า {page + 1}"))
    lines = "\n".join(f"• {p.code} {p.name}" for p in shown)
    question = t.PICK_AMEND if amend else t.PICK_PROJECT
    return Outcome([text(f"{question}\n{lines}", items)])
