"""Dates to remember, recurring promise series and tag cadences: the SQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport import people
from rapport.errors import NotFound
from rapport.store.connection import Store

# --- dates to remember ---------------------------------------------------------------------

_DATE_COLUMNS = (
    "r.id, r.contact_id, c.name AS contact, r.label, r.on_date, r.yearly"
    " FROM remember r JOIN contacts c ON c.id = r.contact_id"
)


def add_date(store: Store, contact_id: int, label: str, on_date: str, yearly: bool) -> int:
    return store.insert(
        "INSERT INTO remember (contact_id, label, on_date, yearly, created_by)"
        " VALUES (:cid, :label, :on_date, :yearly, :by)",
        cid=contact_id,
        label=label,
        on_date=on_date,
        yearly=int(yearly),
        by=store.user,
    )


def get_date(store: Store, date_id: int) -> dict[str, Any]:
    row = store.one(f"SELECT {_DATE_COLUMNS} WHERE r.id = :id", id=date_id)
    if row is None:
        raise NotFound(
            f"there is no date to remember with id {date_id}; `rapport dates` lists the ids"
        )
    return row


def delete_date(store: Store, date_id: int) -> None:
    store.run("DELETE FROM remember WHERE id = :id", id=date_id)


def dates_of(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        f"SELECT {_DATE_COLUMNS} WHERE r.contact_id = :cid ORDER BY r.id", cid=contact_id
    )


def active_dates(store: Store) -> list[dict[str, Any]]:
    """Every date to remember of a contact that is not archived."""
    return store.all(f"SELECT {_DATE_COLUMNS} WHERE c.archived = 0 ORDER BY r.id")


# --- recurring promises --------------------------------------------------------------------


def start_series(store: Store, promise_id: int, every: str, after_done: bool) -> None:
    """The first occurrence names the series: series_id is its own id."""
    store.run(
        "UPDATE promises SET series_id = id, every = :every, after_done = :after WHERE id = :id",
        every=every,
        after=int(after_done),
        id=promise_id,
    )


def add_occurrence(store: Store, now: datetime, row: dict[str, Any], due: date, on: date) -> int:
    """The next promise of `row`'s series, made on the day the previous one was closed."""
    return store.insert(
        "INSERT INTO promises (contact_id, kind, direction, text, made_on, due, series_id,"
        " every, after_done, created_at, created_by) VALUES (:cid, :kind, :direction, :text,"
        " :made_on, :due, :series, :every, :after, :created_at, :by)",
        cid=row["contact_id"],
        kind=row["kind"],
        direction=row["direction"],
        text=row["text"],
        made_on=on.isoformat(),
        due=due.isoformat(),
        series=row["series_id"],
        every=row["every"],
        after=row["after_done"],
        created_at=now.isoformat(),
        by=store.user,
    )


def scheduled_due(store: Store, promise_id: int) -> date:
    """The due date a promise had before any `move`: its place in the series' schedule."""
    first = store.value(
        "SELECT old_due FROM promise_moves WHERE promise_id = :id ORDER BY id LIMIT 1",
        id=promise_id,
    )
    due = first or store.value("SELECT due FROM promises WHERE id = :id", id=promise_id)
    return date.fromisoformat(due)


# --- tag cadences --------------------------------------------------------------------------


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
            days, tag = people.cadence(row[column], [(t["tag"], t[column]) for t in tags])
            row[column], row[label] = days, tag
    return [row for row in rows if row["every_days"] is not None or contact_id is not None]


def _one_contact(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        "SELECT id AS contact_id, name AS contact, every_days, at_most_days FROM contacts"
        " WHERE id = :id",
        id=contact_id,
    )


# --- suggestions ---------------------------------------------------------------------------


def recently_active(store: Store, limit: int) -> list[int]:
    """Active contacts with the most recent interactions: where trust moves soonest."""
    rows = store.all(
        "SELECT c.id FROM contacts c JOIN interactions i ON i.contact_id = c.id"
        " WHERE c.archived = 0 GROUP BY c.id ORDER BY max(i.at) DESC LIMIT :limit",
        limit=limit,
    )
    return [r["id"] for r in rows]
