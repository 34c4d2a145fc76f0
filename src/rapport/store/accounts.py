"""What the trust model reads beyond promises: incidents, expectations, handovers."""

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


def add_expectation(store: Store, contact_id: int, at: datetime, text: str, agreed: bool) -> int:
    if not text.strip():
        raise UsageError("say what the client expects, e.g. 'weekly status email on Fridays'")
    return store.insert(
        "INSERT INTO expectations (contact_id, at, text, agreed, created_by)"
        " VALUES (:cid, :at, :text, :agreed, :by)",
        cid=contact_id,
        at=at.isoformat(),
        text=text.strip(),
        agreed=int(agreed),
        by=store.user,
    )


def add_handover(
    store: Store, contact_id: int, at: datetime, to_owner: str, introduced: bool, three_way: bool
) -> dict[str, Any]:
    to_owner = to_owner.strip()
    if not to_owner:
        raise UsageError("--to needs the new owner's name")
    previous = store.value("SELECT owner FROM contacts WHERE id = :id", id=contact_id)
    if previous == to_owner:
        raise UsageError(f"{to_owner} already owns this contact")
    hid = store.insert(
        "INSERT INTO handovers (contact_id, at, from_owner, to_owner, introduced, three_way,"
        " created_by) VALUES (:cid, :at, :from_owner, :to_owner, :introduced, :three_way, :by)",
        cid=contact_id,
        at=at.isoformat(),
        from_owner=previous,
        to_owner=to_owner,
        introduced=int(introduced),
        three_way=int(three_way),
        by=store.user,
    )
    store.run("UPDATE contacts SET owner = :owner WHERE id = :id", owner=to_owner, id=contact_id)
    return {"id": hid, "from_owner": previous, "to_owner": to_owner}


def incidents_of(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        "SELECT * FROM incidents WHERE contact_id = :id ORDER BY at DESC, id DESC", id=contact_id
    )


def expectations_of(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        "SELECT * FROM expectations WHERE contact_id = :id ORDER BY at, id", id=contact_id
    )


def handovers_of(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all(
        "SELECT * FROM handovers WHERE contact_id = :id ORDER BY at, id", id=contact_id
    )
