"""Remembering people through the CLI: remember/dates/forget, recurring promises through
done and drop, tag cadences in due, and suggest.

Now is Monday 2026-11-23 (conftest). Earlier records are made by pinning RAPPORT_NOW back.
"""

from __future__ import annotations

import pytest
from conftest import ok, query

EARLIER = {"RAPPORT_NOW": "2026-09-01T10:00:00"}


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    return "Acme Corp"


def dated(items):
    return [
        (i["contact"], i["text"], i["due"], i["days_late"]) for i in items if i["kind"] == "date"
    ]


# --- remember ------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads the file directly
def test_month_day_is_yearly_and_stored_without_a_year(js, acme, db_path):
    row = js("remember", acme, "birthday", "--on", "03-14")
    assert row["yearly"] is True
    assert row["on_date"] == "--03-14"
    assert row["next"] == "2027-03-14"
    assert query(db_path, "SELECT on_date, yearly FROM remember") == [("--03-14", 1)]


def test_full_date_is_one_off_unless_yearly(js, acme):
    once = js("remember", acme, "contract renewal", "--on", "2026-12-01")
    assert (once["on_date"], once["yearly"], once["next"]) == ("2026-12-01", False, "2026-12-01")
    born = js("remember", acme, "founded", "--on", "2019-11-30", "--yearly")
    assert (born["on_date"], born["yearly"], born["next"]) == ("2019-11-30", True, "2026-11-30")


def test_remember_text_output(cli, acme):
    out = ok(cli("remember", acme, "birthday", "--on", "11-25")).stdout
    assert "Acme Corp" in out and "birthday" in out and "25 November" in out
    assert "2026-11-25" in out


@pytest.mark.parametrize("on", ["02-30", "13-01", "someday"])
def test_bad_date_is_exit_2_and_records_nothing(cli, js, acme, on):
    result = cli("remember", acme, "birthday", "--on", on)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert js("dates") == []


def test_empty_label_and_unknown_contact_are_exit_2(cli, js, acme):
    assert cli("remember", acme, "  ", "--on", "03-14").exit_code == 2
    assert cli("remember", "Nobody Inc", "birthday", "--on", "03-14").exit_code == 2
    assert js("dates") == []


def test_dates_lists_next_first_and_forget_removes(cli, js, acme):
    late = js("remember", acme, "renewal", "--on", "2027-06-01")["id"]
    soon = js("remember", acme, "birthday", "--on", "11-30")["id"]
    assert [d["id"] for d in js("dates")] == [soon, late]
    assert [d["id"] for d in js("dates", "--days", "7")] == [soon]
    assert [d["id"] for d in js("dates", acme)] == [soon, late]
    assert js("forget", soon)["label"] == "birthday"
    assert [d["id"] for d in js("dates")] == [late]
    assert cli("forget", soon).exit_code == 2


# --- dates in due and show -----------------------------------------------------------------


def test_due_lists_dates_within_its_window(cli, js, acme):
    js("remember", acme, "birthday", "--on", "11-25")  # in 2 days
    js("remember", acme, "renewal", "--on", "2026-12-03")  # in 10 days
    js("remember", acme, "born", "--on", "1980-11-23", "--yearly")  # today: 46 years
    assert dated(js("due")) == [
        ("Acme Corp", "born (46 years)", "2026-11-23", 0),
        ("Acme Corp", "birthday", "2026-11-25", -2),
    ]
    assert len(dated(js("due", "--days", "10"))) == 3
    (item,) = [i for i in js("due") if i["text"] == "birthday"]
    assert set(item) >= {"kind", "id", "contact", "text", "due", "days_late", "section"}
    assert item["section"] == "date"
    out = ok(cli("due")).stdout
    assert "Dates to remember" in out and "in 2 days" in out


def test_29_february_in_due_on_28_february_and_in_leap_years(js, acme):
    js("remember", acme, "leap birthday", "--on", "02-29")
    (item,) = dated(js("due", env={"RAPPORT_NOW": "2027-02-25T09:00:00"}))
    assert item[2] == "2027-02-28"
    (item,) = dated(js("due", env={"RAPPORT_NOW": "2028-02-25T09:00:00"}))
    assert item[2] == "2028-02-29"


def test_dates_of_archived_contacts_stay_out_of_due(cli, js, acme):
    js("remember", acme, "birthday", "--on", "11-25")
    ok(cli("archive", acme))
    assert dated(js("due")) == []


def test_show_lists_dates_to_remember(cli, js, acme):
    js("remember", acme, "birthday", "--on", "03-14")
    js("remember", acme, "kickoff", "--on", "2026-11-30")
    view = js("show", acme)
    assert [(r["label"], r["next"]) for r in view["remember"]] == [
        ("kickoff", "2026-11-30"),
        ("birthday", "2027-03-14"),
    ]
    out = ok(cli("show", acme)).stdout
    assert "remember: 'birthday' every year on 14 March" in out


# --- recurring promises --------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads the file directly
def test_monthly_series_through_done_keeps_month_ends(cli, js, acme, db_path):
    first = js("promise", acme, "monthly report", "--by", "2027-01-31", "--every", "1m")
    assert (first["every"], first["series_id"], first["after_done"]) == ("1m", first["id"], 0)
    done = js("done", first["id"])
    assert done["next"]["due"] == "2027-02-28"
    second = done["next"]["id"]
    result = ok(cli("done", second))
    third = js("show", acme)["promises"][0]
    assert third["due"] == "2027-03-31"  # back on the 31st, not the 28th
    assert f"Next: promise {third['id']} due 2027-03-31" in result.stdout
    assert third["status"] == "open"
    series = query(db_path, "SELECT DISTINCT series_id, every FROM promises")
    assert series == [(first["id"], "1m")]


def test_each_occurrence_is_its_own_promise(js, acme):
    first = js(
        "promise",
        acme,
        "weekly call notes",
        "--by",
        "2026-11-20",
        "--every",
        "1w",
        env={"RAPPORT_NOW": "2026-11-10T09:00:00"},
    )
    nxt = js("done", first["id"])["next"]  # done 3 days late: the next one is on time
    assert nxt["due"] == "2026-11-27"
    js("done", nxt["id"])
    rows = {p["id"]: p for p in js("show", acme)["promises"]}
    assert rows[first["id"]]["done_on"] == "2026-11-23"
    assert rows[nxt["id"]]["status"] == "done"
    assert sum(p["status"] == "open" for p in rows.values()) == 1


def test_after_done_series_counts_from_when_it_was_done(js, acme):
    first = js(
        "promise",
        acme,
        "check backups",
        "--by",
        "2026-11-20",
        "--every",
        "2w",
        "--after-done",
        env={"RAPPORT_NOW": "2026-11-10T09:00:00"},
    )
    assert first["after_done"] == 1
    nxt = js("done", first["id"], "--when", "2026-11-21")["next"]
    assert nxt["due"] == "2026-12-05"  # 21 November + 14 days, not 20 November + 14


def test_a_moved_occurrence_does_not_shift_the_series(js, acme):
    first = js("promise", acme, "invoice", "--by", "2026-11-30", "--every", "1m")
    js("move", first["id"], "--to", "2026-12-05", "--told")
    assert js("done", first["id"])["next"]["due"] == "2026-12-30"


def test_drop_continues_the_series_unless_series(cli, js, acme):
    first = js("promise", acme, "report", "--by", "2026-11-30", "--every", "1m")
    dropped = js("drop", first["id"], "--reason", "skipped this month", "--agreed")
    assert dropped["status"] == "cancelled"
    assert dropped["next"]["due"] == "2026-12-30"
    ended = js("drop", dropped["next"]["id"], "--reason", "contract ended", "--agreed", "--series")
    assert ended["status"] == "cancelled"  # the open occurrence ends with the series
    assert ended["next"] is None and ended["series_ended"] is True
    assert all(p["status"] != "open" for p in js("show", acme)["promises"])


def test_drop_series_text_says_the_series_ends(cli, js, acme):
    first = js("promise", acme, "report", "--by", "2026-11-30", "--every", "1m")
    out = ok(cli("drop", first["id"], "--reason", "no longer needed", "--series")).stdout
    assert "Broken" in out and "series ends" in out


def test_drop_series_of_a_one_off_promise_is_exit_2_and_keeps_it_open(cli, js, acme):
    pid = js("promise", acme, "one off", "--by", "2026-11-30")["id"]
    result = cli("drop", pid, "--reason", "x", "--series")
    assert result.exit_code == 2
    assert "does not recur" in result.stderr
    assert js("show", acme)["promises"][0]["status"] == "open"


def test_done_on_a_one_off_promise_has_no_next(js, acme):
    pid = js("promise", acme, "one off", "--by", "2026-11-30")["id"]
    assert js("done", pid)["next"] is None


@pytest.mark.parametrize("args", [("--every", "often"), ("--after-done",), ("--every", "0d")])
def test_bad_recurrence_is_exit_2_and_records_nothing(cli, js, acme, args):
    result = cli("promise", acme, "report", "--by", "2026-11-30", *args)
    assert result.exit_code == 2
    assert js("show", acme)["promises"] == []


def test_promise_text_says_how_it_recurs(cli, acme):
    out = ok(cli("promise", acme, "sync", "--by", "friday", "--every", "2w", "--after-done"))
    assert "every 2 weeks, counted from when each is done" in out.stdout


# --- tag cadences --------------------------------------------------------------------------


def checkins(js, env=None):
    return {i["contact"]: i for i in js("due", env=env) if i["kind"] == "checkin"}


def test_tag_sets_and_shows_a_cadence(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "vip"))
    row = js("tag", "vip", "--every", "30d", "--at-most", "2m")
    assert (row["every_days"], row["at_most_days"], row["contacts"]) == (30, 60, 1)
    assert js("tag", "vip")["every_days"] == 30  # shown, unchanged
    assert js("tag", "vip", "--at-most", "")["at_most_days"] is None
    assert "every 30 days" in ok(cli("tag", "vip")).stdout


def test_tag_limit_below_the_ideal_is_exit_2(cli, js):
    result = cli("tag", "vip", "--every", "30d", "--at-most", "14d")
    assert result.exit_code == 2
    assert js("tag", "vip")["every_days"] is None


def test_contact_inherits_the_tag_cadence(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "vip", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-10-20 10:00")
    assert checkins(js) == {}
    ok(cli("tag", "vip", "--every", "30d", "--at-most", "45d"))
    item = checkins(js)["Acme Corp"]
    # 30 days after 20 October is 19 November: 4 days past the ideal, 34 of 45 days.
    assert (item["due"], item["days_late"], item["late"]) == ("2026-11-19", 4, False)
    assert "tag vip" in item["text"]
    later = checkins(js, env={"RAPPORT_NOW": "2026-12-05T09:00:00"})["Acme Corp"]
    assert later["late"] is True  # 46 days since: past the outer limit


def test_own_cadence_wins_over_the_tag(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "vip", "--every", "60d", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-10-20 10:00")
    ok(cli("tag", "vip", "--every", "14d"))
    assert checkins(js) == {}  # 34 days < its own 60
    ok(cli("edit", "Acme Corp", "--every", ""))
    assert checkins(js)["Acme Corp"]["due"] == "2026-11-03"  # now the tag's 14 days


def test_two_tags_take_the_shortest_cadence(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "client", "--tag", "vip", env=EARLIER))
    js("log", "Acme Corp", "call", "--when", "2026-10-20 10:00")
    ok(cli("tag", "client", "--every", "60d"))
    ok(cli("tag", "vip", "--every", "21d"))
    item = checkins(js)["Acme Corp"]
    assert item["due"] == "2026-11-10"  # 20 October + 21 days
    assert js("show", "Acme Corp")["cadence"] == {
        "every_days": 21,
        "every_tag": "vip",
        "at_most_days": None,
        "at_most_tag": None,
    }


def test_untagged_contact_loses_the_cadence(cli, js):
    ok(cli("add", "Acme Corp", "--tag", "vip", env=EARLIER))
    ok(cli("tag", "vip", "--every", "14d"))
    assert "Acme Corp" in checkins(js)
    ok(cli("edit", "Acme Corp", "--untag", "vip"))
    assert checkins(js) == {}


# --- suggest -------------------------------------------------------------------------------


def test_suggest_orders_by_how_useful_a_call_is(cli, js):
    for name in ("Late Ltd", "Birthday Ltd", "Quiet Ltd", "Fine Ltd", "Both Ltd"):
        ok(cli("add", name, env=EARLIER))
    js("promise", "Late Ltd", "deck", "--by", "2026-11-20", env=EARLIER)  # 3 days late: 53
    js("remember", "Birthday Ltd", "birthday", "--on", "11-24")  # tomorrow: 42
    ok(cli("edit", "Quiet Ltd", "--every", "30d"))  # added 1 Sep: 53 days past: 20 + 10
    js("promise", "Both Ltd", "contract", "--by", "2026-11-23", env=EARLIER)  # today: 40
    js("remember", "Both Ltd", "renewal", "--on", "2026-11-30")  # in 7 days: 24 -> 64
    js("log", "Fine Ltd", "call", "--when", "2026-11-20 10:00")
    ranked = js("suggest")
    assert [s["contact"] for s in ranked] == ["Both Ltd", "Late Ltd", "Birthday Ltd", "Quiet Ltd"]
    both = ranked[0]
    assert [r["kind"] for r in both["reasons"]] == ["promise", "date"]
    assert both["reasons"][0]["text"] == "they are waiting on 'contract', due today"
    assert [s["contact"] for s in js("suggest", "--limit", "2")] == ["Both Ltd", "Late Ltd"]
    out = ok(cli("suggest")).stdout
    assert out.index("Both Ltd") < out.index("Late Ltd")
    assert "birthday is tomorrow (2026-11-24)" in out


def test_suggest_with_nothing_to_suggest(cli, js):
    assert js("suggest") == []
    ok(cli("add", "Acme Corp"))
    assert js("suggest") == []
    assert ok(cli("suggest")).stdout.strip()


def test_suggest_limit_must_be_positive(cli):
    assert cli("suggest", "--limit", "0").exit_code == 2
