"""import_texts: official form printouts into the database, one transaction per document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.clean import clean_text
from forms.document import ParseResult, parse_document
from forms.errors import ParseError, ParseWarning, Severity
from forms.layout import more_fields
from forms.records import EVERYTHING, IndicatorForm, ProgressEntry, ProjectForm
from forms.thai import format_number
from storage.audit import audit, snapshot
from storage.enums import IndicatorLevel, Source
from storage.models import (
    Indicator,
    IndicatorQuarterReport,
    ProgressReport,
    Project,
    Unit,
    agency_code_of,
    indicator_natural_key,
)
from storage.repo import get_or_create_agency, get_project_by_code


class UnstorableError(Exception):
    """A record that parsed but cannot be stored (bad code, value out of range, too long)."""


@dataclass
class Tally:
    """Created / updated / unchanged counts of one kind of record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_keys: list[str] = field(default_factory=list)  # codes or indicator numbers
    updated_keys: list[str] = field(default_factory=list)


_PROJECT_COLUMNS = {
    "start": "start_date", "end": "end_date", "unit": "unit_id",
    "plan.strategy": "plan_strategy", "plan.sub_strategy": "plan_substrategy",
    "plan.goal": "plan_goal", "plan.indicator": "plan_indicator",
}  # fmt: skip
_REPORT_COLUMNS = {
    "date": "report_date", "detail": "detail", "progress": "progress_percent",
    "disbursed": "budget_disbursed", "budget_count": "budget_count", "on_plan": "on_plan",
    "on_target": "on_target", "obstacles": "obstacles",
    **{f.name: f.column for f in more_fields()},
}  # fmt: skip
BOT = "entered through the bot"
UNCERTAIN = "uncertain in the printout"


@dataclass(frozen=True)
class Problem:
    """A warning or a failure, located by source file and line (when known)."""

    source: str
    line: int | None
    message: str
    severity: Severity = Severity.NOTE

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Conflict:
    """A bot-entered value the printout would overwrite; kept unless --force."""

    source: str
    key: str  # project code or indicator number
    item: str  # "report 3", "quarter 2", "header"
    fields: tuple[str, ...]
    reason: str = BOT  # or UNCERTAIN: a flagged value of the printout


@dataclass
class DocumentOutcome:
    """What happened to one file: reports imported, flagged and skipped, or why it failed."""

    source: str
    forms: int = 0  # projects and indicators read
    reports: int = 0  # reports (and quarters) imported or already up to date
    flagged: int = 0  # of which some value was assumed
    skipped: int = 0  # reports or values not imported (unreadable)
    kept: int = 0  # stored values left alone (entered through the bot, or the printout unsure)
    failed: bool = False
    keys: tuple[str, ...] = ()  # project codes and indicator numbers read


@dataclass
class ImportSummary:
    """What an import did; merged over documents."""

    documents: int = 0
    projects: Tally = field(default_factory=Tally)
    indicators: Tally = field(default_factory=Tally)
    reports_added: int = 0
    reports_updated: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    files: list[DocumentOutcome] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when every document was imported."""
        return not self.failed

    def merge(self, other: ImportSummary) -> None:
        """Add another summary's counts and lists to this one."""
        self.documents += other.documents
        for mine, theirs in ((self.projects, other.projects), (self.indicators, other.indicators)):
            mine.created += theirs.created
            mine.updated += theirs.updated
            mine.unchanged += theirs.unchanged
            mine.created_keys += theirs.created_keys
            mine.updated_keys += theirs.updated_keys
        self.reports_added += other.reports_added
        self.reports_updated += other.reports_updated
        self.conflicts += other.conflicts
        self.warnings += other.warnings
        self.failed += other.failed
        self.files += other.files
        self.dry_run = self.dry_run or other.dry_run


@dataclass
class _Writer:
    """Writes one document's records in the caller's session, comparing before writing."""

    session: Session
    out: ImportSummary
    source: str
    force: bool
    actor: str
    fiscal_year: int | None = None  # --fiscal-year: indicator printouts print none

    def add(self, row: Any, entity: str) -> None:
        """Insert a row and audit its creation."""
        self.session.add(row)
        self.session.flush()
        audit(self.session, self.actor, "create", entity, row.id, None, snapshot(row))

    def change(self, row: Any, values: dict[str, Any], entity: str, forced: bool = False) -> None:
        """Apply values that differ and audit them with before/after snapshots."""
        before = snapshot(row)
        for name in _differing(row, values):
            setattr(row, name, values[name])
        if isinstance(row, ProgressReport):
            row.revision += 1
            row.source = Source.IMPORT
        self.session.flush()
        actor, action = (f"{self.actor} --force", "replace") if forced else (self.actor, "update")
        audit(self.session, actor, action, entity, row.id, before, snapshot(row))

    def keep(
        self,
        row: Any,
        values: dict[str, Any],
        entity: str,
        key: str,
        item: str,
        unsure: frozenset[str] = frozenset(),
    ) -> bool:
        """Update a stored row; one entered through the bot only with force, and a value the
        printout is unsure of (a column in `unsure`) only with force. True if changed."""
        values = self.hold(row, values, key, item, unsure)
        differing = _differing(row, values)
        if not differing:
            return False
        from_bot = getattr(row, "source", None) == Source.BOT or getattr(row, "submitted_by", None)
        if from_bot and not self.force:
            self.out.conflicts.append(Conflict(self.source, key, item, tuple(differing)))
            return False
        self.change(row, values, entity, forced=bool(from_bot))
        return True

    def hold(
        self, row: Any, values: dict[str, Any], key: str, item: str, unsure: frozenset[str]
    ) -> dict[str, Any]:
        """The values without the uncertain ones that would overwrite stored data (no force)."""
        held = tuple(name for name in _differing(row, values) if name in unsure)
        if not held or self.force:
            return values
        self.out.conflicts.append(Conflict(self.source, key, item, held, UNCERTAIN))
        return {name: value for name, value in values.items() if name not in held}

    def project(self, form: ProjectForm) -> None:
        """Create or update a project and its reports."""
        try:
            agency_code = agency_code_of(form.code)
        except ValueError:
            raise UnstorableError(f"project code {form.code!r} is not AAAAAAAA-NNNN") from None
        agency = get_or_create_agency(
            self.session, agency_code, form.unit[0] if form.unit else None
        )
        values = _project_values(form, _unit_id(self.session, agency.id, form.unit))
        _check(Project, values, form.code)
        project = get_project_by_code(self.session, form.code)
        created = project is None
        changed = created or bool(_differing(project, values))
        if project is None:
            project = Project(code=form.code, agency_id=agency.id, source=Source.IMPORT, **values)
            self.add(project, "projects")
        elif changed:
            unsure = frozenset(_PROJECT_COLUMNS.get(name, name) for name in form.flags)
            values = self.hold(project, values, form.code, "header", unsure)
            changed = bool(_differing(project, values))
            if changed:
                self.change(project, values, "projects")
        existing = {report.number: report for report in project.reports}
        for entry in form.reports:
            values = _report_values(entry, form.code)
            report = existing.get(entry.number)
            item = f"report {entry.number}"
            if report is None:
                report = ProgressReport(project=project, source=Source.IMPORT, **values)
                self.add(report, "progress_reports")
                self.out.reports_added += 1
                changed = True
            elif self.keep(report, values, "progress_reports", form.code, item, _unsure(entry)):
                self.out.reports_updated += 1
                changed = True
        _count(self.out.projects, form.code, created, changed)

    def indicator(self, form: IndicatorForm) -> None:
        """Create or update an indicator and its quarterly narratives."""
        if form.plan.indicator:
            message = f"indicator {form.number}: plan indicator (ตัวชี้วัด) has no column, not stored"
            self.out.warnings.append(Problem(self.source, None, message))
        values = _indicator_values(form)
        if self.fiscal_year is not None:
            values["fiscal_year"] = self.fiscal_year
        _check(Indicator, values, f"indicator {form.number}")
        indicator = _find_indicator(self.session, form, self.fiscal_year)
        created = indicator is None
        changed = created or bool(_differing(indicator, values))
        if indicator is None:
            indicator = Indicator(source=Source.IMPORT, **values)
            self.add(indicator, "indicators")
        elif changed:
            self.change(indicator, values, "indicators")
        year = indicator.fiscal_year
        if year is None:
            self.out.warnings.append(Problem(self.source, None, (
                f"indicator {form.number}: the printout names no fiscal year; re-run with "
                "--fiscal-year <BE year> so its quarters are kept apart from other years'")))
        else:
            for stored in indicator.quarters:  # quarters stored before the year was known
                if stored.fiscal_year is None:
                    stored.fiscal_year = year
        existing = {row.quarter: row for row in indicator.quarters if row.fiscal_year == year}
        for quarter in form.quarters:
            narrative, item = {"narrative": quarter.text or ""}, f"quarter {quarter.quarter}"
            row = existing.get(quarter.quarter)
            if row is None:
                row = IndicatorQuarterReport(
                    indicator=indicator, fiscal_year=year, quarter=quarter.quarter, **narrative
                )
                self.add(row, "indicator_quarter_reports")
                changed = True
            elif self.keep(row, narrative, "indicator_quarter_reports", form.number, item):
                changed = True
        _count(self.out.indicators, f"indicator {form.number}", created, changed)


def _find_indicator(session: Session, form: IndicatorForm,
                    fiscal_year: int | None = None) -> Indicator | None:
    """The stored indicator with this number and name (of fiscal_year when given: one of
    that year, else one whose year is not yet known), whatever agency an admin gave it."""
    natural = indicator_natural_key(None, fiscal_year, form.number, form.name)
    found = session.scalars(select(Indicator).where(Indicator.natural_key == natural)).first()
    if found is not None:
        return found
    same = [i for i in session.scalars(select(Indicator).where(Indicator.name == form.name))
            if i.natural_key == indicator_natural_key(i.agency_id, i.fiscal_year, form.number,
                                                      form.name)]
    if fiscal_year is not None:
        same = ([i for i in same if i.fiscal_year == fiscal_year]
                or [i for i in same if i.fiscal_year is None])
    return same[0] if len(same) == 1 else None


def import_texts(
    session_factory: sessionmaker[Session],
    documents: Iterable[tuple[str, str]],
    force: bool = False,
    actor: str = "import",
    *,
    strict: bool = False,
    dry_run: bool = False,
    fiscal_year: int | None = None,
) -> ImportSummary:
    """Import (source, text) documents one by one; failures are listed, others go on."""
    summary = ImportSummary(dry_run=dry_run)
    for source, text in documents:
        summary.merge(
            import_text(
                session_factory, source, text, force=force, actor=actor, strict=strict,
                dry_run=dry_run, fiscal_year=fiscal_year,
            )
        )
    return summary


def import_text(
    session_factory: sessionmaker[Session],
    source: str,
    text: str,
    *,
    force: bool = False,
    actor: str = "import",
    strict: bool = False,
    dry_run: bool = False,
    fiscal_year: int | None = None,
) -> ImportSummary:
    """Import one document in one transaction; any error rolls all of it back.

    What the printout reads is imported; uncertain values are flagged and unreadable reports
    skipped (each listed with its line). strict=True imports the document whole or not at
    all. dry_run=True does everything but commit, so the summary shows what would happen.
    """
    out = ImportSummary(documents=1, dry_run=dry_run)
    try:
        parsed = parse_document(clean_text(text, keep_form_feed=True), source, strict=strict)
        session = session_factory()
        try:
            writer = _Writer(session, out, source, force, actor, fiscal_year)
            for project in parsed.projects:
                writer.project(project)
            for indicator in parsed.indicators:
                writer.indicator(indicator)
            if dry_run:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    except ParseError as error:
        return _failed(source, error.line, error.message)
    except UnstorableError as error:
        return _failed(source, None, f"{error}; nothing imported")
    except SQLAlchemyError as error:
        return _failed(source, None, f"database error, nothing imported: {_short(error)}")
    except Exception as error:  # a parser bug must not stop the other files
        return _failed(source, None, f"unexpected {type(error).__name__}, nothing imported")
    out.warnings[:0] = [Problem(source, w.line, w.message, w.severity) for w in parsed.warnings]
    out.files.append(_outcome(source, parsed, out))
    return out


def _outcome(source: str, parsed: ParseResult, out: ImportSummary) -> DocumentOutcome:
    """Counts of one imported document for the summary table."""
    entries = [entry for form in parsed.projects for entry in form.reports]
    quarters = sum(len(form.quarters) for form in parsed.indicators)
    header_flags = sum(bool(form.flags) for form in parsed.projects)
    return DocumentOutcome(
        source=source,
        forms=len(parsed.projects) + len(parsed.indicators),
        reports=len(entries) + quarters,
        flagged=sum(bool(entry.flags) for entry in entries) + header_flags,
        skipped=sum(_is(w, Severity.SKIP) for w in parsed.warnings),
        kept=len(out.conflicts),
        keys=tuple(
            [form.code for form in parsed.projects]
            + [f"indicator {form.number}" for form in parsed.indicators]
        ),
    )


def _is(warning: ParseWarning, severity: Severity) -> bool:
    """True if the warning has this severity."""
    return warning.severity is severity


def _unsure(entry: ProgressEntry) -> frozenset[str]:
    """The report columns whose printed value is uncertain (a doubtful date: its month too)."""
    if EVERYTHING in entry.flags:
        return frozenset(_REPORT_COLUMNS.values()) | {"period"}
    found = frozenset(_REPORT_COLUMNS[name] for name in entry.flags if name in _REPORT_COLUMNS)
    return found | {"period"} if "report_date" in found else found


def _failed(source: str, line: int | None, message: str) -> ImportSummary:
    """The summary of a document that was not imported."""
    return ImportSummary(
        documents=1,
        failed=[Problem(source, line, message, Severity.SKIP)],
        files=[DocumentOutcome(source, failed=True)],
    )


def _short(error: SQLAlchemyError) -> str:
    """The driver's first message line (no SQL, no parameters: they may hold personal data)."""
    orig = getattr(error, "orig", None)
    lines = str(orig if orig is not None else type(error).__name__).strip().splitlines()
    return f"{type(orig or error).__name__}: {lines[0] if lines else ''}"


def _differing(row: Any, values: dict[str, Any]) -> list[str]:
    """Names of the values that differ from the row's current ones."""
    return [name for name, value in values.items() if getattr(row, name) != value]


def _check(model: type[Any], values: dict[str, Any], key: str) -> None:
    """Refuse strings longer than their column (PostgreSQL would fail, SQLite would not)."""
    for name, value in values.items():
        kind = model.__table__.c[name].type
        limit = kind.length if isinstance(kind, String) else None
        if isinstance(value, str) and limit and len(value) > limit:
            raise UnstorableError(f"{key}: {name} is longer than {limit} characters")


def _count(tally: Tally, key: str, created: bool, changed: bool) -> None:
    """Count a record as created, updated or unchanged (naming the first two)."""
    if created:
        tally.created += 1
        tally.created_keys.append(key)
    elif changed:
        tally.updated += 1
        tally.updated_keys.append(key)
    else:
        tally.unchanged += 1


def _unit_id(session: Session, agency_id: int, parts: tuple[str, ...]) -> int | None:
    """The id of the unit "department / division / section", created if missing."""
    if not parts:
        return None
    path = " / ".join(parts)
    unit = session.scalars(
        select(Unit).where(Unit.agency_id == agency_id, Unit.path == path)
    ).one_or_none()
    if unit is None:
        _check(Unit, {"path": path}, "unit")
        unit = Unit(agency_id=agency_id, path=path)
        session.add(unit)
        session.flush()
    return unit.id


def _fits(value: Decimal | None, precision: int, places: int, what: str) -> Decimal | None:
    """value unchanged, if a NUMERIC(precision, places) column holds it exactly."""
    if value is None:
        return None
    if value != value.quantize(Decimal(1).scaleb(-places)) or abs(value) >= 10 ** (
        precision - places
    ):
        raise UnstorableError(f"{what}: {value} does not fit NUMERIC({precision},{places})")
    return value


def quantity_text(value: Decimal | None, unit: str | None) -> str | None:
    """A target or achieved value as printed: "36.00 (ห้อง)"; None when both are absent."""
    number = format_number(value) if value is not None else ""
    text = " ".join(part for part in (number, f"({unit})" if unit is not None else "") if part)
    return text or None


def _level(text: str | None) -> IndicatorLevel | None:
    """The indicator level named in the printed text (both when both are printed)."""
    lowered = (text or "").lower()
    output = "ผลผลิต" in lowered or "output" in lowered
    outcome = "ผลลัพธ์" in lowered or "outcome" in lowered
    if output and outcome:
        return IndicatorLevel.BOTH
    return IndicatorLevel.OUTPUT if output else IndicatorLevel.OUTCOME if outcome else None


def _lines(items: tuple[str, ...]) -> str | None:
    """List items stored one per line."""
    return "\n".join(items) or None


def _project_values(form: ProjectForm, unit_id: int | None) -> dict[str, Any]:
    """Project columns from the form header (sections 1.1-1.6)."""
    return {
        "name": form.name,
        "fiscal_year": form.fiscal_year,
        "start_date": form.start,
        "end_date": form.end,
        "budget_received": _fits(form.budget_received, 14, 2, form.code),
        "budget_used": _fits(form.budget_used, 14, 2, form.code),
        "unit_id": unit_id,
        "responsible_name": form.responsible_name,
        "responsible_phone": form.responsible_phone,
        "coordinator_name": form.coordinator_name,
        "coordinator_phone": form.coordinator_phone,
        "rationale": form.rationale,
        "objectives": _lines(form.objectives),
        "targets": _lines(form.targets),
        "plan_strategy": form.plan.strategy,
        "plan_substrategy": form.plan.sub_strategy,
        "plan_goal": form.plan.goal,
        "plan_indicator": form.plan.indicator,
    }


def _report_values(entry: ProgressEntry, code: str) -> dict[str, Any]:
    """ProgressReport columns from one "รายงานครั้งที่ N" entry."""
    what = f"{code} report {entry.number}"
    if not Decimal(0) <= entry.progress <= Decimal(100):
        raise UnstorableError(f"{what}: progress {entry.progress} % is outside 0-100")
    return {
        "number": entry.number,
        "report_date": entry.date,
        "period": entry.date.replace(day=1),  # a printed report's month is its date's month
        "detail": entry.detail,
        "progress_percent": _fits(entry.progress, 5, 2, what),
        "budget_disbursed": _fits(entry.disbursed, 14, 2, what),
        "budget_count": entry.budget_count,
        "on_plan": entry.on_plan,
        "on_target": entry.on_target,
        "obstacles": entry.obstacles,
        **{f.column: dict(entry.more).get(f.name) for f in more_fields()},
    }


def _indicator_values(form: IndicatorForm) -> dict[str, Any]:
    """Indicator columns from the indicator form (the plan's ตัวชี้วัด has no column)."""
    what = f"indicator {form.number}"
    return {
        "number": form.number,
        "name": form.name,
        "level": _level(form.level),
        "level_text": form.level,
        "plan_strategy": form.plan.strategy,
        "plan_substrategy": form.plan.sub_strategy,
        "plan_goal": form.plan.goal,
        "definition": form.definition,
        "calculation": form.calculation,
        "target_value": _fits(form.target_value, 18, 4, what),
        "target_unit": form.target_unit,
        "target_text": quantity_text(form.target_value, form.target_unit),
        "achieved_value": _fits(form.achieved_value, 18, 4, what),
        "achieved_text": quantity_text(form.achieved_value, form.achieved_unit),
        "year_summary": form.summary,
        "supporting_factors": form.supporting_factors,
        "obstacles": form.obstacles,
        "evidence": form.evidence,
    }
