"""Commands for the safety feature (registered by the import at the end of cli.py):
backup, restore, doctor."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from rapport import dates, render
from rapport.cli import JsonOpt, command, session
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
    if target.resolve() == store_path.resolve():
        raise UsageError("the backup path is the journal itself; choose another file")
    if target.exists() and not overwrite:
        raise UsageError(f"{target} already exists; choose another path or add --overwrite")
    return target


@command("backup")
def backup_cmd(
    path: Annotated[
        str | None,
        typer.Argument(help="Where to write it: a file or a folder. Default: next to the journal."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace PATH if it exists.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Copy the journal to a backup file, safely even while rapport is writing to it."""
    from rapport.store import safety

    with session(write=False) as (store, now):
        if store.dialect != "sqlite":
            store.backup_to(None)  # refuses, naming pg_dump
        target = backup_target(path, store.path, now, overwrite)
        size = safety.backup(store, target)
    report = {"backup": str(target), "bytes": size}
    render.result(report, f"Backed up the journal to {target} ({size:,} bytes).", as_json)


def can_ask() -> bool:
    """Only a person at a terminal can answer the question restore asks."""
    return sys.stdin.isatty()


def describe(info: dict[str, Any]) -> str:
    return (
        f"{info['contacts']} contacts, {info['interactions']} interactions, "
        f"{info['promises']} promises"
    )


@command("restore")
def restore_cmd(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="The backup file to bring back.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Replace the journal with a backup; the journal it replaces is kept as a copy."""
    from rapport.store import safety
    from rapport.store.connection import locate

    source = Path(path).expanduser()
    if not source.is_file():
        raise UsageError(f"no backup file at {source}; give the path of a file made by backup")
    from rapport.store.connection import database, is_postgres

    if is_postgres(database(ctx.find_root().params.get("db"))):
        raise UsageError(
            "restore replaces a journal file; on PostgreSQL use pg_restore (see docs/team.md)"
        )
    store_path = locate(ctx.find_root().params.get("db"))
    if store_path.exists() and source.resolve() == store_path.resolve():
        raise UsageError("that file is the journal itself; give the path of a backup")
    info = safety.inspect(source)
    confirm(store_path, source, info, yes)
    kept = None
    if store_path.exists():
        name = f"{store_path.stem}-before-restore-{stamp(dates.now())}"
        kept = free_name(store_path.parent, name, store_path.suffix or ".db")
    safety.restore(source, store_path, kept)
    report = {
        "restored": str(source),
        "store": str(store_path),
        "kept": str(kept) if kept else None,
        **{k: info[k] for k in ("schema", "contacts", "interactions", "promises")},
    }
    kept_text = f" The journal it replaced is kept at {kept}." if kept else ""
    render.result(report, f"Restored {source} ({describe(info)}).{kept_text}", as_json)


def confirm(store_path: Path, source: Path, info: dict[str, Any], yes: bool) -> None:
    if yes:
        return
    if not can_ask():
        raise UsageError(
            "restore replaces the whole journal; run it in a terminal to confirm, or add --yes"
        )
    question = f"Replace the journal {store_path} with {source} ({describe(info)})?"
    if not typer.confirm(render.visible(question), default=False, err=True):
        render.message("Nothing changed.")
        raise typer.Exit(1)


@command("doctor")
def doctor_cmd(as_json: JsonOpt = False) -> None:
    """Check the journal: SQLite's integrity and foreign keys, and rapport's own rules."""
    from rapport.store import safety

    with session(write=False) as (store, _now):
        checks = [c.as_dict() for c in safety.run_checks(store)]
        where = store.path
    healthy = all(c["ok"] for c in checks)
    if as_json:
        render.emit_json({"store": str(where), "ok": healthy, "checks": checks})
    else:
        show_checks(checks, where, healthy)
    if not healthy:
        raise typer.Exit(1)


def show_checks(checks: list[dict[str, Any]], where: Path, healthy: bool) -> None:
    for c in checks:
        render.line(f"{'ok  ' if c['ok'] else 'FAIL'}  {c['check']}: {c['about']}")
        for problem in c["problems"]:
            render.line(f"        {problem}")
        if c["count"] > len(c["problems"]):
            render.line(f"        ... and {c['count'] - len(c['problems'])} more")
    if healthy:
        render.line(f"The journal {where} is healthy.")
    else:
        render.line(
            f"Problems found in {where}. Restore a backup (rapport restore PATH), "
            "or fix the records named above."
        )
