"""The client's signs of trust: asked advice, referred someone, shared plans early, ..."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.store.connection import Store


def add_sign(
    store: Store,
    contact_id: int,
    at: datetime,
    kind: str,
    note: str | None = None,
    interaction_id: int | None = None,
) -> dict[str, Any]:
    sid = store.insert(
        "INSERT INTO signs (contact_id, at, kind, note, interaction_id, created_by)"
        " VALUES (:cid, :at, :kind, :note, :iid, :by)",
        cid=contact_id,
        at=at.isoformat(),
        kind=kind,
        note=(note or "").strip() or None,
        iid=interaction_id,
        by=store.user,
    )
    return {"id": sid, "at": at.isoformat(), "kind": kind, "note": (note or "").strip() or None}


def signs_of(store: Store, contact_id: int) -> list[dict[str, Any]]:
    return store.all("SELECT * FROM signs WHERE contact_id = :id ORDER BY at, id", id=contact_id)
