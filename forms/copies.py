"""Two printed copies of one report that differ: keep what agrees with the document, and flag.

A report can be printed twice: in two copies of the whole document, or as a repeated line.
Where the copies differ in a text (the detail, the obstacles), the copy that agrees with the
rest of the document wins (forms.agreement); where they differ in a figure, a date or a
status nothing in the document can tell, so the default copy's value is kept. Either way
the field is flagged, so a stored value is never replaced by it without --force.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from forms.agreement import differing, flat, prefer
from forms.errors import ParseWarning, flag
from forms.records import EVERYTHING, ProgressEntry, ProjectForm

TEXT_FIELDS = ("detail", "obstacles")
OTHER_FIELDS = ("date", "progress", "disbursed", "budget_count", "on_plan", "on_target")


def header_texts(form: ProjectForm) -> list[str]:
    """The free text of a form's header: what its reports may be compared with."""
    plan = (form.plan.strategy, form.plan.sub_strategy, form.plan.goal, form.plan.indicator)
    return [text for text in (form.name, form.rationale, " / ".join(form.unit), *plan,
                              *form.objectives, *form.targets) if text]


def report_texts(entries: Iterable[ProgressEntry], number: int) -> list[str]:
    """The text fields of every report but one: the rest of the document for that report."""
    return [text for entry in entries if entry.number != number
            for text in (entry.detail, entry.obstacles) if text]


def _comparable(a: ProgressEntry, b: ProgressEntry, name: str) -> bool:
    """True if both copies read the field with certainty (nothing flagged about it)."""
    return not ({name, EVERYTHING} & (a.flags | b.flags))


def merge(kept: ProgressEntry, other: ProgressEntry,
          rest: Sequence[str]) -> tuple[ProgressEntry, list[ParseWarning]]:
    """The report from two differing copies (kept is the default one), with its warnings."""
    changes: dict[str, str | None] = {}
    flagged: set[str] = set()
    warnings: list[ParseWarning] = []
    for name in TEXT_FIELDS:
        mine, theirs = getattr(kept, name) or "", getattr(other, name) or ""
        if flat(mine) == flat(theirs) or not _comparable(kept, other, name):
            continue
        choice = prefer(mine, theirs, rest)
        if choice == 1:
            changes[name] = getattr(other, name)
        flagged.add(name)
        warnings.append(_text_warning(kept, other, name, choice))
    for name in OTHER_FIELDS:
        if getattr(kept, name) != getattr(other, name) and _comparable(kept, other, name):
            flagged.add(name)
            warnings.append(flag(kept.line, (
                f"report {kept.number}: two copies differ in {name} ({getattr(kept, name)} at "
                f"line {kept.line}, {getattr(other, name)} at line {other.line}); the document "
                f"does not tell which is right: kept line {kept.line}'s")))
    if not flagged:
        return kept, []
    detail = changes.get("detail", kept.detail) or ""
    obstacles = changes.get("obstacles", kept.obstacles)
    return replace(kept, detail=detail, obstacles=obstacles, flags=kept.flags | flagged), warnings


def _text_warning(kept: ProgressEntry, other: ProgressEntry, name: str,
                  choice: int | None) -> ParseWarning:
    """The check line of a text field two copies print differently."""
    mine, theirs = differing(getattr(kept, name) or "", getattr(other, name) or "")
    won, lost = ((theirs, other.line), (mine, kept.line)) if choice == 1 else \
        ((mine, kept.line), (theirs, other.line))
    how = ("kept the one that agrees with the document" if choice is not None
           else "the document does not tell which is right; kept")
    return flag(won[1], f"report {kept.number}: two copies differ; {how}: {name} “{won[0]}” "
                        f"(line {won[1]}), not “{lost[0]}” (line {lost[1]})")


def reconcile(used: ProjectForm,
              others: Sequence[ProjectForm]) -> tuple[ProjectForm, list[ParseWarning]]:
    """The used copy of a form with each report that another copy prints differently merged
    (forms.copies.merge); the rest of the document is every copy's header and other reports."""
    copies = [used, *others]
    header = [text for form in copies for text in header_texts(form)]
    reports = {entry.number: entry for entry in used.reports}
    warnings: list[ParseWarning] = []
    for form in others:
        for entry in form.reports:
            held = reports.get(entry.number)
            if held is None or held == entry:
                continue
            rest = header + [text for copy in copies
                             for text in report_texts(copy.reports, entry.number)]
            reports[entry.number], found = merge(held, entry, rest)
            warnings += found
    merged = tuple(reports[number] for number in sorted(reports))
    return (replace(used, reports=merged) if warnings else used), warnings
