"""The store: where it lives (--db, RAPPORT_DB, sqlite:///), file mode, WAL, schema versions,
refusing a newer store, RAPPORT_NOW, and scripts' stdout/exit code contract."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ok, query

# About the SQLite file itself (its bytes, modes, WAL, backups, kills): one engine.
pytestmark = pytest.mark.sqlite_only


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- location ------------------------------------------------------------------------------


def test_rapport_db_path_is_used(cli, js, db_path):
    assert not db_path.exists()
    ok(cli("add", "Acme Corp"))
    assert db_path.exists()
    assert query(db_path, "SELECT name FROM contacts") == [("Acme Corp",)]


def test_rapport_db_sqlite_url(cli, js, tmp_path):
    target = tmp_path / "url.db"
    env = {"RAPPORT_DB": f"sqlite:///{target}"}
    ok(cli("add", "Acme Corp", env=env))
    assert target.exists()
    assert query(target, "SELECT name FROM contacts") == [("Acme Corp",)]
    assert [c["name"] for c in js("contacts", env=env)] == ["Acme Corp"]


def test_relative_sqlite_url_is_relative_to_the_working_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(cli("add", "Acme Corp", env={"RAPPORT_DB": "sqlite:///relative.db"}))
    assert query(tmp_path / "relative.db", "SELECT name FROM contacts") == [("Acme Corp",)]


def test_db_option_wins_over_env(cli, js, tmp_path, db_path):
    other = tmp_path / "other.db"
    ok(cli("--db", str(other), "add", "Globex"))
    assert query(other, "SELECT name FROM contacts") == [("Globex",)]
    assert js("contacts") == []  # RAPPORT_DB's store has nothing
    assert [c["name"] for c in js("--db", str(other), "contacts")] == ["Globex"]


def test_db_option_accepts_sqlite_url(cli, tmp_path):
    target = tmp_path / "opt-url.db"
    ok(cli("--db", f"sqlite:///{target}", "add", "Globex"))
    assert query(target, "SELECT name FROM contacts") == [("Globex",)]


def test_store_folder_is_created(cli, tmp_path):
    target = tmp_path / "deep" / "er" / "journal.db"
    ok(cli("--db", str(target), "add", "Acme Corp"))
    assert target.exists()


def test_unsupported_url_scheme_is_refused(cli, tmp_path):
    result = cli("--db", "mysql://localhost/rapport", "contacts")
    assert result.exit_code == 2
    assert "mysql" in result.stderr and "postgresql" in result.stderr


def test_an_unreachable_server_is_one_line_and_exit_1(cli):
    result = cli("--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "contacts")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "cannot connect" in result.stderr
    assert "secret" not in result.stderr  # the password never reaches a terminal or a log


def test_store_path_that_is_a_folder_is_refused(cli, tmp_path):
    result = cli("--db", str(tmp_path), "contacts")
    assert result.exit_code != 0
    assert result.stderr.strip()


def test_a_file_that_is_not_a_database_is_exit_1(cli, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    before = digest(junk)
    result = cli("--db", str(junk), "contacts")
    assert result.exit_code == 1
    assert result.stderr.strip()
    assert digest(junk) == before


# --- file, journal mode, schema ------------------------------------------------------------


def test_store_file_is_private(cli, db_path):
    ok(cli("add", "Acme Corp"))
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_store_file_is_private_even_when_first_used_by_a_read(cli, db_path):
    ok(cli("contacts"))
    assert db_path.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_store_uses_wal(cli, db_path):
    ok(cli("add", "Acme Corp"))
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_schema_version_is_recorded(cli, db_path):
    ok(cli("add", "Acme Corp"))
    rows = query(db_path, "SELECT id FROM rapport_migrations ORDER BY id")
    assert rows
    assert rows[0][0] == 1
    versions = [r[0] for r in rows]
    assert versions == sorted(set(versions))


def test_reopening_does_not_migrate_again(cli, db_path):
    ok(cli("add", "Acme Corp"))
    before = query(db_path, "SELECT id, applied_at FROM rapport_migrations ORDER BY id")
    ok(cli("add", "Globex", env={"RAPPORT_NOW": "2026-12-01T10:00:00"}))
    assert query(db_path, "SELECT id, applied_at FROM rapport_migrations ORDER BY id") == before


def bump_version(path: Path, version: int = 999) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO rapport_migrations (id, name, applied_at) VALUES (?, ?, ?)",
            (version, "from the future", "2030-01-01T00:00:00"),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ["contacts"],
        ["due"],
        ["add", "Globex"],
        ["log", "Acme Corp", "call"],
        ["promise", "Acme Corp", "x", "--by", "friday"],
        ["show", "Acme Corp", "--json"],
    ],
)
def test_a_newer_store_is_refused_and_left_untouched(cli, db_path, args):
    ok(cli("add", "Acme Corp"))
    bump_version(db_path)
    before = digest(db_path)
    result = cli(*args)
    assert result.exit_code == 1
    assert "newer" in result.stderr
    assert result.stdout == ""
    assert digest(db_path) == before
    assert query(db_path, "SELECT name FROM contacts") == [("Acme Corp",)]
    assert not list(db_path.parent.glob("*.bak"))


def test_a_newer_store_in_rollback_journal_mode_is_left_untouched(cli, tmp_path):
    """A store another tool left in rollback-journal mode: refusing it must not switch it
    to WAL either (that rewrites the file header)."""
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute(
        "CREATE TABLE rapport_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO rapport_migrations VALUES (1, 'core', '2026-01-01')")
    conn.execute("INSERT INTO rapport_migrations VALUES (99, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(path)
    result = cli("--db", str(path), "contacts")
    assert result.exit_code == 1
    assert "newer" in result.stderr
    assert digest(path) == before


# --- the clock -----------------------------------------------------------------------------


def test_rapport_now_pins_now(js):
    js("add", "Acme Corp")
    out = js("log", "Acme Corp", "call", env={"RAPPORT_NOW": "2027-02-03T08:15:00"})
    assert out["at"] == "2027-02-03T08:15:00"
    row = js("promise", "Acme Corp", "x", "--by", "tomorrow",
             env={"RAPPORT_NOW": "2027-02-03T08:15:00"})
    assert row["due"] == "2027-02-04"


def test_bad_rapport_now_is_exit_2(cli):
    result = cli("contacts", env={"RAPPORT_NOW": "last tuesday-ish"})
    assert result.exit_code == 2
    assert "RAPPORT_NOW" in result.stderr


# --- scripts: json on stdout, messages on stderr, exit codes -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["contacts", "--all"],
        ["show", "acm"],
        ["due"],
        ["log", "acm", "call", "--promise", "x", "--by", "friday"],
        ["promise", "acm", "y", "--by", "tomorrow"],
        ["followup", "acm", "--on", "friday"],
        ["edit", "acm", "--org", "Acme"],
        ["add", "Globex"],
    ],
)
def test_json_output_is_only_json(cli, args):
    ok(cli("add", "Acme Corp"))
    result = ok(cli(*args, "--json"))
    json.loads(result.stdout)


def test_usage_errors_are_exit_2_without_traceback(cli):
    ok(cli("add", "Acme Corp"))
    for args in (
        ["show"],
        ["add"],
        ["log"],
        ["frobnicate"],
        ["due", "--days", "many"],
        ["promise", "Acme Corp", "x", "--by", "2026-02-30"],
        ["log", "Acme Corp", "x", "--when", "9999-99-99"],
        ["move", "1", "--to", "friday"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stdout + result.stderr


def test_errors_go_to_stderr_not_stdout(cli):
    ok(cli("add", "Acme Corp"))
    result = cli("show", "Zebra Partners", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_version(cli):
    result = ok(cli("--version"))
    assert "rapport" in result.stdout


# --- the real entry point ------------------------------------------------------------------


def run_module(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args], input=stdin, capture_output=True, text=True,
        env=dict(os.environ), timeout=60,
    )


def test_python_m_rapport_exit_codes_and_streams(db_path):
    assert run_module("add", "Acme Corp").returncode == 0
    logged = run_module("log", "acm", "-", "--promise", "send deck", "--by", "friday", "--json",
                        stdin="call from stdin\n")
    assert logged.returncode == 0, logged.stderr
    assert json.loads(logged.stdout)["promises"][0]["due"] == "2026-11-27"
    assert "using 'Acme Corp' for 'acm'" in logged.stderr

    for args, code in (
        (["show", "Zebra Partners"], 2),
        (["promise", "Acme Corp", "x", "--by", "not a date"], 2),
        (["done", "999"], 2),
        (["log", "Acme Corp"], 2),  # no summary and no $EDITOR
        (["due", "--check"], 0),
    ):
        result = run_module(*args)
        assert result.returncode == code, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr, args

    due = run_module("due", "--json", "--check")
    assert due.returncode == 0
    assert [i["text"] for i in json.loads(due.stdout)] == ["send deck"]


def test_python_m_rapport_refuses_a_newer_store(db_path):
    assert run_module("add", "Acme Corp").returncode == 0
    bump_version(db_path)
    before = digest(db_path)
    result = run_module("due")
    assert result.returncode == 1
    assert "newer" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db_path) == before
