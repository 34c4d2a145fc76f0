"""backup, restore and doctor: consistent copies while others write, a restore that asks
first and keeps what it replaces, and checks that name what is wrong."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ok, query

import rapport.cli.safety

# About the SQLite file itself (its bytes, modes, WAL, backups, kills): one engine.
pytestmark = pytest.mark.sqlite_only

# Logs in a loop through the click group rapport.cli.run() builds, built once (saves 40 ms
# of Typer per log, so the writer is as busy as a script can make it).
WRITER = """
import sys
from typer.main import get_command
from rapport.cli import app
group = get_command(app)
for i in range(int(sys.argv[1])):
    try:
        group.main(["log", "Acme Corp", f"call {i}", "--promise", f"p{i}", "--by", "friday"])
    except SystemExit as exc:
        if exc.code:
            raise
"""


def names(db: Path) -> list[str]:
    return [r[0] for r in query(db, "SELECT name FROM contacts ORDER BY name")]


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


# --- backup ---------------------------------------------------------------------------------


def test_backup_default_is_next_to_the_store_named_by_the_clock(cli, db_path):
    ok(cli("add", "Acme Corp"))
    result = ok(cli("backup"))
    # now is 2026-11-23T10:00:00; the store is journal.db
    target = db_path.parent / "journal-backup-20261123-100000.db"
    assert str(target) in result.stdout
    assert names(target) == ["Acme Corp"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # one self-contained file: no WAL flag, so nothing appears beside it when it is opened
    assert query(target, "PRAGMA journal_mode") == [("delete",)]


def test_two_backups_in_one_second_do_not_overwrite_each_other(cli, js, db_path):
    ok(cli("add", "Acme Corp"))
    first = js("backup")["backup"]
    ok(cli("add", "Globex"))
    second = js("backup")["backup"]
    assert second == str(db_path.parent / "journal-backup-20261123-100000-2.db")
    assert names(Path(first)) == ["Acme Corp"]
    assert names(Path(second)) == ["Acme Corp", "Globex"]


def test_backup_to_a_folder_and_to_a_file(cli, js, tmp_path):
    ok(cli("add", "Acme Corp"))
    folder = tmp_path / "backups"
    folder.mkdir()
    assert js("backup", folder)["backup"] == str(folder / "journal-backup-20261123-100000.db")
    report = js("backup", tmp_path / "mine.db")
    assert report["backup"] == str(tmp_path / "mine.db")
    assert report["bytes"] == (tmp_path / "mine.db").stat().st_size


def test_backup_refuses_to_overwrite_unless_asked(cli, tmp_path):
    ok(cli("add", "Acme Corp"))
    target = tmp_path / "b.db"
    target.write_bytes(b"precious")
    result = cli("backup", target)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--overwrite" in result.stderr
    assert target.read_bytes() == b"precious"
    ok(cli("backup", target, "--overwrite"))
    assert names(target) == ["Acme Corp"]


@pytest.mark.parametrize("where", ["nowhere/b.db", "journal.db"])
def test_backup_refuses_a_missing_folder_or_the_store_itself(cli, tmp_path, where):
    ok(cli("add", "Acme Corp"))
    result = cli("backup", tmp_path / where)
    assert result.exit_code == 2
    assert names(tmp_path / "journal.db") == ["Acme Corp"]


def test_backups_taken_while_another_process_writes_are_consistent(cli, js, tmp_path):
    ok(cli("add", "Acme Corp"))
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, "150"], stderr=subprocess.PIPE, text=True
    )
    backups = []
    while writer.poll() is None and len(backups) < 40:
        backups.append(Path(js("backup", tmp_path / f"b{len(backups)}.db")["backup"]))
    assert writer.wait(timeout=60) == 0, writer.stderr.read()
    assert len(backups) >= 3  # the writer was still running for at least that many
    counts = []
    for b in backups:
        assert integrity(b) == "ok"
        logged = query(b, "SELECT count(*) FROM interactions")[0][0]
        promised = query(b, "SELECT count(*) FROM promises")[0][0]
        assert logged == promised  # each log and its promise, or neither
        counts.append(logged)
    assert counts == sorted(counts)
    assert counts[-1] > 0 and counts[0] < 150  # the copies really were taken mid-way


# --- restore --------------------------------------------------------------------------------


@pytest.fixture
def backed_up(cli, js, tmp_path, db_path) -> Path:
    """A backup holding Acme Corp; the live store then gains Globex."""
    ok(cli("add", "Acme Corp"))
    backup = Path(js("backup", tmp_path / "b.db")["backup"])
    ok(cli("add", "Globex"))
    return backup


def test_restore_brings_back_the_backup_and_keeps_the_replaced_store(cli, db_path, backed_up):
    result = ok(cli("restore", backed_up, "--yes"))
    kept = db_path.parent / "journal-before-restore-20261123-100000.db"
    assert str(kept) in result.stdout
    assert "1 contacts" in result.stdout
    assert names(kept) == ["Acme Corp", "Globex"]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # the swap left no write-ahead log of the old store for SQLite to replay into the new one
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    assert names(db_path) == ["Acme Corp"]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert ok(cli("doctor")).stdout.strip().endswith("is healthy.")
    ok(cli("add", "Initech"))  # the restored store is a working journal
    assert names(db_path) == ["Acme Corp", "Initech"]


def test_restore_json_report(js, db_path, backed_up):
    report = js("restore", backed_up, "--yes")
    assert report == {
        "restored": str(backed_up),
        "store": str(db_path),
        "kept": str(db_path.parent / "journal-before-restore-20261123-100000.db"),
        "schema": query(backed_up, "SELECT max(id) FROM rapport_migrations")[0][0],
        "contacts": 1,
        "interactions": 0,
        "promises": 0,
    }


def test_restore_without_a_terminal_or_yes_refuses(cli, db_path, backed_up):
    before = db_path.read_bytes()
    result = cli("restore", backed_up, input="y\n")
    assert result.exit_code == 2
    assert "--yes" in result.stderr and "terminal" in result.stderr
    assert db_path.read_bytes() == before
    assert names(db_path) == ["Acme Corp", "Globex"]


@pytest.mark.parametrize(
    ("answer", "code", "expected"),
    [
        ("n\n", 1, ["Acme Corp", "Globex"]),
        ("\n", 1, ["Acme Corp", "Globex"]),
        ("y\n", 0, ["Acme Corp"]),
    ],
)
def test_restore_asks_at_a_terminal(cli, db_path, backed_up, monkeypatch, answer, code, expected):
    monkeypatch.setattr(rapport.cli.safety, "can_ask", lambda: True)
    result = cli("restore", backed_up, input=answer)
    assert result.exit_code == code, result.stderr
    assert "Replace the journal" in result.stderr and "1 contacts" in result.stderr
    assert names(db_path) == expected


def test_restore_into_a_store_that_does_not_exist_yet(js, tmp_path, backed_up):
    fresh = tmp_path / "new" / "journal.db"
    report = js("--db", fresh, "restore", backed_up, "--yes")
    assert report["kept"] is None
    assert names(fresh) == ["Acme Corp"]


def test_restore_refuses_while_another_program_holds_the_store(cli, db_path, backed_up):
    holder = sqlite3.connect(db_path)
    holder.execute("SELECT count(*) FROM contacts").fetchall()  # an open WAL reader
    try:
        result = cli("restore", backed_up, "--yes")
    finally:
        holder.close()
    assert result.exit_code == 1
    assert "another program is using" in result.stderr
    assert names(db_path) == ["Acme Corp", "Globex"]
    assert not list(db_path.parent.glob("*before-restore*"))  # nothing done, nothing kept


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"these are not the pages you are looking for" * 100)


def other_sqlite(path: Path) -> None:
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()


def newer_rapport(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO rapport_migrations VALUES (999, 'future', '2030-01-01')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (not_sqlite, "not a rapport store"),
        (other_sqlite, "not a rapport store"),
        (newer_rapport, "newer rapport"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_usable_backup(
    cli, db_path, backed_up, tmp_path, spoil, says
):
    bad = tmp_path / "bad.db"
    if spoil is newer_rapport:
        bad.write_bytes(backed_up.read_bytes())
    spoil(bad)
    before = db_path.read_bytes()
    result = cli("restore", bad, "--yes")
    assert result.exit_code == 2, result.stderr
    assert says in result.stderr
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("path", ["missing.db", "."])
def test_restore_needs_a_file(cli, tmp_path, path):
    ok(cli("add", "Acme Corp"))
    result = cli("restore", tmp_path / path, "--yes")
    assert result.exit_code == 2
    assert "no backup file" in result.stderr


def test_restore_refuses_the_store_itself(cli, db_path):
    ok(cli("add", "Acme Corp"))
    result = cli("restore", db_path, "--yes")
    assert result.exit_code == 2
    assert "the journal itself" in result.stderr


def test_restore_of_an_unreadable_store_keeps_its_bytes(cli, db_path, backed_up):
    not_sqlite(db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    damaged = db_path.read_bytes()
    ok(cli("restore", backed_up, "--yes"))
    kept = db_path.parent / "journal-before-restore-20261123-100000.db"
    assert kept.read_bytes() == damaged
    assert names(db_path) == ["Acme Corp"]


# --- doctor ---------------------------------------------------------------------------------


def test_doctor_on_a_healthy_journal(cli, js):
    ok(cli("log", "Acme Corp", "call", "--new", "--promise", "deck", "--by", "friday"))
    report = js("doctor")
    assert report["ok"] is True
    assert [c["check"] for c in report["checks"]] == [
        "integrity",
        "writable",
        "foreign keys",
        "contacts",
        "date order",
        "dates",
        "running sums",
    ]
    assert all(c["ok"] and c["problems"] == [] for c in report["checks"])
    text = ok(cli("doctor")).stdout
    assert text.count("ok  ") == 7 and "FAIL" not in text


def spoil_records(db: Path) -> None:
    """Break rapport's rules behind its back, the way a hand edit or a bad script would."""
    conn = sqlite3.connect(db)  # foreign keys are off by default in a plain connection
    conn.executescript("""
        INSERT INTO promises (id, contact_id, text, made_on, due, created_at)
            VALUES (50, 999, 'orphan', '2026-11-01', '2026-11-02', '2026-11-01T09:00:00');
        UPDATE promises SET status = 'done', done_on = '2026-10-01' WHERE id = 1;
        INSERT INTO interactions (id, contact_id, at, summary, created_at)
            VALUES (60, 1, 'last tuesday', 'typed by hand', '2026-11-01T09:00:00');
        UPDATE promises SET due = '2026-02-30' WHERE id = 2;
    """)
    conn.commit()
    conn.close()


def test_doctor_names_each_problem_and_exits_1(cli, js, db_path):
    ok(
        cli(
            "log",
            "Acme Corp",
            "call",
            "--new",
            "--promise",
            "deck",
            "--by",
            "friday",
            "--promise",
            "notes",
            "--by",
            "friday",
        )
    )
    spoil_records(db_path)
    result = cli("doctor", "--json")
    assert result.exit_code == 1
    import json

    report = json.loads(result.stdout)
    assert report["ok"] is False
    problems = {c["check"]: c["problems"] for c in report["checks"]}
    assert problems["integrity"] == []
    assert problems["foreign keys"] == ["promises row 50 refers to a missing contacts record"]
    assert problems["contacts"] == ["promises 50 belongs to contact 999, which does not exist"]
    # promise 1 was made on 2026-11-23 (the log), marked done on 2026-10-01
    assert problems["date order"] == ["promises 1: done before it was made"]
    assert problems["dates"] == [
        "interactions 60: at 'last tuesday' is not a moment",
        "promises 2: due '2026-02-30' is not a date",
    ]
    # the running sums of the contact whose records cannot be read cannot be kept either
    assert problems["running sums"] == [
        "contact 1: its evidence cannot be read (see the records named above)"
    ]
    text = cli("doctor")
    assert text.exit_code == 1
    assert text.stdout.count("FAIL") == 5
    assert "promises 1: done before it was made" in text.stdout


def test_doctor_shows_the_first_problems_and_counts_the_rest(cli, js, db_path):
    ok(cli("add", "Acme Corp"))
    conn = sqlite3.connect(db_path)
    conn.executemany(
        "INSERT INTO interactions (contact_id, at, summary, created_at) VALUES (?, ?, ?, ?)",
        [(1, "someday", f"n{i}", "2026-11-01T09:00:00") for i in range(25)],
    )
    conn.commit()
    conn.close()
    result = cli("doctor")
    assert result.exit_code == 1
    assert "... and 5 more" in result.stdout
    dates = next(c for c in js_unchecked(cli) if c["check"] == "dates")
    assert dates["count"] == 25 and len(dates["problems"]) == 20


def js_unchecked(cli) -> list[dict]:
    import json

    return json.loads(cli("doctor", "--json").stdout)["checks"]


def test_doctor_on_a_file_that_is_not_a_store(cli, db_path):
    not_sqlite(db_path)
    result = cli("doctor")
    assert result.exit_code == 1
    # a FAIL report naming what was found and both fixes, not an error
    assert "FAIL  integrity" in result.stdout and "file is not a database" in result.stdout
    assert "rapport restore" in result.stdout and ".recover" in result.stdout
    assert os.path.getsize(db_path) == 4300
