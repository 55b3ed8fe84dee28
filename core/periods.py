"""Pure calendar helpers: Buddhist Era dates, fiscal years, monthly reporting periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core.thai import BE_OFFSET, ce_to_be

MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
FISCAL_MONTHS_ABBR = MONTHS_ABBR[9:] + MONTHS_ABBR[:9]  # ต.ค. … ก.ย.
_CENT = Decimal("0.01")


def be_year(value: date) -> int:
    """The Buddhist Era year of a date."""
    return ce_to_be(value.year)


def thai_date(value: date) -> str:
    """A date as Thai readers write it: "25 เม.ย. 2566"."""
    return f"{value.day} {MONTHS_ABBR[value.month - 1]} {be_year(value)}"


def thai_moment(value: datetime) -> str:
    """A moment as Thai readers write it: "13 ธ.ค. 2569 06:23 น." (in value's own zone)."""
    return f"{thai_date(value.date())} {value:%H:%M} น."


def numeric_date(value: date) -> str:
    """A date as the form prints it: "25/04/2566"."""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value)}"


def fiscal_year_of(value: date) -> int:
    """The fiscal year (BE, named by the year it ends in) a date falls in."""
    return be_year(value) + (1 if value.month >= 10 else 0)


def fiscal_year_start(fiscal_year: int) -> date:
    """1 October of the CE year before the fiscal year ends."""
    return date(fiscal_year - BE_OFFSET - 1, 10, 1)


def fiscal_year_end(fiscal_year: int) -> date:
    """30 September of the year the fiscal year is named after."""
    return date(fiscal_year - BE_OFFSET, 9, 30)


@dataclass(frozen=True, order=True)
class Period:
    """One monthly reporting period (a calendar month)."""

    year: int
    month: int

    @property
    def start(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The last day of the month."""
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        """"เม.ย. 2566"."""
        return f"{MONTHS_ABBR[self.month - 1]} {ce_to_be(self.year)}"

    @property
    def key(self) -> str:
        """A stable key, "2026-11" (in postbacks, ledgers and Redis)."""
        return f"{self.year:04d}-{self.month:02d}"

    def contains(self, value: date) -> bool:
        """True when value lies in this month."""
        return (value.year, value.month) == (self.year, self.month)

    def next(self) -> Period:
        """The month after this one."""
        return Period(self.year + self.month // 12, self.month % 12 + 1)


def period_of(value: date) -> Period:
    """The monthly reporting period of a date."""
    return Period(value.year, value.month)


def period_from_key(key: str) -> Period | None:
    """The period of a key such as "2026-11", None when it is not one."""
    year, _, month = key.strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return Period(int(year), int(month))


def fiscal_periods(fiscal_year: int) -> list[Period]:
    """The twelve months of a fiscal year, October first."""
    first = period_of(fiscal_year_start(fiscal_year))
    months = [first]
    while len(months) < 12:
        months.append(months[-1].next())
    return months


def days_since(value: date, today: date) -> int:
    """Whole days from value to today (0 on the same day)."""
    return (today - value).days


def plan_percent(fiscal_year: int, on: date) -> Decimal:
    """The straight-line plan of a fiscal year: 0 % on 1 October, 100 % at the end of 30
    September."""
    return span_percent(fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year), on)


def span_percent(start: date, end: date, on: date) -> Decimal:
    """The straight-line plan of a span of days: 0 % before its first, 100 % at the end of its
    last (a span that ends before it starts is done on its first day)."""
    end = max(start, end)
    total = (end - start).days + 1
    elapsed = min(max((on - start).days + 1, 0), total)
    return (Decimal(elapsed) * 100 / Decimal(total)).quantize(_CENT, ROUND_HALF_UP)
