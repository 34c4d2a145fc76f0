"""Contacts: create, change, archive, find, list; whom a contact replaced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport import names
from rapport.errors import NotFound, UsageError
from rapport.names import clean_name, clean_tag
from rapport.store.connection import Store

FIELDS = (
    "org",
    "email",
    "phone",
    "channel",
    "style",
    "attitude",
    "every_days",
    "at_most_days",
    "notes",
    "owner",
)


def name_key(name: str) -> str:
    return name.strip().casefold()


def _refuse_taken(store: Store, name: str, except_id: int | None = None) -> None:
    row = store.one("SELECT id, name FROM contacts WHERE name_key = :key", key=name_key(name))
    if row and row["id"] != except_id:
        raise UsageError(
            f"a contact named '{row['name']}' already exists; use it, or choose a different name"
        )


def add(store: Store, now: datetime, name: str, fields: dict[str, Any], tags: list[str]) -> int:
    name = clean_name(name)
    _refuse_taken(store, name)
    if fields.get("owner") is None and store.dialect != "sqlite":
        fields = {**fields, "owner": store.user}  # team mode: a new contact is its creator's
    columns = {k: v for k, v in fields.items() if k in FIELDS and v is not None}
    if columns.get("owner") == "":
        del columns["owner"]  # --owner '': nobody's yet
    cols = ", ".join(["name", "name_key", "created_at", "created_by", *columns])
    params = ", ".join(
        [":name", ":name_key", ":created_at", ":created_by", *(f":{c}" for c in columns)]
    )
    contact_id = store.insert(
        f"INSERT INTO contacts ({cols}) VALUES ({params})",
        name=name,
        name_key=name_key(name),
        created_at=now.isoformat(),
        created_by=store.user,
        **columns,
    )
    add_tags(store, contact_id, tags)
    return contact_id


def add_tags(store: Store, contact_id: int, tags: list[str]) -> None:
    for tag in tags:
        store.run(
            "INSERT INTO contact_tags (contact_id, tag) VALUES (:id, :tag) ON CONFLICT DO NOTHING",
            id=contact_id,
            tag=clean_tag(tag),
        )


def remove_tags(store: Store, contact_id: int, tags: list[str]) -> None:
    for tag in tags:
        store.run(
            "DELETE FROM contact_tags WHERE contact_id = :id AND tag = :tag",
            id=contact_id,
            tag=clean_tag(tag),
        )


def update(store: Store, contact_id: int, fields: dict[str, Any]) -> None:
    """Set the given fields; a value of '' clears a text field."""
    for column, value in fields.items():
        if column not in FIELDS or value is None:
            continue
        store.run(
            f"UPDATE contacts SET {column} = :value WHERE id = :id",
            value=None if value == "" else value,
            id=contact_id,
        )


def rename(store: Store, contact_id: int, new_name: str) -> str:
    new_name = clean_name(new_name)
    _refuse_taken(store, new_name, except_id=contact_id)
    store.run(
        "UPDATE contacts SET name = :name, name_key = :key WHERE id = :id",
        name=new_name,
        key=name_key(new_name),
        id=contact_id,
    )
    return new_name


def set_archived(store: Store, contact_id: int, archived: bool) -> None:
    store.run("UPDATE contacts SET archived = :a WHERE id = :id", a=int(archived), id=contact_id)


def resolve(store: Store, query: str) -> names.Match:
    """Find the contact meant by `query`; the SQL fast path serves the common exact case."""
    row = store.one("SELECT id, name FROM contacts WHERE name_key = :key", key=name_key(query))
    if row:
        return names.Match(row["id"], row["name"], "exact")
    candidates = [
        (cid, name, org) for cid, name, org in store.tuples("SELECT id, name, org FROM contacts")
    ]
    if not candidates:
        raise NotFound(
            f"no contact named '{query}': the journal is empty; add one with rapport add NAME"
        )
    return names.resolve(query, candidates)


def get(store: Store, contact_id: int) -> dict[str, Any]:
    row = store.one("SELECT * FROM contacts WHERE id = :id", id=contact_id)
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    row["tags"] = tags_of(store, contact_id)
    return row


def tags_of(store: Store, contact_id: int) -> list[str]:
    rows = store.all(
        "SELECT tag FROM contact_tags WHERE contact_id = :id ORDER BY tag", id=contact_id
    )
    return [r["tag"] for r in rows]


def active_ids(store: Store) -> list[int]:
    return [r["id"] for r in store.all("SELECT id FROM contacts WHERE archived = 0 ORDER BY id")]


def names_read_only(db: str | None) -> list[str]:
    """Every contact's name without creating, migrating or locking anything (for completion)."""
    import sqlite3

    from rapport.store.connection import database, is_postgres, locate

    if is_postgres(database(db)):
        from rapport.store.postgres import PostgresStore

        store = PostgresStore(database(db))
        try:
            if not store.has_table("contacts"):
                return []
            return [r["name"] for r in store.all("SELECT name FROM contacts ORDER BY name")]
        finally:
            store.close()
    path = locate(db).resolve()
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM contacts ORDER BY name")]
    finally:
        conn.close()


def overview(store: Store, include_archived: bool) -> list[dict[str, Any]]:
    # Grouped once over the open promises and the interactions, then joined: one pass each,
    # not four correlated lookups for each of thousands of contacts.
    return store.all(
        "SELECT c.id, c.name, c.org, c.channel, c.every_days, c.archived, i.last_at,"
        " coalesce(p.open_mine, 0) AS open_mine, coalesce(p.open_theirs, 0) AS open_theirs,"
        " p.next_due FROM contacts c"
        " LEFT JOIN (SELECT contact_id, max(at) AS last_at FROM interactions"
        "   GROUP BY contact_id) i ON i.contact_id = c.id"
        " LEFT JOIN (SELECT contact_id,"
        "   sum(CASE WHEN kind = 'promise' AND direction = 'mine' THEN 1 ELSE 0 END) AS open_mine,"
        "   sum(CASE WHEN kind = 'promise' AND direction = 'theirs' THEN 1 ELSE 0 END)"
        "     AS open_theirs,"
        "   min(CASE WHEN direction = 'mine' THEN due END) AS next_due"
        "   FROM promises WHERE status = 'open' GROUP BY contact_id) p ON p.contact_id = c.id"
        " WHERE c.archived = 0 OR :all = 1 ORDER BY c.name_key",
        all=int(include_archived),
    )


def recently_active(store: Store, limit: int) -> list[int]:
    """Active contacts with the most recent interactions: where trust moves soonest."""
    rows = store.all(
        "SELECT c.id FROM contacts c JOIN interactions i ON i.contact_id = c.id"
        " WHERE c.archived = 0 GROUP BY c.id ORDER BY max(i.at) DESC LIMIT :limit",
        limit=limit,
    )
    return [r["id"] for r in rows]


def set_replaces(store: Store, contact_id: int, predecessor_id: int | None) -> None:
    """Record whom the contact replaced at the client; nothing of theirs is copied over."""
    if predecessor_id is not None:
        _refuse_loop(store, contact_id, predecessor_id)
    store.run(
        "UPDATE contacts SET replaces_id = :pid WHERE id = :id", pid=predecessor_id, id=contact_id
    )


def _refuse_loop(store: Store, contact_id: int, predecessor_id: int) -> None:
    if predecessor_id == contact_id:
        raise UsageError("a contact can't replace themselves; name the person they took over from")
    seen, current = {contact_id}, predecessor_id
    while current is not None:  # walk up the predecessors; meeting the contact is a loop
        if current in seen:
            raise UsageError(
                f"'{_name_of(store, predecessor_id)}' already follows"
                f" '{_name_of(store, contact_id)}'"
                " in the chain of replacements; fix that one first with --replaces ''"
            )
        seen.add(current)
        current = store.value("SELECT replaces_id FROM contacts WHERE id = :id", id=current)


def _name_of(store: Store, contact_id: int) -> str | None:
    return store.value("SELECT name FROM contacts WHERE id = :id", id=contact_id)
