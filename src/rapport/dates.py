"""The clock and every date a person types: parsing, calendar arithmetic, human phrasing.

This is the only module that reads the system clock, so RAPPORT_NOW can pin time everywhere.
Dates and moments are naive local wall-clock values; moments have seconds precision.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar

__all__ = [
    "ACCEPTED_FORMS",
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
    "parse_when",
    "relative",
]

ACCEPTED_FORMS = (
    "today, tomorrow, yesterday, friday, next friday, next week, in 3 days, 3d, 2w, 1m, "
    "end of month, 2026-12-01, 2026-12-01 15:00, yesterday 3pm"
)
WHEN_FORMS = (
    "now, today, yesterday, friday, last friday, 3d, 3 days ago, 2h ago, 30m ago, "
    "3pm, yesterday 3pm, friday 15:30, 2026-11-20, 2026-11-20 14:00"
)
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_INTERVAL_DAYS = 36500

_MAX_INPUT = 100  # no date form is longer; also bounds the regex work on hostile input
_MORNING = time(9, 0)  # a day named without a time means 09:00 of that day

T = TypeVar("T")
_D = TypeVar("_D", bound=date)
_Form = Callable[[str, date, bool], "date | None"]


class DateError(ValueError):
    """Message is one line for a person: names the bad input and lists accepted forms."""


class _OutOfRange(DateError):
    def __init__(self) -> None:
        super().__init__(f"date out of range (years {MIN_YEAR}-{MAX_YEAR})")


_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
# Spelled out: calendar.month_name would follow the process locale; input here is English.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9

_UNITS = {
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("m", "mo", "mos", "month", "months"), "m"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
}
# Looking back, 'm' is minutes ('30m ago'); months must be spelled 'mo' or 'month'.
_AGO_UNITS = {
    **_UNITS,
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
}
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_EVERY_WORDS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "quarterly": (3, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_COUNT = r"(?:(?P<n>[0-9]+) ?|(?P<a>an?) )(?P<u>[a-z]+)"
_RELATIVE = re.compile(r"(?:in )?\+?" + _COUNT)
_AGO = re.compile(_COUNT + r"(?P<ago> ago)?")
_AMOUNT = re.compile(r"(?:(?P<n>[0-9]+) ?|(?P<a>an?) )?(?P<u>[a-z]*)")
_WEEKDAY = re.compile(r"(?:(?P<which>this|next|last) )?(?P<name>[a-z]+)")
_END_OF = re.compile(r"end of (?:the )?(week|month|year)|eo([wmy])")
_MONTH_DAY = (
    re.compile(r"(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<m>[a-z]+)\.? (?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>[0-9]{4}))?"),
    re.compile(
        r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)? (?:of )?(?P<m>[a-z]+)\.?(?:,? (?P<y>[0-9]{4}))?"
    ),
)
_AT_TIME = re.compile(
    r"(?:(?P<day>.+?) )?(?:at )?"
    r"(?:(?P<word>noon|midnight)|(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2}))?"
    r"(?::(?P<sec>[0-9]{2})(?:\.[0-9]{1,6})?)? ?(?P<ap>[ap])?(?:(?<=[ap])\.?m\.?)?"
    r"(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)"
)


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
            f"RAPPORT_NOW='{_show(raw)}' is not an ISO 8601 date-time; use e.g. 2026-11-23T09:00"
        ) from None


# --- public parsers ----------------------------------------------------------------------


def parse_due(text: str, ref: datetime) -> date:
    """A due date, looking forward from ref (see ACCEPTED_FORMS)."""
    return _run(text, "date", f"try one of: {ACCEPTED_FORMS}", lambda s: _due(s, ref.date()))


def parse_when(text: str, ref: datetime) -> datetime:
    """A moment that happened, looking back from ref (see WHEN_FORMS)."""
    return _run(text, "moment", f"try one of: {WHEN_FORMS}", lambda s: _when(s, ref))


def parse_every(text: str) -> int:
    """A stay-in-touch cadence in days: '30d', '2w', '3m' (90), '1y' (365), '30', '2 weeks'."""
    n, unit = _interval(text)
    return n * _UNIT_DAYS[unit]


def parse_interval(text: str) -> tuple[int, str]:
    """A recurrence as (n, unit) with unit one of d w m y: '2w' -> (2, 'w')."""
    return _interval(text)


def parse_iso_date(text: str) -> date:
    """Strict YYYY-MM-DD, for stored values and imports."""
    match = _ISO_DATE.fullmatch(text.strip())
    found = match and _date(*map(int, match.groups()))
    if not found:
        raise DateError(f"'{_show(text)}' is not a date in the form YYYY-MM-DD")
    return _checked_for(text, found)


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
        raise DateError(f"'{_show(text)}' is not an ISO 8601 date-time like 2026-11-23T09:00")
    if len(s) == 10:
        value = datetime.combine(value.date(), _MORNING)
    return _checked_for(text, value.replace(tzinfo=None, microsecond=0))


# --- arithmetic and phrasing -------------------------------------------------------------


def add_interval(d: date, n: int, unit: str) -> date:
    """Calendar arithmetic; months and years clamp to month end (Jan 31 + 1m = Feb 28/29)."""
    if unit in ("d", "w"):
        try:
            return _checked(d + timedelta(days=n * (7 if unit == "w" else 1)))
        except OverflowError:
            raise _OutOfRange() from None
    if unit not in ("m", "y"):
        raise DateError(f"unknown interval unit '{_show(str(unit))}'; use d, w, m or y")
    months = d.month - 1 + n * (12 if unit == "y" else 1)
    year, month = d.year + months // 12, months % 12 + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _OutOfRange()
    return d.replace(year=year, month=month, day=min(d.day, _month_end(year, month)))


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def relative(d: date, today: date) -> str:
    """'today', 'in 3 days', '3 weeks ago', 'in 2 months', '1 year ago'."""
    days = (d - today).days
    if -1 <= days <= 1:
        return ("yesterday", "today", "tomorrow")[days + 1]
    n = abs(days)
    if n >= 365:
        amount = _plural(n // 365, "year")
    elif n >= 60:
        amount = _plural(n // 30, "month")
    elif n >= 14:
        amount = _plural(n // 7, "week")
    else:
        amount = _plural(n, "day")
    return f"in {amount}" if days > 0 else f"{amount} ago"


def late_phrase(days_late: int) -> str:
    """'5 days late', 'due today', 'due tomorrow', 'due in 3 days'."""
    if days_late > 0:
        return f"{_plural(days_late, 'day')} late"
    if days_late == 0:
        return "due today"
    if days_late == -1:
        return "due tomorrow"
    return f"due in {_plural(-days_late, 'day')}"


# --- internals ---------------------------------------------------------------------------


def _run(text: str, kind: str, hint: str, parse: Callable[[str], T | None]) -> T:
    """Turn every failure into one DateError naming the input; nothing else escapes."""
    try:
        found = parse(_norm(text)) if len(text) <= _MAX_INPUT else None
    except (_OutOfRange, OverflowError):
        raise DateError(
            f"the {kind} '{_show(text)}' is out of range (years {MIN_YEAR}-{MAX_YEAR})"
        ) from None
    if found is None:
        raise DateError(f"can't read the {kind} '{_show(text)}'; {hint}")
    return found


def _due(s: str, ref: date) -> date | None:
    found = _first(s, ref, True, _DUE_FORMS)
    if found is None and (at := _AT_TIME.fullmatch(s)) and at["day"] and _clock(at):
        found = _first(at["day"], ref, True, _DUE_FORMS)  # a due date ignores the time of day
    return None if found is None else _checked(found)


def _when(s: str, ref: datetime) -> datetime | None:
    if s == "now":
        return ref
    found = _ago(s, ref)
    if found is None and (day := _first(s, ref.date(), False, _WHEN_FORMS)):
        found = ref if day == ref.date() else datetime.combine(day, _MORNING)
    if found is None and (at := _AT_TIME.fullmatch(s)) and (clock := _clock(at)):
        day = _first(at["day"], ref.date(), False, _WHEN_FORMS) if at["day"] else ref.date()
        found = day and datetime.combine(day, clock)
    return None if found is None else _checked(found)


def _interval(text: str) -> tuple[int, str]:
    def parse(s: str) -> tuple[int, str] | None:
        found = _amount(s.removeprefix("every "))
        if found and not 1 <= found[0] * _UNIT_DAYS[found[1]] <= MAX_INTERVAL_DAYS:
            raise DateError(f"the interval '{_show(text)}' must be between 1 day and 100 years")
        return found

    return _run(text, "interval", "use e.g. 30d, 2w, 3m", parse)


def _amount(s: str) -> tuple[int, str] | None:
    if s in _EVERY_WORDS:
        return _EVERY_WORDS[s]
    match = _AMOUNT.fullmatch(s)
    if not match or not (match["n"] or match["u"]):
        return None
    unit = _UNITS.get(match["u"] or "d")
    return unit and (_num(match["n"] or "1"), unit)


def _ago(s: str, ref: datetime) -> datetime | None:
    match = _AGO.fullmatch(s)
    if not match or (match["a"] and not match["ago"]):
        return None
    unit, n = _AGO_UNITS.get(match["u"]), _num(match["n"] or "1")
    if unit == "min":
        return ref - timedelta(minutes=n)
    if unit == "h":
        return ref - timedelta(hours=n)
    return unit and add_interval(ref, -n, unit)


def _first(s: str, ref: date, forward: bool, forms: Sequence[_Form]) -> date | None:
    for form in forms:
        if (found := form(s, ref, forward)) is not None:
            return found
    return None


def _named_day(s: str, ref: date, forward: bool) -> date | None:
    offset = {"today": 0, "tomorrow": 1, "yesterday": -1}.get(s)
    return None if offset is None else ref + timedelta(days=offset)


def _weekday(s: str, ref: date, forward: bool) -> date | None:
    match = _WEEKDAY.fullmatch(s)
    wd = match and _WEEKDAYS.get(match["name"])
    if wd is None:
        return None
    monday = ref - timedelta(days=ref.weekday())
    if match["which"] == "next":
        return monday + timedelta(days=7 + wd)
    if match["which"] == "last":
        return monday + timedelta(days=wd - 7)
    if forward:
        return ref + timedelta(days=(wd - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - wd) % 7)


def _next_period(s: str, ref: date, forward: bool) -> date | None:
    if s == "next week":
        return ref + timedelta(days=7 - ref.weekday())
    if s == "next month":
        return add_interval(ref.replace(day=1), 1, "m")
    if s == "next year":
        return add_interval(ref.replace(month=1, day=1), 1, "y")
    return None


def _end_of(s: str, ref: date, forward: bool) -> date | None:
    match = _END_OF.fullmatch(s)
    period = match and (match[1] or match[2])[0]
    if period == "w":
        return ref + timedelta(days=(4 - ref.weekday()) % 7)
    if period == "m":
        return ref.replace(day=_month_end(ref.year, ref.month))
    if period == "y":
        return ref.replace(month=12, day=31)
    return None


def _relative(s: str, ref: date, forward: bool) -> date | None:
    match = _RELATIVE.fullmatch(s)
    unit = match and _UNITS.get(match["u"])
    return unit and add_interval(ref, _num(match["n"] or "1"), unit)


def _iso_day(s: str, ref: date, forward: bool) -> date | None:
    match = _ISO_DATE.fullmatch(s)
    return match and _date(*map(int, match.groups()))


def _month_day(s: str, ref: date, forward: bool) -> date | None:
    for pattern in _MONTH_DAY:
        match = pattern.fullmatch(s)
        if not match:
            continue
        month = int(match["m"]) if match["m"].isdigit() else _MONTHS.get(match["m"])
        year = match.groupdict().get("y")
        if month and year:
            return _date(int(year), month, int(match["d"]))
        if month:
            return _occurrence(ref, month, int(match["d"]), forward)
    return None


def _occurrence(ref: date, month: int, day: int, forward: bool) -> date | None:
    """The next (or, looking back, the latest) month/day on or after (before) ref."""
    step = 1 if forward else -1
    for k in range(9):  # Feb 29 can be 8 years away (2096 -> 2104)
        found = _date(ref.year + step * k, month, day)
        if found and (found >= ref if forward else found <= ref):
            return found
    return None


def _clock(match: re.Match[str]) -> time | None:
    if match["word"]:
        return time(12) if match["word"] == "noon" else time(0)
    hour, minute, second = int(match["h"]), int(match["mi"] or 0), int(match["sec"] or 0)
    if match["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"] == "p" else 0)
    elif match["mi"] is None:
        return None  # a bare number is a count or a day, not a time
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


_DUE_FORMS: tuple[_Form, ...] = (
    _named_day,
    _weekday,
    _next_period,
    _end_of,
    _relative,
    _iso_day,
    _month_day,
)
_WHEN_FORMS: tuple[_Form, ...] = (_named_day, _weekday, _iso_day, _month_day)


def _num(digits: str) -> int:
    # Longer numbers cannot land in range anyway; capping keeps int() cheap on huge input.
    return int(digits) if len(digits) <= 9 else 10**9


def _month_end(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar pulls in locale on the CLI start-up path.
    return 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _checked(value: _D) -> _D:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _OutOfRange()
    return value


def _checked_for(text: str, value: _D) -> _D:
    try:
        return _checked(value)
    except _OutOfRange:
        raise DateError(f"'{_show(text)}' is out of range (years {MIN_YEAR}-{MAX_YEAR})") from None


def _norm(text: str) -> str:
    s = " ".join(text.lower().split())
    return re.sub(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})t(?=[0-9])", r"\1 ", s)


def _show(text: str) -> str:
    """The input as one printable line, short enough for an error message."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
