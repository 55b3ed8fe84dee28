"""Read "label : value" lines, including values printed on the next line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forms.clean import Line
from forms.errors import ParseWarning
from forms.lexicon import split_fields

_SEPARATOR = re.compile(r"^\s*::?[ \t]?")


def strip_separator(text: str) -> str:
    """Drop one leading ":" or "::" separator (and one blank) from a value line."""
    return _SEPARATOR.sub("", text, count=1).strip()


@dataclass
class LabelReader:
    """Collects label values of one form region; remembers the line of each value."""

    table: dict[str, tuple[str, ...]]
    warnings: list[ParseWarning]
    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    last: str | None = None

    def _set(self, name: str, value: str, line: int) -> None:
        """Store a value, warning when a label repeats with a different value."""
        old = self.values.get(name)
        if old is not None and old[0] and old[0] != value:
            self.warnings.append(
                ParseWarning(line, f"{name} printed twice; keeping the later {value!r}")
            )
        self.values[name] = (value, line)
        self.last = name

    def feed(self, line: Line) -> bool:
        """Read one line; return False if it is neither a label nor a label's value."""
        read = frozenset(name for name, (value, _) in self.values.items() if value)
        fields = split_fields(line.text, self.table, read)
        if fields is not None:
            for name, value in fields:
                self._set(name, value, line.no)
            return True
        if self.last is None:
            return False
        value, _ = self.values[self.last]
        text = line.text.strip()
        if not value:
            if not text.startswith(":"):
                self.warnings.append(
                    ParseWarning(line.no, f"{self.last}: value printed without a colon")
                )
            self._set(self.last, strip_separator(text), line.no)
            return True
        self.warnings.append(ParseWarning(line.no, f"{self.last}: wrapped line joined"))
        self.values[self.last] = (f"{value} {text}", line.no)
        return True

    def get(self, name: str) -> str | None:
        """The value of a label, or None when absent or empty."""
        found = self.values.get(name)
        return found[0] if found and found[0] else None

    def line_of(self, name: str, default: int) -> int:
        """The line a label's value was read from."""
        found = self.values.get(name)
        return found[1] if found else default
