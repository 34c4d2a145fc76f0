"""What the morning view reads: open promises coming due, whose contacts are shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapport.store.connection import Store


def due_promises(store: Store, until: date) -> list[dict[str, Any]]:
    """Open promises and follow-ups of active contacts due by `until` (index: status, due)."""
    return store.all(
        "SELECT p.id, p.kind, p.direction, p.text, p.due, p.made_on, c.name AS contact,"
        " c.id AS contact_id FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " WHERE p.status = 'open' AND p.due <= :until AND c.archived = 0"
        " ORDER BY p.due, p.id",
        until=until.isoformat(),
    )


def owned_by(store: Store, owner: str, with_unowned: bool) -> set[int]:
    """Ids of the contacts `owner` owns; with_unowned adds those nobody owns yet (a journal
    brought over from SQLite), so that no contact drops out of every team member's view."""
    rows = store.tuples(
        "SELECT id FROM contacts WHERE owner = :owner OR (:unowned = 1 AND owner IS NULL)",
        owner=owner,
        unowned=int(with_unowned),
    )
    return {cid for (cid,) in rows}


def is_empty(store: Store) -> bool:
    return store.value("SELECT count(*) FROM contacts") == 0
