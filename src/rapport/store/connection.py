"""Where the journal lives and how it is opened: location, file modes, pragmas, transactions.

The hot commands (`log`, `due`) talk to SQLite through the stdlib driver: SQLAlchemy and
SQLModel cost 200-450 ms of import per run (docs/performance.md). Every query is plain SQL
text with `:named` parameters, the form SQLAlchemy's `text()` takes too, so the same SQL can
serve another engine later without a second design.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rapport.errors import RapportError, UsageError

ENV_DB = "RAPPORT_DB"
BUSY_TIMEOUT_S = 60.0


def default_path() -> Path:
    import platformdirs  # lazy: only needed when neither --db nor RAPPORT_DB is given

    return Path(platformdirs.user_data_dir("rapport", appauthor=False)) / "rapport.db"


def locate(db: str | None) -> Path:
    """The store's path from --db, then RAPPORT_DB, then the platform's user data directory."""
    value = db or os.environ.get(ENV_DB) or ""
    if not value:
        return default_path()
    if value.startswith("sqlite:///"):
        return Path(value.removeprefix("sqlite:///")).expanduser()
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise UsageError(
            f"the database URL scheme '{scheme}' is not supported yet; "
            "use a file path or a sqlite:///PATH URL"
        )
    return Path(value).expanduser()


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return {col[0]: value for col, value in zip(cursor.description, row, strict=True)}


def make_private_folder(folder: Path) -> None:
    """Create `folder` and every missing parent as 0700 (makedirs gives parents the umask)."""
    old_umask = os.umask(0o077)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    finally:
        os.umask(old_umask)


def _create_private(path: Path) -> None:
    """Create the file (and its folder) readable by the owner only: it holds private notes."""
    if not path.parent.exists():
        make_private_folder(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class Store:
    """One open journal. Queries are SQL text with :named parameters; rows come back as dicts."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = path
        self._deferred: list = []
        if str(path) != ":memory:":
            if path.is_dir():
                raise UsageError(f"the store path {path} is a folder; give a file path with --db")
            _create_private(path)
        old_umask = os.umask(0o077)  # so the -wal and -shm files are private too
        try:
            self.conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = _dict_row
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise RapportError(f"cannot open the store {path}: {exc}") from None
        finally:
            os.umask(old_umask)

    def enable_wal(self) -> None:
        """Readers never block the writer and vice versa; set once the store is known to be ours."""
        self.conn.execute("PRAGMA journal_mode=WAL")

    def all(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return self.conn.execute(sql, params).fetchall()

    def tuples(self, sql: str, **params: Any) -> list[tuple]:
        """Rows as plain tuples: for bulk reads where building dicts is the cost."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()

    def one(self, sql: str, **params: Any) -> dict[str, Any] | None:
        return self.conn.execute(sql, params).fetchone()

    def value(self, sql: str, **params: Any) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else next(iter(row.values()))

    def run(self, sql: str, **params: Any) -> int:
        return self.conn.execute(sql, params).rowcount

    def insert(self, sql: str, **params: Any) -> int:
        """Run an INSERT and return the new row's id."""
        return self.conn.execute(sql + " RETURNING id", params).fetchone()["id"]

    def script(self, statements: list[str]) -> None:
        for statement in statements:
            self.conn.execute(statement)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Store]:
        """All or nothing. Writers take the lock up front (BEGIN IMMEDIATE) so that a busy
        store makes them wait for their turn instead of failing half-way with 'locked'."""
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def after_commit(self, work) -> None:
        """Best-effort writes (caches) to run once the command's own transaction is done."""
        self._deferred.append(work)

    def run_deferred(self) -> None:
        """Run the queued cache writes in one short transaction; a busy store just skips them."""
        work, self._deferred = self._deferred, []
        if not work:
            return
        self.conn.execute("PRAGMA busy_timeout = 250")
        try:
            with self.transaction():
                for job in work:
                    job(self)
        except sqlite3.OperationalError:
            pass  # locked or read-only: the figures are recomputed next time

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the store, taken while others may be writing."""
        _create_private(target)
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    def close(self) -> None:
        self.conn.close()
