"""Read the status-family queries ("สถานะ 50470000-3430", "ประวัติ …", "ค้างส่ง") via the grammar."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from conversations import grammar
from conversations.grammar import Intent
from core.thai import THAI_DIGITS


class Verb(StrEnum):
    """What the asker wants to see."""

    STATUS = "สถานะ"
    HISTORY = "ประวัติ"
    CHART = "กราฟ"
    PDF = "PDF"
    OVERDUE = "ค้างส่ง"
    DIGEST = "สรุป"
    INDICATOR = "สถานะตัวชี้วัด"
    EXCEL = "ส่งออก excel"


_VERBS = {Intent.STATUS: Verb.STATUS, Intent.HISTORY: Verb.HISTORY, Intent.CHART: Verb.CHART,
          Intent.PDF: Verb.PDF, Intent.OVERDUE: Verb.OVERDUE, Intent.DIGEST: Verb.DIGEST,
          Intent.INDICATOR_STATUS: Verb.INDICATOR, Intent.EXCEL: Verb.EXCEL}
BARE_ONLY = frozenset({Verb.OVERDUE, Verb.DIGEST, Verb.EXCEL})
# Verbs that make a file: the worker starts LINE's loading animation first.
SLOW = frozenset({Verb.CHART, Verb.PDF, Verb.EXCEL})


@dataclass(frozen=True)
class Query:
    """A parsed query: the verb, then a project code or a name fragment (or neither)."""

    verb: Verb
    code: str | None = None
    fragment: str = ""
    page: int = 1
    question: bool = False  # asked in a sentence about one's reports: the fragment is a guess

    def again(self, page: int) -> str:
        """The text that asks for another page of the same search."""
        return f"{self.verb.value} {self.fragment} หน้า {page}"


def clean(text: str) -> str:
    """NFC, Thai digits as Arabic, zero-width characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(THAI_DIGITS)
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return " ".join(text.split())


def parse_query(text: str) -> Query | None:
    """The query a message asks, or None when it is not a status-family query."""
    parsed = grammar.understand(text)
    verb = _VERBS.get(parsed.intent) if parsed.intent is not None else None
    if verb is None:
        return None
    if verb in BARE_ONLY:
        return Query(verb)
    if verb is Verb.INDICATOR:
        return Query(verb, fragment=parsed.fragment, page=parsed.page)
    if parsed.code is not None:
        return Query(verb, code=parsed.code, page=parsed.page)
    return Query(verb, fragment=parsed.fragment, page=parsed.page, question=parsed.question)
