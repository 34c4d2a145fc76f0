"""Recurring promises: a series and its occurrences, the SQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport.store.connection import Store


def start_series(store: Store, promise_id: int, every: str, after_done: bool) -> None:
    """The first occurrence names the series: series_id is its own id."""
    store.run(
        "UPDATE promises SET series_id = id, every = :every, after_done = :after WHERE id = :id",
        every=every,
        after=int(after_done),
        id=promise_id,
    )


def add_occurrence(store: Store, now: datetime, row: dict[str, Any], due: date, on: date) -> int:
    """The next promise of `row`'s series, made on the day the previous one was closed."""
    return store.insert(
        "INSERT INTO promises (contact_id, kind, direction, text, made_on, due, series_id,"
        " every, after_done, created_at, created_by, size) VALUES (:cid, :kind, :direction,"
        " :text, :made_on, :due, :series, :every, :after, :created_at, :by, :size)",
        cid=row["contact_id"],
        kind=row["kind"],
        direction=row["direction"],
        text=row["text"],
        made_on=on.isoformat(),
        due=due.isoformat(),
        series=row["series_id"],
        every=row["every"],
        after=row["after_done"],
        created_at=now.isoformat(),
        by=store.user,
        size=row.get("size") or "normal",
    )


def scheduled_due(store: Store, promise_id: int) -> date:
    """The due date a promise had before any `move`: its place in the series' schedule."""
    first = store.value(
        "SELECT old_due FROM promise_moves WHERE promise_id = :id ORDER BY id LIMIT 1",
        id=promise_id,
    )
    due = first or store.value("SELECT due FROM promises WHERE id = :id", id=promise_id)
    return date.fromisoformat(due)
