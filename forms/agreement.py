"""Which of two differing copies of a text agrees with the rest of its document.

A printout that holds a report twice (two copies of the document, or a line printed again)
sometimes differs between the copies: one was garbled ("สภากาแฟ" for "สภาเด็ก"). The copy
whose changed stretch is spelt the way the rest of the document spells things (its other
reports, its header, the text the two copies share) is the likelier one. Character 4-grams
around the change are looked up there; a copy wins only when clearly more of its own are
found, otherwise the document does not tell.
"""

from __future__ import annotations

from collections.abc import Iterable

_N = 4  # characters per gram (Thai vowel and tone marks are characters of their own)
_MARGIN = 0.5  # how much more of a copy's changed grams the document must hold
_CONTEXT = 12  # characters shown either side of a difference


def flat(text: str) -> str:
    """The text with its whitespace collapsed: copies that differ only in spacing agree."""
    return " ".join(text.split())


def _spans(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[str]]:
    """Where a and b differ (in a, in b: between their common start and common end) and the
    text they share; linear, so any printout is compared quickly."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return [(start, len(a) - end)], [(start, len(b) - end)], [a[:start], a[len(a) - end :]]


def _grams(text: str) -> set[str]:
    """Every run of _N characters of a text."""
    return {text[i : i + _N] for i in range(len(text) - _N + 1)}


def _touching(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The grams of text that overlap a changed stretch (an insertion's neighbours too)."""
    near = [False] * (len(text) + 1)
    for start, end in spans:
        for i in range(max(0, start - _N), min(end, len(text)) + 1):
            near[i] = True
    return [text[i : i + _N] for i in range(len(text) - _N + 1) if near[i]]


def _support(grams: list[str], known: set[str]) -> float:
    """The share of grams the document holds elsewhere."""
    return sum(gram in known for gram in grams) / len(grams) if grams else 0.0


def prefer(a: str, b: str, rest: Iterable[str]) -> int | None:
    """0 if a agrees clearly better with the rest of the document, 1 if b, None if neither."""
    a, b = flat(a), flat(b)
    if a == b:
        return None
    in_a, in_b, shared = _spans(a, b)
    known: set[str] = set()
    for text in [*rest, *shared]:
        known |= _grams(flat(text))
    score_a = _support(_touching(a, in_a), known)
    score_b = _support(_touching(b, in_b), known)
    if abs(score_a - score_b) < _MARGIN:
        return None
    return 0 if score_a > score_b else 1


def differing(a: str, b: str) -> tuple[str, str]:
    """The first stretch where a and b differ, each with a little of its context."""
    a, b = flat(a), flat(b)
    in_a, in_b, _ = _spans(a, b)
    (a1, a2), (b1, b2) = in_a[0], in_b[0]
    return (_window(a, a1, a2), _window(b, b1, b2))


def _window(text: str, start: int, end: int) -> str:
    """text[start:end] with _CONTEXT characters either side, "…" where cut."""
    left, right = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
