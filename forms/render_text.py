"""Render records back to the official forms' text (parseable by parse_document)."""

from __future__ import annotations

from forms.clean import CONTINUATION, DETAIL_CONTINUATION
from forms.layout import (
    CERTIFICATION,
    PROJECT_TITLE,
    SIGNATURE,
    Row,
    Section,
    Style,
)
from forms.layout_forms import indicator_sections, project_sections
from forms.records import IndicatorForm, ProjectForm
from forms.report_items import inline_safe


def _more(line: str) -> str:
    """A free-text line after the first: tab-indented, so never read as form structure."""
    return f"{CONTINUATION}{line}"


def _row(row: Row) -> list[str]:
    """The printed lines of one row."""
    lines = row.value.split("\n")
    if row.style is Style.FIELD:
        return [f"{row.label} : {row.value}".rstrip()]
    if row.style is Style.MEASURE:
        return [f": {row.label} = {row.value}".rstrip()]
    if row.style is Style.ITEM:
        return [_more(f"- {line}") for line in lines]
    if row.style is Style.NOTE:
        return [f":: {lines[0]}".rstrip()] + [_more(line) for line in lines[1:]]
    return [_more(line) for line in lines if line]


def _section(section: Section) -> list[str]:
    """The printed lines of one section, ending with a blank line."""
    if section.value is None:
        out = [section.title]
    else:
        first, *rest = section.value.split("\n")
        out = [f"{section.title} : {first}".rstrip(), *(_more(line) for line in rest)]
    for row in section.rows:
        out.extend(_row(row))
    for block in section.reports:
        lines = block.detail.split("\n") if block.detail else []
        first = lines.pop(0) if lines and inline_safe(lines[0]) else ""
        out.append(f"{block.heading}\t:: {block.date} : {first}".rstrip())
        out.extend(f"{DETAIL_CONTINUATION}{line}" for line in lines)
        out.append(f"\t:: {block.status}")
        for label, value in block.lines:  # the declared fields on their own lines
            if value:
                first, *more = value.split("\n")
                out.append(f"\t:: {label} : {first}".rstrip())
                out.extend(f"{DETAIL_CONTINUATION}{line}" for line in more)
    return [*out, ""]


def render_project(p: ProjectForm) -> str:
    """The project form as text, with the certification footer."""
    lines = [f"** {PROJECT_TITLE} **", ""]
    for section in project_sections(p):
        lines.extend(_section(section))
    return "\n".join([*lines, CERTIFICATION, "", *SIGNATURE, ""])


def render_indicator(i: IndicatorForm) -> str:
    """The indicator form as text, with the signature lines."""
    lines: list[str] = []
    for section in indicator_sections(i):
        lines.extend(_section(section))
    return "\n".join([*lines, *SIGNATURE, ""])
