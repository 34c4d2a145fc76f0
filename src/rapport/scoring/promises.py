"""Promises, follow-ups and incidents: the verdict on each, and what it is worth.

`verdict` is the one place a promise's end is judged; reliability and accountability turn a
verdict into a value with the per-verdict tables below, then scale it by the promise's size
and the client's attitude. Swapping in another verdict function means changing `verdict`.
"""

import re
from datetime import date
from functools import lru_cache

from rapport.scoring.model import (
    ATTITUDE_FACTOR,
    INCIDENT_PARTS,
    INCIDENT_WEIGHT,
    LATE_HALF_LIFE_DAYS,
    LATE_START,
    RENEGOTIATED_LATE,
    REPAIR_NEEDED,
    SIZE_WEIGHT,
    TOLD_MOVE_CREDIT,
    Evidence,
    Expectation,
    FollowUp,
    Incident,
    Item,
    Part,
    Promise,
    folded,
    style_of,
    weigh,
)
from rapport.verdicts import Verdict, judge, original_due

# --- The verdict ----------------------------------------------------------------------------------
# A promise's verdict is the one every command reports (rapport.verdicts); scoring turns each
# verdict kind into a value with the per-verdict table below.
DEVIATIONS = ("renegotiated", "late", "broken", "overdue")  # what a client's attitude judges
MISSES = ("late", "broken", "overdue")  # what fails an expectation


def verdict(p: Promise, today: date) -> Verdict | None:
    """The verdict the trust model scores, or None when it is no evidence yet (open and not
    yet due, or an unknown status). Cancelled is evidence, of weight 0 (kept in the record)."""
    v = judge(p, today)
    if v.kind == "open" or (v.kind == "overdue" and p.status != "open"):
        return None
    return v


def dated(v: Verdict, today: date) -> date:
    """Settled promises are dated when settled; an open one past due is dated today, because
    it is still being missed. Neither date depends on whether a move was told."""
    return v.on or today


def late_credit(days: int) -> float:
    return LATE_START * 0.5 ** ((max(1, days) - 1) / LATE_HALF_LIFE_DAYS)


# Per-verdict value of a promise for reliability (before attitude); cancelled weighs nothing.
def reliability_value(v: Verdict) -> float:
    return {
        "on_time": 1.0,
        "renegotiated": TOLD_MOVE_CREDIT,
        "late": late_credit(v.days_late),
        "cancelled": 1.0,
    }.get(v.kind, 0.0)


# --- Matter, attitude, size -----------------------------------------------------------------------
_STOP = frozenset(
    re.findall(
        r"\w+",
        "about after again also back been before could does done from have into just more much"
        " next only over some than that them then they this very were what when will with would"
        " your their there which should follow",
    )
)


@lru_cache(maxsize=4096)  # the same few texts are matched again for every figure
def matter_words(text: str) -> frozenset[str]:
    """The words that say what something is about: 4+ letters, no function words, no plural s."""
    words = re.findall(r"[^\W\d_]{4,}", text.casefold())
    return frozenset(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words) - _STOP


def matter_of(ev: Evidence, text: str, on: date) -> Expectation | None:
    """The first expectation recorded by `on` that shares a matter word with `text`."""
    if not ev.expectations:
        return None
    words = matter_words(text)
    for e in sorted(ev.expectations, key=lambda e: e.at):
        if e.at.date() <= on and words & matter_words(e.text):
            return e
    return None


def attitude_factor(ev: Evidence, text: str, on: date) -> float:
    if ev.attitude == "situational" and matter_of(ev, text, on) is not None:
        return ATTITUDE_FACTOR["rigid"]  # they told you they expect this: no deviation accepted
    return ATTITUDE_FACTOR.get(ev.attitude, 1.0)


def deviate(value: float, factor: float) -> float:
    """A deviation's shortfall scaled by the client's attitude, kept within 0..1.

    Nothing is worth nothing to every client: a broken or overdue promise stays at 0.
    """
    return 0.0 if value <= 0 else max(0.0, 1.0 - factor * (1.0 - value))


def size_weight(ev: Evidence, size: str) -> float:
    if size == "small" and style_of(ev) == "detail":
        return SIZE_WEIGHT["normal"]  # a detail client judges the small things as much
    return SIZE_WEIGHT.get(size, 1.0)


# --- Reliability ----------------------------------------------------------------------------------
def _unfair_note(p: Promise) -> str:
    if any(not m.told for m in p.moves):
        return " - moved without telling the client"
    if any(m.moved_on > m.old_due for m in p.moves):
        return " - moved only after it was due"
    return ""


def _describe(v: Verdict, p: Promise, today: date) -> str:
    if v.kind == "on_time":
        return f"kept on time (due {original_due(p)})"
    if v.kind == "renegotiated":
        return f"kept by the renegotiated date {v.due} (moved in time, client told)"
    if v.kind == "late":
        return f"kept {v.days_late} days late (due {v.due}){_unfair_note(p)}"
    if v.kind == "broken":
        return f"broken (due {v.due}), dropped on {dated(v, today)}"
    if v.kind == "overdue":
        return f"still open, {v.days_late} days past due (due {v.due})"
    return f"cancelled by agreement on {dated(v, today)} (due {v.due}): not held against you"


def _label(p: Promise, kind: str) -> str:
    size = f" ({p.size})" if p.size != "normal" else ""
    return f"{kind} '{p.text}'{size}"


def reliability_item(
    ev: Evidence, p: Promise, kind: str, today: date, words: bool = True
) -> Item | None:
    v = verdict(p, today)
    if v is None:
        return None
    on, value, weight = dated(v, today), reliability_value(v), size_weight(ev, p.size)
    if v.kind == "cancelled":
        weight = 0.0  # cancelled by agreement: in the record, not in the figure
    elif v.kind in DEVIATIONS and p.direction == "mine":
        value = deviate(value, attitude_factor(ev, p.text, on))
    text = f"{_label(p, kind)} {_describe(v, p, today)}" if words else ""
    return Item(text, on, value, weight)


def followup_as_promise(f: FollowUp) -> Promise:
    made = f.made or min(f.due, f.done_on or f.due, f.closed_on or f.due)
    return Promise(f.id, f.text, "mine", made, f.due, f.status, f.done_on, f.closed_on)


def reliability_items(ev: Evidence, direction: str, today: date) -> list[Item]:
    kind = "your promise" if direction == "mine" else "the client's promise"
    items = [reliability_item(ev, p, kind, today) for p in ev.promises if p.direction == direction]
    if direction == "mine":  # following up is part of doing what you said
        items += [
            reliability_item(ev, followup_as_promise(f), "follow-up", today) for f in ev.followups
        ]
    return [it for it in items if it is not None]


def reliability(
    ev: Evidence, direction: str, today: date, half_life: float, items: list[Item] | None = None
) -> Part:
    """Pass `items` (reliability_items) when already worked out, as care needs them too."""
    figure = "reliability" if direction == "mine" else "their_reliability"
    if items is None:
        items = reliability_items(ev, direction, today)
    return weigh(figure, items, today, half_life, folded(ev, figure, today, half_life))


def my_verdicts(ev: Evidence, today: date) -> list[tuple[str, Verdict, Promise]]:
    """(kind label, verdict, promise) for my promises and follow-ups that have an end."""
    out = []
    for kind, p in [("your promise", p) for p in ev.promises if p.direction == "mine"] + [
        ("follow-up", followup_as_promise(f)) for f in ev.followups
    ]:
        v = verdict(p, today)
        if v is not None:
            out.append((kind, v, p))
    return out


# --- Accountability -------------------------------------------------------------------------------
def _promise_accountability(ev: Evidence, p: Promise, today: date) -> Item | None:
    v = verdict(p, today)
    if v is None or v.kind == "cancelled":
        return None
    name, weight = f"'{p.text}' (due {original_due(p)})", size_weight(ev, p.size)
    on = dated(v, today)
    if v.kind == "on_time":
        return Item(f"{name} kept by its due date: nothing to answer for", on, 1.0, weight)
    if v.kind == "renegotiated":
        return Item(f"{name} renegotiated with the client before it was due", on, 1.0, weight)
    if v.kind == "overdue":  # missed now: the last date the client was told has passed too
        text = f"{name} still open past {v.due}, the date the client was last told"
        return Item(text, on, 0.0, weight)
    factor = attitude_factor(ev, p.text, on)
    if any(m.told and m.moved_on > m.old_due for m in p.moves):
        text = f"{name} missed; renegotiated only after it was due"
        return Item(text, on, deviate(RENEGOTIATED_LATE, factor), weight)
    return Item(f"{name} missed without renegotiating first{_unfair_note(p)}", on, 0.0, weight)


def incident_value(i: Incident) -> float:
    flags = {"owned": i.owned, "told_first": i.told_first, "resolved": i.resolved_on is not None}
    return sum(INCIDENT_PARTS[k] for k, on in flags.items() if on)


def incident_item(ev: Evidence, i: Incident) -> Item:
    words = [
        "owned" if i.owned else "not owned",
        "client told first" if i.told_first else "client not told first",
        f"resolved {i.resolved_on}" if i.resolved_on else "unresolved",
    ]
    text = f"incident '{i.text}' on {i.at.date()}: {', '.join(words)}"
    value = deviate(incident_value(i), attitude_factor(ev, i.text, i.at.date()))
    return Item(text, i.at.date(), value, INCIDENT_WEIGHT)


def accountability_items(ev: Evidence, today: date) -> list[Item]:
    items = [_promise_accountability(ev, p, today) for p in ev.promises if p.direction == "mine"]
    return [it for it in items if it]


def accountability(ev: Evidence, today: date, half_life: float) -> Part:
    items = accountability_items(ev, today) + [incident_item(ev, i) for i in ev.incidents]
    extra = folded(ev, "accountability", today, half_life)
    return weigh("accountability", items, today, half_life, extra)


# --- Breach: an incident the client found out about before I told them ------------------------
def repair(ev: Evidence, i: Incident, today: date) -> float:
    """0..1: how far promises kept since the incident was resolved have repaired it."""
    if i.resolved_on is None:
        return 0.0
    kept = kept_since(ev, i.resolved_on, today) + (ev.base.kept_after[i.id] if ev.base else 0.0)
    return min(1.0, kept / REPAIR_NEEDED)


def kept_since(ev: Evidence, day: date, today: date) -> float:
    """Size-weighted count of my promises and follow-ups kept after `day`."""
    return sum(
        size_weight(ev, p.size)
        for _, v, p in my_verdicts(ev, today)
        if v.kind in ("on_time", "renegotiated") and dated(v, today) > day
    )


def breaches(ev: Evidence) -> list[Incident]:
    return [i for i in ev.incidents if not i.told_first]

