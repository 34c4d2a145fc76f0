"""Where the journal lives and how it is opened: location, file modes, pragmas, transactions.

The hot commands (`log`, `due`) talk to SQLite through the stdlib driver: SQLAlchemy and
SQLModel cost 200-450 ms of import per run (docs/performance.md). Every query is plain SQL
text with `:named` parameters, the form SQLAlchemy's `text()` takes too, so the same SQL
serves PostgreSQL in team mode (store/postgres.py) without a second design. Both stores
offer the same methods; no module outside the store reaches for a driver connection.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from rapport.errors import RapportError, UsageError

ENV_DB = "RAPPORT_DB"
BUSY_TIMEOUT_S = 60.0
DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")  # what SQLite says of a damaged file
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def current_user() -> str:
    """Who is writing (stored in created_by and owner): RAPPORT_USER, else `name` in the
    settings file, else the login name."""
    from rapport import settings  # reads nothing when there is no settings file

    return settings.get("name")


def is_postgres(value: str | None) -> bool:
    return bool(value) and value.split("://", 1)[0] in POSTGRES_SCHEMES and "://" in value


_SECRETS = (
    (re.compile(r"(://[^/@:]*:)[^/]*@"), r"\1***@"),  # user:password@host
    (re.compile(r"(password=)[^&\s'\"]*", re.IGNORECASE), r"\1***"),  # ?password=, conninfo
)


def masked(text: str) -> str:
    """A URL, or a message quoting one, with its password replaced by ***: every place that
    shows a database URL (doctor, connection errors) shows it through here."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


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


def one_of(store: Any, column: str, values: list[Any]) -> tuple[str, dict[str, Any]]:
    """SQL saying `column` is one of `values`, and its parameters: one array on PostgreSQL,
    where the driver spends ~10 µs on each bound parameter (a bulk read binds thousands),
    `in_list` on SQLite. The rows come back in the same order either way only with an ORDER
    BY: PostgreSQL may plan the two differently."""
    if store.dialect == "postgresql":
        return f"{column} = ANY(:values)", {"values": list(values)}
    marks, named = in_list("c", values)
    return f"{column} IN ({marks})", named


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
    from rapport.store.files import file_error

    try:
        if not path.parent.exists():
            make_private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise _unusable_path(path, file_error("create the journal", path, exc)) from None
    os.close(fd)


def _unusable_path(path: Path, exc: RapportError) -> UsageError:
    return UsageError(f"{exc}; give another journal path with --db or RAPPORT_DB")


def make_owner_only(path: Path) -> None:
    """An existing journal (and its -wal/-shm) left readable by others, or unwritable by its
    own owner after a read-only spell, becomes 0600: SQLite gives -wal/-shm the journal's mode."""
    uid = os.geteuid()
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        try:
            st = os.stat(name, follow_symlinks=False)
        except OSError:
            continue
        if st.st_uid == uid and stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != 0o600:
            with suppress(OSError):  # a read-only filesystem: opened read-only below
                os.chmod(name, 0o600, follow_symlinks=False)


def writable(path: Path) -> bool:
    """Can this process change the journal file and create its -wal beside it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def read_only_uri(path: Path) -> str:
    """Reading a journal we may not write: `immutable` makes SQLite create no -shm (a 0400
    one would break every later write once the journal is writable again). A -wal holding
    the latest writes needs the ordinary read-only mode, which reads it."""
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")


def damaged(path: Any, exc: BaseException) -> RapportError:
    """The one line every command gives on a damaged journal file."""
    return RapportError(
        f"the journal {path} is damaged ({exc}); run `rapport doctor` to see what is wrong,"
        " then `rapport restore BACKUP`"
    )


class Store:
    """One open journal. Queries are SQL text with :named parameters; rows come back as dicts."""

    dialect = "sqlite"
    IntegrityError = sqlite3.IntegrityError

    def __init__(self, path: Path):
        self.path = path
        self.user = current_user()
        self.recorder: Any = None  # store/history.py, while a write command records for undo
        self._deferred: list = []
        self.read_only = False
        target: Any = path
        if str(path) != ":memory:":
            if path.is_dir():
                raise UsageError(f"the store path {path} is a folder; give a file path with --db")
            _create_private(path)
            make_owner_only(path)
            self.read_only = not writable(path)
            if self.read_only:
                target = read_only_uri(path)
        old_umask = os.umask(0o077)  # so the -wal and -shm files are private too
        try:
            self.conn = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
                uri=self.read_only,
            )
            self.conn.row_factory = _dict_row
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") in DAMAGED:
                raise damaged(path, exc) from None
            raise RapportError(f"cannot open the store {path}: {exc}") from None
        finally:
            os.umask(old_umask)

    def enable_wal(self) -> None:
        """Readers never block the writer and vice versa; set once the store is known to be ours."""
        if not self.read_only:
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
        if self.recorder is not None:
            count = self.recorder.run(sql, params)
            if count is not None:
                return count
        return self.conn.execute(sql, params).rowcount

    def insert(self, sql: str, **params: Any) -> int:
        """Run an INSERT and return the new row's id."""
        if self.recorder is not None:
            new_id = self.recorder.insert(sql, params)
            if new_id is not None:
                return new_id
        return self.conn.execute(sql + " RETURNING id", params).fetchone()["id"]

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        """One statement for many rows of :named parameters (bulk import)."""
        self.conn.executemany(sql, rows)
        if self.recorder is not None:
            self.recorder.many(sql, rows)

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

    # The importer may keep a file's own ids and count on from max(id): BEGIN IMMEDIATE holds
    # SQLite's one write lock, so no other writer takes an id meanwhile.
    ids_from_sequence = False

    def next_ids(self, table: str, count: int) -> list[int]:
        start = self.last_id(table) + 1
        return list(range(start, start + count))

    def last_id(self, table: str) -> int:
        return self.value(f"SELECT max(id) FROM {table}") or 0

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Store]:
        """All or nothing. Writers take the lock up front (BEGIN IMMEDIATE) so that a busy
        store makes them wait for their turn instead of failing half-way with 'locked'."""
        if write and self.read_only:
            raise RapportError(
                f"the journal {self.path} is read-only here; rapport can show it but not change"
                f" it. Make it and its folder writable (chmod u+w) to record again"
            )
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield self
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._explained(exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Undo what the failed command wrote. After disk full or an I/O error SQLite has
        already rolled back; a second error must not hide the first, which says what happened."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _explained(self, exc: sqlite3.DatabaseError) -> Exception:
        """A damaged file says so in one line with the fix; other errors pass unchanged."""
        # a bare DatabaseError (not Operational, Integrity, ...) is SQLite failing to read
        # its own structures: "malformed", "not a database", "vtable constructor failed"
        if getattr(exc, "sqlite_errorname", "") in DAMAGED or type(exc) is sqlite3.DatabaseError:
            return damaged(self.path, exc)
        return exc

    def after_commit(self, work) -> None:
        """Best-effort writes (caches) to run once the command's own transaction is done."""
        self._deferred.append(work)

    def run_deferred(self) -> None:
        """Run the queued cache writes in one short transaction; a busy store just skips them."""
        work, self._deferred = self._deferred, []
        if not work:
            return
        if self.read_only:
            return
        self.conn.execute("PRAGMA busy_timeout = 250")
        try:
            with self.transaction():
                for job in work:
                    job(self)
        except (sqlite3.OperationalError, RapportError):
            pass  # locked or read-only: the figures are recomputed next time

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the store, taken while others may be writing."""
        from rapport.store.files import copy_database

        copy_database(self.conn, target)

    def close(self) -> None:
        self.conn.close()
