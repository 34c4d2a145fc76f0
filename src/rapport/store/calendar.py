"""Writing captured meetings: one interaction per contact per event occurrence.

An interaction made from a calendar carries the event's key in `external_id`, so importing
the same file again finds it: unchanged, it is counted; moved or edited, it is updated in
place. A new one goes in through `journal.add_interaction` and closes the follow-ups it
answers through `journal.close_followups`, exactly as `rapport log` does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.interchange.calendar import Calendar, Meeting, match
from rapport.store import journal
from rapport.store.connection import Store

FIELDS = ("at", "summary", "minutes", "planned", "channel")


def log_meetings(store: Store, now: datetime, cal: Calendar) -> dict[str, Any]:
    contacts = store.all("SELECT id, name, email FROM contacts WHERE archived = 0")
    names = {c["id"]: c["name"] for c in contacts}
    nobody = match(cal.meetings, contacts)
    known = _known(store)
    logged, closed, existing = [], [], 0
    for meeting in cal.meetings:
        for contact_id in meeting.contacts:
            values = _values(meeting)
            row = known.get((contact_id, meeting.key))
            if row is not None and all(row[f] == values[f] for f in FIELDS):
                existing += 1
                continue
            if row is not None:
                _update(store, row["id"], values)
                status = "updated"
            else:
                iid = journal.add_interaction(
                    store, now, contact_id, meeting.at, meeting.title,
                    {**values, "external_id": meeting.key}, [],
                )  # fmt: skip
                closed += journal.close_followups(store, contact_id, meeting.at, iid)
                status = "added"
            who = {"status": status, "contact": names[contact_id], "matched_by": meeting.how}
            logged.append({**who, **values})
    return {
        "format": "ics",
        "events": cal.events,
        "added": sum(1 for entry in logged if entry["status"] == "added"),
        "updated": sum(1 for entry in logged if entry["status"] == "updated"),
        "existing": existing,
        "skipped": dict(sorted(cal.skipped.items())),
        "logged": logged,
        "unmatched": [{"at": m.at.isoformat(), "summary": m.title} for m in nobody],
        "closed_followups": [{"id": r["id"], "text": r["text"], "due": r["due"]} for r in closed],
    }


def _values(meeting: Meeting) -> dict[str, Any]:
    return {"at": meeting.at.isoformat(), "summary": meeting.title, "minutes": meeting.minutes,
            "planned": meeting.planned, "channel": meeting.channel}  # fmt: skip


def _known(store: Store) -> dict[tuple[int, str], dict[str, Any]]:
    rows = store.all(
        "SELECT id, contact_id, external_id, at, summary, minutes, planned, channel"
        " FROM interactions WHERE external_id IS NOT NULL"
    )
    return {(r["contact_id"], r["external_id"]): r for r in rows}


def _update(store: Store, interaction_id: int, values: dict[str, Any]) -> None:
    store.run(
        "UPDATE interactions SET at = :at, summary = :summary, minutes = :minutes,"
        " planned = :planned, channel = :channel WHERE id = :id",
        id=interaction_id,
        **values,
    )
