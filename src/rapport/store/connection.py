"""Where the journal lives and how it is opened: location, file modes, pragmas, transactions.

The hot commands (`log`, `due`) talk to SQLite through the stdlib driver: SQLAlchemy and
SQLModel cost 200-450 ms of import per run (docs/performance.md). Every query is plain SQL
text with `:named` parameters, the form SQLAlchemy's `text()` takes too, so the same SQL
serves PostgreSQL in team mode (store/postgres.py) without a second design. Both stores
offer the same methods; no module outside the store reaches for a driver connection.
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
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def current_user() -> str:
    """Who is writing (stored in created_by and owner): RAPPORT_USER, else `name` in the
    settings file, else the login name."""
    from rapport import settings  # reads nothing when there is no settings file

    return settings.get("name")


def is_postgres(value: str | None) -> bool:
    return bool(value) and value.split("://", 1)[0] in POSTGRES_SCHEMES and "://" in value


def database(db: str | None) -> str:
    """--db, else RAPPORT_DB, else '' (the default file)."""
    return db or os.environ.get(ENV_DB) or ""


def default_path() -> Path:
    import platformdirs  # lazy: only needed when neither --db nor RAPPORT_DB is given

    return Path(platformdirs.user_data_dir("rapport", appauthor=False)) / "rapport.db"


def locate(db: str | None) -> Path:
    """The store's path from --db, then RAPPORT_DB, then the platform's user data directory."""
    value = database(db)
    if not value:
        return default_path()
    if value.startswith("sqlite:///"):
        return Path(value.removeprefix("sqlite:///")).expanduser()
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise UsageError(
            f"the database URL scheme '{scheme}' is not supported; use a file path, "
            "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    return Path(value).expanduser()


def in_list(prefix: str, values: list[Any]) -> tuple[str, dict[str, Any]]:
    """`:p0, :p1, ...` and their parameters, for an `IN (...)` in SQL that both engines run."""
    named = {f"{prefix}{i}": value for i, value in enumerate(values)}
    return ", ".join(f":{name}" for name in named), named


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
    IntegrityError = sqlite3.IntegrityError

    def __init__(self, path: Path):
        self.path = path
        self.user = current_user()
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

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        """One statement for many rows of :named parameters (bulk import)."""
        self.conn.executemany(sql, rows)

    def script(self, statements: list[str]) -> None:
        for statement in statements:
            self.conn.execute(statement)

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        """A nested all-or-nothing step inside the command's transaction."""
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    # -- what differs between engines, behind one name each

    def has_table(self, name: str) -> bool:
        return bool(
            self.value(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n", n=name
            )
        )

    def table_names(self) -> list[str]:
        return [r["name"] for r in self.all("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def columns(self, table: str) -> list[dict[str, Any]]:
        """(name, type, required) of each column in order; required: NOT NULL, no default."""
        return [
            {
                "name": r["name"],
                "type": r["type"] or "TEXT",
                "required": bool(r["notnull"] or r["pk"]) and r["dflt_value"] is None,
            }
            for r in self.all(f"SELECT * FROM pragma_table_info('{table}')")
        ]

    def lock_schema(self) -> None:
        """Inside a write transaction: no other process migrates meanwhile (BEGIN IMMEDIATE
        already holds SQLite's one write lock)."""

    def defer_foreign_keys(self) -> None:
        """Until commit: an import may insert a contact that names a later one."""
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def broken_reference(self) -> str | None:
        """A row pointing at a missing record (deferred checks), described; None when sound."""
        broken = self.all("SELECT * FROM pragma_foreign_key_check LIMIT 1")
        if not broken:
            return None
        row = broken[0]
        return f"{row['table']} row {row['rowid']} pointing at a missing {row['parent']} record"

    def sync_ids(self, tables: list[str]) -> None:
        """After rows were inserted with explicit ids: SQLite's next id is max(id) + 1 anyway."""

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
