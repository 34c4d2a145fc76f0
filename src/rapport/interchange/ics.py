"""iCalendar (RFC 5545): open promises and follow-ups as to-dos, remembered dates as events.

A calendar app that subscribes to the file must update, not duplicate: each UID comes from
the record's id, DTSTAMP from when the record was made (never the clock), and SEQUENCE
counts the due date's moves, so an unchanged journal always gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from rapport.interchange.text import escape, fold

PRODID = "-//rapport//rapport journal//EN"


def dumps(promises: list[dict[str, Any]], remembered: list[dict[str, Any]]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:rapport"]  # fmt: skip
    for promise in promises:
        lines += todo(promise)
    for row in remembered:
        lines += event(row)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def todo(p: dict[str, Any]) -> list[str]:
    """One open promise or follow-up. `p` carries its row, `contact` and `moves` (a count)."""
    return [
        "BEGIN:VTODO",
        f"UID:{'followup' if p['kind'] == 'followup' else 'promise'}-{p['id']}@rapport",
        f"DTSTAMP:{utc_stamp(p['created_at'])}",
        f"SEQUENCE:{p.get('moves', 0)}",
        f"SUMMARY:{escape(summary(p))}",
        f"DESCRIPTION:{escape(description(p))}",
        f"DUE;VALUE=DATE:{ical_date(p['due'])}",
        "STATUS:NEEDS-ACTION",
        "END:VTODO",
    ]


def summary(p: dict[str, Any]) -> str:
    if p["kind"] == "followup":
        reason = "" if p["text"] == "follow up" else f": {p['text']}"
        return f"Follow up with {p['contact']}{reason}"
    if p["direction"] == "theirs":
        return f"{p['contact']} owes me: {p['text']}"
    return f"{p['text']} (for {p['contact']})"


def description(p: dict[str, Any]) -> str:
    label = "Follow-up" if p["kind"] == "followup" else "Promise"
    return f"{label} {p['id']}, made {p['made_on']}. Close it with: rapport done {p['id']}"


def event(r: dict[str, Any]) -> list[str]:
    """A remembered date (birthday, anniversary): yearly ones repeat."""
    day = ical_date(r["on_date"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:remember-{r['id']}@rapport",
        f"DTSTAMP:{day}T000000Z",
        f"DTSTART;VALUE=DATE:{day}",
    ]
    if r.get("yearly") or r["on_date"].startswith("--"):
        # 29 February comes round on the last day of February, as `rapport dates` has it
        leap = day.endswith("0229")
        lines.append("RRULE:FREQ=YEARLY" + (";BYMONTH=2;BYMONTHDAY=-1" if leap else ""))
    title = f"{r['label']} ({r['contact']})"
    lines += [f"SUMMARY:{escape(title)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def ical_date(iso: str) -> str:
    """YYYYMMDD; a date stored without its year (--MM-DD) starts in 2000, a leap year."""
    if iso.startswith("--"):
        iso = "2000" + iso[1:]
    return date.fromisoformat(iso[:10]).strftime("%Y%m%d")


def utc_stamp(iso: str) -> str:
    """A stored local wall-clock moment as the UTC DATE-TIME that DTSTAMP requires."""
    moment = datetime.fromisoformat(iso)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
