"""Running sums (issue 13): scoring a contact's evidence folded into running sums gives the
same figures as scoring the evidence itself, on any later day, for trust today and a month
ago. Pure: the scorer is called directly; the store's half is in test_running_sums_store.py."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring import NOW
from test_scoring_properties import evidence

from rapport.scoring import FIGURES, Evidence, Interaction, Promise, score, sums

REL = 1e-9


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


def same_figures(ev: Evidence, fold: Evidence, moment: datetime) -> None:
    want, got = score(ev, moment, explain=False), score(fold, moment, explain=False)
    for figure in FIGURES:
        assert close(getattr(want, figure), getattr(got, figure)), (figure, moment)
    assert want.overdue == got.overdue
    assert want.missing == got.missing


@settings(max_examples=300, deadline=None)
@given(ev=evidence(), back=st.integers(1, 120), later=st.integers(0, 60), keep=st.integers(1, 40))
def test_folded_evidence_scores_the_same_now_and_a_month_ago(ev, back, later, keep):
    """Folded `back` days before the write, read `later` days after it: trust now and as of
    `keep` (<= 30 + later) days before the read, as the trend and the review ask."""
    written = NOW - timedelta(days=later)
    folded = sums.fold(ev, written.date() - timedelta(days=back))
    same_figures(ev, folded, NOW)
    then = NOW - timedelta(days=min(keep, back + later - 1))
    if then.date() > folded.base.anchor:
        same_figures(ev, folded, then)


@settings(max_examples=100, deadline=None)
@given(ev=evidence(), first=st.integers(60, 200), second=st.integers(1, 59))
def test_folding_twice_is_folding_once(ev, first, second):
    once = sums.fold(ev, NOW.date() - timedelta(days=second))
    twice = sums.fold(sums.fold(ev, NOW.date() - timedelta(days=first)),
                      NOW.date() - timedelta(days=second))
    same_figures(once, twice, NOW)
    same_figures(ev, twice, NOW)


@settings(max_examples=100, deadline=None)
@given(ev=evidence())
def test_a_summary_survives_json(ev):
    import json

    kept = sums.summary(ev, NOW.date(), [date(2026, 3, 31), date(2026, 4, 30)], 90.0)
    back = sums.decode(json.loads(json.dumps(kept))["evidence"])
    same_figures(ev, back, NOW)
    for end, trust in kept["points"].items():
        moment = datetime.combine(date.fromisoformat(end), datetime.max.time()).replace(
            microsecond=0
        )
        assert close(trust, score(ev, moment, explain=False).trust)


def test_decades_of_daily_history_do_not_overflow():
    """Forty years of a contact every day, folded: weights are taken against the anchor,
    so the oldest are tiny and none is huge."""
    start = NOW - timedelta(days=365 * 40)
    ev = Evidence(
        "client",
        channel="email",
        every_days=7,
        interactions=tuple(
            Interaction(start + timedelta(days=n), channel="email", tone="warm")
            for n in range(0, 365 * 40, 3)
        ),
        promises=tuple(
            Promise(n, "report", "mine", (start + timedelta(days=n)).date(),
                    (start + timedelta(days=n + 5)).date(), "done",
                    done_on=(start + timedelta(days=n + 5)).date())
            for n in range(0, 365 * 40 - 10, 11)
        ),
    )
    folded = sums.fold(ev, NOW.date() - timedelta(days=31))
    assert all(math.isfinite(w) and w < 1e6 for w, _ in folded.base.sums.values())
    same_figures(ev, folded, NOW)


def test_a_fold_cannot_answer_for_a_day_before_its_anchor():
    folded = sums.fold(Evidence("client"), NOW.date() - timedelta(days=31))
    with pytest.raises(ValueError):
        score(folded, NOW - timedelta(days=40))


@settings(max_examples=150, deadline=None)
@given(ev=evidence(), later=st.integers(0, 400), quiet=st.booleans(),
       lately=st.sampled_from([0, 0, 1, 20, 40]))
def test_settled_figures_hold_on_every_later_day(ev, later, quiet, lately):
    """A summary says its figures are settled only when no later day can move them: then
    they are the figures of any later day, and trust a month earlier is the same."""
    from dataclasses import replace

    if quiet:  # no rhythm, no thanks, no signs: the cases that can settle
        ev = replace(ev, every_days=None, signs=(), interactions=tuple(
            replace(i, thanked=False, asked_advice=False) for i in ev.interactions))
    written = NOW.date() + timedelta(days=420)  # all the evidence is old by then
    if lately:  # a contact created (imported) after all its evidence
        ev = replace(ev, created=written - timedelta(days=lately))
    kept = sums.summary(ev, written, [], 90.0)
    if "settled" not in kept:
        return
    moment = datetime.combine(written + timedelta(days=later), datetime.min.time())
    now = score(ev, moment.replace(hour=9), explain=False)
    for figure in FIGURES:
        assert close(kept["settled"][figure], getattr(now, figure)), figure
    assert kept["settled"]["overdue"] == now.overdue
    month_ago = score(ev, moment.replace(hour=9) - timedelta(days=30), explain=False)
    want = None if now.trust is None or month_ago.trust is None else now.trust - month_ago.trust
    assert close(sums.settled_trend(kept["settled"], moment.replace(hour=9)), want)


def test_settled_is_said_only_of_a_record_with_nothing_left_to_happen():
    day = NOW.date()
    done = Promise(1, "report", "mine", day - timedelta(days=90), day - timedelta(days=80),
                   "done", done_on=day - timedelta(days=81))
    calm = Evidence("client", promises=(done,),
                    interactions=(Interaction(NOW - timedelta(days=60), tone="warm"),))
    assert "settled" in sums.summary(calm, day, [], 90.0)
    still_open = replace_promises(calm, Promise(2, "deck", "mine", day, day + timedelta(days=9),
                                                "open"))
    assert "settled" not in sums.summary(still_open, day, [], 90.0)
    with_rhythm = Evidence("client", every_days=30, promises=(done,))
    assert "settled" not in sums.summary(with_rhythm, day, [], 90.0)


def replace_promises(ev: Evidence, p: Promise) -> Evidence:
    from dataclasses import replace

    return replace(ev, promises=(*ev.promises, p))
