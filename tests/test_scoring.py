"""Tests for rapport.scoring: hand-computed examples plus hypothesis properties.

Expected numbers below are worked out by hand from docs/scoring.md, never pasted from output.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rapport.scoring import (
    FIGURES,
    Evidence,
    Expectation,
    FollowUp,
    Handover,
    Incident,
    Interaction,
    Move,
    Promise,
    combine_trust,
    score,
    top_reason,
    trend,
)

NOW = datetime(2026, 6, 1, 12, 0)
TODAY = NOW.date()
COMPONENTS = ("care", "accountability", "communication")


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def at(days: int) -> datetime:
    return NOW - timedelta(days=days)


def kept(pid: int, days_ago: int, direction: str = "mine", late: int = 0) -> Promise:
    """A promise done `days_ago`, `late` days after its due date."""
    done = ago(days_ago)
    due = done - timedelta(days=late)
    return Promise(pid, f"p{pid}", direction, due - timedelta(days=5), due, "done", done_on=done)


def good_talk(days_ago: int = 0, **kw) -> Interaction:
    base = {"channel": "email", "minutes": 30, "planned": 30, "tone": "warm"}
    return Interaction(at(days_ago), **(base | kw))


# --- Strategies ---------------------------------------------------------------------------------
day_offsets = st.integers(min_value=-20, max_value=400)  # negative = in the future


@st.composite
def moves_for(draw, made: date, orig: date) -> tuple[Move, ...]:
    """A consistent chain of moves: each starts from the previous due date and extends it."""
    out, due = [], orig
    for _ in range(draw(st.integers(0, 2))):
        new = due + timedelta(days=draw(st.integers(1, 30)))
        moved = made + timedelta(days=draw(st.integers(0, (due - made).days + 20)))
        out.append(Move(due, new, moved, draw(st.booleans())))
        due = new
    return tuple(out)


@st.composite
def promises(draw, pid: int = 0, direction: str | None = None, min_moves: int = 0) -> Promise:
    made = ago(draw(day_offsets))
    orig = made + timedelta(days=draw(st.integers(0, 60)))
    moves = draw(moves_for(made, orig))
    assume(len(moves) >= min_moves)
    status = draw(st.sampled_from(["open", "done", "broken", "cancelled"]))
    end = orig + timedelta(days=draw(st.integers(-10, 60)))
    end = max(end, made)
    return Promise(
        pid,
        f"promise {pid}",
        direction or draw(st.sampled_from(["mine", "theirs"])),
        made,
        moves[-1].new_due if moves else orig,
        status,
        done_on=end if status == "done" else None,
        closed_on=end if status in ("broken", "cancelled") else None,
        moves=moves,
    )


def moments():
    return st.builds(lambda d, h: NOW - timedelta(days=d, hours=h), day_offsets, st.integers(0, 23))


interactions = st.builds(
    Interaction,
    at=moments(),
    channel=st.sampled_from([None, "email", "phone"]),
    minutes=st.one_of(st.none(), st.integers(0, 120)),
    planned=st.one_of(st.none(), st.integers(0, 90)),
    tone=st.sampled_from([None, "tense", "neutral", "warm"]),
    thanked=st.booleans(),
    asked_advice=st.booleans(),
)
incidents = st.builds(
    Incident,
    id=st.integers(1, 99),
    at=moments(),
    text=st.just("slip"),
    owned=st.booleans(),
    told_first=st.booleans(),
    resolved_on=st.one_of(st.none(), day_offsets.map(ago)),
)
followups = st.builds(
    FollowUp,
    id=st.integers(1, 99),
    due=day_offsets.map(ago),
    status=st.sampled_from(["open", "done"]),
    done_on=st.one_of(st.none(), day_offsets.map(ago)),
)
expectations = st.builds(Expectation, at=moments(), text=st.just("x"), agreed=st.booleans())
handovers = st.builds(
    Handover,
    at=moments(),
    from_owner=st.sampled_from([None, "ann", "bob"]),
    to_owner=st.sampled_from(["cat", "dan"]),
    introduced=st.booleans(),
    three_way=st.booleans(),
)


@st.composite
def evidence(draw) -> Evidence:
    n = draw(st.integers(0, 5))
    return Evidence(
        contact="client",
        channel=draw(st.sampled_from([None, "email", "phone"])),
        every_days=draw(st.sampled_from([None, 7, 30, 90])),
        created=draw(st.one_of(st.none(), st.integers(0, 400).map(ago))),
        promises=tuple(draw(promises(pid=i)) for i in range(n)),
        followups=tuple(draw(st.lists(followups, max_size=3))),
        interactions=tuple(draw(st.lists(interactions, max_size=5))),
        incidents=tuple(draw(st.lists(incidents, max_size=2))),
        expectations=tuple(draw(st.lists(expectations, max_size=2))),
        handovers=tuple(draw(st.lists(handovers, max_size=2))),
    )


@st.composite
def track_records(draw) -> Evidence:
    """Mostly-kept promises, so reliability sits near 100 where small slips show."""
    ages = draw(st.lists(st.integers(0, 300), min_size=1, max_size=6))
    lates = draw(st.lists(st.sampled_from([0, 0, 0, 1, 9]), min_size=len(ages), max_size=len(ages)))
    return Evidence(
        "c",
        promises=tuple(
            kept(i, a, late=d) for i, (a, d) in enumerate(zip(ages, lates, strict=True))
        ),
    )


def at_least(new: float | None, old: float | None) -> bool:
    """new >= old, allowing float noise; None on either side is not comparable."""
    return new is None or old is None or new >= old - 1e-9


# --- Properties ---------------------------------------------------------------------------------
@settings(max_examples=300)
@given(evidence())
def test_every_figure_is_within_0_100_or_none_with_a_reason(ev):
    s = score(ev, NOW)
    for fig in FIGURES:
        value = getattr(s, fig)
        assert (value is None) == (fig in s.missing)
        assert value is None or 0.0 <= value <= 100.0
    assert all(r.figure in FIGURES for r in s.evidence)
    impacts = [abs(r.impact) for r in s.evidence]
    assert impacts == sorted(impacts, reverse=True)


@given(st.one_of(evidence(), track_records()), st.integers(0, 400), st.integers(0, 30))
def test_keeping_one_more_promise_on_time_never_lowers_reliability(ev, done_ago, early):
    before = score(ev, NOW).reliability
    extra = Promise(999, "extra", "mine", ago(done_ago + early + 3), ago(done_ago), "done")
    extra = replace(extra, due=ago(done_ago) + timedelta(days=early), done_on=ago(done_ago))
    after = score(replace(ev, promises=ev.promises + (extra,)), NOW).reliability
    assert after is not None
    assert at_least(after, before)


@given(evidence(), incidents)
def test_owned_incident_never_scores_below_the_same_incident_not_owned(ev, incident):
    def with_owned(owned: bool):
        inc = replace(incident, owned=owned)
        return score(replace(ev, incidents=ev.incidents + (inc,)), NOW)

    owned, not_owned = with_owned(True), with_owned(False)
    assert at_least(owned.accountability, not_owned.accountability)
    assert at_least(owned.trust, not_owned.trust)


@settings(max_examples=300)
@given(evidence(), promises(pid=500, direction="mine", min_moves=1), st.data())
def test_telling_the_client_before_moving_never_scores_below_not_telling(ev, promise, data):
    k = data.draw(st.integers(0, len(promise.moves) - 1))

    def with_told(told: bool):
        moves = list(promise.moves)
        moves[k] = replace(moves[k], told=told)
        p = replace(promise, moves=tuple(moves))
        return score(replace(ev, promises=ev.promises + (p,)), NOW)

    told, silent = with_told(True), with_told(False)
    for fig in ("reliability", "accountability", "care", "trust"):
        assert at_least(getattr(told, fig), getattr(silent, fig)), fig


@given(
    st.lists(st.integers(0, 300), min_size=1, max_size=5),
    st.integers(1, 40),
    st.integers(1, 300),
    st.integers(1, 200),
)
def test_a_late_promise_hurts_more_when_recent(on_time_ages, late_days, older, shift):
    on_time = tuple(kept(i, a) for i, a in enumerate(on_time_ages))
    old_late = kept(99, older + shift, late=late_days)
    new_late = kept(99, older, late=late_days)  # the same promise, `shift` days more recent
    old = score(Evidence("c", promises=on_time + (old_late,)), NOW).reliability
    new = score(Evidence("c", promises=on_time + (new_late,)), NOW).reliability
    assert new < old


@given(
    st.sampled_from([None, "email"]),
    st.sampled_from([None, 30]),
    st.one_of(st.none(), day_offsets.map(ago)),
    st.lists(promises(), max_size=3),
)
def test_no_evidence_gives_no_number(channel, every, created, future):
    # Promises that are still open and not yet due are no evidence either.
    pending = tuple(
        replace(p, direction="mine", status="open", made=ago(1), due=ago(-5), moves=())
        for p in future
    )
    s = score(Evidence("c", channel, every, created, promises=pending), NOW)
    assert all(getattr(s, fig) is None for fig in FIGURES)
    assert set(s.missing) == set(FIGURES)
    assert all(s.missing.values())
    assert s.evidence == ()


unit = st.floats(0, 100, allow_nan=False)


@given(unit, unit, unit, st.floats(0, 100), st.sampled_from([0, 1, 2]))
def test_combine_trust_is_monotone_in_each_component(c, a, m, bump, which):
    args = [c, a, m]
    raised = list(args)
    raised[which] = min(100.0, raised[which] + bump)
    assert combine_trust(*raised) >= combine_trust(*args) - 1e-9
    assert 0.0 <= combine_trust(*args) <= 100.0


@given(evidence(), st.data())
def test_trust_never_drops_when_a_talk_warms_up_or_a_thanks_is_added(ev, data):
    assume(ev.interactions)
    i = data.draw(st.integers(0, len(ev.interactions) - 1))
    talk = ev.interactions[i]
    better = replace(talk, thanked=True)
    if talk.tone in ("tense", "neutral"):
        better = replace(better, tone=data.draw(st.sampled_from(["neutral", "warm"])))
        if talk.tone == "neutral":
            better = replace(better, tone="warm")
    talks = list(ev.interactions)
    before = score(ev, NOW)
    talks[i] = better
    after = score(replace(ev, interactions=tuple(talks)), NOW)
    for fig in ("care", "communication", "trust"):
        assert at_least(getattr(after, fig), getattr(before, fig)), fig


# --- Reliability examples -------------------------------------------------------------------------
def test_recent_on_time_and_older_late_promise():
    # On time today: weight 1, value 1. Eight days late, done 90 days ago: weight 0.5,
    # value 0.8 * 0.5 ** (7 / 7) = 0.4. Reliability = 100 * (1 + 0.2) / 1.5 = 80.
    s = score(Evidence("c", promises=(kept(1, 0), kept(2, 90, late=8))), NOW)
    assert s.reliability == pytest.approx(80.0)
    late = [r for r in s.evidence if r.figure == "reliability" and "late" in r.text]
    assert late[0].impact == pytest.approx(-20.0)  # 100 * 0.6 * 0.5 / 1.5
    assert "8 days late" in late[0].text


@pytest.mark.parametrize(("late", "expected"), [(1, 80.0), (8, 40.0), (15, 20.0)])
def test_late_credit_decays_with_days_late(late, expected):
    s = score(Evidence("c", promises=(kept(1, 0, late=late),)), NOW)
    assert s.reliability == pytest.approx(expected)


def test_half_life_parameter():
    promises = (kept(1, 0), replace(kept(2, 90), status="broken", done_on=None, closed_on=ago(90)))
    ev = Evidence("c", promises=promises)
    assert score(ev, NOW).reliability == pytest.approx(100 / 1.5)  # broken weighs 0.5
    assert score(ev, NOW, half_life_days=30).reliability == pytest.approx(100 / 1.125)  # 1/8


def _moved(told: bool, moved_ago: int) -> Promise:
    # Originally due 10 days ago, moved to 2 days ago, kept 3 days ago.
    move = Move(ago(10), ago(2), ago(moved_ago), told)
    return Promise(1, "report", "mine", ago(20), ago(2), "done", done_on=ago(3), moves=(move,))


def test_told_move_before_due_counts_nearly_as_kept():
    s = score(Evidence("c", promises=(_moved(True, 12),)), NOW)
    assert s.reliability == pytest.approx(90.0)
    assert s.accountability == pytest.approx(100.0)


def test_untold_or_late_move_is_late_against_the_original_due_date():
    # 7 days late against the original date: 0.8 * 0.5 ** (6 / 7).
    expected = 80 * 0.5 ** (6 / 7)
    silent = score(Evidence("c", promises=(_moved(False, 12),)), NOW)
    after_the_fact = score(Evidence("c", promises=(_moved(True, 8),)), NOW)
    assert silent.reliability == pytest.approx(expected)
    assert after_the_fact.reliability == pytest.approx(expected)
    assert silent.accountability == pytest.approx(0.0)
    assert after_the_fact.accountability == pytest.approx(50.0)  # renegotiated, but late


def test_open_promises_count_only_once_past_due():
    not_due = Promise(1, "a", "mine", ago(5), ago(-3), "open")
    due_today = Promise(2, "b", "mine", ago(5), TODAY, "open")
    s = score(Evidence("c", promises=(not_due, due_today)), NOW)
    assert s.reliability is None
    assert "come due" in s.missing["reliability"]
    past = Promise(3, "c", "mine", ago(5), ago(1), "open")
    s = score(Evidence("c", promises=(not_due, due_today, past, kept(4, 0))), NOW)
    # Kept today (value 1); still open past due is dated today, as it is still missed (0).
    assert s.reliability == pytest.approx(50.0)


def test_overdue_counts_my_open_promises_strictly_after_due_date():
    promises = (
        Promise(1, "today", "mine", ago(5), TODAY, "open"),
        Promise(2, "yesterday", "mine", ago(5), ago(1), "open"),
        Promise(3, "theirs", "theirs", ago(5), ago(1), "open"),
        Promise(4, "done", "mine", ago(5), ago(1), "done", done_on=ago(2)),
    )
    assert score(Evidence("c", promises=promises), NOW).overdue == 1


def test_cancelled_promises_stay_in_the_record_but_not_in_the_figures():
    cancelled = Promise(9, "dropped", "mine", ago(50), ago(40), "cancelled", closed_on=ago(45))
    s = score(Evidence("c", promises=(cancelled,)), NOW)
    assert s.reliability is None and s.accountability is None
    base = Evidence("c", promises=(kept(1, 3), kept(2, 60, late=4)))
    with_cancelled = score(replace(base, promises=base.promises + (cancelled,)), NOW)
    for figure in FIGURES:
        assert getattr(with_cancelled, figure) == getattr(score(base, NOW), figure)
    [why] = [
        r for r in with_cancelled.evidence if r.figure == "reliability" and "'dropped'" in r.text
    ]
    assert "cancelled by agreement on 2026-04-17" in why.text and why.impact == 0


def test_followups_count_toward_my_reliability_and_theirs_is_separate():
    ev = Evidence(
        "c",
        promises=(kept(1, 0, direction="theirs"),),
        followups=(FollowUp(1, TODAY, "done", TODAY), FollowUp(2, ago(2), "open")),
    )
    s = score(ev, NOW)
    assert s.reliability == pytest.approx(50.0)
    assert s.their_reliability == pytest.approx(100.0)


# --- Accountability, communication, care ----------------------------------------------------------
def test_accountability_mixes_promises_and_weighted_incidents():
    # Promise kept on time (value 1, weight 1); incident owned only (0.5, weight 2): 2/3.
    inc = Incident(1, at(0), "wrong invoice", owned=True)
    s = score(Evidence("c", promises=(kept(1, 0),), incidents=(inc,)), NOW)
    assert s.accountability == pytest.approx(200 / 3)
    fully = replace(inc, told_first=True, resolved_on=TODAY)
    s = score(Evidence("c", promises=(kept(1, 0),), incidents=(fully,)), NOW)
    assert s.accountability == pytest.approx(100.0)


def test_accountability_with_a_clean_record_is_full():
    assert score(Evidence("c", promises=(kept(1, 10),)), NOW).accountability == 100.0


def test_communication_signals():
    # Preferred channel (1), 45 of 30 minutes (30/45), tense (0): mean 5/9.
    talk = Interaction(at(0), "email", 45, 30, "tense")
    s = score(Evidence("c", channel="email", interactions=(talk,)), NOW)
    assert s.communication == pytest.approx(500 / 9)
    # Asking advice is a sign of trust, not a communication signal: communication stays,
    # and signs are 0.5 (asked-advice weight) x 1 (today) = 50.
    s = score(Evidence("c", channel="email", interactions=(replace(talk, asked_advice=True),)), NOW)
    assert s.communication == pytest.approx(500 / 9)
    assert s.signs == pytest.approx(50.0)


def test_care_blends_behaviour_rhythm_and_bookkeeping():
    # Reliability 100. Rhythm: one 60-day gap against 30 days -> value 0.5 (weight 2, it spans
    # two periods; the only gap, so 50). Gratitude: thanked today -> 100. Understanding: the
    # best expectation is agreed at the start -> 100.
    # Care = 0.55*100 + 0.30*50 + 0.075*100 + 0.075*100 = 85.
    ev = Evidence(
        "c",
        every_days=30,
        created=ago(60),
        promises=(kept(1, 0),),
        interactions=(Interaction(at(0), thanked=True),),
        expectations=(Expectation(at(60), "weekly", True), Expectation(at(60), "no jargon")),
    )
    assert score(ev, NOW).care == pytest.approx(85.0)


# --- Trust ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("care", "acc", "comm", "expected"),
    [(80, 80, 50, 64.0), (80, 80, 100, 80.0), (80, 80, 0, 40.96), (100, 100, 0, 100.0)],
)
def test_combine_trust_examples(care, acc, comm, expected):
    assert combine_trust(care, acc, comm) == pytest.approx(expected)


def worked_example() -> Evidence:
    # The example in docs/scoring.md: care 66.25/0.7 (no rhythm; thanked; the expectation
    # recorded, not agreed), accountability 100, communication 5/6 (email, on time, neutral).
    return Evidence(
        "Acme",
        channel="email",
        promises=(kept(1, 0),),
        interactions=(good_talk(0, tone="neutral", thanked=True),),
        expectations=(Expectation(at(30), "weekly status"),),
    )


def test_worked_example_trust():
    s = score(worked_example(), NOW)
    care = (0.55 * 100 + 0.075 * 100 + 0.075 * 50) / 0.7
    assert s.care == pytest.approx(care)
    assert s.communication == pytest.approx(250 / 3)
    assert s.trust == pytest.approx(100 * (care / 100) ** (2 ** (-2 / 3)))
    reason = top_reason(s)
    assert reason is not None and reason.figure == "trust"
    assert "expectation" in reason.text


def test_trust_needs_every_component():
    s = score(Evidence("c", promises=(kept(1, 0),)), NOW)  # no interactions at all
    assert s.trust is None and s.communication is None
    assert "communication" in s.missing["trust"]


def test_handover_discount_ordering():
    # Everything happened yesterday, the handover today: all of the record predates it.
    ev = replace(
        worked_example(),
        promises=(kept(1, 1),),
        interactions=(good_talk(1, tone="neutral", thanked=True),),
    )
    raw = score(ev, NOW).trust
    kinds = {"plain": {}, "introduced": {"introduced": True}, "three": {"three_way": True}}
    got = {}
    for kind, flags in kinds.items():
        ho = Handover(at(0) - timedelta(hours=1), "ann", "bob", **flags)
        got[kind] = score(replace(ev, handovers=(ho,)), NOW).trust
    assert got["three"] >= got["introduced"] >= got["plain"]
    assert got["plain"] == pytest.approx(0.4 * raw)
    assert got["introduced"] == pytest.approx(0.6 * raw)
    assert got["three"] == pytest.approx(0.8 * raw)


def test_handover_discounts_only_evidence_before_it():
    # Promise kept yesterday (before the handover), talk today (after it). The earlier piece
    # weighs w = 0.5 ** (1 / 90), so its share w / (w + 1) carries over at 0.4.
    ev = replace(
        worked_example(),
        promises=(kept(1, 1),),
        handovers=(Handover(at(0) - timedelta(hours=1), "ann", "bob"),),
    )
    raw = score(replace(ev, handovers=()), NOW).trust
    w = 0.5 ** (1 / 90)
    assert score(ev, NOW).trust == pytest.approx(raw * (1 - 0.6 * w / (w + 1)))


def test_first_owner_assignment_is_not_a_handover():
    ev = worked_example()
    first = Handover(at(0) - timedelta(hours=1), None, "bob")
    assert score(replace(ev, handovers=(first,)), NOW).trust == score(ev, NOW).trust


def test_top_reason_is_none_for_a_perfect_record():
    ev = replace(worked_example(), expectations=(Expectation(at(9), "weekly", True),))
    ev = replace(ev, interactions=(good_talk(0, thanked=True),))
    s = score(ev, NOW)
    assert s.trust == pytest.approx(100.0)
    assert top_reason(s) is None


def test_trend():
    ev = replace(worked_example(), promises=(kept(1, 0), kept(2, 40)))
    assert score(ev, NOW - timedelta(days=60)).trust is None  # nothing had come due yet
    # 30 days ago the promise kept 40 days ago was there but no interaction yet: no trust.
    assert score(ev, NOW - timedelta(days=30)).trust is None
    assert trend(ev, NOW, days=30) is None
    talk = good_talk(35, tone="neutral")
    ev = replace(ev, interactions=ev.interactions + (talk,))
    then, now = score(ev, NOW - timedelta(days=30)).trust, score(ev, NOW).trust
    assert then is not None and now is not None
    assert trend(ev, NOW, days=30) == pytest.approx(now - then)




@given(evidence())
def test_explain_false_gives_the_same_figures(ev):
    full = score(ev, NOW)
    quick = score(ev, NOW, explain=False)
    for figure in ("trust", "reliability", "their_reliability", "care", "accountability",
                   "communication"):
        assert getattr(quick, figure) == getattr(full, figure)
    assert (quick.overdue, quick.missing) == (full.overdue, full.missing)
    assert quick.evidence == ()  # nobody reads it: not sorted for nothing
