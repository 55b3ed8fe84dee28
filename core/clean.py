"""Text as it may be stored and shown: what no database takes, and bidi controls, removed."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# The bidi controls that make stored and printed text read differently than it is.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# NUL and other C0 controls but tab, newlines and form feed (PostgreSQL refuses NUL).
_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f"
_UNSTORABLE = re.compile(f"[{_CONTROLS}{_BIDI}]")
_UNSTORABLE_NO_FF = re.compile(f"[{_CONTROLS}\x0c{_BIDI}]")


def clean_text(value: str, *, keep_form_feed: bool = False) -> str:
    """Lone surrogates replaced by U+FFFD; NUL, other controls and bidi controls removed.

    Messages lose form feeds too; printouts keep them (a page break is part of the form).
    """
    unstorable = _UNSTORABLE if keep_form_feed else _UNSTORABLE_NO_FF
    return unstorable.sub("", _SURROGATE.sub("\ufffd", value))
