"""Calendar capture: the past meetings of an .ics file logged as interactions.

Reading and matching are pure (rapport.interchange.calendar); here they meet the journal.
Each occurrence gives one interaction per contact who was there, keyed by the event (UID and
recurrence id): found again unchanged it is counted, moved or edited it is updated, new it is
added with `journal.add_interaction` and closes the follow-ups it answers with
`journal.close_followups`, the very functions `rapport log` uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.app.context import Context, typed_moment


def capture(
    ctx: Context, data: bytes, since: str | None, all_day: bool, me: list[str]
) -> dict[str, Any]:
    from rapport.interchange import calendar
    from rapport.store import calendar as stored

    start = typed_moment(since, ctx.now) if since else None
    found = calendar.meetings(data, ctx.now, start, all_day, me)
    contacts = stored.contacts_to_match(ctx.store)
    nobody = calendar.match(found.meetings, contacts)
    names = {c["id"]: c["name"] for c in contacts}
    logged, closed, existing = _log(ctx, found.meetings, names)
    return {
        "format": "ics",
        "events": found.events,
        "added": sum(1 for entry in logged if entry["status"] == "added"),
        "updated": sum(1 for entry in logged if entry["status"] == "updated"),
        "existing": existing,
        "skipped": dict(sorted(found.skipped.items())),
        "logged": logged,
        "unmatched": [{"at": m.at.isoformat(), "summary": m.title} for m in nobody],
        "closed_followups": [{"id": r["id"], "text": r["text"], "due": r["due"]} for r in closed],
    }


def _log(ctx: Context, meetings: list[Any], names: dict[int, str]) -> tuple[list, list, int]:
    """(what was added or updated, follow-ups closed, how many were there already)."""
    from rapport.store import calendar as stored
    from rapport.store import journal

    known = stored.captured(ctx.store)
    logged, closed, existing = [], [], 0
    for meeting in meetings:
        values = _values(meeting)
        for contact_id in meeting.contacts:
            row = known.get((contact_id, meeting.key))
            if row is not None and all(row[c] == values[c] for c in stored.CAPTURED):
                existing += 1
                continue
            if row is not None:
                stored.update_captured(ctx.store, row["id"], values)
            else:
                details = {**values, "external_id": meeting.key}
                at = datetime.fromisoformat(values["at"])
                iid = journal.add_interaction(
                    ctx.store, ctx.now, contact_id, at, meeting.title, details, []
                )
                closed += journal.close_followups(ctx.store, contact_id, at, iid)
            status = "updated" if row is not None else "added"
            who = {"status": status, "contact": names[contact_id], "matched_by": meeting.how}
            logged.append({**who, **values})
    return logged, closed, existing


def _values(meeting: Any) -> dict[str, Any]:
    return {"at": meeting.at.isoformat(), "summary": meeting.title, "minutes": meeting.minutes,
            "planned": meeting.planned, "channel": meeting.channel}  # fmt: skip
