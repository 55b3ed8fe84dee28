"""Section 2 of the project form, read by structure: lines into items, items into reports.

A report prints a text part (its "รายงานครั้งที่ N" label, date and detail) and a figures part
(progress, budget, on plan, on target). Old printouts move these parts around: over several
lines, in either order, split by page breaks, with labels displaced or lost. So each line is
cut into items, items are grouped into text units and figure units, and the units are paired
into reports by their order; labels and budget counts only number the reports afterwards.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from forms.clean import DETAIL_CONTINUATION, Line, is_continuation
from forms.errors import ParseWarning
from forms.lexicon import find_reports
from forms.thai import thai_to_arabic

_NUM = r"([0-9๐-๙?.,\-]*)"
PROGRESS = re.compile(r"ความก้าวหน้าของงาน\S*\s*=\s*" + _NUM + r"\s*%?")
BUDGET = re.compile(
    r"งบประมาณที่เบิกใช้\s*(?:\(\s*ครั้ง\s*ที่\s*([0-9๐-๙?]*)\s*\))?\s*=\s*" + _NUM + r"\s*(?:บาท)?"
)
STATUS = re.compile(r"(ไม่\s*)?เป็นไปตาม\s*(แผน|เป้าหมาย)")
_GLUED = re.compile(r"[^\s:=]+$")  # characters stuck to the left of a status: a damaged "ไม่"?
_FACT_START = re.compile(r"^[\s:]*(?:ความก้าวหน้าของงาน|งบประมาณที่เบิกใช้|(?:ไม่\s*)?เป็นไปตาม)")
_DATE = re.compile(r"^[\s:]*(?:วันที่\s*)?(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})")
_DAMAGED_DATE = re.compile(
    r"^[\s:]*(?:วันที่\s*)?([0-9?]{1,2}\s*/\s*[0-9?]{1,2}\s*/\s*[0-9?]{2,4})(?=[\s:]|$)"
)
_INLINE_FACT = re.compile(
    r"(?:\s*::?\s*|\t\s*|\s{2,})(?=ความก้าวหน้าของงาน|งบประมาณที่เบิกใช้)"
    r"|(?:\t|\s{2,})[\s:]*(?=(?:ไม่\s*)?เป็นไปตาม(?:แผน|เป้าหมาย)[\s:]*"
    r"(?:(?:ไม่\s*)?เป็นไปตาม(?:แผน|เป้าหมาย)[\s:]*)*$)"
)
_LEFTOVER = re.compile(r"[\s:%=\-]+|บาท")
_SEPARATOR = re.compile(r"^\s*:[ \t]?\s*")
_OPENER = re.compile(r"^\s*::")
_WORD_START = re.compile(r"(?:^|(?<=[\s:])|(?<=ไม่))(?=\S)")
_KEYWORDS = ("ความก้าวหน้าของงาน", "งบประมาณที่เบิกใช้", "เป็นไปตามเป้าหมาย", "เป็นไปตามแผน")
_KEYWORD_TYPOS = 2

FIELDS = ("progress", "budget", "plan", "target")
_ORDER = {kind: index for index, kind in enumerate(FIELDS)}
UNKNOWN = "?"  # a status whose ไม่ / เป็นไปตาม could not be read


@dataclass
class Item:
    """One thing read from a report line: a label, a date, a detail line or a figure."""

    kind: str  # "label", "date", "text", or one of FIELDS
    raw: tuple[str, ...]
    line: int
    after_break: bool = False  # the first thing on a line printed after a page-break title
    opens: bool = False  # a text printed as a report's head (":: detail"): starts a report
    continues: bool = False  # a tab-indented detail line: always the detail above it


@dataclass
class Unit:
    """Consecutive items of one part of a report: "T" (label, date, detail) or "F" (figures)."""

    kind: str
    items: list[Item] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        """True if the unit holds an item of this kind."""
        return any(item.kind == kind for item in self.items)

    def kinds(self) -> set[str]:
        """The kinds of the items held."""
        return {item.kind for item in self.items}


@dataclass
class Block:
    """The items of one report, gathered from its units, before numbering and checking."""

    line: int
    items: list[Item] = field(default_factory=list)
    floating: list[Item] = field(default_factory=list)  # labels printed away from their report
    notes: list[str] = field(default_factory=list)
    doubtful: bool = False  # its parts could nearly as well be read with a neighbour's

    def of(self, kind: str) -> list[Item]:
        """The items of one kind, in printed order."""
        return [item for item in self.items if item.kind == kind]


def repair(text: str) -> str:
    """Replace a damaged report keyword (one or two characters off) by the keyword itself."""
    flat = thai_to_arabic(text)
    out, last = [], 0
    for match in _WORD_START.finditer(flat):
        start = match.start()
        if start < last:
            continue
        for keyword in _KEYWORDS:
            found = _near(flat, start, keyword)
            if found is not None:
                out += [text[last:start], keyword]
                last = start + found
                break
    return "".join([*out, text[last:]]) if out else text


def _near(flat: str, start: int, keyword: str) -> int | None:
    """Length of the damaged copy of keyword at start, or None (exact copies are left alone)."""
    if flat.startswith(keyword, start):
        return None
    best: tuple[int, int] | None = None
    for size in range(len(keyword) - _KEYWORD_TYPOS, len(keyword) + _KEYWORD_TYPOS + 1):
        window = flat[start : start + size]
        if len(window) < size:
            break
        distance = Levenshtein.distance(window, keyword, score_cutoff=_KEYWORD_TYPOS)
        if distance <= _KEYWORD_TYPOS and (best is None or distance < best[0]):
            best = (distance, size)
    return best[1] if best else None


def read_facts(text: str, line: int, warnings: list[ParseWarning]) -> list[Item]:
    """Read every progress / budget / status value on a line; note leftovers."""
    found: list[tuple[int, Item]] = []
    spans: list[tuple[int, int]] = []
    for match in PROGRESS.finditer(text):
        found.append((match.start(), Item("progress", (match.group(1),), line)))
        spans.append(match.span())
    for match in BUDGET.finditer(text):
        raw = (match.group(1) or "", match.group(2))
        found.append((match.start(), Item("budget", raw, line)))
        spans.append(match.span())
    for match in STATUS.finditer(text):
        kind = "plan" if match.group(2) == "แผน" else "target"
        value = "no" if match.group(1) else "yes"
        if not match.group(1) and _GLUED.search(text[: match.start()]):
            value = UNKNOWN  # "ไ?่เป็นไปตามแผน": yes or no cannot be told
        found.append((match.start(), Item(kind, (value,), line)))
        spans.append(match.span())
    rest = "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in spans))
    leftover = _LEFTOVER.sub("", rest)
    if leftover:
        warnings.append(ParseWarning(line, f"unrecognised text in a report line: {leftover!r}"))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def inline_safe(detail: str) -> bool:
    """True if a detail line can follow the date on the report's first line unchanged."""
    fixed = repair(detail)
    return fixed == detail and not _split_inline_facts(detail)[1] and not find_reports(detail)


def _split_inline_facts(detail: str) -> tuple[str, str]:
    """Split "detail<TAB>: เป็นไปตามแผน" or "detail :: ความก้าวหน้า..." into its two parts."""
    match = _INLINE_FACT.search(detail)
    if not match:
        return detail, ""
    return detail[: match.start()], detail[match.start() :]


def _piece(text: str, line: Line, warnings: list[ParseWarning]) -> list[Item]:
    """The items of a stretch of a line that holds no report label."""
    text = repair(text)
    if not text.strip(" \t:-"):
        return []
    items: list[Item] = []
    flat = thai_to_arabic(text)
    date = _DATE.match(flat) or _DAMAGED_DATE.match(flat)
    if date:
        items.append(Item("date", (date.group(1),), line.no))
        detail, facts = _split_inline_facts(_SEPARATOR.sub("", text[date.end() :], count=1))
        if detail.strip():
            items.append(Item("text", (detail.strip(),), line.no))
        if facts:
            items += read_facts(facts, line.no, warnings)
    elif _FACT_START.match(text):
        items += read_facts(text, line.no, warnings)
    else:
        detail, facts = _split_inline_facts(text.strip())
        opens = _OPENER.match(text) is not None  # ":: detail": a report head without a date
        items.append(Item("text", (_SEPARATOR.sub("", detail.strip()),), line.no, opens=opens))
        if facts:
            items += read_facts(facts, line.no, warnings)
    return items


def line_items(line: Line, warnings: list[ParseWarning]) -> list[Item]:
    """Cut one section-2 line into items, report labels included wherever they sit."""
    if is_continuation(line.text, DETAIL_CONTINUATION):
        return [Item("text", (line.text.strip(),), line.no, line.after_break, continues=True)]
    items: list[Item] = []
    position = 0
    for start, end, number in find_reports(line.text):
        items += _piece(line.text[position:start], line, warnings)
        items.append(Item("label", (str(number) if number is not None else "",), line.no))
        position = end
    items += _piece(line.text[position:], line, warnings)
    if items:
        items[0].after_break = line.after_break
    return items


def _units(items: list[Item]) -> list[Unit]:
    """Group items into text units (label, date, detail) and figure units."""
    units: list[Unit] = []
    for item in items:
        current = units[-1] if units else None
        if item.kind in FIELDS:
            if current is not None and current.kind == "F":
                current.items.append(item)
            else:
                units.append(Unit("F", [item]))
        elif item.kind == "label":
            units.append(Unit("T", [item]))
        elif item.kind == "date":
            fits = current is not None and current.kind == "T"
            if fits and current is not None and current.kinds() <= {"label"}:
                current.items.append(item)
            else:
                units.append(Unit("T", [item]))
        elif item.kind == "text" and _resumes(units, item):
            units[-2].items.append(item)  # more detail after a figure printed at a line's end
        elif current is not None and current.kind == "T":
            if item.opens and not current.kinds() <= {"label"}:
                units.append(Unit("T", [item]))
            else:
                current.items.append(item)
        else:
            units.append(Unit("T", [item]))
    return [part for unit in units for part in _split_figures(unit)]


def _resumes(units: list[Unit], item: Item) -> bool:
    """True if a detail line continues the text before a stray figure.

    That is a tab-indented detail line, or any plain line when the figure was printed at the
    end of the text's own line (seed 000's page-break artefact).
    """
    if len(units) < 2 or units[-2].kind != "T" or units[-1].kind != "F" or item.opens:
        return False
    inline = all(figure.line == units[-2].items[-1].line for figure in units[-1].items)
    return item.continues or inline


def _split_figures(unit: Unit) -> list[Unit]:
    """Cut a run of figures into as few reports' worth as possible, in the printed order."""
    if unit.kind != "F" or len(unit.kinds()) == len(unit.items):
        return [unit]
    items = unit.items
    # (groups, disorder, cut) for items[:i]; never cut inside a line (a line holding two
    # progress values is ambiguous, not two reports)
    best: list[tuple[int, int, int]] = [(0, 0, 0)]
    for end in range(1, len(items) + 1):
        options = []
        if end < len(items) and items[end].line == items[end - 1].line:
            best.append((len(items) + 1, 0, 0))  # no cut here
            continue
        for start in range(end - 1, -1, -1):
            group = items[start:end]
            if start and items[start].line == items[start - 1].line:
                continue
            lines = {(item.kind, item.line) for item in group}
            if len({item.kind for item in group}) < len(lines):
                break
            disorder = sum(_ORDER[a.kind] > _ORDER[b.kind] for a, b in itertools.pairwise(group))
            groups, before, _ = best[start]
            options.append((groups + 1, before + disorder, start))
        best.append(min(options))
    cuts, end = [], len(items)
    while end > 0:
        start = best[end][2]
        cuts.append(Unit("F", items[start:end]))
        end = start
    return cuts[::-1]


def _number(item: Item | None) -> int | None:
    """The number of a label or the count of a budget item, if readable."""
    if item is None:
        return None
    raw = thai_to_arabic(item.raw[0]).strip()
    return int(raw) if raw.isdigit() else None


def _label_of(unit: Unit) -> int | None:
    """The number on a text unit's label."""
    return _number(next((item for item in unit.items if item.kind == "label"), None))


def _count_of(unit: Unit) -> int | None:
    """The budget count of a figure unit."""
    return _number(next((item for item in unit.items if item.kind == "budget"), None))


def _settle(units: list[Unit], warnings: list[ParseWarning]) -> list[Unit]:
    """Give back figures printed after the next report began (a page-break artefact)."""
    out: list[Unit] = []
    for index, unit in enumerate(units):
        after = units[index + 1] if index + 1 < len(units) else None
        if (
            unit.kind == "F"
            and len(out) >= 2
            and out[-1].kind == "T"
            and out[-2].kind == "F"
            and not (out[-2].kinds() & unit.kinds())
            and after is not None
            and after.kind == "F"
            and unit.kinds() <= after.kinds()
            and not unit.has("budget")
        ):
            out[-2].items.extend(unit.items)
            names = ", ".join(sorted(unit.kinds(), key=_ORDER.__getitem__))
            label, count = _label_of(out[-1]), _count_of(out[-2])
            later = f"report {label}" if label is not None else "the next report"
            owner = f"report {count}" if count is not None else "the report before it"
            warnings.append(
                ParseWarning(
                    unit.items[0].line,
                    f"the {names} value printed after {later} began (page break) belongs to "
                    f"{owner}",
                )
            )
            continue
        out.append(unit)
    return out


def _pair_cost(first: Unit, second: Unit) -> float | None:
    """The cost of reading two neighbouring units as one report (None: impossible)."""
    if first.kind == second.kind:
        return None
    text, figures = (first, second) if first.kind == "T" else (second, first)
    label, count = _label_of(text), _count_of(figures)
    cost = 0.0 if first.kind == "T" else 1.0
    if label is not None and count is not None and label != count:
        cost += 2.5
    return cost


_ALONE = 3.0
_DOUBT = 1.0  # another pairing within this cost of the best makes a report ambiguous


def _edges(units: list[Unit]) -> list[tuple[int, int, float]]:
    """Every way to read units as one report: (start, size, cost)."""
    edges = [(start, 1, _ALONE) for start in range(len(units))]
    for start in range(len(units) - 1):
        cost = _pair_cost(units[start], units[start + 1])
        if cost is not None:
            edges.append((start, 2, cost))
    return edges


def _pair(units: list[Unit]) -> tuple[list[list[Unit]], set[int]]:
    """Pair text and figure units into reports at the least cost (dynamic programming).

    Also returns the groups that a pairing almost as cheap would read differently: their
    reports are ambiguous and get flagged rather than trusted.
    """
    count = len(units)
    edges = _edges(units)
    ahead: list[float] = [0.0] + [float("inf")] * count  # best cost of units[:i]
    choice = [0] * (count + 1)
    behind: list[float] = [float("inf")] * count + [0.0]  # best cost of units[i:]
    for start, size, cost in sorted(edges, key=lambda edge: edge[0] + edge[1]):
        if ahead[start] + cost < ahead[start + size]:
            ahead[start + size], choice[start + size] = ahead[start] + cost, size
    for start, size, cost in sorted(edges, key=lambda edge: -edge[0]):
        behind[start] = min(behind[start], cost + behind[start + size])
    groups: list[tuple[int, int]] = []
    end = count
    while end > 0:
        groups.append((end - choice[end], choice[end]))
        end -= choice[end]
    groups.reverse()
    total = ahead[count]
    doubtful: set[int] = set()
    for index, (start, size) in enumerate(groups):
        for other_start, other_size, cost in edges:
            overlaps = other_start < start + size and start < other_start + other_size
            same = (other_start, other_size) == (start, size)
            through = ahead[other_start] + cost + behind[other_start + other_size]
            if overlaps and not same and through <= total + _DOUBT:
                doubtful.add(index)
    return [units[start : start + size] for start, size in groups], doubtful


def read_blocks(lines: list[Line], warnings: list[ParseWarning]) -> list[Block]:
    """Group section-2 lines into report blocks, by structure."""
    items = [item for line in lines for item in line_items(line, warnings)]
    units = _units(items)
    floating: list[tuple[int, Item]] = []  # (index in units of the unit after it, label)
    kept: list[Unit] = []
    for index, unit in enumerate(units):
        after = units[index + 1] if index + 1 < len(units) else None
        if unit.kind == "T" and unit.kinds() == {"label"}:
            if after is not None and after.kind == "T" and not after.has("label"):
                after.items[:0] = unit.items
            else:
                floating += [(index + 1, item) for item in unit.items]
            continue
        kept.append(unit)
    kept = _settle(kept, warnings)
    groups, doubtful = _pair(kept)
    blocks = [
        Block(group[0].items[0].line, [i for u in group for i in u.items], doubtful=n in doubtful)
        for n, group in enumerate(groups)
    ]
    owner = {id(unit): number for number, group in enumerate(groups) for unit in group}
    for index, label in floating:
        following = (owner.get(id(unit)) for unit in units[index:])
        _place(blocks, next((n for n in following if n is not None), len(blocks)), label)
    return blocks


def _place(blocks: list[Block], after: int, label: Item) -> None:
    """Give a displaced label to the nearest label-free report: the one after it first."""
    for index in (after, after + 1, after - 1):
        free = 0 <= index < len(blocks) and not blocks[index].of("label")
        if free and not blocks[index].floating:
            blocks[index].floating.append(label)
            return
