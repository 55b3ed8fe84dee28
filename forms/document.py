"""parse_document: a whole printout (one or more forms, maybe printed twice) to records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from core.thai import to_arabic_digits
from forms.clean import Line, clean_lines, is_continuation
from forms.copies import reconcile
from forms.detect import FormKind, detect_form, is_past_start, start_kind
from forms.diff import differences
from forms.entries import with_flag
from forms.errors import LineError, ParseError, ParseWarning, Severity, flag, skip
from forms.lexicon import find_reports, is_footer_line, match_quarter
from forms.parse_indicator import parse_indicator
from forms.parse_project import parse_project
from forms.records import EVERYTHING, IndicatorForm, ProjectForm

_CODE = re.compile(r"รหัสโครงการ[^:]*:\s*([0-9๐-๙]{8}\s*-\s*[0-9๐-๙]{4})")
_NUMBER = re.compile(r"ชื่อตัวชี้วัด[^:]*:\s*([0-9๐-๙.]*[0-9๐-๙])")

_ABOUT = r"(?:a second, different )?report (?:numbered )?{}\b"  # a warning about report N

Record = ProjectForm | IndicatorForm


@dataclass
class ParseResult:
    """Everything read from one document: records and the warnings to show the operator."""

    projects: list[ProjectForm] = field(default_factory=list)
    indicators: list[IndicatorForm] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class _Segment:
    """One printed copy of one form."""

    kind: FormKind
    lines: list[Line]
    past_start: bool = False
    ended: bool = False
    reached: bool = False  # its reports (or quarters) began: the header is whole
    record: Record | None = None
    error: LineError | None = None
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        """Identity of the form: project code or indicator number."""
        if isinstance(self.record, ProjectForm):
            return self.record.code
        if isinstance(self.record, IndicatorForm):
            return self.record.number
        pattern = _CODE if self.kind is FormKind.PROJECT else _NUMBER
        for line in self.lines:
            match = pattern.search(line.text)
            if match:
                return re.sub(r"\s+", "", to_arabic_digits(match.group(1)))
        return None


def _reaches(text: str) -> bool:
    """True for a report label or a quarter heading: the header of the form is behind."""
    return bool(find_reports(text)) or match_quarter(text) is not None


def _opens_copy(start: tuple[FormKind, bool] | None, current: _Segment | None) -> bool:
    """True if a start line opens a new copy (a name label only counts after a footer)."""
    if start is None or current is None:
        return start is not None
    kind, strong = start
    if strong:
        return current.kind is not kind or current.past_start
    return current.ended


def _segments(lines: list[Line]) -> list[_Segment]:
    """Split a document into copies of forms, each starting at its opening line."""
    segments: list[_Segment] = []
    prefix: list[Line] = []
    for line in lines:
        free_text = is_continuation(line.text)
        start = None if free_text else start_kind(line)
        current = segments[-1] if segments else None
        if start is not None and _opens_copy(start, current):
            segments.append(_Segment(start[0], [*prefix, line]))
            prefix = []
        elif current is None:
            prefix.append(line)
        else:
            current.lines.append(line)
            if not free_text:
                current.past_start = current.past_start or is_past_start(line, current.kind)
                current.ended = current.ended or is_footer_line(line.text)
                current.reached = current.reached or _reaches(line.text)
    return segments


def _parse(segment: _Segment) -> None:
    """Parse a segment in place, keeping a fatal error instead of raising it."""
    try:
        if segment.kind is FormKind.PROJECT:
            segment.record = parse_project(segment.lines, segment.warnings)
        else:
            segment.record = parse_indicator(segment.lines, segment.warnings)
    except LineError as error:
        segment.error = error
        return
    form = segment.record
    if isinstance(form, ProjectForm) and form.reports and not segment.ended:
        final = max(form.reports, key=lambda entry: entry.line)  # the last printed
        reports = tuple(with_flag(e, EVERYTHING) if e is final else e for e in form.reports)
        segment.record = replace(form, reports=reports)
        segment.warnings.append(
            flag(
                segment.lines[-1].no,
                f"this copy ends without the signature footer (cut short?): report "
                f"{final.number}, the last one read, may be incomplete",
            )
        )


def _trouble(segment: _Segment) -> int:
    """How many values of a copy were skipped or flagged."""
    return sum(w.severity is not Severity.NOTE for w in segment.warnings)


def _quality(segment: _Segment) -> tuple[bool, bool, bool, int, int]:
    """Which copy of a form to trust: readable, reaching its reports, whole, least trouble."""
    index = segment.lines[0].no
    return (segment.record is not None, segment.reached, segment.ended, -_trouble(segment), index)


def _borrow(best: ProjectForm, others: list[ProjectForm], result: ParseResult) -> ProjectForm:
    """Take a report that the used copy skipped or flagged from another copy that reads it."""
    mine = {entry.number: entry for entry in best.reports}
    for other in others:
        for entry in other.reports:
            held = mine.get(entry.number)
            if entry.flags or (held is not None and not held.flags):
                continue
            mine[entry.number] = entry
            what = "skipped" if held is None else "flagged"
            result.warnings.append(
                ParseWarning(
                    entry.line,
                    f"report {entry.number} ({what} in the copy used) "
                    "taken from this copy, where it reads clearly",
                )
            )
    return replace(best, reports=tuple(mine[number] for number in sorted(mine)))


def _still_true(
    warnings: list[ParseWarning], used: Record | None, final: ProjectForm
) -> list[ParseWarning]:
    """The copy's warnings, without those about reports taken from another copy."""
    if not isinstance(used, ProjectForm):
        return warnings
    before = {entry.number: entry for entry in used.reports}
    taken = {e.number for e in final.reports if before.get(e.number) is not e}
    return [
        w
        for w in warnings
        if w.severity is Severity.NOTE
        or not any(re.match(_ABOUT.format(n), w.message) for n in taken)
    ]


def _choose(segments: list[_Segment], source: str, result: ParseResult, strict: bool) -> None:
    """Use the best copy of each form (the last, unless it is worse); list the others."""
    keyed: dict[str, list[_Segment]] = {}
    for segment in segments:
        if segment.key is None:
            error = segment.error or LineError(segment.lines[0].no, "form without identity")
            if strict or not any(s.record for s in segments if s is not segment):
                raise error.at(source)
            result.warnings.append(skip(error.line, f"{error.message}; this copy was not imported"))
            continue
        keyed.setdefault(f"{segment.kind}:{segment.key}", []).append(segment)
    for copies in sorted(keyed.values(), key=lambda group: group[-1].lines[0].no):
        best = max(copies, key=_quality)
        if best.record is None:
            assert best.error is not None
            if strict or len(keyed) == 1:
                raise best.error.at(source)
            result.warnings.append(skip(best.error.line, f"{best.error.message}; not imported"))
            continue
        for other in copies:
            if other is not best:
                result.warnings.append(_copy_note(other, best))
        record, warnings = best.record, best.warnings
        if isinstance(record, ProjectForm):
            others = [
                s.record for s in copies if isinstance(s.record, ProjectForm) and s is not best
            ]
            record = _borrow(record, others, result) if others else record
            warnings = _still_true(warnings, best.record, record)
            record, differ = reconcile(record, others)
            result.projects.append(record)
            warnings = [*warnings, *differ]
        elif isinstance(record, IndicatorForm):
            result.indicators.append(record)
        result.warnings.extend(warnings)
        best.record = record


def _copy_note(other: _Segment, best: _Segment) -> ParseWarning:
    """The note about a copy that was not used."""
    skipped = any(w.severity is Severity.SKIP for w in other.warnings)
    incomplete = other.error is not None or not other.reached or skipped
    changed = differences(other.record, best.record) if other.record else []
    why = (
        f"incomplete copy ignored ({other.error.message}); "
        if other.error
        else ("incomplete copy ignored; " if incomplete else "")
    )
    return ParseWarning(
        other.lines[0].no,
        f"{why}{best.key} is printed more than once; the copy at line {best.lines[0].no} "
        "is used. Differences: " + (", ".join(changed) or "none"),
    )


def _cut_short(segments: list[_Segment], source: str, strict: bool, result: ParseResult) -> None:
    """A printout without the signature footer was cut short: refuse, or flag its last report."""
    last = segments[-1]
    used = last.record is not None and (
        last.record in result.projects or last.record in result.indicators
    )
    if strict or (used and not (last.reached and isinstance(last.record, ProjectForm))):
        # Every printout of the system ends with the certification and signature lines;
        # without them the file was cut short, and a partial header must not overwrite data.
        raise ParseError(
            source,
            last.lines[-1].no,
            "no signature footer (ขอรับรอง… / ลงชื่อ…): the printout seems cut "
            "short, so nothing was imported",
        )
    if not used:
        result.warnings.append(
            ParseWarning(
                last.lines[-1].no,
                "the printout ends without the signature footer (cut short); "
                "an earlier copy is used",
            )
        )


def parse_document(text: str, source: str, strict: bool = False) -> ParseResult:
    """Parse a printout into records.

    By default what can be read is kept: uncertain values are flagged and unreadable reports
    skipped, each with a warning. With strict=True any such problem raises ParseError, so a
    document imports whole or not at all.
    """
    lines = clean_lines(text)
    if not lines:
        raise ParseError(source, 1, "empty document (ไม่มีข้อความ)")
    if detect_form(text) is None:
        raise ParseError(source, lines[0].no, "not a BMA project or indicator form")
    segments = _segments(lines)
    if not segments:
        raise ParseError(source, lines[0].no, "no form header found (ชื่อโครงการ / ชื่อตัวชี้วัด)")
    for segment in segments:
        _parse(segment)
    result = ParseResult()
    _choose(segments, source, result, strict)
    problems = [w for w in result.warnings if w.severity is not Severity.NOTE]
    if strict and problems:
        first = min(problems, key=lambda w: (w.line, w.severity is not Severity.SKIP))
        raise ParseError(source, first.line, first.message)
    if not any(is_footer_line(line.text) for line in lines):
        _cut_short(segments, source, strict, result)
    result.warnings.sort(key=lambda warning: warning.line)
    return result
