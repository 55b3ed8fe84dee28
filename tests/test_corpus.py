"""The held-out corpus: the share of real-style messages the bot reads as a person would."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from conversations.grammar import understand
from conversations.readers import Ok, ProblemCode, read_money
from handlers.report_words import interrupts, start_mid_draft

FOLDER = Path(__file__).parent / "fixtures" / "corpus"
CORPUS = FOLDER / "messages.tsv"  # written with the grammar; its misses were fixed
HELD_OUT = FOLDER / "heldout.tsv"  # written afterwards and measured as it came
THRESHOLD = 0.95
HELD_OUT_THRESHOLD = 0.90


@dataclass(frozen=True)
class Case:
    """One line of the corpus."""

    context: str
    message: str
    expected: str


def cases(path: Path = CORPUS) -> list[Case]:
    """Every case in a corpus file (comments and blank lines skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        context, message, expected = line.split("\t")
        out.append(Case(context, message.replace("\\n", "\n"), expected))
    return out


def read_as(case: Case) -> str:
    """How the bot reads a case, in the corpus's own notation."""
    if case.context == "money":
        got = read_money(case.message)
        if isinstance(got, Ok):
            return str(got.value.normalize()) if got.value else "0"
        return "ask" if got.code == ProblemCode.AMBIGUOUS else f"problem:{got.code}"
    if case.context in ("free", "number"):
        free = case.context == "free"
        taken = interrupts(case.message, free) or start_mid_draft(case.message, free) is not None
        return "interrupt" if taken else "answer"
    parsed = understand(case.message)
    if parsed.intent is None:
        return f"ask:{parsed.suggestion}" if parsed.suggestion else "none"
    return parsed.intent.value


def understood(case: Case) -> bool:
    """True when the bot reads the case as expected (intent, code and fragment)."""
    if case.context == "money":
        got = read_as(case)
        return got == case.expected or (
            got[0].isdigit() and Decimal(got) == Decimal(case.expected))
    if case.context != "idle" or case.expected.startswith(("ask:", "none")):
        return read_as(case) == case.expected
    intent, *details = case.expected.split(" ")
    parsed = understand(case.message)
    if parsed.intent is None or parsed.intent.value != intent:
        return False
    for detail in details:
        key, _, value = detail.partition("=")
        if key == "code" and parsed.code != value:
            return False
        if key == "fragment" and parsed.fragment != value:
            return False
    return True


def test_corpus_is_a_few_hundred_messages_of_every_kind() -> None:
    all_cases = cases()
    assert len(all_cases) >= 250
    assert {c.context for c in all_cases} == {"idle", "free", "number", "money"}


def _measure(path: Path, capsys) -> float:
    """Print the share understood and every miss; return the share."""
    all_cases = cases(path)
    missed = [c for c in all_cases if not understood(c)]
    share = 1 - len(missed) / len(all_cases)
    with capsys.disabled():
        print(f"\n{path.name}: {len(all_cases) - len(missed)}/{len(all_cases)} understood "
              f"({share:.1%})")
        for c in missed:
            print(f"  missed [{c.context}] {c.message!r}: expected {c.expected}, "
                  f"read {read_as(c)}")
    return share


def test_share_understood(capsys) -> None:
    assert _measure(CORPUS, capsys) >= THRESHOLD


def test_share_of_the_held_out_part_understood(capsys) -> None:
    assert len(cases(HELD_OUT)) >= 100
    assert _measure(HELD_OUT, capsys) >= HELD_OUT_THRESHOLD
