"""Section 2 of the project form: the "รายงานครั้งที่ N" progress entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from core.thai import to_arabic_digits
from forms.clean import DETAIL_CONTINUATION, Line, is_continuation
from forms.errors import LineError, ParseWarning
from forms.lexicon import is_unreadable_report, match_report

_NUM = r"([0-9๐-๙?.,\-]*)"
PROGRESS = re.compile(r"ความก้าวหน้าของงาน\S*\s*=\s*" + _NUM + r"\s*%?")
BUDGET = re.compile(
    r"งบประมาณที่เบิกใช้\s*(?:\(\s*ครั้ง\s*ที่\s*([0-9๐-๙?]*)\s*\))?\s*=\s*" + _NUM + r"\s*(?:บาท)?"
)
STATUS = re.compile(r"(ไม่\s*)?เป็นไปตาม\s*(แผน|เป้าหมาย)")
_FACT_START = re.compile(r"^[\s:]*(?:ความก้าวหน้าของงาน|งบประมาณที่เบิกใช้|(?:ไม่\s*)?เป็นไปตาม)")
_DATE = re.compile(r"^[\s:]*(?:วันที่\s*)?(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})")
_INLINE_FACT = re.compile(
    r"(?:\s*::?\s*|\t\s*|\s{2,})(?=ความก้าวหน้าของงาน|งบประมาณที่เบิกใช้)"
    r"|(?:\t|\s{2,})[\s:]*(?=(?:ไม่\s*)?เป็นไปตาม(?:แผน|เป้าหมาย)[\s:]*"
    r"(?:(?:ไม่\s*)?เป็นไปตาม(?:แผน|เป้าหมาย)[\s:]*)*$)"
)
_LEFTOVER = re.compile(r"[\s:%=]+|บาท")
_SEPARATOR = re.compile(r"^\s*:[ \t]?\s*")
_OBSTACLES = re.compile(r"^[\s:]*ปัญหา\s*/?\s*(?:และ)?\s*อุปสรรค\s*:?\s*")

FIELDS = ("progress", "budget", "plan", "target")


@dataclass
class Fact:
    """One value read from a report line (progress, budget, plan or target)."""

    kind: str
    raw: tuple[str, ...]
    line: int


@dataclass
class Block:
    """The raw pieces of one report, in the order they were printed."""

    number: int
    line: int
    date: tuple[str, int] | None = None
    detail: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    obstacles: list[str] | None = None  # the "ปัญหา/อุปสรรค :" line and its continuations


def read_facts(text: str, line: int, warnings: list[ParseWarning]) -> list[Fact]:
    """Read every progress / budget / status value on a line; warn about leftovers."""
    found: list[tuple[int, Fact]] = []
    spans: list[tuple[int, int]] = []
    for match in PROGRESS.finditer(text):
        found.append((match.start(), Fact("progress", (match.group(1),), line)))
        spans.append(match.span())
    for match in BUDGET.finditer(text):
        raw = (match.group(1) or "", match.group(2))
        found.append((match.start(), Fact("budget", raw, line)))
        spans.append(match.span())
    for match in STATUS.finditer(text):
        kind = "plan" if match.group(2) == "แผน" else "target"
        found.append((match.start(), Fact(kind, ("no" if match.group(1) else "yes",), line)))
        spans.append(match.span())
    rest = "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in spans))
    leftover = _LEFTOVER.sub("", rest)
    if leftover:
        warnings.append(ParseWarning(line, f"unrecognised text in a report line: {leftover!r}"))
    return [fact for _, fact in sorted(found, key=lambda pair: pair[0])]


def inline_safe(detail: str) -> bool:
    """True if a detail line can follow the date on the report's first line unchanged."""
    return not _split_inline_facts(detail)[1]


def _split_inline_facts(detail: str) -> tuple[str, str]:
    """Split "detail<TAB>: เป็นไปตามแผน" or "detail :: ความก้าวหน้า..." into its two parts."""
    match = _INLINE_FACT.search(detail)
    if not match:
        return detail, ""
    return detail[: match.start()], detail[match.start() :]


def add_line(block: Block, text: str, line: int, warnings: list[ParseWarning]) -> None:
    """Add one printed line (or the rest of the header line) to a report block."""
    date = _DATE.match(to_arabic_digits(text))
    if block.date is None and date:
        block.date = (date.group(1), line)
        detail, facts = _split_inline_facts(_SEPARATOR.sub("", text[date.end() :], count=1))
        if detail.strip():
            block.detail.append(detail.strip())
        if facts:
            block.facts.extend(read_facts(facts, line, warnings))
    elif _FACT_START.match(text):
        block.facts.extend(read_facts(text, line, warnings))
    elif block.facts and block.obstacles is None and (found := _OBSTACLES.match(text)):
        block.obstacles = [text[found.end() :].strip()]
    elif text.strip():
        detail, facts = _split_inline_facts(text.strip())
        block.detail.append(detail.strip())
        if facts:
            block.facts.extend(read_facts(facts, line, warnings))


def read_blocks(lines: list[Line], warnings: list[ParseWarning]) -> list[Block]:
    """Group section-2 lines into report blocks (lines before the first are warned)."""
    blocks: list[Block] = []
    for line in lines:
        if blocks and is_continuation(line.text, DETAIL_CONTINUATION):
            last = blocks[-1]
            (last.detail if last.obstacles is None else last.obstacles).append(line.text.strip())
            continue
        header = match_report(line.text)
        if header is None and is_unreadable_report(line.text):
            raise LineError(line.no, f"unreadable report number: {line.text.strip()!r}")
        if header:
            blocks.append(Block(header[0], line.no))
            if header[1].strip():
                add_line(blocks[-1], header[1], line.no, warnings)
        elif blocks:
            add_line(blocks[-1], line.text, line.no, warnings)
        else:
            warnings.append(ParseWarning(line.no, f"text before the first report: {line.text!r}"))
    return blocks


def settle(blocks: list[Block], warnings: list[ParseWarning]) -> None:
    """Give a report a value it lacks that the next report printed twice (page breaks)."""
    for before, after in pairwise(blocks):
        for kind in FIELDS:
            mine = [fact for fact in before.facts if fact.kind == kind]
            theirs = [fact for fact in after.facts if fact.kind == kind]
            if not mine and len(theirs) >= 2:
                moved = theirs[0]
                after.facts.remove(moved)
                before.facts.append(moved)
                warnings.append(
                    ParseWarning(
                        moved.line,
                        f"report {before.number}: its {kind} value was printed after "
                        f"report {after.number} began (page break); assigned to report "
                        f"{before.number}",
                    )
                )


def check_block(block: Block) -> None:
    """Raise LineError if the block is missing a date or a value."""
    if block.date is None:
        raise LineError(block.line, f"report {block.number} has no date (truncated?)")
    missing = [kind for kind in FIELDS if not any(f.kind == kind for f in block.facts)]
    if missing:
        raise LineError(
            block.line,
            f"report {block.number} is incomplete, missing: {', '.join(missing)} (truncated?)",
        )
