"""rapport search: FTS5 over summaries, notes, promises and incidents, kept in step by triggers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ok, query
from hypothesis import given
from hypothesis import strategies as st

from rapport.store.search import fts_query

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def journal(cli):
    ok(cli("add", "Acme Corp", "--note", "Dana loves cycling; hates surprises"))
    ok(cli("log", "Acme Corp", "Sent the invoice for the audit", "--when", "2026-11-02",
           "--promise", "chase the unpaid invoice", "--by", "friday"))  # fmt: skip
    ok(cli("log", "Lumen Studio", "Invoice invoice invoice: all three were wrong", "--new",
           "--when", "2026-11-10"))  # fmt: skip
    ok(cli("incident", "Lumen Studio", "Wrong invoice sent", "--when", "2026-11-11"))
    ok(cli("followup", "Acme Corp", "--on", "next week", "ask about cycling trip"))


def test_hits_are_ranked_with_contact_date_kind_and_snippet(js, journal):
    hits = js("search", "invoice")
    # the summary saying it three times ranks first; all four texts with the word are found
    assert hits[0]["contact"] == "Lumen Studio" and hits[0]["kind"] == "interaction"
    assert sorted((h["kind"], h["contact"]) for h in hits) == [
        ("incident", "Lumen Studio"),
        ("interaction", "Acme Corp"),
        ("interaction", "Lumen Studio"),
        ("promise", "Acme Corp"),
    ]
    promise = next(h for h in hits if h["kind"] == "promise")
    assert promise["date"] == "2026-11-27"  # its due date: friday after Monday 23 Nov
    assert promise["snippet"] == "chase the unpaid invoice"
    assert promise["highlights"] == [[17, 24]]


def test_notes_follow_ups_and_accents(js, journal, cli):
    kinds = {h["kind"] for h in js("search", "cycling")}
    assert kinds == {"note", "followup"}
    ok(cli("edit", "Acme Corp", "--note", "Café owner"))
    assert [h["kind"] for h in js("search", "cafe")] == ["note"]  # diacritics folded
    assert {h["kind"] for h in js("search", "cycling")} == {"followup"}  # old note forgotten


def test_words_are_anded_phrases_and_prefixes_work(js, journal):
    assert {h["contact"] for h in js("search", "invoice audit")} == {"Acme Corp"}
    assert js("search", '"unpaid invoice"')[0]["kind"] == "promise"
    assert js("search", '"invoice unpaid"') == []
    assert {h["kind"] for h in js("search", "surpri*")} == {"note"}


@pytest.mark.parametrize("text", ["AND", "OR (", 'NEAR("a" b', '"', "*", "-", "body:x", "^a"])
def test_query_syntax_from_the_user_never_breaks(cli, journal, text):
    result = cli("search", text)
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:
        assert "nothing to search for" in result.stderr


@given(st.text(max_size=40))
def test_fts_query_quotes_every_term(text):
    import sqlite3

    try:
        q = fts_query(text)
    except Exception as exc:
        assert "nothing to search for" in str(exc)
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("SELECT * FROM t WHERE t MATCH ?", (q,)).fetchall()  # never a syntax error


def test_limit_and_text_output_are_safe(cli, js, journal):
    assert len(js("search", "invoice", "--limit", "2")) == 2
    ok(cli("log", "Acme Corp", "[bold]invoice[/bold] \x1b[31m red"))
    out = ok(cli("search", "invoice")).stdout
    assert "[bold]invoice[/bold]" in out and "\x1b" not in out
    assert "Nothing in the journal matches" in ok(cli("search", "zebra")).stdout


def test_old_stores_are_indexed_on_upgrade(tmp_path, js):
    old = FIXTURES / "schema-1.db"
    if not old.exists():
        pytest.skip("no schema-1 fixture store")
    db = tmp_path / "old.db"
    shutil.copy(old, db)
    hits = js("--db", db, "search", "cycling")
    assert [h["contact"] for h in hits] == ["Acme Corp"]  # the demo's note on Dana


@pytest.mark.sqlite_only  # compares FTS5 tables
def test_imported_rows_are_indexed_as_the_triggers_would(cli, tmp_path, journal, db_path):
    exported = tmp_path / "j.jsonl"
    exported.write_bytes(ok(cli("export")).stdout_bytes)
    copy = tmp_path / "copy.db"
    ok(cli("--db", copy, "import", exported))
    index = "SELECT rowid, body, kind, ref FROM search_index ORDER BY rowid"
    assert query(copy, index) == query(db_path, index)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    assert query(copy, triggers) == query(db_path, triggers)


def test_a_failed_import_keeps_the_triggers(cli, js, tmp_path, journal, db_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "contact", "name": "New Co"}\n{"type": "nope"}\n', encoding="utf-8")
    assert cli("import", bad).exit_code == 2
    ok(cli("log", "Acme Corp", "a zeppelin arrived"))
    assert [h["kind"] for h in js("search", "zeppelin")] == ["interaction"]
