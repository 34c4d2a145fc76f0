"""The morning view (`due`) on screen: one table per section, in agenda.SECTIONS order."""

from __future__ import annotations

from typing import Any

from rapport import dates
from rapport.agenda import SECTIONS, Section
from rapport.render import capped, console, line, new_table, plain


def due(items: list[dict[str, Any]], days: int, empty_journal: bool, show_all: bool) -> None:
    if empty_journal:
        line(
            "Your journal is empty. Start with: rapport add NAME  (or rapport log NAME TEXT --new)"
        )
        return
    if not items:
        line(f"Nothing due: no overdue promises, follow-ups or check-ins in the next {days} days.")
        return
    for section in SECTIONS:
        rows = [item for item in items if item["section"] == section.name]
        if rows:
            shown, more = capped(rows, section.rows, show_all)
            _due_section(section, shown, more)


def _due_section(section: Section, rows: list[dict[str, Any]], more: int) -> None:
    name = section.name
    noted = any(
        item.get("trust_note") for item in rows
    )  # trust column only where it says something
    columns = ["id", "contact", "what", "due", "when"] + (["trust"] if noted else [])
    table = new_table(section.title, *columns)
    for item in rows:
        when = _checkin_when(item) if name == "checkin" else dates.late_phrase(item["days_late"])
        if name == "date":
            when = _in_days(-item["days_late"])
        cells = [
            str(item["id"] or ""),  # a promise's (done), a date's (forget), a contact's
            plain(item["contact"]),
            plain(item["text"]),
            item["due"],
            when,
        ]
        if noted:
            cells.append(item.get("trust_note") or "")
        late = item["days_late"] > 0 and name != "upcoming"
        table.add_row(*cells, style="red" if late else None)
    console().print(table)
    if more:
        line(f"… and {more} more (--full lists every one)")
    console().print()


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {dates.plural(days, 'day')}"


def _checkin_when(item: dict[str, Any]) -> str:
    if item.get("late"):
        return "late: past the outer limit"
    if item["days_late"] == 0:
        return "due now"
    return f"{dates.plural(item['days_late'], 'day')} past the rhythm"
