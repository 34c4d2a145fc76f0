"""Lists across the journal that corrections and `rapport promises` read: every promise and
follow-up with its moves, a contact's incidents and expectations with their state, and the
client's signs of trust."""

from __future__ import annotations

from typing import Any

from rapport.store.connection import Store
from rapport.store.journal import moves_of
from rapport.store.signs import signs_of

PROMISE_STATES = ("open", "done", "all")


def promises(
    store: Store, contact_id: int | None, direction: str | None, state: str
) -> list[dict[str, Any]]:
    """Every promise and follow-up (of one contact, one direction, open or closed), with its
    moves: not only those due soon, as `due` shows."""
    rows = store.all(
        "SELECT p.id, p.kind, p.direction, p.text, p.made_on, p.due, p.status, p.done_on,"
        " p.closed_on, p.reason, p.dropped_reason, p.interaction_id, c.id AS contact_id,"
        " c.name AS contact FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " WHERE (CAST(:cid AS INTEGER) IS NULL OR p.contact_id = :cid)"
        " AND (CAST(:dir AS TEXT) IS NULL OR (p.kind = 'promise' AND p.direction = :dir))"
        " AND (:state = 'all' OR (:state = 'open' AND p.status = 'open')"
        " OR (:state = 'done' AND p.status <> 'open'))"
        " ORDER BY p.status <> 'open', p.due, p.id",
        cid=contact_id,
        dir=direction,
        state=state,
    )
    moves = moves_of(store, [r["id"] for r in rows])
    for row in rows:
        row["moves"] = moves[row["id"]]
    return rows


def incidents_and_expectations(store: Store, contact_id: int) -> dict[str, list[dict]]:
    """A contact's incidents (newest first, resolved ones too), expectations and the
    client's signs of trust (newest first)."""
    return {
        "incidents": store.all(
            "SELECT id, at, text, owned, told_first, resolved_on FROM incidents"
            " WHERE contact_id = :id ORDER BY at DESC, id DESC",
            id=contact_id,
        ),
        "expectations": store.all(
            "SELECT id, at, text, agreed FROM expectations WHERE contact_id = :id"
            " ORDER BY at DESC, id DESC",
            id=contact_id,
        ),
        "signs": signs_of(store, contact_id),
    }
