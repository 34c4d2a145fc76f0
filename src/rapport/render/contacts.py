"""Contacts on screen: the contact list, and one contact's profile and timeline (`show`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport import agenda, dates
from rapport.render import capped, console, fig, fitted_table, hanging, line, plain, trend_arrow
from rapport.render.remembering import profile_lines

TIMELINE_ROWS = 12


def contacts(rows: list[dict[str, Any]], today: date, show_all: bool = False) -> None:
    if not rows:
        line("No contacts yet. Add one with: rapport add NAME")
        return
    shown, more = capped(rows, agenda.LIST_ROWS, show_all)
    cells = [
        {
            "name": plain(row["name"] + (" (archived)" if row["archived"] else "")),
            "org": plain(row["org"]),
            "trust": fig(row.get("trust")),
            "last interaction": _last(row["last_at"], today),
            "open": _open_counts(row),
            "next due": _next_due(row["next_due"], today),
        }
        for row in shown
    ]
    # Narrow terminals lose the columns that matter least first; name and trust stay.
    console().print(fitted_table(None, cells, ("org", "last interaction", "open")))
    if more:
        line(f"… and {more} more: rapport contacts --full lists every one")


def _last(last_at: str | None, today: date) -> str:
    if not last_at:
        return "never"
    day = datetime.fromisoformat(last_at).date()
    return f"{day.isoformat()} ({dates.relative(day, today)})"


def _next_due(due: str | None, today: date) -> str:
    if not due:
        return ""
    day = date.fromisoformat(due)
    late = (today - day).days
    when = f"{dates.plural(late, 'day')} late" if late > 0 else dates.relative(day, today)
    return f"{due} ({when})"


def _open_counts(row: dict[str, Any]) -> str:
    mine, theirs = row["open_mine"], row["open_theirs"]
    return f"{mine} mine" + (f", {theirs} theirs" if theirs else "")


PROFILE_FIELDS = (
    ("org", "org"),
    ("email", "email"),
    ("phone", "phone"),
    ("channel", "prefers"),
    ("style", "style"),
    ("attitude", "attitude"),
    ("owner", "owner"),
    ("notes", "notes"),
)


def contact(view: dict[str, Any], today: date, show_all: bool = False) -> None:
    person = view["contact"]
    out = console()
    title = plain(person["name"])
    title.stylize("bold")
    out.print(title, plain(" (archived)") if person["archived"] else "")
    for key, label in PROFILE_FIELDS:
        if person.get(key):
            hanging(f"  {label}: ", str(person[key]))
    if person.get("every_days"):
        out.print(plain(f"  stay in touch: every {dates.plural(person['every_days'], 'day')}"))
    if person["tags"]:
        out.print(plain("  tags: " + ", ".join(person["tags"])))
    profile_lines(view, today)
    if view.get("score"):
        _trust_lines(view["score"])
    out.print()
    _promise_table(_recent_promises(view["promises"], show_all), today)
    shown, more = capped(view["interactions"], TIMELINE_ROWS, show_all)
    _interaction_table(shown)
    if more:
        line(f"… and {more} earlier interactions (--full lists every one)")
    _handover_lines(view.get("handovers") or [])
    from rapport.render.corrections import accounts

    accounts(view)


def _recent_promises(promises: list[dict[str, Any]], show_all: bool) -> list[dict[str, Any]]:
    """Every open one, then the most recently due of the rest (the list is newest first)."""
    if show_all:
        return promises
    closed = [p for p in promises if p["status"] != "open"]
    keep = {id(p) for p in closed[:TIMELINE_ROWS]}
    return [p for p in promises if p["status"] == "open" or id(p) in keep]


def _handover_lines(handovers: list[dict[str, Any]]) -> None:
    """Who looked after the contact when: a handover is part of the relationship's story."""
    if not handovers:
        return
    console().print()
    line("Handovers:")
    for h in handovers:
        how = ", ".join(
            word
            for key, word in (("introduced", "introduced"), ("three_way", "three-way"))
            if h[key]
        )
        text = f"  {h['at'][:16].replace('T', ' ')}  {h['from_owner'] or 'nobody'} -> "
        console().print(plain(text + h["to_owner"] + (f" ({how})" if how else "")))


def _trust_lines(score: dict[str, Any]) -> None:
    figures = ", ".join(
        f"{label} {fig(score[key])}"
        for key, label in (
            ("reliability", "my reliability"),
            ("their_reliability", "theirs"),
            ("care", "care"),
            ("accountability", "accountability"),
            ("communication", "communication"),
        )
    )
    trust = f"{fig(score['trust'])} {trend_arrow(score['trend'])}".rstrip()
    hanging("  trust: ", f"{trust} ({figures})")
    if score["top_reason"]:
        hanging("  moves it most: ", score["top_reason"]["text"])
    elif score["trust"] is None and "trust" in score["missing"]:
        hanging("  no trust figure yet: ", score["missing"]["trust"])


def _promise_table(promises: list[dict[str, Any]], today: date) -> None:
    if not promises:
        return
    rows = [
        {
            "id": str(p["id"]),
            "who": "follow-up"
            if p["kind"] == "followup"
            else ("I owe" if p["direction"] == "mine" else "they owe"),
            "what": plain(p["text"]),
            "due": p["due"],
            "status": _status(p, today),
        }
        for p in promises
    ]
    console().print(fitted_table("Promises and follow-ups", rows, ("due",)))
    console().print()


def _status(p: dict[str, Any], today: date) -> str:
    """The promise's verdict, as every command words it; when it was settled; its moves."""
    moved = f", moved {len(p['moves'])}x" if p["moves"] else ""
    if p["status"] == "open":
        return p["verdict_text"] + moved
    if p["status"] == "done":
        return f"done {p['done_on']} ({p['verdict_text']}){moved}"
    return f"{p['status']} {p['closed_on']}{moved}"


def _interaction_table(interactions: list[dict[str, Any]]) -> None:
    if not interactions:
        line("No interactions logged yet.")
        return
    rows = [
        {
            "when": i["at"][:16].replace("T", " "),
            "channel": plain(i["channel"]),
            "summary": plain(i["summary"]),
        }
        for i in interactions
    ]
    console().print(fitted_table("Interactions", rows, ("channel",)))
