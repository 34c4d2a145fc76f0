"""Issue 18, one test per finding: nothing rapport writes can destroy or leak the journal, and
every failure is one line saying what really happened. The slow fault tests (kills, disk
full, frozen servers, fuzzing, many writers) are in tests/test_faults.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, query

from rapport import render

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def one_line(result) -> str:
    """The error a failed command printed: one line, no traceback, nothing 'unexpected'."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def journal(cli, db_path) -> Path:
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    return db_path


# --- 1. export never overwrites the journal -------------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("alias", ["same", "hard link", "symlink", "-wal", "-shm", "symlink -wal"])
def test_export_refuses_to_write_over_the_journal(cli, journal, tmp_path, alias):
    ok(cli("contacts"))  # leaves -wal/-shm beside it
    before = query(journal, "SELECT count(*) FROM interactions")
    target = {"same": journal, "-wal": Path(f"{journal}-wal"), "-shm": Path(f"{journal}-shm")}.get(
        alias, tmp_path / "alias.jsonl"
    )
    if alias == "hard link":
        os.link(journal, target)
    elif alias.startswith("symlink"):
        target.symlink_to(Path(f"{journal}-wal") if "wal" in alias else journal)
    result = cli("export", "-o", target)
    assert result.exit_code == 2
    assert "is the journal itself" in one_line(result)
    assert query(journal, "SELECT count(*) FROM interactions") == before == [(1,)]


@pytest.mark.sqlite_only
def test_backup_refuses_a_hard_link_to_the_journal(cli, journal, tmp_path):
    os.link(journal, tmp_path / "twin.db")
    result = cli("backup", tmp_path / "twin.db", "--overwrite")
    assert result.exit_code == 2 and "is the journal itself" in one_line(result)


# --- 2. no file is written through a planted link -------------------------------------------


def test_export_does_not_write_through_a_planted_link(cli, journal, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("theirs")
    (tmp_path / "out.jsonl").symlink_to(elsewhere)
    result = cli("export", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2 and "symbolic link" in one_line(result)
    assert elsewhere.read_text() == "theirs"
    assert (tmp_path / "out.jsonl").is_symlink()


@pytest.mark.sqlite_only
def test_backup_does_not_write_through_a_planted_link(cli, journal, tmp_path):
    elsewhere = tmp_path / "elsewhere.db"
    (tmp_path / "b.db").symlink_to(elsewhere)
    result = cli("backup", tmp_path / "b.db", "--overwrite")
    assert result.exit_code == 2 and "symbolic link" in one_line(result)
    assert not elsewhere.exists()


@pytest.mark.sqlite_only
def test_the_pre_upgrade_backup_is_not_written_through_a_planted_link(cli, tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-1.db", db)
    elsewhere = tmp_path / "public" / "copy.db"
    elsewhere.parent.mkdir()
    Path(f"{db}.schema1.bak").symlink_to(elsewhere)
    result = cli("--db", db, "contacts")
    assert result.exit_code == 2 and "symbolic link" in one_line(result)
    assert not elsewhere.exists()  # no world-readable copy of the journal elsewhere
    assert query(db, "SELECT max(id) FROM rapport_migrations") == [(1,)]  # not upgraded


def test_the_export_temp_file_is_exclusive_private_and_removed(journal, tmp_path):
    from rapport.store import files

    target = tmp_path / "out.txt"
    with files.staged(target) as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".rapport-")
        assert mode(temp) == 0o600
        assert files.sweep(tmp_path) == 0  # locked by a living writer: left alone
    assert not temp.exists()
    files.write_chunks(target, [b"a", b"b"])
    assert target.read_bytes() == b"ab" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport-")] == []


# --- 3. modes, and passwords never shown -----------------------------------------------------


@pytest.mark.sqlite_only
def test_an_existing_world_readable_journal_becomes_private(cli, journal):
    old = os.umask(0o022)
    try:
        for name in (journal, f"{journal}-wal", f"{journal}-shm"):
            if os.path.exists(name):
                os.chmod(name, 0o644)
        ok(cli("log", "Acme Corp", "second call"))
        ok(cli("due"))
    finally:
        os.umask(old)
    assert mode(journal) == 0o600
    for side in ("-wal", "-shm"):
        if os.path.exists(f"{journal}{side}"):
            assert mode(f"{journal}{side}") == 0o600


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://u:hunter2@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://u@h/db?password=hunter2&sslmode=x",
            "postgresql://u@h/db?password=***&sslmode=x",
        ),
        ("host=h password=hunter2 user=u", "host=h password=*** user=u"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
    ],
)
def test_passwords_are_masked(url, shown):
    from rapport.store.connection import masked

    assert masked(url) == shown


def test_a_connection_error_never_shows_the_password(cli):
    pytest.importorskip("psycopg2")
    url = "postgresql+psycopg://u:s3cret@127.0.0.1:1/db?password=hunter2"
    result = cli("--db", url, "due")
    assert result.exit_code == 1
    line = one_line(result)
    assert "hunter2" not in line and "s3cret" not in line and "password=***" in line


# --- 5. the real error is kept ----------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_failed_rollback_does_not_hide_the_error(db_path):
    from rapport.store.connection import Store

    store = Store(db_path)
    try:
        store.conn.execute("CREATE TABLE t (x)")
        with pytest.raises(sqlite3.OperationalError, match="disk I/O error"), store.transaction():
            store.conn.execute("INSERT INTO t VALUES (1)")
            store.conn.execute("ROLLBACK")  # SQLite rolls back by itself after an I/O error
            raise sqlite3.OperationalError("disk I/O error")
    finally:
        store.close()


# --- 7. a damaged journal ----------------------------------------------------------------------


def zero_pages(db: Path) -> None:
    """Zero every page past the first two (the schema stays readable, the tables do not)."""
    query(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[2 * page :] = bytes(len(data) - 2 * page)
    db.write_bytes(bytes(data))


@pytest.fixture
def damaged(cli, journal) -> Path:
    for n in range(40):
        ok(cli("log", "Acme Corp", f"call {n} " + "x" * 400))
    zero_pages(journal)
    return journal


@pytest.mark.sqlite_only
def test_doctor_reports_a_damaged_journal_and_the_fix(cli, damaged):
    before = damaged.read_bytes()
    result = cli("doctor")
    assert result.exit_code == 1
    assert "FAIL  integrity" in result.stdout
    assert "rapport restore" in result.stdout and ".recover" in result.stdout
    assert damaged.read_bytes() == before  # opened read-only


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", [["due"], ["backup"], ["contacts"], ["export"]])
def test_commands_on_a_damaged_journal_say_so_in_one_line(cli, damaged, command):
    result = cli(*command)
    assert result.exit_code == 1
    line = one_line(result)
    assert "damaged" in line or "malformed" in line
    assert "doctor" in line or "restore" in line


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", [["doctor"], ["due"], ["log", "Acme Corp", "x"]])
def test_a_truncated_journal(cli, journal, command):
    query(journal, "PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(30):
        ok(cli("log", "Acme Corp", f"call {n} " + "x" * 400))
    query(journal, "PRAGMA wal_checkpoint(TRUNCATE)")
    for side in ("-wal", "-shm"):
        Path(f"{journal}{side}").unlink(missing_ok=True)
    with open(journal, "r+b") as handle:
        handle.truncate(os.path.getsize(journal) // 2)
    result = cli(*command)
    assert result.exit_code == 1
    if command == ["doctor"]:
        assert "FAIL  integrity" in result.stdout and "rapport restore" in result.stdout
    else:
        assert "damaged" in one_line(result)


# --- 8. bounded reads -----------------------------------------------------------------------------


def test_import_of_an_endless_file_stops_at_the_limit(cli, monkeypatch):
    from rapport.store import files

    monkeypatch.setattr(files, "IMPORT_LIMIT", 1 << 20)
    result = cli("import", "/dev/zero", "--format", "jsonl")
    assert result.exit_code == 2
    assert "larger than 1 MB" in one_line(result)


def test_the_limit_applies_to_stdin_too(cli, monkeypatch):
    from rapport.store import files

    monkeypatch.setattr(files, "IMPORT_LIMIT", 1000)
    result = cli("import", "-", "--format", "jsonl", input="{}\n" * 600)
    assert result.exit_code == 2 and "larger than" in one_line(result)


def test_timeouts_are_read_from_the_environment(monkeypatch):
    from rapport.errors import UsageError
    from rapport.store.pg_limits import ENV_STATEMENT_TIMEOUT, timeout_setting

    monkeypatch.setenv(ENV_STATEMENT_TIMEOUT, "2.5")
    assert timeout_setting(ENV_STATEMENT_TIMEOUT, 60) == 2.5
    monkeypatch.delenv(ENV_STATEMENT_TIMEOUT)
    assert timeout_setting(ENV_STATEMENT_TIMEOUT, 60) == 60
    for bad in ("soon", "0", "-1", "nan"):
        monkeypatch.setenv(ENV_STATEMENT_TIMEOUT, bad)
        with pytest.raises(UsageError, match=ENV_STATEMENT_TIMEOUT):
            timeout_setting(ENV_STATEMENT_TIMEOUT, 60)


# --- 9. exit codes and messages -----------------------------------------------------------


def run_rapport(*args: bytes | str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_an_argument_that_is_not_utf8(journal):
    for args in ([b"log", b"Acme Corp", b"caf\xe9"], [b"\xff\xfe"]):
        done = run_rapport(*args)
        assert done.returncode == 2
        err = done.stderr.decode()
        assert err.count("\n") == 1 and "not valid UTF-8" in err and "unexpected" not in err


@pytest.mark.parametrize(
    "args, code, says",
    [
        (["--db", "postgresql+psycopg://u@localhost:abc/db", "due"], 2, "database URL"),
        (["backup", "/tmp/" + "a" * 300], 2, "too long"),
        (["export", "-o", "/tmp/" + "a" * 300], 2, "too long"),
        # a write creates the journal (a read only says there is none: issue 15)
        (["--db", "/proc/self/nowhere/journal.db", "add", "X"], 2, "cannot create the journal"),
        (["--db", "/proc/self/nowhere/journal.db", "due"], 1, "no journal at"),
        (["backup", "/proc/self/backup.db"], 2, "cannot"),
    ],
)
def test_paths_and_urls_rapport_cannot_use(cli, journal, args, code, says, engine):
    if "postgresql" in args[1]:
        pytest.importorskip("psycopg2")
    if args[0] == "backup" and engine == "postgres":
        says = "pg_dump"  # a server's journal is not a file to copy
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert says in one_line(result)


@pytest.mark.sqlite_only
def test_backup_to_a_folder_rapport_may_not_write(cli, journal, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; tests/test_faults.py runs this as a user")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("backup", locked / "b.db")
    assert result.exit_code == 1 and "Permission denied" in one_line(result)


# --- 10. leftovers of killed writers ------------------------------------------------------------


@pytest.mark.sqlite_only
def test_leftover_temp_files_are_removed_on_the_next_start(cli, journal):
    folder = journal.parent
    for name in (".rapport-dead1.tmp", ".rapport-dead2.tmp", ".rapport-dead2.tmp-journal"):
        (folder / name).write_bytes(b"half a journal")
    (folder / ".rapport-orphan.tmp-wal").write_bytes(b"x")
    (folder / ".rapport-notes.txt").write_text("not ours")
    ok(cli("due"))
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith(".rapport-"))
    assert left == [".rapport-notes.txt"]


# --- 11. a date far ahead does not fail the journal ---------------------------------------------


def test_doctor_does_not_fail_on_a_date_far_ahead(cli, js, journal):
    result = cli("incident", "Acme Corp", "late invoice", "--when", "2200-12-31")
    if result.exit_code:  # refused up front (issue 15): nothing stored to check
        assert result.exit_code == 2
    report = js("doctor")
    assert report["ok"] is True, report


# --- 12. invisible characters ------------------------------------------------------------------


def hidden_characters() -> list[str]:
    """Every control, format, line- and paragraph-separator character, worked out from the
    Unicode database (the joiners aside: tested below where they only hide)."""
    found = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\t\n\u200c\u200d":
            found.append(ch)
    return found


def test_every_invisible_character_is_made_visible():
    missed = [f"U+{ord(ch):04X}" for ch in hidden_characters() if render.visible(ch) == ch]
    assert missed == []


def test_the_examples_of_the_issue_are_shown_as_codes():
    assert render.visible("Ac\u200bme") == "Ac\\u200bme"
    assert render.visible("\u200eA\u200f") == "\\u200eA\\u200f"
    assert render.visible("a\u2028b\u2029") == "a\\u2028b\\u2029"
    assert render.visible("tag\U000e0041") == "tag\\U000e0041"
    assert render.visible("Ac\u200dme") == "Ac\\u200dme"  # a joiner beside ASCII only hides
    family = "\U0001f469\u200d\U0001f467"
    assert render.visible(family) == family  # between emoji it draws one picture


def test_tables_show_invisible_characters(cli, journal):
    ok(cli("add", "Glo\u200bbex", "--org", "\u202eevil\u200e"))
    out = ok(cli("contacts")).stdout
    assert "Glo\\u200bbex" in out and "\\u202eevil\\u200e" in out
    ok(cli("log", "Acme Corp", "line\u2028break\u2029para\u200fend"))
    out += ok(cli("show", "Acme Corp")).stdout
    assert "line\\u2028break\\u2029para\\u200fend" in out
    assert not {"\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\u202e"} & set(out)


def run_on_a_terminal(args: list[str]) -> bytes:
    """rapport with its stdout on a pseudo-terminal, as a person would run it."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rapport", *args], stdout=follower, stderr=subprocess.PIPE
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr.read()
    return b"".join(chunks)


@pytest.mark.parametrize("fmt", ["csv", "vcf", "ics", "jsonl"])
def test_export_to_a_terminal_does_not_send_escape_sequences(cli, journal, tmp_path, fmt):
    hostile = "\x1b]0;owned\x07\x1b[2J\x9b31m"
    ok(cli("edit", "Acme Corp", "--note", hostile, "--org", hostile))
    ok(cli("promise", "Acme Corp", hostile, "--by", "friday"))
    shown = run_on_a_terminal(["export", "-f", fmt])
    assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b".encode() not in shown
    assert b"\\x1b" in shown or b"\\\\x1b" in shown or b"\\u001b" in shown
    # a file gets the data as stored
    ok(cli("export", "-f", fmt, "-o", tmp_path / f"out.{fmt}"))
    stored = (tmp_path / f"out.{fmt}").read_bytes()
    assert b"\x1b" in stored or b"\\u001b" in stored

