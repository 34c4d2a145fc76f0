"""The brief's suggestions: each one rule, a function of `Facts` that returns a `Suggestion`
or None; `RULES` lists them most important first and the brief keeps the first
MAX_SUGGESTIONS that apply.

Pure: store rows and `today` in, suggestions out; no database, no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapport import dates, verdicts

DATE_SOON_DAYS = 14  # a date to remember this close is suggested
RENEGOTIATE_WITHIN_DAYS = 7  # a promise due this soon can still be renegotiated in time
LATE_HISTORY = 2  # "the last two promises were late"
INCIDENT_MEMORY_DAYS = 365  # an incident not told first is worth remembering for a year
MAX_SUGGESTIONS = 3
CALL_CHANNELS = {"phone", "video", "meeting", "call", "in person"}


@dataclass(frozen=True)
class Suggestion:
    rule: str
    text: str
    reason: str


@dataclass(frozen=True)
class Facts:
    """What the rules read. Lists are store rows; interactions and incidents newest first."""

    today: date
    contact: dict[str, Any] = field(default_factory=dict)
    predecessor: str | None = None
    promises: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    expectations: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)  # upcoming(), soonest first


# --- small readings of the record ----------------------------------------------------------


def day_of(value: str) -> date:
    return date.fromisoformat(value[:10])


def open_of(f: Facts, direction: str, kind: str = "promise") -> list[dict[str, Any]]:
    rows = [
        p
        for p in f.promises
        if p["status"] == "open" and p["direction"] == direction and p["kind"] == kind
    ]
    return sorted(rows, key=lambda p: (p["due"], p["id"]))


def days_late(p: dict[str, Any], today: date) -> int:
    """Days past the date the promise is judged by (see verdicts); negative: days left."""
    return verdicts.of_row(p, today).days_late


def was_late(p: dict[str, Any]) -> bool | None:
    """A closed promise: broken or kept late (verdicts). None if cancelled or open."""
    if p["status"] not in ("done", "broken"):
        return None
    return verdicts.of_row(p, day_of(p.get("done_on") or p["due"])).kind in ("late", "broken")


def _closed_mine(f: Facts) -> list[dict[str, Any]]:
    """My promises that were kept or broken, most recently closed first."""
    rows = [
        p
        for p in f.promises
        if p["kind"] == "promise" and p["direction"] == "mine" and was_late(p) is not None
    ]
    return sorted(rows, key=lambda p: p.get("done_on") or p.get("closed_on") or "", reverse=True)


def newest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def _timed(f: Facts) -> list[dict[str, Any]]:
    return [i for i in newest(f.interactions) if i.get("minutes") is not None and i.get("planned")]


def _noun(interactions: list[dict[str, Any]]) -> str:
    spoken = all((i.get("channel") or "") in CALL_CHANNELS for i in interactions)
    return "calls" if spoken else "interactions"


def _weekday(due: date, today: date) -> str:
    days = (due - today).days
    if days <= 1:
        return "today"
    return "before " + due.strftime("%A") if days < 7 else f"before {due.isoformat()}"


def first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def rhythm(contact: dict[str, Any], interactions: list[dict[str, Any]], today: date) -> dict:
    """Days since we last spoke, against the contact's rhythm: `every_days` as
    store.cadences.with_cadence gives it (their own, else their tags' shortest, `every_tag`)."""
    last = max((day_of(i["at"]) for i in interactions), default=None)
    start = last or (day_of(contact["created_at"]) if contact.get("created_at") else None)
    since = (today - start).days if start else None
    every = contact.get("every_days")
    over = since - every if every and since is not None else None
    every_text = f"every {dates.plural(every, 'day')}" + (
        f" (tag {contact['every_tag']})" if contact.get("every_tag") else ""
    )
    return {
        "last_spoke": last.isoformat() if last else None,
        "days_since": since,
        "every_days": every,
        "days_over": over,
        "text": _rhythm_text(last, since, every_text if every else None, over),
    }


def _rhythm_text(last: date | None, since: int | None, every: str | None, over: int | None):
    spoke = "no interaction logged yet"
    if last:
        spoke = f"last spoke {dates.plural(since or 0, 'day')} ago ({last})"
    if last and since == 0:
        spoke = f"last spoke today ({last})"
    if not every:
        return f"{spoke}; no rhythm agreed"
    if over is None:
        return f"{spoke}, {every}"
    if over > 0:
        return f"{spoke}, {every}: {dates.plural(over, 'day')} over"
    return f"{spoke}, {every}: next {dates.late_phrase(over)}"


# --- the rules, most important first ---------------------------------------------------------


def ask_preferences(f: Facts) -> Suggestion | None:
    """A successor: the predecessor's habits are not theirs, so ask."""
    if not f.predecessor:
        return None
    missing = [k for k in ("channel", "style", "attitude") if not f.contact.get(k)]
    if not missing:
        return None
    return Suggestion(
        "ask_preferences",
        "ask how they like to work",
        f"they replaced {f.predecessor}, whose preferences are not theirs",
    )


def own_overdue(f: Facts) -> Suggestion | None:
    late = [p for p in open_of(f, "mine") if days_late(p, f.today) > 0]
    if not late:
        return None
    p = late[0]
    more = f" ({len(late) - 1} more overdue)" if len(late) > 1 else ""
    return Suggestion(
        "own_overdue",
        f"own up to '{p['text']}' and agree a new date",
        f"it is {dates.late_phrase(days_late(p, f.today))}{more}",
    )


def ask_first(f: Facts) -> Suggestion | None:
    since = f.today - timedelta(days=INCIDENT_MEMORY_DAYS)
    untold = [i for i in newest(f.incidents) if not i["told_first"] and day_of(i["at"]) >= since]
    if not untold:
        return None
    return Suggestion(
        "ask_first",
        "ask before deciding for them",
        f"an incident on {untold[0]['at'][:10]} was not told first",
    )


def renegotiate(f: Facts) -> Suggestion | None:
    soon = [
        p
        for p in open_of(f, "mine")
        if 0 <= -days_late(p, f.today) <= RENEGOTIATE_WITHIN_DAYS
    ]
    history = _closed_mine(f)[:LATE_HISTORY]
    if not soon or len(history) < LATE_HISTORY or not all(was_late(p) for p in history):
        return None
    p = soon[0]
    due = f.today - timedelta(days=days_late(p, f.today))
    return Suggestion(
        "renegotiate",
        f"renegotiate '{p['text']}' {_weekday(due, f.today)}",
        f"it is {dates.late_phrase(-(due - f.today).days)} and the last two promises were late",
    )


def keep_to_time(f: Facts) -> Suggestion | None:
    last = _timed(f)[:2]
    if len(last) < 2 or not all(i["minutes"] > i["planned"] for i in last):
        return None
    ran = ", ".join(f"{i['minutes']} of {i['planned']}" for i in last)
    return Suggestion(
        "keep_to_time",
        f"keep to {last[0]['planned']} minutes",
        f"the last two calls ran over the agreed time ({ran} minutes)",
    )


def use_their_channel(f: Facts) -> Suggestion | None:
    preferred = (f.contact.get("channel") or "").strip().lower()
    used = [i for i in newest(f.interactions) if i.get("channel")][:2]
    if not preferred or len(used) < 2 or any(i["channel"].lower() == preferred for i in used):
        return None
    channels = " and ".join(sorted({i["channel"] for i in used}))
    return Suggestion(
        "use_their_channel",
        f"reach them by {preferred}",
        f"the last two contacts were by {channels} though they prefer {preferred}",
    )


def reconnect(f: Facts) -> Suggestion | None:
    every = f.contact.get("every_days")
    gap = rhythm(f.contact, f.interactions, f.today)
    if not every or gap["days_over"] is None or gap["days_over"] <= 0:
        return None
    since = "we last spoke" if gap["last_spoke"] else "they were added, with no contact logged"
    return Suggestion(
        "reconnect",
        "acknowledge the gap",
        f"{dates.plural(gap['days_since'], 'day')} since {since}, against a {every}-day rhythm",
    )


def chase_theirs(f: Facts) -> Suggestion | None:
    late = [p for p in open_of(f, "theirs") if days_late(p, f.today) > 0]
    if not late:
        return None
    p = late[0]
    return Suggestion(
        "chase_theirs",
        f"ask about '{p['text']}'",
        f"they promised it for {p['due']}; it is {dates.late_phrase(days_late(p, f.today))}",
    )


def thank_them(f: Facts) -> Suggestion | None:
    last = newest(f.interactions)[:3]
    if len(last) < 3 or any(i.get("thanked") for i in last):
        return None
    return Suggestion(
        "thank_them", "thank them", f"the last three {_noun(last)} had no thanks recorded"
    )


def start_by_listening(f: Facts) -> Suggestion | None:
    toned = [i for i in newest(f.interactions) if i.get("tone")][:2]
    if len(toned) < 2 or any(i["tone"] != "tense" for i in toned):
        return None
    return Suggestion(
        "start_by_listening", "start by listening", "the last two interactions were tense"
    )


def mention_date(f: Facts) -> Suggestion | None:
    soon = [d for d in f.dates if d["in_days"] <= DATE_SOON_DAYS]
    if not soon:
        return None
    d = soon[0]
    return Suggestion("mention_date", f"remember {d['label']}", f"it is {d['when']} ({d['date']})")


def agree_expectations(f: Facts) -> Suggestion | None:
    if not f.expectations:
        return Suggestion(
            "agree_expectations",
            "agree how you will work together",
            "no expectations are recorded",
        )
    if not any(e["agreed"] for e in f.expectations):
        return Suggestion(
            "agree_expectations",
            "confirm their expectations",
            f"{len(f.expectations)} recorded, none agreed yet",
        )
    return None


def learn_style(f: Facts) -> Suggestion | None:
    if f.predecessor:  # ask_preferences says it better for a successor
        return None
    missing = [k for k in ("style", "attitude") if not f.contact.get(k)]
    if not missing:
        return None
    return Suggestion(
        "learn_style",
        "learn how they like to do business",
        f"no {' or '.join(missing)} recorded",
    )


def deliver_next(f: Facts) -> Suggestion | None:
    coming = [p for p in open_of(f, "mine") if days_late(p, f.today) <= 0]
    if not coming:
        return None
    p = coming[0]
    return Suggestion(
        "deliver_next",
        f"confirm '{p['text']}' is on track",
        f"it is {dates.late_phrase(days_late(p, f.today))} ({p['due']})",
    )


def recap_agreed(f: Facts) -> Suggestion | None:
    agreed = [e for e in f.expectations if e["agreed"]]
    if not agreed:
        return None
    e = agreed[0]
    return Suggestion(
        "recap_agreed", f"keep to '{e['text']}'", f"agreed with them on {e['at'][:10]}"
    )


def next_step(f: Facts) -> Suggestion | None:
    if any(p["status"] == "open" for p in f.promises):
        return None
    return Suggestion(
        "next_step", "agree a next step before the call ends", "nothing is planned with them"
    )


RULES: tuple[Callable[[Facts], Suggestion | None], ...] = (
    ask_preferences,
    own_overdue,
    ask_first,
    renegotiate,
    keep_to_time,
    use_their_channel,
    reconnect,
    chase_theirs,
    thank_them,
    start_by_listening,
    mention_date,
    agree_expectations,
    learn_style,
    deliver_next,
    recap_agreed,
    next_step,
)


def suggestions(f: Facts) -> list[Suggestion]:
    found = []
    for rule in RULES:
        got = rule(f)
        if got is not None:
            found.append(got)
        if len(found) == MAX_SUGGESTIONS:
            break
    return found
