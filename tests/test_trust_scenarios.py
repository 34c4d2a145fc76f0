"""Issue 17's scenarios, one per way the first trust model misjudged people, each built
through the CLI with RAPPORT_NOW. Each fails on the first model and passes on the second.

Now is Monday 2026-11-23 (conftest). Expected values are bounds worked out by hand in the
comments; docs/scoring.md has the formulas.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from conftest import ok

LOW = 50.0  # insights.LOW_TRUST: `due` flags contacts below it


def on(day: str) -> dict[str, str]:
    return {"RAPPORT_NOW": f"{day}T09:00:00"}


def row(js, name: str, day: str | None = None, explain: bool = False) -> dict:
    args = ["score", name, *(["--explain"] if explain else [])]
    [found] = js(*args, env=on(day) if day else None)
    return found


def kept(cli, js, name: str, text: str, made: str, due: str, done: str, *extra: str) -> int:
    pid = js("promise", name, text, "--by", due, *extra, env=on(made))["id"]
    ok(cli("done", str(pid), "--when", done, env=on(done)))
    return pid


def talk(cli, name: str, day: str, *extra: str) -> None:
    ok(cli("log", name, "catch-up", "--when", day, *extra, env=on(day)))


GOOD = ("--channel", "email", "--minutes", "30", "--planned", "30", "--tone", "warm")


# 1. It ignores what it stores: a rigid client pays more for the same deviation.
def test_a_rigid_client_pays_more_for_the_same_moved_and_late_promises(cli, js):
    for name, attitude in (("Rigid Co", "rigid"), ("Easy Co", "flexible")):
        ok(cli("add", name, "--attitude", attitude, "--channel", "email", env=on("2026-09-01")))
        talk(cli, name, "2026-09-01", *GOOD)
        pid = js("promise", name, "report", "--by", "2026-11-10", env=on("2026-11-01"))["id"]
        ok(cli("move", str(pid), "--to", "2026-11-17", "--told", env=on("2026-11-05")))
        ok(cli("done", str(pid), "--when", "2026-11-17"))
        kept(cli, js, name, "slides", "2026-11-01", "2026-11-12", "2026-11-13")  # a day late
    rigid, easy = row(js, "Rigid Co"), row(js, "Easy Co")
    # Moved in time: 0.9 plain; rigid 1 - 3 x 0.1 = 0.7, flexible 0.95. A day late: 0.8 plain;
    # rigid 0.4, flexible 0.9. So rigid about 55, flexible about 92.
    assert rigid["reliability"] < 60 < 90 < easy["reliability"]
    assert rigid["trust"] < easy["trust"]


# 2. Every promise weighs the same: one big broken promise is not diluted by small favours.
def test_a_broken_big_promise_is_not_diluted_by_eight_small_favours(cli, js):
    ok(cli("add", "Globex", "--channel", "email", env=on("2026-08-20")))
    for k in range(8):  # a small favour kept every 10 days, 1 Sep .. 10 Nov
        day = (date(2026, 9, 1) + timedelta(days=10 * k)).isoformat()
        kept(cli, js, "Globex", f"favour {k}", day, day, day, "--size", "small")
        talk(cli, "Globex", day, *GOOD)
    big = js("promise", "Globex", "production migration", "--by", "2026-11-16", "--size", "big",
             env=on("2026-10-20"))["id"]  # fmt: skip
    ok(cli("drop", str(big), "--reason", "rolled back", env=on("2026-11-17")))
    got = row(js, "Globex")
    # Eight small kept weigh 0.5 x recency (about 2.6 in all); the big one broken a week ago
    # weighs 4 x 0.95. Reliability about 40; excellent communication cannot lift trust to 50.
    assert got["communication"] == 100.0
    assert got["reliability"] < 50
    assert got["trust"] < LOW


def test_small_promises_kept_after_a_big_break_do_not_buy_it_back(cli, js):
    for name, size in (("Big Co", "big"), ("Normal Co", "normal")):
        ok(cli("add", name, env=on("2026-08-01")))
        for k, day in enumerate(("2026-08-20", "2026-09-01", "2026-09-10", "2026-09-20")):
            kept(cli, js, name, f"task {k}", day, day, day)
        pid = js("promise", name, "go-live", "--by", "2026-10-20", "--size", size,
                 env=on("2026-10-01"))["id"]  # fmt: skip
        ok(cli("drop", str(pid), "--reason", "slipped", env=on("2026-10-22")))
        for k, day in enumerate(("2026-10-30", "2026-11-05", "2026-11-10", "2026-11-15",
                                 "2026-11-20")):  # fmt: skip
            kept(cli, js, name, f"favour {k}", day, day, day, "--size", "small")
    big, normal = row(js, "Big Co")["reliability"], row(js, "Normal Co")["reliability"]
    # Normal break: about 85 after five small favours; big break: still under 60.
    assert big < 60
    assert normal - big > 20


# 3. The client's own sign of trust is its own component, not a capped communication signal.
def test_asking_advice_raises_trust_when_channel_and_time_are_already_right(cli, js):
    for name in ("Initech", "Hooli"):
        ok(cli("add", name, "--channel", "phone", env=on("2026-10-01")))
        kept(cli, js, name, "proposal", "2026-10-01", "2026-10-10", "2026-10-09")
        talk(cli, name, "2026-11-02", "--channel", "phone", "--minutes", "20", "--planned", "30")
    asked = ("--channel", "phone", "--minutes", "20", "--planned", "30", "--asked-advice")
    ok(cli("log", "Initech", "advice?", "--when", "2026-11-16", *asked, env=on("2026-11-16")))
    talk(cli, "Hooli", "2026-11-16", "--channel", "phone", "--minutes", "20", "--planned", "30")
    asked, plain = row(js, "Initech"), row(js, "Hooli")
    assert asked["communication"] == plain["communication"] == 100.0
    # Signs 0.5 x 0.95 = 47.5: trust closes 0.3 x 47.5% of its gap to 100.
    assert asked["trust"] > plain["trust"] + 1


# 4. Timing of expectations: agreed at the start counts fully, late counts less; missed counts.
def test_an_expectation_agreed_six_months_in_counts_less_than_one_agreed_at_the_start(cli, js):
    for name in ("Early Co", "Late Co"):
        ok(cli("add", name, env=on("2026-05-20")))
        talk(cli, name, "2026-05-21", *GOOD)
        kept(cli, js, name, "plan", "2026-11-01", "2026-11-10", "2026-11-09")
    ok(cli("expect", "Early Co", "monthly report", "--agreed", env=on("2026-05-25")))
    ok(cli("expect", "Late Co", "monthly report", "--agreed"))  # today, six months in
    early, late = row(js, "Early Co"), row(js, "Late Co")
    assert early["care"] > late["care"]


def test_an_incident_that_misses_a_stated_expectation_costs_care(cli, js):
    for name in ("Told Co", "Silent Co"):
        ok(cli("add", name, env=on("2026-09-01")))
        talk(cli, name, "2026-09-01", *GOOD)
        kept(cli, js, name, "plan", "2026-11-01", "2026-11-10", "2026-11-09")
        ok(cli("incident", name, "status report not sent on Friday", "--owned", "--told-first",
               "--when", "2026-11-20", env=on("2026-11-20")))  # fmt: skip
    ok(cli("expect", "Told Co", "a status report every Friday", "--agreed", env=on("2026-09-02")))
    stated, unstated = row(js, "Told Co", explain=True), row(js, "Silent Co")
    assert stated["care"] < unstated["care"]
    assert any("expectation 'a status report every Friday'" in r["text"] and "missed" in r["text"]
               for r in stated["evidence"])  # fmt: skip


# 5. A forgotten follow-up dropped without agreement counts as broken, not as never set.
def test_dropping_a_follow_up_without_agreement_does_not_raise_reliability(cli, js):
    ok(cli("add", "Acme", env=on("2026-11-01")))
    kept(cli, js, "Acme", "deck", "2026-11-01", "2026-11-10", "2026-11-09")
    fid = js("followup", "Acme", "renewal terms", "--on", "2026-11-16", env=on("2026-11-09"))["id"]
    before = row(js, "Acme")["reliability"]
    ok(cli("drop", str(fid), "--reason", "forgot"))
    after = row(js, "Acme", explain=True)
    assert after["reliability"] <= before < 100
    assert any("'renewal terms'" in r["text"] and "broken" in r["text"] for r in after["evidence"])


# 6. Explanations name the item: its text and its date.
def test_a_missed_follow_up_is_explained_by_what_it_was_about(cli, js):
    ok(cli("add", "Acme", env=on("2026-11-01")))
    ok(cli("followup", "Acme", "renewal terms", "--on", "2026-11-16", env=on("2026-11-09")))
    texts = [r["text"] for r in row(js, "Acme", explain=True)["evidence"]]
    assert any("'renewal terms'" in t and "2026-11-16" in t for t in texts), texts


def test_score_explain_names_the_item_and_date_behind_the_three_largest_impacts(cli, js):
    ok(cli("add", "Acme", "--channel", "email", env=on("2026-10-01")))
    talk(cli, "Acme", "2026-10-01", "--channel", "phone", "--tone", "tense")
    kept(cli, js, "Acme", "deck", "2026-10-01", "2026-10-10", "2026-10-20")  # ten days late
    pid = js("promise", "Acme", "budget", "--by", "2026-11-02", env=on("2026-10-20"))["id"]
    ok(cli("drop", str(pid), "--reason", "forgot", env=on("2026-11-05")))
    ok(cli("followup", "Acme", "renewal terms", "--on", "2026-11-16", env=on("2026-11-09")))
    ok(cli("incident", "Acme", "wrong invoice", "--owned", "--told-first", "--when", "2026-11-12",
           env=on("2026-11-12")))  # fmt: skip
    reasons = [r for r in row(js, "Acme", explain=True)["evidence"] if r["figure"] == "trust"]
    top = sorted(reasons, key=lambda r: -abs(r["impact"]))[:3]
    assert len(top) == 3
    for r in top:
        assert re.search(r"'[^']+'", r["text"]) and re.search(r"\d{4}-\d\d-\d\d", r["text"]), r
    shown = ok(cli("score", "Acme", "--explain")).stdout
    for r in top:
        assert r["text"] in shown


# 7. Behaviour outweighs bookkeeping.
def test_a_flawless_record_without_thanks_or_expectations_is_not_held_at_68(cli, js):
    ok(cli("add", "Steady", "--channel", "email", "--every", "30d", env=on("2026-08-01")))
    for day in ("2026-08-01", "2026-08-25", "2026-09-18", "2026-10-12", "2026-11-05",
                "2026-11-20"):  # fmt: skip
        talk(cli, "Steady", day, *GOOD)
        kept(cli, js, "Steady", f"update {day}", day, day, day)
    # Behaviour 100 x 0.55 + rhythm 100 x 0.30; no thanks, no expectations: 85.
    assert row(js, "Steady")["care"] >= 80


def test_84_days_of_silence_against_a_30_day_rhythm_costs_care_clearly(cli, js):
    ok(cli("add", "Quiet", "--every", "30d", env=on("2025-09-01")))
    for k in range(12, -1, -1):  # in touch every 30 days for a year, the last on 2026-08-31
        talk(cli, "Quiet", (date(2026, 8, 31) - timedelta(days=30 * k)).isoformat())
    kept(cli, js, "Quiet", "report", "2026-08-20", "2026-08-30", "2026-08-30")
    got = row(js, "Quiet", explain=True)
    [silence] = [
        r for r in got["evidence"]
        if r["figure"] == "care" and "84 days since the last contact" in r["text"]
    ]  # fmt: skip
    # 84 days span 2.8 periods of 30: weight 2.8, value 30/84, against about 2.4 of old gaps:
    # about -35 points of rhythm, x 0.30 of care: about -10 (the first model: -3.4).
    assert silence["impact"] <= -8


def test_an_incident_the_client_found_out_about_holds_trust_below_the_low_line(cli, js):
    ok(cli("add", "Umbrella", "--channel", "email", "--every", "30d", env=on("2026-08-01")))
    for day in ("2026-08-01", "2026-08-20", "2026-09-10", "2026-10-01", "2026-10-20"):
        talk(cli, "Umbrella", day, *GOOD, "--thanked")
        kept(cli, js, "Umbrella", f"update {day}", day, day, day)
    ok(cli("expect", "Umbrella", "weekly call", "--agreed", env=on("2026-08-02")))
    assert row(js, "Umbrella", "2026-11-01")["trust"] > 80
    made = js("incident", "Umbrella", "changed the server config without asking", "--owned",
              "--when", "2026-11-02", env=on("2026-11-02"))  # fmt: skip
    assert row(js, "Umbrella", "2026-11-04")["trust"] < LOW  # caught me: not told first
    ok(cli("resolve", str(made["id"]), env=on("2026-11-05")))
    assert row(js, "Umbrella", "2026-11-06")["trust"] < LOW  # resolved, not yet repaired
    for day in ("2026-11-10", "2026-11-16", "2026-11-20"):  # three promises kept since
        talk(cli, "Umbrella", day, *GOOD)
        kept(cli, js, "Umbrella", f"fix {day}", day, day, day)
    assert row(js, "Umbrella")["trust"] > LOW


# 8. The business style is used: a big-picture client judges a meeting by its length.
def test_a_big_picture_client_minds_an_overrun_meeting_more(cli, js):
    for name, style in (("Vista", "big-picture"), ("Plain", "chatty")):
        ok(cli("add", name, "--channel", "email", "--style", style, env=on("2026-10-01")))
        kept(cli, js, name, "brief", "2026-10-01", "2026-10-10", "2026-10-09")
        talk(cli, name, "2026-11-16", "--channel", "email", "--minutes", "60", "--planned", "30",
             "--tone", "warm")  # fmt: skip
    # Signals: channel 1, time 0.5, warm 1. Plain: 2.5/3 = 83.3; big-picture: 3/4 = 75.
    assert row(js, "Vista")["communication"] < row(js, "Plain")["communication"]


def test_a_detail_client_judges_small_promises_like_normal_ones(cli, js):
    for name, style in (("Fine Co", "detail"), ("Broad Co", "chatty")):
        ok(cli("add", name, "--style", style, env=on("2026-10-01")))
        kept(cli, js, name, "plan", "2026-10-01", "2026-11-10", "2026-11-09")
        pid = js("promise", name, "typo fix", "--by", "2026-11-12", "--size", "small",
                 env=on("2026-11-01"))["id"]  # fmt: skip
        ok(cli("drop", str(pid), "--reason", "forgot", env=on("2026-11-13")))
    # Plain: the small one weighs 0.5 -> about 100 x 1 / 1.5 = 67; detail: 1 -> about 50.
    assert row(js, "Fine Co")["reliability"] < row(js, "Broad Co")["reliability"] - 10
