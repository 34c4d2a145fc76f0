"""What the morning view reads: open promises coming due, whose contacts are shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapport.store.connection import Store
from rapport.store.journal import with_moves


def due_promises(store: Store, until: date) -> list[dict[str, Any]]:
    """Open promises and follow-ups of active contacts due by `until`, and those whose date
    was ever moved (a silent move leaves them judged by an earlier date), with their moves."""
    rows = store.all(
        "SELECT p.id, p.kind, p.direction, p.text, p.due, p.made_on, p.status, c.name AS contact,"
        " c.id AS contact_id FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " WHERE p.status = 'open' AND c.archived = 0 AND (p.due <= :until"
        " OR EXISTS (SELECT 1 FROM promise_moves m WHERE m.promise_id = p.id))"
        " ORDER BY p.due, p.id",
        until=until.isoformat(),
    )
    with_moves(store, rows)
    return rows


def owned_by(store: Store, owner: str, with_unowned: bool) -> set[int]:
    """Ids of the contacts `owner` owns; with_unowned adds those nobody owns yet (a journal
    brought over from SQLite), so that no contact drops out of every team member's view."""
    rows = store.tuples(
        "SELECT id FROM contacts WHERE owner = :owner"
        " OR (:unowned = 1 AND (owner IS NULL OR owner = ''))",
        owner=owner,
        unowned=int(with_unowned),
    )
    return {cid for (cid,) in rows}


def is_empty(store: Store) -> bool:
    return store.value("SELECT count(*) FROM contacts") == 0


def open_mine_late(
    store: Store, today: date, owner: str | None, with_unowned: bool
) -> list[dict[str, Any]]:
    """`due --check` in one query: my open promises of active contacts (of `owner`, when
    given) due before today or ever moved, each with its moves (a join, grouped here)."""
    rows = store.all(
        "SELECT p.id, p.kind, p.direction, p.text, p.due, p.made_on, p.status,"
        " c.name AS contact, c.id AS contact_id, m.old_due, m.new_due, m.moved_on, m.told,"
        " m.id AS move_id FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " LEFT JOIN promise_moves m ON m.promise_id = p.id"
        " WHERE p.status = 'open' AND p.kind = 'promise' AND p.direction = 'mine'"
        " AND c.archived = 0 AND (p.due < :today OR m.id IS NOT NULL)"
        " AND (CAST(:owner AS TEXT) IS NULL OR c.owner = :owner"
        " OR (:unowned = 1 AND c.owner IS NULL))"
        " ORDER BY p.due, p.id, m.id",
        today=today.isoformat(),
        owner=owner,
        unowned=int(with_unowned),
    )
    grouped: dict[int, dict[str, Any]] = {}
    move_keys = ("old_due", "new_due", "moved_on", "told")
    for row in rows:
        move = {k: row.pop(k) for k in move_keys}
        promise = grouped.setdefault(row["id"], {**row, "moves": []})
        if row.pop("move_id") is not None:
            promise["moves"].append(move)
    for promise in grouped.values():
        promise.pop("move_id", None)
    return list(grouped.values())
