"""Each fact has one home, so every command that shows it says the same: when a yearly
date comes round, a contact's rhythm (own or from a tag), and `score` on a first day.

Today is Monday 2026-11-23 (conftest); expected values are worked out by hand.
"""

from __future__ import annotations

from conftest import ok


def test_a_yearly_date_first_set_for_next_year_comes_round_then_everywhere(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("remember", "Acme Corp", "anniversary", "--on", "2027-12-01", "--yearly"))
    # Yearly from 2027: the first time is 1 December 2027, not 1 December 2026 (in 8 days).
    [row] = js("dates")
    assert row["next"] == "2027-12-01"
    assert js("show", "Acme Corp")["remember"][0]["next"] == "2027-12-01"
    assert not [i for i in js("due", "--days", "30") if i["kind"] == "date"]
    [item] = [i for i in js("due", "--days", "400") if i["kind"] == "date"]
    assert item["due"] == "2027-12-01"
    assert js("brief", "Acme Corp")["dates"] == []  # more than 60 days away
    assert "2026-12-01" not in ok(cli("brief", "Acme Corp")).stdout


def test_a_rhythm_from_a_tag_is_the_contacts_rhythm_everywhere(cli, js):
    ok(cli("add", "Globex", "--tag", "vip", env={"RAPPORT_NOW": "2026-10-01T09:00:00"}))
    ok(cli("tag", "vip", "--every", "30d"))
    # Added 1 October, nothing logged: 53 days by 23 November, 23 past a 30-day rhythm.
    [item] = [i for i in js("due") if i["kind"] == "checkin"]
    assert item["text"] == "added 53 days ago · every 30 (tag vip)"
    rhythm = js("brief", "Globex")["rhythm"]
    assert (rhythm["every_days"], rhythm["days_over"]) == (30, 23)
    assert rhythm["text"] == "no interaction logged yet, every 30 days (tag vip): 23 days over"
    assert "no rhythm agreed" not in ok(cli("brief", "Globex")).stdout
    cadence = js("show", "Globex")["cadence"]
    assert (cadence["every_days"], cadence["every_tag"]) == (30, "vip")
    assert "stay in touch: every 30 days (tag vip)" in ok(cli("show", "Globex")).stdout


def test_a_contacts_own_rhythm_wins_over_its_tags(cli, js):
    ok(cli("add", "Initech", "--tag", "vip", "--every", "14d",
           env={"RAPPORT_NOW": "2026-11-01T09:00:00"}))  # fmt: skip
    ok(cli("tag", "vip", "--every", "30d"))
    # Own 14 days: added 22 days ago, 8 over; the tag's 30 would not be due yet.
    rhythm = js("brief", "Initech")["rhythm"]
    assert (rhythm["every_days"], rhythm["days_over"]) == (14, 8)
    [item] = [i for i in js("due") if i["kind"] == "checkin"]
    assert item["text"] == "added 22 days ago · every 14"


def test_score_on_a_first_day_says_there_are_no_figures_yet(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("promise", "Acme Corp", "send the proposal", "--by", "2026-11-27"))
    result = ok(cli("score"))
    assert result.stdout.strip() == (
        "No figures yet for 1 contact: they come once a promise comes due or an interaction "
        "is logged (--all lists them)."
    )
    [row] = js("score")
    assert row["trust"] is None and row["overdue"] == 0
    assert "Acme Corp" in ok(cli("score", "--all")).stdout
