"""One table of promise histories, and every command that says how a promise went: done,
show, review, due, brief, score --explain, export (jsonl) and their --json all agree.

Today is Monday 2026-11-23 (conftest). Each history is its own contact; the expected
verdicts are worked out by hand from the dates below.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import ok

from rapport import verdicts


def at(day: str) -> dict[str, str]:
    return {"RAPPORT_NOW": f"2026-11-{day}T09:00:00"}


# name: (due, [(step, day), ...], verdict, days_late, words)
HISTORIES = {
    # due 20 Nov, done 18 Nov: before the date
    "Early Ltd": ("2026-11-20", [("done 2026-11-18", "19")], "on_time", 0, "on time"),
    # due 18 Nov, done 21 Nov: three days after it
    "Late Ltd": ("2026-11-18", [("done 2026-11-21", "22")], "late", 3, "3 days late"),
    # due 19 Nov; on 18 Nov moved to 22 Nov, client told; done 21 Nov: by the new date
    "Told Ltd": (
        "2026-11-19",
        [("move 2026-11-22 told", "18"), ("done 2026-11-21", "22")],
        "renegotiated",
        0,
        "renegotiated in time",
    ),
    # due 19 Nov; on 18 Nov moved to 22 Nov silently; done 21 Nov: 2 days after the date
    # the client was told
    "Silent Ltd": (
        "2026-11-19",
        [("move 2026-11-22", "18"), ("done 2026-11-21", "22")],
        "late",
        2,
        "2 days late",
    ),
    # due 18 Nov, dropped on 19 Nov without agreement
    "Broken Ltd": ("2026-11-18", [("drop", "19")], "broken", 0, "broken"),
    # due 25 Nov, dropped by agreement on 19 Nov
    "Cancel Ltd": ("2026-11-25", [("drop agreed", "19")], "cancelled", 0, "cancelled"),
    # due 20 Nov, still open on 23 Nov
    "Open Ltd": ("2026-11-20", [], "overdue", 3, "3 days late"),
    # due 20 Nov, moved silently to 30 Nov on 18 Nov, still open: the client expects 20 Nov
    "Quiet Ltd": ("2026-11-20", [("move 2026-11-30", "18")], "overdue", 3, "3 days late"),
}
SETTLED = [n for n, h in HISTORIES.items() if h[2] not in ("overdue", "open")]
OPEN = [n for n in HISTORIES if n not in SETTLED]


@pytest.fixture
def journal(cli, js):
    """Every history recorded; {name: (promise id, what its last step printed)}."""
    made = {}
    for name, (due, steps, *_) in HISTORIES.items():
        ok(cli("add", name, env=at("10")))
        pid = js("promise", name, "the report", "--by", due, env=at("16"))["id"]
        last = None
        for step, day in steps:
            last = _step(cli, pid, step, day)
        made[name] = (pid, last)
    return made


def _step(cli, pid: int, step: str, day: str):
    verb, *rest = step.split()
    if verb == "done":
        return ok(cli("done", pid, "--when", rest[0], env=at(day)))
    if verb == "move":
        told = ["--told"] if "told" in rest else []
        return ok(cli("move", pid, "--to", rest[0], *told, env=at(day)))
    agreed = ["--agreed"] if "agreed" in rest else []
    return ok(cli("drop", pid, "--reason", "no longer needed", *agreed, env=at(day)))


def test_done_says_the_verdict(journal):
    for name in ("Early Ltd", "Late Ltd", "Told Ltd", "Silent Ltd"):
        words = HISTORIES[name][4]
        assert f"({words})." in journal[name][1].stdout, name


def test_done_json_carries_the_verdict(cli, js):
    ok(cli("add", "Silent Ltd", env=at("10")))
    pid = js("promise", "Silent Ltd", "x", "--by", "2026-11-19", env=at("16"))["id"]
    ok(cli("move", pid, "--to", "2026-11-22", env=at("18")))
    done = js("done", pid, "--when", "2026-11-21")
    assert (done["verdict"], done["days_late"], done["judged_by"]) == ("late", 2, "2026-11-19")


def test_show_says_the_verdict(cli, js, journal):
    for name, (_, _, kind, days, words) in HISTORIES.items():
        pid = journal[name][0]
        [p] = [p for p in js("show", name)["promises"] if p["id"] == pid]
        assert (p["verdict"], p["days_late"], p["verdict_text"]) == (kind, days, words), name
        assert words in ok(cli("show", name)).stdout, name


def test_review_counts_by_verdict(cli, js, journal):
    report = js("review", "--week")
    ids = {key: {p["id"] for p in report[key]} for key in ("kept", "late", "broken")}
    by_name = {name: journal[name][0] for name in HISTORIES}
    assert ids["kept"] == {by_name["Early Ltd"], by_name["Told Ltd"]}
    assert ids["late"] == {by_name["Late Ltd"], by_name["Silent Ltd"]}
    assert ids["broken"] == {by_name["Broken Ltd"]}
    text = ok(cli("review", "--week")).stdout
    assert "1 promise kept on time, 1 renegotiated in time, 2 late, 1 broken" in text
    assert "'the report' (2 days late, due 2026-11-19)" in text


def test_due_lists_open_promises_by_the_date_the_client_was_told(js, journal):
    items = {i["id"]: i for i in js("due") if i["kind"] == "promise"}
    for name in OPEN:
        item = items[journal[name][0]]
        assert (item["section"], item["days_late"], item["judged_by"]) == (
            "overdue", 3, "2026-11-20",
        ), name  # fmt: skip
    settled = {journal[name][0] for name in SETTLED}
    assert not settled & set(items)


def test_brief_owes_open_promises_by_the_same_date(js, journal):
    for name in OPEN:
        [owed] = js("brief", name)["i_owe"]
        assert (owed["id"], owed["days_late"], owed["when"]) == (
            journal[name][0], 3, "3 days late",
        ), name  # fmt: skip


SCORED = {
    "Early Ltd": "kept on time",
    "Late Ltd": "kept 3 days late",
    "Told Ltd": "kept by the renegotiated date 2026-11-22",
    "Silent Ltd": "kept 2 days late (due 2026-11-19) - moved without telling the client",
    "Broken Ltd": "broken (due 2026-11-18)",
    "Open Ltd": "still open, 3 days past due (due 2026-11-20)",
    "Quiet Ltd": "still open, 3 days past due (due 2026-11-20)",
}


def test_score_explains_the_same_verdicts(js, journal):
    for name, words in SCORED.items():
        [row] = js("score", name, "--explain")
        texts = [r["text"] for r in row["evidence"] if r["figure"] == "reliability"]
        assert any(words in t for t in texts), (name, texts)
        assert row["overdue"] == (1 if name in OPEN else 0), name
    [cancelled] = js("score", "Cancel Ltd", "--explain")
    assert cancelled["reliability"] is None  # cancelled by agreement: not evidence


def test_export_carries_settled_verdicts(cli, journal):
    lines = [json.loads(x) for x in ok(cli("export")).stdout.splitlines()]
    promises = {r["id"]: r for r in lines if r.get("type") == "promise"}
    for name in SETTLED:
        _, _, kind, days, _ = HISTORIES[name]
        record = promises[journal[name][0]]
        assert (record["verdict"], record["days_late"]) == (kind, days), name
    for name in OPEN:  # an open promise's verdict changes by the day: not in a record
        assert "verdict" not in promises[journal[name][0]]


def test_an_export_with_verdicts_imports_again(cli, js, journal, tmp_path):
    exported = tmp_path / "j.jsonl"
    ok(cli("export", "-o", exported))
    again = tmp_path / "again.db"
    result = js("import", exported, env={"RAPPORT_DB": str(again)})
    assert result["added"]["promise"] == len(HISTORIES)


# --- the pure rule -----------------------------------------------------------------------


def _p(due: str, status: str = "open", done: str | None = None, moves=()) -> verdicts.Record:
    d = date.fromisoformat
    return verdicts.Record(
        due=d(due),
        status=status,
        done_on=d(done) if done else None,
        moves=tuple(verdicts.Move(d(a), d(b), d(on), told) for a, b, on, told in moves),
    )


TODAY = date(2026, 11, 23)


def test_a_told_move_after_the_date_sets_the_agenda_but_not_the_verdict():
    # due 18 Nov; on 20 Nov the client agreed 27 Nov: not overdue while open...
    moved = [("2026-11-18", "2026-11-27", "2026-11-20", True)]
    assert verdicts.judge(_p("2026-11-27", moves=moved), TODAY).kind == "open"
    # ...but done on 26 Nov it was renegotiated only after the miss: 8 days late
    done = verdicts.judge(_p("2026-11-27", "done", "2026-11-26", moved), TODAY)
    assert (done.kind, done.days_late, done.due) == ("late", 8, date(2026, 11, 18))


def test_moving_a_date_earlier_never_extends_it():
    moved = [("2026-11-20", "2026-11-15", "2026-11-10", True)]
    v = verdicts.judge(_p("2026-11-15", "done", "2026-11-19", moved), TODAY)
    assert v.kind == "on_time"  # by the original 20 Nov


def test_outcome_is_what_the_trust_model_counts():
    assert verdicts.outcome(_p("2026-11-25"), TODAY) is None  # not yet due
    assert verdicts.outcome(_p("2026-11-20"), TODAY) == ("overdue", TODAY)
    assert verdicts.outcome(_p("2026-11-20", "cancelled"), TODAY) is None
    done = _p("2026-11-20", "done", "2026-11-22")
    assert verdicts.outcome(done, TODAY) == ("late", date(2026, 11, 22))
