"""`rapport brief` through the CLI: the demo journal's clients, organisations, successors,
the one-screen limit, --full, --json and --markdown.

The demo's "today" is Monday 2026-11-23 08:30; expected values come from examples/demo.py's
history, worked out by hand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, demo_copy, ok, snapshot

DEMO_CONTACTS = [
    "Acme Corp",
    "Northwind Traders",
    "Harbor Dental",
    "Lumen Studio",
    "Elena Park",
    "Quarry Analytics",
]
SCREEN = {"COLUMNS": "80"}


@pytest.fixture(scope="module")
def demo_db(demo_template, tmp_path_factory):
    return demo_copy(demo_template, tmp_path_factory), DEMO_TODAY


@pytest.fixture
def demo(cli, js, demo_db):
    """Run against the demo journal on its own 'today' (read-only: brief writes nothing)."""
    db, today = demo_db

    def run(*args, env=None, as_json=False):
        full_env = {"RAPPORT_NOW": today, **(env or {})}
        if as_json:
            return js("--db", str(db), "brief", *args, env=full_env)
        return cli("--db", str(db), "brief", *args, env=full_env)

    return run


def _remember(db: Path, contact_id: int, rows: list[tuple[str, str, int]]) -> None:
    """Dates to remember, written straight to the table the `remember` command fills."""
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO remember (contact_id, label, on_date, yearly) VALUES (?, ?, ?, ?)",
            [(contact_id, *row) for row in rows],
        )
    conn.close()


# --- the demo clients -----------------------------------------------------------------------


def test_northwind_is_tense_runs_over_time_and_was_not_told_first(demo):
    data = demo("Northwind Traders", as_json=True)
    assert data["preferences"] | {"note": None} == {
        "channel": "phone",
        "style": "big-picture",
        "attitude": "rigid",
        "predecessor": None,
        "note": None,
    }
    assert data["notes"] == "Marco decides fast and dislikes long emails"
    assert [(i["date"], i["tone"]) for i in data["recent"]] == [
        ("2026-11-16", "tense"),
        ("2026-10-14", "tense"),
        ("2026-09-18", "tense"),
    ]
    [owed] = data["i_owe"]
    assert (owed["text"], owed["due"], owed["days_late"]) == ("competitor price scan",
                                                              "2026-11-06", 17)
    [incident] = data["incidents"]
    assert incident["on"] == "2026-10-13" and incident["told_first"] is False
    by_rule = {s["rule"]: s for s in data["suggestions"]}
    assert list(by_rule) == ["own_overdue", "ask_first", "keep_to_time"]
    assert by_rule["ask_first"]["reason"] == "an incident on 2026-10-13 was not told first"
    assert by_rule["keep_to_time"]["text"] == "keep to 15 minutes"  # the last call's plan
    assert "40 of 15, 75 of 30" in by_rule["keep_to_time"]["reason"]
    assert data["rhythm"]["days_since"] == 7 and data["rhythm"]["every_days"] == 14
    assert data["trust"]["trust"] == 0 and "not told first" in data["trust"]["moves_it_most"]


def test_elena_has_her_agreed_expectation_and_no_open_incident(demo):
    data = demo("Elena Park", as_json=True)
    assert data["expectations"] == [
        {"text": "Written summary within a day of every call", "agreed": True, "on": "2026-10-13"}
    ]
    assert data["incidents"] == []  # the clause incident was resolved on 2026-11-03
    [owed] = data["i_owe"]
    assert (owed["text"], owed["when"]) == ("clause templates", "due today")
    assert data["they_owe"] == []
    assert data["rhythm"]["text"] == (
        "last spoke 7 days ago (2026-11-16), every 30 days: next due in 23 days"
    )
    assert "recap_agreed" in [s["rule"] for s in data["suggestions"]]


def test_harbor_has_gone_quiet_past_its_rhythm(demo):
    data = demo("Harbor Dental", as_json=True)
    assert data["rhythm"]["days_since"] == 74 and data["rhythm"]["days_over"] == 44
    assert [s["rule"] for s in data["suggestions"]] == [
        "own_overdue",
        "reconnect",
        "agree_expectations",
    ]
    assert data["trust"]["trend"] < 0


def test_lumen_owes_me_the_contract(demo):
    data = demo("Lumen Studio", as_json=True)
    [theirs] = data["they_owe"]
    assert (theirs["text"], theirs["days_late"]) == ("signed contract", 13)
    assert [i["kind"] for i in data["i_owe"]] == ["followup"]
    assert data["suggestions"][0]["text"] == "ask about 'signed contract'"


def test_acme_healthy_account_still_gets_two_suggestions(demo):
    data = demo("Acme Corp", as_json=True)
    assert data["notes"].startswith("Dana runs ops")
    assert [s["rule"] for s in data["suggestions"]] == ["deliver_next", "recap_agreed"]
    assert data["suggestions"][0]["reason"] == "it is due in 4 days (2026-11-27)"


@pytest.mark.parametrize("name", DEMO_CONTACTS)
def test_every_demo_brief_fits_one_screen_and_ends_with_suggestions(demo, name):
    result = ok(demo(name, env=SCREEN))
    lines = result.stdout.splitlines()
    assert 2 <= len(lines) <= 24
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].startswith(name)
    data = demo(name, as_json=True)
    assert 2 <= len(data["suggestions"]) <= 3
    assert any(line.startswith("Next       1. ") for line in lines)


def test_the_screen_shows_each_section_in_order(demo):
    out = ok(demo("Northwind Traders", env=SCREEN)).stdout
    labels = [line.split()[0] for line in out.splitlines()[1:] if not line.startswith(" ")]
    assert labels == ["Reach", "Notes", "I", "Last", "Incidents", "Trust", "Rhythm", "Next"]
    assert "by phone; style big-picture; attitude rigid" in out
    assert "2026-11-16  tense" in out


# --- the one-screen limit -----------------------------------------------------------------


@pytest.fixture
def crowded(cli, db_path):
    """A contact with more of everything than one screen holds."""
    ok(cli("add", "Busy Co", "--channel", "phone", "--every", "7d",
           "--note", "line one of many notes " * 10))
    for n in range(8):
        ok(cli("promise", "busy", f"deliverable {n}", "--by", f"2026-12-{n + 1:02d}"))
        ok(cli("promise", "busy", f"their item {n}", "--by", f"2026-12-{n + 1:02d}", "--theirs"))
        ok(cli("incident", "busy", f"mistake {n}", "--when", f"2026-11-{n + 1:02d}"))
        ok(cli("expect", "busy", f"expectation {n}", "--agreed"))
    for n in range(5):
        ok(cli("log", "busy", f"call {n}", "--when", f"2026-11-{n + 10}", "--channel", "phone"))
    _remember(db_path, 1, [(f"date {n}", f"--12-{n + 1:02d}", 1) for n in range(6)])
    return "Busy Co"


@pytest.mark.sqlite_only  # writes the file directly
def test_a_crowded_brief_is_cut_to_the_screen_and_says_what_is_missing(cli, crowded):
    lines = ok(cli("brief", crowded, env=SCREEN)).stdout.splitlines()
    assert len(lines) <= 22  # room left for the command typed and the next prompt
    assert any("more (--full)" in line for line in lines)
    assert any(line.startswith("Next ") for line in lines)  # suggestions are never cut


@pytest.mark.sqlite_only  # writes the file directly
def test_full_shows_everything(cli, js, crowded):
    out = ok(cli("brief", crowded, "--full", env=SCREEN)).stdout
    assert len(out.splitlines()) > 24
    assert "more (--full)" not in out
    for n in range(8):
        assert f"deliverable {n}" in out and f"their item {n}" in out and f"mistake {n}" in out
    data = js("brief", crowded)
    assert len(data["i_owe"]) == 8 and len(data["they_owe"]) == 8
    assert len(data["incidents"]) == 8 and len(data["expectations"]) == 8
    assert len(data["recent"]) == 3 and data["recent"][0]["summary"] == "call 4"
    assert [d["date"] for d in data["dates"]][:2] == ["2026-12-01", "2026-12-02"]


@pytest.mark.sqlite_only  # writes the file directly
def test_dates_coming_up_are_shown_and_suggested(cli, js, db_path):
    ok(cli("add", "Priya"))
    _remember(db_path, 1, [("birthday", "--12-02", 1), ("renewal", "2027-03-01", 0),
                           ("launch", "2026-11-01", 0)])
    data = js("brief", "priya")
    assert [(d["label"], d["in_days"]) for d in data["dates"]] == [("birthday", 9)]
    assert data["suggestions"][0]["reason"] == "it is in 9 days (2026-12-02)"
    assert "2026-12-02  birthday (in 9 days)" in ok(cli("brief", "priya")).stdout


# --- organisations and successors ------------------------------------------------------------


@pytest.fixture
def northwind(cli):
    ok(cli("add", "Marco Rossi", "--org", "Northwind", "--channel", "phone",
           "--style", "big-picture", "--attitude", "rigid"))
    ok(cli("add", "Jana Novak", "--org", "northwind", "--note", "new head of pricing"))
    ok(cli("edit", "jana", "--replaces", "marco"))
    ok(cli("add", "Acme Corp", "--org", "Acme"))


def test_a_successor_inherits_nothing_and_is_told_so(js, northwind):
    data = js("brief", "Jana Novak")
    prefs = data["preferences"]
    assert (prefs["channel"], prefs["style"], prefs["attitude"]) == (None, None, None)
    assert prefs["predecessor"] == "Marco Rossi"
    assert prefs["note"] == (
        "replaces Marco Rossi, whose preferences are not theirs; none of their own yet"
    )
    assert data["suggestions"][0]["rule"] == "ask_preferences"
    assert js("brief", "Marco Rossi")["replaced_by"] == ["Jana Novak"]


def test_brief_org_shows_each_person_with_their_own_preferences(cli, js, northwind):
    data = js("brief", "NORTHWIND")
    assert data["kind"] == "organisation" and data["org"] == "Northwind"
    people = {p["contact"]: p for p in data["people"]}
    assert list(people) == ["Jana Novak", "Marco Rossi"]
    assert people["Marco Rossi"]["preferences"]["channel"] == "phone"
    assert people["Jana Novak"]["preferences"]["channel"] is None
    out = ok(cli("brief", "northwind")).stdout
    assert out.splitlines()[0].startswith("Northwind · 2 people")
    assert "replaces Marco Rossi, whose preferences are not theirs" in out


def test_an_org_of_one_is_its_person_unless_org_is_asked(js, northwind):
    assert js("brief", "acme")["kind"] == "contact"
    data = js("brief", "acme", "--org")
    assert data["kind"] == "organisation" and [p["contact"] for p in data["people"]] == [
        "Acme Corp"
    ]


def test_an_unknown_org_lists_the_known_ones(cli, northwind):
    result = cli("brief", "globex", "--org")
    assert result.exit_code == 2
    assert "no organisation named 'globex'" in result.stderr
    assert "'Acme', 'Northwind'" in result.stderr
    assert result.stdout == ""


def test_replaces_refuses_self_and_loops_and_can_be_cleared(cli, js, northwind):
    assert cli("edit", "jana", "--replaces", "jana").exit_code == 2
    looped = cli("edit", "marco", "--replaces", "jana")
    assert looped.exit_code == 2 and "chain of replacements" in looped.stderr
    assert "Traceback" not in looped.stderr
    assert js("edit", "jana", "--replaces", "")["replaces_id"] is None
    assert js("brief", "jana")["preferences"]["predecessor"] is None
    assert cli("edit", "jana", "--replaces", "nobody at all").exit_code == 2


# --- output forms -----------------------------------------------------------------------------


@pytest.mark.sqlite_only  # writes the file directly
def test_markdown_is_plain_and_escapes_user_text(cli, js):
    ok(cli("add", "Acme", "--note", "[bold]likes *cycling*[/bold]", "--channel", "video"))
    ok(cli("expect", "acme", "Friday status", "--agreed"))
    out = ok(cli("brief", "acme", "--markdown", env=SCREEN)).stdout
    assert out.startswith("# Acme · brief of 2026-11-23\n")
    assert "## How they like to work\n- by video\n" in out
    assert "- \\[bold\\]likes \\*cycling\\*\\[/bold\\]" in out
    assert "## Expectations\n- Friday status\n" in out
    assert "## Suggestions\n1. **" in out
    assert "\x1b[" not in out


def test_json_and_markdown_together_is_a_usage_error(cli):
    ok(cli("add", "Acme"))
    result = cli("brief", "acme", "--json", "--markdown")
    assert result.exit_code == 2 and "--json" in result.stderr and result.stdout == ""


def test_an_unknown_name_is_one_line_and_exit_2(cli):
    ok(cli("add", "Acme"))
    result = cli("brief", "globex")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_brief_changes_nothing(cli, js):
    ok(cli("add", "Acme", "--every", "7d"))
    ok(cli("log", "acme", "call", "--when", "2026-11-02", "--promise", "deck", "--by", "friday"))
    before = snapshot(js)
    ok(cli("brief", "acme"))
    js("brief", "acme")
    assert snapshot(js) == before
