"""Text typed with the keyboard on the other language: "pdg]bd" is ยกเลิก typed on the English
layout, "หะฟะีห" is "status" typed on the Thai one (Kedmanee, the layout Thai phones use).

Pure. A message is read again in the other layout only when what it becomes is plainly meant:
Thai that is all dictionary words (and the message had a key only Thai letters sit on, such
as ; ' [ ] , . =), or one of the bot's English words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.corpus.common import thai_words
from pythainlp.tokenize import Trie, word_tokenize

_LATIN = ("`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
          "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?")
_THAI = ("_ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ"
         "%+๑๒๓๔ู฿๕๖๗๘๙๐\"ฎฑธํ๊ณฯญฐ,ฅฤฆฏโฌ็๋ษศซ.()ฉฮฺ์?ฒฬฦ")
_TO_THAI = str.maketrans(_LATIN, _THAI)
_TO_LATIN = str.maketrans(dict(zip(_THAI, _LATIN, strict=True)))
# Keys that give Thai letters but are punctuation in English: English words rarely hold them.
_THAI_KEYS = re.compile(r"[;'\[\],./=\\`]")
_NUMBER = re.compile(r"^[0-9][0-9,.]*%?$")
# The English words the bot understands, typed on the Thai layout ("้ำสย" is "help").
ENGLISH_WORDS = frozenset({
    "status", "help", "report", "yes", "no", "ok", "okay", "cancel", "back", "submit", "skip",
    "none", "edit", "menu", "dashboard", "overdue", "history", "summary", "confirm", "resume",
})
_PARTICLES = frozenset({"ค่ะ", "คะ", "ครับ", "คับ", "จ้า", "นะ", "ค่า"})


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """pythainlp's dictionary and the spoken particles."""
    return frozenset(thai_words()) | _PARTICLES


@lru_cache(maxsize=1)
def _trie() -> Trie:
    """The dictionary as a trie, built once (pythainlp would build one a call)."""
    return Trie(_words())


def _all_words(thai: str) -> bool:
    """True when the Thai text cuts into dictionary words only."""
    words = [w for w in word_tokenize(thai, custom_dict=_trie(), engine="newmm",
                                      keep_whitespace=False) if w.strip()]
    return bool(words) and all(w in _words() for w in words)


def other_layout(text: str) -> str | None:
    """The message as meant when it was typed on the other keyboard layout, else None."""
    said = text.strip()
    if not said or len(said) > 80:
        return None
    if said.isascii() and _THAI_KEYS.search(said):
        tokens = said.split()
        thai = [t if _NUMBER.match(t) else t.translate(_TO_THAI) for t in tokens]
        meant = " ".join(thai)
        if any(not _NUMBER.match(t) for t in tokens) and all(
                _NUMBER.match(t) or _all_words(t) for t in thai):
            return meant
        return None
    if re.fullmatch(r"[\u0e00-\u0e7f]+", said):
        latin = said.translate(_TO_LATIN).lower()
        return latin if latin in ENGLISH_WORDS and not _all_words(said) else None
    return None
