"""Normalise printout text into numbered, meaningful lines."""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

FORM_TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"

_ESCAPED_STAR = re.compile(r"\\\*")
_BOLD = re.compile(r"\*\*+")
_ESCAPE = re.compile(r"\\([\\`_{}\[\]()#+\-.!<>|~])")
_LIST_DASH = re.compile(r"^ {0,3}-[ \t]+")
_SPACES_BEFORE_TAB = re.compile(r"^ +(?=\t)")
_DECORATION = re.compile(r"[\s*\\]+")
_TITLE_KEY = FORM_TITLE.replace(" ", "")
_TITLE_TYPOS = 3  # a page-break title with up to this many damaged characters is still one


CONTINUATION = "\t"  # a free-text line opening with a tab continues the text above
DETAIL_CONTINUATION = "\t\t"  # the same inside a progress report


class Line(NamedTuple):
    """One non-blank line of a document, with its 1-based line number in the source."""

    no: int
    text: str
    after_break: bool = False  # a page-break title came between this line and the one before


def is_continuation(text: str, marker: str = CONTINUATION) -> bool:
    """True for a tab-indented free-text line: never a heading, label or footer."""
    return text.startswith(marker)


def item_text(text: str) -> str:
    """The text of one list item; a tab-indented "- item" loses its dash."""
    if is_continuation(text):
        return _LIST_DASH.sub("", text.strip(), count=1)
    return text.strip()


def is_title(text: str) -> bool:
    """True if the line is the project form's title (repeated at every page break)."""
    key = _DECORATION.sub("", text)
    if key == _TITLE_KEY:
        return True
    if abs(len(key) - len(_TITLE_KEY)) > _TITLE_TYPOS:
        return False
    return Levenshtein.distance(key, _TITLE_KEY, score_cutoff=_TITLE_TYPOS) <= _TITLE_TYPOS


def clean_line(raw: str) -> str:
    """Strip Markdown bold, escapes, one list dash at column 0 and trailing blanks."""
    text = _ESCAPED_STAR.sub("", raw.replace("\ufeff", "").replace("\r", ""))
    text = _SPACES_BEFORE_TAB.sub("", text)
    text = _LIST_DASH.sub("", _BOLD.sub("", text), count=1)
    text = _ESCAPE.sub(r"\1", text)
    return text.rstrip()


def clean_lines(text: str) -> list[Line]:
    """Return the non-blank, non-title lines of a printout, cleaned, with line numbers."""
    lines: list[Line] = []
    broken = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if is_title(raw):
            broken = bool(lines)
            continue
        cleaned = clean_line(raw)
        if cleaned.strip():
            lines.append(Line(number, cleaned, broken))
            broken = False
    return lines
