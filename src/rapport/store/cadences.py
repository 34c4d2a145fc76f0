"""Stay-in-touch cadences: a tag's, and each contact's effective one (own, else its tags')."""

from __future__ import annotations

from typing import Any

from rapport import remembering
from rapport.store.connection import Store


def get_tag(store: Store, tag: str) -> dict[str, Any]:
    row = store.one("SELECT tag, every_days, at_most_days FROM tags WHERE tag = :tag", tag=tag)
    counts = store.one(
        "SELECT count(*) AS contacts, count(c.every_days) AS own_every"
        " FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id"
        " WHERE ct.tag = :tag AND c.archived = 0",
        tag=tag,
    )
    base = row or {"tag": tag, "every_days": None, "at_most_days": None}
    return {**base, **(counts or {"contacts": 0, "own_every": 0})}


def set_tag(store: Store, tag: str, fields: dict[str, Any]) -> None:
    """Set the given cadence fields ('' clears one); other fields keep their value."""
    store.run("INSERT INTO tags (tag) VALUES (:tag) ON CONFLICT DO NOTHING", tag=tag)
    for column in ("every_days", "at_most_days"):
        if fields.get(column) is not None:
            store.run(
                f"UPDATE tags SET {column} = :value WHERE tag = :tag",
                value=None if fields[column] == "" else fields[column],
                tag=tag,
            )


def cadence_contacts(store: Store) -> list[dict[str, Any]]:
    """Active contacts with a cadence of their own or from a tag, with their last interaction."""
    return store.all(
        "SELECT c.id AS contact_id, c.name AS contact, c.every_days, c.at_most_days,"
        " c.created_at, (SELECT max(i.at) FROM interactions i WHERE i.contact_id = c.id)"
        " AS last_at FROM contacts c WHERE c.archived = 0 AND (c.every_days IS NOT NULL"
        " OR EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.tag = ct.tag"
        " WHERE ct.contact_id = c.id AND t.every_days IS NOT NULL))"
    )


def tag_cadences(store: Store, contact_id: int | None = None) -> list[dict[str, Any]]:
    """(contact_id, tag, every_days, at_most_days) for each tag that sets a cadence."""
    return store.all(
        "SELECT ct.contact_id, t.tag, t.every_days, t.at_most_days FROM contact_tags ct"
        " JOIN tags t ON t.tag = ct.tag WHERE (t.every_days IS NOT NULL"
        " OR t.at_most_days IS NOT NULL) AND (CAST(:cid AS INTEGER) IS NULL"
        " OR ct.contact_id = :cid)"
        " ORDER BY ct.contact_id, t.tag",
        cid=contact_id,
    )


def with_cadence(store: Store, contact_id: int | None = None) -> list[dict[str, Any]]:
    """Contacts with their effective cadence: each setting their own, else their tags' shortest.

    Adds every_tag / at_most_tag: the tag a setting came from (None when it is their own).
    """
    rows = cadence_contacts(store) if contact_id is None else _one_contact(store, contact_id)
    by_contact: dict[int, list[dict[str, Any]]] = {}
    for tag in tag_cadences(store, contact_id):
        by_contact.setdefault(tag["contact_id"], []).append(tag)
    for row in rows:
        tags = by_contact.get(row["contact_id"], [])
        for column, label in (("every_days", "every_tag"), ("at_most_days", "at_most_tag")):
            days, tag = remembering.cadence(row[column], [(t["tag"], t[column]) for t in tags])
            row[column], row[label] = days, tag
    return [row for row in rows if row["every_days"] is not None or contact_id is not None]


def _one_contact(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        "SELECT id AS contact_id, name AS contact, every_days, at_most_days FROM contacts"
        " WHERE id = :id",
        id=contact_id,
    )
