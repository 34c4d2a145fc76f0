"""Privacy: the store, its WAL files and backups are 0600, folders rapport creates are 0700,
the $EDITOR file is private and removed, and no client data lands anywhere else."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ok

# About the SQLite file itself (its bytes, modes, WAL, backups, kills): one engine.
pytestmark = pytest.mark.sqlite_only

SECRET = "Dana's divorce is final"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual default: files 0644 and folders 0755 unless rapport asks otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_nested_store_is_private(cli, tmp_path, loose_umask):
    db = tmp_path / "a" / "b" / "journal.db"
    tmp_path.chmod(0o755)
    ok(cli("--db", db, "add", "Acme Corp", "--note", SECRET))
    assert mode(db) == 0o600
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(tmp_path) == 0o755  # a folder rapport found is left as it was


def test_wal_files_are_private(cli, db_path, loose_umask):
    ok(cli("add", "Acme Corp", "--note", SECRET))
    holder = sqlite3.connect(db_path)  # while a reader is open the WAL files stay on disk
    try:
        holder.execute("SELECT count(*) FROM contacts").fetchall()
        ok(cli("log", "Acme Corp", SECRET))
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            assert side.exists()
            assert mode(side) == 0o600, suffix
    finally:
        holder.close()


def test_backups_and_kept_copies_are_private(cli, js, tmp_path, db_path, loose_umask):
    ok(cli("add", "Acme Corp", "--note", SECRET))
    made = [Path(js("backup")["backup"]), Path(js("backup", tmp_path / "b.db")["backup"])]
    kept = Path(js("restore", made[1], "--yes")["kept"])
    for path in [*made, kept, db_path]:
        assert mode(path) == 0o600, path


def test_editor_file_is_private_and_removed(cli, js, tmp_path):
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        f"open({str(seen)!r}, 'w').write(path + ' ' + oct(stat.S_IMODE(os.stat(path).st_mode)))\n"
        f"open(path, 'a').write({SECRET!r})\n"
    )
    ok(cli("add", "Acme Corp"))
    env = {"EDITOR": f"{sys.executable} {editor}"}
    logged = js("log", "Acme Corp", env=env)
    assert js("show", "Acme Corp")["interactions"][0]["summary"] == SECRET
    assert logged["interaction"] == 1
    path, file_mode = seen.read_text().split()
    assert file_mode == "0o600"
    assert not Path(path).exists()


def test_editor_file_is_removed_when_the_editor_fails(cli, tmp_path):
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > {seen}\nexit 3\n')
    editor.chmod(0o700)
    ok(cli("add", "Acme Corp"))
    result = cli("log", "Acme Corp", env={"EDITOR": str(editor)})
    assert result.exit_code == 2
    assert not Path(seen.read_text().strip()).exists()


def test_no_client_data_is_written_outside_the_store(tmp_path):
    """Every command of a working day, run as a real process with HOME, TMPDIR, the XDG
    folders and the working folder all empty: afterwards only the store folder holds files."""
    home, temp, work, store = (tmp_path / n for n in ("home", "tmp", "work", "store"))
    for folder in (home, temp, work, store):
        folder.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "RAPPORT_DB": str(store / "journal.db"),
    }
    day = [
        ["add", "Acme Corp", "--note", SECRET, "--tag", SECRET],
        ["log", "Acme Corp", SECRET, "--promise", SECRET, "--by", "friday"],
        ["log", "Acme Corp", "-"],
        ["due"], ["contacts"], ["show", "Acme Corp"], ["score"], ["doctor"],
        ["backup"], ["show", "Nobody"], ["done", "999"],
    ]  # fmt: skip
    for args in day:
        subprocess.run(
            [sys.executable, "-m", "rapport", *args],
            cwd=work, env=env, input=SECRET, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    leftovers = [p for folder in (home, temp, work) for p in folder.rglob("*") if p.is_file()]
    assert leftovers == []
    names = sorted(p.name for p in store.iterdir())
    assert names == ["journal-backup-20261123-100000.db", "journal.db"]
