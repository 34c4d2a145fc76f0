"""Issue 15, "a month of real use": each bug it lists, through the CLI.

Now is Monday 2026-11-23 10:00 (conftest); that week's Friday is 27 Nov.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ok

EARLIER = {"RAPPORT_NOW": "2026-09-01T10:00:00"}


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", env=EARLIER))
    return "Acme Corp"


# --- dates people type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("3pm", "2026-11-23"),
        ("tomorrow morning", "2026-11-24"),
        ("noon", "2026-11-23"),
        ("tonight", "2026-11-23"),
        ("5/12", "2026-12-05"),
        ("2026-12-5", "2026-12-05"),
        ("end of next week", "2026-12-04"),
        ("in two weeks", "2026-12-07"),
        ("mid march", "2027-03-15"),
    ],
)
def test_promise_by_reads_what_people_type(js, acme, by, due):
    assert js("promise", acme, "send the report", "--by", by)["due"] == due


def test_remember_on_month_name_is_yearly(js, acme):
    row = js("remember", acme, "birthday", "--on", "march 14")
    assert (row["on_date"], row["yearly"], row["next"]) == ("--03-14", True, "2027-03-14")


def test_a_date_beyond_reason_is_one_line_and_exit_2(cli, js, acme):
    result = cli("promise", acme, "x", "--by", "2200-01-01")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "2200-01-01" in result.stderr
    assert js("due", "--days", "36500") == []


# --- doctor and import agree -------------------------------------------------------------


def test_doctor_accepts_yearly_dates(cli, js, acme):
    ok(cli("remember", acme, "birthday", "--on", "03-12"))
    ok(cli("remember", acme, "leap day", "--on", "02-29"))
    result = cli("doctor")
    assert result.exit_code == 0, result.stdout
    assert all(check["ok"] for check in js("doctor")["checks"])


def _jsonl(tmp_path, *lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_import_refuses_what_doctor_rejects_with_the_line(cli, js, acme, tmp_path):
    path = _jsonl(
        tmp_path,
        '{"type": "promise", "contact": "Acme Corp", "text": "a", "due": "2026-11-02"}',
        '{"type": "promise", "contact": "Acme Corp", "text": "b", "due": "2026-11-02",'
        ' "made": "2026-10-20", "status": "done", "done_at": "2026-10-01"}',
    )
    result = cli("import", path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "line 2" in result.stderr and "done before it was made" in result.stderr
    assert js("due") == []  # line 1 (overdue) was not imported either: all or nothing
    assert ok(cli("doctor")).exit_code == 0


def test_import_and_doctor_agree_on_a_promise_done_early(cli, js, acme, tmp_path):
    # No 'made' day: it was made by the day it was done, not on its later due day.
    early = (
        '{"type": "promise", "contact": "Acme Corp", "text": "early", "due": "2026-06-01",'
        ' "status": "done", "done_at": "2026-05-20"}'
    )
    path = _jsonl(
        tmp_path,
        early,
        '{"type": "incident", "contact": "Acme Corp", "text": "outage",'
        ' "at": "2026-05-02T10:00:00", "resolved": "2026-05-01"}',
    )
    result = cli("import", path)
    assert result.exit_code == 2 and "line 2: resolved before it happened" in result.stderr
    ok(cli("import", _jsonl(tmp_path, early)))
    assert cli("doctor").exit_code == 0


# --- read-only commands never create a journal -------------------------------------------


@pytest.mark.sqlite_only  # about the file
@pytest.mark.parametrize(
    "args",
    [["due"], ["due", "--check"], ["contacts"], ["score"], ["dates"], ["doctor"], ["review"]],
)
def test_a_read_only_command_on_a_missing_journal_is_exit_1(cli, no_journal, args):
    db_path = no_journal
    result = cli(*args)
    assert result.exit_code == 1
    assert str(db_path) in result.stderr and "rapport add" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not db_path.exists()


@pytest.mark.postgres_only  # an empty schema is PostgreSQL's missing journal
@pytest.mark.parametrize("args", [["due"], ["due", "--check"], ["contacts"], ["doctor"]])
def test_a_read_only_command_on_an_empty_schema_is_exit_1(cli, no_journal, args):
    from conftest import pg_connect

    from rapport.store.connection import masked

    url = os.environ["RAPPORT_DB"]
    result = cli(*args)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert masked(url) in result.stderr and "rapport add NAME" in result.stderr
    conn = pg_connect(url)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        tables = cursor.fetchone()[0]
    finally:
        conn.close()
    assert tables == 0  # nothing created, nothing migrated


@pytest.mark.sqlite_only
def test_db_in_a_missing_folder_is_exit_1(cli, tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    result = cli("--db", str(target), "due")
    assert result.exit_code == 1 and str(target) in result.stderr
    assert not target.parent.exists()


# --- settings, through `rapport config` --------------------------------------------------


def test_config_set_get_unset_list_and_path(cli, js):
    path = ok(cli("config", "path")).stdout.strip()
    assert path == os.environ["RAPPORT_CONFIG"]
    assert "Set days = 14" in ok(cli("config", "set", "days", "14")).stdout
    assert ok(cli("config", "get", "days")).stdout.strip() == "14"
    listed = {row["key"]: row for row in js("config", "list")}
    assert (listed["days"]["value"], listed["days"]["source"]) == (14, "file")
    assert listed["colour"]["source"] == "default"
    assert js("config", "unset", "days")["removed"] is True
    assert js("config", "get", "days") == 7


def test_config_refuses_a_bad_value_and_writes_nothing(cli):
    result = cli("config", "set", "date-order", "year-month")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "'date-order' must be day-month or month-day" in result.stderr
    assert not Path(os.environ["RAPPORT_CONFIG"]).exists()
    assert cli("config", "set", "favourite", "tea").exit_code == 2


def test_a_bad_settings_file_is_one_line_exit_2(cli, js, acme):
    conf = Path(os.environ["RAPPORT_CONFIG"])
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text("days = 'soon'\n", encoding="utf-8")
    result = cli("due")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert str(conf) in result.stderr and "'days'" in result.stderr


def test_flag_beats_variable_beats_file(cli, js, acme):
    ok(cli("promise", acme, "far", "--by", "2026-12-10"))  # 17 days ahead
    ok(cli("config", "set", "days", "30"))
    assert [i["text"] for i in js("due")] == ["far"]
    assert js("due", env={"RAPPORT_DAYS": "3"}) == []
    assert [i["text"] for i in js("due", "--days", "20", env={"RAPPORT_DAYS": "3"})] == ["far"]


def test_date_order_setting_reads_numeric_dates(cli, js, acme):
    assert js("promise", acme, "a", "--by", "5/12")["due"] == "2026-12-05"
    ok(cli("config", "set", "date-order", "month-day"))
    assert js("promise", acme, "b", "--by", "5/12")["due"] == "2027-05-12"


def test_week_start_setting_reads_weeks_typed_on_a_sunday(cli, js, acme):
    sunday = {"RAPPORT_NOW": "2026-11-29T10:00:00"}
    # Monday weeks: next week is Mon 30 Nov - Sun 6 Dec, so its Friday is 4 Dec.
    assert js("promise", acme, "a", "--by", "end of next week", env=sunday)["due"] == "2026-12-04"
    ok(cli("config", "set", "week-start", "sunday"))
    # Sunday weeks: this one began today; next week is Sun 6 - Sat 12 Dec.
    for by, due in [("end of next week", "2026-12-11"), ("next friday", "2026-12-11"),
                    ("next week", "2026-12-06"), ("this week", "2026-12-04")]:  # fmt: skip
        assert js("promise", acme, by, "--by", by, env=sunday)["due"] == due, by
    # Last week was Sun 22 - Sat 28 Nov: its Friday is 27 Nov, not the Monday week's 20th.
    logged = js("log", acme, "call", "--when", "last friday", env=sunday)
    assert logged["at"].startswith("2026-11-27")


def test_a_channel_typo_is_caught_with_a_suggestion(cli, js, acme):
    result = cli("log", acme, "call", "--channel", "emial")
    assert result.exit_code == 2 and "did you mean 'email'" in result.stderr
    assert js("show", acme)["interactions"] == []
    ok(cli("log", acme, "call", "--channel", "whatsapp"))  # not a typo: fine by default
    ok(cli("config", "set", "channels", "email, phone"))
    result = cli("log", acme, "call", "--channel", "whatsapp")
    assert result.exit_code == 2 and "use one of email, phone" in result.stderr


def test_rhythm_setting_is_the_cadence_of_new_contacts(cli, js):
    ok(cli("config", "set", "rhythm", "2w"))
    assert js("add", "Globex")["every_days"] == 14
    assert js("add", "Initech", "--every", "30d")["every_days"] == 30


def test_my_name_from_the_file_owns_what_i_add(cli, js, monkeypatch):
    monkeypatch.delenv("RAPPORT_USER")
    ok(cli("config", "set", "name", "Sam Reed"))
    assert js("add", "Globex")["created_by"] == "Sam Reed"
    assert js("add", "Initech", env={"RAPPORT_USER": "Kim"})["created_by"] == "Kim"
    assert ok(cli("config", "get", "name")).stdout.strip() == "Sam Reed"


# --- wording and output ------------------------------------------------------------------


def test_no_color_turns_off_every_style(cli, acme):
    styled = ok(cli("show", acme, env={"FORCE_COLOR": "1", "NO_COLOR": ""})).stdout
    assert "\x1b[1m" in styled  # the name is bold on a terminal
    plain = ok(cli("show", acme, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})).stdout
    assert "\x1b[" not in plain and "Acme Corp" in plain
    never = {"FORCE_COLOR": "1", "NO_COLOR": "", "RAPPORT_COLOUR": "never"}
    assert "\x1b[" not in ok(cli("show", acme, env=never)).stdout


@pytest.mark.sqlite_only  # runs the installed program on the file
def test_a_closed_pipe_exits_0_quietly(cli, db_path, tmp_path):
    import json
    import subprocess
    import sys

    lines = [json.dumps({"type": "contact", "name": f"Client {i:05d}", "notes": "x" * 80})
             for i in range(3000)]  # fmt: skip
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok(cli("import", str(tmp_path / "many.jsonl")))
    rapport = Path(sys.executable).parent / "rapport"
    for args in ("export", "contacts"):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", f"'{rapport}' {args} | head -1"],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", (args, done.stderr)
        assert done.stdout.count("\n") == 1


# --- dates that look like slips ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "Acme Corp", "call", "--when", "in 9 days"], None),  # not a moment: refused
        (["log", "Acme Corp", "call", "--when", "2026-12-02"], "--when 2026-12-02 09:00 is in"),
        (["log", "Acme Corp", "call", "--when", "tonight"], "--when 2026-11-23 20:00 is in"),
        (["promise", "Acme Corp", "x", "--by", "yesterday"], "--by 2026-11-22 is in the past"),
        (["log", "Acme Corp", "call", "--promise", "x", "--by", "2026-11-01"], "in the past"),
    ],
)
def test_a_slip_is_refused_without_yes(cli, js, acme, args, words):
    result = cli(*args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    if words:
        assert words in result.stderr and "add --yes" in result.stderr
        ok(cli(*args, "--yes"))


def test_done_when_in_the_future_needs_yes(cli, js, acme):
    pid = js("promise", acme, "deck", "--by", "friday")["id"]
    result = cli("done", pid, "--when", "tomorrow")
    assert result.exit_code == 2 and "is in the future; add --yes" in result.stderr
    assert js("done", pid, "--when", "tomorrow", "--yes")["done_on"] == "2026-11-24"


def test_ordinary_dates_need_no_yes(cli, js, acme):
    ok(cli("log", acme, "call", "--when", "yesterday 3pm"))
    ok(cli("promise", acme, "x", "--by", "today"))
    ok(cli("log", acme, "call", "--when", "now"))


def test_wording_counts_one_in_the_singular(cli, js, acme, tmp_path):
    ok(cli("edit", acme, "--every", "1d"))
    ok(cli("log", acme, "call", "--when", "yesterday 9:00", "--thanked"))
    due = ok(cli("due")).stdout
    assert "spoke 1 day ago" in due and "1 days" not in due
    pid = js("promise", acme, "deck", "--by", "2026-11-20", env=EARLIER)["id"]
    ok(cli("done", pid, env={"RAPPORT_NOW": "2026-11-20T10:00:00"}))
    assert "thanked the client once" in ok(cli("score", acme, "--explain")).stdout
    path = _jsonl(tmp_path, '{"type": "remember", "contact": "Acme Corp", "label": "birthday",'
                  ' "on": "--03-12"}')  # fmt: skip
    assert "Added 1 remembered date." in ok(cli("import", path)).stdout
    brief = ok(cli("brief", acme)).stdout
    assert "1 days" not in brief


def test_their_promise_kept_is_kept_by_them(cli, js, acme):
    pid = js("promise", acme, "signed contract", "--by", "friday", "--theirs")["id"]
    out = ok(cli("done", pid)).stdout
    assert out.startswith(f"Kept: promise {pid} 'signed contract' by Acme Corp")
    mine = js("promise", acme, "deck", "--by", "friday")["id"]
    assert ok(cli("done", mine)).stdout.startswith(f"Done: promise {mine} 'deck' for Acme Corp")


def test_due_shows_ids_on_dates_and_reconnect_rows(cli, js, acme):
    date_id = js("remember", acme, "birthday", "--on", "11-25")["id"]
    ok(cli("edit", acme, "--every", "30d"))
    contact_id = js("show", acme)["contact"]["id"]
    items = {i["section"]: i for i in js("due")}
    assert items["date"]["id"] == date_id and items["checkin"]["id"] == contact_id
    rows = ok(cli("due")).stdout.splitlines()
    assert any(r.split("│")[0].strip() == str(date_id) and "birthday" in r for r in rows)
    assert any(r.split("│")[0].strip() == str(contact_id) and "added" in r for r in rows)
    ok(cli("forget", date_id))


# --- one meaning per flag ----------------------------------------------------------------


def test_contacts_archived_and_archive_json(cli, js, acme):
    ok(cli("add", "Globex"))
    assert js("archive", "Globex") == {"contact": "Globex", "archived": True}
    assert [c["name"] for c in js("contacts")] == ["Acme Corp"]
    assert [c["name"] for c in js("contacts", "--archived")] == ["Acme Corp", "Globex"]
    assert "--archived" in ok(cli("contacts", "--help")).stdout
    assert "--all" not in ok(cli("contacts", "--help")).stdout  # one meaning: every owner
    assert js("archive", "Globex", "--undo") == {"contact": "Globex", "archived": False}


def test_review_takes_days(cli, js, acme):
    ok(cli("log", acme, "call", "--when", "10 days ago"))
    assert js("review", "--days", "14")["days"] == 14
    assert cli("review", "--days", "3", "--month").exit_code == 2


def test_import_format_offers_only_what_it_reads(cli, tmp_path):
    help_text = ok(cli("import", "--help")).stdout
    # every format import offers it reads (ics: meetings from a calendar, issue 16)
    assert "jsonl, csv, vcf or ics" in " ".join(help_text.split())
    path = _jsonl(tmp_path, '{"type": "contact", "name": "X"}')
    result = cli("import", path, "--format", "xml")
    assert result.exit_code == 2 and "one of jsonl, csv, vcf, ics" in result.stderr


# --- a solo handover ---------------------------------------------------------------------


def _trust_after_handover(cli, js, *flags):
    ok(cli("add", "Client", env=EARLIER))
    ok(cli("edit", "Client", "--every", "7d", env=EARLIER))
    pid = js("promise", "Client", "report", "--by", "2026-10-01", env=EARLIER)["id"]
    ok(cli("done", pid, env={"RAPPORT_NOW": "2026-09-30T10:00:00"}))
    ok(cli("log", "Client", "call", "--when", "2026-11-01", "--channel", "video",
           "--minutes", "20", "--planned", "30", "--tone", "warm"))  # fmt: skip
    before = js("score", "Client")[0]["trust"]
    ok(cli("handover", "Client", "--to", "sam", *flags))
    return before, js("score", "Client")[0]["trust"]


def test_a_solo_handover_applies_to_trust_and_honours_the_flags(cli, js):
    before, plain = _trust_after_handover(cli, js)
    assert plain < before  # trust does not all carry over to a stranger


@pytest.mark.parametrize("flags", [["--introduced"], ["--three-way"]])
def test_an_introduced_handover_carries_more(cli, js, flags, tmp_path, monkeypatch):
    before, kept = _trust_after_handover(cli, js, *flags)
    monkeypatch.setenv("RAPPORT_DB", str(tmp_path / "other.db"))
    other = type(cli)()
    _, plain = _trust_after_handover(other, other.js)
    assert plain < kept < before


def test_a_handed_over_client_leaves_my_due_and_suggest(cli, js, acme):
    ok(cli("promise", acme, "deck", "--by", "tomorrow"))
    ok(cli("add", "Globex"))
    ok(cli("promise", "Globex", "plan", "--by", "tomorrow"))
    assert {i["contact"] for i in js("due")} == {"Acme Corp", "Globex"}
    ok(cli("handover", acme, "--to", "sam"))
    assert {i["contact"] for i in js("due")} == {"Globex"}
    assert {i["contact"] for i in js("due", "--all")} == {"Acme Corp", "Globex"}
    assert "Acme Corp" not in {s["contact"] for s in js("suggest")}
    assert js("show", acme)["contact"]["owner"] == "sam"


# --- tables that fit ---------------------------------------------------------------------

LONG_NOTE = "Prefers short calls in the morning, never on Fridays; ask about the new clinic first"


@pytest.fixture
def busy(cli, js):
    ok(cli("add", "Northwind Traders", "--org", "Northwind Trading Company Limited",
           "--note", LONG_NOTE, "--every", "14d", env=EARLIER))  # fmt: skip
    ok(cli("add", "Greta Holm", "--org", "Holm & Partners", env=EARLIER))
    for name in ("Northwind Traders", "Greta Holm"):
        ok(cli("log", name, "kickoff about the quarterly competitor price scan", env=EARLIER))
        ok(cli("promise", name, "competitor price scan and summary deck", "--by", "friday"))
        ok(cli("promise", name, "signed contract", "--by", "2026-11-10", "--theirs", env=EARLIER))
    return ["Northwind Traders", "Greta Holm"]


def _words_all_there(out: str, text: str) -> bool:
    return all(word in out for word in text.split())


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_view_fits_and_keeps_what_a_person_reads(cli, busy, width):
    env = {"COLUMNS": str(width)}
    views = {
        "contacts": ok(cli("contacts", env=env)).stdout,
        "show": ok(cli("show", "Northwind Traders", env=env)).stdout,
        "due": ok(cli("due", env=env)).stdout,
        "score": ok(cli("score", "--explain", env=env)).stdout,
    }
    for view, out in views.items():
        too_long = [line for line in out.splitlines() if len(line.rstrip()) > width]
        assert not too_long, (view, width, too_long)
        for name in busy if view != "show" else busy[:1]:
            assert _words_all_there(out, name), (view, width, name)
    assert "trust" in views["contacts"].splitlines()[0]
    for view in ("show", "due"):
        assert _words_all_there(views[view], "competitor price scan and summary deck"), view
    assert _words_all_there(views["show"], LONG_NOTE)


@pytest.mark.parametrize(
    "view", [["dates"], ["due"], ["contacts"], ["promises"], ["score"], ["review"], ["suggest"]]
)
def test_a_first_days_empty_views_fit_60_columns(cli, view):
    """What a person sees before there is anything to show (the hints included)."""
    ok(cli("add", "Acme Corp"))
    out = ok(cli(*view, env={"COLUMNS": "60"})).stdout
    assert out.strip()
    assert [line for line in out.splitlines() if len(line.rstrip()) > 60] == []


def test_notes_and_explanations_wrap_under_their_indent(cli, busy):
    out = ok(cli("show", "Northwind Traders", env={"COLUMNS": "60"})).stdout.splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("  notes: "))
    assert out[at + 1].startswith(" " * len("  notes: ")) and out[at + 1].strip()
    explained = ok(cli("score", "--explain", env={"COLUMNS": "60"})).stdout.splitlines()
    wrapped = [line for line in explained if line.startswith(" " * 28) and line.strip()]
    assert wrapped  # an explanation longer than the line goes on under its own text
    assert not [line for line in explained if line and not line.startswith(" ")
                and not any(w in line for w in ("┃", "━", "│", "trust", "contact"))]  # fmt: skip


def test_limit_where_it_makes_sense(cli, js, acme):
    for name in ("Globex", "Initech"):
        ok(cli("add", name))
    assert [c["name"] for c in js("contacts", "--limit", "2")] == ["Acme Corp", "Globex"]
    assert len(js("score", "--all", "--limit", "1")) <= 1
