"""render_pdf: the official forms as an A4 PDF (Sarabun, Thai shaping, "หน้า N/M")."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import fontpkg_sarabun
from fpdf import FPDF
from pythainlp.tokenize import word_tokenize

from forms.extract import ATTACHMENT
from forms.layout import (
    CERTIFICATION,
    PROJECT_TITLE,
    SIGNATURE,
    ReportBlock,
    Section,
    Style,
)
from forms.layout_forms import indicator_sections, project_sections
from forms.photo_pages import PrintedPhoto, draw_photo_pages
from forms.records import IndicatorForm, ProjectForm

FONT_DIR = fontpkg_sarabun.ROOT / "files"
FAMILY = "Sarabun"
BODY, TITLE, SMALL = 12.0, 15.0, 9.0  # points
LINE, TITLE_LINE, SMALL_LINE = 6.2, 8.5, 5.0  # millimetres
PAGE_W, PAGE_H, MARGIN, TOP, BOTTOM = 210.0, 297.0, 18.0, 20.0, 279.0 - 2.0
WIDTH = PAGE_W - 2 * MARGIN
INDENT, LABEL_W, COLUMN = 5.0, 52.0, 78.0
EMOJI = "[อีโมจิ]"  # printed for a character the font has no glyph for (emoji)
_INVISIBLE = frozenset({0x200D, 0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400)})  # ZWJ, VS, skin tones
PHOTOS_TITLE = "รูปประกอบรายงาน (หลักฐาน)"
EntryHook = Callable[[str, int, int], None]
Measure = Callable[[str], float]


@dataclass(frozen=True)
class Run:
    """A piece of text on a line, at x mm from the left margin."""

    text: str
    x: float = 0.0
    bold: bool = False
    align: str = "L"


@dataclass(frozen=True)
class PrintLine:
    """One printed line: its runs, size and height; `rule` draws a thin line above it."""

    runs: tuple[Run, ...]
    size: float = BODY
    height: float = LINE
    rule: bool = False


@dataclass
class Block:
    """Lines kept together when `keep` (and they fit a page), or kept with the next block."""

    lines: list[PrintLine]
    keep: bool = False
    with_next: bool = False
    tag: str | None = None
    space: float = 0.0

    @property
    def height(self) -> float:
        """Total height of the lines."""
        return sum(line.height for line in self.lines)


@dataclass
class Page:
    """The placed lines (with their y) of one page, and its number inside its document."""

    header: str
    lines: list[tuple[PrintLine, float]] = field(default_factory=list)
    number: int = 0
    total: int = 0


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Words and spaces of a line (Thai has no spaces between words)."""
    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


def _clusters(token: str) -> list[str]:
    """Split a token between characters, never before a combining Thai mark."""
    parts: list[str] = []
    for char in token:
        if parts and (unicodedata.category(char) in ("Mn", "Mc") or char == "\u0e33"):
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def wrap(text: str, first: float, rest: float, measure: Measure) -> list[str]:
    """Break one paragraph into lines at word boundaries: `first` mm wide, then `rest`."""
    lines: list[str] = []
    current, width, limit = "", 0.0, first
    for token in _tokens(text):
        size = measure(token)
        if width + size <= limit or not token.strip():
            current, width = current + token, width + size
            continue
        if current.strip():
            lines.append(current.rstrip())
            limit = rest
        current, width = "", 0.0
        for part in _clusters(token):
            part_size = measure(part)
            if width + part_size > limit and current:
                lines.append(current)
                current, width, limit = "", 0.0, rest
            current, width = current + part, width + part_size
    lines.append(current.rstrip())
    return [line.lstrip() for line in lines] or [""]


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """The code points Sarabun (regular and bold) can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    found: set[int] = set()
    for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
        with TTFont(FONT_DIR / name) as font:
            found |= set(font.getBestCmap())
    return frozenset(found)


def printable(text: str) -> str:
    """text with each run of characters the font lacks (emoji) replaced by a visible mark."""
    glyphs, out, missing = _glyphs(), [], False
    for ch in text:
        code = ord(ch)
        if code in glyphs or ch in "\n\t ":
            out.append(ch)
            missing = False
        elif code in _INVISIBLE or (unicodedata.category(ch) in ("Mn", "Cf") and missing):
            continue  # joins or modifies the emoji already replaced
        elif not missing:
            out.append(EMOJI)
            missing = True
    return "".join(out)


class _Layout:
    """Turns form sections into blocks of lines measured with the PDF's fonts."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.widths: dict[tuple[str, bool], float] = {}

    def measure(self, bold: bool) -> Measure:
        """A cached string-width function for the body size."""

        def width(text: str) -> float:
            key = (text, bold)
            if key not in self.widths:
                self.pdf.set_font(FAMILY, "B" if bold else "", BODY)
                self.widths[key] = self.pdf.get_string_width(text)
            return self.widths[key]

        return width

    def para(
        self, text: str, x: float, bold: bool = False, lead: Run | None = None
    ) -> list[PrintLine]:
        """Wrapped lines of a multi-line text at x; `lead` is printed before its first line."""
        lines: list[PrintLine] = []
        for number, paragraph in enumerate(printable(text).split("\n")):
            start = x
            if number == 0 and lead is not None:
                start = max(x, lead.x + self.measure(lead.bold)(lead.text) + 1.5)
            wrapped = wrap(paragraph, WIDTH - start, WIDTH - x, self.measure(bold))
            for index, piece in enumerate(wrapped):
                runs: tuple[Run, ...] = (Run(piece, start if index == 0 else x, bold),)
                if number == 0 and index == 0 and lead is not None:
                    runs = (lead, *runs)
                lines.append(PrintLine(runs))
        return lines

    def section(self, section: Section, key: str) -> list[Block]:
        """Blocks of one section: heading (kept with what follows), rows, report entries."""
        if section.value:
            heading = self.para(section.value, INDENT, lead=Run(f"{section.title} :", 0, True))
        else:
            heading = self.para(section.title, 0, bold=True)
        blocks = [Block(heading, with_next=bool(section.rows or section.reports), space=1.5)]
        for row in section.rows:
            if row.style is Style.FIELD:
                lead = Run(f"{row.label} :", INDENT)
                blocks.append(Block(self.para(row.value, LABEL_W, lead=lead)))
            elif row.style is Style.MEASURE:
                blocks.append(Block(self.para(f"{row.label} = {row.value}", INDENT)))
            elif row.style is Style.ITEM:
                blocks.append(Block(self.para(row.value, INDENT + 5, lead=Run("–", INDENT))))
            elif row.value:
                blocks.append(Block(self.para(row.value, INDENT)))
        blocks.extend(self.entry(report, key) for report in section.reports)
        return blocks

    def entry(self, report: ReportBlock, key: str) -> Block:
        """One progress entry, kept on one page when it fits."""
        count = f" (ครั้งที่ {report.budget_count})" if report.budget_count is not None else ""
        lines = [
            PrintLine(
                (Run(report.heading, INDENT, True), Run(f"วันที่ {report.date}", INDENT + 32)),
                rule=True,
            ),
            *self.para(report.detail, INDENT + 8),
            PrintLine(
                (
                    Run(f"ความก้าวหน้าของงานฯ = {report.progress}", INDENT + 8),
                    Run(f"งบประมาณที่เบิกใช้{count} = {report.disbursed} บาท", COLUMN),
                )
            ),
            PrintLine((Run(report.on_plan, INDENT + 8), Run(report.on_target, COLUMN))),
        ]
        for label, value in report.lines:  # the declared fields on their own lines
            if value:
                lines += self.para(value, INDENT + 8, lead=Run(f"{label} :", INDENT + 8))
        return Block(lines, keep=True, tag=f"{key}#{report.number}", space=1.5)

    def document(self, record: ProjectForm | IndicatorForm) -> tuple[str, list[Block]]:
        """The page header text and the blocks of one form."""
        if isinstance(record, ProjectForm):
            title, key, sections = PROJECT_TITLE, record.code, project_sections(record)
            subtitle = f"รหัสโครงการ {record.code}   ปีงบประมาณ พ.ศ. {record.fiscal_year}"
            header = f"{title}  {key}"
        else:
            title, key, sections = (
                f"ตัวชี้วัด {record.number}.",
                record.number,
                indicator_sections(record),
            )
            subtitle = ""
            header = title
        head = [PrintLine((Run(title, 0, True, "C"),), TITLE, TITLE_LINE)]
        if subtitle:
            head.append(PrintLine((Run(subtitle, 0, False, "C"),)))
        blocks = [Block(head, keep=True)]
        for section in sections:
            blocks.extend(self.section(section, key))
        certify = self.para(CERTIFICATION, 0) if isinstance(record, ProjectForm) else []
        signature = [
            SIGNATURE[0].replace(".....", "." * 45),
            SIGNATURE[1].replace(".....", "." * 45),
        ]
        sign = [PrintLine((Run(line, WIDTH / 2 - 10),), height=LINE + 3) for line in signature]
        blocks.append(Block([*certify, *sign], keep=True, space=6.0))
        return header, blocks


def paginate(
    documents: Sequence[tuple[str, list[Block]]],
) -> tuple[list[Page], dict[str, tuple[int, int]]]:
    """Place blocks on pages; each document starts a page; returns pages and entry page spans."""
    pages: list[Page] = []
    spans: dict[str, tuple[int, int]] = {}
    for header, blocks in documents:
        first = len(pages)
        pages.append(Page(header))
        y = TOP
        for index, block in enumerate(blocks):
            fits = block.keep and block.height <= BOTTOM - TOP
            need = block.height if fits else block.lines[0].height
            if block.with_next and index + 1 < len(blocks):
                after = blocks[index + 1]
                need = block.height + (after.height if after.keep else after.lines[0].height)
            if y > TOP and y + block.space + need > BOTTOM:
                pages.append(Page(header))
                y = TOP
            y += block.space if y > TOP else 0.0
            for line in block.lines:
                if y + line.height > BOTTOM:
                    pages.append(Page(header))
                    y = TOP
                pages[-1].lines.append((line, y))
                y += line.height
                if block.tag is not None:
                    start = spans.get(block.tag, (len(pages), 0))[0]
                    spans[block.tag] = (start, len(pages))
        for number, page in enumerate(pages[first:], start=1):
            page.number, page.total = number, len(pages) - first
    return pages, spans


def _new_pdf() -> FPDF:
    """An A4 FPDF with Sarabun (regular, bold) and HarfBuzz text shaping."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONT_DIR / "Sarabun-Regular.ttf")
    pdf.add_font(FAMILY, "B", FONT_DIR / "Sarabun-Bold.ttf")
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.c_margin = 0
    pdf.set_creator("tidtam")
    pdf.set_lang("th")
    return pdf


def _draw(pdf: FPDF, page: Page) -> None:
    """Draw one page: its lines, a running header after the first page, and "หน้า N/M"."""
    pdf.add_page()
    decorations = [(f"หน้า {page.number}/{page.total}", BOTTOM + 5, "R")]
    if page.number > 1:
        decorations.append((page.header, TOP - 8, "R"))
    pdf.set_font(FAMILY, "", SMALL)
    pdf.set_text_color(90)
    for text, y, align in decorations:
        pdf.set_xy(MARGIN, y)
        pdf.cell(WIDTH, SMALL_LINE, text, align=align)
    pdf.set_text_color(0)
    pdf.set_draw_color(170)
    for line, y in page.lines:
        if line.rule:
            pdf.line(MARGIN, y + 0.3, MARGIN + WIDTH, y + 0.3)
        for run in line.runs:
            pdf.set_font(FAMILY, "B" if run.bold else "", line.size)
            pdf.set_xy(MARGIN + run.x, y)
            pdf.cell(WIDTH - run.x, line.height, run.text, align=run.align)


def render_pdf(
    records: Sequence[ProjectForm | IndicatorForm],
    embedded_text: str | None = None,
    on_entry: EntryHook | None = None,
    photos: Sequence[PrintedPhoto] = (),
) -> bytes:
    """The forms as one PDF; `embedded_text` is attached as tidtam-form.txt for re-import;
    photos (evidence) follow the form on pages of their own."""
    pdf = _new_pdf()
    layout = _Layout(pdf)
    pages, spans = paginate([layout.document(record) for record in records])
    pdf.set_title(pages[0].header if pages else PROJECT_TITLE)
    for page in pages:
        _draw(pdf, page)
    if photos:
        draw_photo_pages(pdf, FAMILY, PHOTOS_TITLE, photos)
    if on_entry is not None:
        for tag, (first, last) in spans.items():
            on_entry(tag, first, last)
    if embedded_text is not None:
        pdf.embed_file(
            bytes=embedded_text.encode("utf-8"),
            basename=ATTACHMENT,
            desc="The official form text (machine-readable, for tidtam import)",
            mime_type="text/plain",
        )
    return bytes(pdf.output())
