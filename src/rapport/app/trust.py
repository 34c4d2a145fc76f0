"""Trust: incidents, expectations and handovers recorded, and the figures every command shows
(the store's evidence through the pure scorer, cached per contact and day), and the review."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from rapport.app.context import Context, resolve, typed_moment
from rapport.defaults import HALF_LIFE_DAYS as DEFAULT_HALF_LIFE  # the one the sums are kept for
from rapport.errors import UsageError
from rapport.remembering import TRUST_FALLING  # `due` and `suggest` call the same fall "falling"
from rapport.store import cache, contacts

if TYPE_CHECKING:
    from rapport import scoring

# scoring and evidence are imported only where figures are computed.

LOW_TRUST = 50.0  # `due` flags contacts below this, or whose trust is falling


def half_life(option: float | None) -> float:
    """--half-life, else RAPPORT_HALF_LIFE, else the settings file, else 90 days."""
    from rapport import settings

    value: Any = option if option is not None else settings.get("half-life")
    try:
        days = float(value)
    except ValueError:
        raise UsageError(f"the half-life '{value}' is not a number of days, e.g. 90") from None
    if not 1 <= days <= 3650:
        raise UsageError(f"the half-life must be between 1 and 3650 days, not {value}")
    return days


MODEL_VERSION = 2  # bump when scoring's formulas change: cached figures are then ignored
CACHE_LAYOUT = 2  # bump when the cached payloads change shape
HISTORY_MONTHS = 6
LOAD_BATCH = 40


def month_ends(today: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The sparkline's fixed month ends (scoring.sums.month_ends)."""
    from rapport.scoring.sums import month_ends as ends

    return ends(today, months)


def score_rows(
    ctx: Context,
    days: float,
    contact_ids: list[int] | None = None,
    series: bool = True,
    detail: tuple[str, ...] = ("note",),
    complete: int | None = None,
    needs_trend: Any = None,
) -> list[dict[str, Any]]:
    """Figures per contact, worst trust first.

    From the running sums kept by every write (store/sums.py) where they can say it: the
    default half-life, no explanations asked. Otherwise, or for a contact whose sums are
    stale or were written on a later day than now, from the evidence (cached per day).
    `detail` adds parts kept apart because most callers never read them: "note" (why a
    figure is missing, the reason that moves trust most) and "why" (the whole evidence).
    `complete`: only the first that many rows with figures (those a person is shown) need
    their trend and history; the others have them as None (None: every row has them).
    `needs_trend(row)`: only rows it is true of get their trend (scoring a month back).
    """
    found: dict[int, dict[str, Any]] = {}
    if days == DEFAULT_HALF_LIFE and not detail:
        found = _from_sums(ctx, contact_ids, series)
    ids = contact_ids if contact_ids is not None else contacts.active_ids(ctx.store)
    rest = [cid for cid in ids if cid not in found]
    if rest:
        found.update(_from_evidence(ctx, days, rest, series, detail))
    rows = [found[cid] for cid in ids if cid in found]
    # Worst trust first: that is where attention belongs; no number yet goes last.
    rows.sort(key=lambda r: (r["trust"] is None, r["trust"] or 0.0, r["contact"].casefold()))
    _finish(ctx, rows, series, complete, needs_trend)
    return rows


_FIGURE_KEYS = ("trust", "reliability", "their_reliability", "care", "accountability",
                "communication")


def _finish(
    ctx: Context, rows: list[dict[str, Any]], series: bool, complete: int | None, needs: Any
) -> None:
    """Trend and history for the rows read from the sums, the first `complete` of them."""
    from rapport import scoring

    wanted = len(rows) if complete is None else complete
    for row in rows:
        ev = row.pop("_ev", None)
        if ev is None:
            continue
        points, anchor = row.pop("_points"), ev.base.anchor
        if wanted <= 0 or (needs is not None and not needs(row)):
            row["trend"], row["history"] = None, None
            continue
        then = scoring.score(ev, ctx.now - timedelta(days=30), DEFAULT_HALF_LIFE, explain=False)
        row["trend"] = _r(None if then.trust is None or row["_trust"] is None
                          else row["_trust"] - then.trust)
        if series:
            history = _history(ev, points, month_ends(ctx.today), anchor)
            row["history"] = [*(history or []), row["trust"]]
        if row["overdue"] or any(row[k] is not None for k in _FIGURE_KEYS):
            wanted -= 1  # the render lists rows with figures (render/trust.py)
    for row in rows:
        row.pop("_trust", None)


def _from_sums(
    ctx: Context, contact_ids: list[int] | None, series: bool
) -> dict[int, dict[str, Any]]:
    """Rows from the kept sums: settled ones as kept, the others scored from the sums
    (trend and history left to _finish)."""
    from rapport import scoring
    from rapport.scoring import sums as folding
    from rapport.store import sums

    now, today = ctx.now, ctx.today
    month = (now - timedelta(days=30)).date()
    ends = month_ends(today) if series else []
    rows = {}
    for cid, kept in sums.load(ctx.store, contact_ids, settled=True).items():
        if "settled" in kept:
            row = kept["settled"]
            written = date.fromisoformat(row.pop("written"))
            if month <= written - timedelta(days=folding.FOLD_KEEP_DAYS):
                continue  # the clock was set back: from the evidence
            points = row.pop("points")
            row["trend"] = folding.settled_trend(row, now)
            history = [points.get(str(e), folding.settled_trust(row, e)) for e in ends]
            row.pop("created")
            row = {k: (_r(v) if isinstance(v, float) else v) for k, v in row.items()}
            if series:
                row["history"] = [*(_r(v) for v in history), row["trust"]]
            rows[cid] = row
            continue
        ev = folding.decode(kept["evidence"])
        if month <= ev.base.anchor:  # type: ignore[union-attr]
            continue
        s = scoring.score(ev, now, DEFAULT_HALF_LIFE, explain=False)
        row = _row(s, scoring.last_contact(ev))
        rows[cid] = {**row, "_ev": ev, "_points": kept["points"], "_trust": s.trust}
    return rows


def _history(
    ev: scoring.Evidence, points: dict[str, float | None], ends: list[date], anchor: date
) -> list[float | None] | None:
    """Trust at each month end: kept with the sums, or scored from them for a month that
    ended after they were written; None when neither can say it."""
    from rapport import scoring

    out = []
    for end in ends:
        if str(end) in points:
            out.append(_r(points[str(end)]))
        elif end > anchor:
            moment = datetime.combine(end, time(23, 59, 59))
            out.append(_r(scoring.score(ev, moment, DEFAULT_HALF_LIFE, explain=False).trust))
        else:
            return None
    return out


def _from_evidence(
    ctx: Context, days: float, ids: list[int], series: bool, detail: tuple[str, ...]
) -> dict[int, dict[str, Any]]:
    """Figures from the evidence itself, cached per contact and day where the store can."""
    store, now = ctx.store, ctx.now
    today, params = now.date(), f"v{MODEL_VERSION}.{CACHE_LAYOUT}:{days}"
    keys = [f"{part}:{today}" for part in ("row", *detail)] + (["ends"] if series else [])
    ends = [str(d) for d in month_ends(today)] if series else []
    cached = cache.lookup(store, ids, keys, params)
    stale = [cid for cid in ids if not _complete(cached, cid, keys, ends)]
    fresh: list[tuple[int, str, Any]] = []
    from rapport.store import evidence

    # In batches: the evidence of a few dozen contacts at a time keeps memory flat however
    # many contacts need computing.
    for start in range(0, len(stale), LOAD_BATCH):
        batch = stale[start : start + LOAD_BATCH]
        for cid, ev in evidence.load(store, batch, now, days).items():
            fresh += _compute(cid, ev, now, days, keys, ends, cached)
    if fresh:
        store.after_commit(lambda s: cache.save(s, fresh, params, str(today - timedelta(days=1))))
    return {cid: _assemble(cid, keys, ends, cached) for cid in ids if (cid, keys[0]) in cached}


def _complete(cached: dict, cid: int, keys: list[str], ends: list[str]) -> bool:
    if any((cid, k) not in cached for k in keys):
        return False
    return not ends or all(d in cached[(cid, "ends")] for d in ends)


def _compute(
    cid: int,
    ev: scoring.Evidence,
    now: datetime,
    days: float,
    keys: list[str],
    ends: list[str],
    cached: dict[tuple[int, str], Any],
) -> list[tuple[int, str, Any]]:
    """Fill `cached` with this contact's missing entries; return them for saving.

    One scoring gives all of today's parts; month-end points are kept in one entry per
    contact and only the months not yet there are scored.
    """
    from rapport import scoring

    made: dict[str, Any] = {}
    day = keys[0].split(":", 1)[1]
    wanted = [k for k in keys if k != "ends" and (cid, k) not in cached]
    if wanted:
        explain = any(not k.startswith("row:") for k in wanted)
        parts = _parts(ev, now, days, explain)
        made.update({f"{part}:{day}": value for part, value in parts.items()})
    if ends:
        points = dict(cached.get((cid, "ends"), {}))
        missing = [d for d in ends if d not in points]
        for d in missing:
            end = datetime.combine(date.fromisoformat(d), time(23, 59, 59))
            points[d] = _r(scoring.score(ev, end, days, explain=False).trust)
        if missing:
            made["ends"] = {d: points[d] for d in ends}  # older months drop out
    for key, payload in made.items():
        cached[(cid, key)] = payload
    return [(cid, key, payload) for key, payload in made.items()]


def _assemble(
    cid: int, keys: list[str], ends: list[str], cached: dict[tuple[int, str], Any]
) -> dict[str, Any]:
    row = dict(cached[(cid, keys[0])])
    for key in keys[1:]:
        if key.startswith("note:"):
            row.update(cached[(cid, key)])
        elif key.startswith("why:"):
            row["evidence"] = cached[(cid, key)]
    if ends:
        points = cached[(cid, "ends")]
        row["history"] = [points[d] for d in ends] + [row["trust"]]
    return row


def _parts(ev: scoring.Evidence, now: datetime, days: float, explain: bool) -> dict[str, Any]:
    """Today's figures for one contact ("row"), and with `explain` their notes and evidence."""
    from rapport import scoring

    s = scoring.score(ev, now, days, explain=explain)
    top = scoring.top_reason(s) if explain else None
    row = _row(s, scoring.last_contact(ev))
    row["trend"] = _r(scoring.trend(ev, now, 30, days, current=s.trust))
    if not explain:
        return {"row": row}
    note = {"missing": s.missing, "top_reason": _reason(top) if top else None}
    return {"row": row, "note": note, "why": [_reason(r) for r in s.evidence]}


def _row(s: scoring.Scores, last: datetime | None) -> dict[str, Any]:
    return {
        "contact": s.contact,
        "trust": _r(s.trust),
        "reliability": _r(s.reliability),
        "their_reliability": _r(s.their_reliability),
        "care": _r(s.care),
        "accountability": _r(s.accountability),
        "communication": _r(s.communication),
        "signs": _r(s.signs),
        "overdue": s.overdue,
        "last_contact": last.isoformat() if last else None,
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _reason(r: scoring.Reason) -> dict[str, Any]:
    return {
        "figure": r.figure,
        "text": r.text,
        "impact": round(r.impact, 1),
        "on": r.on.isoformat() if r.on else None,
    }


def flags(ctx: Context, contact_ids: set[int]) -> dict[str, str]:
    """{name: short note} for the contacts whose trust is low or falling."""
    if not contact_ids:
        return {}
    notes = {}

    def falls(row: dict[str, Any]) -> bool:  # below the line, trust is low whatever its trend
        return row["trust"] is not None and row["trust"] >= LOW_TRUST

    ids = sorted(contact_ids)
    rows = score_rows(ctx, half_life(None), ids, series=False, detail=(), needs_trend=falls)
    for row in rows:
        if row["trust"] is not None and row["trust"] < LOW_TRUST:
            notes[row["contact"]] = f"low {row['trust']:.0f}"
        elif row["trend"] is not None and row["trend"] < TRUST_FALLING:
            notes[row["contact"]] = f"falling {row['trend']:+.0f}"
    return notes


def _shown(value: float) -> int:
    """A figure as the review prints it: a whole number, so the change shown adds up."""
    return int(f"{value:.0f}")


def _why(reasons: list[Any], change: float, start: date, days: float) -> list[dict[str, Any]]:
    """Up to two reasons of the period pulling the way trust moved; when none did, the
    passing of time did (evidence weighs less as it ages)."""
    pulling = [
        r for r in reasons if r.on and r.on >= start and (r.impact > 0) == (change > 0) and r.impact
    ]
    pulling.sort(key=lambda r: -abs(r.impact))
    why = [_reason(r) for r in list({r.text: r for r in pulling}.values())[:2]]
    if why:
        return why
    against = "against" if change > 0 else "in favour"
    return [
        {
            "figure": "trust",
            "text": f"older evidence {against} weighs less as it ages (half-life {days:.0f} days)",
            "impact": _r(change),
            "on": None,
        }
    ]


def review(ctx: Context, period_days: int, days: float) -> dict[str, Any]:
    """What changed over the period: activity, and whose trust moved most, and why."""
    from rapport.store import journal

    store, now = ctx.store, ctx.now
    start = now - timedelta(days=period_days)
    activity = _judged(journal.activity(store, start, now), now.date())
    from rapport import scoring
    from rapport.store import evidence

    changes, ids = [], contacts.active_ids(store)
    evs = _evidence_since(ctx, ids, start, days)
    for cid, ev in ((cid, evs[cid]) for cid in ids if cid in evs):  # in the order of ids
        before = scoring.score(ev, start, days, explain=False).trust
        after = scoring.score(ev, now, days, explain=False).trust
        if before is None or after is None or _shown(after) == _shown(before):
            continue
        changes.append(
            {
                "id": cid,
                "contact": ev.contact,
                "before": _r(before),
                "after": _r(after),
                "change": _r(after - before),
                "shown_change": _shown(after) - _shown(before),
                "delta": after - before,
            }
        )
    changes.sort(key=lambda c: -abs(c["change"]))
    top = changes[:5]
    # Why: the recent evidence behind the moves shown, from those few contacts' evidence.
    whole = evidence.load(store, [c["id"] for c in top], now, days)
    for c in top:
        reasons = scoring.score(whole[c["id"]], now, days).evidence
        c["why"] = _why(reasons, c["delta"], start.date(), days)
    for c in changes:
        del c["id"], c["delta"]
    return {
        "from": start.date().isoformat(),
        "to": now.date().isoformat(),
        "days": period_days,
        **activity,
        "trust_changes": top,
    }


def _evidence_since(
    ctx: Context, ids: list[int], start: datetime, days: float
) -> dict[int, scoring.Evidence]:
    """Each contact's evidence, folded into its running sums where those can answer for
    `start` and later, else loaded whole; none for contacts whose figures are settled (their
    trust cannot have moved since `start`, or did not exist then)."""
    from rapport.scoring import sums as folding
    from rapport.store import evidence, sums

    out: dict[int, scoring.Evidence] = {}
    settled = set()  # figures that cannot have moved since `start`: nothing to review
    if days == DEFAULT_HALF_LIFE:
        for cid, kept in sums.load(ctx.store, ids, settled=True).items():
            if "settled" in kept:
                written = date.fromisoformat(kept["settled"]["written"])
                if start.date() > written - timedelta(days=folding.FOLD_KEEP_DAYS):
                    settled.add(cid)
                continue
            ev = folding.decode(kept["evidence"])
            if start.date() > ev.base.anchor:  # type: ignore[union-attr]
                out[cid] = ev
    rest = [cid for cid in ids if cid not in out and cid not in settled]
    for begin in range(0, len(rest), LOAD_BATCH):
        out.update(evidence.load(ctx.store, rest[begin : begin + LOAD_BATCH], ctx.now, days))
    return out


def _judged(activity: dict[str, Any], today: date) -> dict[str, Any]:
    """The period's settled promises sorted by their verdicts: kept (on time, or by a date
    renegotiated in time), late, broken."""
    from rapport import verdicts

    settled = []
    for p in activity.pop("settled"):
        row = {k: v for k, v in p.items() if k != "moves"}
        settled.append({**row, **verdicts.of_row(p, today).as_dict()})
    by = {"kept": ("on_time", "renegotiated"), "late": ("late",), "broken": ("broken",)}
    lists = {key: [p for p in settled if p["verdict"] in kinds] for key, kinds in by.items()}
    return {**activity, **lists}


# --- recording what the trust model reads -----------------------------------------------


def incident(
    ctx: Context, name: str, text: str, owned: bool, told_first: bool, when: str | None
) -> dict[str, Any]:
    from rapport.store import incidents

    at = typed_moment(when, ctx.now) if when else ctx.now
    match = resolve(ctx, name)
    iid = incidents.add_incident(ctx.store, match.id, at, text, owned, told_first)
    return {
        "id": iid,
        "contact": match.name,
        "owned": owned,
        "told_first": told_first,
        "at": at.isoformat(),
    }


def resolve_incident(ctx: Context, incident_id: int) -> dict[str, Any]:
    from rapport.store import incidents

    return incidents.resolve_incident(ctx.store, incident_id, ctx.today)


def expect(ctx: Context, name: str, text: str, agreed: bool) -> dict[str, Any]:
    from rapport.store import expectations

    match = resolve(ctx, name)
    eid = expectations.add_expectation(ctx.store, match.id, ctx.now, text, agreed)
    return {"id": eid, "contact": match.name, "text": text, "agreed": agreed}


def sign(
    ctx: Context, name: str, kind: str, note: str | None, when: str | None
) -> dict[str, Any]:
    """The client's sign of trust (scoring.SIGN_KINDS), as its own component of trust."""
    from rapport.scoring.model import SIGN_KINDS
    from rapport.store import signs

    kind = kind.strip().lower()
    if kind not in SIGN_KINDS:
        raise UsageError(f"the kind of sign must be one of {', '.join(SIGN_KINDS)}, not '{kind}'")
    at = typed_moment(when, ctx.now) if when else ctx.now
    match = resolve(ctx, name)
    return {**signs.add_sign(ctx.store, match.id, at, kind, note), "contact": match.name}


def handover(
    ctx: Context, name: str, to: str, introduced: bool, three_way: bool
) -> dict[str, Any]:
    from rapport.store import handovers

    match = resolve(ctx, name)
    row = handovers.add_handover(ctx.store, match.id, ctx.now, to, introduced, three_way)
    return {**row, "contact": match.name}


def scores(
    ctx: Context, name: str | None, days: float, detail: tuple[str, ...], shown: int | None
) -> list[dict[str, Any]]:
    """`score`: one contact's figures, or every active contact's, worst trust first; trend
    and history for the first `shown` with figures (None: all)."""
    ids = [resolve(ctx, name).id] if name else None
    return score_rows(ctx, days, ids, detail=detail, complete=shown)
