"""The store: the journal's engine, schema, migrations and queries. No other layer holds SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.store.connection import Store, database, is_postgres, locate, masked
from rapport.store.migrations import migrate


def open_store(db: str | None, now: datetime, create: bool = True) -> Any:
    """Open (creating on first use unless `create` is False) and migrate the journal named by
    --db / RAPPORT_DB: a file (SQLite, the stdlib driver) or a postgresql:// URL (team mode,
    SQLAlchemy). Read-only commands pass create=False: a typo in a path is not a new journal."""
    url = database(db)
    if is_postgres(url):
        from rapport.store.postgres import PostgresStore  # lazy: SQLAlchemy is heavy

        store = PostgresStore(url)
        try:
            if not create and not store.has_table("rapport_migrations"):
                raise _missing(masked(url))  # an empty schema: a typo'd URL is not a journal
            migrate(store, now.isoformat())
        except BaseException:
            store.close()
            raise
        return store
    return _open_sqlite(db, now, create)


def _open_sqlite(db: str | None, now: datetime, create: bool) -> Store:
    import sqlite3

    from rapport.errors import RapportError
    from rapport.store.connection import DAMAGED, damaged
    from rapport.store.files import sweep

    path = locate(db)
    if not create and str(path) != ":memory:" and not path.exists():
        raise _missing(str(path))
    store = Store(path)
    if not store.read_only:
        sweep(path.parent)  # temp copies a killed backup or restore left behind
    try:
        migrate(store, now.isoformat())
    except sqlite3.DatabaseError as exc:
        store.close()
        if getattr(exc, "sqlite_errorname", "") in DAMAGED:
            raise damaged(path, exc) from None
        raise RapportError(f"{store.path} is not a usable rapport journal: {exc}") from None
    except BaseException:
        store.close()
        raise
    return store


def _missing(where: str) -> Exception:
    from rapport.errors import RapportError

    return RapportError(f"no journal at {where}; start one with `rapport add NAME`")


__all__ = ["Store", "open_store"]
