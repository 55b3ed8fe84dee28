"""Errors and warnings raised while reading an official form printout."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ParseError(Exception):
    """A fatal problem: the document is not imported at all."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message


class Severity(StrEnum):
    """How much a warning matters to the operator."""

    NOTE = "note"  # read with certainty; worth knowing (a page break, a second copy)
    FLAG = "flag"  # imported, but a value or its place was assumed: check it
    SKIP = "skip"  # not imported: unreadable or missing


@dataclass(frozen=True)
class ParseWarning:
    """Something odd that did not stop the import; the operator should look at it."""

    line: int
    message: str
    severity: Severity = Severity.NOTE

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def flag(line: int, message: str) -> ParseWarning:
    """A warning about a value imported on an assumption."""
    return ParseWarning(line, message, Severity.FLAG)


def skip(line: int, message: str) -> ParseWarning:
    """A warning about something that was not imported."""
    return ParseWarning(line, message, Severity.SKIP)


class LineError(Exception):
    """Internal: a fatal problem at a line, before the source name is known."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message

    def at(self, source: str) -> ParseError:
        """Turn into the public ParseError for the given source."""
        return ParseError(source, self.line, self.message)
