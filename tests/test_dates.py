"""Tests for rapport.dates; expected values are worked out by hand from a calendar."""

import contextlib
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.dates import (
    ACCEPTED_FORMS,
    WHEN_FORMS,
    DateError,
    add_interval,
    days_between,
    late_phrase,
    now,
    parse_due,
    parse_every,
    parse_interval,
    parse_iso_date,
    parse_iso_datetime,
    parse_when,
    relative,
)

# Monday 23 November 2026. That week: Tue 24 ... Sun 29; next Monday is 30 Nov, Friday 4 Dec.
REF = datetime(2026, 11, 23, 10, 0)
D = date(2026, 11, 23)

NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ABBRS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

refs = st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2189, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
in_range_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def on(day: int, month: int = 11, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0)


# --- parse_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("  FRIDAY  ", date(2026, 11, 27)),
        ("monday", date(2026, 11, 23)),
        ("sunday", date(2026, 11, 29)),
        ("this friday", date(2026, 11, 27)),
        ("next friday", date(2026, 12, 4)),
        ("next monday", date(2026, 11, 30)),
        ("next sunday", date(2026, 12, 6)),
        ("next week", date(2026, 11, 30)),
        ("next month", date(2026, 12, 1)),
        ("next year", date(2027, 1, 1)),
        ("in 3 days", date(2026, 11, 26)),
        ("in 1 day", date(2026, 11, 24)),
        ("in 2 weeks", date(2026, 12, 7)),
        ("in 1 month", date(2026, 12, 23)),
        ("in a week", date(2026, 11, 30)),
        ("in a month", date(2026, 12, 23)),
        ("3d", date(2026, 11, 26)),
        ("+3d", date(2026, 11, 26)),
        ("3 days", date(2026, 11, 26)),
        ("2w", date(2026, 12, 7)),
        ("1m", date(2026, 12, 23)),
        ("3m", date(2027, 2, 23)),
        ("1y", date(2027, 11, 23)),
        ("0d", date(2026, 11, 23)),
        ("end of month", date(2026, 11, 30)),
        ("eom", date(2026, 11, 30)),
        ("end of week", date(2026, 11, 27)),
        ("eow", date(2026, 11, 27)),
        ("end of the year", date(2026, 12, 31)),
        ("eoy", date(2026, 12, 31)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2025-01-15", date(2025, 1, 15)),
        ("2026-12-01 15:00", date(2026, 12, 1)),
        ("2026-12-01T15:00:00+01:00", date(2026, 12, 1)),
        ("2026-12-01T15:00Z", date(2026, 12, 1)),
        ("12-01", date(2026, 12, 1)),
        ("11-23", date(2026, 11, 23)),
        ("11-22", date(2027, 11, 22)),
        ("01-05", date(2027, 1, 5)),
        ("02-29", date(2028, 2, 29)),
        ("dec 3", date(2026, 12, 3)),
        ("Dec. 3rd", date(2026, 12, 3)),
        ("3 dec", date(2026, 12, 3)),
        ("december 3", date(2026, 12, 3)),
        ("3 december 2027", date(2027, 12, 3)),
        ("december 3, 2027", date(2027, 12, 3)),
        ("march 1", date(2027, 3, 1)),
        ("sept 9", date(2027, 9, 9)),
        ("yesterday 3pm", date(2026, 11, 22)),
        ("friday at 15:30", date(2026, 11, 27)),
    ],
)
def test_parse_due_forms(text, expected):
    assert parse_due(text, REF) == expected


@pytest.mark.parametrize("text", ["1m", "in 1 month", "in a month"])
def test_parse_due_month_clamps_to_month_end(text):
    assert parse_due(text, datetime(2026, 1, 31, 9)) == date(2026, 2, 28)
    assert parse_due(text, datetime(2028, 1, 31, 9)) == date(2028, 2, 29)


def test_parse_due_end_of_month_in_february():
    assert parse_due("eom", datetime(2028, 2, 10)) == date(2028, 2, 29)
    assert parse_due("eom", datetime(2027, 2, 10)) == date(2027, 2, 28)


# ref day -> expected 'monday', 'friday', 'sunday', 'eow' (looking forward)
FORWARD = {
    23: (23, 27, 29, 27),  # Monday
    24: (30, 27, 29, 27),  # Tuesday
    25: (30, 27, 29, 27),  # Wednesday
    26: (30, 27, 29, 27),  # Thursday
    27: (30, 27, 29, 27),  # Friday
    28: (30, 34, 29, 34),  # Saturday (34 = 4 December)
    29: (30, 34, 29, 34),  # Sunday
}


@pytest.mark.parametrize("day", sorted(FORWARD))
def test_due_weekday_looks_forward_from_every_weekday(day):
    ref = on(day)
    expected = [date(2026, 11, 1) + timedelta(days=n - 1) for n in FORWARD[day]]
    got = [parse_due(text, ref) for text in ("monday", "friday", "sunday", "eow")]
    assert got == expected
    # 'next X' is X in the following Monday-based week, whatever day it is now.
    assert parse_due("next friday", ref) == date(2026, 12, 4)
    assert parse_due("next monday", ref) == date(2026, 11, 30)


def test_due_every_weekday_name_from_sunday():
    ref = on(29)  # Sunday
    expected = [date(2026, 11, 30) + timedelta(days=i) for i in range(6)] + [date(2026, 11, 29)]
    assert [parse_due(n, ref) for n in NAMES] == expected
    assert [parse_due(n, ref) for n in ABBRS] == expected


# --- parse_when --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", REF),
        ("today", REF),
        ("yesterday", datetime(2026, 11, 22, 9, 0)),
        ("monday", REF),
        ("friday", datetime(2026, 11, 20, 9, 0)),
        ("tuesday", datetime(2026, 11, 17, 9, 0)),
        ("sun", datetime(2026, 11, 22, 9, 0)),
        ("last friday", datetime(2026, 11, 20, 9, 0)),
        ("last monday", datetime(2026, 11, 16, 9, 0)),
        ("last sunday", datetime(2026, 11, 22, 9, 0)),
        ("3d", datetime(2026, 11, 20, 10, 0)),
        ("3 days ago", datetime(2026, 11, 20, 10, 0)),
        ("3d ago", datetime(2026, 11, 20, 10, 0)),
        ("2h ago", datetime(2026, 11, 23, 8, 0)),
        ("2 hours ago", datetime(2026, 11, 23, 8, 0)),
        ("30m ago", datetime(2026, 11, 23, 9, 30)),
        ("90 minutes ago", datetime(2026, 11, 23, 8, 30)),
        ("an hour ago", datetime(2026, 11, 23, 9, 0)),
        ("2w ago", datetime(2026, 11, 9, 10, 0)),
        ("a week ago", datetime(2026, 11, 16, 10, 0)),
        ("2 months ago", datetime(2026, 9, 23, 10, 0)),
        ("1y ago", datetime(2025, 11, 23, 10, 0)),
        ("yesterday 3pm", datetime(2026, 11, 22, 15, 0)),
        ("yesterday at 3 p.m.", datetime(2026, 11, 22, 15, 0)),
        ("friday 15:30", datetime(2026, 11, 20, 15, 30)),
        ("3pm", datetime(2026, 11, 23, 15, 0)),
        ("9:30am", datetime(2026, 11, 23, 9, 30)),
        ("15:00", datetime(2026, 11, 23, 15, 0)),
        ("12am", datetime(2026, 11, 23, 0, 0)),
        ("12pm", datetime(2026, 11, 23, 12, 0)),
        ("noon", datetime(2026, 11, 23, 12, 0)),
        ("today 8:15", datetime(2026, 11, 23, 8, 15)),
        ("2026-11-20", datetime(2026, 11, 20, 9, 0)),
        ("2026-11-23", REF),
        ("2026-11-20T14:00", datetime(2026, 11, 20, 14, 0)),
        ("2026-11-20 14:00", datetime(2026, 11, 20, 14, 0)),
        ("2026-11-20T14:00:59.999+05:30", datetime(2026, 11, 20, 14, 0, 59)),
        ("2026-12-25", datetime(2026, 12, 25, 9, 0)),  # the future is the caller's call
        ("dec 3", datetime(2025, 12, 3, 9, 0)),
        ("11-20", datetime(2026, 11, 20, 9, 0)),
        ("3 dec 2027", datetime(2027, 12, 3, 9, 0)),
    ],
)
def test_parse_when_forms(text, expected):
    assert parse_when(text, REF) == expected


# ref day -> expected days of 'monday', 'friday', 'sunday' (looking back; None = ref itself)
BACKWARD = {
    23: (None, 20, 22),
    24: (23, 20, 22),
    25: (23, 20, 22),
    26: (23, 20, 22),
    27: (23, None, 22),
    28: (23, 27, 22),
    29: (23, 27, None),
}


@pytest.mark.parametrize("day", sorted(BACKWARD))
def test_when_weekday_looks_back_from_every_weekday(day):
    ref = on(day, hour=18)
    expected = [ref if d is None else on(d, hour=9) for d in BACKWARD[day]]
    assert [parse_when(t, ref) for t in ("monday", "friday", "sunday")] == expected
    assert parse_when("last friday", ref) == on(20, hour=9)


def test_when_every_weekday_name_from_monday():
    expected = [REF] + [datetime(2026, 11, 17 + i, 9) for i in range(6)]
    assert [parse_when(n, REF) for n in NAMES] == expected
    assert [parse_when(n, REF) for n in ABBRS] == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "0am", "3", "in 3 days", "12:60", "3 x"])
def test_parse_when_rejects(text):
    with pytest.raises(DateError):
        parse_when(text, REF)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "someday",
        "2026-02-30",
        "13-01",
        "feb 30",
        "friday-ish",
        "in -3 days",
        "x" * 500,
    ],
)
def test_parse_due_rejects_with_a_helpful_line(text):
    with pytest.raises(DateError) as caught:
        parse_due(text, REF)
    message = str(caught.value)
    assert "\n" not in message
    assert f"try one of: {ACCEPTED_FORMS}" in message
    assert text.strip()[:20] in message


def test_parse_when_error_lists_when_forms():
    with pytest.raises(DateError, match="can't read the moment 'whenever'") as caught:
        parse_when("whenever", REF)
    assert WHEN_FORMS in str(caught.value)


def test_error_message_is_one_printable_line():
    with pytest.raises(DateError) as caught:
        parse_due("fri\nday\x00", REF)
    assert "\n" not in str(caught.value) and "\x00" not in str(caught.value)


@pytest.mark.parametrize(
    "text", ["in 99999999 days", "99999999999999999999d", "1850-01-01", "3 dec 2300", "300y"]
)
def test_parse_due_out_of_range(text):
    with pytest.raises(DateError, match="out of range"):
        parse_due(text, REF)


@pytest.mark.parametrize("text", ["99999999999h ago", "1000y ago", "1899-12-31", "9999999w"])
def test_parse_when_out_of_range(text):
    with pytest.raises(DateError, match="out of range"):
        parse_when(text, REF)


def test_every_form_advertised_is_accepted():
    for form in ACCEPTED_FORMS.split(", "):
        parse_due(form, REF)
    for form in WHEN_FORMS.split(", "):
        parse_when(form, REF)


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


# --- parse_every / parse_interval --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("30d", 30),
        ("2w", 14),
        ("1m", 30),
        ("3m", 90),
        ("1y", 365),
        ("30", 30),
        ("30 days", 30),
        ("2 weeks", 14),
        ("1 day", 1),
        ("every 2 weeks", 14),
        ("every day", 1),
        ("weekly", 7),
        (" 6 Months ", 180),
    ],
)
def test_parse_every(text, days):
    assert parse_every(text) == days


@pytest.mark.parametrize("text", ["", "0", "0d", "-3d", "x", "dd", "2q", "1.5w", "99999y", "a"])
def test_parse_every_rejects(text):
    with pytest.raises(DateError):
        parse_every(text)


def test_parse_every_message():
    with pytest.raises(DateError) as caught:
        parse_every("often")
    assert str(caught.value) == "can't read the interval 'often'; use e.g. 30d, 2w, 3m"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2w", (2, "w")),
        ("30d", (30, "d")),
        ("1m", (1, "m")),
        ("1y", (1, "y")),
        ("3 months", (3, "m")),
    ],
)
def test_parse_interval(text, expected):
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text", ["0w", "", "2x", "w2"])
def test_parse_interval_rejects(text):
    with pytest.raises(DateError):
        parse_interval(text)


# --- arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        (date(2026, 1, 31), 1, "m", date(2026, 2, 28)),
        (date(2028, 1, 31), 1, "m", date(2028, 2, 29)),
        (date(2026, 10, 31), 1, "m", date(2026, 11, 30)),
        (date(2026, 12, 31), 2, "m", date(2027, 2, 28)),
        (date(2026, 3, 31), -1, "m", date(2026, 2, 28)),
        (date(2026, 11, 15), 14, "m", date(2028, 1, 15)),
        (date(2028, 2, 29), 1, "y", date(2029, 2, 28)),
        (date(2028, 2, 29), 4, "y", date(2032, 2, 29)),
        (date(2026, 11, 23), 2, "w", date(2026, 12, 7)),
        (date(2026, 12, 30), 3, "d", date(2027, 1, 2)),
        (date(2028, 2, 28), 1, "d", date(2028, 2, 29)),
    ],
)
def test_add_interval(start, n, unit, expected):
    assert add_interval(start, n, unit) == expected


def test_add_interval_errors():
    with pytest.raises(DateError):
        add_interval(date(2026, 1, 1), 1, "q")
    with pytest.raises(DateError):
        add_interval(date(2200, 12, 1), 1, "m")
    with pytest.raises(DateError):
        add_interval(date(2026, 1, 1), 10**12, "d")


def test_days_between():
    assert days_between(date(2026, 11, 20), date(2026, 11, 23)) == 3
    assert days_between(date(2026, 11, 23), date(2026, 11, 20)) == -3
    assert days_between(date(2028, 2, 1), date(2028, 3, 1)) == 29


# --- ISO parsers -------------------------------------------------------------------------


def test_parse_iso_date():
    assert parse_iso_date("2026-11-23") == date(2026, 11, 23)
    for bad in [
        "2026-11-23T09:00",
        "23/11/2026",
        "2026-2-3",
        "2026-02-30",
        "tomorrow",
        "",
        "1899-12-31",
    ]:
        with pytest.raises(DateError):
            parse_iso_date(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23T09:15", datetime(2026, 11, 23, 9, 15)),
        ("2026-11-23 09:15:30", datetime(2026, 11, 23, 9, 15, 30)),
        ("2026-11-23T09:15:30.999999", datetime(2026, 11, 23, 9, 15, 30)),
        ("2026-11-23T23:30:00-08:00", datetime(2026, 11, 23, 23, 30)),
        ("2026-11-23T09:00Z", datetime(2026, 11, 23, 9, 0)),
        ("2026-11-23", datetime(2026, 11, 23, 9, 0)),
    ],
)
def test_parse_iso_datetime(text, expected):
    got = parse_iso_datetime(text)
    assert got == expected and got.tzinfo is None


@pytest.mark.parametrize(
    "text", ["2026-11-23X09:00", "20261123T0900", "yesterday", "", "2026-11-23T25:00", "٢٠٢٦-11-23"]
)
def test_parse_iso_datetime_rejects(text):
    with pytest.raises(DateError):
        parse_iso_datetime(text)


# --- the clock ---------------------------------------------------------------------------


def test_now_uses_rapport_now(monkeypatch):
    monkeypatch.setenv("RAPPORT_NOW", "2026-11-23T09:00")
    assert now() == datetime(2026, 11, 23, 9, 0)


def test_now_keeps_wall_clock_of_an_offset(monkeypatch):
    monkeypatch.setenv("RAPPORT_NOW", "2026-11-23T09:00:00+01:00")
    got = now()
    assert got == datetime(2026, 11, 23, 9, 0) and got.tzinfo is None


def test_now_date_alone_means_nine(monkeypatch):
    monkeypatch.setenv("RAPPORT_NOW", "2026-11-23")
    assert now() == datetime(2026, 11, 23, 9, 0)


def test_now_drops_microseconds(monkeypatch):
    monkeypatch.setenv("RAPPORT_NOW", "2026-11-23T09:00:01.5")
    assert now() == datetime(2026, 11, 23, 9, 0, 1)


def test_now_rejects_bad_rapport_now(monkeypatch):
    monkeypatch.setenv("RAPPORT_NOW", "xyz")
    with pytest.raises(DateError) as caught:
        now()
    assert str(caught.value) == (
        "RAPPORT_NOW='xyz' is not an ISO 8601 date-time; use e.g. 2026-11-23T09:00"
    )


def test_now_without_rapport_now_is_the_real_clock(monkeypatch):
    monkeypatch.delenv("RAPPORT_NOW", raising=False)
    before = datetime.now().replace(microsecond=0)
    got = now()
    assert got.microsecond == 0 and got.tzinfo is None
    assert before <= got <= datetime.now()


# --- phrasing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (3, "in 3 days"),
        (-3, "3 days ago"),
        (13, "in 13 days"),
        (14, "in 2 weeks"),
        (-21, "3 weeks ago"),
        (59, "in 8 weeks"),
        (60, "in 2 months"),
        (-150, "5 months ago"),
        (364, "in 12 months"),
        (-365, "1 year ago"),
        (730, "in 2 years"),
        (-800, "2 years ago"),
    ],
)
def test_relative(days, phrase):
    assert relative(D + timedelta(days=days), D) == phrase


@pytest.mark.parametrize(
    ("days_late", "phrase"),
    [
        (1, "1 day late"),
        (5, "5 days late"),
        (0, "due today"),
        (-1, "due tomorrow"),
        (-3, "due in 3 days"),
    ],
)
def test_late_phrase(days_late, phrase):
    assert late_phrase(days_late) == phrase


# --- properties --------------------------------------------------------------------------


@given(refs, st.integers(0, 3650))
def test_prop_in_n_days(ref, n):
    expected = ref.date() + timedelta(days=n)
    assert parse_due(f"in {n} days", ref) == expected
    assert parse_due(f"{n}d", ref) == expected


@given(refs, st.integers(0, 6), st.booleans())
def test_prop_weekday_names(ref, weekday, short):
    name = (ABBRS if short else NAMES)[weekday]
    due = parse_due(name, ref)
    assert 0 <= (due - ref.date()).days <= 6 and due.weekday() == weekday
    when = parse_when(name, ref)
    assert 0 <= (ref.date() - when.date()).days <= 6 and when.weekday() == weekday
    assert when <= ref


@given(refs, in_range_dates)
def test_prop_iso_dates_round_trip(ref, d):
    if d.year > ref.year + 100:  # more than a century ahead is refused as a typo
        with pytest.raises(DateError, match="at most 100 years ahead"):
            parse_due(d.isoformat(), ref)
    else:
        assert parse_due(d.isoformat(), ref) == d
    assert parse_iso_date(d.isoformat()) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2189, 12, 31)), st.integers(0, 120))
def test_prop_add_months(d, n):
    got = add_interval(d, n, "m")
    assert got.day <= d.day
    assert (got.year * 12 + got.month) - (d.year * 12 + d.month) == n
    if d.day <= 28:
        assert got.day == d.day


WORDS = "in next last this end of the ago at a an every days d w m y h pm am friday dec t z"
TOKENS = st.sampled_from(
    [*WORDS.split(), "3", "12", "0", "99999999999", "-", ":", "+", "2026-11-20", "12-01"]
    + ["2026-02-29", "15:00", "3pm", "9:30", "\u0663", "\U0001f4a5", "\x00", "\n"]
)
odd_text = st.one_of(st.text(), st.lists(TOKENS, max_size=6).map(" ".join))


@given(odd_text, refs)
def test_prop_any_text_parses_or_raises_date_error(text, ref):
    for call in (lambda: parse_due(text, ref), lambda: parse_when(text, ref)):
        with contextlib.suppress(DateError):
            call()
    for parse in (parse_every, parse_interval, parse_iso_date, parse_iso_datetime):
        with contextlib.suppress(DateError):
            parse(text)
