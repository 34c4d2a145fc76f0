"""Expectations: what a client expects, or the process agreed with them."""

from __future__ import annotations

from datetime import datetime

from rapport.errors import UsageError
from rapport.store.connection import Store


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
