"""Read printouts from disk: UTF-8 text or Markdown files, folders, and PDF files."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

# tidtam's PDFs carry their official-form text as this attachment: pypdf's text of shaped
# Thai is lossy (SARA AM, stacked marks) and wrapped lines cannot be told from line breaks,
# so the attachment is what makes an exported PDF import back to the same records.
ATTACHMENT = "tidtam-form.txt"

_PDF_MAGIC = b"%PDF-"


class ExtractError(Exception):
    """A file that cannot be read as a printout; names the file (and line when known)."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line
        self.message = message


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files in the order given; folders are walked recursively, sorted, hidden entries skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in sorted(path.rglob("*")) if p.is_file())
            files.extend(p for p in found if not _hidden(p.relative_to(path)))
        else:
            files.append(path)
    return files


def _hidden(relative: Path) -> bool:
    """True for a dot file or anything inside a dot folder."""
    return any(part.startswith(".") for part in relative.parts)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is allowed); binary or other encodings raise ExtractError."""
    if b"\x00" in data:
        raise ExtractError(source, "binary file, not a UTF-8 text printout or a PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = "not valid UTF-8 text (binary, or another encoding: save it as UTF-8)"
        raise ExtractError(source, message, line) from None


def pdf_text(data: bytes, source: str) -> str:
    """A PDF's form text: tidtam's embedded attachment if present, else the pages' text."""
    try:
        reader = PdfReader(io.BytesIO(data))
        embedded = reader.attachments.get(ATTACHMENT)
        if embedded:
            return decode_text(embedded[-1], f"{source} ({ATTACHMENT})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ExtractError(source, f"unreadable PDF ({type(exc).__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ExtractError(source, "PDF without a text layer (scanned?): nothing to read")
    return text


def read_document(path: Path) -> str:
    """The printout text of one file; raises ExtractError with the file name."""
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(source, "no such file or folder") from None
    except OSError as exc:
        raise ExtractError(source, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if data.startswith(_PDF_MAGIC):
        return pdf_text(data, source)
    return decode_text(data, source)


def read_documents(paths: Iterable[Path]) -> Iterator[tuple[str, str] | ExtractError]:
    """(source, text) for each file under paths, or the ExtractError of a file that failed."""
    for path in expand(paths):
        try:
            yield str(path), read_document(path)
        except ExtractError as error:
            yield error
