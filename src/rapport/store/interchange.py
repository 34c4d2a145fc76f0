"""Reading every record for an export, and the live schema an import is checked against.
Writing an import's records is store/importing.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from rapport.interchange.records import TABLES, TYPES, Column, Schema
from rapport.store.connection import Store


def schema(store: Store) -> Schema:
    """The columns of every table a record can go to, as the live store has them."""
    found: Schema = {}
    for table in {*TABLES.values(), "promise_moves"}:
        found[table] = {c["name"]: Column(c["type"], c["required"]) for c in store.columns(table)}
    return found


def tables(store: Store) -> list[str]:
    return store.table_names()


def schema_version(store: Store) -> int:
    return store.value("SELECT max(id) FROM rapport_migrations") or 0


# ---------------------------------------------------------------- export


def contact_names(store: Store) -> dict[int, str]:
    return {r["id"]: r["name"] for r in store.all("SELECT id, name FROM contacts")}


def journal_rows(store: Store) -> Iterator[tuple[str, dict[str, Any], Any, Any]]:
    """(type, row, tags or None, moves or None) for every record, in export order."""
    contact_tags = _grouped(store, "SELECT contact_id, tag FROM contact_tags ORDER BY 1, 2")
    interaction_tags = _grouped(
        store, "SELECT interaction_id, tag FROM interaction_tags ORDER BY 1, 2"
    )
    moves: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for move in store.all("SELECT * FROM promise_moves ORDER BY promise_id, id"):
        moves[move["promise_id"]].append(move)
    for kind in TYPES:
        for row in _rows_of(store, kind):
            if kind == "contact":
                yield kind, row, contact_tags.get(row["id"], []), None
            elif kind == "interaction":
                yield kind, row, interaction_tags.get(row["id"], []), None
            elif kind in ("promise", "followup"):
                yield kind, row, None, moves.get(row["id"], [])
            else:
                yield kind, row, None, None


def _rows_of(store: Store, kind: str) -> list[dict[str, Any]]:
    if kind == "tag":
        return store.all("SELECT * FROM tags ORDER BY tag")
    if kind in ("promise", "followup"):
        return store.all("SELECT * FROM promises WHERE kind = :kind ORDER BY id", kind=kind)
    return store.all(f"SELECT * FROM {TABLES[kind]} ORDER BY id")


def _grouped(store: Store, sql: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for owner, tag in _tuples(store, sql):
        found[owner].append(tag)
    return found


def _tuples(store: Store, sql: str) -> list[tuple]:
    return store.tuples(sql)



def contacts_for_export(store: Store) -> list[dict[str, Any]]:
    tags = _grouped(store, "SELECT contact_id, tag FROM contact_tags ORDER BY 1, 2")
    rows = store.all("SELECT * FROM contacts ORDER BY id")
    return [{**r, "tags": tags.get(r["id"], [])} for r in rows]


def interactions_for_export(store: Store) -> list[dict[str, Any]]:
    tags = _grouped(store, "SELECT interaction_id, tag FROM interaction_tags ORDER BY 1, 2")
    rows = store.all(
        "SELECT i.*, c.name AS contact FROM interactions i JOIN contacts c ON c.id = i.contact_id"
        " ORDER BY i.id"
    )
    return [{**r, "tags": tags.get(r["id"], [])} for r in rows]


def promises_for_export(store: Store, open_only: bool = False) -> list[dict[str, Any]]:
    """Promises and follow-ups with their contact's name and how often the due date moved."""
    return store.all(
        "SELECT p.*, c.name AS contact,"
        " (SELECT count(*) FROM promise_moves m WHERE m.promise_id = p.id) AS moves"
        " FROM promises p JOIN contacts c ON c.id = p.contact_id"
        + (" WHERE p.status = 'open'" if open_only else "")
        + " ORDER BY p.id"
    )


def remembered_for_export(store: Store) -> list[dict[str, Any]]:
    return store.all(
        "SELECT r.*, c.name AS contact FROM remember r JOIN contacts c ON c.id = r.contact_id"
        " ORDER BY r.id"
    )
