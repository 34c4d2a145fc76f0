"""Issue 15, "a month of real use": each bug it lists, through the CLI.

Now is Monday 2026-11-23 10:00 (conftest); that week's Friday is 27 Nov.
"""

from __future__ import annotations

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


@pytest.mark.sqlite_only
def test_db_in_a_missing_folder_is_exit_1(cli, tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    result = cli("--db", str(target), "due")
    assert result.exit_code == 1 and str(target) in result.stderr
    assert not target.parent.exists()
