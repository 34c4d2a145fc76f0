"""Shared fixtures for the end-to-end tests: a private store per test, a pinned clock and a
`cli` runner over rapport.cli.app.

"Now" is Monday 2026-11-23 10:00. That week: Tue 24, Wed 25, Thu 26, Fri 27, Sat 28,
Sun 29; next Monday is 30 Nov. Expected dates in the tests are worked out from that calendar.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

NOW = "2026-11-23T10:00:00"


@pytest.fixture(autouse=True)
def rapport_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own journal file and the same fixed Monday morning."""
    db = tmp_path / "journal.db"
    monkeypatch.setenv("RAPPORT_DB", str(db))
    monkeypatch.setenv("RAPPORT_NOW", NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return db


@pytest.fixture
def db_path(rapport_env: Path) -> Path:
    return rapport_env


class Cli:
    """Runs rapport in-process; every run is checked for tracebacks and stray exceptions."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(
        self, *args: Any, input: str | None = None, env: dict[str, str] | None = None
    ) -> Any:
        from rapport.cli import app

        result = self.runner.invoke(app, [str(a) for a in args], input=input, env=env)
        assert "Traceback" not in result.stdout, result.stdout
        assert "Traceback" not in result.stderr, result.stderr
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), (
                f"rapport {' '.join(map(str, args))} raised {result.exception!r}"
            )
        return result

    def js(self, *args: Any, input: str | None = None, env: dict[str, str] | None = None) -> Any:
        result = self(*args, "--json", input=input, env=env)
        assert result.exit_code == 0, (
            f"rapport {' '.join(map(str, args))} --json exited {result.exit_code}: "
            f"{result.stderr}"
        )
        return json.loads(result.stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def js(cli: Cli) -> Callable[..., Any]:
    return cli.js


def ok(result: Any) -> Any:
    """Assert a run succeeded, showing its stderr when it did not."""
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}{result.stdout}"
    return result


def snapshot(js: Callable[..., Any]) -> dict[str, Any]:
    """Everything visible about the journal through the CLI, to compare before/after."""
    contacts = js("contacts", "--all")
    return {
        "contacts": contacts,
        "shown": {c["name"]: js("show", c["name"]) for c in contacts},
        "due": js("due", "--days", "400"),
    }


def query(db: Path, sql: str, *params: Any) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


ROOT = Path(__file__).resolve().parents[1]
DEMO_TODAY = "2026-11-23T08:30"  # examples/demo.py's TODAY


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo journal (examples/demo.py), built once per test run, checkpointed to one file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("demo", ROOT / "examples" / "demo.py")
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    assert demo.TODAY == DEMO_TODAY
    db = tmp_path_factory.mktemp("demo-template") / "demo.db"
    mp = pytest.MonkeyPatch()
    mp.setenv("RAPPORT_DB", str(db))  # build() sets both; undo() puts them back
    mp.setenv("RAPPORT_NOW", demo.TODAY)
    try:
        demo.build(db)
    finally:
        mp.undo()
    query(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def demo_copy(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo journal, so no test module sees another's changes."""
    import shutil

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(template, db)
    return db
