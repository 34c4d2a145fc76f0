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
from datetime import date, datetime
from typing import Any

from rapport import dates

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_console = None

SECTION_TITLES = {
    "overdue": "Overdue: promises I owe",
    "today": "Due today",
    "upcoming": "Coming up",
    "followup": "Follow-ups",
    "date": "Dates to remember",
    "checkin": "Reconnect",
    "owed": "Late: what clients owe me",
}


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
    setting = (os.environ.get("COLUMNS"), os.environ.get("NO_COLOR"), sys.stdout)
    if _console is None or _console[0] != setting:
        from rich.console import Console

        _console = (setting, Console(highlight=False, soft_wrap=False))
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


# How many rows a section of the morning view shows before "... N more": what I owe and is
# late is never cut short; the rest is a list to scan, not to read to the end.
SECTION_ROWS = {"overdue": None, "today": None, "upcoming": 15, "followup": 15, "date": 15,
                "checkin": 15, "owed": 15}
TIMELINE_ROWS = 12


def _capped(rows: list, limit: int | None, show_all: bool) -> tuple[list, int]:
    if show_all or limit is None or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit


def due(items: list[dict[str, Any]], days: int, empty_journal: bool, show_all: bool) -> None:
    if empty_journal:
        line(
            "Your journal is empty. Start with: rapport add NAME  (or rapport log NAME TEXT --new)"
        )
        return
    if not items:
        line(f"Nothing due: no overdue promises, follow-ups or check-ins in the next {days} days.")
        return
    for section in SECTION_TITLES:
        rows = [item for item in items if item["section"] == section]
        if rows:
            shown, more = _capped(rows, SECTION_ROWS.get(section), show_all)
            _due_section(section, shown, more)


def _due_section(section: str, rows: list[dict[str, Any]], more: int) -> None:
    noted = any(
        item.get("trust_note") for item in rows
    )  # trust column only where it says something
    columns = ["id", "contact", "what", "due", "when"] + (["trust"] if noted else [])
    table = new_table(SECTION_TITLES[section], *columns)
    for item in rows:
        when = _checkin_when(item) if section == "checkin" else dates.late_phrase(item["days_late"])
        if section == "date":  # no id: `done ID` acts on promises, not on these
            when = _in_days(-item["days_late"])
        cells = [
            str(item["id"] or "") if section != "date" else "",
            plain(item["contact"]),
            plain(item["text"]),
            item["due"],
            when,
        ]
        if noted:
            cells.append(item.get("trust_note") or "")
        late = item["days_late"] > 0 and section != "upcoming"
        table.add_row(*cells, style="red" if late else None)
    console().print(table)
    if more:
        line(f"… and {more} more (--full lists every one)")
    console().print()


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _checkin_when(item: dict[str, Any]) -> str:
    if item.get("late"):
        return "late: past the outer limit"
    return "due now" if item["days_late"] == 0 else f"{item['days_late']} days past the rhythm"


def contacts(rows: list[dict[str, Any]], today: date) -> None:
    if not rows:
        line("No contacts yet. Add one with: rapport add NAME")
        return
    table = new_table(None, "name", "org", "trust", "last interaction", "open", "next due")
    for row in rows:
        table.add_row(
            plain(row["name"] + (" (archived)" if row["archived"] else "")),
            plain(row["org"]),
            _fig(row.get("trust")),
            _last(row["last_at"], today),
            _open_counts(row),
            _next_due(row["next_due"], today),
        )
    console().print(table)


def _last(last_at: str | None, today: date) -> str:
    if not last_at:
        return "never"
    day = datetime.fromisoformat(last_at).date()
    return f"{day.isoformat()} ({dates.relative(day, today)})"


def _next_due(due: str | None, today: date) -> str:
    if not due:
        return ""
    day = date.fromisoformat(due)
    when = f"{(today - day).days} days late" if day < today else dates.relative(day, today)
    return f"{due} ({when})"


def _open_counts(row: dict[str, Any]) -> str:
    mine, theirs = row["open_mine"], row["open_theirs"]
    return f"{mine} mine" + (f", {theirs} theirs" if theirs else "")


PROFILE_FIELDS = (
    ("org", "org"),
    ("email", "email"),
    ("phone", "phone"),
    ("channel", "prefers"),
    ("style", "style"),
    ("attitude", "attitude"),
    ("owner", "owner"),
    ("notes", "notes"),
)


def contact(view: dict[str, Any], today: date, show_all: bool = False) -> None:
    person = view["contact"]
    out = console()
    title = plain(person["name"])
    title.stylize("bold")
    out.print(title, plain(" (archived)") if person["archived"] else "")
    for key, label in PROFILE_FIELDS:
        if person.get(key):
            out.print(plain(f"  {label}: {person[key]}"))
    if person.get("every_days"):
        out.print(plain(f"  stay in touch: every {person['every_days']} days"))
    if person["tags"]:
        out.print(plain("  tags: " + ", ".join(person["tags"])))
    from rapport.render.people import profile_lines

    profile_lines(view, today)
    if view.get("score"):
        _trust_lines(view["score"])
    out.print()
    _promise_table(_recent_promises(view["promises"], show_all), today)
    shown, more = _capped(view["interactions"], TIMELINE_ROWS, show_all)
    _interaction_table(shown)
    if more:
        line(f"… and {more} earlier interactions (--full lists every one)")
    _handover_lines(view.get("handovers") or [])


def _recent_promises(promises: list[dict[str, Any]], show_all: bool) -> list[dict[str, Any]]:
    """Every open one, then the most recently due of the rest (the list is newest first)."""
    if show_all:
        return promises
    closed = [p for p in promises if p["status"] != "open"]
    keep = {id(p) for p in closed[:TIMELINE_ROWS]}
    return [p for p in promises if p["status"] == "open" or id(p) in keep]


def _handover_lines(handovers: list[dict[str, Any]]) -> None:
    """Who looked after the contact when: a handover is part of the relationship's story."""
    if not handovers:
        return
    console().print()
    line("Handovers:")
    for h in handovers:
        how = ", ".join(
            word for key, word in (("introduced", "introduced"), ("three_way", "three-way"))
            if h[key]
        )
        text = f"  {h['at'][:16].replace('T', ' ')}  {h['from_owner'] or 'nobody'} -> "
        console().print(plain(text + h["to_owner"] + (f" ({how})" if how else "")))


def _trust_lines(score: dict[str, Any]) -> None:
    figures = ", ".join(
        f"{label} {_fig(score[key])}"
        for key, label in (
            ("reliability", "my reliability"),
            ("their_reliability", "theirs"),
            ("care", "care"),
            ("accountability", "accountability"),
            ("communication", "communication"),
        )
    )
    line(f"  trust: {_fig(score['trust'])} {_trend(score['trend'])}".rstrip() + f" ({figures})")
    if score["top_reason"]:
        line(f"  moves it most: {score['top_reason']['text']}")
    elif score["trust"] is None and "trust" in score["missing"]:
        line(f"  no trust figure yet: {score['missing']['trust']}")


def _promise_table(promises: list[dict[str, Any]], today: date) -> None:
    if not promises:
        return
    table = new_table("Promises and follow-ups", "id", "who", "what", "due", "status")
    for p in promises:
        who = (
            "follow-up"
            if p["kind"] == "followup"
            else ("I owe" if p["direction"] == "mine" else "they owe")
        )
        table.add_row(str(p["id"]), who, plain(p["text"]), p["due"], _status(p, today))
    console().print(table)
    console().print()


def _status(p: dict[str, Any], today: date) -> str:
    moved = f", moved {len(p['moves'])}x" if p["moves"] else ""
    if p["status"] == "open":
        days_late = (today - date.fromisoformat(p["due"])).days
        return dates.late_phrase(days_late) + moved
    if p["status"] == "done":
        late = (date.fromisoformat(p["done_on"]) - date.fromisoformat(p["due"])).days
        when = f"{late} days late" if late > 0 else "on time"
        return f"done {p['done_on']} ({when}){moved}"
    return f"{p['status']} {p['closed_on']}{moved}"


def _interaction_table(interactions: list[dict[str, Any]]) -> None:
    if not interactions:
        line("No interactions logged yet.")
        return
    table = new_table("Interactions", "when", "channel", "summary")
    for i in interactions:
        table.add_row(i["at"][:16].replace("T", " "), plain(i["channel"]), plain(i["summary"]))
    console().print(table)


def _fig(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _trend(value: float | None) -> str:
    if value is None or abs(value) < 0.5:
        return ""
    return f"{'▲' if value > 0 else '▼'}{abs(value):.0f}"


SCORE_ROWS = 40  # worst first: a person acts on the top of the list, not on row 4,000
FIGURE_KEYS = ("trust", "reliability", "their_reliability", "care", "accountability",
               "communication")


def scores(rows: list[dict[str, Any]], explain: bool, show_all: bool) -> None:
    if not rows:
        line("No active contacts to score. Add one with: rapport add NAME")
        return
    # A ten-year journal has thousands of dormant contacts with nothing to score: one line.
    shown = rows if show_all else [
        r for r in rows if r["overdue"] or any(r[k] is not None for k in FIGURE_KEYS)
    ][:SCORE_ROWS]
    _score_table(shown, explain)
    if len(shown) < len(rows):
        line(f"{len(rows) - len(shown)} more contacts not shown: the best-trusted, or those "
             "with no figures yet (--all shows every one).")


# Columns of the score table, most important first; a narrow terminal drops from the end of
# OPTIONAL so the contact's name is never squeezed out.
OPTIONAL_SCORE_COLUMNS = ("last contact", "6 months", "theirs")


def _score_cells(r: dict[str, Any]) -> dict[str, Any]:
    from rapport.scoring import sparkline

    return {
        "contact": plain(r["contact"]),
        "trust": _fig(r["trust"]),
        "30d": _trend(r["trend"]),
        "6 months": sparkline(r.get("history") or []),
        "mine": _fig(r["reliability"]),
        "theirs": _fig(r["their_reliability"]),
        "care": _fig(r["care"]),
        "acct": _fig(r["accountability"]),
        "comm": _fig(r["communication"]),
        "overdue": str(r["overdue"] or ""),
        "last contact": (r["last_contact"] or "never")[:10],
    }


def _score_columns(rows: list[dict[str, Any]], width: int) -> list[str]:
    columns = list(_score_cells(rows[0]))
    longest = max(len(r["contact"]) for r in rows)
    for dropped in OPTIONAL_SCORE_COLUMNS:
        natural = min(longest, 24) + sum(max(len(c), 4) for c in columns[1:]) + 3 * len(columns)
        if natural <= width:
            break
        columns.remove(dropped)
    return columns


def _score_table(rows: list[dict[str, Any]], explain: bool) -> None:
    columns = _score_columns(rows, console().width)
    table = new_table(None, *columns)
    for r in rows:
        cells = _score_cells(r)
        table.add_row(*(cells[c] for c in columns))
    console().print(table)
    if explain:
        for r in rows:
            _explain(r)


def _explain(row: dict[str, Any]) -> None:
    out = console()
    out.print()
    out.print(plain(f"{row['contact']}: trust {_fig(row['trust'])}"))
    for figure, why in row["missing"].items():
        out.print(plain(f"  {figure}: no number: {why}"))
    for r in row["evidence"]:
        if abs(r["impact"]) >= 0.05:
            out.print(plain(f"  {r['figure']:<17} {r['impact']:+6.1f}  {r['text']}"))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def review(report: dict[str, Any]) -> None:
    line(
        f"From {report['from']} to {report['to']}: {_count(report['interactions'], 'interaction')}"
        f", {_count(len(report['kept']), 'promise')} kept on time, {len(report['late'])} late, "
        f"{len(report['broken'])} broken, {_count(len(report['incidents']), 'incident')}."
    )
    for label in ("late", "broken"):
        for p in report[label]:
            line(f"  {label}: {p['contact']}: '{p['text']}' (due {p['due']})")
    for i in report["incidents"]:
        line(f"  incident: {i['contact']}: {i['text']}")
    if report["trust_changes"]:
        line("Trust moved most for:")
    for c in report["trust_changes"]:
        line(f"  {c['contact']}: {_fig(c['before'])} -> {_fig(c['after'])} ({c['change']:+.0f})")
        for r in c["why"]:
            line(f"      {r['text']}")
