"""`tidtam import` and `tidtam export`: the official forms into and out of the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from forms.importer import ImportSummary

USAGE_ERROR = 2
_DB_HELP = "Database URL (default: DATABASE_URL, else var/tidtam.sqlite3)."


class Format(StrEnum):
    """Export formats."""

    TEXT = "text"
    PDF = "pdf"
    XLSX = "xlsx"


@contextmanager
def open_database(database_url: str | None) -> Iterator[sessionmaker[Session]]:
    """Sessions on a migrated database (exit code 2 if there is none); disposed afterwards."""
    from sqlalchemy.exc import SQLAlchemyError

    from runtime.config import load_settings
    from storage.db import make_engine, make_session_factory
    from storage.migrate import current

    url = database_url or load_settings().effective_database_url
    try:
        revision = current(url)
    except SQLAlchemyError as exc:
        _fail(f"cannot open the database ({type(exc).__name__})")
    if revision is None:
        _fail("the database has no tables yet: run `tidtam db upgrade` first")
    engine = make_engine(url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _fail(message: str) -> NoReturn:
    """Print an error to stderr and exit with the usage-error code."""
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(USAGE_ERROR)


def import_command(
    paths: list[Path] = typer.Argument(
        ..., help="Printout files (text, Markdown, PDF) or folders."
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace reports entered through the bot, and stored values "
        "with values the printout is unsure of."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Import each document whole or not at all (no salvage)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be imported and what is uncertain; write nothing."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also show informational notes."),
    fiscal_year: int | None = typer.Option(
        None, "--fiscal-year", help="Fiscal year (BE) of indicator printouts, which print none."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Import official form printouts: what is certain is imported, the rest flagged or listed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from forms.extract import ExtractError, expand, read_document
    from forms.importer import DocumentOutcome, ImportSummary, Problem, import_texts

    files = expand(paths)
    summary = ImportSummary(dry_run=dry_run)
    errors = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    progress = Progress(*columns, console=errors, transient=True, disable=not errors.is_terminal)
    with open_database(database_url) as factory, progress as bar:
        task = bar.add_task("importing", total=len(files))
        for file in files:
            bar.update(task, description=file.name[-40:])
            try:
                documents = [(str(file), read_document(file))]
            except ExtractError as error:
                failure = Problem(error.source, error.line, error.message)
                outcome = DocumentOutcome(error.source, failed=True)
                summary.merge(ImportSummary(documents=1, failed=[failure], files=[outcome]))
            else:
                summary.merge(
                    import_texts(
                        factory, documents, force=force, actor="import", strict=strict,
                        dry_run=dry_run, fiscal_year=fiscal_year,
                    )
                )
            bar.advance(task)
    print_summary(Console(), summary, verbose=verbose)
    raise typer.Exit(0 if summary.ok else 1)


_MARKS = {"flag": "[yellow]check[/]", "skip": "[red]skipped[/]", "note": "[dim]note[/]"}


def print_summary(console: Console, summary: ImportSummary, verbose: bool = False) -> None:
    """Per file what was imported, flagged and skipped; totals; then a checklist per file."""
    from cli.console import Table, styled

    if summary.dry_run:
        console.print("[bold]Dry run[/]: nothing was written to the database.")
    files = Table(title="Files", show_header=True)
    for column in ("file", "reports", "flagged", "skipped", "kept", "result"):
        files.add_column(column, justify="left" if column in ("file", "result") else "right")
    for outcome in summary.files:
        result = "failed" if outcome.failed else "would import" if summary.dry_run else "imported"
        if outcome.failed:
            files.add_row(outcome.source, "", "", "", "", styled(result, "bold red"))
            continue
        files.add_row(
            outcome.source, str(outcome.reports), str(outcome.flagged),
            str(outcome.skipped), str(outcome.kept), result,
        )
    if summary.files:
        console.print(files)
    table = Table(title="Import summary", show_header=True)
    for column in ("", "created", "updated", "unchanged"):
        table.add_column(column, justify="left" if not column else "right")
    for name, tally in (("projects", summary.projects), ("indicators", summary.indicators)):
        table.add_row(name, str(tally.created), str(tally.updated), str(tally.unchanged))
    table.add_row("reports", str(summary.reports_added), str(summary.reports_updated), "")
    table.add_section()
    table.add_row("files read", str(summary.documents), "", "")
    for name, items in (
        ("conflicts", summary.conflicts),
        ("warnings", summary.warnings),
        ("failed files", summary.failed),
    ):
        table.add_row(name, str(len(items)), "", "")
    console.print(table)
    _changed(console, summary)
    _checklist(console, summary, verbose)
    done = [o for o in summary.files if not o.failed]
    console.print(
        f"{len(done)} of {len(summary.files)} files "
        f"{'would be imported' if summary.dry_run else 'imported'}; "
        f"reports: {sum(o.reports for o in done)} read, {sum(o.flagged for o in done)} "
        f"flagged, {sum(o.skipped for o in done)} skipped; {len(summary.conflicts)} stored "
        f"value{'' if len(summary.conflicts) == 1 else 's'} kept.",
        highlight=False,
    )


def _changed(console: Console, summary: ImportSummary) -> None:
    """Which projects and indicators were created and which updated, by code or number."""
    from rich.markup import escape

    would = "would be " if summary.dry_run else ""
    for verb, keys in (
        ("created", summary.projects.created_keys + summary.indicators.created_keys),
        ("updated", summary.projects.updated_keys + summary.indicators.updated_keys),
    ):
        if keys:
            console.print(f"{would}{verb}: {escape(', '.join(keys))}", highlight=False)


def _checklist(console: Console, summary: ImportSummary, verbose: bool) -> None:
    """For each file with something to look at: failures, skips, flags, kept values."""
    from rich.markup import escape

    notes = 0
    for outcome in summary.files:
        source = outcome.source
        failures = [f for f in summary.failed if f.source == source]
        warnings = [w for w in summary.warnings if w.source == source]
        shown = [w for w in warnings if verbose or w.severity != "note"]
        notes += len(warnings) - len(shown)
        kept = [c for c in summary.conflicts if c.source == source]
        if not (failures or shown or kept):
            continue
        read = f" ({', '.join(outcome.keys)})" if outcome.keys else ""
        console.print(f"\n[bold]{escape(source)}[/]{escape(read)}", highlight=False)
        for failure in failures:
            console.print(f"  [bold red]failed:[/] {escape(str(failure))}", highlight=False)
        for warning in shown:
            mark = _MARKS.get(str(warning.severity), "note")
            text = f"line {warning.line}: {warning.message}"
            console.print(f"  {mark} {escape(text)}", highlight=False)
        for c in kept:
            action = "replace" if c.reason.startswith("entered") else "take the printout's value"
            console.print(
                f"  [cyan]kept[/] {escape(c.key)} {escape(c.item)}: {', '.join(c.fields)} "
                f"({c.reason}); --force to {action}",
                highlight=False,
            )
    if notes:
        console.print(f"\n{notes} informational notes not shown (--verbose shows them).")


def export_command(
    codes: list[str] | None = typer.Argument(None, metavar="CODE...", help="Project codes."),
    agency: str | None = typer.Option(None, "--agency", help="Every form of agency AAAAAAAA."),
    indicators: list[str] | None = typer.Option(None, "--indicator", help="Indicator number."),
    fmt: Format = typer.Option(Format.TEXT, "--format", help="text, pdf or xlsx."),
    fiscal_year: int | None = typer.Option(
        None, "--fiscal-year", help="Only indicators (xlsx: everything) of this fiscal year "
        "(BE)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="File to write."),
    database_url: str | None = typer.Option(None, "--database-url", help=_DB_HELP),
) -> None:
    """Export the official forms: text to stdout (or -o), PDF to CODE.pdf (or -o).

    --format xlsx writes the planning unit's spreadsheet of every project (of --agency and
    --fiscal-year when given) to tidtam.xlsx (or -o).
    """
    from forms.exporter import UnknownCodeError, collect_records, records_pdf, records_text

    if fmt is Format.XLSX:
        _export_xlsx(codes, agency, indicators, fiscal_year, output, database_url)
        return
    if not codes and not agency and not indicators:
        _fail("name at least one project CODE, --agency AAAAAAAA or --indicator NUMBER")
    with open_database(database_url) as factory, factory() as session:
        try:
            records = collect_records(session, codes or (), agency, indicators or (),
                                      fiscal_year)
        except UnknownCodeError as error:
            _fail(str(error))
    if fmt is Format.PDF:
        target = output or Path(_pdf_name(codes or [], agency, indicators or []))
        target.write_bytes(records_pdf(records))
        typer.echo(str(target))
    elif output is not None:
        output.write_text(records_text(records), encoding="utf-8")
        typer.echo(str(output))
    else:
        typer.echo(records_text(records), nl=False)


def _export_xlsx(codes: list[str] | None, agency: str | None, indicators: list[str] | None,
                 fiscal_year: int | None, output: Path | None, database_url: str | None) -> None:
    """Write the spreadsheet (sheets.workbook) and print where."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from runtime.config import load_settings
    from runtime.reminders import policy_from
    from sheets.workbook import build_xlsx
    from storage.models import Agency

    if codes or indicators:
        _fail("--format xlsx takes no project CODE or --indicator: it covers every project "
              "(narrow it with --agency and --fiscal-year)")
    settings = load_settings()
    with open_database(database_url) as factory, factory() as session:
        if agency is not None and session.scalar(
                select(Agency.id).where(Agency.code == agency)) is None:
            _fail(f"unknown agency code {agency!r}")
        data = build_xlsx(session, datetime.now(ZoneInfo(settings.timezone)).date(),
                          None, agency, fiscal_year, policy_from(settings))
    name = "-".join(["tidtam", *(a for a in [agency] if a), *(str(y) for y in [fiscal_year] if y)])
    target = output or Path(f"{name}.xlsx")
    target.write_bytes(data)
    typer.echo(str(target))


def _pdf_name(codes: list[str], agency: str | None, indicators: list[str]) -> str:
    """CODE.pdf for one project, agency-AAAAAAAA.pdf for an agency, else a combined name."""
    if agency and not codes and not indicators:
        return f"agency-{agency}.pdf"
    if len(codes) == 1 and not agency and not indicators:
        return f"{codes[0]}.pdf"
    names = [*codes, *(f"agency-{agency}" for _ in [agency] if agency)]
    names += [f"indicator-{number}" for number in indicators]
    return f"{names[0]}-and-{len(names) - 1}-more.pdf" if len(names) > 1 else f"{names[0]}.pdf"


def register(app: typer.Typer) -> None:
    """Add the `import` and `export` commands to the tidtam CLI."""
    app.command("import")(import_command)
    app.command("export")(export_command)
