"""Commands for the journal's safety: backup, restore, doctor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rapport import render
from rapport.cli.base import JsonOpt, command, session, settings
from rapport.errors import UsageError


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
    from rapport.app import safety

    with session(write=False) as ctx:
        report = safety.backup(ctx, path, overwrite)
    text = f"Backed up the journal to {report['backup']} ({report['bytes']:,} bytes)."
    render.result(report, text, as_json)


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
    path: Annotated[str, typer.Argument(help="The backup file to bring back.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Replace the journal with a backup; the journal it replaces is kept as a copy."""
    from rapport.app import safety

    source, store_path, info = safety.restore_plan(settings.db, path)
    confirm(store_path, source, info, yes)
    report = safety.restore(source, store_path, info)
    kept = f" The journal it replaced is kept at {report['kept']}." if report["kept"] else ""
    render.result(report, f"Restored {source} ({describe(info)}).{kept}", as_json)


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
def doctor_cmd(
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Fold again the trust model's sums that differ."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the journal: SQLite's integrity and foreign keys, rapport's own rules, and the
    trust model's running sums against the evidence."""
    from rapport.app import safety

    report = safety.file_checks(settings.db)
    if not (report and report["damaged"]):
        with session(write=repair) as ctx:
            report = safety.doctor(ctx, settings.db, report, repair)
    if as_json:
        render.emit_json(report)
    else:
        from rapport.render.safety import checks

        checks(report)
    if not report["ok"]:
        raise typer.Exit(1)
