"""Remembering people, pure: yearly dates, recurring promises, cadences and suggestions.

No store, no clock: rows and `today` in, dates and ranked suggestions out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from rapport import dates

# A yearly date without a year is stored the vCard/ISO 8601 way: '--MM-DD'.
_MONTH_DAY = re.compile(r"(?:--)?([0-9]{1,2})-([0-9]{1,2})")
_LEAP = 2000  # any leap year: lets '02-29' through validation

PROMISE_SOON_DAYS = 3  # `suggest`: a promise of mine due within this many days is pressing
DATE_SOON_DAYS = 7  # `suggest`: a date to remember within this many days is worth a call
TRUST_FALLING = -5.0  # `due` and `suggest`: trust down by more than this over 30 days


# --- dates to remember ---------------------------------------------------------------------


def parse_month_day(text: str) -> str | None:
    """'03-14', '--03-14', 'march 14' -> '--03-14'; None when the text is not a month and day."""
    match = _MONTH_DAY.fullmatch(text.strip())
    words = None if match else dates.parse_month_day(text)
    if not match and not words:
        return None
    month, day = (int(match[1]), int(match[2])) if match else words
    try:
        date(_LEAP, month, day)
    except ValueError:
        raise dates.DateError(
            f"'{text.strip()}' is not a real month and day; use MM-DD, e.g. 03-14"
        ) from None
    return f"--{month:02d}-{day:02d}"


def month_day(on_date: str) -> tuple[int, int]:
    """(month, day) of a stored date, with or without its year."""
    return int(on_date[-5:-3]), int(on_date[-2:])


def start_year(on_date: str) -> int | None:
    return None if on_date.startswith("--") else int(on_date[:4])


def in_year(year: int, month: int, day: int) -> date:
    """That month and day in `year`; 29 February falls on 28 February in other years."""
    if month == 2 and day == 29 and not _is_leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def occurrence(on_date: str, yearly: bool, today: date) -> date | None:
    """The next time the date comes round, today included; None once a one-off date passed."""
    if not yearly:
        found = date.fromisoformat(on_date)
        return found if found >= today else None
    month, day = month_day(on_date)
    year = max(today.year, start_year(on_date) or today.year)
    found = in_year(year, month, day)
    return found if found >= today else in_year(year + 1, month, day)


def years_since(on_date: str, on: date) -> int | None:
    """How many years the date has come round by `on` (an age, an anniversary); None if unknown."""
    first = start_year(on_date)
    return None if first is None or on.year <= first else on.year - first


def describe_date(on_date: str, yearly: bool) -> str:
    """'every year on 14 March', 'every year on 14 March (since 1985)', 'on 2026-12-01'."""
    if not yearly:
        return f"on {on_date}"
    month, day = month_day(on_date)
    since = start_year(on_date)
    when = f"every year on {day} {_MONTH_NAMES[month - 1]}"
    return when + (f" (since {since})" if since else "")


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_label(row: dict[str, Any], on: date) -> str:
    """The label, with the count of years when the first year is known: 'birthday (42 years)'."""
    years = years_since(row["on_date"], on) if row["yearly"] else None
    return row["label"] + (f" ({years} years)" if years else "")


def upcoming(rows: list[dict[str, Any]], today: date, days: int) -> list[dict[str, Any]]:
    """Rows whose next occurrence falls within `days` of today, with `next` and `in_days`."""
    until = today + timedelta(days=days)
    found = []
    for row in rows:
        nxt = occurrence(row["on_date"], bool(row["yearly"]), today)
        if nxt is not None and nxt <= until:
            found.append({**row, "next": nxt.isoformat(), "in_days": (nxt - today).days})
    return sorted(found, key=lambda r: (r["next"], r["contact"].casefold(), r["id"]))


# --- recurring promises --------------------------------------------------------------------


def parse_every(text: str) -> str:
    """A recurrence as stored: '1m', '2w', '30d', '1y' ('monthly' -> '1m')."""
    n, unit = dates.parse_interval(text)
    return f"{n}{unit}"


_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}


def every_words(every: str, after_done: bool = False) -> str:
    """'every month', 'every 2 weeks', '... after each is done'."""
    n, unit = dates.parse_interval(every)
    word = _UNIT_WORDS[unit]
    text = f"every {word}" if n == 1 else f"every {n} {word}s"
    return text + (", counted from when each is done" if after_done else "")


def next_due(
    every: str, after_done: bool, anchor: date, scheduled: date, due: date, closed_on: date
) -> date:
    """The due date of the occurrence after one closed on `closed_on`.

    After-done series count from the day it was closed. The others keep to the schedule of
    the series' first due date (`anchor`), so months clamp without drifting: Jan 31, Feb 28,
    Mar 31. An occurrence moved later skips the slots it was moved past.
    """
    n, unit = dates.parse_interval(every)
    if after_done:
        return dates.add_interval(closed_on, n, unit)
    return next_in_schedule(anchor, n, unit, max(scheduled, due))


def next_in_schedule(anchor: date, n: int, unit: str, after: date) -> date:
    """The first date anchor + k*interval (k >= 1) strictly after `after`."""
    if unit in ("d", "w"):
        step = n * (7 if unit == "w" else 1)
        k = max(1, (after - anchor).days // step + 1)
        return dates.add_interval(anchor, k * step, "d")
    months = n * (12 if unit == "y" else 1)
    # Start from the slot in `after`'s month (never past it), then step forward.
    k = max(1, ((after.year - anchor.year) * 12 + after.month - anchor.month) // months)
    while (found := dates.add_interval(anchor, k * months, "m")) <= after:
        k += 1
    return found


# --- stay-in-touch cadence -----------------------------------------------------------------


def cadence(own: int | None, tags: list[tuple[str, int | None]]) -> tuple[int | None, str | None]:
    """(days, tag it came from): the contact's own setting wins; else the shortest tag's."""
    if own is not None:
        return own, None
    set_ = [(days, tag) for tag, days in tags if days is not None]
    if not set_:
        return None, None
    days, tag = min(set_)
    return days, tag


# --- suggestions ---------------------------------------------------------------------------


def promise_reason(row: dict[str, Any], today: date) -> dict[str, Any] | None:
    """An open promise of mine, overdue or due soon (by the date it is judged by, see
    verdicts, when the row has it): they are waiting on it."""
    days_late = (today - date.fromisoformat(row.get("judged_by") or row["due"])).days
    if row["kind"] != "promise" or row["direction"] != "mine" or days_late < -PROMISE_SOON_DAYS:
        return None
    weight = 50 + min(days_late, 30) if days_late > 0 else 40 + days_late
    text = f"they are waiting on '{row['text']}', {dates.late_phrase(days_late)}"
    return {"kind": "promise", "id": row["id"], "text": text, "weight": weight}


def date_reason(row: dict[str, Any], today: date) -> dict[str, Any] | None:
    """A date to remember today or within DATE_SOON_DAYS."""
    in_days = row["in_days"]
    if in_days > DATE_SOON_DAYS:
        return None
    label = date_label(row, date.fromisoformat(row["next"]))
    when = dates.relative(date.fromisoformat(row["next"]), today)
    return {
        "kind": "date",
        "id": row["id"],
        "text": f"{label} is {when} ({row['next']})",
        "weight": 45 - 3 * in_days,
    }


def cadence_reason(item: dict[str, Any]) -> dict[str, Any]:
    """A check-in item from agenda.checkin_items: past the ideal rhythm, or past the limit."""
    late = item.get("late")
    base = 35 if late else 20
    text = item["text"] + (": past the outer limit" if late else ": time to reconnect")
    return {
        "kind": "cadence",
        "id": None,
        "text": text,
        "weight": base + min(item["days_late"], 30) / 3,
    }


def trust_reason(row: dict[str, Any]) -> dict[str, Any] | None:
    """A score row (app.trust.score_rows) whose trust fell more than TRUST_FALLING in 30 days."""
    trend = row.get("trend")
    if trend is None or trend >= TRUST_FALLING:
        return None
    return {
        "kind": "trust",
        "id": None,
        "text": f"trust fell {-trend:.0f} points in 30 days",
        "weight": 15 + min(-trend, 30) / 2,
    }


def rank(reasons: dict[str, list[dict[str, Any]]], limit: int) -> list[dict[str, Any]]:
    """Contacts by the summed weight of their reasons (one call answers all of them).

    Most useful first; ties by name. Each contact's reasons are listed heaviest first.
    """
    ranked = []
    for contact, found in reasons.items():
        if not found:
            continue
        ordered = sorted(found, key=lambda r: -r["weight"])
        ranked.append(
            {
                "contact": contact,
                "weight": round(sum(r["weight"] for r in ordered), 1),
                "reasons": ordered,
            }
        )
    ranked.sort(key=lambda s: (-s["weight"], s["contact"].casefold()))
    return ranked[:limit]
