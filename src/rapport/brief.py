"""The brief before a call: its sections, from plain data and `now`.

Pure: rows as the store returns them (dicts keyed by column name) and `now` in, plain dicts
out; no database, no clock, no I/O. The suggestions it ends with come from brief_rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from rapport import dates, remembering
from rapport.brief_rules import (
    Facts,
    days_late,
    first_line,
    newest,
    open_of,
    rhythm,
    suggestions,
)
from rapport.names import fold

RECENT = 3  # interactions shown
DATES_AHEAD_DAYS = 60  # dates to remember shown this far ahead
SIGNS_DAYS = 180  # the client's signs of trust this recent are worth recalling before a call


# --- sections ----------------------------------------------------------------------------


def upcoming(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Dates to remember in the next DATES_AHEAD_DAYS, soonest first; each comes round when
    remembering.occurrence says, as in `dates` and `due`."""
    found = []
    for row in rows:
        yearly = bool(row.get("yearly")) or row["on_date"].startswith("--")
        try:
            on = remembering.occurrence(row["on_date"].strip(), yearly, today)
        except ValueError:  # a date that cannot be read is not worth crashing a brief over
            continue
        if on is None or (on - today).days > DATES_AHEAD_DAYS:
            continue
        found.append(
            {
                "label": row["label"],
                "date": on.isoformat(),
                "in_days": (on - today).days,
                "when": dates.relative(on, today),
                "yearly": yearly,
            }
        )
    return sorted(found, key=lambda d: (d["in_days"], d["label"]))


def recent_signs(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The client's signs of trust of the last SIGNS_DAYS, newest first."""
    return [
        {"id": s["id"], "on": s["at"][:10], "kind": s["kind"], "note": s.get("note")}
        for s in rows
        if (today - date.fromisoformat(s["at"][:10])).days <= SIGNS_DAYS
    ]


def preferences(contact: dict[str, Any], predecessor: str | None) -> dict[str, Any]:
    prefs = {k: contact.get(k) for k in ("channel", "style", "attitude")}
    note = None
    if predecessor:
        note = f"replaces {predecessor}, whose preferences are not theirs"
        if not any(prefs.values()):
            note += "; none of their own yet"
    return {**prefs, "predecessor": predecessor, "note": note}


def _owed(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    return [
        {
            "id": p["id"],
            "kind": p["kind"],
            "text": p["text"],
            "due": p["due"],
            "days_late": days_late(p, today),
            "when": dates.late_phrase(days_late(p, today)),
        }
        for p in rows
    ]


def _interaction(i: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": i["at"][:10],
        "channel": i.get("channel"),
        "tone": i.get("tone"),
        "summary": first_line(i["summary"]),
        "minutes": i.get("minutes"),
        "planned": i.get("planned"),
        "thanked": bool(i.get("thanked")),
    }


def _trust(score: dict[str, Any] | None) -> dict[str, Any]:
    if not score:
        return {"trust": None, "trend": None, "moves_it_most": None, "why_none": None}
    top = score.get("top_reason")
    return {
        "trust": score["trust"],
        "trend": score["trend"],
        "moves_it_most": top["text"] if top else None,
        "why_none": score["missing"].get("trust") if score["trust"] is None else None,
    }


def facts(record: dict[str, Any], today: date) -> Facts:
    return Facts(
        today=today,
        contact=record["contact"],
        predecessor=record.get("predecessor"),
        promises=record.get("promises", []),
        interactions=newest(record.get("interactions", [])),
        incidents=newest(record.get("incidents", [])),
        expectations=record.get("expectations", []),
        dates=upcoming(record.get("remember", []), today),
    )


def build(record: dict[str, Any], score: dict[str, Any] | None, now: datetime) -> dict:
    """The brief of one person, as plain data; `record` is what store.brief.record returns."""
    today = now.date()
    f = facts(record, today)
    c = f.contact
    return {
        "kind": "contact",
        "as_of": today.isoformat(),
        "contact": c["name"],
        "id": c["id"],
        "org": c.get("org"),
        "owner": c.get("owner"),
        "archived": bool(c.get("archived")),
        "replaced_by": record.get("successors") or [],
        "preferences": preferences(c, f.predecessor),
        "notes": c.get("notes"),
        "i_owe": _owed(open_of(f, "mine") + open_of(f, "mine", "followup"), today),
        "they_owe": _owed(open_of(f, "theirs"), today),
        "recent": [_interaction(i) for i in f.interactions[:RECENT]],
        "expectations": [
            {"text": e["text"], "agreed": bool(e["agreed"]), "on": e["at"][:10]}
            for e in f.expectations
        ],
        "incidents": [
            {
                "id": i["id"],
                "on": i["at"][:10],
                "text": i["text"],
                "owned": bool(i["owned"]),
                "told_first": bool(i["told_first"]),
            }
            for i in f.incidents
            if not i.get("resolved_on")
        ],
        # shown by brief --full: a put-right incident is still part of the story
        "resolved_incidents": [
            {"id": i["id"], "on": i["at"][:10], "text": i["text"], "resolved": i["resolved_on"]}
            for i in f.incidents
            if i.get("resolved_on")
        ],
        "signs": recent_signs(record.get("signs", []), today),
        "dates": f.dates,
        "trust": _trust(score),
        "rhythm": rhythm(c, f.interactions, today),
        "suggestions": [asdict(s) for s in suggestions(f)],
    }


# --- organisations -------------------------------------------------------------------------


def org_of(query: str, people: list[dict[str, Any]]) -> tuple[str, list[int]] | None:
    """The organisation named `query` (case and accents folded) and its active people's ids."""
    key = fold(query)
    members = [p for p in people if p.get("org") and fold(p["org"]) == key and not p["archived"]]
    if not key or not members:
        return None
    # The spelling most of its people share names it: one 'northwind' among 'Northwind's.
    spellings = Counter(p["org"].strip() for p in members)
    name = min(spellings, key=lambda s: (-spellings[s], s))
    return name, [p["id"] for p in members]


def org_names(people: list[dict[str, Any]]) -> list[str]:
    """Each organisation with active people once, in the spelling org_of names it by."""
    keys = sorted({fold(p["org"]) for p in people if p.get("org") and not p["archived"]})
    return [found[0] for key in keys if (found := org_of(key, people))]


def pick_subject(query: str, people: list[dict[str, Any]]) -> tuple[str, list[int]] | None:
    """Whether `rapport brief QUERY` means an organisation (its name and people) or not (None).
    A contact whose whole name is QUERY wins; then an organisation of two or more active people
    named QUERY; anything else is a contact name, resolved as everywhere (prefix, typo). An
    organisation of one person is that person's brief, which says everything the org view would.
    """
    if any(fold(p["name"]) == fold(query) for p in people):
        return None
    org = org_of(query, people)
    return org if org and len(org[1]) >= 2 else None


def person_summary(brief: dict[str, Any]) -> dict[str, Any]:
    """One person of an organisation brief: who they are and how they like to work."""
    return {
        "contact": brief["contact"],
        "id": brief["id"],
        "preferences": brief["preferences"],
        "notes": brief["notes"],
        "trust": brief["trust"]["trust"],
        "rhythm": brief["rhythm"]["text"],
        "i_owe": len(brief["i_owe"]),
        "they_owe": len(brief["they_owe"]),
        "open_incidents": len(brief["incidents"]),
    }


def organisation(org: str, briefs: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    people = sorted(briefs, key=lambda b: fold(b["contact"]))
    return {
        "kind": "organisation",
        "as_of": now.date().isoformat(),
        "org": org,
        "people": [person_summary(b) for b in people],
    }
