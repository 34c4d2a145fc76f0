"""One contact's history, for `show`: profile, interactions, promises with their moves."""

from __future__ import annotations

from typing import Any

from rapport.store.connection import Store
from rapport.store.contacts import get as get_contact
from rapport.store.journal import with_moves


def timeline(store: Store, contact_id: int) -> dict[str, Any]:
    contact = get_contact(store, contact_id)
    interactions = store.all(
        "SELECT id, at, channel, summary, minutes, planned, tone, thanked, asked_advice"
        " FROM interactions WHERE contact_id = :id ORDER BY at DESC, id DESC",
        id=contact_id,
    )
    _attach_interaction_tags(store, contact_id, interactions)
    handovers = store.all(
        "SELECT id, at, from_owner, to_owner, introduced, three_way, created_by FROM handovers"
        " WHERE contact_id = :id ORDER BY at DESC, id DESC",
        id=contact_id,
    )
    promises = store.all(
        "SELECT id, kind, direction, text, made_on, due, status, done_on, closed_on, reason"
        " FROM promises WHERE contact_id = :id ORDER BY due DESC, id DESC",
        id=contact_id,
    )
    with_moves(store, promises)
    return {
        "contact": contact,
        "interactions": interactions,
        "promises": promises,
        "handovers": handovers,
    }


def _attach_interaction_tags(
    store: Store, contact_id: int, interactions: list[dict[str, Any]]
) -> None:
    by_id = {row["id"]: row for row in interactions}
    for row in interactions:
        row["tags"] = []
    rows = store.all(
        "SELECT t.interaction_id, t.tag FROM interaction_tags t JOIN interactions i"
        " ON i.id = t.interaction_id WHERE i.contact_id = :id ORDER BY t.tag",
        id=contact_id,
    )
    for row in rows:
        by_id[row["interaction_id"]]["tags"].append(row["tag"])
