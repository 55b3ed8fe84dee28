"""Import and export of the official BMA forms: printout text <-> typed records."""

from __future__ import annotations

from forms.detect import FormKind, detect_form
from forms.document import ParseResult, parse_document
from forms.errors import ParseError, ParseWarning, Severity
from forms.layout import ReportBlock, Row, Section, Style
from forms.layout_forms import indicator_sections, project_sections
from forms.records import (
    IndicatorForm,
    PlanLinkage,
    ProgressEntry,
    ProjectForm,
    QuarterNarrative,
)
from forms.render_text import render_indicator, render_project

__all__ = [
    "FormKind",
    "IndicatorForm",
    "ParseError",
    "ParseResult",
    "ParseWarning",
    "PlanLinkage",
    "ProgressEntry",
    "ProjectForm",
    "QuarterNarrative",
    "ReportBlock",
    "Row",
    "Section",
    "Severity",
    "Style",
    "detect_form",
    "indicator_sections",
    "parse_document",
    "project_sections",
    "render_indicator",
    "render_project",
]
