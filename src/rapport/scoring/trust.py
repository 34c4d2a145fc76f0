"""Communication, the client's signs of trust, and trust itself with its explanations.

    trust = min(ceiling, carry x lift(combine(care, accountability, communication), signs))
"""

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from rapport.scoring.model import (
    BIG_PICTURE_TIME_WEIGHT,
    BREACH_CEILING,
    CARRY_OVER,
    REPAIR_NEEDED,
    SIGN_LIFT,
    SIGN_WEIGHT,
    TONE,
    Evidence,
    Handover,
    Incident,
    Interaction,
    Item,
    Part,
    Promise,
    Reason,
    Sign,
    clamp,
    count,
    folded,
    gist,
    naive,
    recency,
    style_of,
    weigh,
)
from rapport.scoring.promises import breaches, repair


# --- Communication ------------------------------------------------------------------------------
def _signals(i: Interaction, ev: Evidence, words: bool = True) -> list[tuple[float, float, str]]:
    """(weight, value 0..1, words) for each communication signal this interaction records
    (the words left empty when nobody will read them: running sums fold thousands)."""
    out, preferred = [], ev.channel
    if preferred and i.channel:
        same = i.channel.strip().lower() == preferred.strip().lower()
        text = f"by {i.channel}" + ("" if same else f", not the preferred {preferred}")
        out.append((1.0, float(same), text if words else ""))
    if i.minutes is not None and i.planned and i.planned > 0:
        fit = min(1.0, i.planned / i.minutes) if i.minutes > 0 else 1.0
        weight = BIG_PICTURE_TIME_WEIGHT if style_of(ev) == "big-picture" else 1.0
        out.append((weight, fit, f"{i.minutes} of {i.planned} planned minutes" if words else ""))
    if i.tone in TONE:
        out.append((1.0, TONE[i.tone], f"{i.tone} tone" if words else ""))
    return out


def communication(ev: Evidence, today: date, half_life: float) -> Part:
    items, extra = communication_items(ev), folded(ev, "communication", today, half_life)
    return weigh("communication", items, today, half_life, extra)


def communication_items(ev: Evidence) -> list[Item]:
    items = []
    for i in ev.interactions:
        sig = _signals(i, ev)
        if sig:
            name = f" '{gist(i.summary)}'" if i.summary.strip() else ""
            text = f"contact{name} on {i.at.date()}: " + ", ".join(w for *_, w in sig)
            items.append(Item(text, i.at.date(), _mean(sig)))
    return items


def communication_values(
    ev: Evidence, interactions: Iterable[Interaction]
) -> Iterator[tuple[date, float, float]]:
    """(day, value, weight) of each of `interactions` that records a signal, without words:
    running sums fold hundreds of thousands, and their few distinct signals are worked out
    once."""
    known: dict[tuple, float | None] = {}
    for i in interactions:
        key = (i.channel, i.minutes, i.planned, i.tone)  # all that `_signals` reads of one
        if key not in known:
            sig = _signals(i, ev, words=False)
            known[key] = _mean(sig) if sig else None
        if (value := known[key]) is not None:
            yield i.at.date(), value, 1.0


def _mean(sig: list[tuple[float, float, str]]) -> float:
    return sum(w * v for w, v, _ in sig) / sum(w for w, _, _ in sig)


# --- Signs of trust -----------------------------------------------------------------------------
_SIGN_WORDS = {
    "asked-advice": "asked what you would do",
    "referral": "referred someone to you",
    "shared-plans": "shared their plans with you early",
    "introduction": "introduced you to a colleague",
}


def all_signs(ev: Evidence) -> list[Sign]:
    advice = [Sign(i.at, "asked-advice") for i in ev.interactions if i.asked_advice]
    return sorted([*ev.signs, *advice], key=lambda s: naive(s.at))


def sign_weight(s: Sign) -> float:
    return SIGN_WEIGHT.get(s.kind, 0.5)


def signs(ev: Evidence, today: date, half_life: float) -> Part:
    """min(1, Σ kind weight x recency): one fresh referral, or two fresh requests for advice,
    is a full mark. No signs is no number (their absence is not a failure)."""
    found = all_signs(ev)
    if not found and not count(ev, "signs"):
        return None, []
    shares = [sign_weight(s) * recency(s.at.date(), today, half_life) for s in found]
    total = sum(shares) + folded(ev, "signs", today, half_life)[0]
    level = 100.0 * min(1.0, total)
    reasons = []
    for s, share in zip(found, shares, strict=True):
        what = _SIGN_WORDS.get(s.kind, f"showed trust ({s.kind})")
        text = f"the client {what} on {s.at.date()}" + (f": {s.note}" if s.note else "")
        reasons.append(Reason("signs", text, level * share / total, s.at.date()))
    return level, reasons


# --- Combining ----------------------------------------------------------------------------------
def combine_trust(care: float, accountability: float, communication: float) -> float:
    """Trust = (Care x Accountability) ^ e, with e = 2 ** ((50 - communication) / 50).

    Communication 50 leaves the product as it is; 100 takes its square root (amplifies),
    0 squares it (dampens). The base is <= 1, so a smaller exponent never lowers trust.
    """
    base = (clamp(care) / 100.0) * (clamp(accountability) / 100.0)
    exponent = 2.0 ** ((50.0 - clamp(communication)) / 50.0)
    return clamp(100.0 * base**exponent)


def lift(trust: float, signs: float | None) -> float:
    """The client's signs of trust close part of the gap to 100: monotone, never past 100."""
    return clamp(trust + (100.0 - trust) * SIGN_LIFT * clamp(signs or 0.0) / 100.0)


def carry_factor(h: Handover) -> float:
    if h.three_way:
        return CARRY_OVER["three_way"]
    return CARRY_OVER["introduced"] if h.introduced else CARRY_OVER["plain"]


def evidence_dates(ev: Evidence) -> list[date]:
    return dates_of(ev.promises, ev.interactions, ev.incidents)


def dates_of(
    promises: Iterable[Promise], interactions: Iterable[Interaction], incidents: Iterable[Incident]
) -> list[date]:
    """`evidence_dates` of these pieces (running sums fold them apart from the rest)."""
    # Dates are fixed by what happened, not by how it is judged, so told/owned/tone never move them.
    dates = [
        p.done_on or p.closed_on or p.made
        for p in promises
        if p.direction == "mine" and p.status != "cancelled"
    ]
    return dates + [i.at.date() for i in interactions] + [x.at.date() for x in incidents]


def carry(ev: Evidence, today: date, half_life: float) -> tuple[float, Reason | None]:
    """Share of trust that survives the latest handover (1.0 without one)."""
    real = [h for h in ev.handovers if h.from_owner and h.from_owner != h.to_owner]
    if not real:
        return 1.0, None
    h = max(real, key=lambda h: naive(h.at))
    cut, factor = h.at.date(), carry_factor(h)
    pre = sum(recency(d, today, half_life) for d in evidence_dates(ev) if d < cut)
    post = sum(recency(d, today, half_life) for d in evidence_dates(ev) if d >= cut)
    if ev.base is not None:  # the folded dates, split at the same day when they were folded
        total = folded(ev, "dates", today, half_life)[0]
        before = ev.base.before[cut] * 0.5 ** ((today - ev.base.anchor).days / half_life)
        pre, post = pre + before, post + total - before
    share = pre / (pre + post) if pre + post > 0 else 1.0
    how = "three-way meeting" if h.three_way else "introduced" if h.introduced else "plain"
    text = (
        f"handed over from {h.from_owner} to {h.to_owner} ({how}) on {cut}: {share:.0%} of the"
        f" record predates it and carries over at {factor:.0%}"
    )
    return 1.0 - share * (1.0 - factor), Reason("trust", text, 0.0, cut)


def ceiling(ev: Evidence, today: date) -> tuple[float, Reason | None]:
    """The lowest cap set by an incident the client found out about before being told."""
    worst, why = 100.0, None
    for i in breaches(ev):
        fixed = repair(ev, i, today)
        cap = BREACH_CEILING + (100.0 - BREACH_CEILING) * fixed
        if cap < worst:
            state = f"resolved {i.resolved_on}" if i.resolved_on else "unresolved"
            text = (
                f"incident '{i.text}' on {i.at.date()}: the client found out before you told"
                f" them ({state}); trust held at most {cap:.0f} until it is resolved and"
                f" {REPAIR_NEEDED:g} promises are kept after ({fixed * REPAIR_NEEDED:g} so far)"
            )
            worst, why = cap, Reason("trust", text, 0.0, i.at.date())
    return worst, why


# --- Trust and its reasons ----------------------------------------------------------------------
Inputs = dict[str, float | None]  # care, accountability, communication, signs


def _value(x: Inputs, carried: float, cap: float) -> float:
    t = combine_trust(x["care"], x["accountability"], x["communication"])  # type: ignore[arg-type]
    return min(cap, clamp(lift(t, x["signs"]) * carried))


def trust(
    parts: dict[str, Part], ev: Evidence, today: date, half_life: float, explain: bool
) -> Part:
    x: Inputs = {k: parts[k][0] for k in ("care", "accountability", "communication", "signs")}
    if x["care"] is None or x["accountability"] is None or x["communication"] is None:
        return None, []
    carried, handover = carry(ev, today, half_life)
    cap, breach = ceiling(ev, today)
    value = _value(x, carried, cap)
    if not explain:  # the per-reason counterfactuals are most of the cost of a score
        return value, []
    reasons = []
    for name in ("care", "accountability", "communication", "signs"):
        for r in parts[name][1]:
            if r.impact:  # what trust would be without this one piece's effect
                alt = dict(x, **{name: clamp((x[name] or 0.0) - r.impact)})
                reasons.append(Reason("trust", r.text, value - _value(alt, carried, cap), r.on))
    if handover is not None:
        reasons.append(replace(handover, impact=value - _value(x, 1.0, cap)))
    if breach is not None:
        reasons.append(replace(breach, impact=value - _value(x, carried, 100.0)))
    return value, reasons
