"""The PDF rendering of the official forms: font, Thai text, page numbers, page breaks."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from forms.document import parse_document
from forms.exporter import records_pdf, records_text
from forms.extract import ATTACHMENT, expand, pdf_text, read_document
from forms.layout import PROJECT_TITLE
from forms.pdf import render_pdf, wrap
from forms.records import IndicatorForm, ProgressEntry, ProjectForm
from tests.seeds import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
A4 = (595.28, 841.89)


def seed_records(path: Path) -> list[ProjectForm]:
    """The project records of a seed."""
    return parse_document(path.read_text(encoding="utf-8"), path.name).projects


def project_with_entries(count: int, longest: int = 8) -> ProjectForm:
    """A project whose reports have details of 1 to `longest` lines."""
    entries = tuple(
        ProgressEntry(
            number=n,
            date=date(2023, 1, 1) + timedelta(days=n),
            detail="\n".join(
                f"{line + 1}. ผู้รับผิดชอบที่ปั้นงานสิ้นสุดแล้ว ครั้งที่ {n} บรรทัด {line + 1}"
                for line in range(1 + (n * 5) % longest)
            ),
            progress=Decimal(min(n * 2, 100)),
            disbursed=Decimal(n * 1000),
            budget_count=n,
            on_plan=n % 3 != 0,
            on_target=n % 4 != 0,
        )
        for n in range(1, count + 1)
    )
    return ProjectForm(
        name="ทดสอบการตัดหน้า", code="50470000-3430", fiscal_year=2566, reports=entries
    )


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    """The PDF of every project and indicator of the seeds."""
    records: list[ProjectForm | IndicatorForm] = []
    for path in SEED_FILES:
        parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
        records += [*parsed.projects, *parsed.indicators]
    return records_pdf(records)


def test_pdf_is_a4_with_embedded_sarabun_and_thai_text(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    assert all(
        (float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4, abs=0.1)
        for p in reader.pages
    )
    fonts: Any = reader.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        names.add(str(font["/BaseFont"]))
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program is embedded
    assert sorted(name.split("+")[1] for name in names) == ["Sarabun", "SarabunBold"]
    first = reader.pages[0].extract_text()
    assert PROJECT_TITLE in first
    assert "ผู้รับผิดชอบ" in first
    assert re.search(r"หน้า 1/\d", first)


def test_each_document_starts_a_page_and_is_numbered_on_its_own(seed_pdf):
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(seed_pdf)).pages]
    starts = [i for i, text in enumerate(texts) if re.search(r"หน้า 1/\d", text)]
    assert len(starts) == 3  # two projects and one indicator
    for index in starts:
        assert "หน้า 1/" in texts[index]
    assert "23000000-6663" in texts[starts[0]]  # seed 000
    assert "ตัวชี้วัด 08." in texts[starts[1]]  # seed 001
    assert "50490000-3572" in texts[starts[2]]  # seed 002


def test_pdf_carries_the_form_text_for_import(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    assert ATTACHMENT in reader.attachments
    text = pdf_text(seed_pdf, "seed.pdf")
    parsed = parse_document(text, "seed.pdf")
    assert sorted(p.code for p in parsed.projects) == ["23000000-6663", "50490000-3572"]
    assert [i.number for i in parsed.indicators] == ["08"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_pdf_round_trip_without_database(path, tmp_path):
    parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
    records: list[ProjectForm | IndicatorForm] = [*parsed.projects, *parsed.indicators]
    out = tmp_path / "form.pdf"
    out.write_bytes(records_pdf(records))
    again = parse_document(read_document(out), out.name)
    assert [*again.projects, *again.indicators] == records
    assert again.warnings == []


def test_pdf_without_attachment_falls_back_to_page_text(tmp_path):
    [record] = seed_records(SEED_FILES[0])
    text = pdf_text(render_pdf([record]), "plain.pdf")
    assert PROJECT_TITLE in text
    assert parse_document(text, "plain.pdf").projects[0].code == record.code


def test_entries_are_not_split_across_pages():
    project = project_with_entries(40)
    spans: dict[str, tuple[int, int]] = {}
    data = render_pdf(
        [project], on_entry=lambda tag, first, last: spans.update({tag: (first, last)})
    )
    assert len(spans) == 40
    assert all(first == last for first, last in spans.values()), spans
    pages = {first for first, _ in spans.values()}
    assert len(pages) >= 4
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        headings = set(re.findall(r"รายงานครั้งที่ (\d+)", text))
        budgets = set(re.findall(r"\(ครั้งที่ (\d+)\)", text))
        assert headings == budgets, f"page {number}"
        assert headings == {tag.split("#")[1] for tag, (p, _) in spans.items() if p == number}


def test_an_entry_longer_than_a_page_may_split():
    project = project_with_entries(3, longest=1)
    huge = ProgressEntry(
        4, date(2023, 5, 1), "\n".join(["ยาวมาก"] * 60), Decimal(50), Decimal(0), 4, True, True
    )
    spans: dict[str, tuple[int, int]] = {}
    render_pdf(
        [
            ProjectForm(
                name="ก", code="50470000-3430", fiscal_year=2566, reports=(*project.reports, huge)
            )
        ],
        on_entry=lambda tag, first, last: spans.update({tag: (first, last)}),
    )
    first, last = spans["50470000-3430#4"]
    assert last > first
    assert first == spans["50470000-3430#3"][1]  # not pushed to a page of its own first


def test_wrap_breaks_between_words_never_before_a_mark():
    text = "ผู้รับผิดชอบโครงการที่สิ้นสุดแล้วปั้นดินให้เป็นดาว " * 6 + "x" * 300
    lines = wrap(text, 60.0, 80.0, lambda s: len(s) * 1.0)
    assert all(len(line) <= 80 for line in lines)
    assert len(lines[0]) <= 60
    assert all(unicodedata.category(line[0]) != "Mn" for line in lines if line)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("", 10, 10, len) == [""]


def test_folders_are_read_recursively_without_hidden_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "y.md").write_text("y", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("h", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in expand([tmp_path])] == [
        "a/b/x.txt",
        "a/y.md",
    ]


def test_exported_text_is_the_attachment(seed_pdf):
    records: list[ProjectForm | IndicatorForm] = []
    for path in SEED_FILES:
        parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
        records += [*parsed.projects, *parsed.indicators]
    assert pdf_text(seed_pdf, "seed.pdf") == records_text(records)
