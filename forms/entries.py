"""Turn report blocks into ProgressEntry records: number them, check them, flag or skip."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from core.report_schema import Kind, report_field
from forms.clean import Line
from forms.copies import merge, report_texts
from forms.errors import ParseWarning, Severity, flag, skip
from forms.layout import more_fields
from forms.records import EVERYTHING, ProgressEntry
from forms.report_items import FIELDS, UNKNOWN, Item
from forms.reports import Block, read_blocks
from forms.thai import parse_date, parse_decimal, parse_int

LOST_CHARACTER = re.compile(r"(?<=\S)\?(?=\S)")  # "?" inside a word: a character was lost
_MAX_PERCENT = Decimal(100)
_EARLY, _LATE = timedelta(days=92), timedelta(days=366)  # reports around their fiscal year
_STATUS_FIELDS = {"plan": "on_plan", "target": "on_target"}
_SAME_REPORT = 0.8  # details this alike (with the same figures): two printings of one report
_HEAD = 500  # characters of two details compared
_DAMAGED_FIELDS = {"progress": ("progress",), "budget": ("disbursed", "budget_count")}


class _SkipError(Exception):
    """Internal: the report cannot be imported."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class _Reading:
    """What one block says, before it becomes an entry."""

    block: Block
    number: int
    flags: set[str] = field(default_factory=set)
    warnings: list[ParseWarning] = field(default_factory=list)


def _one(reading: _Reading, kind: str) -> Item:
    """The single value of a kind in a block; equal repeats are noted, different ones fatal."""
    items = reading.block.of(kind)
    if not items:
        raise _SkipError(reading.block.line, f"report {reading.number}: no {kind} value")
    for extra in items[1:]:
        if extra.raw != items[0].raw:
            raise _SkipError(
                extra.line, f"report {reading.number}: two different {kind} values (ambiguous)"
            )
        reading.warnings.append(
            ParseWarning(extra.line, f"report {reading.number}: {kind} printed twice")
        )
    return items[0]


def _status(reading: _Reading, kind: str) -> bool | None:
    """An on-plan / on-target value, None when not printed; unreadable ones skip the report."""
    if not reading.block.of(kind):
        return None
    item = _one(reading, kind)
    if item.raw[0] == UNKNOWN:
        raise _SkipError(item.line, f"report {reading.number}: unreadable {kind} status (ไม่?)")
    if item.assumed:
        reading.flags.add(_STATUS_FIELDS[kind])
    return item.raw[0] == "yes"


def _unstated(reading: _Reading) -> None:
    """Flag the statuses a report does not print at all: stored as unknown, never guessed."""
    blank = [kind for kind in ("plan", "target") if not reading.block.of(kind)]
    if not blank:
        return
    figures = [item for kind in FIELDS for item in reading.block.of(kind)]
    line = max(item.line for item in figures) if figures else reading.block.line
    reading.flags.update(_STATUS_FIELDS[kind] for kind in blank)
    reading.warnings.append(
        flag(line, f"report {reading.number}: {'/'.join(blank)} not printed: stored as unknown")
    )


def _damaged_labels(reading: _Reading, *figures: Item) -> None:
    """Flag the figures read beside a label that lost characters: the value is kept."""
    for item in figures:
        if item.damaged:
            reading.flags.update(_DAMAGED_FIELDS[item.kind])
            reading.warnings.append(
                flag(item.line, f"report {reading.number}: {item.kind} label damaged; value kept")
            )


def _entry(reading: _Reading) -> ProgressEntry:
    """Convert a numbered block to a ProgressEntry; raise _SkipError when it cannot be stored."""
    block, number = reading.block, reading.number
    missing = [kind for kind in ("date", *FIELDS[:2]) if not block.of(kind)]
    if missing == ["date"]:
        raise _SkipError(block.line, f"report {number} has no date (printed without one)")
    if missing:
        raise _SkipError(
            block.line,
            f"report {number} is incomplete, missing: {', '.join(missing)} (truncated?)",
        )
    day = _one(reading, "date")
    try:
        when = parse_date(day.raw[0])
    except ValueError:
        raise _SkipError(day.line, f"report {number}: bad date {day.raw[0]!r}") from None
    progress = _one(reading, "progress")
    try:
        percent = parse_decimal(progress.raw[0])
    except ValueError:
        raise _SkipError(
            progress.line, f"report {number}: unreadable progress {progress.raw[0]!r}"
        ) from None
    if percent > _MAX_PERCENT:
        raise _SkipError(progress.line, f"report {number}: progress {percent} % is outside 0-100")
    _unstated(reading)
    budget = _one(reading, "budget")
    count_raw, amount_raw = budget.raw
    try:
        amount = parse_decimal(amount_raw)
    except ValueError:
        raise _SkipError(
            budget.line, f"report {number}: unreadable budget {budget.raw!r}"
        ) from None
    _damaged_labels(reading, progress, budget)
    count: int | None = None
    if count_raw:
        try:
            count = parse_int(count_raw)
        except ValueError:
            reading.flags.add("budget_count")
            reading.warnings.append(
                flag(
                    budget.line,
                    f"report {number}: budget count {count_raw!r} unreadable, left empty",
                )
            )
    if count is not None and count != number:
        reading.warnings.append(
            ParseWarning(budget.line, f"report {number}: budget count is {count}")
        )
    texts = block.of("text")
    detail = "\n".join(item.raw[0] for item in texts)
    for previous, item in itertools.pairwise(texts):
        if item.after_break and not item.continues:  # a tab-indented line is a new line
            reading.flags.add("detail")
            reading.warnings.append(
                flag(
                    item.line,
                    f"report {number}: detail continues after a page break; "
                    f"joined to line {previous.line} with a line break",
                )
            )
    if LOST_CHARACTER.search(detail):
        reading.flags.add("detail")
        line = next(i.line for i in texts if LOST_CHARACTER.search(i.raw[0]))
        reading.warnings.append(
            flag(line, f"report {number}: detail has '?' for lost characters; imported as printed")
        )
    return ProgressEntry(
        number=number,
        date=when,
        detail=detail,
        progress=percent,
        disbursed=amount,
        budget_count=count,
        on_plan=_status(reading, "plan"),
        on_target=_status(reading, "target"),
        flags=frozenset(reading.flags),
        line=block.line,
        obstacles="\n".join(block.obstacles).strip() or None,
        more=_declared(reading),
    )


def _declared(reading: _Reading) -> tuple[tuple[str, Any], ...]:
    """The other declared fields printed on their own lines, read by their kind; an unreadable
    or repeated-and-different value is left empty and flagged."""
    read: dict[str, Any] = {}
    for name, raw in reading.block.declared:
        field = report_field(name)
        try:
            value = _PARSERS[field.kind](raw) if raw else None
        except ValueError:
            value = None
            reading.flags.add(name)
            reading.warnings.append(flag(reading.block.line, (
                f"report {reading.number}: {name} {raw!r} unreadable, left empty")))
        if name in read and read[name] != value:
            reading.flags.add(name)
            reading.warnings.append(flag(reading.block.line, (
                f"report {reading.number}: two different {name} values; kept the first")))
            continue
        read[name] = value
    return tuple((f.name, read[f.name]) for f in more_fields() if read.get(f.name) is not None)


def _count(raw: str) -> int:
    """A whole number ≥ 0 as printed ("1,250")."""
    return parse_int(raw.replace(",", ""))


_PARSERS: dict[Kind, Callable[[str], Any]] = {
    Kind.TEXT: str, Kind.COUNT: _count, Kind.MONEY: parse_decimal, Kind.PERCENT: parse_decimal,
    Kind.BOOL: lambda raw: not raw.strip().startswith("ไม่"),
}


def _numbers(blocks: list[Block], warnings: list[ParseWarning]) -> list[_Reading]:
    """Number the blocks: budget count and order outvote a printed label."""
    readings: list[_Reading] = []
    previous = 0
    printed = [_printed(block) for block in blocks]
    for index, block in enumerate(blocks):
        count, label = printed[index]
        others = {n for i, pair in enumerate(printed) if i != index for n in pair}
        sequence = previous + 1
        votes: dict[int, float] = {}
        for value, weight in ((count, 2.0), (sequence, 1.5), (label, 1.0)):
            if value is not None:
                votes[value] = votes.get(value, 0.0) + weight
        number = max(votes, key=lambda n: (votes[n], n == count, n == sequence))
        # a label beyond every other number (and the count of reports) is a misprint ("12")
        highest = max([len(blocks), *(n for n in others if n is not None)]) + 1
        if count is None and label is not None and label not in others and label <= highest:
            number = label  # no count; the label names a number no other report claims
        reading = _Reading(block, number)
        # certain: budget count and label agree, or one of them agrees with the order (the
        # count and the order outvote a label; a lone label must agree with the order)
        agree = count is not None and count in (label, sequence)
        agree = agree or (count is None and label is not None and label == sequence)
        if agree and label is not None and label != number:
            reading.warnings.append(
                ParseWarning(
                    block.line,
                    f"report {number} is labelled {label}; its budget count and place say {number}",
                )
            )
        if not agree:
            reading.flags.add(EVERYTHING)
            said = (
                ", ".join(
                    f"{what} {value}"
                    for what, value in (("budget count", count), ("label", label))
                    if value is not None
                )
                or "no label and no budget count"
            )
            reading.warnings.append(
                flag(
                    block.line,
                    f"report numbered {number} from its place "
                    f"{f'after report {previous}' if previous else 'at the start'} ({said})",
                )
            )
        if block.doubtful and agree:
            reading.flags.add(EVERYTHING)
            reading.warnings.append(
                flag(
                    block.line,
                    f"report {number}: its date, detail and figures could also be read as "
                    "parts of the report next to it; check them",
                )
            )
        for item in block.floating:
            reading.warnings.append(
                ParseWarning(item.line, f"report {number}: its label was printed away from it")
            )
        if any(item.raw[0] == "" for item in [*block.of("label"), *block.floating]):
            reading.warnings.append(ParseWarning(block.line, "unreadable report number (label)"))
        readings.append(reading)
        previous = number
    return readings


def _printed(block: Block) -> tuple[int | None, int | None]:
    """The budget count and the label number printed in a block, where readable."""
    labels = [_as_int(item) for item in [*block.of("label"), *block.floating]]
    budgets = block.of("budget")
    count = _as_int(budgets[0]) if budgets and budgets[0].raw[0] else None
    label = next((n for n in labels if n is not None), None)
    valid = [n if n is not None and n >= 1 else None for n in (count, label)]  # from 1 up
    return valid[0], valid[1]


def _as_int(item: Item) -> int | None:
    """A label's number, or a budget item's count, if readable."""
    try:
        return parse_int(item.raw[0])
    except ValueError:
        return None


def _out_of_order(entries: list[ProgressEntry]) -> set[int]:
    """Numbers of the reports whose dates break the order of the others (not in the LIS)."""
    dates: list[date] = [entry.date for entry in entries]
    tails: list[date] = []
    tail_index: list[int] = []
    parent = [-1] * len(dates)
    for index, value in enumerate(dates):
        slot = bisect_right(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        parent[index] = tail_index[slot - 1] if slot else -1
    keep, index = set(), tail_index[-1] if tail_index else -1
    while index >= 0:
        keep.add(index)
        index = parent[index]
    return {entries[i].number for i in range(len(entries)) if i not in keep}


def _readable(
    blocks: list[Block], warnings: list[ParseWarning]
) -> list[tuple[_Reading, ProgressEntry]]:
    """Every block that reads as a report, numbered; the others skipped and listed."""
    read = []
    for reading in _numbers(blocks, warnings):
        try:
            read.append((reading, _entry(reading)))
        except _SkipError as problem:
            warnings.extend(w for w in reading.warnings if w.severity is not Severity.FLAG)
            warnings.append(skip(problem.line, f"{problem.message}; report skipped"))
    return read


def _again(
    first: ProgressEntry, second: ProgressEntry, rest: list[str], warnings: list[ParseWarning]
) -> ProgressEntry:
    """A report printed a second time: the same (noted), a differing copy of it (merged by
    what agrees with the document, flagged), or another report with its number (skipped)."""
    if first == second:
        warnings.append(ParseWarning(second.line, f"report {first.number} printed twice"))
        return first
    if not _one_report(first, second):
        warnings.append(skip(second.line, f"a second, different report {first.number}; skipped"))
        return first
    merged, found = merge(first, second, rest)
    warnings.extend(found)
    return merged


def _one_report(first: ProgressEntry, second: ProgressEntry) -> bool:
    """True if two printings are one report: the same date, or the same figures and much the
    same detail (months often repeat a detail word for word, so that alone proves nothing)."""
    if first.date == second.date:
        return True
    figures = (first.progress, first.disbursed) == (second.progress, second.disbursed)
    heads = first.detail[:_HEAD], second.detail[:_HEAD]  # bounded: difflib is quadratic
    alike = SequenceMatcher(None, *heads, autojunk=False).ratio()
    return figures and alike >= _SAME_REPORT


def read_reports(
    section: list[Line],
    warnings: list[ParseWarning],
    fiscal_year: int | None = None,
    context: Sequence[str] = (),
) -> tuple[ProgressEntry, ...]:
    """Parse section 2 into entries; reports that cannot be read are skipped and listed.

    `context` is the header's free text: with the other reports, what a report printed twice,
    differently, is compared with."""
    read = _readable(read_blocks(section, warnings), warnings)
    entries: dict[int, ProgressEntry] = {}
    lines: dict[int, int] = {}
    order: list[int] = []
    for reading, entry in read:
        if entry.number in entries:
            rest = [*context, *report_texts((e for _, e in read), entry.number)]
            entries[entry.number] = _again(entries[entry.number], entry, rest, warnings)
            continue
        warnings.extend(reading.warnings)
        entries[entry.number] = entry
        lines[entry.number] = reading.block.line
        if order and entry.number < order[-1]:
            warnings.append(
                ParseWarning(
                    reading.block.line, f"report {entry.number} follows report {order[-1]}"
                )
            )
        order.append(entry.number)
    ordered = [_in_year(entries[number], fiscal_year, warnings) for number in sorted(entries)]
    odd = _out_of_order([entry for entry in ordered if "date" not in entry.flags])
    result = []
    for entry in ordered:
        if entry.number in odd:
            warnings.append(
                flag(
                    lines[entry.number],
                    f"report {entry.number}: date {entry.date:%d/%m}/{entry.date.year + 543}"
                    " is out of order with the other reports; imported as printed",
                )
            )
            entry = with_flag(entry, "date")
        result.append(entry)
    return tuple(result)


def _in_year(
    entry: ProgressEntry, fiscal_year: int | None, warnings: list[ParseWarning]
) -> ProgressEntry:
    """The entry, with its date flagged when far from the project's fiscal year."""
    if fiscal_year is None:
        return entry
    first = date(fiscal_year - 544, 10, 1) - _EARLY
    last = date(fiscal_year - 543, 9, 30) + _LATE
    if first <= entry.date <= last:
        return entry
    shown = f"{entry.date:%d/%m}/{entry.date.year + 543}"
    warnings.append(
        flag(
            entry.line,
            f"report {entry.number}: date {shown} is far from the project's fiscal year "
            f"{fiscal_year}; imported as printed",
        )
    )
    return with_flag(entry, "date")


def with_flag(entry: ProgressEntry, name: str) -> ProgressEntry:
    """The entry with one more flagged field."""
    return replace(entry, flags=entry.flags | {name})
