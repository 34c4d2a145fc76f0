"""Recording what trust model 2 reads: promise sizes, and the client's signs of trust."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ok, query

FIXTURES = Path(__file__).parent / "fixtures"


def test_promise_and_log_take_a_size_paired_with_their_promise(cli, js):
    ok(cli("add", "Acme"))
    made = js("promise", "acme", "production migration", "--by", "friday", "--size", "big")
    assert made["size"] == "big"
    said = ok(cli("promise", "acme", "slides", "--by", "friday", "--size", "small")).stdout
    assert "'slides' (small) by 2026-11-27" in said
    logged = js("log", "acme", "call", "--promise", "deck", "--by", "friday", "--size", "small",
                "--promise", "notes", "--by", "monday")  # fmt: skip
    assert [(p["text"], p["size"]) for p in logged["promises"]] == [
        ("deck", "small"),
        ("notes", "normal"),
    ]


def test_a_bad_or_stray_size_is_a_usage_error_and_records_nothing(cli, js):
    ok(cli("add", "Acme"))
    bad = cli("promise", "acme", "x", "--by", "friday", "--size", "huge")
    assert bad.exit_code == 2 and "--size must be one of small, normal, big" in bad.stderr
    stray = cli("log", "acme", "call", "--size", "big", "--promise", "deck", "--by", "friday")
    assert stray.exit_code == 2 and "--size" in stray.stderr
    shown = js("show", "acme")
    assert shown["promises"] == [] and shown["interactions"] == []


def test_a_recurring_promise_keeps_its_size(cli, js):
    ok(cli("add", "Acme"))
    first = js("promise", "acme", "board pack", "--by", "friday", "--every", "1m", "--size", "big")
    nxt = js("done", str(first["id"]))["next"]
    assert nxt is not None
    promises = {p["id"]: p for p in _promises(cli)}
    assert promises[nxt["id"]]["size"] == "big"


def test_sign_records_a_sign_of_trust_that_raises_trust(cli, js):
    ok(cli("add", "Acme", "--channel", "email", env={"RAPPORT_NOW": "2026-11-01T09:00"}))
    ok(cli("log", "acme", "kickoff", "--channel", "email", "--tone", "neutral",
           env={"RAPPORT_NOW": "2026-11-01T09:00"}))  # fmt: skip
    pid = js("promise", "acme", "deck", "--by", "2026-11-05",
             env={"RAPPORT_NOW": "2026-11-01T09:00"})["id"]  # fmt: skip
    ok(cli("done", str(pid), "--when", "2026-11-04"))
    [before] = js("score", "acme")
    assert before["signs"] is None
    made = js("sign", "acme", "Referral", "sent us Hooli", "--when", "2026-11-20")
    assert (made["kind"], made["note"]) == ("referral", "sent us Hooli")
    assert made["at"].startswith("2026-11-20")
    [after] = js("score", "acme", "--explain")
    assert after["signs"] > 90 and after["trust"] > before["trust"]
    assert any("referred someone to you on 2026-11-20: sent us Hooli" in r["text"]
               for r in after["evidence"])  # fmt: skip


def test_sign_refuses_an_unknown_kind(cli, js):
    ok(cli("add", "Acme"))
    result = cli("sign", "acme", "hug")
    assert result.exit_code == 2
    assert "asked-advice, referral, shared-plans, introduction" in result.stderr
    assert not any(r["type"] == "sign" for r in _export(cli))


def test_log_referral_is_a_sign_tied_to_the_interaction(cli, js):
    ok(cli("add", "Acme"))
    logged = js("log", "acme", "lunch", "--referral")
    [sign] = [r for r in _export(cli) if r["type"] == "sign"]
    assert (sign["kind"], sign["interaction_id"]) == ("referral", logged["interaction"])


def test_export_carries_sizes_and_signs_and_an_old_file_imports_as_normal(cli, js, tmp_path):
    old = tmp_path / "old.jsonl"
    old.write_text(
        '{"type":"rapport","format":1,"schema":2}\n'
        '{"type":"contact","name":"Acme"}\n'
        '{"type":"promise","contact":"Acme","text":"deck","due":"2026-11-30"}\n',
        encoding="utf-8",
    )
    ok(cli("import", old))
    ok(cli("sign", "acme", "shared-plans"))
    records = _export(cli)
    assert records[0]["format"] == 2
    [promise] = [r for r in records if r["type"] == "promise"]
    assert promise["size"] == "normal"
    [sign] = [r for r in records if r["type"] == "sign"]
    assert sign["kind"] == "shared-plans" and sign["contact"] == "Acme"


def _export(cli) -> list[dict]:
    return [json.loads(line) for line in ok(cli("export")).stdout.splitlines()]


def _promises(cli) -> list[dict]:
    return [r for r in _export(cli) if r["type"] == "promise"]


@pytest.mark.sqlite_only  # the score cache is SQLite-only (store/cache.py)
def test_the_upgrade_drops_figures_cached_by_the_first_model(cli, js, tmp_path):
    from rapport.store import cache, migrations

    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-2.db", db)
    conn = sqlite3.connect(db)
    for statement in cache.DDL:
        conn.execute(statement.replace("signs", "handovers"))  # no signs table before the upgrade
    conn.execute("INSERT INTO cache_scores VALUES (1, 'row:2026-11-23', 'v1.2:90.0', 0, '{}')")
    conn.commit()
    conn.close()
    rows = js("--db", db, "score", env={"RAPPORT_NOW": "2026-11-23T08:30"})
    assert rows and all("signs" in r for r in rows)
    params = {p for (p,) in query(db, "SELECT params FROM cache_scores")}
    assert params and all(p.startswith("v2.") for p in params)
    assert query(db, "SELECT max(id) FROM rapport_migrations") == [(migrations.HEAD,)]
