"""Team mode: the journal on a shared PostgreSQL server, through the psycopg2 driver.

The same SQL text with `:named` parameters as the SQLite store (store/connection.py), with
the same methods, so feature modules never know which engine they talk to. Imported only
when RAPPORT_DB is a postgresql:// URL. psycopg2 and not SQLAlchemy plus psycopg 3: every
PostgreSQL command paid ~300 ms of imports before its first query (SQLAlchemy ~200 ms,
psycopg 3 ~150 ms, psycopg2 ~30 ms; docs/performance.md).

The connection runs in autocommit mode and `transaction()` sends BEGIN/COMMIT itself, as the
SQLite store does: queries outside a transaction (the migration check) see committed data
and never leave a transaction open on a shared server.
"""

from __future__ import annotations

import math
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit

from rapport.errors import RapportError, UsageError
from rapport.store.connection import current_user, masked
from rapport.store.pg_limits import (
    CONNECT_TIMEOUT_S,
    ENV_CONNECT_TIMEOUT,
    ENV_STATEMENT_TIMEOUT,
    GRACE_S,
    NUL,
    STATEMENT_TIMEOUT_S,
    StoreUnavailable,
    Watchdog,
    check_values,
    first_line,
    timeout_setting,
)

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:  # pragma: no cover - depends on the install
    psycopg2 = None  # type: ignore[assignment]

SCHEMA_LOCK = 7_274_637  # pg_advisory_xact_lock key: one migrating process at a time
LOCK_TIMEOUT = "60s"  # like SQLite's busy timeout: wait for a busy row, then say so
PAGE = 1000  # rows per round trip of a bulk insert


def _missing_driver() -> UsageError:
    return UsageError(
        "a postgresql:// journal needs the PostgreSQL driver; "
        "install it with: pip install 'rapport[postgres]'"
    )


# What a connection that broke or hung turns into (StoreUnavailable): the server went away,
# was stopped, or the watchdog cut a frozen one off. InternalError covers every statement
# after the connection broke ("current transaction is aborted").
def _lost() -> tuple[type[BaseException], ...]:
    return (psycopg2.OperationalError, psycopg2.InterfaceError, psycopg2.InternalError)


# `:name` as SQLAlchemy's text() reads it (not `::type`, not `\\:`), and `%` doubled for the
# driver's own `%(name)s` markers.
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")
_converted: dict[str, str] = {}


def pyformat(sql: str) -> str:
    """SQL with `:named` parameters in the driver's `%(named)s` form (cached per text)."""
    done = _converted.get(sql)
    if done is None:
        done = _BIND.sub(r"%(\1)s", sql.replace("%", "%%")).replace("\\:", ":")
        _converted[sql] = done
    return done


class _Float8:
    """A float sent as float8, as psycopg 3 sends it: psycopg2 writes a bare literal, which
    PostgreSQL reads as numeric (and numeric arithmetic comes back as Decimal)."""

    def __init__(self, value: float):
        self.value = value

    def getquoted(self) -> bytes:
        return f"'{self.value!r}'::float8".encode()


if psycopg2 is not None:
    psycopg2.extensions.register_adapter(float, _Float8)


def libpq_uri(url: str) -> str:
    """The libpq URI of a postgresql:// or postgresql+psycopg:// URL, checked first so that
    a URL libpq cannot read is a usage error, not a failed connection."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number fails here
    except ValueError as exc:
        raise UsageError(f"cannot read the database URL: {exc}") from None
    return "postgresql://" + url.split("://", 1)[1]


# `VALUES (...)` of an INSERT: the one place a bulk insert's parameters may be
_VALUES = re.compile(r"\bVALUES\s*(\((?:[^()']|\([^()']*\))*\))", re.IGNORECASE)


def _values_form(sql: str) -> tuple[str, str] | None:
    """(statement with `VALUES %s`, the row's template), in the driver's form, of an INSERT
    whose parameters are all in its VALUES list; None for any other statement."""
    found = _VALUES.search(sql)
    if found is None:
        return None
    head, tail = sql[: found.start(1)], sql[found.end(1) :]
    if _BIND.search(head) or _BIND.search(tail):
        return None
    return f"{pyformat(head)}%s{pyformat(tail)}", pyformat(found.group(1))


def _names(cursor: Any) -> list[str]:
    return [column[0] for column in cursor.description]


class PostgresStore:
    """One open journal on PostgreSQL. Queries are SQL text with :named parameters."""

    dialect = "postgresql"

    def __init__(self, url: str):
        if psycopg2 is None:
            raise _missing_driver()
        self.IntegrityError = psycopg2.IntegrityError
        self.user = current_user()
        self.recorder: Any = None  # store/history.py, while a write command records for undo
        self._deferred: list = []
        self.read_only = False
        self.path = masked(url)  # shown in messages
        connect_s = timeout_setting(ENV_CONNECT_TIMEOUT, CONNECT_TIMEOUT_S)
        self.statement_s = timeout_setting(ENV_STATEMENT_TIMEOUT, STATEMENT_TIMEOUT_S)
        self._fd: int | None = None  # the connection's socket, for the watchdog to cut
        self.watchdog = Watchdog(self.statement_s + GRACE_S, self._cut)
        try:
            self.conn = self._connect(url, connect_s)
        except BaseException:
            self.watchdog.stop()
            raise
        try:
            self._driver(
                f"SET statement_timeout = {int(self.statement_s * 1000)};"
                f" SET lock_timeout = '{LOCK_TIMEOUT}'"
            )
        except BaseException:
            self.close()
            raise

    def _connect(self, url: str, timeout: float) -> Any:
        dsn = libpq_uri(url)
        try:
            conn = psycopg2.connect(dsn, connect_timeout=max(1, math.ceil(timeout)))
        except psycopg2.ProgrammingError as exc:  # "invalid dsn": libpq could not read it
            raise UsageError(f"cannot read the database URL: {first_line(exc)}") from None
        except psycopg2.Error as exc:
            raise StoreUnavailable(
                f"cannot connect to {self.path}: {first_line(exc)}"
                f" (waited up to {timeout:g} s; {ENV_CONNECT_TIMEOUT} sets it)"
            ) from None
        conn.autocommit = True
        self._fd = conn.fileno()
        return conn

    def _cut(self) -> None:
        """Shut the socket down under the waiting driver, which then fails at once."""
        if self._fd is None:  # still connecting: connect_timeout bounds that
            return
        with socket.socket(fileno=os.dup(self._fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)

    def _unavailable(self, exc: BaseException | None) -> StoreUnavailable:
        if self.watchdog.fired:
            return StoreUnavailable(
                f"the server at {self.path} did not answer for {self.statement_s:g} s;"
                f" it may be stopped or overloaded ({ENV_STATEMENT_TIMEOUT} sets the limit)"
            )
        return StoreUnavailable(f"the store could not be used: {first_line(exc)}")

    # -- running SQL

    @contextmanager
    def _guarded(self) -> Iterator[Any]:
        """A cursor for one statement, watched, with the driver's errors told as rapport's."""
        if self.watchdog.fired:
            raise self._unavailable(None)
        try:
            with self.watchdog.watching():
                yield self.conn.cursor()
        except psycopg2.DataError as exc:
            if exc.pgcode == "22003":  # numeric_value_out_of_range, as SQLite's OverflowError
                raise OverflowError(first_line(exc)) from None
            raise
        except ValueError as exc:
            if "NUL" in str(exc):  # psycopg2 refuses it before sending
                raise UsageError(NUL) from None
            raise
        except _lost() as exc:
            raise self._unavailable(exc) from None

    def _execute(self, sql: str, params: dict[str, Any]) -> Any:
        check_values(params)
        with self._guarded() as cursor:
            if params:
                cursor.execute(pyformat(sql), params)
            else:  # no parameters: the driver leaves `%` alone
                cursor.execute(sql)
        return cursor

    def _driver(self, sql: str) -> None:
        """Statements sent as written (DDL with $$ bodies, BEGIN/COMMIT): no bind parsing."""
        with self._guarded() as cursor:
            cursor.execute(sql)

    def all(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        cursor = self._execute(sql, params)
        names = _names(cursor)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def tuples(self, sql: str, **params: Any) -> list[tuple]:
        return self._execute(sql, params).fetchall()

    def one(self, sql: str, **params: Any) -> dict[str, Any] | None:
        cursor = self._execute(sql, params)
        row = cursor.fetchone()
        return None if row is None else dict(zip(_names(cursor), row, strict=True))

    def value(self, sql: str, **params: Any) -> Any:
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0]

    def run(self, sql: str, **params: Any) -> int:
        if self.recorder is not None:
            count = self.recorder.run(sql, params)
            if count is not None:
                return count
        return self._execute(sql, params).rowcount

    def insert(self, sql: str, **params: Any) -> int:
        if self.recorder is not None:
            new_id = self.recorder.insert(sql, params)
            if new_id is not None:
                return new_id
        return self._execute(sql + " RETURNING id", params).fetchone()[0]

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        """One statement for many rows (bulk import): an INSERT's VALUES list holds a page
        of 1,000 rows per statement, anything else goes a page per round trip."""
        if rows:
            from psycopg2.extras import execute_batch, execute_values

            values = _values_form(sql)
            with self._guarded() as cursor:
                if values is None:
                    execute_batch(cursor, pyformat(sql), rows, page_size=PAGE)
                else:
                    execute_values(cursor, values[0], rows, template=values[1], page_size=PAGE)
            if self.recorder is not None:
                self.recorder.many(sql, rows)

    def script(self, statements: list[str]) -> None:
        for statement in statements:
            self._driver(statement)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[PostgresStore]:
        """All or nothing. READ COMMITTED: concurrent writers each add their own rows and
        only wait for one another on the same row (a lock, not a failure)."""
        self._driver("BEGIN" if write else "BEGIN READ ONLY")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        self._driver("COMMIT")

    def _rollback(self) -> None:
        if self.watchdog.fired:
            return  # the connection was cut: the server rolls back on its own
        # a lost connection was rolled back by the server; its error, not this one, is reported
        with suppress(psycopg2.Error), self.watchdog.watching():
            self.conn.cursor().execute("ROLLBACK")

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        self._driver(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException as exc:
            if isinstance(exc, StoreUnavailable):
                raise  # the connection is gone: there is no savepoint left to roll back to
            self._driver(f"ROLLBACK TO SAVEPOINT {name}")
            self._driver(f"RELEASE SAVEPOINT {name}")
            raise
        self._driver(f"RELEASE SAVEPOINT {name}")

    def after_commit(self, work) -> None:
        self._deferred.append(work)

    def run_deferred(self) -> None:
        """Best-effort writes after the command's own transaction (none today: the score
        cache is SQLite-only, see store/cache.py)."""
        work, self._deferred = self._deferred, []
        if not work:
            return
        try:
            with self.transaction():
                for job in work:
                    job(self)
        except (RapportError, psycopg2.Error):
            pass

    # -- what differs between engines, behind one name each

    def has_table(self, name: str) -> bool:
        # A scan of the catalog, not to_regclass(): its cached lookup can miss a table another
        # process created while we waited for the schema lock (an advisory lock does not
        # refresh the catalog cache), and the migration would then run twice.
        return bool(
            self.value(
                "SELECT count(*) FROM pg_catalog.pg_tables"
                " WHERE schemaname = current_schema() AND tablename = :n",
                n=name,
            )
        )

    def table_names(self) -> list[str]:
        return [
            r["table_name"]
            for r in self.all(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ]

    def columns(self, table: str) -> list[dict[str, Any]]:
        rows = self.all(
            "SELECT column_name, data_type, is_nullable, column_default, is_identity"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = :t ORDER BY ordinal_position",
            t=table,
        )
        return [
            {
                "name": r["column_name"],
                "type": r["data_type"].upper(),
                # as on SQLite, an id column counts as required (the importer fills it)
                "required": r["is_nullable"] == "NO" and r["column_default"] is None,
            }
            for r in rows
        ]

    def lock_schema(self) -> None:
        self.value("SELECT pg_advisory_xact_lock(:k)", k=SCHEMA_LOCK)

    def enable_wal(self) -> None:
        """SQLite's journal mode has no PostgreSQL counterpart: the server logs ahead itself."""

    def defer_foreign_keys(self) -> None:
        self._driver("SET CONSTRAINTS ALL DEFERRED")  # the schema declares them DEFERRABLE

    def broken_reference(self) -> str | None:
        try:
            with self.savepoint("check_references"):
                self._driver("SET CONSTRAINTS ALL IMMEDIATE")
        except psycopg2.IntegrityError as exc:
            diag = getattr(exc, "diag", None)
            table = getattr(diag, "table_name", None) or "a record"
            detail = (getattr(diag, "message_detail", None) or "").rstrip(".")
            return f"{table} ({detail})" if detail else table
        return None

    ids_from_sequence = True

    def next_ids(self, table: str, count: int) -> list[int]:
        """`count` new ids from the table's own sequence, as every other writer takes them:
        concurrent writers never get the same one (max(id) + 1 would collide)."""
        return [
            r[0]
            for r in self.tuples(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
                " FROM generate_series(1, :n)",
                n=count,
            )
        ]

    def last_id(self, table: str) -> int:
        """The last id the table's sequence handed out (0 before the first)."""
        return self.value(
            f"SELECT pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')::regclass)"
        ) or 0

    def backup_to(self, target: Any) -> None:
        raise UsageError(
            "backup copies a journal file; on PostgreSQL use pg_dump (see docs/team.md)"
        )

    def close(self) -> None:
        self.watchdog.stop()
        with suppress(psycopg2.Error, OSError):  # a cut connection closes with an error
            self.conn.close()
