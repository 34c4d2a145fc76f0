"""`doctor`'s checks on a big journal are done where they cost least (issue 13's budget),
and find the same problems: the engine passes over the stored dates that are plainly fine
and `readable` judges the rest; kept sums that cannot even be read are named, not raised.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pytest
from conftest import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.store import open_store, safety
from rapport.store.connection import in_list

NOW = datetime(2026, 11, 23, 10, 0)
TRICKY = [
    "2026-11-23", "2026-02-28", "2024-02-29", "2026-02-29", "2026-02-30", "2026-04-31",
    "2026-12-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "0001-01-01",
    "9999-12-31", "2026-1-05", "2026-01-05 ", " 2026-01-05", "２０２６-01-05", "٢٠٢٦-01-05",
    "--03-01", "--02-29", "--02-30", "--13-01", "",
    "2026-11-23T09:30:00", "2026-11-23T23:59:59", "2026-11-23T24:00:00", "2026-11-23T09:60:00",
    "2026-11-23T09:30:60", "2026-11-23T09:30:00.5", "2026-11-23T09:30", "2026-11-23 09:30:00",
    "2026-02-29T09:30:00", "2024-02-29T09:30:00", "0000-01-01T00:00:00", "2026-11-23t09:30:00",
    "2026-11-23T09:30:00Z", "2026-11-23T09:30:00+01:00", "2026-11-23T٠٩:30:00",
]
shaped = st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?", fullmatch=True)


@pytest.fixture
def store(engine):
    ok_store = open_store(os.environ["RAPPORT_DB"], NOW)
    yield ok_store
    ok_store.close()


def passed_by_the_engine(store, values: list[str], kind: str) -> list[str]:
    """The values the engine lets pass without `readable`, as date_format_problems asks."""
    marks, named = in_list("v", values)
    rows = ", ".join(f"({mark})" for mark in marks.split(", "))
    fine = safety._plainly_fine(store.dialect, "v", kind)
    cast = "CAST(v AS TEXT)" if store.dialect == "postgresql" else "v"
    return [
        v for (v,) in store.tuples(
            f"WITH t(v) AS (VALUES {rows}), d AS (SELECT {cast} AS v FROM t)"
            f" SELECT v FROM d WHERE coalesce({fine}, FALSE)", **named
        )
    ]


@pytest.mark.parametrize("kind", ["date", "moment", "day"])
def test_the_engine_passes_only_dates_python_reads(store, kind):
    passed = passed_by_the_engine(store, TRICKY, kind)
    assert all(safety.readable(v, kind) for v in passed), passed
    # and the ordinary ones are passed, or the check would read every row again
    assert ("2026-11-23T09:30:00" if kind == "moment" else "2026-11-23") in passed


# The store is only read: one for every example.
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(shaped, min_size=1, max_size=40))
def test_the_engine_passes_only_dates_python_reads_at_random(store, values):
    for kind in ("date", "moment"):
        passed = passed_by_the_engine(store, values, kind)
        assert all(safety.readable(v, kind) for v in passed), passed


def test_doctor_names_the_dates_it_cannot_read(cli, js, store):
    ok(cli("log", "Acme Corp", "call", "--new", "--promise", "deck", "--by", "friday"))
    with store.transaction():
        store.run("UPDATE promises SET due = '2026-02-29' WHERE id = 1")
        store.run("UPDATE interactions SET at = '2026-11-23T24:00:00' WHERE id = 1")
    report = js_unchecked(cli)
    assert report["dates"]["problems"] == [
        "interactions 1: at '2026-11-23T24:00:00' is not a moment",
        "promises 1: due '2026-02-29' is not a date",
    ]


def test_doctor_names_kept_sums_it_cannot_read_and_repair_folds_them(cli, store):
    ok(cli("log", "Acme Corp", "call", "--new", "--promise", "deck", "--by", "friday"))
    with store.transaction():
        payload = json.loads(store.value("SELECT payload FROM score_sums"))
        payload["evidence"]["promises"][0]["colour"] = "blue"  # no field of a promise
        store.run("UPDATE score_sums SET payload = :p", p=json.dumps(payload))
    result = cli("doctor")
    assert result.exit_code == 1
    assert "Acme Corp: promises[0].colour: kept 'blue'" in result.stdout
    ok(cli("doctor", "--repair"))
    ok(cli("doctor"))


def js_unchecked(cli) -> dict[str, dict]:
    result = cli("doctor", "--json")
    return {c["check"]: c for c in json.loads(result.stdout)["checks"]}


def test_live_promises_kept_in_another_order_are_the_same_sums(cli, store):
    """A batch read and one contact's read may return promises in different orders
    (PostgreSQL plans them apart): the kept fold is the same evidence either way."""
    ok(cli("log", "Acme Corp", "call", "--new", "--promise", "deck", "--by", "friday"))
    ok(cli("promise", "Acme Corp", "budget", "--by", "2026-12-04"))
    ok(cli("followup", "Acme Corp", "check in", "--on", "2026-12-01"))
    ok(cli("followup", "Acme Corp", "send notes", "--on", "2026-12-02"))
    with store.transaction():
        payload = json.loads(store.value("SELECT payload FROM score_sums"))
        kept = payload["evidence"]
        assert len(kept["promises"]) == 2 and len(kept["followups"]) == 2
        kept["promises"].reverse()
        kept["followups"].reverse()
        store.run("UPDATE score_sums SET payload = :p", p=json.dumps(payload))
    assert js_unchecked(cli)["running sums"]["ok"]
    with store.transaction():  # a real difference is still found
        kept["promises"][0]["text"] = "another deck"
        store.run("UPDATE score_sums SET payload = :p", p=json.dumps(payload))
    assert not js_unchecked(cli)["running sums"]["ok"]


def test_a_big_journal_is_checked_in_two_processes_finding_the_same(cli, store, monkeypatch):
    """From SPLIT_FROM contacts on, half the sums are folded again in a second process."""
    from rapport.app import safety as app_safety

    monkeypatch.setattr(app_safety, "SPLIT_FROM", 2)
    for name in ("Acme Corp", "Bolt Ltd", "Cask Inc"):
        ok(cli("log", name, "call", "--new", "--promise", "deck", "--by", "friday"))
    with store.transaction():  # Acme and Bolt go to different processes (ids 1 and 2)
        for cid in (1, 2):
            payload = json.loads(store.value(
                "SELECT payload FROM score_sums WHERE contact_id = :c", c=cid))
            payload["evidence"]["promises"][0]["text"] = "another deck"
            store.run("UPDATE score_sums SET payload = :p WHERE contact_id = :c",
                      p=json.dumps(payload), c=cid)
    problems = js_unchecked(cli)["running sums"]["problems"]
    assert [p.split(":")[0] for p in problems] == ["Acme Corp", "Bolt Ltd"]
    ok(cli("doctor", "--repair"))
    assert js_unchecked(cli)["running sums"]["ok"]
