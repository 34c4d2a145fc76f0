"""What `log`, `promise`, `done`, `move`, `drop` and `followup` say they did."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapport.render import line


def _kind(row: dict[str, Any]) -> str:
    return "follow-up" if row["kind"] == "followup" else "promise"


def logged(result: dict[str, Any]) -> None:
    line(f"Logged: {result['contact']}, {result['at'][:16].replace('T', ' ')}.")
    for p in result["promises"]:
        who = "I promised" if p["direction"] == "mine" else "they promised"
        size = f" ({p['size']})" if p.get("size", "normal") != "normal" else ""
        line(f"  promise {p['id']}: {who} '{p['text']}'{size} by {p['due']}")
    if result["followup"]:
        f = result["followup"]
        line(f"  follow-up {f['id']} on {f['due']}")
    for f in result["closed_followups"]:
        line(f"  closed follow-up {f['id']} (was due {f['due']})")


def promised(row: dict[str, Any], every: str | None) -> None:
    who = "they promised" if row["direction"] == "theirs" else "I promised"
    size = f" ({row['size']})" if row.get("size", "normal") != "normal" else ""
    line(
        f"Promise {row['id']}: {who} {row['contact']} '{row['text']}'{size} by {row['due']}"
        + (f", {every}." if every else ".")
    )


def _next(nxt: dict[str, Any] | None) -> str:
    return f" Next: promise {nxt['id']} due {nxt['due']}." if nxt else ""


def done(row: dict[str, Any]) -> None:
    # Their promise to me is kept by them; mine (or a follow-up) is done by me, for them.
    theirs = row.get("direction") == "theirs" and row.get("kind") != "followup"
    verb, who = ("Kept", "by") if theirs else ("Done", "for")
    line(
        f"{verb}: {_kind(row)} {row['id']} '{row['text']}' {who} {row['contact']}"
        f" ({row['verdict_text']})." + _next(row["next"])
    )


def moved(row: dict[str, Any], today: date) -> None:
    before = date.fromisoformat(row["old_due"]) >= today
    told = row["told"]
    note = ("told before it was due" if before else "told after it was due") if told else "not told"
    line(f"Moved {row['id']} '{row['text']}' from {row['old_due']} to {row['due']} ({note}).")


def dropped(row: dict[str, Any]) -> None:
    status = "Not needed" if row.get("dropped_reason") else row["status"].capitalize()
    ends = " The series ends: no more will come." if row["series_ended"] else _next(row["next"])
    line(f"{status}: {_kind(row)} {row['id']} '{row['text']}' ({row['reason']}).{ends}")


def followup(row: dict[str, Any]) -> None:
    line(f"Follow-up {row['id']} with {row['contact']} on {row['due']}: {row['text']}.")
