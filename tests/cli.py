"""Run the tidtam CLI in-process with a fixed, colourless console, whatever the terminal is."""

from __future__ import annotations

from collections.abc import Mapping

from typer.testing import CliRunner, Result

from cli.main import app

# Rich reads these when it measures and colours its console. Fix them so that a test sees the
# same text from a narrow terminal, a wide one, CI with FORCE_COLOR, or a deep temporary path
# (a line is only wrapped at 1000 columns, longer than any path a test prints).
CONSOLE_ENV: dict[str, str | None] = {
    "COLUMNS": "1000",
    "LINES": "50",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "TERMINAL_WIDTH": None,
}


def run_cli(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Invoke `tidtam ARGS` in this process with the fixed console environment."""
    return CliRunner().invoke(app, list(args), env={**CONSOLE_ENV, **(env or {})},
                              catch_exceptions=False)


def flat(output: str) -> str:
    """Output with every run of whitespace made one space, so line wrapping does not matter."""
    return " ".join(output.split())
