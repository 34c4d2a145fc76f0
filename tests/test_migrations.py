"""Upgrades lose nothing: every fixture store of a past schema (tests/fixtures/schema-N.db)
opens with today's rapport, is backed up first, and keeps every row of every table."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, query

from rapport.store import migrations

# About the SQLite file itself (its bytes, modes, WAL, backups, kills): one engine.
pytestmark = pytest.mark.sqlite_only

FIXTURES = Path(__file__).parent / "fixtures"
STORES = sorted(FIXTURES.glob("schema-*.db"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))
# Figures worked out from the records, not records: the day-keyed score cache (migration 5
# drops it, to be recomputed under trust model 2) and the running sums (migration 6).
DERIVED = ("cache_", "score_")
HEADER = 100  # SQLite's file header: change counters and the WAL flag, which a copy rewrites


def schema_of(path: Path) -> int:
    return int(re.fullmatch(r"schema-(\d+)\.db", path.name).group(1))


def tables(db: Path) -> list[str]:
    """Every table that holds records. The shadow tables of a full-text index hold data derived
    from other tables (a later migration may rebuild them); the index itself is compared.
    The score cache and running sums are derived too (DERIVED)."""
    rows = query(
        db,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        name
        for name, _ in rows
        if not any(name.startswith(f"{v}_") for v in virtual) and not name.startswith(DERIVED)
    ]


def row_key(conn: sqlite3.Connection, table: str, columns: list[str]) -> str:
    """rowid, or the primary key of a WITHOUT ROWID table."""
    try:
        conn.execute(f'SELECT rowid FROM "{table}" LIMIT 1')
        return "rowid"
    except sqlite3.OperationalError:
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        return "(" + ", ".join(f'"{c}"' for c in pk) + ")" if len(pk) > 1 else f'"{pk[0]}"'


def rows_of(db: Path, only: list[str]) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Each table: its columns and every row, keyed so that row order cannot hide a loss."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in only:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            if not columns:
                continue  # the table is gone; same_rows says so
            key = row_key(conn, table, columns)
            picked = ", ".join(f'"{c}"' for c in columns)
            data = conn.execute(f'SELECT {key}, {picked} FROM "{table}" ORDER BY 1')
            found[table] = (columns, data.fetchall())
        return found
    finally:
        conn.close()


def same_rows(old: Path, new: Path) -> None:
    """Each old row is still there, with the same value in every column the old table had."""
    old_tables = tables(old)
    assert old_tables, f"{old} holds no tables"
    before, after = rows_of(old, old_tables), rows_of(new, old_tables)
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} disappeared"
        new_columns, new_rows = after[table]
        by_key = {r[0]: dict(zip(["key", *new_columns], r, strict=True)) for r in new_rows}
        for row in rows:
            now = by_key.get(row[0])
            assert now is not None, f"{table} row {row[0]} lost"
            for column, value in zip(columns, row[1:], strict=True):
                assert column in now, f"{table}.{column} disappeared"
                assert now[column] == value, (table, row[0], column, value, now[column])


def test_there_is_a_fixture_for_the_first_schema():
    assert [schema_of(p) for p in STORES][:1] == [1]
    assert all(schema_of(p) <= migrations.HEAD for p in STORES)


def upgrade(cli, db: Path) -> None:
    ok(cli("--db", db, "contacts", "--json"))  # any command opens, and so upgrades, the store


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.name)
def test_every_old_store_upgrades_with_every_record(cli, tmp_path, fixture):
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    original = db.read_bytes()
    upgrade(cli, db)
    same_rows(fixture, db)
    assert query(db, "SELECT max(id) FROM rapport_migrations") == [(migrations.HEAD,)]
    backup = tmp_path / f"{fixture.name}.schema{schema_of(fixture)}.bak"
    if schema_of(fixture) == migrations.HEAD:
        assert not backup.exists()  # nothing to upgrade, nothing to back up
    else:
        assert_is_copy(backup, original)


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.name)
def test_an_upgraded_store_is_healthy_and_its_sums_match_its_evidence(js, tmp_path, fixture):
    """doctor recomputes every contact's running sums (migration 6) from the evidence."""
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    report = js("--db", db, "doctor")
    assert report["ok"], [c for c in report["checks"] if not c["ok"]]
    assert "running sums" in [c["check"] for c in report["checks"]]
    assert js("--db", db, "score")  # every contact's figures read from the upgraded sums


def assert_is_copy(backup: Path, original: bytes) -> None:
    """The backup holds the original's pages byte for byte; only the header's counters and
    WAL flag differ, because SQLite's backup API writes those for the copy it makes."""
    assert backup.exists()
    copy = backup.read_bytes()
    assert len(copy) == len(original)
    assert copy[HEADER:] == original[HEADER:]
    assert copy[:16] == b"SQLite format 3\x00"


@pytest.fixture
def future(monkeypatch):
    """Today's rapport plus one more migration that adds a table and a column."""
    head = migrations.HEAD + 1
    step = (
        head,
        "test: a column and a table",
        [
            "ALTER TABLE contacts ADD COLUMN nickname TEXT",
            "CREATE TABLE gifts (id INTEGER PRIMARY KEY, contact_id INTEGER, what TEXT)",
        ],
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "HEAD", head)
    return head


@pytest.mark.parametrize("fixture", STORES, ids=lambda p: p.name)
def test_an_upgrade_backs_up_first_and_keeps_every_record(cli, tmp_path, fixture, future):
    """The upgrade path every fixture takes once the next migration lands."""
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    original = db.read_bytes()
    upgrade(cli, db)
    same_rows(fixture, db)
    assert query(db, "SELECT max(id) FROM rapport_migrations") == [(future,)]
    assert query(db, "SELECT count(*) FROM contacts WHERE nickname IS NULL") == query(
        fixture, "SELECT count(*) FROM contacts"
    )
    assert_is_copy(tmp_path / f"{fixture.name}.schema{schema_of(fixture)}.bak", original)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_store_written_today_survives_the_next_migration(cli, js, db_path, request):
    ok(cli("log", "Acme Corp", "kickoff", "--new", "--promise", "deck", "--by", "friday"))
    saved = tmp_copy(db_path)
    before = js("show", "Acme Corp")
    head = request.getfixturevalue("future")  # the next rapport release is installed
    after = js("show", "Acme Corp")
    assert after["contact"].pop("nickname") is None  # the one column the migration added
    assert after == before
    assert query(db_path, "SELECT max(id) FROM rapport_migrations") == [(head,)]
    same_rows(saved, db_path)


def tmp_copy(db: Path) -> Path:
    """A checkpointed snapshot to compare against, taken the way SQLite copies a live store."""
    target = db.with_name("snapshot.db")
    source, dest = sqlite3.connect(db), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    return target


@pytest.mark.parametrize("fixture", STORES[-1:], ids=lambda p: p.name)
@pytest.mark.parametrize("args", [["contacts"], ["due", "--json"], ["add", "X"], ["doctor"]])
def test_a_store_from_a_newer_rapport_is_refused_and_left_byte_identical(
    cli, tmp_path, fixture, args
):
    db = tmp_path / "newer.db"
    shutil.copy(fixture, db)
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO rapport_migrations (id, name, applied_at) "
        "VALUES (?, 'from the future', '2030-01-01T00:00:00')",
        (migrations.HEAD + 1,),
    )
    conn.commit()
    conn.close()
    original = db.read_bytes()
    result = cli("--db", db, *args)
    assert result.exit_code == 1
    assert f"schema {migrations.HEAD + 1}" in result.stderr
    assert "newer rapport" in result.stderr and "upgrade rapport" in result.stderr
    assert result.stdout == ""
    assert db.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]  # no -wal, no backup
