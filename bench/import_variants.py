"""Measure the importer on generated printout variants: fields exact, flagged, skipped, wrong.

python -m bench.import_variants -n 3000 --seed 1
python -m bench.import_variants -n 20 --write /tmp/printouts   # a folder to try by hand
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.variants import (
    ENTRY_FIELDS,
    HEADER_FIELDS,
    INDICATOR_FIELDS,
    IndicatorVariant,
    Variant,
    make_indicator_variant,
    make_variant,
    seed_projects,
)
from forms.document import parse_document
from forms.errors import ParseError, Severity
from forms.records import EVERYTHING, IndicatorForm, ProjectForm

OUTCOMES = ("exact", "flagged", "skipped", "wrong")


def _value(form: ProjectForm | IndicatorForm, name: str) -> Any:
    """A header field by its dotted name."""
    if name.startswith("plan."):
        return getattr(form.plan, name[5:])
    return getattr(form, name)


def score(variant: Variant, show: str = "wrong") -> tuple[Counter[tuple[str, str]], list[str]]:
    """(readable|lost, outcome) counts for one variant, and the fields with outcome `show`."""
    counts: Counter[tuple[str, str]] = Counter()
    wrong: list[str] = []
    truth = variant.truth

    def tally(key: str, outcome: str) -> None:
        kind = "lost" if key in variant.lost else "readable"
        counts[kind, outcome] += 1
        if outcome == show and (show == "wrong" or kind == "readable"):
            wrong.append(key)

    try:
        result = parse_document(variant.text, "variant.txt")
    except ParseError:
        for name in HEADER_FIELDS:
            tally(f"header:{name}", "skipped")
        for entry in truth.reports:
            for name in ENTRY_FIELDS:
                tally(f"report:{entry.number}:{name}", "skipped")
        return counts, wrong
    forms: list[ProjectForm | None] = [f for f in result.projects if f.code == truth.code]
    for other in result.projects:
        if other.code != truth.code:
            wrong.append(f"extra project {other.code}")
            counts["readable", "wrong"] += 1
    form: ProjectForm | None = forms[0] if forms else None
    for name in HEADER_FIELDS:
        key = f"header:{name}"
        if form is None:
            tally(key, "skipped")
        elif name in form.flags:
            tally(key, "flagged")
        else:
            tally(key, "exact" if _value(form, name) == _value(truth, name) else "wrong")
    got = {entry.number: entry for entry in form.reports} if form else {}
    skips = sum(w.severity is Severity.SKIP and "report" in w.message for w in result.warnings)
    missing = [
        entry
        for entry in truth.reports
        if entry.number not in got and f"report:{entry.number}:date" not in variant.lost
    ]
    silent = max(0, len(missing) - skips)  # reports lost without being listed
    for entry in truth.reports:
        mine = got.get(entry.number)
        for name in ENTRY_FIELDS:
            key = f"report:{entry.number}:{name}"
            if mine is None:
                tally(key, "wrong" if silent and missing and entry is missing[-1] else "skipped")
            elif name in mine.flags or EVERYTHING in mine.flags:
                tally(key, "flagged")
            else:
                same = getattr(mine, name) == getattr(entry, name)
                tally(key, "exact" if same else "wrong")
        if mine is None and silent and missing and entry is missing[-1]:
            silent -= 1
    known = {entry.number for entry in truth.reports}
    for number, entry in got.items():
        if number not in known and not entry.flags:
            wrong.append(f"extra report {number}")
            counts["readable", "wrong"] += len(ENTRY_FIELDS)
    return counts, wrong


def score_indicator(variant: IndicatorVariant) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Field outcomes of an indicator variant (the printout loses no fact)."""
    counts: Counter[tuple[str, str]] = Counter()
    wrong: list[str] = []
    try:
        found = parse_document(variant.text, "indicator.txt").indicators
    except ParseError:
        found = []
    for name in INDICATOR_FIELDS:
        if not found:
            counts["readable", "skipped"] += 1
            continue
        same = _value(found[0], name) == _value(variant.truth, name)
        counts["readable", "exact" if same else "wrong"] += 1
        if not same:
            wrong.append(f"indicator:{name}")
    return counts, wrong


def run(
    count: int, seed: int, seeds_dir: Path, show: str = "wrong"
) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Score count variants drawn with the given seed."""
    rng = random.Random(seed)
    seeds = seed_projects(seeds_dir)
    indicator_text = next(seeds_dir.glob("001_*.txt")).read_text(encoding="utf-8")
    indicator = parse_document(indicator_text, "seed").indicators[0]
    total: Counter[tuple[str, str]] = Counter()
    examples: list[str] = []
    for index in range(count):
        variant: Variant | IndicatorVariant
        if index % 10 == 9:  # one in ten: the indicator form
            variant = make_indicator_variant(rng, indicator_text, indicator)
            counts, wrong = score_indicator(variant)
        else:
            variant = make_variant(rng, seeds)
            counts, wrong = score(variant, show)
        total += counts
        readable = sum(counts["readable", outcome] for outcome in OUTCOMES)
        share = counts["readable", "exact"] / readable if readable else 1.0
        total["variants", "all"] += 1
        total["variants", "100 %"] += share == 1.0
        total["variants", ">= 99 %"] += share >= 0.99
        total["variants", "no wrong"] += not (counts["readable", "wrong"] + counts["lost", "wrong"])
        whole = not any(counts["lost", o] for o in OUTCOMES)
        total["variants", "lost nothing"] += whole
        total["variants", "whole and exact"] += whole and share == 1.0
        if wrong:
            examples.append(f"variant {index} ({', '.join(sorted(variant.tricks))}): {wrong[:5]}")
    return total, examples


def table(total: Counter[tuple[str, str]]) -> str:
    """The figures as a Markdown table."""
    rows = [
        "| fields | count | exact | flagged | skipped | wrong |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("readable", "lost", "all"):
        kinds = ("readable", "lost") if kind == "all" else (kind,)
        n = sum(total[k, o] for k in kinds for o in OUTCOMES)
        shares = [sum(total[k, o] for k in kinds) / n * 100 if n else 0.0 for o in OUTCOMES]
        rows.append(f"| {kind} | {n} | " + " | ".join(f"{s:.2f} %" for s in shares) + " |")
    n = total["variants", "all"]
    rows += [
        "",
        "| variants | count | share |",
        "|---|---:|---:|",
        *(
            f"| {label} | {total['variants', key]} | {total['variants', key] / n * 100:.2f} % |"
            for label, key in (
                ("generated", "all"),
                ("readable fields 100 % exact", "100 %"),
                ("readable fields >= 99 % exact", ">= 99 %"),
                ("no wrong field", "no wrong"),
                ("printout lost no fact", "lost nothing"),
                ("... and every field read exactly", "whole and exact"),
            )
        ),
    ]
    return "\n".join(rows)


def main() -> None:
    """Command line entry point."""
    from tests.seeds import SEEDS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=3000, help="variants to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", default="wrong", help="list readable fields with this outcome")
    parser.add_argument("--write", type=Path, help="write n variants to this folder and stop")
    args = parser.parse_args()
    if args.write:
        rng, seeds = random.Random(args.seed), seed_projects(SEEDS)
        args.write.mkdir(parents=True, exist_ok=True)
        for index in range(args.n):
            variant = make_variant(rng, seeds)
            (args.write / f"variant_{index:04d}.txt").write_text(variant.text, encoding="utf-8")
        print(f"wrote {args.n} variants to {args.write}")
        return
    started = time.perf_counter()
    total, examples = run(args.n, args.seed, SEEDS, args.show)
    elapsed = time.perf_counter() - started
    print(f"{args.n} variants (seed {args.seed}) in {elapsed:.1f} s\n")
    print(table(total))
    for line in examples[:20]:
        print(line)


if __name__ == "__main__":
    main()
