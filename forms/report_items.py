"""Section-2 lines of the project form cut into items: labels, dates, details and figures.

Keywords one or two characters off are repaired first; a figure whose label lost more, beside
an intact "= NN.NN %" or "(ครั้งที่ N) = X บาท", is read and marked damaged; a status whose
"ไม่" is damaged, or a status printed beyond repair, is read as unknown, never as yes; a
status not printed at all yields no item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq, Levenshtein

from core.report_schema import REPORT_FIELDS, Printed
from core.thai import to_arabic_digits
from forms.clean import DETAIL_CONTINUATION, Line, is_continuation
from forms.errors import ParseWarning
from forms.lexicon import find_reports

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
_OBSTACLES = re.compile(r"^[\s:]*ปัญหา\s*/?\s*(?:และ)?\s*อุปสรรค\s*:?\s*")
_WORD_START = re.compile(r"(?:^|(?<=[\s:])|(?<=ไม่))(?=\S)")
_KEYWORDS = ("ความก้าวหน้าของงาน", "งบประมาณที่เบิกใช้", "เป็นไปตามเป้าหมาย", "เป็นไปตามแผน")
_KEYWORD_TYPOS = 2
_VALUE = r"([0-9๐-๙?][0-9๐-๙?.,\-]*)"  # an intact value holds digits (a "?": a lost one)
_LABEL = r"(?P<label>[^\s:=()%][^:=()%\t]{0,40}?)"  # bounded: the search stays linear
_DAMAGED_BUDGET = re.compile(
    _LABEL + r"\s*\(\s*ครั้ง\s*ที่\s*([0-9๐-๙?]*)\s*\)\s*=\s*" + _VALUE + r"\s*บาท"
)
_DAMAGED_PROGRESS = re.compile(_LABEL + r"\s*=\s*" + _VALUE + r"\s*%?")
_LOST_MARKS = re.compile(r"[\s?…._\-~`'ฯ]+")  # what a damaged label prints for lost characters
_REMNANT = 4  # a damaged label keeps at least this many characters...
_KEPT, _CLEAN = 0.5, 0.75  # ...half of the label, in order, and little else
_SEGMENT = re.compile(r"[^:\t]+")
_STATUS_WORDS = {"plan": "เป็นไปตามแผน", "target": "เป็นไปตามเป้าหมาย"}

FIELDS = ("progress", "budget", "plan", "target")
UNKNOWN = "?"  # a status whose ไม่ / เป็นไปตาม could not be read


@dataclass
class Item:
    """One thing read from a report line: a label, a date, a detail line or a figure."""

    kind: str  # "label", "date", "text", "obstacles", "declared" (name, value), or FIELDS
    raw: tuple[str, ...]
    line: int
    after_break: bool = False  # the first thing on a line printed after a page-break title
    opens: bool = False  # a text printed as a report's head (":: detail"): starts a report
    continues: bool = False  # a tab-indented detail line: always the detail above it
    damaged: bool = False  # a figure read beside a label that lost characters
    assumed: bool = False  # a status given to the report before it across a page break


def resembles(printed: str, word: str) -> bool:
    """True if printed is word with characters lost or damaged: most of it kept, in order."""
    key = _LOST_MARKS.sub("", to_arabic_digits(printed))
    if len(key) < _REMNANT:
        return False
    kept = LCSseq.similarity(key, word)
    return kept >= _KEPT * len(word) and kept >= _CLEAN * len(key)


def _label_resembles(label: str, word: str) -> bool:
    """True if the label, or its last few words (what follows other text), resembles word."""
    words = label.split()
    return any(resembles(" ".join(words[-size:]), word) for size in range(1, len(words) + 1))


def repair(text: str) -> str:
    """Replace a damaged report keyword (one or two characters off) by the keyword itself."""
    flat = to_arabic_digits(text)
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


def _gaps(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of text outside the spans."""
    out, position = [], 0
    for start, end in sorted(spans):
        if start > position:
            out.append((position, start))
        position = max(position, end)
    return [*out, (position, len(text))] if position < len(text) else out


def _damaged_figures(
    text: str, spans: list[tuple[int, int]], line: int
) -> list[tuple[int, int, Item]]:
    """Budget and progress values beside labels that lost characters: (start, end, item)."""
    found: list[tuple[int, int, Item]] = []
    for pattern, kind, word in ((_DAMAGED_BUDGET, "budget", _KEYWORDS[1]),
                                (_DAMAGED_PROGRESS, "progress", _KEYWORDS[0])):
        for start, end in _gaps(text, spans + [(a, b) for a, b, _ in found]):
            for match in pattern.finditer(text, start, end):
                if _label_resembles(match.group("label"), word):
                    raw = match.groups()[1:] if kind == "budget" else (match.group(2),)
                    item = Item(kind, tuple(value or "" for value in raw), line, damaged=True)
                    found.append((match.start(), match.end(), item))
    return found


def _damaged_statuses(
    text: str, spans: list[tuple[int, int]], tail: int, printed: dict[str, int]
) -> list[tuple[int, int, str]]:
    """Statuses printed beyond repair after the figures (": เป็?ไ??ตา?แผน"): (start, end, kind).

    Each is the status it resembles, unless that one is read already: then the plan unless
    the plan is printed before it, else the target (`printed`: where each status is read)."""
    found: list[tuple[int, int, str]] = []
    for start, end in _gaps(text, spans):
        for segment in _SEGMENT.finditer(text, max(start, tail), end):
            named = damaged_status_line(segment.group())
            if named is None:
                continue
            taken = {*printed, *(kind for _, _, kind in found)}
            open_ = [kind for kind in _STATUS_WORDS if kind not in taken]
            if printed.get("plan", len(text)) < segment.start():
                open_ = [kind for kind in open_ if kind != "plan"]
            if open_:
                found.append((*segment.span(), named if named in open_ else open_[0]))
    return found


def damaged_status_line(text: str) -> str | None:
    """The status a line prints beyond repair (": เป็?ไป??มแผน"), or None."""
    content = text.strip(" \t:")
    if ":" in content or "=" in content:
        return None
    return next((kind for kind, word in _STATUS_WORDS.items()
                 if resembles(content, word) or resembles(content, "ไม่" + word)), None)


def _damaged_start(text: str) -> bool:
    """True for a line that opens with a figure or a status whose label is beyond repair."""
    body = text.lstrip(" \t:")
    for pattern, word in ((_DAMAGED_BUDGET, _KEYWORDS[1]), (_DAMAGED_PROGRESS, _KEYWORDS[0])):
        match = pattern.match(body)
        if match and resembles(match.group("label"), word):
            return True
    first = _SEGMENT.match(body)
    return first is not None and damaged_status_line(first.group()) is not None


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
        if not match.group(1) and _GLUED.search(text[max(0, match.start() - 1) : match.start()]):
            value = UNKNOWN  # "ไ?่เป็นไปตามแผน": yes or no cannot be told
        found.append((match.start(), Item(kind, (value,), line)))
        spans.append(match.span())
    for start, end, item in _damaged_figures(text, spans, line):
        found.append((start, item))
        spans.append((start, end))
    printed = {item.kind: at for at, item in found if item.kind in _STATUS_WORDS}
    tail = max((end for (_, end), (_, item) in zip(spans, found, strict=True)
                if item.kind in FIELDS[:2]), default=0)
    for start, end, kind in _damaged_statuses(text, spans, tail, printed):
        found.append((start, Item(kind, (UNKNOWN,), line)))
        spans.append((start, end))
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
    flat = to_arabic_digits(text)
    date = _DATE.match(flat) or _DAMAGED_DATE.match(flat)
    if date:
        items.append(Item("date", (date.group(1),), line.no))
        detail, facts = _split_inline_facts(_SEPARATOR.sub("", text[date.end() :], count=1))
        if detail.strip():
            items.append(Item("text", (detail.strip(),), line.no))
        if facts:
            items += read_facts(facts, line.no, warnings)
    elif _FACT_START.match(text) or _damaged_start(text):
        items += read_facts(text, line.no, warnings)
    elif found := _OBSTACLES.match(text):  # a report's own obstacles line, after its figures
        items.append(Item("obstacles", (text[found.end():].strip(),), line.no))
    elif declared := _declared_line(text):  # another declared field's own line
        items.append(Item("declared", declared, line.no))
    else:
        detail, facts = _split_inline_facts(text.strip())
        opens = _OPENER.match(text) is not None  # ":: detail": a report head without a date
        items.append(Item("text", (_SEPARATOR.sub("", detail.strip()),), line.no, opens=opens))
        if facts:
            items += read_facts(facts, line.no, warnings)
    return items


# The other declared fields printed on their own line (core.report_schema): "<label> : value".
_DECLARED = tuple((f.name, re.compile(r"^[\s:]*" + r"\s*".join(map(re.escape, label.split()))
                                      + r"\s*:\s*"))
                  for f in REPORT_FIELDS if f.printed is Printed.LINE and f.name != "obstacles"
                  for label in [f.printed_label or f.label])


def _declared_line(text: str) -> tuple[str, str] | None:
    """(field name, printed value) of a declared field's own line, or None."""
    for name, pattern in _DECLARED:
        if found := pattern.match(text):
            return name, text[found.end():].strip()
    return None


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
