"""Trust scoring for rapport: plain data and `now` in, explainable scores out.

Trust = (Care x Accountability) ^ Effective communication, lifted by the client's own signs
of trust, each component 0-100. Pure on purpose (no clock, no database, no I/O, stdlib only)
so the CLI can import it cheaply and tests can pin `now`. See docs/scoring.md for the maths.

Modules: `model` (constants, data, the weighted sum), `promises` (verdict values, reliability,
accountability, attitude, size; the verdicts themselves are rapport.verdicts), `care`,
`trust` (communication, signs, combining, reasons).
"""

from dataclasses import replace
from datetime import date, datetime, timedelta

from rapport.scoring.care import care
from rapport.scoring.model import (
    ATTITUDE_FACTOR,
    ATTITUDES,
    FIGURES,
    HALF_LIFE_DAYS,
    SIGN_KINDS,
    SIZE_WEIGHT,
    SIZES,
    Evidence,
    Expectation,
    FollowUp,
    Handover,
    Incident,
    Interaction,
    Move,
    Part,
    Promise,
    Reason,
    Scores,
    Sign,
    last_contact,
    naive,
)
from rapport.scoring.promises import (
    Verdict,
    accountability,
    reliability,
    reliability_items,
    verdict,
)
from rapport.scoring.trust import carry_factor, combine_trust, communication, lift, signs, trust

__all__ = [
    "ATTITUDES",
    "ATTITUDE_FACTOR",
    "FIGURES",
    "HALF_LIFE_DAYS",
    "SIGN_KINDS",
    "SIZES",
    "SIZE_WEIGHT",
    "Evidence",
    "Expectation",
    "FollowUp",
    "Handover",
    "Incident",
    "Interaction",
    "Move",
    "Promise",
    "Reason",
    "Scores",
    "Sign",
    "Verdict",
    "as_of",
    "carry_factor",
    "combine_trust",
    "last_contact",
    "lift",
    "score",
    "top_reason",
    "trend",
    "verdict",
]


# --- Evidence as it stood at a moment -----------------------------------------------------------
def _on_or_before(at: datetime, moment: datetime) -> bool:
    return naive(at) <= naive(moment)


def _promise_as_of(p: Promise, day: date) -> Promise:
    moves = tuple(m for m in p.moves if m.moved_on <= day)
    due = p.due if len(moves) == len(p.moves) else p.moves[len(moves)].old_due
    status, done_on, closed_on = p.status, p.done_on, p.closed_on
    if (status == "done" and done_on and done_on > day) or (closed_on and closed_on > day):
        status, done_on, closed_on = "open", None, None
    return replace(p, due=due, status=status, done_on=done_on, closed_on=closed_on, moves=moves)


def _followup_as_of(f: FollowUp, day: date) -> FollowUp:
    if (f.done_on and f.done_on > day) or (f.closed_on and f.closed_on > day):
        return replace(f, status="open", done_on=None, closed_on=None)
    return f


def as_of(ev: Evidence, moment: datetime) -> Evidence:
    """The evidence as it stood at `moment`: later events removed, later outcomes undone."""
    day = moment.date()
    if ev.base is not None and day <= ev.base.anchor:
        raise ValueError(f"running sums folded up to {ev.base.anchor} cannot say {day}")
    if ev.created and ev.created > day:
        return Evidence(ev.contact, ev.channel, ev.every_days, ev.created)
    incidents = tuple(
        replace(i, resolved_on=None) if i.resolved_on and i.resolved_on > day else i
        for i in ev.incidents
        if _on_or_before(i.at, moment)
    )
    return replace(
        ev,
        promises=tuple(_promise_as_of(p, day) for p in ev.promises if p.made <= day),
        followups=tuple(
            _followup_as_of(f, day) for f in ev.followups if f.made is None or f.made <= day
        ),
        interactions=tuple(i for i in ev.interactions if _on_or_before(i.at, moment)),
        incidents=incidents,
        expectations=tuple(e for e in ev.expectations if _on_or_before(e.at, moment)),
        handovers=tuple(h for h in ev.handovers if _on_or_before(h.at, moment)),
        signs=tuple(s for s in ev.signs if _on_or_before(s.at, moment)),
    )


# --- Public entry points ------------------------------------------------------------------------
_WHY = {
    "reliability": "no promises or follow-ups of yours have come due yet",
    "their_reliability": "no promises from the client have come due yet",
    "care": "no promises or follow-ups of yours have come due yet (reliability is part of care)",
    "accountability": "no promises of yours have come due and no incidents are recorded",
    "communication": "no interactions with channel, timing or tone recorded",
    "signs": "no signs of trust from the client recorded (asked advice, referral, ...)",
}


def score(
    ev: Evidence, now: datetime, half_life_days: float = HALF_LIFE_DAYS, explain: bool = True
) -> Scores:
    """All figures for one contact as of `now`. With explain=False the figures are the same
    but trust's own reasons are not worked out and no evidence is listed (for history
    points, trends and lists of figures)."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    ev, today, days = as_of(ev, now), now.date(), half_life_days
    mine = reliability_items(ev, "mine", today)  # reliability's pieces are part of care's
    parts: dict[str, Part] = {
        "reliability": reliability(ev, "mine", today, days, mine),
        "their_reliability": reliability(ev, "theirs", today, days),
        "accountability": accountability(ev, today, days),
        "communication": communication(ev, today, days),
        "signs": signs(ev, today, days),
        "care": care(ev, today, days, mine),
    }
    parts["trust"] = trust(parts, ev, today, days, explain)
    missing = {k: why for k, why in _WHY.items() if parts[k][0] is None}
    if parts["trust"][0] is None:
        gaps = [k for k in ("care", "accountability", "communication") if k in missing]
        missing["trust"] = "needs care, accountability and communication; no number yet for " + (
            ", ".join(f"{k} ({missing[k]})" for k in gaps)
        )
    reasons = [r for k in FIGURES for r in parts[k][1]] if explain else []
    reasons.sort(key=lambda r: (-abs(r.impact), -(r.on or date.min).toordinal(), r.figure, r.text))
    overdue = sum(  # the verdict's overdue: past the date the client was last told
        1
        for p in ev.promises
        if p.direction == "mine" and (v := verdict(p, today)) and v.kind == "overdue"
    ) + (ev.base.overdue if ev.base else 0)
    values = {k: parts[k][0] for k in FIGURES}
    return Scores(ev.contact, overdue=overdue, missing=missing, evidence=tuple(reasons), **values)


def trend(
    ev: Evidence,
    now: datetime,
    days: int = 30,
    half_life_days: float = HALF_LIFE_DAYS,
    current: float | None = None,
) -> float | None:
    """Trust now minus trust `days` ago. Pass `current` (trust now) if already scored."""
    then = score(ev, now - timedelta(days=days), half_life_days, explain=False).trust
    if current is None:
        current = score(ev, now, half_life_days, explain=False).trust
    return None if then is None or current is None else current - then


def top_reason(scores: Scores) -> Reason | None:
    """The piece of evidence that holds trust back most; None when nothing does."""
    holding = [r for r in scores.evidence if r.figure == "trust" and r.impact < -1e-9]
    return min(holding, key=lambda r: r.impact, default=None)
