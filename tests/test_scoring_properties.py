"""Properties of the second trust model (issue 17): monotone, bounded, no number without
evidence, ordered by attitude and by size. Pure: the scorer is called directly."""

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring import (
    NOW,
    ago,
    at_least,
    day_offsets,
    expectations,
    handovers,
    incidents,
    interactions,
    kept,
    moments,
    promises,
)

from rapport.scoring import (
    ATTITUDES,
    FIGURES,
    SIGN_KINDS,
    SIZES,
    Evidence,
    Expectation,
    FollowUp,
    Promise,
    Sign,
    lift,
    score,
)

MATTERS = ["weekly status report", "invoice", "migration plan", "board pack", "call"]
sized_promises = st.builds(
    lambda p, size, text: replace(p, size=size, text=text),
    promises(),
    st.sampled_from(SIZES),
    st.sampled_from(MATTERS),
)
followups = st.builds(
    FollowUp,
    id=st.integers(1, 99),
    due=day_offsets.map(ago),
    status=st.sampled_from(["open", "done", "broken", "cancelled"]),
    done_on=st.one_of(st.none(), day_offsets.map(ago)),
    text=st.sampled_from(MATTERS),
    closed_on=st.one_of(st.none(), day_offsets.map(ago)),
)
signs = st.builds(Sign, at=moments(), kind=st.sampled_from(SIGN_KINDS), note=st.just(""))
matter_expectations = st.builds(
    Expectation, at=moments(), text=st.sampled_from(MATTERS), agreed=st.booleans()
)
matter_incidents = st.builds(
    lambda i, text: replace(i, text=text), incidents, st.sampled_from(MATTERS)
)


@st.composite
def evidence(draw, with_handovers: bool = True) -> Evidence:
    return Evidence(
        contact="client",
        channel=draw(st.sampled_from([None, "email", "phone"])),
        every_days=draw(st.sampled_from([None, 7, 30, 90])),
        created=draw(st.one_of(st.none(), st.integers(0, 400).map(ago))),
        promises=tuple(draw(st.lists(sized_promises, max_size=5))),
        followups=tuple(draw(st.lists(followups, max_size=3))),
        interactions=tuple(draw(st.lists(interactions, max_size=5))),
        incidents=tuple(draw(st.lists(st.one_of(incidents, matter_incidents), max_size=2))),
        expectations=tuple(
            draw(st.lists(st.one_of(expectations, matter_expectations), max_size=3))
        ),
        handovers=tuple(draw(st.lists(handovers, max_size=2))) if with_handovers else (),
        attitude=draw(st.sampled_from([None, *ATTITUDES])),
        style=draw(st.sampled_from([None, "detail", "big-picture", "chatty"])),
        signs=tuple(draw(st.lists(signs, max_size=3))),
    )


def with_promise(ev: Evidence, p: Promise) -> Evidence:
    return replace(ev, promises=(*ev.promises, p))


def one_promise(days_ago: int, size: str, status: str, text: str = "extra") -> Promise:
    on = ago(days_ago)
    return Promise(
        999,
        text,
        "mine",
        on - timedelta(days=3),
        on,
        status,
        done_on=on if status == "done" else None,
        closed_on=on if status == "broken" else None,
        size=size,
    )


promise_args = (st.integers(0, 400), st.sampled_from(SIZES), st.sampled_from(MATTERS))


# --- Bounds and no number without evidence ----------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(evidence())
def test_every_figure_is_within_0_100_or_none_with_a_reason(ev):
    s = score(ev, NOW)
    for fig in FIGURES:
        value = getattr(s, fig)
        assert (value is None) == (fig in s.missing)
        assert value is None or 0.0 <= value <= 100.0
    if s.trust is not None:
        assert None not in (s.care, s.accountability, s.communication)


@settings(deadline=None)
@given(evidence(), st.data())
def test_no_number_without_evidence(ev, data):
    """Take away every piece of dated evidence: no figure is left, each says why."""
    pending = tuple(
        replace(p, status="open", made=ago(1), due=ago(-5), moves=()) for p in ev.promises
    )
    bare = Evidence(
        "c", ev.channel, ev.every_days, ev.created, promises=pending,
        expectations=ev.expectations, attitude=ev.attitude, style=ev.style,
    )  # fmt: skip
    s = score(bare, NOW)
    assert all(getattr(s, fig) is None for fig in FIGURES)
    assert set(s.missing) == set(FIGURES) and all(s.missing.values())


# --- Monotonicity -----------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(evidence(with_handovers=False), *promise_args)
def test_one_more_promise_kept_on_time_never_lowers_reliability_or_trust(ev, days, size, text):
    before = score(ev, NOW)
    after = score(with_promise(ev, one_promise(days, size, "done", text)), NOW)
    for fig in ("reliability", "accountability", "care", "trust"):
        assert at_least(getattr(after, fig), getattr(before, fig)), fig
    assert after.reliability is not None


@settings(max_examples=300, deadline=None)
@given(evidence(with_handovers=False), *promise_args)
def test_one_more_promise_broken_never_raises_reliability_or_trust(ev, days, size, text):
    before = score(ev, NOW)
    after = score(with_promise(ev, one_promise(days, size, "broken", text)), NOW)
    for fig in ("reliability", "accountability", "care", "trust"):
        assert at_least(getattr(before, fig), getattr(after, fig)), fig


@settings(deadline=None)
@given(evidence(), st.sampled_from(SIGN_KINDS), moments())
def test_a_sign_of_trust_never_lowers_trust(ev, kind, when):
    before = score(ev, NOW)
    after = score(replace(ev, signs=(*ev.signs, Sign(when, kind))), NOW)
    assert at_least(after.trust, before.trust)
    assert at_least(after.signs, before.signs)


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_lift_is_monotone_in_trust_and_signs_and_stays_within_0_100(t1, t2, s1, s2):
    lo_t, hi_t, lo_s, hi_s = min(t1, t2), max(t1, t2), min(s1, s2), max(s1, s2)
    assert lift(lo_t, lo_s) <= lift(hi_t, lo_s) + 1e-9
    assert lift(lo_t, lo_s) <= lift(lo_t, hi_s) + 1e-9
    assert 0.0 <= lift(t1, s1) <= 100.0 and lift(t1, None) == t1


# --- Attitude and size ordering ---------------------------------------------------------------
ORDER = ("rigid", "situational", "flexible")  # costs most .. least


@settings(max_examples=300, deadline=None)
@given(evidence())
def test_the_same_record_scores_rigid_le_situational_le_flexible(ev):
    got = [score(replace(ev, attitude=a), NOW) for a in ORDER]
    for fig in ("reliability", "accountability", "care", "trust"):
        values = [getattr(s, fig) for s in got]
        assert at_least(values[1], values[0]) and at_least(values[2], values[1]), (fig, values)


FIGS = ("reliability", "accountability", "care")
deviations = st.sampled_from(["late1", "late9", "moved", "silent", "broken", "incident"])


def deviation(kind: str, text: str):
    """One deviation of each kind the issue names: late, moved, moved silently, incident."""
    from rapport.scoring import Incident, Move

    if kind == "incident":
        return "incident", Incident(7, NOW - timedelta(days=2), text, owned=True)
    due = ago(10)
    late = {"late1": 1, "late9": 9}.get(kind, 0)
    moves = ()
    if kind in ("moved", "silent"):
        moves = (Move(due - timedelta(days=5), due, ago(20), told=kind == "moved"),)
    status = "broken" if kind == "broken" else "done"
    p = Promise(
        998, text, "mine", ago(30), due, status,
        done_on=due + timedelta(days=late) if status == "done" else None,
        closed_on=due if status == "broken" else None, moves=moves,
    )  # fmt: skip
    return "promise", p


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 300), min_size=1, max_size=5),
    deviations,
    st.sampled_from(MATTERS),
    st.lists(matter_expectations, max_size=2),
)
def test_the_same_deviation_costs_rigid_ge_situational_ge_flexible(ages, kind, text, exps):
    clean = Evidence(
        "c", promises=tuple(kept(i, a) for i, a in enumerate(ages)),
        expectations=tuple(replace(e, at=NOW - timedelta(days=60)) for e in exps),
    )  # fmt: skip
    where, item = deviation(kind, text)
    field = "promises" if where == "promise" else "incidents"
    spoiled = replace(clean, **{field: (*getattr(clean, field), item)})
    costs = []
    for a in ORDER:
        base, hit = score(replace(clean, attitude=a), NOW), score(replace(spoiled, attitude=a), NOW)
        costs.append({f: getattr(base, f) - getattr(hit, f) for f in FIGS})
    for fig in FIGS:
        assert costs[0][fig] >= costs[1][fig] - 1e-9 >= costs[2][fig] - 2e-9, (fig, costs)


@settings(max_examples=300, deadline=None)
@given(evidence(), st.integers(0, 400), st.sampled_from(MATTERS))
def test_breaking_a_big_promise_costs_at_least_as_much_as_a_normal_one(ev, days, text):
    by_size = {
        size: score(with_promise(ev, one_promise(days, size, "broken", text)), NOW)
        for size in SIZES
    }
    for fig in ("reliability", "accountability", "care", "trust"):
        big, normal, small = (getattr(by_size[s], fig) for s in ("big", "normal", "small"))
        assert at_least(normal, big) and at_least(small, normal), fig
