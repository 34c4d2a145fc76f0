"""The brief's pure parts: every suggestion rule, the sections, organisations, the line budget.

Today is Monday 2026-11-23 (Wed 25, Fri 27; next Monday 30 Nov). Every expected value below
is worked out from that calendar by hand.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport import brief as b
from rapport import brief_rules as br
from rapport import remembering
from rapport.render import brief as r

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0)


def ix(day: str, **kw: Any) -> dict[str, Any]:
    row = {"at": f"{day}T10:00:00", "channel": None, "summary": "call", "minutes": None}
    row |= {"planned": None, "tone": None, "thanked": 0, "asked_advice": 0}
    return row | kw


def pr(pid: int, due: str, **kw: Any) -> dict[str, Any]:
    row = {"id": pid, "kind": "promise", "direction": "mine", "text": f"p{pid}", "due": due}
    row |= {"status": "open", "done_on": None, "closed_on": None, "moves": []}
    return row | kw


def inc(day: str, **kw: Any) -> dict[str, Any]:
    row = {"id": 1, "at": f"{day}T09:00:00", "text": "oops", "owned": 0, "told_first": 0}
    return row | {"resolved_on": None} | kw


def ex(text: str, agreed: bool, day: str = "2026-10-13") -> dict[str, Any]:
    return {"id": 1, "at": f"{day}T10:00:00", "text": text, "agreed": int(agreed)}


def facts(**kw: Any) -> br.Facts:
    return br.Facts(today=TODAY, **kw)


# --- ask_preferences -----------------------------------------------------------------------


def test_a_successor_without_preferences_is_told_to_ask_naming_the_predecessor():
    got = br.ask_preferences(facts(contact={"channel": "phone"}, predecessor="Marco"))
    assert got.text == "ask how they like to work"
    assert got.reason == "they replaced Marco, whose preferences are not theirs"


def test_a_successor_with_all_preferences_or_no_predecessor_needs_no_asking():
    known = {"channel": "phone", "style": "detail", "attitude": "rigid"}
    assert br.ask_preferences(facts(contact=known, predecessor="Marco")) is None
    assert br.ask_preferences(facts(contact={})) is None


# --- own_overdue ---------------------------------------------------------------------------


def test_the_oldest_overdue_promise_of_mine_is_owned_up_to():
    got = br.own_overdue(facts(promises=[pr(2, "2026-11-20"), pr(1, "2026-11-06")]))
    assert got.text == "own up to 'p1' and agree a new date"
    assert got.reason == "it is 17 days late (1 more overdue)"  # 6 Nov to 23 Nov


def test_due_today_theirs_and_done_promises_are_not_overdue_of_mine():
    rows = [
        pr(1, "2026-11-23"),
        pr(2, "2026-11-01", direction="theirs"),
        pr(3, "2026-11-01", status="done", done_on="2026-11-02"),
        pr(4, "2026-11-01", kind="followup"),
    ]
    assert br.own_overdue(facts(promises=rows)) is None


# --- ask_first -----------------------------------------------------------------------------


def test_an_incident_not_told_first_asks_to_ask_before_deciding():
    got = br.ask_first(facts(incidents=[inc("2026-10-13")]))
    assert (got.text, got.reason) == (
        "ask before deciding for them",
        "an incident on 2026-10-13 was not told first",
    )


def test_told_first_or_year_old_incidents_do_not_ask():
    assert br.ask_first(facts(incidents=[inc("2026-10-13", told_first=1)])) is None
    assert br.ask_first(facts(incidents=[inc("2025-11-22")])) is None  # 366 days ago
    assert br.ask_first(facts(incidents=[inc("2025-11-23")])) is not None  # 365 days ago


# --- renegotiate and was_late ---------------------------------------------------------------

LATE_TWICE = [
    pr(1, "2026-10-01", status="done", done_on="2026-10-03"),
    pr(2, "2026-10-10", status="broken", closed_on="2026-10-20"),
]


def test_renegotiate_when_due_soon_and_the_last_two_promises_were_late():
    rows = [pr(3, "2026-11-25", text="send proposal"), *LATE_TWICE]
    got = br.renegotiate(facts(promises=rows))
    assert got.text == "renegotiate 'send proposal' before Wednesday"
    assert got.reason == "it is due in 2 days and the last two promises were late"


def test_renegotiate_today_when_due_today_or_tomorrow():
    got = br.renegotiate(facts(promises=[pr(3, "2026-11-24"), *LATE_TWICE]))
    assert got.text == "renegotiate 'p3' today" and "due tomorrow" in got.reason


def test_no_renegotiation_with_a_good_record_or_nothing_due_soon():
    on_time = pr(9, "2026-11-01", status="done", done_on="2026-11-01")
    soon = pr(3, "2026-11-25")
    assert br.renegotiate(facts(promises=[soon, LATE_TWICE[0], on_time])) is None
    assert br.renegotiate(facts(promises=[pr(3, "2026-12-01"), *LATE_TWICE])) is None  # 8 days
    assert br.renegotiate(facts(promises=[soon, LATE_TWICE[0]])) is None  # one closed only


def test_was_late_follows_fair_renegotiation():
    told_in_time = [{"old_due": "2026-10-23", "new_due": "2026-10-30", "moved_on": "2026-10-20",
                     "told": 1}]
    told_late = [{"old_due": "2026-10-23", "new_due": "2026-10-30", "moved_on": "2026-10-25",
                  "told": 1}]
    kept = {"status": "done", "done_on": "2026-10-29", "due": "2026-10-30"}
    assert br.was_late(pr(1, **kept, moves=told_in_time)) is False
    assert br.was_late(pr(1, **kept, moves=told_late)) is True  # judged by 23 Oct
    assert br.was_late(pr(1, "2026-10-30", status="cancelled")) is None
    assert br.was_late(pr(1, "2026-10-30")) is None


# --- keep_to_time, channel, tone, thanks ----------------------------------------------------


def test_keep_to_time_when_the_last_two_timed_calls_ran_over():
    rows = [
        ix("2026-11-16", minutes=40, planned=15),
        ix("2026-11-01"),  # not timed: skipped
        ix("2026-10-14", minutes=75, planned=30),
    ]
    got = br.keep_to_time(facts(interactions=rows))
    assert got.text == "keep to 15 minutes"
    assert got.reason == "the last two calls ran over the agreed time (40 of 15, 75 of 30 minutes)"


def test_keep_to_time_is_quiet_when_one_of_the_two_kept_time():
    rows = [ix("2026-11-16", minutes=30, planned=30), ix("2026-10-14", minutes=75, planned=30)]
    assert br.keep_to_time(facts(interactions=rows)) is None
    assert br.keep_to_time(facts(interactions=rows[1:])) is None  # only one timed call


def test_use_their_channel_when_the_last_two_missed_it():
    rows = [ix("2026-11-16", channel="email"), ix("2026-10-14", channel="email")]
    got = br.use_their_channel(facts(contact={"channel": "phone"}, interactions=rows))
    assert got.text == "reach them by phone"
    assert got.reason == "the last two contacts were by email though they prefer phone"
    rows[1]["channel"] = "phone"
    assert br.use_their_channel(facts(contact={"channel": "phone"}, interactions=rows)) is None


def test_thank_them_after_three_calls_without_thanks():
    calls = [ix(f"2026-11-{d}", channel="phone") for d in (2, 9, 16)]
    got = br.thank_them(facts(interactions=calls))
    assert (got.text, got.reason) == ("thank them", "the last three calls had no thanks recorded")
    mixed = [*calls[:2], ix("2026-11-20", channel="email")]
    assert br.thank_them(facts(interactions=mixed)).reason.endswith("three interactions had no "
                                                                   "thanks recorded")
    thanked = [*calls[:2], ix("2026-11-20", thanked=1)]
    assert br.thank_them(facts(interactions=thanked)) is None
    assert br.thank_them(facts(interactions=calls[:2])) is None
    # thanks older than the last three do not count
    old = [ix("2026-10-01", thanked=1), *calls]
    assert br.thank_them(facts(interactions=old)) is not None


def test_start_by_listening_after_two_tense_interactions():
    rows = [ix("2026-11-16", tone="tense"), ix("2026-11-10"), ix("2026-10-14", tone="tense")]
    assert br.start_by_listening(facts(interactions=rows)).reason == (
        "the last two interactions were tense"
    )
    rows[2]["tone"] = "warm"
    assert br.start_by_listening(facts(interactions=rows)) is None


# --- rhythm and reconnect ---------------------------------------------------------------------


def test_reconnect_counts_the_days_past_the_rhythm():
    f = facts(contact={"every_days": 30}, interactions=[ix("2026-09-10")])
    got = br.reconnect(f)
    assert got.reason == "74 days since we last spoke, against a 30-day rhythm"  # 20+31+23
    assert br.rhythm(f.contact, f.interactions, TODAY)["days_over"] == 44


def test_reconnect_is_quiet_within_the_rhythm_or_without_one():
    assert br.reconnect(facts(contact={"every_days": 14}, interactions=[ix("2026-11-16")])) is None
    assert br.reconnect(facts(contact={}, interactions=[ix("2026-01-01")])) is None


def test_never_spoken_counts_from_when_the_contact_was_added():
    contact = {"every_days": 14, "created_at": "2026-11-01T09:00:00"}
    got = br.reconnect(facts(contact=contact))
    assert got.reason == "22 days since they were added, with no contact logged, against a " \
                         "14-day rhythm"


def test_rhythm_text():
    contact = {"every_days": 14}
    assert br.rhythm(contact, [ix("2026-11-16")], TODAY)["text"] == (
        "last spoke 7 days ago (2026-11-16), every 14 days: next due in 7 days"
    )
    assert br.rhythm({}, [ix("2026-11-23")], TODAY)["text"] == (
        "last spoke today (2026-11-23); no rhythm agreed"
    )


# --- theirs, dates, expectations, style, fallbacks ------------------------------------------


def test_chase_what_they_owe_me():
    rows = [pr(1, "2026-11-10", direction="theirs", text="signed contract")]
    got = br.chase_theirs(facts(promises=rows))
    assert got.text == "ask about 'signed contract'"
    assert got.reason == "they promised it for 2026-11-10; it is 13 days late"


def test_mention_a_date_within_two_weeks():
    soon = b.upcoming([{"label": "birthday", "on_date": "--12-02", "yearly": 1}], TODAY)
    got = br.mention_date(facts(dates=soon))
    assert (got.text, got.reason) == ("remember birthday", "it is in 9 days (2026-12-02)")
    later = b.upcoming([{"label": "renewal", "on_date": "2026-12-08", "yearly": 0}], TODAY)
    assert later[0]["in_days"] == 15 and br.mention_date(facts(dates=later)) is None


def test_expectations_missing_or_unagreed_are_suggested():
    assert br.agree_expectations(facts()).reason == "no expectations are recorded"
    got = br.agree_expectations(facts(expectations=[ex("weekly", False), ex("friday", False)]))
    assert got.reason == "2 recorded, none agreed yet"
    assert br.agree_expectations(facts(expectations=[ex("weekly", True)])) is None


def test_learn_style_names_what_is_missing_but_not_for_a_successor():
    assert br.learn_style(facts(contact={"style": "detail"})).reason == "no attitude recorded"
    assert br.learn_style(facts(contact={})).reason == "no style or attitude recorded"
    assert br.learn_style(facts(contact={}, predecessor="Marco")) is None


def test_fallbacks_deliver_next_recap_and_next_step():
    got = br.deliver_next(facts(promises=[pr(4, "2026-11-27", text="final report")]))
    assert (got.text, got.reason) == (
        "confirm 'final report' is on track",
        "it is due in 4 days (2026-11-27)",
    )
    recap = br.recap_agreed(facts(expectations=[ex("Friday status", True, "2026-08-24")]))
    assert recap.text == "keep to 'Friday status'"
    assert recap.reason == "agreed with them on 2026-08-24"
    assert br.next_step(facts()).text == "agree a next step before the call ends"
    assert br.next_step(facts(promises=[pr(1, "2026-12-01", direction="theirs")])) is None


def test_suggestions_keep_the_first_three_rules_that_apply_in_order():
    f = facts(
        contact={"channel": "phone", "every_days": 14},
        promises=[pr(1, "2026-11-06")],
        incidents=[inc("2026-10-13")],
        interactions=[
            ix("2026-11-16", channel="email", minutes=40, planned=15, tone="tense"),
            ix("2026-10-14", channel="email", minutes=75, planned=30, tone="tense"),
        ],
    )
    assert [s.rule for s in br.suggestions(f)] == ["own_overdue", "ask_first", "keep_to_time"]


RULE_ORDER = [rule.__name__ for rule in br.RULES]


@given(
    thanked=st.lists(st.booleans(), max_size=5),
    over=st.lists(st.integers(0, 90), max_size=5),
    dues=st.lists(st.integers(-30, 30), max_size=4),
    told=st.lists(st.booleans(), max_size=3),
    agreed=st.lists(st.booleans(), max_size=3),
)
def test_at_most_three_distinct_suggestions_in_rule_order(thanked, over, dues, told, agreed):
    interactions = [
        ix(f"2026-11-{n + 1:02d}", thanked=int(t), minutes=m, planned=30)
        for n, (t, m) in enumerate(zip(thanked, over, strict=False))
    ]
    promises = [
        pr(n, date.fromordinal(TODAY.toordinal() + d).isoformat()) for n, d in enumerate(dues)
    ]
    incidents = [inc(f"2026-10-{n + 1:02d}", told_first=int(t)) for n, t in enumerate(told)]
    f = facts(
        contact={"every_days": 14},
        interactions=interactions,
        promises=promises,
        incidents=incidents,
        expectations=[ex("x", a) for a in agreed],
    )
    rules = [s.rule for s in br.suggestions(f)]
    assert len(rules) <= br.MAX_SUGGESTIONS and len(set(rules)) == len(rules)
    assert rules == sorted(rules, key=RULE_ORDER.index)
    assert len(rules) >= 1  # a contact with a rhythm always gets something to act on


# --- dates to remember -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_date", "yearly", "today", "expected"),
    [
        ("--12-02", 1, TODAY, date(2026, 12, 2)),
        ("--01-05", 1, TODAY, date(2027, 1, 5)),  # this year's has passed
        ("--11-23", 1, TODAY, date(2026, 11, 23)),  # today counts
        ("1980-12-02", 1, TODAY, date(2026, 12, 2)),  # a full date marked yearly
        ("2027-12-01", 1, TODAY, date(2027, 12, 1)),  # yearly from 2027: not before
        ("--02-29", 1, date(2027, 2, 1), date(2027, 2, 28)),  # not a leap year
        ("--02-29", 1, date(2028, 2, 1), date(2028, 2, 29)),
        ("2027-03-14", 0, TODAY, date(2027, 3, 14)),
        ("2026-11-01", 0, TODAY, None),  # a one-off date gone by
    ],
)
def test_the_brief_dates_come_round_as_remembering_says(on_date, yearly, today, expected):
    row = {"label": "x", "on_date": on_date, "yearly": yearly}
    assert remembering.occurrence(on_date, bool(yearly), today) == expected
    shown = expected and (expected - today).days <= b.DATES_AHEAD_DAYS
    found = [d["date"] for d in b.upcoming([row], today)]
    assert found == ([expected.isoformat()] if shown else [])


def test_an_unreadable_date_is_skipped_not_a_crash():
    assert b.upcoming([{"label": "x", "on_date": "--13-40", "yearly": 1}], TODAY) == []


def test_upcoming_keeps_sixty_days_soonest_first():
    rows = [
        {"label": "renewal", "on_date": "2027-01-22", "yearly": 0},  # 60 days: in
        {"label": "far", "on_date": "2027-01-23", "yearly": 0},  # 61 days: out
        {"label": "birthday", "on_date": "--12-02", "yearly": 1},
    ]
    got = b.upcoming(rows, TODAY)
    assert [(d["label"], d["in_days"], d["yearly"]) for d in got] == [
        ("birthday", 9, True),
        ("renewal", 60, False),
    ]


# --- preferences and organisations ------------------------------------------------------------


def test_a_successor_inherits_no_preferences_and_the_note_names_the_predecessor():
    prefs = b.preferences({"channel": None}, "Marco Rossi")
    assert prefs["channel"] is None
    assert prefs["note"] == (
        "replaces Marco Rossi, whose preferences are not theirs; none of their own yet"
    )
    assert b.preferences({"channel": "phone"}, None)["note"] is None


PEOPLE = [
    {"id": 1, "name": "Northwind Traders", "org": "Northwind", "archived": 0},
    {"id": 2, "name": "Marco Rossi", "org": "Northwind", "archived": 0},
    {"id": 3, "name": "Jana Novak", "org": "northwind ", "archived": 0},
    {"id": 4, "name": "Old Contact", "org": "Northwind", "archived": 1},
    {"id": 5, "name": "Acme", "org": "Acme", "archived": 0},
    {"id": 6, "name": "José Núñez", "org": "Café Uno", "archived": 0},
    {"id": 7, "name": "Ana", "org": "cafe uno", "archived": 0},
]


def test_an_organisation_of_two_or_more_active_people_is_briefed_as_one():
    assert b.pick_subject("NORTHWIND", PEOPLE) == ("Northwind", [1, 2, 3])
    # a tie between spellings: the first in sort order names it
    assert b.pick_subject("cafe uno", PEOPLE) == ("Café Uno", [6, 7])


def test_a_contact_name_wins_and_an_organisation_of_one_is_its_person():
    assert b.pick_subject("acme", PEOPLE) is None
    assert b.pick_subject("marco", PEOPLE) is None  # no org of that name: a contact name
    assert b.org_of("acme", PEOPLE) == ("Acme", [5])  # --org still reaches it
    assert b.org_names(PEOPLE) == ["Acme", "Café Uno", "Northwind"]


# --- the screen's line budget and Markdown -------------------------------------------------------


def test_allot_gives_one_line_each_first_then_the_rest_in_order():
    assert r.allot([3, 1, 2], 4) == [2, 1, 1]
    assert r.allot([3, 1, 2], 2) == [1, 1, 0]
    assert r.allot([2, 2], 10) == [2, 2]


def test_cut_says_how_many_more():
    assert r._cut(["a", "b", "c"], 3) == ["a", "b", "c"]
    assert r._cut(["a", "b", "c"], 2) == ["a", "… 2 more (--full)"]
    assert r._cut(["a", "b"], 1) == ["a  … 1 more (--full)"]


def test_markdown_escapes_user_text():
    assert r.md("[bold]x*y*[/bold]") == "\\[bold\\]x\\*y\\*\\[/bold\\]"
    assert r.md("# not a heading") == "\\# not a heading"
    # the control character is shown as \x07, and that backslash escaped so Markdown shows it
    assert r.md("bell\x07") == "bell\\\\x07"
