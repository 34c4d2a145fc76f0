"""Keeping the journal safe: backups, restore, and the checks `rapport doctor` runs.

Backups go through SQLite's online backup API, so a copy taken while another process writes
is still one consistent moment of the journal. Every file written here is staged next to its
destination, checked, fsynced and renamed into place: a crash leaves the old file or the new
one, never half of one.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapport.errors import RapportError, UsageError
from rapport.interchange import records
from rapport.store import files
from rapport.store.connection import Store, make_private_folder, read_only_uri, writable
from rapport.store.files import copy_database, integrity_problems
from rapport.store.migrations import HEAD

SHOWN_PER_CHECK = 20  # a broken store can have thousands of bad rows; show the first ones
LOCK_WAIT_S = 5.0  # restore waits this long for other rapport processes to finish

# Stored dates: (table, column, kind). 'date' is YYYY-MM-DD, 'moment' YYYY-MM-DDTHH:MM:SS.
DATE_COLUMNS = (
    ("contacts", "created_at", "moment"),
    ("interactions", "at", "moment"),
    ("interactions", "created_at", "moment"),
    ("promises", "made_on", "date"),
    ("promises", "due", "date"),
    ("promises", "done_on", "date"),
    ("promises", "closed_on", "date"),
    ("promises", "created_at", "moment"),
    ("promise_moves", "old_due", "date"),
    ("promise_moves", "new_due", "date"),
    ("promise_moves", "moved_on", "date"),
    ("incidents", "at", "moment"),
    ("incidents", "resolved_on", "date"),
    ("expectations", "at", "moment"),
    ("handovers", "at", "moment"),
    ("remember", "on_date", "day"),  # a date, or a yearly '--MM-DD' without a year
)
# SQLite's date() accepts 2026-02-30, so stored dates are read back the way Python reads them.
_SHAPE = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "moment": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?"),
    "day": re.compile(r"(?:\d{4}|-)-\d{2}-\d{2}"),
}
# Records that name a contact: each must name one that exists.
CONTACT_REFERENCES = (
    "interactions",
    "promises",
    "incidents",
    "expectations",
    "handovers",
    "remember",
    "contact_tags",
)
# (table, label, SQL condition): the days `import` also refuses out of order (one list).
DATE_ORDER = tuple(
    (table, label, f"substr({later}, 1, 10) < substr({earlier}, 1, 10)")
    for table, label, earlier, later in records.DATE_ORDER
)


# ---------------------------------------------------------------- doctor


@dataclass
class Check:
    name: str
    about: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        shown = self.problems[:SHOWN_PER_CHECK]
        return {
            "check": self.name,
            "about": self.about,
            "ok": self.ok,
            "count": len(self.problems),
            "problems": shown,
        }


def run_checks(store: Store, file_checked: bool = False) -> list[Check]:
    """Every check `rapport doctor` reports, in the order it reports them.

    On PostgreSQL the server guarantees what SQLite's integrity and foreign-key checks look
    for (pages, enforced references), so only the checks of rapport's own rules run. With
    `file_checked`, `file_checks` already ran SQLite's integrity check on the file."""
    engine = []
    if store.dialect == "sqlite":
        if not file_checked:
            engine.append(Check("integrity", INTEGRITY, integrity_problems(store.conn)))
        keys = foreign_key_problems(store)
        engine.append(Check("foreign keys", "SQLite foreign_key_check", keys))
    return [
        *engine,
        Check("contacts", "every record belongs to a contact", orphan_problems(store)),
        Check("date order", "no record ends before it starts", date_order_problems(store)),
        Check("dates", "every stored date can be read", date_format_problems(store)),
    ]


INTEGRITY = "SQLite integrity_check"


def file_checks(path: Path) -> list[Check]:
    """What can be learnt from the journal file alone, opened read-only (a damaged file
    is never written to): SQLite's integrity check, and whether rapport can write to it."""
    return [
        Check("integrity", INTEGRITY, _file_integrity(path)),
        Check("writable", "rapport can record in the journal", unwritable_problems(path)),
    ]


def _file_integrity(path: Path) -> list[str]:
    try:
        with _reader(path, read_only=True) as conn:
            problems = integrity_problems(conn)
            if not problems:
                conn.execute("SELECT count(*) FROM rapport_migrations").fetchone()
            return problems
    except sqlite3.DatabaseError as exc:
        return [f"the file cannot be read: {exc}"]


def unwritable_problems(path: Path) -> list[str]:
    problems = []
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        problems.append(f"the folder {folder} is read-only: SQLite cannot create {path.name}-wal")
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists() and not os.access(name, os.W_OK):
            problems.append(f"{name} is read-only (chmod u+w {name}, or remove a stale -shm)")
    return problems


def foreign_key_problems(store: Store) -> list[str]:
    return [
        f"{r['table']} row {r['rowid']} refers to a missing {r['parent']} record"
        for r in store.all("PRAGMA foreign_key_check")
    ]


def orphan_problems(store: Store) -> list[str]:
    problems = []
    for table in CONTACT_REFERENCES:
        key = "id"
        if table == "contact_tags":  # no id of its own; PostgreSQL has no rowid either
            key = "rowid" if store.dialect == "sqlite" else "contact_id"
        rows = store.all(
            f"SELECT {key} AS id, contact_id FROM {table} "
            "WHERE contact_id NOT IN (SELECT id FROM contacts) ORDER BY 1"
        )
        problems += [
            f"{table} {r['id']} belongs to contact {r['contact_id']}, which does not exist"
            for r in rows
        ]
    return problems


def date_order_problems(store: Store) -> list[str]:
    problems = []
    for table, label, condition in DATE_ORDER:
        rows = store.all(f"SELECT id FROM {table} WHERE {condition} ORDER BY id")
        problems += [f"{table} {r['id']}: {label}" for r in rows]
    return problems


def date_format_problems(store: Store) -> list[str]:
    """Stored dates rapport cannot read. The engine passes over those plainly fine (a big
    journal holds 700,000 dates); `readable` judges the rest, as when they are read."""
    problems = []
    for table, column, kind in DATE_COLUMNS:
        # Each distinct value is tested once: most columns hold a few thousand days.
        fine = _plainly_fine(store.dialect, "v", kind)
        rows = store.tuples(
            f"SELECT id, {column} FROM {table} WHERE {column} IN (SELECT v FROM"
            f" (SELECT DISTINCT {column} AS v FROM {table} WHERE {column} IS NOT NULL) d"
            f" WHERE NOT coalesce({fine}, FALSE)) ORDER BY id"
        )
        problems += [
            f"{table} {row_id}: {column} {value!r} is not a {kind}"
            for row_id, value in rows
            if not readable(value, kind)
        ]
    return problems


# What the engine lets pass without `readable`: ASCII digits in the shape, a year from 1,
# and a real day of the calendar; any value it is unsure of goes to `readable`.
_DAY_RE = (
    r"(?!0000)[0-9]{4}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"  # days every month has
    r"|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
)
_TIME_RE = r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
_DIGITS = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def _plainly_fine(dialect: str, column: str, kind: str) -> str:
    """An SQL condition true only of values of `kind` that `readable` accepts (a 'day' may
    also be a yearly --MM-DD: those are left to `readable`)."""
    moment = kind == "moment"
    if dialect != "sqlite":  # 29 February is left to `readable` (leap years)
        return f"{column} ~ '^{_DAY_RE}{_TIME_RE if moment else ''}$'"
    # date(d, '+0 days') turns 2026-02-30 into 2026-03-02: a day it gives back unchanged is real
    day = f"substr({column}, 1, 10)"
    shape = f"{_DIGITS}T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]" if moment else _DIGITS
    clock = (f" AND substr({column}, 12, 2) < '24' AND substr({column}, 15, 2) < '60'"
             f" AND substr({column}, 18, 2) < '60'") if moment else ""
    return (f"(typeof({column}) = 'text' AND {column} GLOB '{shape}'"
            f" AND {column} >= '0001' AND date({day}, '+0 days') = {day}{clock})")


def readable(value: Any, kind: str) -> bool:
    """A stored date rapport can read back: the right shape and a real day of the calendar."""
    if not isinstance(value, str) or not _SHAPE[kind].fullmatch(value):
        return False
    if value.startswith("--"):  # yearly: any real month and day, 29 February included
        value = "2000" + value[1:]
    try:
        (datetime if kind == "moment" else date).fromisoformat(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- backup


def refuse_journal(target: Path, store_path: Path, what: str) -> None:
    """`target` must not be the journal: not the file, a hard or symbolic link to it, nor its
    -wal/-shm/-journal (writing there would replace or corrupt the journal)."""
    journal = [store_path, *(Path(f"{store_path}{s}") for s in ("-wal", "-shm", "-journal"))]
    if any(files.same_file(target, j) for j in journal):
        raise UsageError(f"the {what} path {target} is the journal itself; choose another file")


def backup(store: Store, target: Path) -> int:
    """A consistent copy of the store at `target` (mode 0600); returns its size in bytes."""
    copy_database(store.conn, target, verify=True)
    return target.stat().st_size


# ---------------------------------------------------------------- restore


def inspect(path: Path) -> dict[str, Any]:
    """What a file to restore holds; UsageError unless it is a sound rapport store."""
    try:
        with _reader(path, read_only=True) as conn:
            problems = integrity_problems(conn)
            if problems:
                raise UsageError(f"{path} is damaged ({problems[0]}); choose another backup")
            return _describe(conn, path)
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{path} is not a rapport store ({exc}); choose a backup file") from None


def _describe(conn: sqlite3.Connection, path: Path) -> dict[str, Any]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "rapport_migrations" not in tables:
        raise UsageError(f"{path} is an SQLite file but not a rapport store; choose a backup file")
    version = conn.execute("SELECT max(id) FROM rapport_migrations").fetchone()[0] or 0
    if version > HEAD:
        raise UsageError(
            f"{path} was written by a newer rapport (schema {version}, this one knows up to "
            f"{HEAD}); upgrade rapport before restoring it"
        )
    counts = {t: _count(conn, t, tables) for t in ("contacts", "interactions", "promises")}
    return {"path": str(path), "schema": version, **counts}


def _count(conn: sqlite3.Connection, table: str, tables: set[str]) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0


def restore(source: Path, store_path: Path, kept: Path | None) -> None:
    """Replace the store with `source` atomically; the replaced store is kept at `kept`."""
    make_private_folder(store_path.parent)
    with files.staged(store_path) as staged:
        with _reader(source, read_only=True) as conn:
            files.backup_connection(conn, staged)
        files.seal(staged, verify=True)
        with _exclusive(store_path):
            if kept and store_path.exists():
                _keep(store_path, kept)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{store_path}{suffix}").unlink(missing_ok=True)
            files.commit(staged, store_path)


def _keep(store_path: Path, kept: Path) -> None:
    """The old file itself becomes the kept copy: complete, since it left WAL mode under our
    lock. A damaged store's write-ahead log is kept beside it, as it may hold the latest."""
    try:
        os.link(store_path, kept, follow_symlinks=False)
    except FileExistsError:
        raise RapportError(f"{kept} appeared meanwhile; run restore again") from None
    except OSError:  # a filesystem without hard links
        files.copy(store_path, kept)
    wal = Path(f"{store_path}-wal")
    if wal.exists():
        files.copy(wal, Path(f"{kept}-wal"))


@contextmanager
def _exclusive(store_path: Path) -> Iterator[None]:
    """Hold the store so nobody reads or writes it while it is swapped.

    In WAL mode the log and the shared-memory index live beside the file, keyed by its path:
    a log left from the old store would be replayed into the new one and corrupt it. So
    leave WAL mode first (SQLite checkpoints into the file and deletes both, and refuses
    while another process has the store open), then lock the file for the swap.
    """
    if not store_path.exists():
        yield
        return
    conn = sqlite3.connect(store_path, timeout=LOCK_WAIT_S, isolation_level=None)
    try:
        _take_over(conn, store_path)
        yield
    finally:
        conn.close()


def _take_over(conn: sqlite3.Connection, store_path: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError:
        mode = "busy"
    except sqlite3.DatabaseError:
        return  # the store being replaced is unreadable: no reader or writer can be using it
    if mode != "delete":
        raise RapportError(f"another program is using {store_path}; close it and run restore again")


# ---------------------------------------------------------------- files


@contextmanager
def _reader(path: Path, read_only: bool) -> Iterator[sqlite3.Connection]:
    """A connection to `path` that changes nothing; a file we may not write is opened
    immutable, so that no -shm is left behind (see connection.read_only_uri)."""
    if read_only and not writable(path):
        uri = read_only_uri(path)
    else:
        uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT_S)
    try:
        yield conn
    finally:
        conn.close()


