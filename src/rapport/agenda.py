"""The morning view's logic: what is overdue, due, owed and who to reconnect with.

Pure: rows and today in, ordered items out. Overdue is by the local calendar: a promise due
today is due, not overdue; it becomes overdue on the next calendar day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from rapport import dates, verdicts


class Section(NamedTuple):
    name: str
    title: str
    rows: int  # shown on screen before "... N more: rapport due --full lists every one"


# The morning list's sections, in order: what I owe and is late comes first. Each shows its
# first SECTION_ROWS, the most overdue first: a morning list is read, not scrolled, so even a
# backlog of hundreds of overdue promises shows its worst and counts the rest.
SECTION_ROWS = 15
LIST_ROWS = 40  # the same bound for the other long lists: contacts, score, review
SECTIONS = (
    Section("overdue", "Overdue: promises I owe", SECTION_ROWS),
    Section("today", "Due today", SECTION_ROWS),
    Section("upcoming", "Coming up", SECTION_ROWS),
    Section("followup", "Follow-ups", SECTION_ROWS),
    Section("date", "Dates to remember", SECTION_ROWS),
    Section("checkin", "Reconnect", SECTION_ROWS),
    Section("owed", "Late: what clients owe me", SECTION_ROWS),
)
ORDER = {s.name: n for n, s in enumerate(SECTIONS)}
ROWS = {s.name: s.rows for s in SECTIONS}


def shown(items: list[dict[str, Any]], full: bool) -> list[dict[str, Any]]:
    """The items a person is shown: each section's first rows (all with `full`)."""
    if full:
        return items
    seen: dict[str, int] = {}
    out = []
    for item in items:
        seen[item["section"]] = seen.get(item["section"], 0) + 1
        if seen[item["section"]] <= ROWS[item["section"]]:
            out.append(item)
    return out


def section_of(row: dict[str, Any], days_late: int) -> str | None:
    if row["kind"] == "followup":
        return "followup"
    if row["direction"] == "theirs":
        return "owed" if days_late > 0 else None
    if days_late > 0:
        return "overdue"
    return "today" if days_late == 0 else "upcoming"


def promise_items(rows: list[dict[str, Any]], today: date, until: date) -> list[dict[str, Any]]:
    """Open promises (rows with their moves) due by `until`, judged as verdicts judges them:
    one moved without telling the client is late against the date the client was told."""
    items = []
    for row in rows:
        verdict = verdicts.of_row(row, today)
        if min(verdict.due, date.fromisoformat(row["due"])) > until:
            continue
        days_late = verdict.days_late
        section = section_of(row, days_late)
        if section is None:
            continue
        item = {
            "kind": row["kind"],
            "id": row["id"],
            "contact": row["contact"],
            "contact_id": row["contact_id"],
            "text": row["text"],
            "due": row["due"],
            "days_late": days_late,
            "section": section,
            "judged_by": verdict.due.isoformat(),
        }
        if row["kind"] == "promise":
            item["direction"] = row["direction"]
        items.append(item)
    return items


def checkin_items(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Contacts whose last interaction is at or past their stay-in-touch cadence."""
    items = []
    for row in rows:
        last = datetime.fromisoformat(row["last_at"] or row["created_at"]).date()
        due = last + timedelta(days=row["every_days"])
        days_late = (today - due).days
        if days_late < 0:
            continue
        since = (today - last).days
        limit = row.get("at_most_days")
        spoke = "spoke" if row["last_at"] else "added"  # short: one line at 80 columns
        when = "today" if since == 0 else f"{dates.plural(since, 'day')} ago"
        items.append(
            {
                "kind": "checkin",
                "id": row.get("contact_id"),  # the contact's id: the row is about them
                "contact": row["contact"],
                "contact_id": row["contact_id"],
                "text": f"{spoke} {when} · every {row['every_days']}{_from(row)}",
                "due": due.isoformat(),
                "days_late": days_late,
                "section": "checkin",
                "late": bool(limit and since > limit),
            }
        )
    return items


def order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By section; within one, the largest days_late first: most overdue, or soonest due."""
    return sorted(
        items,
        key=lambda item: (
            ORDER[item["section"]],
            -item["days_late"],
            item["contact"].casefold(),
            item["id"] or 0,
        ),
    )


def _from(row: dict[str, Any]) -> str:
    """Where an inherited cadence came from: ' (tag vip)'."""
    return f" (tag {row['every_tag']})" if row.get("every_tag") else ""


def date_items(rows: list[dict[str, Any]], today: date, days: int) -> list[dict[str, Any]]:
    """Dates to remember (birthdays, renewals) coming round within `days` of today."""
    from rapport import remembering

    return [
        {
            "kind": "date",
            "id": row["id"],
            "contact": row["contact"],
            "contact_id": row["contact_id"],
            "text": remembering.date_label(row, date.fromisoformat(row["next"])),
            "due": row["next"],
            "days_late": -row["in_days"],
            "section": "date",
        }
        for row in remembering.upcoming(rows, today, days)
    ]


def morning(
    promise_rows: list[dict[str, Any]],
    checkin_rows: list[dict[str, Any]],
    today: date,
    date_rows: list[dict[str, Any]] | None = None,
    days: int = 7,
) -> list[dict[str, Any]]:
    until = window(today, days)
    items = promise_items(promise_rows, today, until) + checkin_items(checkin_rows, today)
    return order(items + date_items(date_rows or [], today, days))


def window(today: date, days: int) -> date:
    """The last day the morning view looks at, `days` ahead."""
    return today + timedelta(days=days)


def has_overdue(items: list[dict[str, Any]]) -> bool:
    return any(item["section"] == "overdue" for item in items)
