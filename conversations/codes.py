"""BMA project codes "AAAAAAAA-NNNN": the first 8 digits name the agency."""

from __future__ import annotations

import re

from conversations.thai_numbers import normalize
from core.thai import to_arabic_digits

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, dashes and minus
# 4+4 digits (one optional space or dash between the halves), then 4 digits after an optional
# single dash and/or spaces: "50470000-3430", "5047 0000-3430", "5047-0000-3430", "50470000 – 3430".
_CORE = rf"(\d{{4}})[ {_DASH}]?(\d{{4}})[^\S\n]?[{_DASH}]?[^\S\n]?(\d{{4}})"
_EXACT = re.compile(rf"\s*{_CORE}\s*", re.ASCII)
# Inside a message, take each maximal run of digit groups joined by spaces or dashes; the
# run counts only when it splits wholly into codes. Phone numbers, amounts and longer digit
# runs are thus never cut into a code.
_GROUP = r"\d+(?:[.,]\d+)*"  # "1,234.50" is one group
_CHAIN = re.compile(
    rf"(?<![\d.,])(?<!\d[ {_DASH}])(?>{_GROUP}(?:[^\S\n]*[{_DASH}]?[^\S\n]*{_GROUP})*)", re.ASCII
)
_CODE_AT = re.compile(rf"{_CORE}(?:[^\S\n]+|$)", re.ASCII)
_COMPACT = re.compile(rf"(\d{{4}})(\d{{4}})[{_DASH}]?(\d{{4}})", re.ASCII)


def _canonical(m: re.Match[str]) -> str:
    """Join the three matched digit groups as "AAAAAAAA-NNNN"."""
    return f"{m.group(1)}{m.group(2)}-{m.group(3)}"


def normalize_code(text: str) -> str | None:
    """Canonical "AAAAAAAA-NNNN" of a typed code (Thai digits, spaces, dashes), else None."""
    m = _EXACT.fullmatch(normalize(text))
    return _canonical(m) if m else None


def code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical code) of every code in text, in order, duplicates included."""
    spans: list[tuple[int, int, str]] = []
    for chain in _CHAIN.finditer(to_arabic_digits(text)):
        found, pos = [], chain.start()
        while (m := _CODE_AT.match(chain.string, pos, chain.end())) is not None:
            found.append((m.start(), m.start() + len(m.group().rstrip()), _canonical(m)))
            pos = m.end()
        if found and pos == chain.end():
            spans.extend(found)
        else:  # "50470000-3430 80": keep compact codes set apart by spaces, not dashes
            tokens = list(re.finditer(r"\S+", chain.group()))
            for i, token in enumerate(tokens):
                near = [t.group() for t in tokens[max(i - 1, 0) : i + 2 : 2] if t is not token]
                if (m := _COMPACT.fullmatch(token.group())) and not any(
                    n[0] in _DASH or n[-1] in _DASH for n in near
                ):
                    start = chain.start() + token.start()
                    spans.append((start, start + len(token.group()), _canonical(m)))
    return spans


def find_codes(text: str) -> list[str]:
    """Every distinct project code inside a longer message, in the order first seen."""
    return list(dict.fromkeys(code for _, _, code in code_spans(text)))
