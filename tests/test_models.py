"""The SQLModel classes and the schema the migrations build must agree column for column."""

import sqlite3
import subprocess
import sys

from sqlmodel import SQLModel

import rapport.store.models  # noqa: F401  (registers the tables)
from rapport.store import open_store
from rapport.store.migrations import HEAD, MIGRATIONS


def _migrated_columns(path) -> dict[str, dict[str, bool]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    # FTS5 tables and their shadow tables are SQLite's machinery, not models.
    virtual = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    )]
    tables = [t for t in tables if not any(t == v or t.startswith(f"{v}_") for v in virtual)]
    found = {}
    for table in tables:
        rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
        found[table] = {name: bool(notnull or pk) for _, name, _, notnull, _, pk in rows}
    conn.close()
    return found


def test_models_match_migrated_schema(tmp_path, monkeypatch):
    from datetime import datetime

    db = tmp_path / "j.db"
    open_store(str(db), datetime(2026, 11, 23, 9)).close()
    migrated = _migrated_columns(db)
    declared = {
        name: {col.name: not col.nullable for col in table.columns}
        for name, table in SQLModel.metadata.tables.items()
    }
    assert set(declared) == set(migrated)
    for table, columns in declared.items():
        assert set(columns) == set(migrated[table]), table


def test_migrations_are_numbered_in_order():
    numbers = [number for number, _, _ in MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1))
    assert numbers[-1] == HEAD


def test_hot_commands_do_not_import_sqlalchemy(tmp_path):
    """`--help`, `due` and `log` must not pay for SQLAlchemy, SQLModel or dateparser, nor for
    the import path's charset detector and calendar libraries."""
    probe = (
        "import sys\n"
        "from rapport.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'dateparser', 'alembic', 'pydantic',"
        " 'charset_normalizer', 'icalendar', 'recurring_ical_events', 'vobject', 'tomllib',"
        " 'tomlkit') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy), file=sys.stderr)\n"
    )
    # Settings from variables, no settings file: neither TOML nor Pydantic is loaded.
    env = {"RAPPORT_DB": str(tmp_path / "j.db"), "RAPPORT_NOW": "2026-11-23T09:00",
           "PATH": "/usr/bin:/bin", "RAPPORT_CONFIG": str(tmp_path / "none.toml"),
           "RAPPORT_USER": "me", "RAPPORT_DAYS": "3", "RAPPORT_COLOUR": "never"}
    for args in (["--help"], ["log", "Acme", "call", "--new"], ["due"], ["due", "--json"]):
        result = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env
        )
        assert "HEAVY=\n" in result.stderr, (args, result.stderr)
