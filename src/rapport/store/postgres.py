"""Team mode: the journal on a shared PostgreSQL server, through SQLAlchemy Core.

The same SQL text with `:named` parameters as the SQLite store (store/connection.py), run by
`text()`, with the same methods, so feature modules never know which engine they talk to.
Imported only when RAPPORT_DB is a postgresql:// URL: SQLAlchemy costs ~200 ms of import,
which the hot commands on SQLite must not pay.

The connection runs in autocommit mode and `transaction()` sends BEGIN/COMMIT itself, as the
SQLite store does: queries outside a transaction (the migration check) see committed data
and never leave a transaction open on a shared server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from rapport.errors import RapportError, UsageError
from rapport.store.connection import current_user

try:
    import sqlalchemy
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.pool import NullPool
except ImportError:  # pragma: no cover - depends on the install
    sqlalchemy = None  # type: ignore[assignment]

SCHEMA_LOCK = 7_274_637  # pg_advisory_xact_lock key: one migrating process at a time
LOCK_TIMEOUT = "60s"  # like SQLite's busy timeout: wait for a busy row, then say so


class StoreUnavailable(RapportError):
    """The server refused or dropped us: one line, exit 1."""


def _missing_driver() -> UsageError:
    return UsageError(
        "a postgresql:// journal needs the PostgreSQL driver; "
        "install it with: pip install 'rapport[postgres]'"
    )


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


_NUL = "PostgreSQL cannot store the NUL character (\\0) in text; remove it and try again"
_INT64 = 2**63


def _check_values(params: dict[str, Any]) -> None:
    """Refuse what SQLite's driver refuses, the same way: integers past 64 bits overflow
    (psycopg would send them as numeric and compare them without a word)."""
    for value in params.values():
        if type(value) is int and not -_INT64 <= value < _INT64:
            raise OverflowError("int too large for a 64-bit column")
        if type(value) is str and "\x00" in value:
            raise UsageError(_NUL)


class PostgresStore:
    """One open journal on PostgreSQL. Queries are SQL text with :named parameters."""

    dialect = "postgresql"

    def __init__(self, url: str):
        if sqlalchemy is None:
            raise _missing_driver()
        self.IntegrityError = sa_exc.IntegrityError
        self.user = current_user()
        self.recorder: Any = None  # store/history.py, while a write command records for undo
        self._deferred: list = []
        try:
            parsed = sqlalchemy.engine.make_url(url)
            if parsed.drivername in ("postgresql", "postgres"):
                parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
            self.path = parsed.render_as_string(hide_password=True)  # shown in messages
            self.engine = sqlalchemy.create_engine(
                parsed, poolclass=NullPool, isolation_level="AUTOCOMMIT"
            )
            self.conn = self.engine.connect()
        except ImportError:
            raise _missing_driver() from None
        except sa_exc.ArgumentError as exc:
            raise UsageError(f"cannot read the database URL: {_first_line(exc)}") from None
        except sa_exc.DBAPIError as exc:
            raise StoreUnavailable(
                f"cannot connect to {self.path}: {_first_line(exc)}"
            ) from None
        self._driver("SET lock_timeout = '" + LOCK_TIMEOUT + "'")

    # -- running SQL

    def _execute(self, sql: str, params: Any = None) -> Any:
        if isinstance(params, dict):
            _check_values(params)
        try:
            return self.conn.execute(sqlalchemy.text(sql), params or {})
        except sa_exc.DataError as exc:
            if "out of range" in str(exc.orig):  # as SQLite's OverflowError: a usage error
                raise OverflowError(_first_line(exc)) from None
            if "NUL" in str(exc.orig):
                raise UsageError(_NUL) from None
            raise
        except sa_exc.OperationalError as exc:
            raise StoreUnavailable(f"the store could not be used: {_first_line(exc)}") from None

    def _driver(self, sql: str) -> None:
        """Statements sent as written (DDL with $$ bodies, BEGIN/COMMIT): no bind parsing."""
        try:
            self.conn.exec_driver_sql(sql)
        except sa_exc.OperationalError as exc:
            raise StoreUnavailable(f"the store could not be used: {_first_line(exc)}") from None

    def all(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return [dict(row) for row in self._execute(sql, params).mappings()]

    def tuples(self, sql: str, **params: Any) -> list[tuple]:
        return [tuple(row) for row in self._execute(sql, params)]

    def one(self, sql: str, **params: Any) -> dict[str, Any] | None:
        row = self._execute(sql, params).mappings().first()
        return None if row is None else dict(row)

    def value(self, sql: str, **params: Any) -> Any:
        row = self._execute(sql, params).first()
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
        return self._execute(sql + " RETURNING id", params).scalar_one()

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._execute(sql, rows)
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
        with suppress(sa_exc.DBAPIError):  # a lost connection was rolled back by the server
            self.conn.exec_driver_sql("ROLLBACK")

    @contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        self._driver(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
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
        except (StoreUnavailable, sa_exc.DBAPIError):
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
        except sa_exc.IntegrityError as exc:
            diag = getattr(exc.orig, "diag", None)
            table = getattr(diag, "table_name", None) or "a record"
            detail = (getattr(diag, "message_detail", None) or "").rstrip(".")
            return f"{table} ({detail})" if detail else table
        return None

    def sync_ids(self, tables: list[str]) -> None:
        """Rows inserted with explicit ids leave an identity's sequence behind: move it past."""
        for table in tables:
            self.value(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )

    def backup_to(self, target: Any) -> None:
        raise UsageError(
            "backup copies a journal file; on PostgreSQL use pg_dump (see docs/team.md)"
        )

    def close(self) -> None:
        self.conn.close()
        self.engine.dispose()
