"""Team mode: who wrote each record, who owns each contact, whose morning list, handovers,
moving a journal between SQLite and PostgreSQL, and several writers on one server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ok


def owners(js) -> dict[str, str | None]:
    return {c["name"]: js("show", c["name"])["contact"]["owner"] for c in js("contacts")}


def test_records_know_who_wrote_them(cli):
    ok(cli("log", "Acme Corp", "kick-off", "--new", "--promise", "send notes", "--by", "friday"))
    ok(cli("incident", "Acme Corp", "late invoice", env={"RAPPORT_USER": "kim"}))
    by_type: dict[str, list] = {}
    for line in ok(cli("export")).stdout.splitlines()[1:]:
        record = json.loads(line)
        by_type.setdefault(record["type"], []).append(record.get("created_by"))
    assert by_type["contact"] == ["me"] and by_type["interaction"] == ["me"]
    assert by_type["promise"] == ["me"] and by_type["incident"] == ["kim"]


def test_new_contacts_belong_to_their_creator_in_team_mode_only(cli, js, engine):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex", "--owner", "sam"))
    mine = "me" if engine == "postgres" else None
    assert owners(js) == {"Acme Corp": mine, "Globex": "sam"}


@pytest.fixture
def team(cli):
    """Three contacts with promises due today: kim's, sam's, and one nobody owns."""
    for name, owner in (("Acme Corp", "kim"), ("Globex", "sam"), ("Initech", "")):
        ok(cli("add", name, "--owner", owner))
        ok(cli("promise", name, f"call {name}", "--by", "today"))


def contacts_due(js, *args, user="kim") -> set[str]:
    return {i["contact"] for i in js("due", *args, env={"RAPPORT_USER": user})}


def test_due_filters_by_owner(js, team, engine):
    everyone = {"Acme Corp", "Globex", "Initech"}
    assert contacts_due(js, "--all") == everyone
    assert contacts_due(js, "--owner", "sam") == {"Globex"}
    assert contacts_due(js, "--mine") == {"Acme Corp", "Initech"}  # unowned stays visible
    # Mine and the unowned by default, solo too: a client owned by someone else (handed
    # over) is not on my morning list (issue 15); --all shows it.
    assert contacts_due(js) == {"Acme Corp", "Initech"}


def test_due_refuses_two_filters(cli):
    result = cli("due", "--mine", "--all")
    assert result.exit_code == 2 and "choose one" in result.stderr


def test_handover_moves_ownership_and_shows_in_the_timeline(cli, js, team):
    ok(cli("handover", "Acme Corp", "--to", "sam", "--three-way"))
    assert contacts_due(js, "--owner", "sam") == {"Acme Corp", "Globex"}
    shown = js("show", "Acme Corp")
    assert shown["contact"]["owner"] == "sam"
    [h] = shown["handovers"]
    assert (h["from_owner"], h["to_owner"], h["three_way"], h["created_by"]) == (
        "kim", "sam", 1, "me"
    )
    text = ok(cli("show", "Acme Corp")).stdout
    assert "kim -> sam (three-way)" in text


# ---------------------------------------------------------------- SQLite <-> PostgreSQL


@pytest.mark.postgres_only
def test_a_journal_moves_between_engines_byte_identical(cli, tmp_path):
    """SQLite -> PostgreSQL -> SQLite: every export along the way is the same bytes."""
    sqlite_a, sqlite_b = tmp_path / "a.db", tmp_path / "b.db"
    seed = ["--db", sqlite_a]
    ok(cli(*seed, "add", "Acme Corp", "--note", "Café owner", "--tag", "vip", "--every", "14"))
    ok(cli(*seed, "log", "Acme Corp", "Sent the invoice", "--tag", "billing", "--when",
           "2026-11-02", "--promise", "chase invoice", "--by", "friday"))  # fmt: skip
    ok(cli(*seed, "move", "1", "--to", "2026-12-01"))
    ok(cli(*seed, "incident", "Acme Corp", "wrong invoice", "--owned"))
    ok(cli(*seed, "handover", "Acme Corp", "--to", "sam"))
    ok(cli(*seed, "remember", "Acme Corp", "birthday", "--on", "03-14"))
    first = ok(cli(*seed, "export")).stdout
    path = tmp_path / "journal.jsonl"
    path.write_text(first, encoding="utf-8")

    ok(cli("import", path))  # into this test's PostgreSQL schema (RAPPORT_DB)
    on_server = ok(cli("export")).stdout
    assert on_server == first
    path.write_text(on_server, encoding="utf-8")
    ok(cli("--db", sqlite_b, "import", path))
    assert ok(cli("--db", sqlite_b, "export")).stdout == first
    # ids carry on after the imported ones on the server too
    added = cli.js("log", "Acme Corp", "after the move")
    assert added["interaction"] == 2


# ---------------------------------------------------------------- concurrency

WRITERS, LOGS_EACH = 4, 15
WORKER = """
import sys
from typer.main import get_command
from rapport.cli import app
group = get_command(app)
print("ready", flush=True)
sys.stdin.readline()
for i in range(int(sys.argv[2])):
    try:
        group.main(args=["log", ("Acme Corp", "Globex")[i % 2], f"w{sys.argv[1]} call {i}",
                         "--promise", f"w{sys.argv[1]} p{i}", "--by", "friday"],
                   prog_name="rapport")
    except SystemExit as exc:
        if exc.code:
            sys.exit(f"log {i} exited {exc.code}")
"""


def test_several_processes_logging_at_once_all_land(cli, js):
    ok(cli("add", "Acme Corp"))
    ok(cli("add", "Globex"))
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(w), str(LOGS_EACH)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=dict(os.environ), text=True)  # fmt: skip
        for w in range(WRITERS)
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:  # all start together
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    summaries = [
        i["summary"] for name in ("Acme Corp", "Globex") for i in js("show", name)["interactions"]
    ]
    expected = {f"w{w} call {i}" for w in range(WRITERS) for i in range(LOGS_EACH)}
    assert sorted(summaries) == sorted(expected)
    promises = [p["text"] for name in ("Acme Corp", "Globex") for p in js("show", name)["promises"]]
    assert len(promises) == len(set(promises)) == WRITERS * LOGS_EACH


# ---------------------------------------------------------------- migrations on the server


@pytest.mark.postgres_only  # the SQLite upgrade path is tests/test_migrations.py's
def test_an_older_server_schema_is_upgraded_in_place():
    from datetime import datetime

    from rapport.store import migrations, open_store, search
    from rapport.store.postgres import PostgresStore

    url = os.environ["RAPPORT_DB"]
    store = PostgresStore(url)
    with store.transaction():
        store.script(["CREATE TABLE rapport_migrations (id INTEGER PRIMARY KEY,"
                      " name TEXT NOT NULL, applied_at TEXT NOT NULL)"])  # fmt: skip
        number, name, statements = migrations.MIGRATIONS[0]
        store.script(migrations.statements_for(statements, "postgresql"))
        store.run("INSERT INTO rapport_migrations VALUES (1, :n, 'then')", n=name)
        store.run("INSERT INTO contacts (name, name_key, created_at, notes)"
                  " VALUES ('Acme', 'acme', '2026-01-01T00:00:00', 'loves cycling')")  # fmt: skip
    store.close()
    store = open_store(url, datetime(2026, 11, 23, 10))
    try:
        assert migrations.current_version(store) == migrations.HEAD
        [hit] = search.search(store, "cycling", 10)
        assert (hit["kind"], hit["contact"]) == ("note", "Acme")
    finally:
        store.close()


def test_without_the_driver_the_error_says_what_to_install(monkeypatch, cli):
    import rapport.store.postgres as pg

    monkeypatch.setattr(pg, "psycopg2", None)
    result = cli("--db", "postgresql+psycopg://me@127.0.0.1:1/none", "due")
    assert result.exit_code == 2
    assert "pip install 'rapport[postgres]'" in result.stderr


def test_log_and_due_import_neither_sqlalchemy_nor_psycopg3(cli, engine):
    """On both engines: SQLAlchemy and psycopg 3 cost ~300 ms of import (docs/performance.md);
    team mode talks to the server through psycopg2 alone."""
    ok(cli("add", "Acme Corp"))
    probe = (
        "import sys; from rapport.cli import run; run(['log', 'Acme Corp', 'call']); run(['due']);"
        " print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'psycopg', 'psycopg2')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == ("['psycopg2']" if engine == "postgres" else "[]"), out.stderr


def test_the_postgres_half_is_configured_where_ci_says_so():
    """.ci/run sets RAPPORT_CI_NEEDS_PG: there, a skipped PostgreSQL half is a failure."""
    if os.environ.get("RAPPORT_CI_NEEDS_PG"):
        assert os.environ.get("RAPPORT_TEST_PG"), "CI must run the PostgreSQL half"
