"""The SQL of calendar capture: the contacts a meeting can match, the interactions already
captured (by the event key in `external_id`), and updating one in place. The rules are in
rapport.app.calendar; new interactions go in through store.journal, as `rapport log`'s do."""

from __future__ import annotations

from typing import Any

from rapport.store.connection import Store

CAPTURED = ("at", "summary", "minutes", "planned", "channel")  # what an import may update


def contacts_to_match(store: Store) -> list[dict[str, Any]]:
    return store.all("SELECT id, name, email FROM contacts WHERE archived = 0 ORDER BY id")


def captured(store: Store) -> dict[tuple[int, str], dict[str, Any]]:
    """(contact id, event key) -> the interaction captured from that event before."""
    rows = store.all(
        f"SELECT id, contact_id, external_id, {', '.join(CAPTURED)}"
        " FROM interactions WHERE external_id IS NOT NULL"
    )
    return {(r["contact_id"], r["external_id"]): r for r in rows}


def update_captured(store: Store, interaction_id: int, values: dict[str, Any]) -> None:
    store.run(
        "UPDATE interactions SET at = :at, summary = :summary, minutes = :minutes,"
        " planned = :planned, channel = :channel WHERE id = :id",
        id=interaction_id,
        **{c: values[c] for c in CAPTURED},
    )
