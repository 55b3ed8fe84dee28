"""CPU of reading one message in a report conversation: the command grammar and one step.

The pure part of a worker's time on a message, without Redis, SQL or HTTP: the e2e benchmark's
script (bench/e2e.py) through `grammar.understand` and `conversations.step.step`, with every
memo of the text clean-ups cleared before each message, so each message is read as new.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from bench.e2e import SCRIPT
from conversations import grammar
from conversations.answers import core, standard_no, without_particles
from conversations.engine import Draft, start
from conversations.progress_form import PROGRESS_FORM
from conversations.step import step
from conversations.thai_numbers import normalize

_MEMOS: tuple[Callable[..., Any], ...] = (grammar.understand, normalize, core, without_particles,
                                         standard_no)


def one_report() -> None:
    """Read the script's answers (after its "รายงาน") as one officer's draft would."""
    begun = start(PROGRESS_FORM, Draft(form="progress", target="50470000-3430",
                                       target_label="โครงการทดสอบ",
                                       context={"last_progress": "40"}))
    draft = begun.draft
    for message in SCRIPT[1:]:
        for memo in _MEMOS:
            memo.cache_clear()  # type: ignore[attr-defined]
        grammar.understand(message)
        if draft is None:
            break
        draft = step(PROGRESS_FORM, draft, message).draft


def main() -> None:
    """Print the CPU milliseconds a message takes, over --reports reports after a warm-up."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=200)
    args = parser.parse_args()
    for _ in range(20):
        one_report()
    began = time.process_time()
    for _ in range(args.reports):
        one_report()
    spent = time.process_time() - began
    print(f"{spent / args.reports / (len(SCRIPT) - 1) * 1000:.2f} ms CPU a message")


if __name__ == "__main__":
    main()
