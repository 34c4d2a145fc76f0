"""The trust model through the CLI: its inputs, `score`, `review`, and the demo journal."""

from __future__ import annotations

import pytest
from conftest import DEMO_TODAY, demo_copy, ok


@pytest.fixture
def acme(cli):
    ok(cli("add", "Acme Corp", "--channel", "video", "--every", "14d"))
    return "Acme Corp"


def test_incident_resolve_and_expect_are_recorded(cli, js, acme):
    made = js("incident", "acme", "Sent the wrong invoice", "--owned", "--told-first")
    assert made["owned"] is True and made["told_first"] is True
    resolved = js("resolve", str(made["id"]))
    assert resolved["resolved_on"] == "2026-11-23"
    again = cli("resolve", str(made["id"]))
    assert again.exit_code == 2 and "already resolved" in again.stderr
    expected = js("expect", "acme", "Weekly status on Fridays", "--agreed")
    assert expected["agreed"] is True


def test_unknown_incident_is_a_usage_error(cli, acme):
    result = cli("resolve", "99")
    assert result.exit_code == 2
    assert "no incident with id 99" in result.stderr


def test_handover_changes_the_owner_and_refuses_a_no_op(cli, js, acme, engine):
    first = js("handover", "acme", "--to", "sam", "--introduced")
    # team mode: the creator owns a contact; solo: nobody is recorded, so it was mine (me)
    assert (first["from_owner"], first["to_owner"]) == ("me", "sam")
    second = js("handover", "acme", "--to", "kim", "--three-way")
    assert (second["from_owner"], second["to_owner"]) == ("sam", "kim")
    assert js("show", "acme")["contact"]["owner"] == "kim"
    same = cli("handover", "acme", "--to", "kim")
    assert same.exit_code == 2


def test_no_evidence_gives_no_number(js, acme):
    [row] = js("score")
    assert row["contact"] == "Acme Corp"
    assert row["trust"] is None and row["reliability"] is None
    assert row["missing"]["trust"]  # the reason is said, not an invented number


def test_score_json_has_the_documented_fields(js, cli, acme):
    ok(cli("log", "acme", "call", "--when", "2026-11-02", "--channel", "video",
           "--promise", "deck", "--by", "2026-11-06"))
    ok(cli("done", "1", "--when", "2026-11-05"))
    [row] = js("score")
    for key in ("contact", "trust", "reliability", "their_reliability", "care",
                "accountability", "communication", "overdue"):
        assert key in row
    assert row["reliability"] == 100.0  # the only promise was kept early
    assert row["overdue"] == 0
    assert "evidence" not in row
    assert js("score", "--explain")[0]["evidence"]


EARLIER = {"RAPPORT_NOW": "2026-10-26T09:00"}


def test_an_overdue_promise_lowers_reliability_and_is_counted(js, cli, acme):
    ok(cli("promise", "acme", "deck", "--by", "2026-11-02", env=EARLIER))
    ok(cli("promise", "acme", "report", "--by", "2026-11-09", env=EARLIER))
    ok(cli("done", "1", "--when", "2026-11-01"))
    [row] = js("score")
    assert row["overdue"] == 1
    assert row["reliability"] is not None and row["reliability"] < 100


def test_bad_half_life_is_refused(cli, acme):
    result = cli("score", "--half-life", "0")
    assert result.exit_code == 2 and "half-life" in result.stderr
    env = cli("score", env={"RAPPORT_HALF_LIFE": "soon"})
    assert env.exit_code == 2


def test_review_counts_promises_kept_late_and_broken(js, cli, acme):
    ok(cli("promise", "acme", "kept", "--by", "2026-11-20", env=EARLIER))
    ok(cli("promise", "acme", "late", "--by", "2026-11-17", env=EARLIER))
    ok(cli("promise", "acme", "broken", "--by", "2026-11-18", env=EARLIER))
    ok(cli("done", "1", "--when", "2026-11-19"))
    ok(cli("done", "2", "--when", "2026-11-20"))
    ok(cli("drop", "3", "--reason", "forgot"))
    report = js("review", "--week")
    assert [p["text"] for p in report["kept"]] == ["kept"]
    assert [p["text"] for p in report["late"]] == ["late"]
    assert [p["text"] for p in report["broken"]] == ["broken"]
    assert cli("review", "--week", "--month").exit_code == 2


@pytest.fixture(scope="module")
def demo_db(demo_template, tmp_path_factory):
    return demo_copy(demo_template, tmp_path_factory), DEMO_TODAY


def test_demo_journal_ranks_the_tense_and_the_quiet_clients_lowest(js, demo_db):
    db, today = demo_db
    rows = js("--db", str(db), "score", env={"RAPPORT_NOW": today})
    ranked = [r["contact"] for r in rows if r["trust"] is not None]
    assert set(ranked[:2]) == {"Northwind Traders", "Harbor Dental"}
    assert ranked[-1] in {"Acme Corp", "Elena Park"}


def test_demo_due_flags_low_trust_and_lists_each_section(js, demo_db):
    db, today = demo_db
    items = js("--db", str(db), "due", env={"RAPPORT_NOW": today})
    sections = {item["section"] for item in items}
    assert sections == {"overdue", "today", "upcoming", "followup", "checkin", "owed"}
    northwind = [i for i in items if i["contact"] == "Northwind Traders"]
    assert northwind and northwind[0]["trust_note"].startswith("low")
    assert all(i["trust_note"] is None for i in items if i["contact"] == "Acme Corp")


def _trust_of(js, name, env=None):
    return {r["contact"]: r for r in js("score", env=env)}[name]


def test_cached_figures_follow_every_write(js, cli, acme):
    ok(cli("log", "acme", "call", "--when", "2026-11-02", "--channel", "video",
           "--promise", "deck", "--by", "2026-11-06"))
    ok(cli("done", "1", "--when", "2026-11-05"))
    first = _trust_of(js, "Acme Corp")
    assert first == _trust_of(js, "Acme Corp")  # served from the cache, unchanged
    ok(cli("incident", "acme", "missed the board meeting", "--when", "2026-11-20"))
    after_incident = _trust_of(js, "Acme Corp")
    assert after_incident["accountability"] < first["accountability"]
    ok(cli("promise", "acme", "report", "--by", "2026-11-10", env=EARLIER))
    assert _trust_of(js, "Acme Corp")["overdue"] == 1


def test_cached_figures_are_per_day(js, cli, acme):
    ok(cli("promise", "acme", "report", "--by", "2026-11-24", env=EARLIER))
    assert _trust_of(js, "Acme Corp")["overdue"] == 0
    later = {"RAPPORT_NOW": "2026-11-25T09:00"}
    assert _trust_of(js, "Acme Corp", env=later)["overdue"] == 1


@pytest.mark.sqlite_only  # the score cache is SQLite-only (store/cache.py)
def test_dropping_the_cache_changes_nothing(js, cli, acme, db_path):
    import sqlite3

    ok(cli("log", "acme", "call", "--channel", "video", "--promise", "deck", "--by", "tomorrow"))
    before = js("score")
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE cache_scores")
    conn.commit()
    conn.close()
    assert js("score") == before


def test_import_invalidates_cached_figures(js, cli, acme, tmp_path):
    ok(cli("log", "acme", "call", "--channel", "video"))
    assert _trust_of(js, "Acme Corp")["overdue"] == 0  # figures now cached
    records = tmp_path / "more.jsonl"
    records.write_text(
        '{"type": "promise", "contact": "Acme Corp", "text": "deck", "due": "2026-11-02",'
        ' "made": "2026-10-20"}\n',
        encoding="utf-8",
    )
    ok(cli("import", str(records)))
    assert _trust_of(js, "Acme Corp")["overdue"] == 1
    ok(cli("incident", "acme", "wrong invoice"))  # the revision triggers are back
    assert _trust_of(js, "Acme Corp")["accountability"] < 100


def test_a_tag_rhythm_counts_for_care_and_refreshes_cached_figures(js, cli):
    for name, extra in (("Globex", ["--tag", "vip"]), ("Initech", ["--every", "7d"])):
        ok(cli("add", name, *extra, env=EARLIER))
        ok(cli("log", name, "kickoff", "--when", "2026-10-27", "--yes", env=EARLIER))
        made = js("promise", name, "deck", "--by", "2026-10-30", env=EARLIER)
        ok(cli("done", str(made["id"]), "--when", "2026-10-29"))
    before = _trust_of(js, "Globex")["care"]  # no rhythm yet: cached like this
    ok(cli("tag", "vip", "--every", "7d"))
    after = _trust_of(js, "Globex")["care"]
    assert after != before
    assert after == _trust_of(js, "Initech")["care"]  # inherited counts as its own would


def test_default_half_life_is_the_scorers(cli, monkeypatch):
    from rapport import scoring
    from rapport.app import trust

    monkeypatch.delenv("RAPPORT_HALF_LIFE", raising=False)
    assert trust.half_life(None) == scoring.HALF_LIFE_DAYS == 90.0
    assert "default 90," in ok(cli("score", "--help")).stdout


def test_score_table_keeps_the_name_on_a_narrow_terminal(cli):
    ok(cli("add", "Northwind Traders International"))
    ok(cli("log", "northwind", "call", "--tone", "warm"))
    narrow = ok(cli("score", env={"COLUMNS": "80"})).stdout
    assert "Northwind" in narrow
    assert all(len(line) <= 80 for line in narrow.splitlines())
    assert "last contact" not in narrow  # dropped first, to make room
    assert "last contact" in ok(cli("score", env={"COLUMNS": "140"})).stdout


def test_demo_contacts_at_120_columns_keeps_the_organisation(cli, demo_db):
    """A long organisation wraps in its column at 120 columns rather than disappearing."""
    db, today = demo_db
    env = {"RAPPORT_NOW": today, "COLUMNS": "120"}
    out = ok(cli("--db", str(db), "contacts", env=env)).stdout.splitlines()
    assert out[0].split("┃")[1].strip() == "org"
    assert all(len(line.rstrip()) <= 120 for line in out)
    harbor = next(i for i, line in enumerate(out) if line.startswith("Harbor Dental"))
    assert "Harbor Dental" in out[harbor].split("│")[1] and "Group" in out[harbor + 1]
