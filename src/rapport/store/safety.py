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
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapport.errors import RapportError, UsageError
from rapport.interchange import records
from rapport.store.connection import Store, make_private_folder
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


def run_checks(store: Store) -> list[Check]:
    """Every check `rapport doctor` reports, in the order it reports them.

    On PostgreSQL the server guarantees what SQLite's integrity and foreign-key checks look
    for (pages, enforced references), so only the checks of rapport's own rules run."""
    engine = []
    if store.dialect == "sqlite":
        engine = [
            Check("integrity", "SQLite integrity_check", integrity_problems(store.conn)),
            Check("foreign keys", "SQLite foreign_key_check", foreign_key_problems(store)),
        ]
    return [
        *engine,
        Check("contacts", "every record belongs to a contact", orphan_problems(store)),
        Check("date order", "no record ends before it starts", date_order_problems(store)),
        Check("dates", "every stored date can be read", date_format_problems(store)),
    ]


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [_first(row) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else [str(r) for r in rows]


def _first(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


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
    problems = []
    for table, column, kind in DATE_COLUMNS:
        rows = store.all(
            f"SELECT id, {column} AS value FROM {table} WHERE {column} IS NOT NULL ORDER BY id"
        )
        problems += [
            f"{table} {r['id']}: {column} {r['value']!r} is not a {kind}"
            for r in rows
            if not readable(r["value"], kind)
        ]
    return problems


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


def backup(store: Store, target: Path) -> int:
    """A consistent copy of the store at `target` (mode 0600); returns its size in bytes."""
    with _staged(target.parent) as staged:
        store.backup_to(staged)
        _seal(staged)
        os.replace(staged, target)
    _sync_folder(target.parent)
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
    with _staged(store_path.parent) as staged:
        with _reader(source, read_only=True) as conn:
            _backup_connection(conn, staged)
        _seal(staged)
        with _exclusive(store_path):
            if kept and store_path.exists():
                _keep(store_path, kept)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{store_path}{suffix}").unlink(missing_ok=True)
            os.replace(staged, store_path)
    _sync_folder(store_path.parent)


def _keep(store_path: Path, kept: Path) -> None:
    """The old file itself becomes the kept copy: complete, since it left WAL mode under our
    lock. A damaged store's write-ahead log is kept beside it, as it may hold the latest."""
    try:
        os.link(store_path, kept)
    except OSError:  # a filesystem without hard links
        _copy_private(store_path, kept)
    wal = Path(f"{store_path}-wal")
    if wal.exists():
        _copy_private(wal, Path(f"{kept}-wal"))


def _copy_private(source: Path, target: Path) -> None:
    with _staged(target.parent) as staged:
        staged.write_bytes(source.read_bytes())
        os.replace(staged, target)


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
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT_S)
    try:
        yield conn
    finally:
        conn.close()


def _backup_connection(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()


@contextmanager
def _staged(folder: Path) -> Iterator[Path]:
    """A new private (0600) file in `folder`, removed unless it was renamed into place."""
    fd, name = tempfile.mkstemp(prefix=".rapport-", suffix=".tmp", dir=folder)
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _seal(path: Path) -> None:
    """One self-contained file (no WAL beside it), checked, and on disk before it is used."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_problems(conn)
    finally:
        conn.close()
    if problems:
        raise RapportError(f"the copy failed its integrity check ({problems[0]}); nothing changed")
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
