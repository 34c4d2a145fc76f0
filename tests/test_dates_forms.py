"""The forms people type that rapport used to refuse (issue 15), worked out by hand.

REF is Monday 23 November 2026, 10:00. That week's Friday is 27 Nov; next week's is 4 Dec.
"""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.dates import (
    DAY_FIRST,
    DAY_PARTS,
    MONTH_FIRST,
    DateError,
    parse_due,
    parse_every,
    parse_month_day,
    parse_when,
)

REF = datetime(2026, 11, 23, 10, 0)
refs = st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3pm", date(2026, 11, 23)),  # a time alone is today
        ("15:30", date(2026, 11, 23)),
        ("noon", date(2026, 11, 23)),
        ("tonight", date(2026, 11, 23)),
        ("tomorrow morning", date(2026, 11, 24)),
        ("friday afternoon", date(2026, 11, 27)),
        ("5/12", date(2026, 12, 5)),  # day-month by default
        ("5/12/2027", date(2027, 12, 5)),
        ("5.12.27", date(2027, 12, 5)),
        ("2026-3-5", date(2026, 3, 5)),
        ("2026/12/5", date(2026, 12, 5)),
        ("end of next week", date(2026, 12, 4)),
        ("end of next month", date(2026, 12, 31)),
        ("in two weeks", date(2026, 12, 7)),
        ("in a week", date(2026, 11, 30)),
        ("three days", date(2026, 11, 26)),
        ("mid march", date(2027, 3, 15)),
        ("mid december", date(2026, 12, 15)),
        ("beginning of may", date(2027, 5, 1)),
        ("end of february", date(2027, 2, 28)),
        ("march 14", date(2027, 3, 14)),
    ],
)
def test_due_forms(text, expected):
    assert parse_due(text, REF) == expected


def test_numeric_dates_follow_the_order_setting():
    assert parse_due("5/12", REF, MONTH_FIRST) == date(2027, 5, 12)
    assert parse_due("12/5", REF, MONTH_FIRST) == date(2026, 12, 5)
    with pytest.raises(DateError, match="can't read"):
        parse_due("13/5", REF, MONTH_FIRST)  # no 13th month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this morning", datetime(2026, 11, 23, 9, 0)),
        ("yesterday afternoon", datetime(2026, 11, 22, 15, 0)),
        ("last night", datetime(2026, 11, 22, 20, 0)),
        ("friday evening", datetime(2026, 11, 20, 18, 0)),
        ("two days ago", datetime(2026, 11, 21, 10, 0)),
        ("5/11", datetime(2026, 11, 5, 9, 0)),
        ("mid october", datetime(2026, 10, 15, 9, 0)),
        ("2026-9-1 14:00", datetime(2026, 9, 1, 14, 0)),
    ],
)
def test_when_forms(text, expected):
    assert parse_when(text, REF) == expected


def test_every_with_a_number_word():
    assert parse_every("every two weeks") == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [("march 14", (3, 14)), ("14th of March", (3, 14)), ("Mar 14", (3, 14)), ("14 mar", (3, 14))],
)
def test_month_and_day_without_a_year(text, expected):
    assert parse_month_day(text) == expected


@pytest.mark.parametrize("text", ["march 14 2027", "2027-03-14", "friday", "march"])
def test_month_and_day_refuses_the_rest(text):
    assert parse_month_day(text) is None


@pytest.mark.parametrize("text", ["2200-01-01", "in 101 years", "1 jan 2127"])
def test_a_date_beyond_reason_is_refused(text):
    with pytest.raises(DateError, match="at most 100 years ahead"):
        parse_due(text, REF)


def test_a_century_ahead_is_still_accepted():
    assert parse_due("in 100 years", REF) == date(2126, 11, 23)


# --- properties --------------------------------------------------------------------------

days_in_year = st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31))


@settings(deadline=None)
@given(refs, days_in_year)
def test_prop_numeric_order_is_a_swap(ref, day):
    d, m = day.day, day.month
    got = parse_due(f"{d}/{m}", ref, DAY_FIRST)
    assert got == parse_due(f"{m}/{d}", ref, MONTH_FIRST)
    assert (got.month, got.day) == (m, d)
    assert 0 <= (got - ref.date()).days <= 366


@settings(deadline=None)
@given(refs, st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"]))
def test_prop_a_time_alone_is_today(ref, hour, minute, half):
    assert parse_due(f"{hour}:{minute:02d}{half}", ref) == ref.date()
    assert parse_when(f"{hour}:{minute:02d}{half}", ref).date() == ref.date()


@settings(deadline=None)
@given(refs, st.sampled_from(sorted(DAY_PARTS)))
def test_prop_day_parts_have_their_hour(ref, part):
    yesterday = ref.date() - timedelta(days=1)
    assert parse_when(f"yesterday {part}", ref) == datetime.combine(yesterday, DAY_PARTS[part])
    assert parse_due(f"tomorrow {part}", ref) == ref.date() + timedelta(days=1)


@settings(deadline=None)
@given(refs, st.integers(1, 12))
def test_prop_number_words_equal_digits(ref, n):
    words = ("one", "two", "three", "four", "five", "six")
    word = (*words, "seven", "eight", "nine", "ten", "eleven", "twelve")[n - 1]
    for unit in ("days", "weeks", "months"):
        assert parse_due(f"in {word} {unit}", ref) == parse_due(f"in {n} {unit}", ref)


@settings(deadline=None)
@given(refs)
def test_prop_end_of_next_week_is_the_friday_of_next_week(ref):
    for start in ("monday", "sunday"):
        got = parse_due("end of next week", ref, week_start=start)
        begins = parse_due("next week", ref, week_start=start)
        assert got.weekday() == 4 and 0 <= (got - begins).days <= 6
        assert 5 <= (got - ref.date()).days <= 13


@settings(deadline=None)
@given(refs, st.integers(1, 12))
def test_prop_mid_month_is_the_next_fifteenth(ref, month):
    first_half = ("jan", "feb", "mar", "apr", "may", "jun")
    name = (*first_half, "jul", "aug", "sep", "oct", "nov", "dec")[month - 1]
    got = parse_due(f"mid {name}", ref)
    assert (got.month, got.day) == (month, 15) and 0 <= (got - ref.date()).days < 366
    back = parse_when(f"mid {name}", ref).date()
    assert (back.month, back.day) == (month, 15) and 0 <= (ref.date() - back).days < 366


@settings(deadline=None)
@given(refs, st.integers(0, 300))
def test_prop_typed_dates_stop_a_century_ahead(ref, years):
    text = f"{ref.year + years}-01-01"
    if years > 100:
        with pytest.raises(DateError, match="out of range"):
            parse_due(text, ref)
    elif ref.year + years <= 2200:
        assert parse_due(text, ref) == date(ref.year + years, 1, 1)


def test_next_week_follows_the_week_start():
    assert parse_due("next week", REF) == date(2026, 11, 30)  # Monday
    assert parse_due("next week", REF, week_start="sunday") == date(2026, 11, 29)
    sunday = datetime(2026, 11, 29, 10, 0)
    assert parse_due("next week", sunday, week_start="sunday") == date(2026, 12, 6)


SUNDAY = datetime(2026, 11, 29, 10, 0)  # the last day of a Monday week, the first of a Sunday one


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        # Monday start: next week is Mon 30 Nov - Sun 6 Dec; Sunday start: Sun 6 - Sat 12 Dec.
        ("next week", date(2026, 11, 30), date(2026, 12, 6)),
        ("next friday", date(2026, 12, 4), date(2026, 12, 11)),
        ("next sunday", date(2026, 12, 6), date(2026, 12, 6)),
        ("end of next week", date(2026, 12, 4), date(2026, 12, 11)),
        ("end of week", date(2026, 12, 4), date(2026, 12, 4)),  # the coming Friday
        ("this week", date(2026, 12, 4), date(2026, 12, 4)),
    ],
)
def test_a_sunday_reads_weeks_by_the_week_start(text, monday, sunday):
    assert parse_due(text, SUNDAY) == monday
    assert parse_due(text, SUNDAY, week_start="sunday") == sunday


def test_last_friday_is_in_last_week_by_the_week_start():
    # Monday start: last week was Mon 16 - Sun 22 Nov; Sunday start: Sun 22 - Sat 28 Nov.
    assert parse_when("last friday", SUNDAY).date() == date(2026, 11, 20)
    assert parse_when("last friday", SUNDAY, week_start="sunday").date() == date(2026, 11, 27)


def test_this_week_is_its_friday():
    assert parse_due("this week", REF) == date(2026, 11, 27)
