"""Trust figures for the commands that show them: the store's evidence through the pure scorer."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from rapport import scoring
from rapport.errors import UsageError
from rapport.store import evidence
from rapport.store.connection import Store

ENV_HALF_LIFE = "RAPPORT_HALF_LIFE"
LOW_TRUST = 50.0  # `due` flags contacts below this
FALLING = -5.0  # ... or whose trust fell by more than this over 30 days


def half_life(option: float | None) -> float:
    value: Any = option if option is not None else os.environ.get(ENV_HALF_LIFE)
    if value is None or value == "":
        return scoring.HALF_LIFE_DAYS
    try:
        days = float(value)
    except ValueError:
        raise UsageError(f"the half-life '{value}' is not a number of days, e.g. 90") from None
    if not 1 <= days <= 3650:
        raise UsageError(f"the half-life must be between 1 and 3650 days, not {value}")
    return days


def score_rows(
    store: Store,
    now: datetime,
    days: float,
    contact_ids: list[int] | None = None,
    series: bool = True,
) -> list[dict[str, Any]]:
    ids = contact_ids if contact_ids is not None else evidence.active_contact_ids(store)
    loaded = evidence.load(store, ids, now, days)
    rows = [_row(ev, now, days, series) for ev in loaded.values()]
    # Worst trust first: that is where attention belongs; no number yet goes last.
    rows.sort(key=lambda r: (r["trust"] is None, r["trust"] or 0.0, r["contact"].casefold()))
    return rows


def _row(ev: scoring.Evidence, now: datetime, days: float, series: bool) -> dict[str, Any]:
    s = scoring.score(ev, now, days)
    last = max((i.at for i in ev.interactions), default=None)
    top = scoring.top_reason(s)
    row = {
        "contact": s.contact,
        "trust": _r(s.trust),
        "reliability": _r(s.reliability),
        "their_reliability": _r(s.their_reliability),
        "care": _r(s.care),
        "accountability": _r(s.accountability),
        "communication": _r(s.communication),
        "overdue": s.overdue,
        "last_contact": last.isoformat() if last else None,
        "trend": _r(_trend(ev, s.trust, now, days)),
        "missing": s.missing,
        "top_reason": _reason(top) if top else None,
        "evidence": [_reason(r) for r in s.evidence],
    }
    if series:
        row["history"] = [_r(v) for v in scoring.trust_series(ev, now, half_life_days=days)]
    return row


def _trend(ev: scoring.Evidence, trust: float | None, now: datetime, days: float) -> float | None:
    """Trust now minus 30 days ago (scoring.trend, without scoring 'now' a second time)."""
    then = scoring.score(ev, now - timedelta(days=30), days).trust
    return None if trust is None or then is None else trust - then


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _reason(r: scoring.Reason) -> dict[str, Any]:
    return {
        "figure": r.figure,
        "text": r.text,
        "impact": round(r.impact, 1),
        "on": r.on.isoformat() if r.on else None,
    }


def flags(store: Store, now: datetime, names: set[str]) -> dict[str, str]:
    """Contacts among `names` whose trust is low or falling, with a short note."""
    if not names:
        return {}
    ids = evidence.contact_ids_named(store, sorted(names))
    notes = {}
    for row in score_rows(store, now, half_life(None), ids, series=False):
        if row["trust"] is not None and row["trust"] < LOW_TRUST:
            notes[row["contact"]] = f"low {row['trust']:.0f}"
        elif row["trend"] is not None and row["trend"] < FALLING:
            notes[row["contact"]] = f"falling {row['trend']:+.0f}"
    return notes


def review(store: Store, now: datetime, period_days: int, days: float) -> dict[str, Any]:
    from rapport.store import views

    start = now - timedelta(days=period_days)
    activity = views.activity(store, start, now)
    ids = evidence.active_contact_ids(store)
    loaded = evidence.load(store, ids, now, days)
    changes = []
    for ev in loaded.values():
        before = scoring.score(ev, start, days).trust
        after = scoring.score(ev, now, days)
        if before is None or after.trust is None or abs(after.trust - before) < 0.05:
            continue
        recent = [r for r in after.evidence if r.on and r.on >= start.date()]
        why = list({r.text: r for r in recent}.values())[:2]
        changes.append(
            {
                "contact": ev.contact,
                "before": _r(before),
                "after": _r(after.trust),
                "change": _r(after.trust - before),
                "why": [_reason(r) for r in why],
            }
        )
    changes.sort(key=lambda c: -abs(c["change"]))
    return {
        "from": start.date().isoformat(),
        "to": now.date().isoformat(),
        **activity,
        "trust_changes": changes[:5],
    }
