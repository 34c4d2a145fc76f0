"""All output: Rich tables for people, JSON for scripts, messages on stderr.

User text is wrapped in rich.text.Text (never parsed as markup) after control characters are
made visible, so a note holding '[bold]' or an escape sequence prints exactly as typed and
never drives the terminal.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_console = None

def visible(text: Any) -> str:
    """Control characters shown as \\xNN (bidi overrides as \\uNNNN) instead of being sent to
    the terminal."""
    if text is None:
        return ""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def plain(text: Any):
    from rich.text import Text

    return Text(visible(text))


def console():
    """One Rich console per terminal setting: Rich reads COLUMNS and NO_COLOR when it is made,
    and a process that runs several commands (tests, the demo builder) may change them."""
    global _console
    from rapport import settings

    colour = settings.get("colour")
    setting = (os.environ.get("COLUMNS"), os.environ.get("NO_COLOR"), colour, sys.stdout)
    if _console is None or _console[0] != setting:
        from rich.console import Console

        # NO_COLOR (https://no-color.org) or colour = never: no styles at all, bold and
        # italics included (Rich's own no_color keeps them); colour = always: even in a pipe.
        plain = colour == "never" or (colour == "auto" and bool(os.environ.get("NO_COLOR")))
        options: dict = {"color_system": None} if plain else {}
        if colour == "always":
            options["force_terminal"] = True
        _console = (setting, Console(highlight=False, soft_wrap=False, **options))
    return _console[1]


def message(text: str) -> None:
    """A note for the person at the terminal, on stderr so stdout stays clean for scripts."""
    print(visible(text), file=sys.stderr)


def error(text: str) -> None:
    print(f"rapport: error: {visible(text)}", file=sys.stderr)


def emit_json(data: Any) -> None:
    # print, not Console.print: Rich wraps long lines when piped, which breaks JSON.
    # Indented for a person at a terminal; compact for scripts, because `indent` forces
    # Python's pure-Python encoder (measured: 3.9 s against 0.1 s for 5,000 scored contacts).
    indent = 2 if sys.stdout.isatty() else None
    print(json.dumps(data, ensure_ascii=False, indent=indent))


def line(text: str) -> None:
    print(visible(text))


def result(data: Any, text: str, as_json: bool) -> None:
    """What a command did: JSON for scripts, or one line for people."""
    if as_json:
        emit_json(data)
    else:
        line(text)


WRAPPING = {"contact", "name", "org", "what", "summary"}  # the rest stay on one line


def new_table(title: str | None, *columns: str):
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column, no_wrap=column not in WRAPPING)
    return table


def capped(rows: list, limit: int | None, show_all: bool) -> tuple[list, int]:
    if show_all or limit is None or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit



def fig(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def trend_arrow(value: float | None) -> str:
    if value is None or abs(value) < 0.5:
        return ""
    return f"{'▲' if value > 0 else '▼'}{abs(value):.0f}"
