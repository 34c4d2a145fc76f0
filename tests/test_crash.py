"""Crash safety: `rapport log` and `rapport import` killed with SIGKILL at random moments
leave a store that passes PRAGMA integrity_check and holds each command's records all or none.

Each child imports rapport first and says 'ready'; the clock starts when it is told to go, so
the random delay falls inside the command itself, not inside Python's start-up.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ok, query

# About the SQLite file itself (its bytes, modes, WAL, backups, kills): one engine.
pytestmark = pytest.mark.sqlite_only

LOG_KILLS = 35
IMPORT_KILLS = 15  # 50 in all
IMPORT_RECORDS = 300

CHILD = """
import sys
from rapport.cli import run
print("ready", flush=True)
sys.stdin.readline()
sys.exit(run(sys.argv[1:]))
"""


class Child:
    """One rapport command in its own process, imported and waiting for the word to start."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(os.environ),
        )

    def go(self) -> float:
        assert self.proc.stdout.readline() == b"ready\n"
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()
        return time.perf_counter()

    def finish(self) -> tuple[int, bytes]:
        _, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, err

    def kill_after(self, delay: float) -> bool:
        """True when the kill landed while the command was still running."""
        self.go()
        time.sleep(delay)
        self.proc.send_signal(signal.SIGKILL)
        code, err = self.finish()
        assert code in (0, -signal.SIGKILL), err.decode()
        return code == -signal.SIGKILL


def duration(*args: str) -> float:
    """How long the command takes once started: the window the kills aim at."""
    child = Child(*args)
    started = child.go()
    code, err = child.finish()
    assert code == 0, err.decode()
    return time.perf_counter() - started


def kill_repeatedly(make_args, kills: int, check, window: float) -> int:
    """Run fresh commands, killing each at a random moment, until `kills` landed mid-command.
    The next child starts Python while the current one runs, to halve the wall time."""
    rng = random.Random(5)
    landed = attempts = 0
    child = Child(*make_args(1))
    while landed < kills:
        attempts += 1
        assert attempts < kills * 4, f"only {landed} of {attempts} kills landed mid-command"
        following = Child(*make_args(attempts + 1))
        landed += child.kill_after(rng.uniform(0, window))
        check(attempts)
        child = following
    child.proc.kill()  # never told to go: it wrote nothing
    child.finish()
    return attempts


def assert_sound(db: Path) -> None:
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


# --- log --------------------------------------------------------------------------------


def log_args(n: int) -> list[str]:
    return [
        "log", "Acme Corp", f"crash {n}", "--tag", "kill", "--tag", f"n{n}",
        "--promise", f"mine {n}", "--by", "friday",
        "--they-promise", f"theirs {n}", "--by", "tuesday",
        "--follow-up", "next week",
    ]  # fmt: skip


def check_log(db: Path, n: int) -> None:
    """crash n is in the store with its two promises, follow-up and tags, or none of them."""
    assert_sound(db)
    found = query(db, "SELECT id FROM interactions WHERE summary = ?", f"crash {n}")
    promises = query(
        db,
        "SELECT text FROM promises WHERE text IN (?, ?) ORDER BY text",
        f"mine {n}",
        f"theirs {n}",
    )
    if not found:
        assert promises == []
        return
    (iid,) = found[0]
    assert promises == [(f"mine {n}",), (f"theirs {n}",)]
    made = query(
        db, "SELECT kind, count(*) FROM promises WHERE interaction_id = ? GROUP BY kind", iid
    )
    assert made == [("followup", 1), ("promise", 2)]
    tags = query(db, "SELECT tag FROM interaction_tags WHERE interaction_id = ? ORDER BY tag", iid)
    assert tags == [("kill",), (f"n{n}",)]


def test_log_killed_at_random_moments_is_all_or_nothing(cli, db_path):
    ok(cli("add", "Acme Corp"))
    window = duration(*log_args(0))
    attempts = kill_repeatedly(log_args, LOG_KILLS, lambda n: check_log(db_path, n), window)
    # the store still works, and every log that was not killed is there in full
    ok(cli("log", "Acme Corp", "after the crashes"))
    assert_sound(db_path)
    for n in range(attempts + 1):
        check_log(db_path, n)
    # each surviving log closed the follow-up before it: no follow-up closed by a ghost
    ghosts = query(
        db_path,
        "SELECT count(*) FROM promises WHERE closed_by IS NOT NULL "
        "AND closed_by NOT IN (SELECT id FROM interactions)",
    )
    assert ghosts == [(0,)]


# --- import -----------------------------------------------------------------------------


def import_file(folder: Path, n: int) -> Path:
    """One contact and many interactions and promises, every one marked with the file's n."""
    lines = [{"type": "contact", "name": f"Import Co {n}", "tags": ["imported"]}]
    for j in range(IMPORT_RECORDS):
        lines.append({
            "type": "interaction", "contact": f"Import Co {n}",
            "at": f"2026-{1 + j % 10:02d}-{1 + j % 28:02d}T10:00:00", "summary": f"imp {n}-{j}",
        })  # fmt: skip
        lines.append({
            "type": "promise", "contact": f"Import Co {n}", "text": f"imp {n}-{j}",
            "due": "2026-12-01",
        })  # fmt: skip
    path = folder / f"import-{n}.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def check_import(db: Path, n: int) -> None:
    assert_sound(db)
    contacts = query(db, "SELECT count(*) FROM contacts WHERE name = ?", f"Import Co {n}")
    pattern = f"imp {n}-%"
    logged = query(db, "SELECT count(*) FROM interactions WHERE summary LIKE ?", pattern)
    promised = query(db, "SELECT count(*) FROM promises WHERE text LIKE ?", pattern)
    everything = [(1,), (IMPORT_RECORDS,), (IMPORT_RECORDS,)]
    nothing = [(0,), (0,), (0,)]
    assert [*contacts, *logged, *promised] in (everything, nothing), n


def test_import_killed_at_random_moments_is_all_or_nothing(cli, db_path, tmp_path):
    if cli("import", "--help").exit_code != 0:
        pytest.fail("rapport import is not available yet (issue 4)")
    files = {n: import_file(tmp_path, n) for n in range(IMPORT_KILLS * 4)}
    ok(cli("add", "Acme Corp"))
    window = duration("import", str(files[0]))
    check_import(db_path, 0)  # the uninterrupted one landed in full

    def args(n: int) -> list[str]:
        return ["import", str(files[n])]

    kill_repeatedly(args, IMPORT_KILLS, lambda n: check_import(db_path, n), window)
    ok(cli("log", "Acme Corp", "after the crashes"))
    assert_sound(db_path)
