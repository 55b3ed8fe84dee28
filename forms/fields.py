"""Convert raw label values of the project header into typed fields."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from core.thai import ce_to_be, to_arabic_digits
from forms.errors import LineError, ParseWarning, flag, skip
from forms.labels import LabelReader
from forms.thai import parse_date, parse_decimal, parse_int

_CODE = re.compile(r"^\d{8}-\d{4}$")
_LOOSE_CODE = re.compile(r"^\d{4,12}-\d{2,6}$")
_PHONE = re.compile(r"\s*(?:โทร(?:ศัพท์)?\s*[.:]?|[Tt]el\s*[.:]?)\s*(?=[0-9๐-๙+(])")
_UNIT_SPLIT = re.compile(r"\s*/\s*")
_BAHT = re.compile(r"\s*บาท\s*$")
_MIN_BE_YEAR = 2400


def project_code(header: LabelReader, first: int, warnings: list[ParseWarning]) -> str:
    """The AAAAAAAA-NNNN code; fatal when missing or unreadable."""
    raw = header.get("code")
    line = header.line_of("code", first)
    if raw is None:
        raise LineError(line, "project code (รหัสโครงการ) is missing")
    code = re.sub(r"\s+", "", to_arabic_digits(raw))
    if _CODE.match(code):
        return code
    if _LOOSE_CODE.match(code):
        warnings.append(ParseWarning(line, f"project code {code!r} is not AAAAAAAA-NNNN"))
        return code
    raise LineError(line, f"unreadable project code {raw!r}")


def fiscal_year_of(day: date) -> int:
    """The BE fiscal year (1 October - 30 September) a date falls in."""
    return ce_to_be(day.year + (1 if day.month >= 10 else 0))


def year_be(
    header: LabelReader,
    first: int,
    warnings: list[ParseWarning],
    fallback: date | None = None,
) -> int:
    """The fiscal year in BE; a CE year is converted with a warning.

    An unreadable year is taken from the project's end (or start) date and flagged.
    """
    raw = header.get("fiscal_year")
    line = header.line_of("fiscal_year", first)
    try:
        if raw is None:
            raise LineError(line, "fiscal year (ปีงบประมาณ พ.ศ.) is missing")
        try:
            year = parse_int(raw)
        except ValueError:
            raise LineError(line, f"unreadable fiscal year {raw!r}") from None
    except LineError as error:
        if fallback is None:
            raise
        guess = fiscal_year_of(fallback)
        warnings.append(flag(line, f"{error.message}; assumed {guess} from the project's dates"))
        return guess
    if year < _MIN_BE_YEAR:
        warnings.append(ParseWarning(line, f"fiscal year {year} read as CE, stored as BE"))
        year = ce_to_be(year)
    return year


def optional_date(
    header: LabelReader, name: str, first: int, warnings: list[ParseWarning], flags: set[str]
) -> date | None:
    """A date label that may be blank; when printed but unreadable, left empty and listed."""
    raw = header.get(name)
    if raw is None:
        return None
    try:
        return parse_date(raw)
    except ValueError:
        flags.add(name)
        line = header.line_of(name, first)
        warnings.append(skip(line, f"unreadable {name} date {raw!r}; left empty"))
        return None


def optional_money(
    header: LabelReader, name: str, first: int, warnings: list[ParseWarning], flags: set[str]
) -> Decimal | None:
    """A baht amount that may be blank; when printed but unreadable, left empty and listed."""
    raw = header.get(name)
    if raw is None:
        return None
    try:
        return parse_decimal(_BAHT.sub("", raw))
    except ValueError:
        flags.add(name)
        warnings.append(skip(header.line_of(name, first), f"unreadable {name} {raw!r}; left empty"))
        return None


def split_phone(raw: str | None) -> tuple[str | None, str | None]:
    """Split "นางสาวสมศรี พรหมรัตน์ โทร. 0 22465752" into name and phone."""
    if raw is None:
        return None, None
    parts = _PHONE.split(raw, maxsplit=1)
    if len(parts) == 1:
        return raw, None
    name, phone = parts[0].strip(), to_arabic_digits(parts[1]).strip()
    return name or None, phone or None


def split_unit(raw: str | None) -> tuple[str, ...]:
    """Split "department / division / section" into its parts."""
    if raw is None:
        return ()
    return tuple(part for part in _UNIT_SPLIT.split(raw) if part)


_NUM = r"[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?"
_QTY_UNIT_AFTER = re.compile(rf"^(?P<num>{_NUM})\s*(?:\((?P<unit>.*)\))?$")
_QTY_UNIT_BEFORE = re.compile(rf"^(?P<unit>[^0-9๐-๙?()]+?)\s+(?P<num>{_NUM})$")
_QTY_UNIT_ONLY = re.compile(r"^\((?P<unit>.*)\)$")


def parse_quantity(raw: str, line: int, what: str) -> tuple[Decimal | None, str | None]:
    """Parse "3 (ห้อง)", "36.00 (ห้อง)", "ร้อยละ 80" or "(ห้อง)" into value and unit."""
    text = raw.strip()
    if not text:
        return None, None
    for pattern in (_QTY_UNIT_AFTER, _QTY_UNIT_BEFORE, _QTY_UNIT_ONLY):
        match = pattern.match(text)
        if match:
            unit = (match.group("unit") or "").strip() or None
            number = match.groupdict().get("num")
            try:
                return (parse_decimal(number) if number else None), unit
            except ValueError:
                break
    raise LineError(line, f"unreadable {what} {raw!r}")
