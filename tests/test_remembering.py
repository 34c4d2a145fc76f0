"""rapport.remembering, pure: yearly dates, recurrence, cadence inheritance and suggestion ranking.

Expected dates are worked out by hand from the calendar: 2027 is not a leap year, 2028 is.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport import dates, remembering

# --- month and day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("03-14", "--03-14"),
        ("3-4", "--03-04"),
        ("--12-31", "--12-31"),
        ("02-29", "--02-29"),
        ("march 14", "--03-14"),  # a month and day in words is yearly too (issue 15)
        ("14th of March", "--03-14"),
    ],
)
def test_month_day_is_stored_without_a_year(text, stored):
    assert remembering.parse_month_day(text) == stored


@pytest.mark.parametrize("text", ["02-30", "13-01", "00-10", "04-31", "feb 30"])
def test_impossible_month_day_is_a_date_error(text):
    with pytest.raises(dates.DateError, match="MM-DD"):
        remembering.parse_month_day(text)


@pytest.mark.parametrize("text", ["2026-03-14", "march 14 2027", "friday", "0314"])
def test_other_forms_are_not_a_month_day(text):
    assert remembering.parse_month_day(text) is None


# --- yearly occurrence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 10), date(2027, 2, 28)),  # 2027 has no 29 February
        (date(2027, 2, 28), date(2027, 2, 28)),  # today counts
        (date(2027, 3, 1), date(2028, 2, 29)),  # next year is a leap year
        (date(2028, 1, 10), date(2028, 2, 29)),
        (date(2028, 3, 1), date(2029, 2, 28)),
    ],
)
def test_29_february_falls_on_28_february_in_other_years(today, expected):
    assert remembering.occurrence("--02-29", True, today) == expected


def test_yearly_date_passed_this_year_comes_next_year():
    assert remembering.occurrence("--03-14", True, date(2026, 11, 23)) == date(2027, 3, 14)
    assert remembering.occurrence("--12-31", True, date(2026, 12, 31)) == date(2026, 12, 31)


def test_yearly_date_with_a_year_starts_that_year():
    # A renewal first due in January 2028 does not come round in January 2027.
    assert remembering.occurrence("2028-01-10", True, date(2026, 11, 23)) == date(2028, 1, 10)
    # A birthday in 1985 comes round every year since.
    assert remembering.occurrence("1985-03-14", True, date(2026, 11, 23)) == date(2027, 3, 14)


def test_one_off_date_comes_once():
    assert remembering.occurrence("2026-11-23", False, date(2026, 11, 23)) == date(2026, 11, 23)
    assert remembering.occurrence("2026-11-22", False, date(2026, 11, 23)) is None


def test_years_are_counted_from_the_year_given():
    row = {"label": "birthday", "on_date": "1985-03-14", "yearly": 1}
    assert remembering.date_label(row, date(2027, 3, 14)) == "birthday (42 years)"
    assert remembering.date_label({**row, "on_date": "--03-14"}, date(2027, 3, 14)) == "birthday"


@given(
    st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 1, 1)),
    st.integers(1, 12),
    st.integers(1, 31),
)
def test_yearly_occurrence_is_within_a_year_on_its_day(today, month, day):
    try:
        date(2000, month, day)
    except ValueError:
        return
    found = remembering.occurrence(f"--{month:02d}-{day:02d}", True, today)
    assert today <= found < today + timedelta(days=366)
    if (month, day) == (2, 29) and found.day == 28:
        assert found.month == 2 and not remembering._is_leap(found.year)
    else:
        assert (found.month, found.day) == (month, day)


def test_upcoming_keeps_the_window_and_orders_by_date():
    rows = [
        {"id": 1, "contact": "B", "label": "far", "on_date": "--12-24", "yearly": 1},
        {"id": 2, "contact": "A", "label": "soon", "on_date": "--11-30", "yearly": 1},
        {"id": 3, "contact": "C", "label": "today", "on_date": "2026-11-23", "yearly": 0},
        {"id": 4, "contact": "D", "label": "gone", "on_date": "2026-11-22", "yearly": 0},
    ]
    found = remembering.upcoming(rows, date(2026, 11, 23), 7)
    assert [(r["label"], r["in_days"]) for r in found] == [("today", 0), ("soon", 7)]


# --- recurrence ----------------------------------------------------------------------------


def test_monthly_series_keeps_to_the_31st():
    anchor = date(2027, 1, 31)
    feb = remembering.next_due("1m", False, anchor, anchor, anchor, anchor)
    assert feb == date(2027, 2, 28)
    mar = remembering.next_due("1m", False, anchor, feb, feb, feb)
    assert mar == date(2027, 3, 31)
    assert remembering.next_due("1m", False, anchor, mar, mar, mar) == date(2027, 4, 30)


def test_monthly_series_in_a_leap_year():
    anchor = date(2028, 1, 31)
    assert remembering.next_due("1m", False, anchor, anchor, anchor, anchor) == date(2028, 2, 29)


def test_yearly_series_from_29_february():
    anchor = date(2028, 2, 29)
    nxt = remembering.next_due("1y", False, anchor, anchor, anchor, anchor)
    assert nxt == date(2029, 2, 28)
    assert remembering.next_in_schedule(anchor, 1, "y", date(2031, 2, 28)) == date(2032, 2, 29)


def test_from_due_ignores_when_it_was_done():
    anchor = date(2026, 11, 30)
    done_late = date(2026, 12, 20)
    found = remembering.next_due("2w", False, anchor, anchor, anchor, done_late)
    assert found == date(2026, 12, 14)


def test_after_done_counts_from_the_day_it_was_done():
    due = date(2026, 11, 30)
    assert remembering.next_due("2w", True, due, due, due, date(2026, 12, 3)) == date(2026, 12, 17)
    # month arithmetic from the done day clamps too: 31 January + 1 month
    assert remembering.next_due("1m", True, due, due, due, date(2027, 1, 31)) == date(2027, 2, 28)


def test_a_moved_occurrence_skips_the_slots_it_was_moved_past():
    anchor = date(2026, 11, 2)  # weekly on Mondays
    moved_to = date(2026, 11, 18)  # the 9 Nov occurrence moved past the 16 Nov slot
    nxt = remembering.next_due("1w", False, anchor, date(2026, 11, 9), moved_to, moved_to)
    assert nxt == date(2026, 11, 23)
    # moved earlier: the next is still the slot after its scheduled day
    early = date(2026, 11, 5)
    assert remembering.next_due("1w", False, anchor, date(2026, 11, 9), early, early) == date(
        2026, 11, 16
    )


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(1, 24),
    st.sampled_from("dwmy"),
    st.integers(0, 2000),
)
def test_next_in_schedule_is_the_first_slot_after(anchor, n, unit, offset):
    after = anchor + timedelta(days=offset)
    found = remembering.next_in_schedule(anchor, n, unit, after)
    assert found > after
    # Slots are counted from the anchor, never from a clamped slot (Jan 31, Feb 28, Mar 31).
    count, step = (n, unit) if unit in "dw" else (n * (12 if unit == "y" else 1), "m")
    k = 1
    while (slot := dates.add_interval(anchor, k * count, step)) <= after:
        k += 1
    assert found == slot


def test_every_is_stored_canonically():
    assert remembering.parse_every("monthly") == "1m"
    assert remembering.parse_every("2 weeks") == "2w"
    assert remembering.every_words("1m") == "every month"
    assert remembering.every_words("2w", True) == "every 2 weeks, counted from when each is done"


# --- cadence inheritance -------------------------------------------------------------------


def test_own_cadence_wins_over_tags():
    assert remembering.cadence(7, [("vip", 30), ("client", 14)]) == (7, None)


def test_shortest_tag_cadence_is_taken():
    assert remembering.cadence(None, [("client", 30), ("vip", 14), ("plain", None)]) == (14, "vip")


def test_no_cadence_anywhere():
    assert remembering.cadence(None, [("plain", None)]) == (None, None)
    assert remembering.cadence(None, []) == (None, None)


# --- suggestion reasons and ranking --------------------------------------------------------

TODAY = date(2026, 11, 23)


def promise(due, direction="mine", kind="promise"):
    return {"id": 1, "kind": kind, "direction": direction, "text": "deck", "due": due}


@pytest.mark.parametrize(
    ("due", "weight"),
    [("2026-11-20", 53), ("2026-10-01", 80), ("2026-11-23", 40), ("2026-11-26", 37)],
)
def test_promise_reason_weights(due, weight):
    assert remembering.promise_reason(promise(due), TODAY)["weight"] == weight


def test_promise_reason_only_for_mine_and_soon():
    assert remembering.promise_reason(promise("2026-11-27"), TODAY) is None  # 4 days away
    assert remembering.promise_reason(promise("2026-11-20", direction="theirs"), TODAY) is None
    assert remembering.promise_reason(promise("2026-11-20", kind="followup"), TODAY) is None
    late = remembering.promise_reason(promise("2026-11-20"), TODAY)
    assert late["text"] == "they are waiting on 'deck', 3 days late"


def test_date_reason_weights():
    row = {"id": 5, "label": "birthday", "on_date": "--11-25", "yearly": 1}
    soon = remembering.date_reason({**row, "next": "2026-11-25", "in_days": 2}, TODAY)
    assert soon["weight"] == 39
    assert soon["text"] == "birthday is in 2 days (2026-11-25)"
    assert remembering.date_reason({**row, "next": "2026-12-01", "in_days": 8}, TODAY) is None


def test_cadence_reason_weighs_the_limit_more():
    item = {"text": "spoke 40 days ago · every 30", "days_late": 10, "late": False}
    assert remembering.cadence_reason(item)["weight"] == pytest.approx(20 + 10 / 3)
    late = remembering.cadence_reason({**item, "late": True})
    assert late["weight"] == pytest.approx(35 + 10 / 3)
    assert remembering.cadence_reason(item)["text"].endswith("time to reconnect")


def test_trust_reason_only_when_falling():
    assert remembering.trust_reason({"trend": -4.0}) is None
    assert remembering.trust_reason({"trend": None}) is None
    falling = remembering.trust_reason({"trend": -10.0})
    assert falling["weight"] == 20
    assert falling["text"] == "trust fell 10 points in 30 days"


def test_rank_sums_reasons_and_keeps_a_handful():
    def r(weight):
        return {"kind": "x", "id": None, "text": str(weight), "weight": weight}

    reasons = {
        "Overdue Ltd": [r(53)],  # 53
        "Busy Ltd": [r(24), r(39)],  # 63: two reasons in one call
        "Quiet Ltd": [r(25)],
        "Tie B": [r(30)],
        "tie a": [r(30)],
        "Nothing Ltd": [],
    }
    ranked = remembering.rank(reasons, 4)
    assert [s["contact"] for s in ranked] == ["Busy Ltd", "Overdue Ltd", "tie a", "Tie B"]
    assert [x["weight"] for x in ranked[0]["reasons"]] == [39, 24]  # heaviest reason first
    assert ranked[0]["weight"] == 63
