"""The clock and every date a person types: parsing, calendar arithmetic, human phrasing.

This is the only module that reads the system clock, so RAPPORT_NOW can pin time everywhere.
Dates and moments are naive local wall-clock values; moments have seconds precision.
The forms themselves live in `_forms` (one function each); shared helpers in `_core`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from rapport.dates import _forms
from rapport.dates._core import (
    MAX_AHEAD_YEARS,
    MAX_INPUT,
    MAX_INTERVAL_DAYS,
    MAX_YEAR,
    MIN_YEAR,
    DateError,
    OutOfRange,
    add_interval,
    checked_for,
    make_date,
    norm,
    plural,
    show,
)
from rapport.dates._forms import DAY_FIRST, DAY_PARTS, MONTH_FIRST

__all__ = [
    "ACCEPTED_FORMS",
    "DAY_FIRST",
    "DAY_PARTS",
    "MAX_AHEAD_YEARS",
    "MAX_INTERVAL_DAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_FIRST",
    "WHEN_FORMS",
    "DateError",
    "add_interval",
    "days_between",
    "late_phrase",
    "now",
    "parse_due",
    "parse_every",
    "parse_interval",
    "parse_iso_date",
    "parse_iso_datetime",
    "parse_month_day",
    "parse_when",
    "plural",
    "relative",
]

ACCEPTED_FORMS = (
    "today, tomorrow, yesterday, friday, next friday, next week, in 3 days, in two weeks, "
    "3d, 2w, 1m, end of month, this week, end of next week, mid march, march 14, 5/12, 2026-12-01, "
    "2026-3-5, 2026-12-01 15:00, 3pm, noon, tonight, tomorrow morning, yesterday 3pm"
)
WHEN_FORMS = (
    "now, today, yesterday, friday, last friday, 3d, 3 days ago, 2h ago, 30m ago, "
    "3pm, yesterday 3pm, this morning, yesterday afternoon, friday 15:30, 2026-11-20, "
    "2026-11-20 14:00"
)
# Times of the day parts ('tomorrow morning' is 09:00): documented in docs/cli.md.
PART_TIMES = ", ".join(f"{part} {at:%H:%M}" for part, at in DAY_PARTS.items())

T = TypeVar("T")
_D = TypeVar("_D", bound=date)


# --- the clock ---------------------------------------------------------------------------


def now() -> datetime:
    """Current local wall-clock time, naive, seconds precision; RAPPORT_NOW overrides it."""
    raw = os.environ.get("RAPPORT_NOW", "").strip()
    if not raw:
        return datetime.now().replace(microsecond=0)
    try:
        return parse_iso_datetime(raw)
    except DateError:
        raise DateError(
            f"RAPPORT_NOW='{show(raw)}' is not an ISO 8601 date-time; use e.g. 2026-11-23T09:00"
        ) from None


# --- public parsers ----------------------------------------------------------------------


def parse_due(text: str, ref: datetime, order: str = DAY_FIRST, week_start: str = "monday") -> date:
    """A due date, looking forward from ref (see ACCEPTED_FORMS); `order` reads '5/12',
    `week_start` says where 'next week' begins (and so 'next friday', 'end of next week')."""
    how = _forms.Reading(order, week_start)
    found = _run(
        text, "date", f"try one of: {ACCEPTED_FORMS}", lambda s: _forms.due(s, ref.date(), how)
    )
    return _within_reach(text, "date", found, ref)


def parse_when(
    text: str, ref: datetime, order: str = DAY_FIRST, week_start: str = "monday"
) -> datetime:
    """A moment that happened, looking back from ref (see WHEN_FORMS); `week_start` says
    which week 'last friday' is in."""
    how = _forms.Reading(order, week_start)
    found = _run(text, "moment", f"try one of: {WHEN_FORMS}", lambda s: _forms.when(s, ref, how))
    return _within_reach(text, "moment", found, ref)


def parse_every(text: str) -> int:
    """A stay-in-touch cadence in days: '30d', '2w', '3m' (90), '1y' (365), '30', '2 weeks'."""
    n, unit = parse_interval(text)
    return n * _forms.UNIT_DAYS[unit]


def parse_interval(text: str) -> tuple[int, str]:
    """A recurrence as (n, unit) with unit one of d w m y: '2w' -> (2, 'w')."""
    return _run(text, "interval", "use e.g. 30d, 2w, 3m", lambda s: _forms.interval(s, text))


def parse_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of 'march 14', '14th of march' or 'mar 14'; None for anything else."""
    return _forms.month_and_day(norm(text)) if len(text) <= MAX_INPUT else None


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_iso_date(text: str) -> date:
    """Strict YYYY-MM-DD, for stored values and imports."""
    match = _ISO_DATE.fullmatch(text.strip())
    found = match and make_date(*map(int, match.groups()))
    if not found:
        raise DateError(f"'{show(text)}' is not a date in the form YYYY-MM-DD")
    return checked_for(text, found)


def parse_iso_datetime(text: str) -> datetime:
    """Strict ISO 8601 ('T' or space); offset dropped keeping wall clock; a bare date is 09:00."""
    s = text.strip()
    value = None
    if s.isascii() and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9].*)?", s):
        try:
            value = datetime.fromisoformat(s)
        except ValueError:
            value = None
    if value is None:
        raise DateError(f"'{show(text)}' is not an ISO 8601 date-time like 2026-11-23T09:00")
    if len(s) == 10:
        value = datetime.combine(value.date(), _forms.MORNING)
    return checked_for(text, value.replace(tzinfo=None, microsecond=0))


# --- arithmetic and phrasing -------------------------------------------------------------


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def relative(d: date, today: date) -> str:
    """'today', 'in 3 days', '3 weeks ago', 'in 2 months', '1 year ago'."""
    days = (d - today).days
    if -1 <= days <= 1:
        return ("yesterday", "today", "tomorrow")[days + 1]
    n = abs(days)
    if n >= 365:
        amount = plural(n // 365, "year")
    elif n >= 60:
        amount = plural(n // 30, "month")
    elif n >= 14:
        amount = plural(n // 7, "week")
    else:
        amount = plural(n, "day")
    return f"in {amount}" if days > 0 else f"{amount} ago"


def late_phrase(days_late: int) -> str:
    """'5 days late', 'due today', 'due tomorrow', 'due in 3 days'."""
    if days_late > 0:
        return f"{plural(days_late, 'day')} late"
    if days_late == 0:
        return "due today"
    if days_late == -1:
        return "due tomorrow"
    return f"due in {plural(-days_late, 'day')}"


# --- internals ---------------------------------------------------------------------------


def _run(text: str, kind: str, hint: str, parse: Callable[[str], T | None]) -> T:
    """Turn every failure into one DateError naming the input; nothing else escapes."""
    try:
        found = parse(norm(text)) if len(text) <= MAX_INPUT else None
    except (OutOfRange, OverflowError):
        raise DateError(
            f"the {kind} '{show(text)}' is out of range (years {MIN_YEAR}-{MAX_YEAR})"
        ) from None
    if found is None:
        raise DateError(f"can't read the {kind} '{show(text)}'; {hint}")
    return found


def _within_reach(text: str, kind: str, found: _D, ref: datetime) -> _D:
    """A typed date more than a century ahead is a typo, not a plan."""
    if found.year > ref.year + MAX_AHEAD_YEARS:
        raise DateError(
            f"the {kind} '{show(text)}' is out of range (at most {MAX_AHEAD_YEARS} years "
            f"ahead: until {ref.year + MAX_AHEAD_YEARS}); check the year"
        )
    return found
