"""The terminal the command line prints to, measured when it prints (not when imported)."""

from __future__ import annotations

from typing import Any

from rich.console import Console


def out() -> Console:
    """A console for standard output, sized by the terminal (or COLUMNS) of this moment."""
    return Console()


def show(*objects: Any, **options: Any) -> None:
    """Print rich objects to standard output."""
    out().print(*objects, **options)
