"""The running sums a store keeps (issue 13), on SQLite and PostgreSQL: after random
histories written through the CLI over three years, every contact's kept sums give the same
figures as its whole evidence, today and a month ago, and each month end of the sparkline;
`doctor` finds sums that were tampered with and `doctor --repair` puts them right.
"""

from __future__ import annotations

import itertools
import json
import math
from datetime import datetime, timedelta

import pytest
from conftest import ok
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rapport.scoring import FIGURES, score
from rapport.scoring import sums as folding

NOW = datetime(2026, 11, 23, 10, 0)
NAMES = ["Acme Corp", "Bolt Ltd"]
MATTERS = ["weekly status report", "invoice", "migration plan"]
EXAMPLE = itertools.count()


def _when(days_ago: int) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")


def _env(days_ago: int) -> dict[str, str]:
    return {"RAPPORT_NOW": _when(days_ago)}


ops = st.one_of(
    st.tuples(st.just("log"), st.sampled_from([0, 1]), st.sampled_from(["email", "phone"]),
              st.sampled_from(["warm", "neutral", "tense"]), st.booleans(), st.booleans()),
    st.tuples(st.just("promise"), st.sampled_from([0, 1]), st.integers(-5, 40),
              st.sampled_from(["small", "normal", "big"]), st.booleans(),
              st.sampled_from(MATTERS)),
    st.tuples(st.just("followup"), st.sampled_from([0, 1]), st.integers(1, 30)),
    st.tuples(st.just("settle"), st.integers(0, 20), st.sampled_from(["done", "drop", "agreed",
                                                                      "move", "told"])),
    st.tuples(st.just("incident"), st.sampled_from([0, 1]), st.booleans(), st.booleans(),
              st.sampled_from(MATTERS)),
    st.tuples(st.just("resolve"), st.integers(0, 5)),
    st.tuples(st.just("expect"), st.sampled_from([0, 1]), st.sampled_from(MATTERS),
              st.booleans()),
    st.tuples(st.just("sign"), st.sampled_from([0, 1]),
              st.sampled_from(["referral", "asked-advice"])),
    st.tuples(st.just("handover"), st.sampled_from([0, 1]), st.booleans()),
)


def _apply(cli, js, op: tuple, days_ago: int, made: dict) -> None:
    env, kind = _env(days_ago), op[0]
    if kind in ("log", "promise", "followup", "incident", "expect", "sign", "handover"):
        op = (kind, made["names"][op[1]], *op[2:])
    if kind == "log":
        _, name, channel, tone, thanked, advice = op
        args = ["log", name, "a call", "--channel", channel, "--tone", tone, "--minutes", "40",
                "--planned", "30"]
        ok(cli(*args, *(["--thanked"] if thanked else []),
               *(["--asked-advice"] if advice else []), env=env))
    elif kind == "promise":
        _, name, days, size, theirs, text = op
        due = (NOW - timedelta(days=days_ago - days)).date().isoformat()
        row = js("promise", name, text, "--by", due, "--size", size, "--yes",
                 *(["--theirs"] if theirs else []), env=env)
        made["promises"].append(row["id"])
    elif kind == "followup":
        _, name, days = op
        on = (NOW - timedelta(days=days_ago - days)).date().isoformat()
        made["promises"].append(js("followup", name, "check in", "--on", on, env=env)["id"])
    elif kind == "settle" and made["promises"]:
        _, n, how = op
        pid = str(made["promises"][n % len(made["promises"])])
        later = (NOW - timedelta(days=days_ago - 10)).date().isoformat()
        args = {"done": ["done", pid], "drop": ["drop", pid, "--reason", "no"],
                "agreed": ["drop", pid, "--reason", "no", "--agreed"],
                "move": ["move", pid, "--to", later], "told": ["move", pid, "--to", later,
                                                               "--told"]}[how]
        cli(*args, env=env)  # settling a settled one is refused: that is fine here
    elif kind == "incident":
        _, name, owned, told, text = op
        row = js("incident", name, text, *(["--owned"] if owned else []),
                 *(["--told-first"] if told else []), env=env)
        made["incidents"].append(row["id"])
    elif kind == "resolve" and made["incidents"]:
        cli("resolve", str(made["incidents"][op[1] % len(made["incidents"])]), env=env)
    elif kind == "expect":
        _, name, text, agreed = op
        ok(cli("expect", name, text, *(["--agreed"] if agreed else []), env=env))
    elif kind == "sign":
        ok(cli("sign", op[1], op[2], env=env))
    elif kind == "handover":
        ok(cli("handover", op[1], "--to", f"owner{days_ago}",
               *(["--introduced"] if op[2] else []), env=env))


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _kept_and_whole(moment: datetime, names: list[str]):
    import os

    from rapport.store import evidence, open_store
    from rapport.store import sums as kept_sums

    store = open_store(os.environ["RAPPORT_DB"], moment)
    try:
        with store.transaction(write=False):
            ids = [cid for (cid,) in store.tuples("SELECT id FROM contacts WHERE name IN"
                                                  " (:a, :b)", a=names[0], b=names[1])]
            assert not kept_sums.stale(store)
            settled = {cid: k["settled"] for cid, k in kept_sums.load(store, ids, True).items()
                       if "settled" in k}
            return kept_sums.load(store, ids), evidence.load(store, ids, moment, 90.0), settled
    finally:
        store.close()


# No shrinking: each example is dozens of whole commands; the failing one is printed as is.
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(history=st.lists(st.tuples(st.integers(0, 1100), ops), min_size=1, max_size=14),
       read=st.integers(0, 90))
def test_kept_sums_score_as_the_whole_evidence(cli, js, history, read):
    # one store for every example: each writes its own two contacts
    names = [f"{name} {next(EXAMPLE)}" for name in NAMES]
    made = {"promises": [], "incidents": [], "names": names}
    start = 1200
    for name in names:
        ok(cli("add", name, "--every", "30d", "--attitude", "situational", env=_env(start)))
    for days_ago, op in sorted(history, key=lambda h: -h[0]):
        _apply(cli, js, op, days_ago, made)
    now = NOW + timedelta(days=read)  # the first run of some later day
    kept, whole, settled = _kept_and_whole(now, names)
    assert set(kept) == set(whole)
    for cid, ev in whole.items():
        folded = folding.decode(json.loads(json.dumps(kept[cid]))["evidence"])
        for moment in (now, now - timedelta(days=30)):
            a, b = score(ev, moment, explain=False), score(folded, moment, explain=False)
            for figure in FIGURES:
                assert _close(getattr(a, figure), getattr(b, figure)), (figure, moment)
            assert a.overdue == b.overdue
        if cid in settled:  # figures kept as they are: they must be today's
            a = score(ev, now, explain=False)
            for figure in FIGURES:
                assert _close(settled[cid][figure], getattr(a, figure)), figure
        for end, trust in kept[cid]["points"].items():
            moment = datetime.fromisoformat(end).replace(hour=23, minute=59, second=59)
            assert _close(trust, score(ev, moment, explain=False).trust), end


def test_score_reads_the_kept_sums_and_agrees_with_explain(cli, js):
    ok(cli("add", "Acme Corp", "--every", "30d", env=_env(400)))
    for days_ago in (390, 300, 200, 100, 45, 20, 3):
        ok(cli("log", "Acme Corp", "call", "--channel", "email", "--tone", "warm",
               env=_env(days_ago)))
        pid = js("promise", "Acme Corp", "report", "--by",
                 (NOW - timedelta(days=days_ago - 2)).date().isoformat(), env=_env(days_ago))["id"]
        if days_ago > 50:
            ok(cli("done", str(pid), env=_env(days_ago - 1)))
    table = ok(cli("score")).stdout
    explained = js("score", "Acme Corp", "--explain")[0]
    assert f"{explained['trust']:.0f}" in table
    # those made 45, 20 and 3 days ago, each due two days later, are open: all overdue
    assert explained["overdue"] == 3
    assert f"│ {explained['trust']:.0f} " in table or f" {explained['trust']:.0f} " in table


@pytest.fixture
def tampered(cli, js):
    tampered.honest = ""
    ok(cli("add", "Acme Corp", env=_env(300)))
    pid = js("promise", "Acme Corp", "report", "--by", "2026-03-01", env=_env(300))["id"]
    ok(cli("done", str(pid), env=_env(270)))  # kept on time, long before the sums' anchor
    ok(cli("log", "Acme Corp", "call", "--tone", "warm", env=_env(50)))
    import os

    from rapport.store import open_store

    tampered.honest = ok(cli("score")).stdout
    store = open_store(os.environ["RAPPORT_DB"], NOW)
    try:
        with store.transaction():
            payload = json.loads(store.value("SELECT payload FROM score_sums"))
            sums = payload["evidence"]["base"]["sums"]
            sums["reliability"] = [sums["reliability"][0], 0.0]  # as if the promise was broken
            store.run("UPDATE score_sums SET payload = :p", p=json.dumps(payload))
    finally:
        store.close()
    return tampered.honest


def test_doctor_finds_sums_that_differ_and_repair_puts_them_right(cli, tampered):
    honest = tampered
    assert ok(cli("score")).stdout != honest  # `score` reads the sums: now wrong
    result = cli("doctor")
    assert result.exit_code == 1
    assert "FAIL  running sums" in result.stdout
    assert "Acme Corp: base.sums.reliability[1]: kept 0.0" in result.stdout
    assert "rapport doctor --repair" in result.stdout
    assert "Folded the running sums of 1 contact(s) again." in ok(cli("doctor", "--repair")).stdout
    ok(cli("doctor"))
    assert ok(cli("score")).stdout == honest
