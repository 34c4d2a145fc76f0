"""Promises and follow-ups through the CLI: promise, done, move, drop, followup, and
follow-ups closed by a later interaction."""

from __future__ import annotations

import json

import pytest
from conftest import ok, snapshot


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp"))
    return "Acme Corp"


def promise_in(js, name, pid):
    (row,) = [p for p in js("show", name)["promises"] if p["id"] == pid]
    return row


# --- promise -------------------------------------------------------------------------------


def test_promise_mine(js, acme):
    row = js("promise", acme, "send the deck", "--by", "friday")
    assert row["direction"] == "mine"
    assert row["due"] == "2026-11-27"
    assert row["text"] == "send the deck"
    stored = promise_in(js, acme, row["id"])
    assert stored["direction"] == "mine"
    assert stored["kind"] == "promise"
    assert stored["status"] == "open"
    assert stored["made_on"] == "2026-11-23"
    assert stored["due"] == "2026-11-27"


def test_promise_theirs(js, acme):
    row = js("promise", acme, "sign contract", "--by", "2026-12-01", "--theirs")
    assert promise_in(js, acme, row["id"])["direction"] == "theirs"


@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("tomorrow", "2026-11-24"),
        ("friday", "2026-11-27"),
        ("next friday", "2026-12-04"),
        ("in 3 days", "2026-11-26"),
        ("2w", "2026-12-07"),
        ("2026-12-15", "2026-12-15"),
    ],
)
def test_promise_due_forms(js, acme, by, due):
    assert js("promise", acme, "x", "--by", by)["due"] == due


def test_promise_text_output(cli, acme):
    result = ok(cli("promise", acme, "send the deck", "--by", "friday"))
    assert "send the deck" in result.stdout
    assert "2026-11-27" in result.stdout


def test_promise_bad_date_is_exit_2_and_records_nothing(cli, js, acme):
    before = snapshot(js)
    result = cli("promise", acme, "send the deck", "--by", "when pigs fly")
    assert result.exit_code == 2
    assert "when pigs fly" in result.stderr
    assert snapshot(js) == before


def test_promise_needs_by(cli, js, acme):
    assert cli("promise", acme, "send the deck").exit_code == 2
    assert js("show", acme)["promises"] == []


def test_promise_to_unknown_contact_is_exit_2(cli, js, acme):
    assert cli("promise", "Zebra Partners", "x", "--by", "friday").exit_code == 2
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]


def test_promise_empty_text_is_exit_2(cli, js, acme):
    assert cli("promise", acme, "  ", "--by", "friday").exit_code == 2
    assert js("show", acme)["promises"] == []


# --- one id space --------------------------------------------------------------------------


def test_promises_and_follow_ups_share_one_id_space(cli, js, acme):
    ok(cli("add", "Globex"))
    ids = [
        js("promise", acme, "a", "--by", "friday")["id"],
        js("followup", acme, "--on", "friday", "b")["id"],
        js("promise", "Globex", "c", "--by", "friday", "--theirs")["id"],
        js("followup", "Globex", "--on", "tomorrow")["id"],
    ]
    out = js("log", acme, "call", "--promise", "d", "--by", "friday", "--follow-up", "2026-12-01")
    ids += [out["promises"][0]["id"], out["followup"]["id"]]
    assert len(set(ids)) == len(ids)
    assert all(isinstance(i, int) and 0 < i < 1000 for i in ids)
    assert ids == sorted(ids)


def test_done_works_on_a_follow_up_id(cli, js, acme):
    fid = js("followup", acme, "--on", "friday", "chase")["id"]
    ok(cli("done", fid))
    row = promise_in(js, acme, fid)
    assert row["status"] == "done"
    assert row["done_on"] == "2026-11-23"


# --- done ----------------------------------------------------------------------------------


def test_done_marks_done_today(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    result = ok(cli("done", pid))
    assert "send deck" in result.stdout
    row = promise_in(js, acme, pid)
    assert row["status"] == "done"
    assert row["done_on"] == "2026-11-23"


def test_done_with_when(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "2026-11-20",
             env={"RAPPORT_NOW": "2026-11-16T10:00:00"})["id"]
    ok(cli("done", pid, "--when", "yesterday"))
    row = promise_in(js, acme, pid)
    assert row["done_on"] == "2026-11-22"
    assert row["status"] == "done"


def test_done_removes_it_from_due(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "tomorrow")["id"]
    assert [i["id"] for i in js("due")] == [pid]
    ok(cli("done", pid))
    assert js("due") == []


def test_done_twice_is_exit_2(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    ok(cli("done", pid))
    result = cli("done", pid)
    assert result.exit_code == 2
    assert str(pid) in result.stderr
    assert "done" in result.stderr
    assert promise_in(js, acme, pid)["done_on"] == "2026-11-23"


def test_done_unknown_id_is_exit_2(cli, acme):
    result = cli("done", "4242")
    assert result.exit_code == 2
    assert "4242" in result.stderr


def test_done_bad_when_is_exit_2_and_stays_open(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    assert cli("done", pid, "--when", "eventually").exit_code == 2
    assert promise_in(js, acme, pid)["status"] == "open"


def test_done_not_a_number_is_exit_2(cli, acme):
    assert cli("done", "abc").exit_code == 2


# --- move ----------------------------------------------------------------------------------


def test_move_keeps_the_history_of_due_dates(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "2026-11-25",
             env={"RAPPORT_NOW": "2026-11-18T10:00:00"})["id"]
    ok(cli("move", pid, "--to", "friday", "--told"))
    ok(cli("move", pid, "--to", "2026-12-04", env={"RAPPORT_NOW": "2026-11-26T10:00:00"}))
    row = promise_in(js, acme, pid)
    assert row["due"] == "2026-12-04"
    assert row["status"] == "open"
    moves = row["moves"]
    assert [(m["old_due"], m["new_due"], m["moved_on"]) for m in moves] == [
        ("2026-11-25", "2026-11-27", "2026-11-23"),
        ("2026-11-27", "2026-12-04", "2026-11-26"),
    ]
    assert moves[0]["told"]
    assert not moves[1]["told"]


def test_move_json_and_text(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "tomorrow")["id"]
    row = js("move", pid, "--to", "friday")
    assert row["due"] == "2026-11-27"
    assert row["old_due"] == "2026-11-24"
    result = ok(cli("move", pid, "--to", "2026-12-01", "--told"))
    assert "2026-11-27" in result.stdout and "2026-12-01" in result.stdout


def test_move_changes_what_is_overdue(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "2026-11-20",
             env={"RAPPORT_NOW": "2026-11-16T10:00:00"})["id"]
    assert cli("due", "--check").exit_code == 3
    ok(cli("move", pid, "--to", "friday", "--told"))
    assert cli("due", "--check").exit_code == 0
    (item,) = js("due")
    assert item["due"] == "2026-11-27"
    assert item["days_late"] == -4


def test_move_a_closed_promise_is_exit_2(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    ok(cli("done", pid))
    result = cli("move", pid, "--to", "2026-12-01")
    assert result.exit_code == 2
    assert str(pid) in result.stderr
    row = promise_in(js, acme, pid)
    assert row["due"] == "2026-11-27"
    assert row["moves"] == []


def test_move_unknown_id_is_exit_2(cli, acme):
    result = cli("move", "4242", "--to", "friday")
    assert result.exit_code == 2
    assert "4242" in result.stderr


def test_move_bad_date_is_exit_2_and_keeps_due(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    assert cli("move", pid, "--to", "later-ish").exit_code == 2
    row = promise_in(js, acme, pid)
    assert row["due"] == "2026-11-27"
    assert row["moves"] == []


def test_move_needs_to(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    assert cli("move", pid).exit_code == 2


# --- drop ----------------------------------------------------------------------------------


def test_drop_agreed_is_cancelled(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    row = js("drop", pid, "--reason", "client changed plans", "--agreed")
    assert row["status"] == "cancelled"
    stored = promise_in(js, acme, pid)
    assert stored["status"] == "cancelled"
    assert stored["reason"] == "client changed plans"
    assert stored["closed_on"] == "2026-11-23"


def test_drop_without_agreed_is_broken(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    result = ok(cli("drop", pid, "--reason", "ran out of time"))
    assert "send deck" in result.stdout
    stored = promise_in(js, acme, pid)
    assert stored["status"] == "broken"
    assert stored["reason"] == "ran out of time"


def test_drop_removes_it_from_due_and_from_open_counts(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "2026-11-20",
             env={"RAPPORT_NOW": "2026-11-16T10:00:00"})["id"]
    assert cli("due", "--check").exit_code == 3
    ok(cli("drop", pid, "--reason", "no longer needed", "--agreed"))
    assert cli("due", "--check").exit_code == 0
    assert js("due") == []
    assert js("contacts")[0]["open_mine"] == 0


def test_drop_needs_a_reason(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    assert cli("drop", pid).exit_code == 2
    assert promise_in(js, acme, pid)["status"] == "open"


def test_drop_a_closed_promise_is_exit_2(cli, js, acme):
    pid = js("promise", acme, "send deck", "--by", "friday")["id"]
    ok(cli("drop", pid, "--reason", "no", "--agreed"))
    result = cli("drop", pid, "--reason", "again")
    assert result.exit_code == 2
    assert "cancelled" in result.stderr
    assert promise_in(js, acme, pid)["reason"] == "no"
    result = cli("done", pid)
    assert result.exit_code == 2
    assert promise_in(js, acme, pid)["status"] == "cancelled"


def test_drop_unknown_id_is_exit_2(cli, acme):
    result = cli("drop", "4242", "--reason", "x")
    assert result.exit_code == 2
    assert "4242" in result.stderr


# --- follow-ups ----------------------------------------------------------------------------


def test_followup_with_reason(cli, js, acme):
    row = js("followup", acme, "--on", "friday", "check on the pilot")
    assert row["due"] == "2026-11-27"
    stored = promise_in(js, acme, row["id"])
    assert stored["kind"] == "followup"
    assert stored["text"] == "check on the pilot"
    assert stored["status"] == "open"
    result = ok(cli("followup", acme, "--on", "2026-12-01", "second one"))
    assert "2026-12-01" in result.stdout


def test_followup_without_reason(js, acme):
    row = js("followup", acme, "--on", "tomorrow")
    assert row["due"] == "2026-11-24"
    assert promise_in(js, acme, row["id"])["kind"] == "followup"


def test_followup_bad_date_records_nothing(cli, js, acme):
    assert cli("followup", acme, "--on", "soonish").exit_code == 2
    assert js("show", acme)["promises"] == []


def test_later_interaction_closes_follow_ups(cli, js, acme):
    first = js("followup", acme, "--on", "2026-11-25", "chase the order")
    second = js("followup", acme, "--on", "2026-12-02", "check delivery")
    mine = js("promise", acme, "send deck", "--by", "friday")
    later = {"RAPPORT_NOW": "2026-11-24T11:00:00"}
    out = js("log", acme, "they called back", env=later)
    assert sorted(f["id"] for f in out["closed_followups"]) == sorted([first["id"], second["id"]])
    view = js("show", acme, env=later)
    statuses = {p["id"]: p["status"] for p in view["promises"]}
    assert statuses[first["id"]] == "done"
    assert statuses[second["id"]] == "done"
    assert statuses[mine["id"]] == "open"  # only follow-ups are closed by talking
    assert [i["id"] for i in js("due", env=later)] == [mine["id"]]


def test_log_text_says_it_closed_a_follow_up(cli, js, acme):
    fid = js("followup", acme, "--on", "2026-11-25", "chase")["id"]
    result = ok(cli("log", acme, "spoke", env={"RAPPORT_NOW": "2026-11-24T11:00:00"}))
    assert f"follow-up {fid}" in result.stdout
    assert "closed" in result.stdout.lower()


def test_log_to_another_contact_does_not_close_follow_ups(cli, js, acme):
    ok(cli("add", "Globex"))
    fid = js("followup", acme, "--on", "2026-11-25")["id"]
    out = js("log", "Globex", "call", env={"RAPPORT_NOW": "2026-11-24T11:00:00"})
    assert out["closed_followups"] == []
    assert promise_in(js, acme, fid)["status"] == "open"


def test_backdated_interaction_does_not_close_a_follow_up(cli, js, acme):
    fid = js("followup", acme, "--on", "2026-11-30", "chase")["id"]
    out = js("log", acme, "a call last week I forgot", "--when", "2026-11-18 15:00")
    assert out["closed_followups"] == []
    assert promise_in(js, acme, fid)["status"] == "open"
    out = js("log", acme, "an earlier call", "--when", "yesterday 3pm")
    assert out["closed_followups"] == []
    assert promise_in(js, acme, fid)["status"] == "open"
    assert [i["id"] for i in js("due")] == [fid]


def test_follow_up_made_in_a_log_is_not_closed_by_that_log(js, acme):
    out = js("log", acme, "call", "--follow-up", "2026-11-30")
    assert out["closed_followups"] == []
    assert promise_in(js, acme, out["followup"]["id"])["status"] == "open"


def test_follow_up_set_in_log_closed_by_the_next_log(js, acme):
    out = js("log", acme, "call", "--follow-up", "2026-11-30")
    fid = out["followup"]["id"]
    later = js("log", acme, "next call", env={"RAPPORT_NOW": "2026-11-27T09:30:00"})
    assert [f["id"] for f in later["closed_followups"]] == [fid]
    row = promise_in(js, acme, fid)
    assert row["status"] == "done"


def test_closed_follow_up_cannot_be_done_again(cli, js, acme):
    fid = js("followup", acme, "--on", "2026-11-30")["id"]
    js("log", acme, "spoke", env={"RAPPORT_NOW": "2026-11-24T11:00:00"})
    result = cli("done", fid, env={"RAPPORT_NOW": "2026-11-24T12:00:00"})
    assert result.exit_code == 2
    assert str(fid) in result.stderr


def test_promise_json_is_only_json(cli, acme):
    result = ok(cli("promise", "acm", "x", "--by", "friday", "--json"))
    assert json.loads(result.stdout)["due"] == "2026-11-27"
    assert "using 'Acme Corp' for 'acm'" in result.stderr
