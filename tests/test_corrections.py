"""Putting mistakes right (issue 14): undo, fix, delete, drop --not-needed, promises, and no
silent writes to a contact whose name was mistyped. Through the CLI, on both engines.

Now is Monday 2026-11-23 10:00; Friday is 27 Nov, next Monday 30 Nov.
"""

from __future__ import annotations

import json

import pytest
from conftest import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIGURES = ("trust", "reliability", "their_reliability", "care", "accountability", "overdue")


def export(cli) -> str:
    return ok(cli("export", "--format", "jsonl")).stdout


def figures(js, name: str) -> dict:
    row = js("score", name)[0]
    return {k: row[k] for k in FIGURES}


@pytest.fixture
def two(cli):
    ok(cli("add", "Priya Shah", "--org", "Orion Legal"))
    ok(cli("add", "Maya Chen"))
    ok(cli("followup", "Priya Shah", "--on", "friday", "check in"))  # id 1
    ok(cli("followup", "Maya Chen", "--on", "2026-11-20", "chase"))  # id 2, overdue
    return cli


# ---------------------------------------------------------------- undo


def test_undo_of_a_log_to_the_wrong_contact_leaves_the_journal_as_before(two, js):
    before = export(two)
    logged = js(
        "log", "Priya Shah", "oops, meant Maya", "--promise", "send deck", "--by", "friday",
        "--follow-up", "next week", "--tag", "call",
    )  # fmt: skip
    assert [f["id"] for f in logged["closed_followups"]] == [1]
    undone = js("undo")
    assert "interaction 1" in undone["removed"]
    assert "follow-up 1" in undone["restored"]
    assert export(two) == before
    shown = js("show", "Priya Shah")
    assert [(p["id"], p["status"]) for p in shown["promises"]] == [(1, "open")]
    assert js("search", "oops") == []


def test_undo_goes_one_further_back_each_time_then_says_nothing_is_left(two, js):
    ok(two("log", "Priya Shah", "call"))
    assert js("undo")["command"].startswith("log")
    assert js("undo")["command"] == "followup 'Maya Chen' --on 2026-11-20 chase"
    js("undo")
    js("undo")
    js("undo")  # the two adds
    assert js("contacts", "--all") == []
    result = two("undo")
    assert result.exit_code == 1
    assert "nothing to undo" in result.stderr


def test_undo_dry_run_says_what_it_would_undo_and_changes_nothing(two, js):
    ok(two("log", "Priya Shah", "call"))
    before = export(two)
    result = ok(two("undo", "--dry-run"))
    assert "interaction 1" in result.stdout
    assert "follow-up 1" in result.stdout
    assert export(two) == before


def test_undo_of_a_move_and_of_a_done(two, js):
    ok(two("promise", "Maya Chen", "send the contract", "--by", "friday"))  # id 3
    ok(two("move", "3", "--to", "2026-12-04"))
    ok(two("done", "3"))
    js("undo")
    assert js("show", "Maya Chen")["promises"][0]["status"] == "open"
    js("undo")
    row = next(p for p in js("show", "Maya Chen")["promises"] if p["id"] == 3)
    assert (row["due"], row["moves"]) == ("2026-11-27", [])


def test_undo_after_import_removes_exactly_the_imported_records(two, js, tmp_path):
    ok(two("log", "Maya Chen", "kick-off"))
    before = export(two)
    incoming = tmp_path / "in.jsonl"
    records = [
        {"type": "contact", "name": "Ola Berg", "tags": ["vip"]},
        {"type": "interaction", "contact": "Ola Berg", "at": "2026-11-02T09:00:00",
         "summary": "met about the harbour project"},
        {"type": "promise", "contact": "Ola Berg", "text": "send plans", "due": "2026-12-01"},
        {"type": "interaction", "contact": "Maya Chen", "at": "2026-11-03T09:00:00",
         "summary": "lunch near the harbour"},
    ]  # fmt: skip
    incoming.write_text("".join(json.dumps(r) + "\n" for r in records))
    ok(two("import", str(incoming)))
    assert len(js("search", "harbour")) == 2
    undone = js("undo")
    assert undone["command"].startswith("import")
    assert export(two) == before
    assert js("search", "harbour") == []


def test_undo_refuses_when_a_later_command_built_on_it(two, js):
    """Team mode: Bob's log closed the follow-up Alice set; Alice cannot take it back."""
    alice, bob = {"RAPPORT_USER": "alice"}, {"RAPPORT_USER": "bob"}
    ok(two("followup", "Maya Chen", "--on", "friday", "send notes", env=alice))  # id 3
    ok(two("log", "Maya Chen", "call", env=bob))
    before = export(two)
    result = two("undo", env=alice)
    assert result.exit_code == 1
    assert "follow-up 3 was changed later by `log 'Maya Chen' call` (bob" in result.stderr
    assert export(two) == before
    # a person undoes only their own commands: Bob's undo takes back Bob's log
    assert two("undo", "--json", env=bob).stdout.count("interaction 1") == 1


# ---------------------------------------------------------------- fix


def test_fix_interaction_contact_moves_it_and_its_effects(two, js):
    priya_before = figures(js, "Priya Shah")
    ok(two("log", "Priya Shah", "call about the deck", "--tone", "warm", "--thanked"))
    assert js("show", "Priya Shah")["promises"][0]["status"] == "done"  # closed follow-up 1
    result = js("fix", "interaction", "1", "--contact", "Maya Chen")
    assert [f["id"] for f in result["reopened"]] == [1]
    assert [f["id"] for f in result["closed"]] == [2]
    priya = js("show", "Priya Shah")
    assert priya["interactions"] == []
    assert [(p["id"], p["status"]) for p in priya["promises"]] == [(1, "open")]
    maya = js("show", "Maya Chen")
    assert [i["summary"] for i in maya["interactions"]] == ["call about the deck"]
    assert figures(js, "Priya Shah") == priya_before
    maya_fixed = figures(js, "Maya Chen")
    # the same journal with the call logged to Maya in the first place
    js("undo")
    js("undo")
    ok(two("log", "Maya Chen", "call about the deck", "--tone", "warm", "--thanked"))
    assert figures(js, "Maya Chen") == maya_fixed


def test_fix_text_and_when_and_flags(two, js):
    ok(two("log", "Maya Chen", "cal", "--channel", "phone"))
    after = js("fix", "interaction", "1", "--text", "call", "--when", "2026-11-22 15:00",
               "--tone", "tense", "--minutes", "20")  # fmt: skip
    assert after["before"]["summary"] == "cal"
    row = after["after"]
    assert (row["summary"], row["at"], row["tone"], row["minutes"]) == (
        "call",
        "2026-11-22T15:00:00",
        "tense",
        20,
    )
    assert [h["id"] for h in js("search", "call")] == [1]
    result = two("fix", "interaction", "1", "--agreed")
    assert result.exit_code == 2
    assert "--agreed does not apply to a interaction" in result.stderr


def test_fix_promise_by_records_no_move_while_move_does(two, js):
    ok(two("promise", "Maya Chen", "send the contract", "--by", "friday"))  # id 3
    js("fix", "promise", "3", "--by", "2026-11-30")
    row = next(p for p in js("show", "Maya Chen")["promises"] if p["id"] == 3)
    assert (row["due"], row["moves"]) == ("2026-11-30", [])
    ok(two("move", "3", "--to", "2026-12-04"))
    row = next(p for p in js("show", "Maya Chen")["promises"] if p["id"] == 3)
    assert [(m["old_due"], m["new_due"]) for m in row["moves"]] == [("2026-11-30", "2026-12-04")]


def test_fix_move_told_changes_the_verdict_and_score_as_a_told_move(cli, js):
    """Two clients, the same promise moved before its due date and kept after it: told at
    once for one, marked told later with fix for the other. They end up read alike."""
    for name in ("Told Co", "Fixed Co"):
        ok(cli("add", name))
        ok(cli("promise", name, "send report", "--by", "friday"))  # due 27 Nov
    ok(cli("move", "1", "--to", "2026-12-04", "--told"))
    ok(cli("move", "2", "--to", "2026-12-04"))
    later = {"RAPPORT_NOW": "2026-12-01T10:00:00"}
    ok(cli("done", "1", env=later))  # 4 days past 27 Nov, within the renegotiated 4 Dec
    ok(cli("done", "2", env=later))

    def read(name: str) -> tuple[str, dict]:
        verdict = js("promises", name, "--all", env=later)[0]["verdict"]
        row = js("score", name, env=later)[0]
        return verdict, {k: row[k] for k in FIGURES}

    assert read("Told Co")[0] == "renegotiated"
    assert read("Fixed Co")[0] == "late"
    assert read("Fixed Co")[1]["reliability"] < read("Told Co")[1]["reliability"]
    js("fix", "promise", "2", "--move-told")
    assert read("Fixed Co") == read("Told Co")


# ---------------------------------------------------------------- delete and drop


def test_delete_without_yes_in_a_pipe_writes_nothing(two, js):
    ok(two("log", "Priya Shah", "call"))
    before = export(two)
    result = two("delete", "interaction", "1")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert export(two) == before


def test_delete_an_interaction_reopens_what_it_closed(two, js):
    ok(two("log", "Priya Shah", "call", "--tag", "x"))
    deleted = js("delete", "interaction", "1", "--yes")
    assert [f["id"] for f in deleted["reopened"]] == [1]
    shown = js("show", "Priya Shah")
    assert shown["interactions"] == []
    assert shown["promises"][0]["status"] == "open"
    assert js("search", "call") == []


def test_delete_a_promise_then_undo_brings_it_back_with_its_moves(two, js):
    ok(two("promise", "Maya Chen", "send the contract", "--by", "friday"))
    ok(two("move", "3", "--to", "2026-12-04", "--told"))
    before = export(two)
    ok(two("delete", "promise", "3", "--yes"))
    assert all(p["id"] != 3 for p in js("show", "Maya Chen")["promises"])
    js("undo")
    assert export(two) == before


def test_drop_not_needed_counts_neither_kept_nor_broken(two, js):
    ok(two("drop", "2", "--not-needed"))
    row = js("promises", "Maya Chen", "--all")[0]
    assert (row["status"], row["dropped_reason"], row["verdict"]) == (
        "cancelled",
        "not-needed",
        "not_needed",
    )
    assert js("review", "--week")["broken"] == []
    maya_without = figures(js, "Maya Chen")
    assert maya_without["overdue"] == 0
    assert maya_without["reliability"] is None  # nothing of mine has come due and counted


# ---------------------------------------------------------------- promises and show


def test_promises_lists_every_promise_with_one_verdict(two, js):
    ok(two("promise", "Maya Chen", "send the contract", "--by", "friday"))  # 3
    ok(two("promise", "Maya Chen", "sign it", "--by", "2027-01-15", "--theirs"))  # 4
    ok(two("promise", "Priya Shah", "send the deck", "--by", "2026-12-10"))  # 5
    rows = js("promises")
    assert [r["id"] for r in rows] == [2, 1, 3, 5, 4]  # by due date
    assert [r["id"] for r in js("promises", "Maya Chen", "--theirs")] == [4]
    assert [r["id"] for r in js("promises", "--mine")] == [3, 5]
    assert all(r["verdict"] for r in rows)
    ok(two("done", "3"))
    assert [r["id"] for r in js("promises", "Maya Chen", "--done")] == [3]


def test_show_lists_incidents_and_expectations_with_their_state(two, js):
    ok(two("incident", "Maya Chen", "missed the deadline", "--owned"))
    ok(two("expect", "Maya Chen", "weekly status email", "--agreed"))
    ok(two("resolve", "1"))
    shown = js("show", "Maya Chen")
    assert [(i["text"], i["resolved_on"]) for i in shown["incidents"]] == [
        ("missed the deadline", "2026-11-23")
    ]
    assert [(e["text"], e["agreed"]) for e in shown["expectations"]] == [("weekly status email", 1)]
    text = ok(two("show", "Maya Chen")).stdout
    assert "missed the deadline" in text and "weekly status email" in text
    assert "missed the deadline" in ok(two("brief", "Maya Chen", "--full")).stdout


# ---------------------------------------------------------------- names on writes


def test_a_typo_on_a_write_is_refused_in_a_pipe(cli, js):
    ok(cli("add", "Greta Holm"))
    ok(cli("add", "Anna Larsen"))
    before = export(cli)
    for name in ("gretta", "anna larson"):
        result = cli("log", name, "call")
        assert result.exit_code == 2
        assert "--yes" in result.stderr
    assert "'Greta Holm'" in cli("log", "gretta", "call").stderr
    assert export(cli) == before
    ok(cli("log", "gretta", "call", "--yes"))
    assert len(js("show", "Greta Holm")["interactions"]) == 1
    shown = cli("show", "gretta")  # a read keeps the best match, with a note
    assert shown.exit_code == 0 and "using 'Greta Holm' for 'gretta'" in shown.stderr


def test_an_organisation_finds_its_contact_and_unrelated_names_are_not_suggested(cli, js):
    ok(cli("add", "Priya Shah", "--org", "Orion Legal"))
    ok(cli("add", "Tom Baker"))
    assert js("show", "orion")["contact"]["name"] == "Priya Shah"
    ok(cli("log", "orion", "call"))  # an organisation is not a guess: written
    result = cli("show", "kestrel")
    assert result.exit_code == 2
    assert "Tom Baker" not in result.stderr


def test_the_history_keeps_the_last_commands_and_30_days(cli, js, monkeypatch):
    from rapport.store import history

    monkeypatch.setattr(history, "KEEP_COMMANDS", 2)
    ok(cli("add", "Old Co", env={"RAPPORT_NOW": "2026-10-01T09:00:00"}))  # 53 days ago
    for name in ("A Co", "B Co", "C Co"):
        ok(cli("add", name))
    # kept: the last two (C Co, B Co); A Co fell off the count, Old Co off the calendar
    js("undo")
    js("undo")
    result = cli("undo")
    assert result.exit_code == 1 and "nothing to undo" in result.stderr
    assert [c["name"] for c in js("contacts")] == ["A Co", "Old Co"]


def test_fix_refuses_an_unknown_kind_or_the_wrong_kind_of_id(two):
    result = two("fix", "meeting", "1", "--text", "x")
    assert result.exit_code == 2 and "unknown kind 'meeting'" in result.stderr
    result = two("fix", "promise", "1", "--text", "x")  # 1 is a follow-up
    assert result.exit_code == 2 and "1 is a follow-up, not a promise" in result.stderr
    result = two("fix", "followup", "1")
    assert result.exit_code == 2 and "say what to change" in result.stderr


def test_undo_of_a_fix_puts_the_record_back(two, js):
    ok(two("log", "Priya Shah", "call"))
    before = export(two)
    js("fix", "interaction", "1", "--contact", "Maya Chen", "--text", "call with Maya")
    assert js("undo")["command"].startswith("fix interaction 1")
    assert export(two) == before


def test_deleting_the_latest_handover_gives_the_contact_back(two, js):
    ok(two("handover", "Maya Chen", "--to", "sam"))
    assert js("show", "Maya Chen")["contact"]["owner"] == "sam"
    ok(two("delete", "handover", "1", "--yes"))
    shown = js("show", "Maya Chen")
    # the handover was from me (RAPPORT_USER), also in a solo journal that recorded no owner
    assert (shown["contact"]["owner"], shown["handovers"]) == ("me", [])


# ---------------------------------------------------------------- undo, whatever came before


STEPS = st.lists(
    st.sampled_from(
        [
            ("log", "Priya Shah", "call", "--follow-up", "friday"),
            ("log", "Maya Chen", "lunch", "--promise", "send notes", "--by", "friday"),
            ("promise", "Maya Chen", "draft", "--by", "2026-11-30"),
            ("followup", "Priya Shah", "--on", "2026-11-25"),
            ("move", "{p}", "--to", "2026-12-04"),
            ("done", "{p}"),
            ("drop", "{p}", "--not-needed"),
            ("fix", "interaction", "{i}", "--contact", "Maya Chen"),
            ("fix", "promise", "{p}", "--by", "2026-12-01", "--text", "fixed"),
            ("delete", "interaction", "{i}", "--yes"),
            ("delete", "promise", "{p}", "--yes"),
        ]
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.sqlite_only
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, picks=st.lists(st.integers(1, 4), min_size=6, max_size=6))
def test_undoing_every_command_leaves_the_journal_as_it_was(two, js, steps, picks):
    before = export(two)
    written = 0
    for step, pick in zip(steps, picks, strict=False):
        args = [a.format(p=pick, i=pick) for a in step]
        written += two(*args).exit_code == 0
    for _ in range(written):
        js("undo")
    assert export(two) == before


def test_fix_flags_of_incidents_expectations_and_dates(two, js):
    ok(two("incident", "Maya Chen", "missed the deadline"))
    ok(two("expect", "Maya Chen", "weekly status email"))
    ok(two("remember", "Maya Chen", "birthday", "--on", "03-14"))
    before = figures(js, "Maya Chen")["accountability"]
    js("fix", "incident", "1", "--owned", "--told-first", "--when", "2026-11-20 09:00")
    js("fix", "expectation", "1", "--agreed", "--text", "status email every Friday")
    js("fix", "date", "1", "--text", "birthday (Maya)")
    shown = js("show", "Maya Chen")
    incident = shown["incidents"][0]
    assert (incident["owned"], incident["told_first"], incident["at"]) == (
        1,
        1,
        "2026-11-20T09:00:00",
    )
    assert (shown["expectations"][0]["agreed"], shown["expectations"][0]["text"]) == (
        1,
        "status email every Friday",
    )
    assert [d["label"] for d in shown["remember"]] == ["birthday (Maya)"]
    assert figures(js, "Maya Chen")["accountability"] > before  # owned and told: better


# ---------------------------------------------------------------- with the trust model's records


def test_a_sign_logged_with_an_interaction_follows_it_through_fix_delete_and_undo(two, js):
    ok(two("log", "Priya Shah", "Referred a colleague", "--referral"))
    before = ok(two("export")).stdout
    ok(two("fix", "interaction", "1", "--contact", "Maya Chen", "--yes"))
    signs = [json.loads(line) for line in ok(two("export")).stdout.splitlines()]
    assert [s["contact"] for s in signs if s["type"] == "sign"] == ["Maya Chen"]
    ok(two("delete", "interaction", "1", "--yes"))  # the sign made with it goes too
    assert '"type":"sign"' not in ok(two("export")).stdout
    ok(two("undo"))
    ok(two("undo"))
    assert ok(two("export")).stdout == before


def test_fix_promise_size_is_a_correction_not_a_move(two, js):
    pid = js("promise", "Priya Shah", "migrate the database", "--by", "friday")["id"]
    after = js("fix", "promise", str(pid), "--size", "big")["after"]
    assert (after["size"], after["due"]) == ("big", "2026-11-27")
    assert js("show", "Priya Shah")["promises"][0]["moves"] == []
    refused = two("fix", "promise", str(pid), "--size", "huge")
    assert refused.exit_code == 2 and "small, normal, big" in refused.stderr


def test_fix_interaction_when_reopens_or_closes_the_follow_ups_it_answers(two, js):
    """Follow-up 1 (Priya) was set now, Monday 10:00: an interaction answers it when it
    happened at or after that moment, as `log` decides."""
    before = export(two)
    assert js("log", "Priya Shah", "call", "--when", "2026-11-20 15:00")["closed_followups"] == []
    later = js("fix", "interaction", "1", "--when", "2026-11-23 10:00")
    assert ([f["id"] for f in later["closed"]], later["reopened"]) == ([1], [])
    row = js("show", "Priya Shah")["promises"][0]
    assert (row["id"], row["status"], row["done_on"]) == (1, "done", "2026-11-23")
    earlier = js("fix", "interaction", "1", "--when", "2026-11-22 09:00")
    assert ([f["id"] for f in earlier["reopened"]], earlier["closed"]) == ([1], [])
    assert js("show", "Priya Shah")["promises"][0]["status"] == "open"
    js("fix", "interaction", "1", "--when", "2026-11-23 10:00")
    still = js("fix", "interaction", "1", "--when", "2026-11-23 09:59")
    assert [f["id"] for f in still["reopened"]] == [1]
    for _ in range(5):  # the four fixes and the log
        js("undo")
    assert export(two) == before


def test_fix_date_on_reads_the_date_as_remember_does(two, js):
    ok(two("remember", "Maya Chen", "birthday", "--on", "03-14"))  # 1, yearly
    ok(two("remember", "Maya Chen", "renewal", "--on", "2027-01-15"))  # 2, once
    before = export(two)
    js("fix", "date", "1", "--on", "march 15")
    js("fix", "date", "2", "--on", "2027-02-01")  # a full date keeps it a one-off
    dates = {d["id"]: (d["on_date"], d["yearly"]) for d in js("show", "Maya Chen")["remember"]}
    assert dates == {1: ("--03-15", True), 2: ("2027-02-01", False)}
    js("fix", "date", "2", "--on", "march 3")  # a month and day comes back every year
    js("fix", "date", "1", "--on", "2027-03-16", "--not-yearly")
    dates = {d["id"]: (d["on_date"], d["yearly"]) for d in js("show", "Maya Chen")["remember"]}
    assert dates == {1: ("2027-03-16", False), 2: ("--03-03", True)}
    wrong = two("fix", "followup", "1", "--on", "march 3")
    assert wrong.exit_code == 2
    assert "--on does not apply" in wrong.stderr
    for _ in range(4):
        js("undo")
    assert export(two) == before


def test_fix_handover_to_corrects_who_took_over_and_the_owner(two, js):
    ok(two("handover", "Maya Chen", "--to", "sam"))  # 1, from me
    js("fix", "handover", "1", "--to", "alex")
    shown = js("show", "Maya Chen")
    assert (shown["contact"]["owner"], shown["handovers"][0]["to_owner"]) == ("alex", "alex")
    ok(two("handover", "Maya Chen", "--to", "kim"))  # 2, from alex
    js("fix", "handover", "1", "--to", "sam")  # no longer the latest: the next one's from
    shown = js("show", "Maya Chen")
    pairs = sorted((h["id"], h["from_owner"], h["to_owner"]) for h in shown["handovers"])
    assert (shown["contact"]["owner"], pairs) == ("kim", [(1, "me", "sam"), (2, "sam", "kim")])
    js("fix", "handover", "2", "--to", "lee")
    assert js("show", "Maya Chen")["contact"]["owner"] == "lee"
    refused = two("fix", "handover", "1", "--to", "me")
    assert refused.exit_code == 2
    assert "was from me" in refused.stderr
    js("undo")
    js("undo")
    assert js("show", "Maya Chen")["contact"]["owner"] == "kim"


def test_show_and_brief_full_list_the_clients_signs_of_trust(two, js):
    ok(two("sign", "Maya Chen", "shared-plans", "budget for 2027", "--when", "2026-04-01"))
    ok(two("sign", "Maya Chen", "referral", "sent us Dana", "--when", "2026-11-20"))
    ok(two("log", "Maya Chen", "what would you do?", "--asked-advice"))
    shown = js("show", "Maya Chen")
    assert [(s["at"][:10], s["kind"], s["note"]) for s in shown["signs"]] == [
        ("2026-11-23", "asked-advice", "what would you do?"),
        ("2026-11-20", "referral", "sent us Dana"),
        ("2026-04-01", "shared-plans", "budget for 2027"),
    ]
    text = ok(two("show", "Maya Chen")).stdout
    assert "sign 2 2026-11-20: referral: sent us Dana" in text
    assert "interaction 1 2026-11-23: asked-advice: what would you do?" in text
    assert "2026-04-01: shared-plans: budget for 2027" in text
    # the brief recalls the last 180 days' signs: 1 April is 236 days back
    full = ok(two("brief", "Maya Chen", "--full")).stdout
    assert "2026-11-20  referral: sent us Dana" in full
    assert "2026-11-23  asked-advice: what would you do?" in full
    assert "budget for 2027" not in full
    assert "sent us Dana" not in ok(two("brief", "Maya Chen")).stdout
    brief = js("brief", "Maya Chen")
    assert [(s["on"], s["kind"]) for s in brief["signs"]] == [
        ("2026-11-23", "asked-advice"),
        ("2026-11-20", "referral"),
    ]


def test_a_follow_up_reopens_only_when_no_other_interaction_answers_it(two, js):
    """Both calls are at Monday 10:00, when follow-up 1 was set: either one answers it."""
    before = export(two)
    ok(two("log", "Priya Shah", "call"))  # 1, closes follow-up 1
    ok(two("log", "Priya Shah", "email"))  # 2, nothing left to close
    moved = js("fix", "interaction", "1", "--when", "2026-11-22 09:00")
    assert (moved["reopened"], moved["closed"]) == ([], [])
    assert js("show", "Priya Shah")["promises"][0]["status"] == "done"  # call 2 answers it
    deleted = js("delete", "interaction", "2", "--yes")
    assert [f["id"] for f in deleted["reopened"]] == [1]
    assert js("show", "Priya Shah")["promises"][0]["status"] == "open"
    for _ in range(4):
        js("undo")
    assert export(two) == before
