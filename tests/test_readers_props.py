"""Property tests for the readers: typed numbers and codes read back to what was meant."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pythainlp.util import num_to_thaiword

from conversations.codes import find_codes, normalize_code
from conversations.oneshot import extract_report_fields
from conversations.readers import (
    Ok,
    Problem,
    read_date_be,
    read_free_text,
    read_money,
    read_on_plan,
    read_percent,
    read_yes_no,
)
from conversations.thai_numbers import SPOKEN_SHORT, thai_words_to_decimal

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
codes = st.builds(lambda a, b, c: f"{a}{b}-{c}", digits, digits, digits)
seps = st.sampled_from(["-", "–", " ", "", " - ", "−"])


def as_ok(result: object) -> Decimal:
    """The Decimal inside an Ok, failing on a Problem."""
    assert isinstance(result, Ok), result
    assert isinstance(result.value, Decimal)
    assert result.value.as_tuple().exponent == -2
    return result.value


@given(percents, st.sampled_from(["{}", "{}%", "{} %", "ร้อยละ {}", "ร้อยละ {}%", "{} เปอร์เซ็นต์"]),
       st.booleans())
def test_percent_reads_back(d: Decimal, form: str, thai: bool) -> None:
    text = form.format(f"{d:f}")
    assert as_ok(read_percent(text.translate(TO_THAI) if thai else text)) == d


@given(st.decimals(min_value=Decimal("100.01"), max_value=10**6, places=2, allow_nan=False))
def test_percent_above_100_is_out_of_range(d: Decimal) -> None:
    result = read_percent(f"{d:f}%")
    assert isinstance(result, Problem)
    assert result.code == "out_of_range"


@given(amounts, st.sampled_from(["{}", "{} บาท", "{}บาท", "฿{}", "{}.-"]), st.booleans(),
       st.booleans())
def test_money_reads_back(d: Decimal, form: str, commas: bool, thai: bool) -> None:
    number = f"{d:,.2f}" if commas else f"{d:.2f}"
    text = form.format(number)
    assert as_ok(read_money(text.translate(TO_THAI) if thai else text)) == d


@given(st.integers(min_value=0, max_value=10**12))
def test_spelled_integers_read_back(n: int) -> None:
    spelled = num_to_thaiword(n)
    # "สองพันห้า" is said for 2,500, not 2,005: the spoken short form reads as people mean it.
    assume(not SPOKEN_SHORT.match(spelled))
    assert thai_words_to_decimal(spelled) == n


@given(st.sampled_from(["", "หนึ่ง", "สอง", "ห้า", "เก้า"]),
       st.sampled_from([("พัน", 1_000), ("หมื่น", 10_000), ("แสน", 100_000),
                        ("ล้าน", 1_000_000)]),
       st.integers(min_value=2, max_value=9))
def test_spoken_short_forms(head: str, scale: tuple[str, int], digit: int) -> None:
    word, size = scale
    spelled = f"{head}{word}{num_to_thaiword(digit)}"
    lead = 1 if head in ("", "หนึ่ง") else int(thai_words_to_decimal(head) or 0)
    assert thai_words_to_decimal(spelled) == lead * size + digit * size // 10


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False),
       st.sampled_from([("หมื่น", 10_000), ("แสน", 100_000), ("ล้าน", 1_000_000)]))
def test_digits_with_scale_words(d: Decimal, scale: tuple[str, int]) -> None:
    assert thai_words_to_decimal(f"{d:f} {scale[0]}") == d * scale[1]


@given(codes, seps, st.booleans())
def test_code_forms_normalize(code: str, sep: str, thai: bool) -> None:
    typed = code.replace("-", sep)
    typed = typed.translate(TO_THAI) if thai else typed
    assert normalize_code(typed) == code
    assert normalize_code(code) == code
    assert find_codes(f"รายงาน {typed} ดำเนินการแล้ว 80%") == [code]


@given(st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙ -–", max_size=20))
def test_normalize_code_is_idempotent(text: str) -> None:
    once = normalize_code(text)
    if once is not None:
        assert normalize_code(once) == once
        assert find_codes(once) == [once]


@settings(max_examples=150)
@given(st.text(max_size=80))
def test_readers_never_raise(text: str) -> None:
    for reader in (read_percent, read_money, read_yes_no, read_on_plan, read_date_be,
                   read_free_text):
        assert isinstance(reader(text), Ok | Problem)
    assert isinstance(extract_report_fields(text), dict)
    find_codes(text)
    thai_words_to_decimal(text)
