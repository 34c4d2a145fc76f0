"""Safety: backup, restore (the journal it replaces is kept), doctor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from rapport import dates
from rapport.app.context import Context
from rapport.errors import UsageError


def stamp(now: datetime) -> str:
    """A file-name-safe moment: 2026-11-23T08:30:00 -> 20261123-083000."""
    return now.strftime("%Y%m%d-%H%M%S")


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem+suffix, or stem-2, stem-3, ... when that is taken (two backups a second)."""
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def backup_target(path: str | None, store_path: Path, now: datetime, overwrite: bool) -> Path:
    default = f"{store_path.stem}-backup-{stamp(now)}"
    if path is None:
        return free_name(store_path.parent, default, store_path.suffix or ".db")
    target = Path(path).expanduser()
    if target.is_dir():
        return free_name(target, default, store_path.suffix or ".db")
    if not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist; create it first")
    from rapport.store.safety import refuse_journal

    refuse_journal(target, store_path, "backup")
    if target.exists() and not overwrite:
        raise UsageError(f"{target} already exists; choose another path or add --overwrite")
    return target


def backup(ctx: Context, path: str | None, overwrite: bool) -> dict[str, Any]:
    from rapport.store import safety

    store = ctx.store
    if store.dialect != "sqlite":
        store.backup_to(None)  # refuses, naming pg_dump
    target = backup_target(path, store.path, ctx.now, overwrite)
    size = safety.backup(store, target)
    return {"backup": str(target), "bytes": size}


def restore_plan(db: str | None, path: str) -> tuple[Path, Path, dict[str, Any]]:
    """(backup file, journal file, what the backup holds), or a usage error saying why not."""
    from rapport.store import safety
    from rapport.store.connection import database, is_postgres, locate

    source = Path(path).expanduser()
    if not source.is_file():
        raise UsageError(f"no backup file at {source}; give the path of a file made by backup")
    if is_postgres(database(db)):
        raise UsageError(
            "restore replaces a journal file; on PostgreSQL use pg_restore (see docs/team.md)"
        )
    store_path = locate(db)
    if store_path.exists() and source.resolve() == store_path.resolve():
        raise UsageError("that file is the journal itself; give the path of a backup")
    return source, store_path, safety.inspect(source)


def restore(source: Path, store_path: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Put the backup in the journal's place, keeping the journal it replaces as a copy."""
    from rapport.store import safety

    kept = None
    if store_path.exists():
        name = f"{store_path.stem}-before-restore-{stamp(dates.now())}"
        kept = free_name(store_path.parent, name, store_path.suffix or ".db")
    safety.restore(source, store_path, kept)
    return {
        "restored": str(source),
        "store": str(store_path),
        "kept": str(kept) if kept else None,
        **{k: info[k] for k in ("schema", "contacts", "interactions", "promises")},
    }


def file_checks(db: str | None) -> dict[str, Any] | None:
    """The checks of a journal file that need no open store (SQLite's integrity, whether it
    is writable), made read-only; None on PostgreSQL or before the file exists. A report with
    `damaged` set is final: opening the file for the other checks could fail."""
    from rapport.store import safety
    from rapport.store.connection import database, is_postgres, locate

    if is_postgres(database(db)) or not locate(db).is_file():
        return None
    checks = [c.as_dict() for c in safety.file_checks(locate(db))]
    damaged = not checks[0]["ok"]
    return {"store": str(locate(db)), "ok": not damaged, "damaged": damaged, "checks": checks}


def doctor(
    ctx: Context, db: str | None, found: dict[str, Any] | None, repair: bool = False
) -> dict[str, Any]:
    """Every check of the journal `db`, after those `file_checks` made, and whether all
    passed; with `repair`, the trust model's running sums that differ from the evidence are
    folded again (nothing else is touched)."""
    from concurrent.futures import ThreadPoolExecutor

    from rapport.store import safety, sums

    before = found["checks"] if found else []
    ids = sums.every_contact(ctx.store)
    mine, theirs = (ids, []) if len(ids) < SPLIT_FROM else (ids[::2], ids[1::2])
    # Folding the sums again is Python's work: half of it goes to a second process (the
    # machine's other core). The other checks are the engine's work, with few rows back:
    # a thread, on a connection of its own.
    with _second_process(bool(theirs)) as process:
        half = process.submit(_differences, db, ctx.now, theirs) if theirs else None
        with ThreadPoolExecutor(1, thread_name_prefix="doctor") as pool:
            others = pool.submit(_other_checks, db, ctx.now, bool(before))
            differ = sums.differences(ctx.store, mine) + (half.result() if half else [])
            differ.sort(key=lambda p: p["contact_id"])
            wrong = [p["contact_id"] for p in differ]
            repaired = sums.repair(ctx.store, wrong, ctx.now) if repair else 0
            checks = before + others.result()
    kept = safety.Check(
        "running sums",
        "the trust model's sums kept per contact, against its evidence",
        [] if repaired else [f"{p['name']}: {p['problem']}" for p in differ],
    )
    checks.append(kept.as_dict())
    return {
        "store": str(ctx.store.path),
        "ok": all(c["ok"] for c in checks),
        "damaged": False,
        "checks": checks,
        "repaired": repaired,
    }


SPLIT_FROM = 1_000  # contacts: below, a second process costs more than it saves


@contextmanager
def _second_process(wanted: bool) -> Iterator[Any]:
    """One worker process, a fresh interpreter: a forked one would inherit this process's
    open journal, which SQLite and libpq both forbid using across a fork."""
    if not wanted:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def _differences(db: str | None, now: datetime, ids: list[int]) -> list[dict[str, Any]]:
    """`sums.differences` of `ids` in the worker process, on a connection of its own."""
    from rapport.store import open_store, sums

    store = open_store(db, now, create=False)
    try:
        with store.transaction(write=False):
            return sums.differences(store, ids)
    finally:
        store.close()


def _other_checks(db: str | None, now: datetime, file_checked: bool) -> list[dict[str, Any]]:
    """`run_checks` on a second connection to the journal, in one read transaction."""
    from rapport.store import open_store, safety

    store = open_store(db, now, create=False)
    try:
        with store.transaction(write=False):
            return [c.as_dict() for c in safety.run_checks(store, file_checked)]
    finally:
        store.close()
