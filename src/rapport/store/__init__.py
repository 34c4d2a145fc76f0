"""The store: the journal's engine, schema, migrations and queries. No other layer holds SQL."""

from __future__ import annotations

from datetime import datetime

from rapport.store.connection import Store, locate
from rapport.store.migrations import migrate


def open_store(db: str | None, now: datetime) -> Store:
    """Open (creating on first use) and migrate the journal named by --db / RAPPORT_DB."""
    import sqlite3

    from rapport.errors import RapportError

    store = Store(locate(db))
    try:
        migrate(store, now.isoformat())
    except sqlite3.DatabaseError as exc:
        store.close()
        raise RapportError(f"{store.path} is not a usable rapport journal: {exc}") from None
    return store


__all__ = ["Store", "open_store"]
