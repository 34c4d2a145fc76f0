"""Running sums: a contact's evidence folded so that scoring it reads a handful of numbers.

Every recency-weighted mean is Σwv / Σw. Weighing each piece against a fixed day, the
`anchor`, with 2 ** ((on - anchor) / half_life), a new day multiplies every weight by the same
factor, so the folded pieces of a figure are two numbers that change only when the contact's
evidence is written. `fold` moves every piece that is settled by the anchor (kept, broken,
cancelled promises and follow-ups; interactions; signs; the rhythm's closed gaps) into an
`Evidence.base`, and open promises already overdue on every later day into terms dated
"today"; what is left (incidents, expectations, handovers, the last weeks, promises still to
come due) stays as evidence and is scored at read time by the same functions. So
`score(fold(ev, anchor), now) == score(ev, now)` for every `now` after the anchor, up to
float rounding (tests/test_running_sums.py).

The anchor is re-based at every fold (the day a contact's evidence is written, minus
FOLD_KEEP_DAYS), so weights stay at most 1: no overflow however long the history.

`summary` is what a store keeps per contact; `encode`/`decode` turn it into JSON and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from rapport.scoring import model
from rapport.scoring.care import contact_days, gap_pieces, missed_expectations
from rapport.scoring.model import (
    Base,
    Evidence,
    Expectation,
    FollowUp,
    Handover,
    Incident,
    Interaction,
    Item,
    Move,
    Promise,
    Sign,
    last_contact,
)
from rapport.scoring.promises import (
    _promise_accountability,
    followup_as_promise,
    kept_since,
    matter_words,
    reliability_item,
    verdict,
)
from rapport.scoring.trust import communication_values, dates_of, sign_weight

# Trend (30 days) and the review of a month need the last weeks as evidence: they are
# scored "as of" a day up to 30 days back, which must come after the anchor.
FOLD_KEEP_DAYS = 31
POINTS_KEEP_DAYS = 200  # month-end points (the 6-month sparkline) are scored from this fold


# --- Folding -----------------------------------------------------------------------------------
def settled_by(p: Promise) -> date | None:
    """The last day anything about a settled promise happened; None while it is open."""
    if p.status not in ("done", "broken", "cancelled"):
        return None
    days = [p.made, p.due, p.done_on, p.closed_on, *(m.moved_on for m in p.moves)]
    return max(d for d in days if d is not None)


def _matter_settled(ev: Evidence, text: str, anchor: date) -> bool:
    """No expectation on the same matter was recorded after the anchor: the attitude and the
    missed-expectation test give the same answer on every later day."""
    words = matter_words(text)
    return not any(e.at.date() > anchor and words & matter_words(e.text) for e in ev.expectations)


def _always_overdue(ev: Evidence, p: Promise, anchor: date) -> bool:
    if p.status != "open" or p.made > anchor or any(m.moved_on > anchor for m in p.moves):
        return False
    v = verdict(p, anchor + timedelta(days=1))
    return v is not None and v.kind == "overdue" and _matter_settled(ev, p.text, anchor)


class _Sums:
    """Accumulates (Σw, Σwv) per series against the anchor."""

    def __init__(self, base: Base | None, anchor: date, half_life: float):
        self.anchor, self.half_life = anchor, half_life
        self.sums: dict[str, list[float]] = {}
        self.today: dict[str, list[float]] = {}
        self.counts: dict[str, int] = {}
        self._weights: dict[date, float] = {}
        if base is not None:  # re-base the earlier fold's sums to the new anchor
            scale = 0.5 ** ((anchor - base.anchor).days / half_life)
            self.sums = {k: [w * scale, wv * scale] for k, (w, wv) in base.sums.items()}
            self.today = {k: list(v) for k, v in base.today_terms.items()}
            self.counts = dict(base.counts)

    def weight(self, on: date) -> float:
        w = self._weights.get(on)
        if w is None:  # a day's weight is worked out once: a history has thousands of pieces
            w = self._weights[on] = 2.0 ** ((on - self.anchor).days / self.half_life)
        return w

    def add(self, series: str, item: Item | None, today: bool = False) -> None:
        if item is None:
            return
        known = self._weights
        w = item.weight * (1.0 if today else known[item.on] if item.on in known
                           else self.weight(item.on))
        acc = (self.today if today else self.sums).setdefault(series, [0.0, 0.0])
        acc[0] += w
        acc[1] += w * item.value
        self.counts[series] = self.counts.get(series, 0) + 1

    def add_all(self, series: str, pieces: Iterable[tuple[date, float, float]]) -> None:
        """`add` of each (day, value, weight) piece in turn, without an Item for each: the
        same sums, float for float."""
        acc, n, known, weight = None, 0, self._weights, self.weight
        for on, value, multiplier in pieces:
            if acc is None:
                acc = self.sums.setdefault(series, [0.0, 0.0])
            w = multiplier * (known[on] if on in known else weight(on))
            acc[0] += w
            acc[1] += w * value
            n += 1
        if n:
            self.counts[series] = self.counts.get(series, 0) + n

    def total(self, days: list[date]) -> float:
        """Σ weight(day), summed in the order of `days` (the same float as adding each)."""
        for day in set(days).difference(self._weights):
            self.weight(day)
        return sum(map(self._weights.__getitem__, days))

    def tally(self, series: str, n: int = 1) -> None:
        self.counts[series] = self.counts.get(series, 0) + n


def fold(ev: Evidence, anchor: date, half_life: float = model.HALF_LIFE_DAYS) -> Evidence:
    """`ev` with every piece settled by `anchor` folded into running sums (ev.base)."""
    old = ev.base
    if old is not None and anchor < old.anchor:
        raise ValueError("a fold only moves forward")
    acc = _Sums(old, anchor, half_life)
    kinds = [("your promise" if p.direction == "mine" else "the client's promise", p)
             for p in ev.promises]
    kinds += [("follow-up", followup_as_promise(f)) for f in ev.followups]
    done = [n for n, (_, p) in enumerate(kinds) if (s := settled_by(p)) and s <= anchor]
    late = [n for n, (_, p) in enumerate(kinds) if _always_overdue(ev, p, anchor)]
    if done or late:  # what the promise rules read of the contact, the promises left out
        sub = replace(ev, promises=(), followups=(), incidents=(), base=None)
        _fold_promises(sub, acc, [kinds[n] for n in done], False)
        _fold_promises(sub, acc, [kinds[n] for n in late], True)
    overdue = sum(1 for n in late if kinds[n][0] == "your promise")
    gone = set(done) | set(late)
    folded_p = [kinds[n] for n in sorted(gone)]
    inter = [i for i in ev.interactions if i.at.date() <= anchor]
    _fold_interactions(ev, acc, inter)
    signs = [s for s in ev.signs if s.at.date() <= anchor]
    for s in signs:
        acc.add("signs", Item("", s.at.date(), 0.0, sign_weight(s)))
    last_day = _fold_rhythm(ev, acc, anchor)
    mine = tuple(p for k, p in folded_p if k == "your promise")
    dates = dates_of(mine, inter, ())
    acc.sums.setdefault("dates", [0.0, 0.0])[0] += acc.total(dates)
    before = {
        h.at.date(): (old.before.get(h.at.date(), 0.0) * _scale(old, anchor, half_life) if old
                      else 0.0) + sum(acc.weight(d) for d in dates if d < h.at.date())
        for h in ev.handovers
    }
    kept_after = _kept_after(ev, [kinds[n] for n in done], inter, anchor)
    firsts = [i.at.date() for i in inter] + ([old.first_day] if old and old.first_day else [])
    lasts = [i.at for i in inter] + ([old.last_at] if old and old.last_at else [])
    base = Base(
        anchor=anchor,
        half_life=half_life,
        sums={k: (w, wv) for k, (w, wv) in acc.sums.items()},
        counts=acc.counts,
        today_terms={k: (w, wv) for k, (w, wv) in acc.today.items()},
        overdue=(old.overdue if old else 0) + overdue,
        first_day=min(firsts, default=None),
        last_day=last_day,
        last_at=max(lasts, default=None),
        before=before,
        kept_after=kept_after,
    )
    n_promises = len(ev.promises)
    return replace(
        ev,
        promises=tuple(p for n, p in enumerate(ev.promises) if n not in gone),
        followups=tuple(f for n, f in enumerate(ev.followups) if n + n_promises not in gone),
        interactions=tuple(i for i in ev.interactions if i.at.date() > anchor),
        signs=tuple(s for s in ev.signs if s.at.date() > anchor),
        base=base,
    )


def _kept_after(
    ev: Evidence, done: list[tuple[str, Promise]], inter: list[Interaction], anchor: date
) -> dict[int, float]:
    """For each resolved incident, my promises and follow-ups kept since (the repair)."""
    resolved = [i for i in ev.incidents if i.resolved_on is not None]
    if not resolved:  # most contacts: spare building the evidence below
        return {}
    kept = tuple(p for kind, p in done if kind != "the client's promise")
    kept_ev = replace(ev, promises=kept, followups=(), interactions=tuple(inter), incidents=(),
                      base=None)
    old = ev.base.kept_after if ev.base else {}
    return {
        i.id: old.get(i.id, 0.0) + kept_since(kept_ev, i.resolved_on, anchor) for i in resolved
    }


def _scale(old: Base, anchor: date, half_life: float) -> float:
    return 0.5 ** ((anchor - old.anchor).days / half_life)


def _fold_promises(
    sub: Evidence, acc: _Sums, pieces: list[tuple[str, Promise]], overdue: bool
) -> None:
    """Reliability, accountability and missed expectations of settled (or always overdue)
    promises and follow-ups; an overdue one is scored as of any day after the anchor. `sub`
    is the contact without its promises, follow-ups, incidents and sums."""
    if not pieces:
        return
    day = acc.anchor + timedelta(days=1)
    for kind, p in pieces:
        series = "their_reliability" if kind == "the client's promise" else "reliability"
        acc.add(series, reliability_item(sub, p, kind, day, words=False), overdue)
        if kind == "your promise":
            acc.add("accountability", _promise_accountability(sub, p, day), overdue)
    if not sub.expectations:  # none to miss: spare building the sub-evidence below
        return
    mine = [p for k, p in pieces if k == "your promise"]
    follow = [p for k, p in pieces if k == "follow-up"]
    sub = replace(sub, promises=tuple(mine), followups=tuple(_as_followup(p) for p in follow))
    for it in missed_expectations(sub, day):
        acc.add("miss", it, overdue)


def _as_followup(p: Promise) -> FollowUp:
    return FollowUp(p.id, p.due, p.status, p.done_on, p.text, p.closed_on, p.made)


def _fold_interactions(ev: Evidence, acc: _Sums, inter: list[Interaction]) -> None:
    acc.add_all("communication", communication_values(ev, inter))
    if inter:
        acc.tally("interactions", len(inter))
    acc.add_all("thanks", ((i.at.date(), 0.0, 1.0) for i in inter if i.thanked))
    acc.add_all("signs", ((i.at.date(), 0.0, _ADVICE) for i in inter if i.asked_advice))


_ADVICE = sign_weight(Sign(datetime.min, "asked-advice"))  # a kind's weight, whenever


def _fold_rhythm(ev: Evidence, acc: _Sums, anchor: date) -> date | None:
    """Closed gaps between contact days up to the anchor; the last such day."""
    days = [d for d in contact_days(ev) if d <= anchor]
    if ev.every_days and ev.every_days > 0:
        acc.add_all("rhythm", gap_pieces(days, ev.every_days))
    return days[-1] if days else None


# --- What a store keeps -------------------------------------------------------------------------
HISTORY_MONTHS = 6


def month_ends(today: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The last day of each of the `months - 1` months before today's, oldest first: the
    sparkline's points, fixed days, so a figure as of 31 October is kept with the sums."""
    ends, first = [], today.replace(day=1)
    for _ in range(months - 1):
        end = first - timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return ends[::-1]


def summary(ev: Evidence, today: date, month_ends: list[date], half_life: float) -> dict:
    """The contact's running sums as of a write on `today`, with the trust of each month end
    (they change only when the contact's evidence is written), as JSON-ready data."""
    from rapport.scoring import score

    wide = fold(ev, today - timedelta(days=POINTS_KEEP_DAYS), half_life)
    points: dict[str, float | None] = {}
    for end in month_ends:
        if end > wide.base.anchor:  # type: ignore[union-attr]
            moment = datetime.combine(end, time(23, 59, 59))
            points[end.isoformat()] = score(wide, moment, half_life, explain=False).trust
    narrow = fold(wide, today - timedelta(days=FOLD_KEEP_DAYS), half_life)
    kept: dict[str, Any] = {"written": today.isoformat(), "points": points}
    kept["evidence"] = encode(narrow)
    if settled(narrow) and (narrow.created is None or narrow.created <= today):
        kept["settled"] = summary_figures(narrow, today, half_life)
    return kept


def folded_as_kept(ev: Evidence, today: date, half_life: float) -> Evidence:
    """The evidence folded exactly as `summary` folds it on `today` (for `doctor`)."""
    wide = fold(ev, today - timedelta(days=POINTS_KEEP_DAYS), half_life)
    return fold(wide, today - timedelta(days=FOLD_KEEP_DAYS), half_life)


def summary_figures(
    ev: Evidence, today: date, half_life: float = model.HALF_LIFE_DAYS
) -> dict[str, Any]:
    """The figures of a settled summary, as of `today` (and of every later day)."""
    from rapport.scoring import score

    s = score(ev, datetime.combine(today, time(12)), half_life, explain=False)
    last = last_contact(ev)
    return {
        "contact": s.contact,
        **{k: getattr(s, k) for k in model.FIGURES},
        "overdue": s.overdue,
        "last_contact": last.isoformat() if last else None,
        "created": ev.created.isoformat() if ev.created else None,
    }


def settled_trend(figures: dict[str, Any], now: datetime, days: int = 30) -> float | None:
    """Trust now minus trust `days` ago for settled figures: 0, or None when either is None
    (before the contact was created there is no evidence, so no figure)."""
    created = figures.get("created")
    then = (now - timedelta(days=days)).date()
    if figures["trust"] is None or (created and date.fromisoformat(created) > then):
        return None
    return 0.0


def settled_trust(figures: dict[str, Any], day: date) -> float | None:
    """Trust on a later `day` than the summary's write, or before the contact existed."""
    created = figures.get("created")
    return None if created and date.fromisoformat(created) > day else figures["trust"]


def settled(ev: Evidence) -> bool:
    """Whether every figure stays the same on every later day until the next write: all
    evidence folded (nothing open, nothing recent or dated ahead), nothing dated "today"
    (overdue promises), no rhythm whose running gap grows, no thanks or signs whose absolute
    level fades. Then each figure is a ratio of sums that one factor scales: it cannot move,
    and trust a month ago is trust today (the live evidence of the last month is empty), or
    none at all for a day before the contact was created (`as_of`)."""
    b = ev.base
    live = (ev.promises, ev.followups, ev.interactions, ev.signs)
    dated = [i.at for i in ev.incidents] + [e.at for e in ev.expectations]
    dated += [h.at for h in ev.handovers]
    return (
        b is not None
        and not any(live)
        and all(d.date() <= b.anchor for d in dated)
        and all(i.resolved_on is None or i.resolved_on <= b.anchor for i in ev.incidents)
        and not b.today_terms
        and not (ev.every_days and ev.every_days > 0)
        and not b.counts.get("thanks")
        and not b.counts.get("signs")
    )




def encode(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {(k.isoformat() if isinstance(k, date) else str(k)): encode(v)
                for k, v in value.items()}
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


_DAYS = {"made", "due", "done_on", "closed_on", "created", "resolved_on", "old_due", "new_due",
         "moved_on", "anchor", "first_day", "last_day"}
_MOMENTS = {"at", "last_at"}
_NESTED = {"promises": Promise, "followups": FollowUp, "interactions": Interaction,
           "incidents": Incident, "expectations": Expectation, "handovers": Handover,
           "signs": Sign, "moves": Move}


def _field(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DAYS:
        return date.fromisoformat(value)
    if name in _MOMENTS:
        return datetime.fromisoformat(value)
    if name in _NESTED:
        return tuple(_build(_NESTED[name], v) for v in value)
    if name == "base":
        return _base(value)
    return value


_CONVERTED = _DAYS | _MOMENTS | _NESTED.keys() | {"base"}


def _build(cls: type, data: dict) -> Any:
    fields = dict(data)
    for name in _CONVERTED.intersection(data):  # most fields are kept as they are
        fields[name] = _field(name, fields[name])
    return cls(**fields)


def _base(data: dict) -> Base:
    plain = {k: _field(k, v) for k, v in data.items() if k not in ("sums", "today_terms",
                                                                    "before", "kept_after")}
    return Base(
        **plain,
        sums={k: tuple(v) for k, v in data["sums"].items()},
        today_terms={k: tuple(v) for k, v in data["today_terms"].items()},
        before={date.fromisoformat(k): v for k, v in data["before"].items()},
        kept_after={int(k): v for k, v in data["kept_after"].items()},
    )


def decode(data: dict) -> Evidence:
    return _build(Evidence, data)
