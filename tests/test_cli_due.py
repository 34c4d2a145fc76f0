"""`rapport due`: the morning view, its order, its window, --check and --json.

Now is Monday 2026-11-23. Promises are made "in the past" by pinning RAPPORT_NOW earlier.
"""

from __future__ import annotations

import json

import pytest
from conftest import ok

EARLIER = {"RAPPORT_NOW": "2026-11-01T10:00:00"}


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    return "Acme Corp"


def mine(js, name, text, due):
    return js("promise", name, text, "--by", due, env=EARLIER)["id"]


def theirs(js, name, text, due):
    return js("promise", name, text, "--by", due, "--theirs", env=EARLIER)["id"]


def section(items, name):
    return [i for i in items if i["section"] == name]


# --- empty ---------------------------------------------------------------------------------


def test_due_on_an_empty_journal_is_a_friendly_line(cli, js):
    result = ok(cli("due"))
    assert result.stdout.strip()
    assert "\n" not in result.stdout.strip()  # one line, no table
    assert "┃" not in result.stdout and "│" not in result.stdout and "━" not in result.stdout
    assert js("due") == []


def test_due_with_nothing_due_is_still_friendly(cli, js, acme):
    mine(js, acme, "far away", "2027-03-01")
    result = ok(cli("due"))
    assert result.stdout.strip()
    assert "far away" not in result.stdout
    assert js("due") == []


# --- overdue, today, upcoming --------------------------------------------------------------


def test_overdue_is_by_calendar_day(js, acme):
    yesterday = mine(js, acme, "due yesterday", "2026-11-22")
    today = mine(js, acme, "due today", "2026-11-23")
    tomorrow = mine(js, acme, "due tomorrow", "2026-11-24")
    items = {i["id"]: i for i in js("due")}
    assert items[yesterday]["days_late"] == 1
    assert items[yesterday]["section"] == "overdue"
    assert items[today]["days_late"] == 0
    assert items[today]["section"] != "overdue"
    assert items[tomorrow]["days_late"] == -1
    assert items[tomorrow]["section"] != "overdue"


def test_due_today_is_not_overdue_even_late_in_the_evening(cli, js, acme):
    pid = mine(js, acme, "send deck", "2026-11-23")
    late = {"RAPPORT_NOW": "2026-11-23T23:59:00"}
    (item,) = js("due", env=late)
    assert item["id"] == pid
    assert item["days_late"] == 0
    assert cli("due", "--check", env=late).exit_code == 0
    early = {"RAPPORT_NOW": "2026-11-24T00:01:00"}
    (item,) = js("due", env=early)
    assert item["days_late"] == 1
    assert cli("due", "--check", env=early).exit_code == 3


def test_overdue_first_most_overdue_first(js, acme):
    ok_soon = mine(js, acme, "upcoming thing", "2026-11-26")
    today = mine(js, acme, "today thing", "2026-11-23")
    late2 = mine(js, acme, "two days late", "2026-11-21")
    late10 = mine(js, acme, "ten days late", "2026-11-13")
    late5 = mine(js, acme, "five days late", "2026-11-18")
    items = js("due")
    ids = [i["id"] for i in items]
    assert ids[:3] == [late10, late5, late2]
    assert [i["days_late"] for i in items[:3]] == [10, 5, 2]
    assert all(i["section"] == "overdue" for i in items[:3])
    assert ids.index(today) < ids.index(ok_soon)
    assert ids.index(late2) < ids.index(today)


def test_overdue_across_contacts_interleaves_by_lateness(cli, js, acme):
    ok(cli("add", "Globex", env=EARLIER))
    a = mine(js, acme, "acme late 3", "2026-11-20")
    g = mine(js, "Globex", "globex late 8", "2026-11-15")
    items = section(js("due"), "overdue")
    assert [i["id"] for i in items] == [g, a]
    assert [i["contact"] for i in items] == ["Globex", "Acme Corp"]


def test_window_default_is_seven_days(js, acme):
    in7 = mine(js, acme, "in seven", "2026-11-30")
    in8 = mine(js, acme, "in eight", "2026-12-01")
    ids = [i["id"] for i in js("due")]
    assert in7 in ids
    assert in8 not in ids
    (item,) = [i for i in js("due") if i["id"] == in7]
    assert item["days_late"] == -7


def test_window_days_option(js, acme):
    in3 = mine(js, acme, "in three", "2026-11-26")
    in10 = mine(js, acme, "in ten", "2026-12-03")
    assert [i["id"] for i in js("due", "--days", "2")] == []
    assert [i["id"] for i in js("due", "--days", "3")] == [in3]
    assert sorted(i["id"] for i in js("due", "--days", "10")) == sorted([in3, in10])


def test_days_zero_shows_today_and_overdue_only(js, acme):
    late = mine(js, acme, "late", "2026-11-20")
    today = mine(js, acme, "today", "2026-11-23")
    mine(js, acme, "tomorrow", "2026-11-24")
    assert [i["id"] for i in js("due", "--days", "0")] == [late, today]


def test_overdue_always_shown_whatever_the_window(js, acme):
    old = mine(js, acme, "very late", "2026-11-02")
    assert [i["id"] for i in js("due", "--days", "0")] == [old]
    (item,) = js("due", "--days", "0")
    assert item["days_late"] == 21


def test_negative_days_is_exit_2(cli):
    assert cli("due", "--days", "-1").exit_code == 2


# --- json shape ----------------------------------------------------------------------------


def test_due_json_items_have_the_documented_fields(cli, js, acme):
    p = mine(js, acme, "send deck", "2026-11-20")
    t = theirs(js, acme, "sign contract", "2026-11-19")
    f = js("followup", acme, "--on", "2026-11-25", "chase", env=EARLIER)["id"]
    result = ok(cli("due", "--json"))
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    by_id = {i["id"]: i for i in items}
    expected = {
        "kind": "promise", "id": p, "contact": "Acme Corp", "text": "send deck",
        "due": "2026-11-20", "days_late": 3, "direction": "mine", "section": "overdue",
    }
    assert {k: by_id[p].get(k) for k in expected} == expected
    assert by_id[t]["kind"] == "promise"
    assert by_id[t]["direction"] == "theirs"
    assert by_id[t]["days_late"] == 4
    assert by_id[f]["kind"] == "followup"
    assert by_id[f]["due"] == "2026-11-25"
    assert by_id[f]["days_late"] == -2
    assert by_id[f]["text"] == "chase"
    for item in items:
        assert {"kind", "id", "contact", "text", "due", "days_late", "section"} <= set(item)
        assert item["kind"] in ("promise", "followup", "checkin")
        assert isinstance(item["days_late"], int)


# --- follow-ups ----------------------------------------------------------------------------


def test_follow_ups_due_are_listed(cli, js, acme):
    late = js("followup", acme, "--on", "2026-11-20", "chase order", env=EARLIER)["id"]
    soon = js("followup", acme, "--on", "2026-11-27", "check pilot", env=EARLIER)["id"]
    far = js("followup", acme, "--on", "2026-12-20", "far off", env=EARLIER)["id"]
    items = {i["id"]: i for i in js("due")}
    assert items[late]["kind"] == "followup"
    assert items[late]["days_late"] == 3
    assert items[soon]["days_late"] == -4
    assert far not in items
    out = ok(cli("due")).stdout
    assert "chase order" in out and "check pilot" in out
    assert "far off" not in out


def test_overdue_follow_up_does_not_trip_check(cli, js, acme):
    js("followup", acme, "--on", "2026-11-20", "chase", env=EARLIER)
    assert cli("due", "--check").exit_code == 0


# --- what clients owe me -------------------------------------------------------------------


def test_late_promises_of_theirs_are_listed_as_owed(cli, js, acme):
    late = theirs(js, acme, "send the data", "2026-11-20")
    not_yet = theirs(js, acme, "sign later", "2026-11-25")
    items = {i["id"]: i for i in js("due")}
    assert items[late]["direction"] == "theirs"
    assert items[late]["days_late"] == 3
    assert items[late]["section"] != "overdue"
    assert not_yet not in items  # not late: nothing to chase yet
    assert "send the data" in ok(cli("due")).stdout


def test_owed_comes_after_my_overdue(js, acme):
    t = theirs(js, acme, "their thing", "2026-11-10")
    m = mine(js, acme, "my thing", "2026-11-22")
    ids = [i["id"] for i in js("due")]
    assert ids.index(m) < ids.index(t)


def test_check_ignores_what_they_owe(cli, js, acme):
    theirs(js, acme, "their thing", "2026-11-10")
    assert cli("due", "--check").exit_code == 0


# --- --check -------------------------------------------------------------------------------


def test_check_exit_codes(cli, js, acme):
    assert cli("due", "--check").exit_code == 0
    pid = mine(js, acme, "today", "2026-11-23")
    assert cli("due", "--check").exit_code == 0
    late = mine(js, acme, "late", "2026-11-22")
    result = cli("due", "--check")
    assert result.exit_code == 3
    assert "late" in result.stdout
    ok(cli("done", late))
    assert cli("due", "--check").exit_code == 0
    ok(cli("done", pid))


def test_check_with_json_still_prints_json(cli, js, acme):
    pid = mine(js, acme, "late", "2026-11-20")
    result = cli("due", "--check", "--json")
    assert result.exit_code == 3
    assert [i["id"] for i in json.loads(result.stdout)] == [pid]


def test_check_on_empty_journal_is_0(cli):
    assert cli("due", "--check").exit_code == 0


# --- stay-in-touch -------------------------------------------------------------------------


def test_checkin_counts_from_the_when_date_of_the_last_interaction(cli, js):
    ok(cli("add", "Acme Corp", "--every", "30d"))  # added today
    # Typed today, but the call happened on 1 October: 30 days after is 31 October.
    js("log", "Acme Corp", "call", "--when", "2026-10-01 10:00")
    (item,) = [i for i in js("due") if i["kind"] == "checkin"]
    assert item["contact"] == "Acme Corp"
    assert item["due"] == "2026-10-31"
    assert item["days_late"] == 23
    assert "Acme Corp" in ok(cli("due")).stdout


def test_checkin_uses_the_latest_interaction(cli, js):
    ok(cli("add", "Acme Corp", "--every", "30d", env=EARLIER))
    js("log", "Acme Corp", "recent", "--when", "2026-11-10 10:00")
    js("log", "Acme Corp", "old one typed later", "--when", "2026-09-01 10:00")
    assert [i for i in js("due") if i["kind"] == "checkin"] == []
    # 30 days after 10 November is 10 December; from 12 December it is 2 days late.
    later = {"RAPPORT_NOW": "2026-12-12T10:00:00"}
    (item,) = [i for i in js("due", env=later) if i["kind"] == "checkin"]
    assert item["due"] == "2026-12-10"
    assert item["days_late"] == 2


def test_checkin_not_counted_from_the_date_it_was_typed(cli, js):
    # Stale Ltd: typed on 22 Nov about a call on 2 Nov. Counted from the call, 14 days later
    # is 16 Nov (7 days late); counted from the typing it would not be due until 6 Dec.
    ok(cli("add", "Recent Ltd", "--every", "14d", env=EARLIER))
    ok(cli("add", "Stale Ltd", "--every", "14d", env=EARLIER))
    js("log", "Recent Ltd", "call", "--when", "2026-11-20 10:00")
    js("log", "Stale Ltd", "call", "--when", "2026-11-02 10:00",
       env={"RAPPORT_NOW": "2026-11-22T10:00:00"})
    checkins = {i["contact"]: i for i in js("due") if i["kind"] == "checkin"}
    assert set(checkins) == {"Stale Ltd"}
    assert checkins["Stale Ltd"]["due"] == "2026-11-16"
    assert checkins["Stale Ltd"]["days_late"] == 7


def test_no_checkin_without_a_cadence(cli, js):
    ok(cli("add", "Acme Corp", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-01-05 10:00")
    assert js("due") == []


def test_checkin_comes_after_my_promises(cli, js):
    ok(cli("add", "Acme Corp", "--every", "7d", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-11-01 10:00")
    pid = mine(js, "Acme Corp", "send deck", "2026-11-25")
    kinds = [(i["kind"], i["id"]) for i in js("due")]
    assert kinds.index(("promise", pid)) < [k for k, _ in kinds].index("checkin")


# --- archived ------------------------------------------------------------------------------


def test_archived_contacts_do_not_appear(cli, js):
    ok(cli("add", "Acme Corp", "--every", "7d", env=EARLIER))
    ok(cli("add", "Globex", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-11-01 10:00")
    mine(js, "Acme Corp", "late", "2026-11-20")
    theirs(js, "Acme Corp", "owed", "2026-11-20")
    js("followup", "Acme Corp", "--on", "2026-11-24", env=EARLIER)
    keep = mine(js, "Globex", "globex thing", "2026-11-25")
    ok(cli("archive", "Acme Corp"))
    items = js("due")
    assert [i["id"] for i in items] == [keep]
    assert all(i["contact"] != "Acme Corp" for i in items)
    assert cli("due", "--check").exit_code == 0
    assert "Acme Corp" not in ok(cli("due")).stdout
    ok(cli("archive", "Acme Corp", "--undo"))
    assert cli("due", "--check").exit_code == 3


# --- text ----------------------------------------------------------------------------------


def test_due_text_shows_days_late(cli, js, acme):
    mine(js, acme, "send the deck", "2026-11-18")
    out = ok(cli("due")).stdout
    assert "send the deck" in out
    assert "Acme Corp" in out
    assert "2026-11-18" in out
    assert "5 days late" in out


def test_due_text_order_overdue_before_upcoming(cli, js, acme):
    mine(js, acme, "upcoming item", "2026-11-26")
    mine(js, acme, "overdue item", "2026-11-20")
    out = ok(cli("due")).stdout
    assert out.index("overdue item") < out.index("upcoming item")
