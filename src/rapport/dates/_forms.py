"""The forms a person types for a day or a moment, one small function each.

A form takes (normalised text, reference day, looking forward?, Reading) and returns a
date or None when the text is not that form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from rapport.dates._core import (
    MAX_INTERVAL_DAYS,
    DateError,
    add_interval,
    checked,
    make_date,
    month_end,
    num,
    show,
)


class Reading(NamedTuple):
    """The settings that change how a date reads."""

    order: str = "day-month"  # '5/12': day-month or month-day
    week_start: str = "monday"  # 'next week' starts on this day


Form = Callable[[str, date, bool, Reading], "date | None"]

MORNING = time(9, 0)  # a day named without a time means 09:00 of that day
# Parts of a day, documented in ACCEPTED_FORMS: 'tomorrow morning' is 09:00 tomorrow.
DAY_PARTS = {
    "morning": time(9),
    "afternoon": time(15),
    "evening": time(18),
    "night": time(20),
}
DAY_FIRST, MONTH_FIRST = "day-month", "month-day"  # how '5/12' reads

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
_MONTH_NAMES = [
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
]
MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
MONTHS["sept"] = 9

UNITS = {
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("m", "mo", "mos", "month", "months"), "m"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
}
# Looking back, 'm' is minutes ('30m ago'); months must be spelled 'mo' or 'month'.
_AGO_UNITS = {
    **UNITS,
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
}
UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_EVERY_WORDS = {
    "daily": (1, "d"),
    "weekly": (1, "w"),
    "fortnightly": (2, "w"),
    "monthly": (1, "m"),
    "quarterly": (3, "m"),
    "yearly": (1, "y"),
    "annually": (1, "y"),
}

_YMD = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_NUMERIC = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})(?:[/.]([0-9]{4}|[0-9]{2}))?")
_COUNT = r"(?:(?P<n>[0-9]+) ?|(?P<a>an?) )(?P<u>[a-z]+)"
_RELATIVE = re.compile(r"(?:in )?\+?" + _COUNT)
_AGO = re.compile(_COUNT + r"(?P<ago> ago)?")
_AMOUNT = re.compile(r"(?:(?P<n>[0-9]+) ?|(?P<a>an?) )?(?P<u>[a-z]*)")
_WEEKDAY = re.compile(r"(?:(?P<which>this|next|last) )?(?P<name>[a-z]+)")
_END_OF = re.compile(
    r"(?:end of (?:the )?(?P<next>next )?|this )(?P<p>week|month|year)|eo(?P<e>[wmy])"
)
_IN_MONTH = re.compile(r"(?P<at>mid|middle of|beginning of|start of|end of) (?P<m>[a-z]+)")
_MONTH_DAY = (
    re.compile(r"(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<m>[a-z]+)\.? (?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>[0-9]{4}))?"),
    re.compile(
        r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)? (?:of )?(?P<m>[a-z]+)\.?(?:,? (?P<y>[0-9]{4}))?"
    ),
)
AT_TIME = re.compile(
    r"(?:(?P<day>.+?) )?(?:at )?"
    r"(?:(?P<word>noon|midday|midnight)|(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2}))?"
    r"(?::(?P<sec>[0-9]{2})(?:\.[0-9]{1,6})?)? ?(?P<ap>[ap])?(?:(?<=[ap])\.?m\.?)?"
    r"(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?)"
)
_DAY_PART = re.compile(r"(?:(?P<day>.+?) )?(?P<part>morning|afternoon|evening|night)")
_PART_WORDS = {"tonight": "today night", "last night": "yesterday night"}


# --- the two directions ------------------------------------------------------------------


def due(s: str, ref: date, how: Reading) -> date | None:
    """A day looking forward; a time of day, alone or after a day, is read and dropped."""
    found = first(s, ref, True, how, DUE_FORMS)
    if found is None and (timed := _timed(s, ref, True, how, DUE_FORMS)):
        found = timed.date()
    return None if found is None else checked(found)


def when(s: str, ref: datetime, how: Reading) -> datetime | None:
    if s == "now":
        return ref
    found = _ago(s, ref)
    if found is None and (day := first(s, ref.date(), False, how, WHEN_FORMS)):
        found = ref if day == ref.date() else datetime.combine(day, MORNING)
    if found is None:
        found = _timed(s, ref.date(), False, how, WHEN_FORMS)
    return None if found is None else checked(found)


def _timed(
    s: str, ref: date, forward: bool, how: Reading, forms: Sequence[Form]
) -> datetime | None:
    """'3pm', 'friday 15:30', 'tomorrow morning', 'tonight': a day (today if none) and a time."""
    s = _PART_WORDS.get(s, s)
    clock, day_text = None, None
    if (at := AT_TIME.fullmatch(s)) and (clock := _clock(at)):
        day_text = at["day"]
    elif part := _DAY_PART.fullmatch(s):
        clock, day_text = DAY_PARTS[part["part"]], part["day"]
        day_text = "today" if day_text == "this" else day_text
    if clock is None:
        return None
    day = first(day_text, ref, forward, how, forms) if day_text else ref
    return day and datetime.combine(day, clock)


def first(s: str, ref: date, forward: bool, how: Reading, forms: Sequence[Form]) -> date | None:
    for form in forms:
        if (found := form(s, ref, forward, how)) is not None:
            return found
    return None


# --- intervals ---------------------------------------------------------------------------


def interval(s: str, text: str) -> tuple[int, str] | None:
    found = _amount(s.removeprefix("every "))
    if found and not 1 <= found[0] * UNIT_DAYS[found[1]] <= MAX_INTERVAL_DAYS:
        raise DateError(f"the interval '{show(text)}' must be between 1 day and 100 years")
    return found


def _amount(s: str) -> tuple[int, str] | None:
    if s in _EVERY_WORDS:
        return _EVERY_WORDS[s]
    match = _AMOUNT.fullmatch(s)
    if not match or not (match["n"] or match["u"]):
        return None
    unit = UNITS.get(match["u"] or "d")
    return unit and (num(match["n"] or "1"), unit)


def _ago(s: str, ref: datetime) -> datetime | None:
    match = _AGO.fullmatch(s)
    if not match or (match["a"] and not match["ago"]):
        return None
    unit, n = _AGO_UNITS.get(match["u"]), num(match["n"] or "1")
    if unit == "min":
        return ref - timedelta(minutes=n)
    if unit == "h":
        return ref - timedelta(hours=n)
    return unit and add_interval(ref, -n, unit)


# --- the forms ---------------------------------------------------------------------------


_START = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
          "saturday": 5, "sunday": 6}  # fmt: skip


def next_week(ref: date, how: Reading) -> date:
    """The first day of the week after ref's, weeks starting on `how.week_start`."""
    start = _START[how.week_start]
    return ref + timedelta(days=(start - ref.weekday() - 1) % 7 + 1)


def _named_day(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    offset = {"today": 0, "tomorrow": 1, "yesterday": -1}.get(s)
    return None if offset is None else ref + timedelta(days=offset)


def _weekday(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    match = _WEEKDAY.fullmatch(s)
    wd = match and _WEEKDAYS.get(match["name"])
    if wd is None:
        return None
    if match["which"] in ("next", "last"):  # that day of next (last) week, as weeks start
        week = next_week(ref, how) - timedelta(days=0 if match["which"] == "next" else 14)
        return week + timedelta(days=(wd - _START[how.week_start]) % 7)
    if forward:
        return ref + timedelta(days=(wd - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - wd) % 7)


def _next_period(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    if s == "next week":
        return next_week(ref, how)
    if s == "next month":
        return add_interval(ref.replace(day=1), 1, "m")
    if s == "next year":
        return add_interval(ref.replace(month=1, day=1), 1, "y")
    return None


def _end_of(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    """'end of week' (or 'this week') is its Friday, the coming one once this week's has
    passed; 'end of next week' is the Friday of the week 'next week' begins; 'end of next
    month' the last day of next month."""
    match = _END_OF.fullmatch(s)
    if not match:
        return None
    period = (match["p"] or match["e"])[0]
    if period == "w" and match["next"]:
        return next_week(ref, how) + timedelta(days=(4 - _START[how.week_start]) % 7)
    if period == "w":
        return ref + timedelta(days=(4 - ref.weekday()) % 7)
    if period == "m":
        start = add_interval(ref.replace(day=1), 1 if match["next"] else 0, "m")
        return start.replace(day=month_end(start.year, start.month))
    return date(ref.year + (1 if match["next"] else 0), 12, 31)


def _in_month(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    """'mid march' (the 15th), 'beginning of may' (the 1st), 'end of june' (its last day)."""
    match = _IN_MONTH.fullmatch(s)
    month = match and MONTHS.get(match["m"])
    if not month:
        return None
    if match["at"] == "end of":
        start = occurrence(ref.replace(day=1), month, 1, forward)
        return start and start.replace(day=month_end(start.year, month))
    day = 1 if match["at"] in ("beginning of", "start of") else 15
    return occurrence(ref, month, day, forward)


def _relative(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    match = _RELATIVE.fullmatch(s)
    unit = match and UNITS.get(match["u"])
    return unit and add_interval(ref, num(match["n"] or "1"), unit)


def _iso_day(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    """2026-12-01, 2026-3-5, 2026/3/5."""
    match = _YMD.fullmatch(s)
    return match and make_date(*map(int, match.groups()))


def _numeric(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    """'5/12' or '5.12.2026': day first or month first as the setting says."""
    match = _NUMERIC.fullmatch(s)
    if not match:
        return None
    a, b = int(match[1]), int(match[2])
    day, month = (a, b) if how.order == DAY_FIRST else (b, a)
    if match[3] is None:
        return occurrence(ref, month, day, forward)
    year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    return make_date(year, month, day)


def _month_day(s: str, ref: date, forward: bool, how: Reading) -> date | None:
    for pattern in _MONTH_DAY:
        match = pattern.fullmatch(s)
        if not match:
            continue
        month = int(match["m"]) if match["m"].isdigit() else MONTHS.get(match["m"])
        year = match.groupdict().get("y")
        if month and year:
            return make_date(int(year), month, int(match["d"]))
        if month:
            return occurrence(ref, month, int(match["d"]), forward)
    return None


def month_and_day(s: str) -> tuple[int, int] | None:
    """'march 14', '14th of march', 'mar 14': a month and day without a year."""
    for pattern in _MONTH_DAY[1:]:
        match = pattern.fullmatch(s)
        if match and not match["y"] and (month := MONTHS.get(match["m"])):
            return month, int(match["d"])
    return None


def occurrence(ref: date, month: int, day: int, forward: bool) -> date | None:
    """The next (or, looking back, the latest) month/day on or after (before) ref."""
    step = 1 if forward else -1
    for k in range(9):  # Feb 29 can be 8 years away (2096 -> 2104)
        found = make_date(ref.year + step * k, month, day)
        if found and (found >= ref if forward else found <= ref):
            return found
    return None


def _clock(match: re.Match[str]) -> time | None:
    if match["word"]:
        return time(0) if match["word"] == "midnight" else time(12)
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


DUE_FORMS: tuple[Form, ...] = (
    _named_day,
    _weekday,
    _next_period,
    _end_of,
    _in_month,
    _relative,
    _iso_day,
    _numeric,
    _month_day,
)
WHEN_FORMS: tuple[Form, ...] = (_named_day, _weekday, _in_month, _iso_day, _numeric, _month_day)
