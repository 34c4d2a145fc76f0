"""The trust model's constants, its plain data, and the recency-weighted sum it is built on.

Every constant is explained, with its reason from the literature, in docs/scoring.md.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from rapport.defaults import HALF_LIFE_DAYS  # evidence loses half its weight every 90 days
from rapport.verdicts import Move  # a due date moved: the verdicts read it too

__all__ = ["HALF_LIFE_DAYS", "Move"]  # re-exported with everything defined below

# --- Promises: per-verdict values, size, attitude -------------------------------------------------
TOLD_MOVE_CREDIT = 0.9  # moved in time, client told, kept by the new date: nearly as kept
LATE_START = 0.8  # the first day late already costs 20%...
LATE_HALF_LIFE_DAYS = 7.0  # ...and the credit halves again for every further week late
RENEGOTIATED_LATE = 0.5  # told the client, but only after the date had passed
SIZES = ("small", "normal", "big")
SIZE_WEIGHT = {"small": 0.5, "normal": 1.0, "big": 4.0}  # trust is lost in one big event
# How much a deviation's shortfall (1 - value) is multiplied by for each attitude. None is a
# client whose attitude is not recorded: the plain values. A situational client is rigid about
# a matter they stated an expectation for, and plain about the rest (see matter_of).
ATTITUDES = ("rigid", "flexible", "situational")
ATTITUDE_FACTOR = {"rigid": 3.0, "situational": 1.0, "flexible": 0.5, None: 1.0}

# --- Incidents ------------------------------------------------------------------------------------
INCIDENT_WEIGHT = 2.0  # a mistake tests accountability more than a routine due date
INCIDENT_PARTS = {"owned": 0.5, "told_first": 0.3, "resolved": 0.2}
BREACH_CEILING = 45.0  # trust while an incident the client found out about is unresolved
REPAIR_NEEDED = 3.0  # normal promises kept after it is resolved before the ceiling lifts

# --- Care -----------------------------------------------------------------------------------------
# Behaviour (promises kept, expectations met; the rhythm kept) outweighs bookkeeping.
CARE_WEIGHTS = {"reliability": 0.55, "rhythm": 0.30, "gratitude": 0.075, "understanding": 0.075}
EXPECTATION_GRACE_DAYS = 30  # expectations recorded within a month of the start count fully
EXPECTATION_LATE_HALF_LIFE = 90.0  # later ones count half as much for every further 90 days
EXPECTATION_MISS_WEIGHT = 1.0  # missing what the client said they expect: a broken promise

# --- Communication and the client's signs of trust ------------------------------------------------
TONE = {"warm": 1.0, "neutral": 0.5, "tense": 0.0}
BIG_PICTURE_TIME_WEIGHT = 2.0  # a big-picture client judges a meeting by its length
SIGN_KINDS = ("asked-advice", "referral", "shared-plans", "introduction")
SIGN_WEIGHT = {"asked-advice": 0.5, "shared-plans": 0.5, "referral": 1.0, "introduction": 1.0}
SIGN_LIFT = 0.3  # full signs of trust close 30% of the gap between trust and 100

CARRY_OVER = {"plain": 0.4, "introduced": 0.6, "three_way": 0.8}  # handover carry-over
FIGURES = (
    "trust",
    "reliability",
    "their_reliability",
    "care",
    "accountability",
    "communication",
    "signs",
)


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
    size: str = "normal"  # 'small' | 'normal' | 'big'


@dataclass(frozen=True)
class FollowUp:
    id: int
    due: date
    status: str  # 'open' | 'done' | 'broken' (dropped without agreement) | 'cancelled'
    done_on: date | None = None
    text: str = "follow up"
    closed_on: date | None = None
    made: date | None = None


@dataclass(frozen=True)
class Interaction:
    at: datetime
    channel: str | None = None
    minutes: int | None = None
    planned: int | None = None
    tone: str | None = None  # 'tense' | 'neutral' | 'warm' | None
    thanked: bool = False
    asked_advice: bool = False  # a sign of trust (see Sign), recorded with the interaction
    summary: str = ""  # what happened (its start is enough: it names the contact in reasons)


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
class Sign:
    """Something the client did that shows trust: asked advice, referred someone, ..."""

    at: datetime
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Base:
    """Evidence folded into running sums (scoring/sums.py): every piece settled on or before
    `anchor`, weighted 2 ** ((on - anchor) / half_life), so no weight grows past 1 however
    long the history. Valid for scoring any moment after `anchor`."""

    anchor: date
    half_life: float
    sums: dict  # series -> (Σw, Σwv) of folded pieces, weights against `anchor`
    counts: dict  # series -> how many pieces were folded
    # Open promises overdue on every day after `anchor`: dated today, so weight = multiplier.
    today_terms: dict  # series -> (Σw, Σwv)
    overdue: int = 0  # my open promises among them
    first_day: date | None = None  # the first interaction folded
    last_day: date | None = None  # the last contact day folded (the rhythm goes on from it)
    last_at: datetime | None = None  # the latest interaction folded
    before: dict = field(default_factory=dict)  # handover day -> Σw of folded dates before it
    kept_after: dict = field(default_factory=dict)  # incident id -> kept since its resolution


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
    attitude: str | None = None  # 'rigid' | 'flexible' | 'situational' | None
    style: str | None = None  # free text; 'detail' and 'big-picture' are read (see style_of)
    signs: tuple[Sign, ...] = ()
    base: Base | None = None  # what is folded into running sums; None: all evidence is here


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
    signs: float | None = None


# --- The recency-weighted sum every figure is built from ------------------------------------------
@dataclass(frozen=True)
class Item:
    """One scored piece of evidence: value 0..1, dated, with a weight multiplier."""

    text: str
    on: date
    value: float
    weight: float = 1.0


Part = tuple[float | None, list[Reason]]  # a figure's score and the reasons behind it


def last_contact(ev: Evidence) -> datetime | None:
    """The latest interaction, folded into running sums or not."""
    folded = [ev.base.last_at] if ev.base and ev.base.last_at else []
    return max([i.at for i in ev.interactions] + folded, default=None)


def clamp(x: float) -> float:
    return min(100.0, max(0.0, x))


def naive(dt: datetime) -> datetime:
    # Stored datetimes may be naive or aware; comparing by wall clock avoids a TypeError.
    return dt if dt.tzinfo is None else dt.replace(tzinfo=None)


def recency(on: date, today: date, half_life: float) -> float:
    return 0.5 ** (max(0, (today - on).days) / half_life)


def folded(ev: Evidence, series: str, today: date, half_life: float) -> tuple[float, float]:
    """(Σw, Σwv) of the pieces of `series` folded into ev.base, weighted as of `today`."""
    b = ev.base
    if b is None:
        return 0.0, 0.0
    if b.half_life != half_life:
        raise ValueError("running sums were kept for another half-life")
    factor = 0.5 ** ((today - b.anchor).days / half_life)
    w, wv = b.sums.get(series, (0.0, 0.0))
    tw, twv = b.today_terms.get(series, (0.0, 0.0))
    return w * factor + tw, wv * factor + twv


def count(ev: Evidence, series: str) -> int:
    return ev.base.counts.get(series, 0) if ev.base else 0


def weigh(
    figure: str,
    items: list[Item],
    today: date,
    half_life: float,
    extra: tuple[float, float] = (0.0, 0.0),
) -> Part:
    """Recency-weighted mean 100 * Σwv / Σw; each reason's impact is its share of the gap.

    Kept as two sums on purpose: `extra` is (Σw, Σwv) of pieces folded into running sums.
    """
    weights = [it.weight * recency(it.on, today, half_life) for it in items]
    total = sum(weights) + extra[0]
    if total <= 0:
        return None, []
    value = sum(w * it.value for w, it in zip(weights, items, strict=True)) + extra[1]
    value = 100.0 * value / total
    reasons = [
        Reason(figure, it.text, -100.0 * (1.0 - it.value) * w / total + 0.0, it.on)  # no -0.0
        for w, it in zip(weights, items, strict=True)
    ]
    return clamp(value), reasons


def blend(figure: str, parts: list[tuple[float, Part]]) -> Part:
    """Weighted mean of the sub-scores present; reasons rescaled so impacts still add up."""
    present = [(w, p) for w, p in parts if p[0] is not None]
    total = sum(w for w, _ in present)
    if total <= 0:
        return None, []
    value = sum(w * p[0] for w, p in present) / total  # type: ignore[operator]
    reasons = [Reason(figure, r.text, r.impact * w / total, r.on) for w, p in present for r in p[1]]
    return clamp(value), reasons


def gist(text: str, width: int = 40) -> str:
    """The first line of a text, cut to `width` characters: enough to name an item."""
    first = (text.strip().splitlines() or [""])[0].strip()
    return first if len(first) <= width else first[: width - 1] + "…"


def style_of(ev: Evidence) -> str | None:
    """'detail', 'big-picture' or None, read from the free-text business style."""
    words = (ev.style or "").casefold()
    if "detail" in words:
        return "detail"
    if "big" in words and "picture" in words:
        return "big-picture"
    return None
