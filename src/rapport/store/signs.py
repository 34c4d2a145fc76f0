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


def signs_of(store: Store, contact_id: int, limit: int | None = None) -> list[dict[str, Any]]:
    """Every sign of trust of a contact, newest first: those recorded as signs (`sign`,
    `log --referral`) and the interactions logged with --asked-advice, as scoring reads
    them. A sign has its `id`; one from --asked-advice has `id` None and the interaction's
    summary as its note."""
    rows = store.all(
        "SELECT id, at, kind, note, interaction_id FROM signs WHERE contact_id = :id"
        " UNION ALL SELECT NULL, at, 'asked-advice', summary, id FROM interactions"
        " WHERE contact_id = :id AND asked_advice = 1",
        id=contact_id,
    )
    rows.sort(key=lambda r: (r["at"], r["id"] or 0, r["interaction_id"] or 0), reverse=True)
    return rows if limit is None else rows[:limit]
