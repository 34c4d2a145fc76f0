"""`rapport log`: the interaction, its details, the summary's sources, promises made in the same
breath, follow-ups, and the all-or-nothing transaction."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import NOW, ok, snapshot


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", "--org", "Acme"))
    return "Acme Corp"


def editor_script(tmp_path: Path, text: str, code: int = 0) -> str:
    """A stand-in for $EDITOR: writes `text` into the file it is given."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\n"
        f"with open(sys.argv[1], 'w', encoding='utf-8') as f:\n"
        f"    f.write({text!r})\n"
        f"sys.exit({code})\n"
    )
    return f"{sys.executable} {script}"


# --- the interaction -----------------------------------------------------------------------


def test_log_records_an_interaction_at_now(cli, js, acme):
    out = js("log", acme, "Discussed the pilot")
    assert out["contact"] == "Acme Corp"
    assert out["at"] == NOW
    assert out["promises"] == []
    assert out["followup"] is None
    assert out["closed_followups"] == []
    (interaction,) = js("show", acme)["interactions"]
    assert interaction["id"] == out["interaction"]
    assert interaction["summary"] == "Discussed the pilot"
    assert interaction["at"] == NOW


def test_log_json_has_exactly_the_documented_keys(js, acme):
    out = js("log", acme, "call", "--promise", "send deck", "--by", "friday",
             "--follow-up", "2026-12-01")
    assert set(out) == {"interaction", "contact", "at", "promises", "followup",
                        "closed_followups"}
    (promise,) = out["promises"]
    assert set(promise) == {"id", "direction", "text", "due", "size"}
    assert out["followup"]["due"] == "2026-12-01"


def test_log_text_output_names_the_new_promise_ids(cli, js, acme):
    result = ok(cli("log", acme, "call", "--promise", "send deck", "--by", "friday",
                    "--they-promise", "sign contract", "--by", "2026-12-01"))
    view = js("show", acme)
    ids = {p["text"]: p["id"] for p in view["promises"]}
    assert f"promise {ids['send deck']}" in result.stdout
    assert f"promise {ids['sign contract']}" in result.stdout
    assert "2026-11-27" in result.stdout
    assert "2026-12-01" in result.stdout


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("yesterday 3pm", "2026-11-22T15:00:00"),
        ("2026-11-20 14:00", "2026-11-20T14:00:00"),
        ("2026-11-20", "2026-11-20T09:00:00"),
        ("friday 15:30", "2026-11-20T15:30:00"),  # looking back from Monday: last Friday
        ("2h ago", "2026-11-23T08:00:00"),
    ],
)
def test_log_when_natural_dates(js, acme, when, expected):
    out = js("log", acme, "call", "--when", when)
    assert out["at"] == expected
    assert js("show", acme)["interactions"][0]["at"] == expected


def test_log_details_are_stored(js, acme):
    js("log", acme, "Quarterly review", "--channel", "Video", "--minutes", "45",
       "--planned", "30", "--tag", "review", "--tag", "q4", "--thanked", "--asked-advice",
       "--tone", "warm")
    (i,) = js("show", acme)["interactions"]
    assert i["channel"] == "video"
    assert i["minutes"] == 45
    assert i["planned"] == 30
    assert sorted(i["tags"]) == ["q4", "review"]
    assert i["thanked"]
    assert i["asked_advice"]
    assert i["tone"] == "warm"


def test_log_defaults_for_flags(js, acme):
    js("log", acme, "quick note")
    (i,) = js("show", acme)["interactions"]
    assert not i["thanked"]
    assert not i["asked_advice"]
    assert i["tags"] == []


def test_log_bad_tone_is_exit_2_and_records_nothing(cli, js, acme):
    result = cli("log", acme, "call", "--tone", "furious")
    assert result.exit_code == 2
    assert "tone" in result.stderr
    assert js("show", acme)["interactions"] == []


def test_log_negative_minutes_is_exit_2(cli, js, acme):
    assert cli("log", acme, "call", "--minutes", "-5").exit_code == 2
    assert js("show", acme)["interactions"] == []


def test_log_uses_the_rapport_now_clock(js, acme):
    out = js("log", acme, "call", env={"RAPPORT_NOW": "2026-12-02T16:45:00"})
    assert out["at"] == "2026-12-02T16:45:00"


# --- the summary ---------------------------------------------------------------------------


def test_log_summary_from_stdin(cli, js, acme):
    ok(cli("log", acme, "-", input="Long talk about the renewal\n"))
    (i,) = js("show", acme)["interactions"]
    assert i["summary"] == "Long talk about the renewal"


def test_log_summary_from_stdin_with_json(cli, acme):
    result = ok(cli("log", acme, "-", "--json", input="From stdin\n"))
    out = json.loads(result.stdout)
    assert out["contact"] == "Acme Corp"


def test_log_empty_stdin_is_exit_2(cli, js, acme):
    assert cli("log", acme, "-", input="   \n").exit_code == 2
    assert js("show", acme)["interactions"] == []


def test_log_summary_from_editor(cli, js, acme, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "Wrote this in the editor\n"))
    ok(cli("log", acme))
    (i,) = js("show", acme)["interactions"]
    assert i["summary"] == "Wrote this in the editor"


def test_log_summary_from_a_shell_script_editor(cli, js, acme, tmp_path, monkeypatch):
    script = tmp_path / "ed.sh"
    script.write_text('#!/bin/sh\nprintf "Notes from the shell editor\\n" > "$1"\n')
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    out = json.loads(ok(cli("log", acme, "--json")).stdout)
    assert out["contact"] == "Acme Corp"
    (i,) = js("show", acme)["interactions"]
    assert i["summary"] == "Notes from the shell editor"


def test_log_summary_from_visual(cli, js, acme, tmp_path, monkeypatch):
    monkeypatch.setenv("VISUAL", editor_script(tmp_path, "From VISUAL"))
    ok(cli("log", acme, "--promise", "send deck", "--by", "friday"))
    view = js("show", acme)
    assert [i["summary"] for i in view["interactions"]] == ["From VISUAL"]
    assert [p["due"] for p in view["promises"]] == ["2026-11-27"]


def test_log_editor_comment_lines_are_dropped(cli, js, acme, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "Real text\n# a comment\n"))
    ok(cli("log", acme))
    assert js("show", acme)["interactions"][0]["summary"] == "Real text"


def test_log_editor_left_empty_records_nothing(cli, js, acme, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "# only a comment\n"))
    assert cli("log", acme).exit_code == 2
    assert js("show", acme)["interactions"] == []


def test_log_editor_failing_records_nothing(cli, js, acme, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "text", code=1))
    result = cli("log", acme)
    assert result.exit_code != 0
    assert js("show", acme)["interactions"] == []


def test_log_without_summary_or_editor_is_exit_2(cli, js, acme):
    assert "EDITOR" not in os.environ and "VISUAL" not in os.environ
    result = cli("log", acme)
    assert result.exit_code == 2
    assert "EDITOR" in result.stderr
    assert js("show", acme)["interactions"] == []


# --- promises in the same command ----------------------------------------------------------


def test_log_pairs_each_by_with_the_promise_before_it(js, acme):
    out = js(
        "log", acme, "Planning call",
        "--promise", "send deck", "--by", "friday",
        "--they-promise", "sign contract", "--by", "2026-12-01",
        "--promise", "book venue", "--by", "tomorrow",
    )
    got = [(p["direction"], p["text"], p["due"]) for p in out["promises"]]
    assert got == [
        ("mine", "send deck", "2026-11-27"),
        ("theirs", "sign contract", "2026-12-01"),
        ("mine", "book venue", "2026-11-24"),
    ]
    ids = [p["id"] for p in out["promises"]]
    assert len(set(ids)) == 3
    stored = {p["id"]: p for p in js("show", acme)["promises"]}
    for pid, (direction, text, due) in zip(ids, got, strict=True):
        assert stored[pid]["direction"] == direction
        assert stored[pid]["text"] == text
        assert stored[pid]["due"] == due
        assert stored[pid]["status"] == "open"


def test_log_promise_pairing_with_options_in_between(js, acme):
    out = js("log", acme, "call", "--they-promise", "send data", "--channel", "email",
             "--by", "2026-11-30", "--promise", "review data", "--by", "2026-12-02")
    got = [(p["direction"], p["text"], p["due"]) for p in out["promises"]]
    assert got == [("theirs", "send data", "2026-11-30"), ("mine", "review data", "2026-12-02")]


def test_log_promise_with_equals_form(js, acme):
    out = js("log", acme, "call", "--promise=send deck", "--by=friday")
    assert [(p["text"], p["due"]) for p in out["promises"]] == [("send deck", "2026-11-27")]


def test_log_promise_without_by_is_exit_2(cli, js, acme):
    result = cli("log", acme, "call", "--promise", "send deck", "--by", "friday",
                 "--promise", "book venue")
    assert result.exit_code == 2
    assert "book venue" in result.stderr
    view = js("show", acme)
    assert view["interactions"] == [] and view["promises"] == []


def test_log_by_without_promise_is_exit_2(cli, js, acme):
    result = cli("log", acme, "call", "--by", "friday")
    assert result.exit_code == 2
    assert js("show", acme)["interactions"] == []


def test_log_two_bys_for_one_promise_is_exit_2(cli, js, acme):
    result = cli("log", acme, "call", "--promise", "send deck", "--by", "friday",
                 "--by", "tomorrow")
    assert result.exit_code == 2
    assert js("show", acme)["promises"] == []


def test_log_with_follow_up(js, acme):
    out = js("log", acme, "call", "--follow-up", "2026-12-04")
    assert out["followup"]["due"] == "2026-12-04"
    (f,) = js("show", acme)["promises"]
    assert f["kind"] == "followup"
    assert f["id"] == out["followup"]["id"]
    assert f["status"] == "open"


def test_log_text_output_mentions_follow_up(cli, acme):
    result = ok(cli("log", acme, "call", "--follow-up", "friday"))
    assert "2026-11-27" in result.stdout


# --- one transaction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        ["--when", "the day after never"],
        ["--promise", "send deck", "--by", "friday", "--promise", "book", "--by", "blursday"],
        ["--they-promise", "pay", "--by", "2026-13-45"],
        ["--promise", "send deck", "--by", "friday", "--follow-up", "someday maybe"],
    ],
    ids=["when", "second-promise", "their-promise", "follow-up"],
)
def test_log_bad_date_anywhere_records_nothing(cli, js, acme, bad):
    js("log", acme, "earlier call", "--promise", "old promise", "--by", "2026-12-10",
       env={"RAPPORT_NOW": "2026-11-20T10:00:00"})
    before = snapshot(js)
    result = cli("log", acme, "call", *bad)
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert snapshot(js) == before


def test_log_bad_date_with_new_creates_no_contact(cli, js):
    result = cli("log", "Brand New Ltd", "call", "--new", "--promise", "x", "--by", "whenever")
    assert result.exit_code == 2
    assert js("contacts", "--all") == []


def test_log_empty_promise_text_records_nothing(cli, js, acme):
    before = snapshot(js)
    result = cli("log", acme, "call", "--promise", "send deck", "--by", "friday",
                 "--promise", "  ", "--by", "tomorrow")
    assert result.exit_code == 2
    assert snapshot(js) == before


def test_log_bad_date_does_not_close_follow_ups(cli, js, acme):
    follow = js("followup", acme, "--on", "2026-11-25", "chase")
    result = cli("log", acme, "call", "--follow-up", "nope",
                 env={"RAPPORT_NOW": "2026-11-24T10:00:00"})
    assert result.exit_code == 2
    (f,) = js("show", acme)["promises"]
    assert f["id"] == follow["id"]
    assert f["status"] == "open"


# --- which contact -------------------------------------------------------------------------


def test_log_to_unknown_contact_is_exit_2_and_creates_nothing(cli, js, acme):
    result = cli("log", "Zebra Partners", "call")
    assert result.exit_code == 2
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]


def test_log_typo_never_creates_a_contact(cli, js, acme):
    refused = cli("log", "acem", "call", "--json")  # in a pipe nobody can say yes
    assert refused.exit_code == 2
    assert "'Acme Corp'" in refused.stderr
    assert js("show", acme)["interactions"] == []
    result = cli("log", "acem", "call", "--json", "--yes")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["contact"] == "Acme Corp"
    assert "using 'Acme Corp' for 'acem'" in result.stderr
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]
    assert len(js("show", acme)["interactions"]) == 1


def test_log_new_creates_a_contact(cli, js):
    result = ok(cli("log", "Initech", "First call", "--new", "--json"))
    out = json.loads(result.stdout)
    assert out["contact"] == "Initech"
    assert [c["name"] for c in js("contacts")] == ["Initech"]
    assert [i["summary"] for i in js("show", "Initech")["interactions"]] == ["First call"]


def test_log_new_with_a_name_close_to_an_existing_one_is_refused(cli, js, acme):
    for near in ("Acme Crop", "acme"):
        result = cli("log", near, "call", "--new")
        assert result.exit_code == 2, near
        assert "Acme Corp" in result.stderr
    assert [c["name"] for c in js("contacts", "--all")] == ["Acme Corp"]
    assert js("show", acme)["interactions"] == []


def test_log_new_with_a_clearly_different_name(cli, js, acme):
    ok(cli("log", "Umbrella Health", "intro", "--new"))
    assert sorted(c["name"] for c in js("contacts")) == ["Acme Corp", "Umbrella Health"]


def test_log_json_stdout_is_only_json_when_resolving(cli, acme):
    result = ok(cli("log", "acm", "call", "--json"))
    json.loads(result.stdout)
    assert "using" in result.stderr


# --- store file ----------------------------------------------------------------------------


@pytest.mark.sqlite_only  # file modes
def test_log_creates_the_store_private(cli, db_path):
    ok(cli("log", "Acme Corp", "hello", "--new"))
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
