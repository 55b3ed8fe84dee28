"""Section 2 of the project form, read by structure: lines into items, items into reports.

A report prints a text part (its "รายงานครั้งที่ N" label, date and detail) and a figures part
(progress, budget, on plan, on target). Old printouts move these parts around: over several
lines, in either order, split by page breaks, with labels displaced or lost. So each line is
cut into items, items are grouped into text units and figure units, and the units are paired
into reports by their order; labels and budget counts only number the reports afterwards.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from core.thai import to_arabic_digits
from forms.clean import Line
from forms.errors import ParseWarning, flag
from forms.report_items import FIELDS, Item, line_items

_ORDER = {kind: index for index, kind in enumerate(FIELDS)}
_STATUSES = frozenset(FIELDS[2:])


@dataclass
class Unit:
    """Consecutive items of one part of a report: "T" (label, date, detail) or "F" (figures)."""

    kind: str
    items: list[Item] = field(default_factory=list)
    obstacles: list[str] = field(default_factory=list)  # printed after a figure unit
    declared: list[tuple[str, str]] = field(default_factory=list)  # other own lines after it

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
    obstacles: list[str] = field(default_factory=list)  # ปัญหา/อุปสรรค lines
    declared: list[tuple[str, str]] = field(default_factory=list)  # (field name, printed value)

    def of(self, kind: str) -> list[Item]:
        """The items of one kind, in printed order."""
        return [item for item in self.items if item.kind == kind]


def _units(items: list[Item]) -> list[Unit]:
    """Group items into text units (label, date, detail) and figure units."""
    units: list[Unit] = []
    for item in items:
        current = units[-1] if units else None
        if item.kind == "declared":
            if current is not None and current.kind == "F":
                current.declared.append((item.raw[0], item.raw[1]))
                continue
            item = Item("text", (item.raw[1],), item.line, item.after_break)  # not after figures
        if item.kind == "obstacles" or (item.kind == "text" and item.continues
                                        and current is not None and current.obstacles):
            if current is not None and current.kind == "F":
                current.obstacles.append(item.raw[0])
                continue
            item = Item("text", item.raw, item.line, item.after_break)  # not after figures
        if item.kind in FIELDS:
            if current is not None and current.kind == "F" and not _apart(units, item):
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


def _stray(units: list[Unit]) -> bool:
    """True if the last unit is statuses printed at the end of the text line before it (seed
    000's page-break artefact: the report before's status, or this report's)."""
    if len(units) < 2 or units[-2].kind != "T" or units[-1].kind != "F":
        return False
    lines = {item.line for item in units[-2].items}
    return all(i.kind in _STATUSES and i.line in lines for i in units[-1].items)


def _apart(units: list[Unit], item: Item) -> bool:
    """True if a progress or budget value on a later line must not join a stray status unit:
    whose the statuses are is settled afterwards (_settle)."""
    return item.kind not in _STATUSES and _stray(units) and item.line > units[-1].items[-1].line


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
    cuts[0].obstacles = unit.obstacles  # they follow the last report's figures
    cuts[0].declared = unit.declared
    return cuts[::-1]


def _number(item: Item | None) -> int | None:
    """The number of a label or the count of a budget item, if readable."""
    if item is None:
        return None
    raw = to_arabic_digits(item.raw[0]).strip()
    return int(raw) if raw.isdigit() else None


def _label_of(unit: Unit) -> int | None:
    """The number on a text unit's label."""
    return _number(next((item for item in unit.items if item.kind == "label"), None))


def _count_of(unit: Unit) -> int | None:
    """The budget count of a figure unit."""
    return _number(next((item for item in unit.items if item.kind == "budget"), None))


def _unclaimed(unit: Unit, after: Unit) -> bool:
    """True for statuses that the report printed after them does not print itself: they are
    taken for the report before (the page-break artefact), but that is an assumption."""
    if not unit.kinds() <= _STATUSES or unit.kinds() & after.kinds():
        return False
    for item in unit.items:
        item.assumed = True
    return True


def _given_back(unit: Unit, text: Unit, owner: Unit, proven: bool) -> ParseWarning:
    """The warning about figures given back to the report printed before them."""
    names = ", ".join(sorted(unit.kinds(), key=_ORDER.__getitem__))
    label, count = _label_of(text), _count_of(owner)
    later = f"report {label}" if label is not None else "the next report"
    before = f"report {count}" if count is not None else "the report before it"
    line = unit.items[0].line
    if proven:
        return ParseWarning(line, f"the {names} value printed after {later} began (page break) "
                                  f"belongs to {before}")
    return flag(line, f"the {names} value printed after {later} began (page break) is taken "
                      f"for {before}'s: {later} prints none itself; check both")


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
            and (unit.kinds() <= after.kinds() or _unclaimed(unit, after))
            and not unit.has("budget")
        ):
            out[-2].items.extend(unit.items)
            warnings.append(_given_back(unit, out[-1], out[-2], unit.kinds() <= after.kinds()))
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
        Block(group[0].items[0].line, [i for u in group for i in u.items], doubtful=n in doubtful,
              obstacles=[line for u in group for line in u.obstacles],
              declared=[pair for u in group for pair in u.declared])
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
