"""Turn report blocks into checked ProgressEntry records."""

from __future__ import annotations

from forms.clean import Line
from forms.errors import LineError, ParseWarning
from forms.records import ProgressEntry
from forms.reports import Block, Fact, check_block, read_blocks, settle
from forms.thai import parse_date, parse_decimal, parse_int


def _one(block: Block, kind: str, warnings: list[ParseWarning]) -> Fact:
    """The single value of a kind in a block; equal repeats are tolerated, others fatal."""
    facts = [fact for fact in block.facts if fact.kind == kind]
    for extra in facts[1:]:
        if extra.raw != facts[0].raw:
            raise LineError(
                extra.line, f"report {block.number}: two different {kind} values (ambiguous)"
            )
        warnings.append(ParseWarning(extra.line, f"report {block.number}: {kind} printed twice"))
    return facts[0]


def to_entry(block: Block, warnings: list[ParseWarning]) -> ProgressEntry:
    """Convert a checked block to a ProgressEntry, raising LineError on unreadable values."""
    check_block(block)
    assert block.date is not None
    progress = _one(block, "progress", warnings)
    budget = _one(block, "budget", warnings)
    count_raw, amount_raw = budget.raw
    try:
        when = parse_date(block.date[0])
    except ValueError:
        message = f"report {block.number}: bad date {block.date[0]!r}"
        raise LineError(block.date[1], message) from None
    try:
        percent = parse_decimal(progress.raw[0])
    except ValueError:
        raise LineError(
            progress.line, f"report {block.number}: unreadable progress {progress.raw[0]!r}"
        ) from None
    try:
        amount = parse_decimal(amount_raw)
        count = parse_int(count_raw) if count_raw else None
    except ValueError:
        raise LineError(
            budget.line, f"report {block.number}: unreadable budget {budget.raw!r}"
        ) from None
    if count is not None and count != block.number:
        warnings.append(
            ParseWarning(budget.line, f"report {block.number}: budget count is {count}")
        )
    return ProgressEntry(
        number=block.number,
        date=when,
        detail="\n".join(block.detail).rstrip("\n") if block.detail else "",
        progress=percent,
        disbursed=amount,
        budget_count=count,
        on_plan=_one(block, "plan", warnings).raw[0] == "yes",
        on_target=_one(block, "target", warnings).raw[0] == "yes",
        obstacles="\n".join(block.obstacles).strip() or None if block.obstacles else None,
    )


def read_reports(lines: list[Line], warnings: list[ParseWarning]) -> tuple[ProgressEntry, ...]:
    """Parse section 2 into entries; the whole section is fatal if any entry is broken."""
    blocks = read_blocks(lines, warnings)
    settle(blocks, warnings)
    entries = tuple(to_entry(block, warnings) for block in blocks)
    for index in range(1, len(entries)):
        before, after = entries[index - 1].number, entries[index].number
        if after != before + 1:
            warnings.append(
                ParseWarning(blocks[index].line, f"report {after} follows report {before}")
            )
    return entries
