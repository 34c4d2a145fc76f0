"""The morning view (`due`) on screen: one table per section, in agenda.SECTIONS order."""

from __future__ import annotations

from typing import Any

from rapport import dates
from rapport.render import capped, console, line, new_table, plain

SECTION_TITLES = {
    "overdue": "Overdue: promises I owe",
    "today": "Due today",
    "upcoming": "Coming up",
    "followup": "Follow-ups",
    "date": "Dates to remember",
    "checkin": "Reconnect",
    "owed": "Late: what clients owe me",
}



# How many rows a section of the morning view shows before "... N more": what I owe and is
# late is never cut short; the rest is a list to scan, not to read to the end.
SECTION_ROWS = {"overdue": None, "today": None, "upcoming": 15, "followup": 15, "date": 15,
                "checkin": 15, "owed": 15}



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
            shown, more = capped(rows, SECTION_ROWS.get(section), show_all)
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
