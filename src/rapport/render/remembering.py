"""Output for remembering people: dates to remember, tag cadences, suggestions."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapport import dates, remembering
from rapport.render import console, line, new_table, plain, wrapped


def _next_phrase(row: dict[str, Any], today: date) -> str:
    if row["next"] is None:
        return "passed"
    return f"next {row['next']}, {dates.relative(date.fromisoformat(row['next']), today)}"


def remembered_line(row: dict[str, Any], today: date) -> str:
    """ "'birthday' every year on 14 March (next 2027-03-14, in 3 months)"."""
    when = remembering.describe_date(row["on_date"], row["yearly"])
    return f"'{row['label']}' {when} ({_next_phrase(row, today)})"


def date_table(rows: list[dict[str, Any]], today: date) -> None:
    if not rows:
        line("No dates to remember.")  # two lines: each fits a 60-column terminal
        line("Add one with: rapport remember NAME LABEL --on MM-DD")
        return
    table = new_table(None, "id", "contact", "what", "when", "next")
    for row in rows:
        nxt = row["next"]
        label = remembering.date_label(row, date.fromisoformat(nxt)) if nxt else None
        table.add_row(
            str(row["id"]),
            plain(row["contact"]),
            plain(label or row["label"]),
            _short_when(row),
            _short_next(row, today),
        )
    console().print(table)


def _short_when(row: dict[str, Any]) -> str:
    """'30 Nov yearly, since 2009', '26 Nov yearly', 'once'."""
    if not row["yearly"]:
        return "once"
    month, day = remembering.month_day(row["on_date"])
    since = remembering.start_year(row["on_date"])
    return f"{day} {MONTHS[month - 1]} yearly" + (f", since {since}" if since else "")


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_next(row: dict[str, Any], today: date) -> str:
    if row["next"] is None:
        return "passed"
    return f"{row['next']} ({dates.relative(date.fromisoformat(row['next']), today)})"


def profile_lines(view: dict[str, Any], today: date) -> None:
    """For `show`: an inherited cadence, then the dates to remember."""
    cadence = view.get("cadence") or {}
    if cadence.get("every_tag"):
        every = dates.plural(cadence["every_days"], "day")
        line(f"  stay in touch: every {every} (tag {cadence['every_tag']})")
    if cadence.get("at_most_days"):
        source = f" (tag {cadence['at_most_tag']})" if cadence.get("at_most_tag") else ""
        line(f"  outer limit: {dates.plural(cadence['at_most_days'], 'day')}{source}")
    for row in view.get("remember") or []:
        console().print(plain(f"  remember: {remembered_line(row, today)}"))


def tag_line(row: dict[str, Any]) -> str:
    if row["every_days"] is None and row["at_most_days"] is None:
        cadence = "no cadence (set one with --every 30d)"
    else:
        parts = (
            [f"reconnect every {dates.plural(row['every_days'], 'day')}"]
            if row["every_days"]
            else []
        )
        if row["at_most_days"]:
            parts.append(f"late after {dates.plural(row['at_most_days'], 'day')}")
        cadence = ", ".join(parts)
    own = f"; {row['own_every']} with their own cadence" if row["own_every"] else ""
    count = f"{row['contacts']} contact" + ("" if row["contacts"] == 1 else "s")
    return f"Tag {row['tag']}: {cadence} ({count}{own})."


def suggestions(rows: list[dict[str, Any]]) -> None:
    if not rows:
        wrapped("No one needs you today: nothing late, nothing coming up, everyone in rhythm.")
        return
    out = console()
    for rank, row in enumerate(rows, 1):
        out.print(plain(f"{rank}. {row['contact']}"))
        for reason in row["reasons"]:
            out.print(plain(f"   - {reason['text']}"))
