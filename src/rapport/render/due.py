"""The morning view (`due`) on screen: one table per section, in agenda.SECTIONS order."""

from __future__ import annotations

import os
import sys
from typing import Any

from rapport import dates
from rapport.agenda import ROWS, SECTIONS, Section
from rapport.render import capped, console, fitted_table, hanging, line, plain, wrapped


def due(items: list[dict[str, Any]], days: int, empty_journal: bool, show_all: bool) -> None:
    if empty_journal:
        line(
            "Your journal is empty. Start with: rapport add NAME  (or rapport log NAME TEXT --new)"
        )
        return
    if not items:
        wrapped(
            f"Nothing due: no overdue promises, follow-ups or check-ins in the next {days} days."
        )
        return
    for section in SECTIONS:
        rows = [item for item in items if item["section"] == section.name]
        if rows:
            shown, more = capped(rows, section.rows, show_all)
            _due_section(section, shown, more)


def check(items: list[dict[str, Any]], show_all: bool) -> None:
    """`due --check` (cron, scripts): my overdue promises as plain lines, no table. What a
    cron mail or grep reads, and no Rich to import: the check runs every hour."""
    shown, more = capped(items, ROWS["overdue"], show_all)
    line(f"Overdue: {dates.plural(len(items), 'promise')} I owe")
    # one line each for cron and grep; wrapped under itself at a terminal (or given COLUMNS)
    wrap = sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    for item in shown:
        late = dates.late_phrase(item["days_late"])
        text = f"#{item['id']} {item['contact']}: {item['text']} (due {item['due']}, {late})"
        if wrap:
            hanging("  ", text, indent=4)
        else:
            line(f"  {text}")
    if more:
        line(f"  … and {more} more: rapport due --check --full lists every one")


def _due_section(section: Section, rows: list[dict[str, Any]], more: int) -> None:
    name = section.name
    noted = any(
        item.get("trust_note") for item in rows
    )  # trust column only where it says something
    cells = []
    for item in rows:
        when = _checkin_when(item) if name == "checkin" else dates.late_phrase(item["days_late"])
        if name == "date":
            when = _in_days(-item["days_late"])
        late = item["days_late"] > 0 and name != "upcoming"
        style = "red" if late else None
        row = {
            "id": plain(str(item["id"] or ""), style),  # a promise's, a date's, a contact's
            "contact": plain(item["contact"], style),
            "what": plain(item["text"], style),
            "due": plain(item["due"], style),
            "when": plain(when, style),
        }
        if noted:
            row["trust"] = plain(item.get("trust_note") or "", style)
        cells.append(row)
    # The date goes first on a narrow terminal ("when" says it in words), then the trust note.
    console().print(fitted_table(section.title, cells, ("due", "trust")))
    if more:
        line(f"… and {more} more: rapport due --full lists every one")
    console().print()


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {dates.plural(days, 'day')}"


def _checkin_when(item: dict[str, Any]) -> str:
    if item.get("late"):
        return "past the outer limit"
    if item["days_late"] == 0:
        return "due now"
    return f"{dates.plural(item['days_late'], 'day')} past the rhythm"
