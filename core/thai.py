"""Thai digits and Buddhist Era years: the one table and the one offset every module uses."""

from __future__ import annotations

BE_OFFSET = 543
# Thai and full-width digits (and the full-width percent sign) as their ASCII forms.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９％", "01234567890123456789%")


def to_arabic_digits(s: str) -> str:
    """Replace Thai (and full-width) digits by Arabic digits, leaving the rest alone."""
    return s.translate(THAI_DIGITS)


def be_to_ce(year: int) -> int:
    """Convert a Buddhist Era year to the Common Era."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Convert a Common Era year to the Buddhist Era."""
    return year + BE_OFFSET
