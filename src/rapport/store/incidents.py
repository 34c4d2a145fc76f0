"""Incidents: something that went wrong with a client, and whether it was put right."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport.errors import NotFound, UsageError
from rapport.store.connection import Store


def add_incident(
    store: Store, contact_id: int, at: datetime, text: str, owned: bool, told_first: bool
) -> int:
    if not text.strip():
        raise UsageError("say what went wrong, e.g. rapport incident acme 'missed the deadline'")
    return store.insert(
        "INSERT INTO incidents (contact_id, at, text, owned, told_first, created_by)"
        " VALUES (:cid, :at, :text, :owned, :told, :by)",
        cid=contact_id,
        at=at.isoformat(),
        text=text.strip(),
        owned=int(owned),
        told=int(told_first),
        by=store.user,
    )


def resolve_incident(store: Store, incident_id: int, on: date) -> dict[str, Any]:
    row = store.one(
        "SELECT i.*, c.name AS contact FROM incidents i JOIN contacts c ON c.id = i.contact_id"
        " WHERE i.id = :id",
        id=incident_id,
    )
    if row is None:
        raise NotFound(f"there is no incident with id {incident_id}; rapport show NAME lists them")
    if row["resolved_on"]:
        raise UsageError(f"incident {incident_id} was already resolved on {row['resolved_on']}")
    store.run(
        "UPDATE incidents SET resolved_on = :on WHERE id = :id", on=on.isoformat(), id=incident_id
    )
    return {**row, "resolved_on": on.isoformat()}
