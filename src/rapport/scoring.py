"""Trust scoring for rapport: plain data and `now` in, explainable scores out.

Trust = (Care x Accountability) ^ Effective communication, each component 0-100.
This module is pure on purpose (no clock, no database, no I/O, stdlib only) so the
CLI can import it cheaply and tests can pin `now`. See docs/scoring.md for the maths.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

# A promise's verdict (on time, renegotiated, late, broken, overdue) is the one every command
# reports: it lives in rapport.verdicts.
from rapport.defaults import HALF_LIFE_DAYS  # evidence loses half its weight every 90 days
from rapport.verdicts import Move  # a due date moved: the verdicts read it too
from rapport.verdicts import effective_due as _effective_due
from rapport.verdicts import judge as _judge
from rapport.verdicts import original_due as _original_due
from rapport.verdicts import outcome as _outcome

# --- Defaults (each one is explained in docs/scoring.md) -------------------------------------
TOLD_MOVE_CREDIT = 0.9  # moved in time, client told, kept by the new date: nearly as kept
LATE_START = 0.8  # the first day late already costs 20%...
LATE_HALF_LIFE_DAYS = 7.0  # ...and the credit halves again for every further week late
CARRY_OVER = {"plain": 0.4, "introduced": 0.6, "three_way": 0.8}  # handover carry-over
CARE_WEIGHTS = {"reliability": 0.5, "connection": 0.3, "understanding": 0.2}
CONNECTION_WEIGHTS = {"cadence": 0.6, "gratitude": 0.4}
INCIDENT_WEIGHT = 2.0  # a mistake tests accountability more than a routine due date
INCIDENT_PARTS = {"owned": 0.5, "told_first": 0.3, "resolved": 0.2}
RENEGOTIATED_LATE = 0.5  # told the client, but only after the date had passed
TONE = {"warm": 1.0, "neutral": 0.5, "tense": 0.0}
ADVICE_WEIGHT = 2.0  # "what would you do?" is the clearest sign of trust
FIGURES = ("trust", "reliability", "their_reliability", "care", "accountability", "communication")


# --- Public data model ------------------------------------------------------------------------
@dataclass(frozen=True)
class Promise:
    id: int
    text: str
    direction: str  # 'mine' | 'theirs'
    made: date
    due: date  # current (latest) due date
    status: str  # 'open' | 'done' | 'broken' | 'cancelled'
    done_on: date | None = None
    closed_on: date | None = None
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    id: int
    due: date
    status: str  # 'open' | 'done'
    done_on: date | None = None


@dataclass(frozen=True)
class Interaction:
    at: datetime
    channel: str | None = None
    minutes: int | None = None
    planned: int | None = None
    tone: str | None = None  # 'tense' | 'neutral' | 'warm' | None
    thanked: bool = False
    asked_advice: bool = False


@dataclass(frozen=True)
class Incident:
    id: int
    at: datetime
    text: str
    owned: bool = False
    told_first: bool = False
    resolved_on: date | None = None


@dataclass(frozen=True)
class Expectation:
    at: datetime
    text: str
    agreed: bool = False


@dataclass(frozen=True)
class Handover:
    at: datetime
    from_owner: str | None
    to_owner: str
    introduced: bool = False
    three_way: bool = False


@dataclass(frozen=True)
class Evidence:
    contact: str
    channel: str | None = None
    every_days: int | None = None
    created: date | None = None
    promises: tuple[Promise, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    incidents: tuple[Incident, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    handovers: tuple[Handover, ...] = ()


@dataclass(frozen=True)
class Reason:
    figure: str
    text: str
    impact: float  # signed points moved relative to a perfect record (negative = hurt)
    on: date | None = None


@dataclass(frozen=True)
class Scores:
    contact: str
    trust: float | None
    reliability: float | None
    their_reliability: float | None
    care: float | None
    accountability: float | None
    communication: float | None
    overdue: int
    missing: dict[str, str]
    evidence: tuple[Reason, ...]


# --- Small helpers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Item:
    """One scored piece of evidence: value 0..1, dated, with a weight multiplier."""

    text: str
    on: date
    value: float
    weight: float = 1.0


Part = tuple[float | None, list[Reason]]  # a figure's score and the reasons behind it


def _clamp(x: float) -> float:
    return min(100.0, max(0.0, x))


def _naive(dt: datetime) -> datetime:
    # Stored datetimes may be naive or aware; comparing by wall clock avoids a TypeError.
    return dt if dt.tzinfo is None else dt.replace(tzinfo=None)


def _recency(on: date, today: date, half_life: float) -> float:
    return 0.5 ** (max(0, (today - on).days) / half_life)


def _weigh(figure: str, items: list[_Item], today: date, half_life: float) -> Part:
    """Recency-weighted mean; each reason's impact is its share of the gap to 100."""
    weights = [it.weight * _recency(it.on, today, half_life) for it in items]
    total = sum(weights)
    if total <= 0:
        return None, []
    value = 100.0 * sum(w * it.value for w, it in zip(weights, items, strict=True)) / total
    reasons = [
        Reason(figure, it.text, -100.0 * (1.0 - it.value) * w / total + 0.0, it.on)  # no -0.0
        for w, it in zip(weights, items, strict=True)
    ]
    return _clamp(value), reasons


def _blend(figure: str, parts: list[tuple[float, Part]]) -> Part:
    """Weighted mean of the sub-scores present; reasons rescaled so impacts still add up."""
    present = [(w, p) for w, p in parts if p[0] is not None]
    total = sum(w for w, _ in present)
    if total <= 0:
        return None, []
    value = sum(w * p[0] for w, p in present) / total  # type: ignore[operator]
    reasons = [Reason(figure, r.text, r.impact * w / total, r.on) for w, p in present for r in p[1]]
    return _clamp(value), reasons


# --- Promises and follow-ups --------------------------------------------------------------------
def _late_credit(days: int) -> float:
    return LATE_START * 0.5 ** ((days - 1) / LATE_HALF_LIFE_DAYS)


def _unfair_note(p: Promise) -> str:
    if any(not m.told for m in p.moves):
        return " - moved without telling the client"
    if any(m.moved_on > m.old_due for m in p.moves):
        return " - moved only after it was due"
    return ""


def _reliability_item(p: Promise, label: str, today: date) -> _Item | None:
    got = _outcome(p, today)
    if got is None:
        return None
    kind, on = got
    eff, _ = _effective_due(p)
    if kind == "on_time":
        return _Item(f"{label} kept on time (due {_original_due(p)})", on, 1.0)
    if kind == "renegotiated":
        text = f"{label} kept by the renegotiated date {eff} (moved in time, client told)"
        return _Item(text, on, TOLD_MOVE_CREDIT)
    if kind == "late":
        days = (on - eff).days
        text = f"{label} kept {days} days late (due {eff}){_unfair_note(p)}"
        return _Item(text, on, _late_credit(days))
    if kind == "broken":
        return _Item(f"{label} broken (due {eff})", on, 0.0)
    v = _judge(p, today)
    return _Item(f"{label} still open, {v.days_late} days past due (due {v.due})", on, 0.0)


def _followup_as_promise(f: FollowUp) -> Promise:
    return Promise(f.id, "follow-up", "mine", f.due, f.due, f.status, done_on=f.done_on)


def _reliability(ev: Evidence, direction: str, today: date, half_life: float) -> Part:
    label = "your promise" if direction == "mine" else "the client's promise"
    items = [
        _reliability_item(p, f"{label} '{p.text}'", today)
        for p in ev.promises
        if p.direction == direction
    ]
    if direction == "mine":  # following up is part of doing what you said
        items += [
            _reliability_item(_followup_as_promise(f), f"follow-up due {f.due}", today)
            for f in ev.followups
        ]
    figure = "reliability" if direction == "mine" else "their_reliability"
    return _weigh(figure, [it for it in items if it is not None], today, half_life)


# --- Accountability -----------------------------------------------------------------------------
def _promise_accountability(p: Promise, today: date) -> _Item | None:
    got = _outcome(p, today)
    if got is None:
        return None
    kind, on = got
    name = f"'{p.text}'"
    if kind == "on_time":
        return _Item(f"{name} kept by its due date: nothing to answer for", on, 1.0)
    if kind == "renegotiated":
        return _Item(f"{name} renegotiated with the client before it was due", on, 1.0)
    if any(m.told and m.moved_on > m.old_due for m in p.moves):
        text = f"{name} missed; renegotiated only after it was due"
        return _Item(text, on, RENEGOTIATED_LATE)
    return _Item(f"{name} missed without renegotiating first{_unfair_note(p)}", on, 0.0)


def _incident_item(i: Incident) -> _Item:
    flags = {"owned": i.owned, "told_first": i.told_first, "resolved": i.resolved_on is not None}
    value = sum(INCIDENT_PARTS[k] for k, on in flags.items() if on)
    words = [
        "owned" if i.owned else "not owned",
        "client told first" if i.told_first else "client not told first",
        "resolved" if flags["resolved"] else "unresolved",
    ]
    text = f"incident '{i.text}': {', '.join(words)}"
    return _Item(text, i.at.date(), value, INCIDENT_WEIGHT)


def _accountability(ev: Evidence, today: date, half_life: float) -> Part:
    items = [_promise_accountability(p, today) for p in ev.promises if p.direction == "mine"]
    items += [_incident_item(i) for i in ev.incidents]
    return _weigh("accountability", [it for it in items if it], today, half_life)


# --- Care: reliability, human connection, mutual understanding ----------------------------------
def _cadence(ev: Evidence, today: date, half_life: float) -> Part:
    if not ev.every_days or ev.every_days <= 0:
        return None, []
    days = sorted({i.at.date() for i in ev.interactions})
    if ev.created and (not days or ev.created < days[0]):
        days.insert(0, ev.created)
    every = ev.every_days
    items = []
    for start, end in zip(days, days[1:], strict=False):
        gap = (end - start).days
        if gap > every:
            text = f"{gap} days without contact ({start} to {end}) against a {every}-day rhythm"
            items.append(_Item(text, end, every / gap))
        else:
            text = f"in touch within the {every}-day rhythm ({start} to {end})"
            items.append(_Item(text, end, 1.0))
    # The running gap only counts once it is overdue; an unfinished short gap proves nothing.
    if days and (today - days[-1]).days > every:
        gap = (today - days[-1]).days
        text = f"{gap} days since the last contact ({days[-1]}) against a {every}-day rhythm"
        items.append(_Item(text, today, every / gap))
    return _weigh("care", items, today, half_life)


def _gratitude(ev: Evidence, today: date, half_life: float) -> Part:
    if not ev.interactions:
        return None, []
    thanks = [i.at.date() for i in ev.interactions if i.thanked]
    # One fresh thank-you is enough; its effect fades with the half-life.
    level = min(1.0, sum(_recency(d, today, half_life) for d in thanks))
    if thanks:
        times = "once" if len(thanks) == 1 else f"{len(thanks)} times"
        text = f"thanked the client {times}, most recently on {max(thanks)}"
    else:
        text = "no thanks shown to the client on record"
    on = max(thanks) if thanks else None
    return 100.0 * level, [Reason("care", text, 100.0 * (level - 1.0), on)]


def _understanding(ev: Evidence) -> Part:
    # A state, not an event: expectations set at the start do not go stale, so no decay.
    if not ev.expectations:
        return 0.0, [Reason("care", "no client expectations recorded", -100.0, None)]
    agreed = sum(e.agreed for e in ev.expectations)
    level = (agreed + 0.5 * (len(ev.expectations) - agreed)) / len(ev.expectations)
    text = f"{agreed} of {len(ev.expectations)} recorded expectation(s) agreed with the client"
    return 100.0 * level, [Reason("care", text, 100.0 * (level - 1.0), None)]


def _care(ev: Evidence, reliability: Part, today: date, half_life: float) -> Part:
    if reliability[0] is None:  # care without any record of doing what you said is a guess
        return None, []
    connection = _blend(
        "care",
        [
            (CONNECTION_WEIGHTS["cadence"], _cadence(ev, today, half_life)),
            (CONNECTION_WEIGHTS["gratitude"], _gratitude(ev, today, half_life)),
        ],
    )
    value, reasons = _blend(
        "care",
        [
            (CARE_WEIGHTS["reliability"], reliability),
            (CARE_WEIGHTS["connection"], connection),
            (CARE_WEIGHTS["understanding"], _understanding(ev)),
        ],
    )
    if connection[0] is None:
        reasons.append(Reason("care", "no contact rhythm or interactions: connection unscored", 0))
    return value, reasons


# --- Communication ------------------------------------------------------------------------------
def _signals(i: Interaction, preferred: str | None) -> list[tuple[float, float, str]]:
    """(weight, value 0..1, words) for each communication signal this interaction records."""
    out = []
    if preferred and i.channel:
        same = i.channel.strip().lower() == preferred.strip().lower()
        words = f"by {i.channel}" + ("" if same else f", not the preferred {preferred}")
        out.append((1.0, float(same), words))
    if i.minutes is not None and i.planned and i.planned > 0:
        fit = min(1.0, i.planned / i.minutes) if i.minutes > 0 else 1.0
        out.append((1.0, fit, f"{i.minutes} of {i.planned} planned minutes"))
    if i.tone in TONE:
        out.append((1.0, TONE[i.tone], f"{i.tone} tone"))
    if i.asked_advice:  # its absence is not a failure, so it only ever adds a full mark
        out.append((ADVICE_WEIGHT, 1.0, "the client asked what you would do"))
    return out


def _communication(ev: Evidence, today: date, half_life: float) -> Part:
    items = []
    for i in ev.interactions:
        sig = _signals(i, ev.channel)
        if sig:
            value = sum(w * v for w, v, _ in sig) / sum(w for w, _, _ in sig)
            text = f"contact on {i.at.date()}: " + ", ".join(words for *_, words in sig)
            items.append(_Item(text, i.at.date(), value))
    return _weigh("communication", items, today, half_life)


# --- Trust --------------------------------------------------------------------------------------
def combine_trust(care: float, accountability: float, communication: float) -> float:
    """Trust = (Care x Accountability) ^ e, with e = 2 ** ((50 - communication) / 50).

    Communication 50 leaves the product as it is; 100 takes its square root (amplifies),
    0 squares it (dampens). The base is <= 1, so a smaller exponent never lowers trust.
    """
    base = (_clamp(care) / 100.0) * (_clamp(accountability) / 100.0)
    exponent = 2.0 ** ((50.0 - _clamp(communication)) / 50.0)
    return _clamp(100.0 * base**exponent)


def _latest_handover(ev: Evidence) -> Handover | None:
    real = [h for h in ev.handovers if h.from_owner and h.from_owner != h.to_owner]
    return max(real, key=lambda h: _naive(h.at)) if real else None


def carry_factor(h: Handover) -> float:
    if h.three_way:
        return CARRY_OVER["three_way"]
    return CARRY_OVER["introduced"] if h.introduced else CARRY_OVER["plain"]


def _evidence_dates(ev: Evidence) -> list[date]:
    # Dates are fixed by what happened, not by how it is judged, so told/owned/tone never move them.
    dates = [
        p.done_on or p.closed_on or p.made
        for p in ev.promises
        if p.direction == "mine" and p.status != "cancelled"
    ]
    return dates + [i.at.date() for i in ev.interactions] + [x.at.date() for x in ev.incidents]


def _carry(ev: Evidence, today: date, half_life: float) -> tuple[float, Reason | None]:
    """Share of trust that survives the latest handover (1.0 without one)."""
    h = _latest_handover(ev)
    if h is None:
        return 1.0, None
    cut, factor = h.at.date(), carry_factor(h)
    pre = sum(_recency(d, today, half_life) for d in _evidence_dates(ev) if d < cut)
    post = sum(_recency(d, today, half_life) for d in _evidence_dates(ev) if d >= cut)
    share = pre / (pre + post) if pre + post > 0 else 1.0
    how = "three-way meeting" if h.three_way else "introduced" if h.introduced else "plain"
    text = (
        f"handed over from {h.from_owner} to {h.to_owner} ({how}): {share:.0%} of the record "
        f"predates it and carries over at {factor:.0%}"
    )
    return 1.0 - share * (1.0 - factor), Reason("trust", text, 0.0, cut)


def _trust(
    parts: dict[str, Part], carry: float, handover: Reason | None, explain: bool = True
) -> Part:
    c, a, m = (parts[k][0] for k in ("care", "accountability", "communication"))
    if c is None or a is None or m is None:
        return None, []
    trust = combine_trust(c, a, m) * carry
    if not explain:  # the per-reason counterfactuals are most of the cost of a score
        return _clamp(trust), []
    reasons = []
    for name in ("care", "accountability", "communication"):
        for r in parts[name][1]:
            if r.impact:  # what trust would be if this one piece were perfect
                fixed = {"care": c, "accountability": a, "communication": m}
                fixed[name] = min(100.0, fixed[name] - r.impact)
                alt = combine_trust(**fixed) * carry
                reasons.append(Reason("trust", r.text, trust - alt, r.on))
    if handover is not None:
        reasons.append(replace(handover, impact=trust - combine_trust(c, a, m)))
    return _clamp(trust), reasons


# --- Evidence as it stood at a moment -----------------------------------------------------------
def _on_or_before(at: datetime, moment: datetime) -> bool:
    return _naive(at) <= _naive(moment)


def _promise_as_of(p: Promise, day: date) -> Promise:
    moves = tuple(m for m in p.moves if m.moved_on <= day)
    due = p.due if len(moves) == len(p.moves) else p.moves[len(moves)].old_due
    status, done_on, closed_on = p.status, p.done_on, p.closed_on
    if (status == "done" and done_on and done_on > day) or (closed_on and closed_on > day):
        status, done_on, closed_on = "open", None, None
    return replace(p, due=due, status=status, done_on=done_on, closed_on=closed_on, moves=moves)


def as_of(ev: Evidence, moment: datetime) -> Evidence:
    """The evidence as it stood at `moment`: later events removed, later outcomes undone."""
    day = moment.date()
    if ev.created and ev.created > day:
        return Evidence(ev.contact, ev.channel, ev.every_days, ev.created)
    followups = tuple(
        replace(f, status="open", done_on=None) if f.done_on and f.done_on > day else f
        for f in ev.followups
    )
    incidents = tuple(
        replace(i, resolved_on=None) if i.resolved_on and i.resolved_on > day else i
        for i in ev.incidents
        if _on_or_before(i.at, moment)
    )
    return replace(
        ev,
        promises=tuple(_promise_as_of(p, day) for p in ev.promises if p.made <= day),
        followups=followups,
        interactions=tuple(i for i in ev.interactions if _on_or_before(i.at, moment)),
        incidents=incidents,
        expectations=tuple(e for e in ev.expectations if _on_or_before(e.at, moment)),
        handovers=tuple(h for h in ev.handovers if _on_or_before(h.at, moment)),
    )


# --- Public entry points ------------------------------------------------------------------------
_WHY = {
    "reliability": "no promises or follow-ups of yours have come due yet",
    "their_reliability": "no promises from the client have come due yet",
    "care": "no promises or follow-ups of yours have come due yet (reliability is part of care)",
    "accountability": "no promises of yours have come due and no incidents are recorded",
    "communication": "no interactions with channel, timing, tone or advice recorded",
}


def score(
    ev: Evidence, now: datetime, half_life_days: float = HALF_LIFE_DAYS, explain: bool = True
) -> Scores:
    """All figures for one contact as of `now`. With explain=False the figures are the same
    but trust's own reasons are not worked out (for history points and trends)."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    ev, today = as_of(ev, now), now.date()
    parts: dict[str, Part] = {
        "reliability": _reliability(ev, "mine", today, half_life_days),
        "their_reliability": _reliability(ev, "theirs", today, half_life_days),
        "accountability": _accountability(ev, today, half_life_days),
        "communication": _communication(ev, today, half_life_days),
    }
    parts["care"] = _care(ev, parts["reliability"], today, half_life_days)
    parts["trust"] = _trust(parts, *_carry(ev, today, half_life_days), explain=explain)
    missing = {k: why for k, why in _WHY.items() if parts[k][0] is None}
    if parts["trust"][0] is None:
        gaps = [k for k in ("care", "accountability", "communication") if k in missing]
        missing["trust"] = "needs care, accountability and communication; no number yet for " + (
            ", ".join(f"{k} ({missing[k]})" for k in gaps)
        )
    reasons = [r for k in FIGURES for r in parts[k][1]]
    reasons.sort(key=lambda r: (-abs(r.impact), -(r.on or date.min).toordinal(), r.figure, r.text))
    overdue = sum(
        1
        for p in ev.promises
        if p.direction == "mine" and _outcome(p, today) == ("overdue", today)
    )
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
    """The piece of evidence that moves trust most; None when nothing holds trust back."""
    moving = [r for r in scores.evidence if r.figure == "trust" and abs(r.impact) > 1e-9]
    return max(moving, key=lambda r: abs(r.impact), default=None)
