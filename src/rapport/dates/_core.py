"""Shared pieces of the date parsers: the error, the bounds and small calendar helpers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TypeVar

MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_AHEAD_YEARS = 100  # a typed date further ahead than this is a typo ('2206' for '2026')
MAX_INTERVAL_DAYS = 36500
MAX_INPUT = 100  # no date form is longer; also bounds the regex work on hostile input

_D = TypeVar("_D", bound=date)


class DateError(ValueError):
    """Message is one line for a person: names the bad input and lists accepted forms."""


class OutOfRange(DateError):
    def __init__(self) -> None:
        super().__init__(f"date out of range (years {MIN_YEAR}-{MAX_YEAR})")


def add_interval(d: _D, n: int, unit: str) -> _D:
    """Calendar arithmetic; months and years clamp to month end (Jan 31 + 1m = Feb 28/29)."""
    if unit in ("d", "w"):
        try:
            return checked(d + timedelta(days=n * (7 if unit == "w" else 1)))
        except OverflowError:
            raise OutOfRange() from None
    if unit not in ("m", "y"):
        raise DateError(f"unknown interval unit '{show(str(unit))}'; use d, w, m or y")
    months = d.month - 1 + n * (12 if unit == "y" else 1)
    year, month = d.year + months // 12, months % 12 + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRange()
    return d.replace(year=year, month=month, day=min(d.day, month_end(year, month)))


def month_end(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar pulls in locale on the CLI start-up path.
    return 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def checked(value: _D) -> _D:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise OutOfRange()
    return value


def checked_for(text: str, value: _D) -> _D:
    try:
        return checked(value)
    except OutOfRange:
        raise DateError(f"'{show(text)}' is out of range (years {MIN_YEAR}-{MAX_YEAR})") from None


def num(digits: str) -> int:
    # Longer numbers cannot land in range anyway; capping keeps int() cheap on huge input.
    return int(digits) if len(digits) <= 9 else 10**9


_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")


def norm(text: str) -> str:
    """Lower case, single spaces, 'T' between date and time, number words as digits."""
    s = " ".join(text.lower().split())
    s = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS.index(m[1]) + 1), s)
    return re.sub(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])", r"\1 ", s)


def show(text: str) -> str:
    """The input as one printable line, short enough for an error message."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
