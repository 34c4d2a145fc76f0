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

# Characters that drive the terminal or hide in it: C0/C1 controls, and every format (Cf),
# line-separator (Zl) and paragraph-separator (Zp) character of Unicode 15: zero-width
# spaces, direction marks and overrides, the byte-order mark, tag characters.
_INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# The joiners (U+200C, U+200D) shape emoji and scripts such as Persian between two such
# characters; next to ASCII, or at either end, they only hide, so there they are shown.
_JOINER = "(?<![^\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f])"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]|{_JOINER}")
# In data sent to a terminal (export): tabs and line ends are the data's own layout
_TERMINAL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]|{_JOINER}")
_console = None

def visible(text: Any) -> str:
    """Control characters shown as \\xNN (bidi overrides as \\uNNNN) instead of being sent to
    the terminal."""
    if text is None:
        return ""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def plain(text: Any, style: str | None = None):
    from rich.text import Text

    return Text(visible(text), style=style or "")


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


def data(chunks: list[str]) -> None:
    """A file's text (an export) on stdout, as stored; at a terminal, control and invisible
    characters are made visible, so stored escape sequences never drive the terminal."""
    sys.stdout.flush()
    tty = sys.stdout.isatty()
    out = getattr(sys.stdout, "buffer", None)
    for chunk in chunks:
        text = _TERMINAL.sub(_escape, chunk) if tty else chunk
        if out is not None:
            out.write(text.encode("utf-8", "surrogateescape"))
        else:
            sys.stdout.write(text)
    sys.stdout.flush()


def line(text: str) -> None:
    print(visible(text))


def result(data: Any, text: str, as_json: bool) -> None:
    """What a command did: JSON for scripts, or one line for people."""
    if as_json:
        emit_json(data)
    else:
        line(text)


# These wrap (the rest stay on one line): what a person reads, and `when`, whose words
# ("13 days past the rhythm") would otherwise be cut short on a narrow terminal.
WRAPPING = {"contact", "name", "org", "what", "summary", "when"}
# What a person reads keeps at least this many columns: Rich would otherwise squeeze a
# wrapping column to nothing before it shortens one that does not wrap.
MIN_WIDTH = {"contact": 12, "name": 12, "what": 16, "summary": 16, "org": 6, "when": 12}
GAP = 3  # between two columns: a space, the rule, a space
# A column worth keeping even if it has to wrap to fit: counted at this width, not its own.
SHRINKS_TO = {"org": 12}


def new_table(title: str | None, *columns: str):
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        wraps = column in WRAPPING
        table.add_column(column, no_wrap=not wraps, min_width=MIN_WIDTH.get(column))
    return table


def fitted_table(title: str | None, rows: list[dict[str, Any]], optional: tuple[str, ...] = ()):
    """A table of rows (column name -> cell) that fits the terminal: the `optional` columns
    go, first named first, until the rest fit at their natural width; then the columns a
    person reads wrap. Every other column stays on one line."""
    columns = list(rows[0]) if rows else []
    width = console().width
    for dropped in (c for c in optional if c in columns):
        if natural_width(columns, rows) <= width:
            break
        columns.remove(dropped)
    table = new_table(title, *columns)
    for row in rows:
        table.add_row(*(row[c] for c in columns))
    return table


def natural_width(columns: list[str], rows: list[dict[str, Any]]) -> int:
    """The width the columns want: their longest cell, a reading column capped at 30."""
    total = GAP * (len(columns) - 1)
    for column in columns:
        longest = max([len(column), *(_cell_len(row[column]) for row in rows)])
        wanted = min(longest, 30) if column in WRAPPING else longest
        wanted = min(wanted, SHRINKS_TO.get(column, wanted))
        total += max(wanted, MIN_WIDTH.get(column, 0))
    return total


def _cell_len(cell: Any) -> int:
    return len(cell.plain if hasattr(cell, "plain") else str(cell or ""))


def wrapped(text: str) -> None:
    """A sentence for a person (an empty view's hint), wrapped to the terminal."""
    hanging("", text)


def hanging(prefix: str, text: str, indent: int | None = None) -> None:
    """`prefix` then `text`, wrapped to the terminal with every further line under the text
    (notes, explanations), not back at column 0."""
    import textwrap

    pad = " " * (len(prefix) if indent is None else indent)
    width = max(console().width, len(pad) + 20)
    lines = textwrap.wrap(
        visible(text), width, initial_indent=prefix, subsequent_indent=pad
    ) or [prefix.rstrip()]
    for text_line in lines:
        console().print(plain(text_line), soft_wrap=True)


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
