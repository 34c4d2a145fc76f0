"""Shared fixtures for the end-to-end tests: a private store per test, a pinned clock and a
`cli` runner over rapport.cli.app.

"Now" is Monday 2026-11-23 10:00. That week: Tue 24, Wed 25, Thu 26, Fri 27, Sat 28,
Sun 29; next Monday is 30 Nov. Expected dates in the tests are worked out from that calendar.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

NOW = "2026-11-23T10:00:00"


ENGINES = ("sqlite", "postgres")
PG_URL = os.environ.get("RAPPORT_TEST_PG", "")  # e.g. postgresql+psycopg://me@127.0.0.1/test


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: about the SQLite file itself (modes, WAL, backups, kills): one engine",
    )
    config.addinivalue_line("markers", "postgres_only: about the server itself")
    config.addinivalue_line(
        "markers", "slow: fault tests (kills, disk full, fuzzing); skip locally: -m 'not slow'"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Skipped tests, one line per reason (not one per test: the PostgreSQL half alone is
    hundreds when no server is configured)."""
    from collections import Counter

    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"SKIPPED [{count}] {reason}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test runs on both engines, except those marked sqlite_only."""
    if "engine" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        engines = ENGINES[:1] if marked("sqlite_only") else ENGINES
        engines = ENGINES[1:] if marked("postgres_only") else engines
        metafunc.parametrize("engine", engines, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not PG_URL:
        if os.environ.get("RAPPORT_CI_NEEDS_PG"):  # .ci/run: the half must not go missing
            pytest.fail("RAPPORT_TEST_PG is not set, but CI runs the PostgreSQL half")
        pytest.skip("RAPPORT_TEST_PG is not set: the PostgreSQL half needs a server (README)")
    return request.param


def pg_connect(url: str) -> Any:
    """An autocommit driver connection to the server of a rapport URL (test set-up only)."""
    import psycopg2

    from rapport.store.postgres import libpq_uri

    conn = psycopg2.connect(libpq_uri(url))
    conn.autocommit = True
    return conn


@pytest.fixture
def pg_url(engine: str) -> Iterator[str]:
    """A fresh, empty schema on the test server for one test, dropped afterwards."""
    import uuid

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = pg_connect(PG_URL)
    try:
        admin.cursor().execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.cursor().execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.close()


@pytest.fixture(autouse=True)
def rapport_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, request: pytest.FixtureRequest
) -> Path:
    """Every test gets its own journal (a file, or a schema on the PostgreSQL server) and the
    same fixed Monday morning."""
    db = tmp_path / "journal.db"
    url = request.getfixturevalue("pg_url") if engine == "postgres" else str(db)
    monkeypatch.setenv("RAPPORT_DB", url)
    monkeypatch.setenv("RAPPORT_USER", "me")
    monkeypatch.setenv("RAPPORT_NOW", NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    # Settings: a private file that does not exist yet, no stray RAPPORT_* preferences, and a
    # locale without a territory (so numeric dates read day-month).
    monkeypatch.setenv("RAPPORT_CONFIG", str(tmp_path / "config" / "rapport.toml"))
    for var in ("RAPPORT_DAYS", "RAPPORT_DATE_ORDER", "RAPPORT_WEEK_START", "RAPPORT_RHYTHM"):
        monkeypatch.delenv(var, raising=False)
    for var in ("RAPPORT_CHANNELS", "RAPPORT_COLOUR", "RAPPORT_HALF_LIFE", "LC_ALL", "LC_TIME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return db


@pytest.fixture
def db_path(rapport_env: Path) -> Path:
    return rapport_env


def _journal_exists(target: str) -> bool:
    """A file, or a schema holding any table (a test may have built an old one on purpose)."""
    if "://" not in target:
        return Path(target).exists()
    from rapport.store.postgres import PostgresStore

    store = PostgresStore(target)
    try:
        return bool(store.table_names())
    finally:
        store.close()


class Cli:
    """Runs rapport in-process; every run is checked for tracebacks and stray exceptions."""

    def __init__(self) -> None:
        self.runner = CliRunner()
        self.journal_made = False

    def __call__(
        self, *args: Any, input: str | None = None, env: dict[str, str] | None = None
    ) -> Any:
        from rapport.cli import app

        if not self.journal_made and "--db" not in args and "RAPPORT_DB" not in (env or {}):
            self._make_journal()

        result = self.runner.invoke(app, [str(a) for a in args], input=input, env=env)
        assert "Traceback" not in result.stdout, result.stdout
        assert "Traceback" not in result.stderr, result.stderr
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), (
                f"rapport {' '.join(map(str, args))} raised {result.exception!r}"
            )
        return result

    def _make_journal(self) -> None:
        """Read-only commands refuse to create a journal (issue 15) and most tests begin by
        reading, so the first run makes the one RAPPORT_DB names (a file or a schema), empty, as
        `add` would."""
        self.journal_made = True
        target = os.environ.get("RAPPORT_DB", "")
        if target and not _journal_exists(target):
            from rapport import dates
            from rapport.store import open_store

            open_store(target, dates.now()).close()

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
def no_journal(cli: Cli, rapport_env: Path) -> Path:
    """No journal at RAPPORT_DB (a first run, or a typo in the path): nothing made for it."""
    cli.journal_made = True
    return rapport_env


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
