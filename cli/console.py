"""The terminal the command line prints to, measured when it prints (not when imported)."""

from __future__ import annotations

from typing import Any

from rich import table
from rich.console import Console
from rich.text import Text


def out() -> Console:
    """A console for standard output, sized by the terminal (or COLUMNS) of this moment."""
    return Console()


def show(*objects: Any, **options: Any) -> None:
    """Print rich objects to standard output."""
    out().print(*objects, **options)


class Table(table.Table):
    """A rich table whose text cells are printed as they are, never read as markup.

    Cells come from the database and from LINE (display names, project names), which anyone
    can type: "[bold red]ADMIN[/] [/]" must print as those characters, not fail or restyle.
    A cell meant to be styled is passed as a rich Text (styled(...)).
    """

    def add_row(self, *renderables: Any, **options: Any) -> None:
        """Add a row; str cells become plain Text."""
        super().add_row(*(Text(r) if isinstance(r, str) else r for r in renderables), **options)


def styled(value: str, style: str) -> Text:
    """A cell in a style (the text itself is never read as markup)."""
    return Text(value, style=style)
