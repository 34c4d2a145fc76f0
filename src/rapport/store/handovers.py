"""Handovers: a contact passing from one owner to another."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.errors import UsageError
from rapport.store.connection import Store


def add_handover(
    store: Store, contact_id: int, at: datetime, to_owner: str, introduced: bool, three_way: bool
) -> dict[str, Any]:
    to_owner = to_owner.strip()
    if not to_owner:
        raise UsageError("--to needs the new owner's name")
    # No owner recorded (a solo journal): the contact was mine, so the handover is from me.
    previous = store.value("SELECT owner FROM contacts WHERE id = :id", id=contact_id)
    previous = previous or store.user
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
