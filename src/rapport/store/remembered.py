"""Dates to remember about a contact (birthdays, renewals): the SQL."""

from __future__ import annotations

from typing import Any

from rapport.errors import NotFound
from rapport.store.connection import Store

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
