"""parse_document: a whole printout (one or more forms, maybe printed twice) to records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.thai import to_arabic_digits
from forms.clean import Line, clean_lines, is_continuation
from forms.detect import FormKind, detect_form, is_past_start, start_kind
from forms.diff import differences
from forms.errors import LineError, ParseError, ParseWarning
from forms.lexicon import is_footer_line
from forms.parse_indicator import parse_indicator
from forms.parse_project import parse_project
from forms.records import IndicatorForm, ProjectForm

_CODE = re.compile(r"รหัสโครงการ[^:]*:\s*([0-9๐-๙]{8}\s*-\s*[0-9๐-๙]{4})")
_NUMBER = re.compile(r"ชื่อตัวชี้วัด[^:]*:\s*([0-9๐-๙.]*[0-9๐-๙])")

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


def _choose(segments: list[_Segment], source: str, result: ParseResult) -> None:
    """Keep the last complete copy of each form; an incomplete copy is fatal unless superseded."""
    for index, segment in enumerate(segments):
        later = [s for s in segments[index + 1 :] if s.kind is segment.kind and s.key is not None]
        newer = next((s for s in later if s.key == segment.key and s.record), None)
        if segment.error is not None:
            if segment.key is None or newer is None:
                raise segment.error.at(source)
            result.warnings.append(
                ParseWarning(
                    segment.lines[0].no,
                    f"incomplete copy ignored, a later copy of {segment.key} is used "
                    f"(line {newer.lines[0].no}): {segment.error.message}",
                )
            )
        elif newer is not None:
            changed = differences(segment.record, newer.record)
            result.warnings.append(
                ParseWarning(
                    segment.lines[0].no,
                    f"{segment.key} is printed more than once; the last copy "
                    f"(line {newer.lines[0].no}) is used. Differences: "
                    + (", ".join(changed) or "none"),
                )
            )
        elif isinstance(segment.record, ProjectForm):
            result.projects.append(segment.record)
            result.warnings.extend(segment.warnings)
        elif isinstance(segment.record, IndicatorForm):
            result.indicators.append(segment.record)
            result.warnings.extend(segment.warnings)


def parse_document(text: str, source: str) -> ParseResult:
    """Parse a printout into records; raise ParseError unless every form in it is whole."""
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
    _choose(segments, source, result)
    if not any(is_footer_line(line.text) for line in lines):
        # Every printout of the system ends with the certification and signature lines;
        # without them the file was cut short, and a partial header must not overwrite data.
        raise ParseError(source, lines[-1].no,
                         "no signature footer (ขอรับรอง… / ลงชื่อ…): the printout seems cut "
                         "short, so nothing was imported")
    result.warnings.sort(key=lambda warning: warning.line)
    return result
