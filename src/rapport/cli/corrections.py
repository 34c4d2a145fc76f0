"""Commands that put mistakes right: undo, fix, delete; and the list of every promise."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import render
from rapport.cli.base import JsonOpt, command, confirm, session
from rapport.errors import UsageError

KindArg = Annotated[
    str,
    typer.Argument(help="interaction, promise, followup, incident, expectation, date or handover."),
]
IdArg = Annotated[int, typer.Argument(help="The record's id (rapport show NAME lists them).")]


def _flag(name: str, help_text: str) -> object:
    return Annotated[bool | None, typer.Option(f"--{name}/--not-{name}", help=help_text)]


@command("undo")
def undo_cmd(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be undone; change nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Take back your last write command, whole; run again to go one further back."""
    from rapport.app import corrections
    from rapport.render.corrections import undone

    with session(record=False) as ctx:
        result = corrections.undo(ctx, dry_run)
    if as_json:
        render.emit_json(result)
    else:
        undone(result)


@command("fix")
def fix_cmd(
    kind: KindArg,
    record_id: IdArg,
    text: Annotated[str | None, typer.Option(help="The words as they should read.")] = None,
    when: Annotated[
        str | None, typer.Option(help="When it happened (interactions, incidents).")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help="The due date as it should have been typed; no move is recorded."),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(help="The date as it should have been typed (dates): 03-14, 'march 14'."),
    ] = None,
    to: Annotated[
        str | None, typer.Option(metavar="OWNER", help="Who it was handed to (handovers).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option(metavar="NAME", help="It belongs to another contact.")
    ] = None,
    tone: Annotated[str | None, typer.Option(help="tense, neutral or warm.")] = None,
    channel: Annotated[str | None, typer.Option(help="email, phone, video, ...")] = None,
    minutes: Annotated[int | None, typer.Option(min=0, help="How long it took.")] = None,
    size: Annotated[
        str | None, typer.Option(help="How much rides on it: small, normal or big (promises).")
    ] = None,
    thanked: _flag("thanked", "Gratitude was shown (interactions).") = None,  # type: ignore
    owned: _flag("owned", "We owned it (incidents).") = None,  # type: ignore
    told_first: _flag("told-first", "The client was told first (incidents).") = None,  # type: ignore
    agreed: _flag("agreed", "Both sides confirmed it (expectations).") = None,  # type: ignore
    introduced: _flag("introduced", "Introduced with evidence (handovers).") = None,  # type: ignore
    three_way: _flag("three-way", "A three-way meeting (handovers).") = None,  # type: ignore
    yearly: _flag("yearly", "It comes back every year (dates).") = None,  # type: ignore
    mine: Annotated[bool, typer.Option("--mine", help="A promise I made, not the client.")] = False,
    theirs: Annotated[
        bool, typer.Option("--theirs", help="A promise the client made, not I.")
    ] = False,
    move_told: Annotated[
        bool, typer.Option("--move-told", help="The promise's latest move was told to the client.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Correct a record as it should have been typed (not a renegotiation)."""
    from rapport.app import corrections
    from rapport.render.corrections import fixed

    if mine and theirs:
        raise UsageError("choose one of --mine and --theirs")
    options = {
        "text": text, "when": when, "by": by, "tone": tone, "channel": channel,
        "minutes": minutes, "thanked": thanked, "owned": owned, "told_first": told_first,
        "agreed": agreed, "introduced": introduced, "three_way": three_way,
        "direction": "mine" if mine else "theirs" if theirs else None, "size": size,
        "on": on, "to": to, "yearly": yearly,
    }  # fmt: skip
    with session() as ctx:
        result = corrections.fix(ctx, kind, record_id, options, contact, move_told)
    if as_json:
        render.emit_json(result)
    else:
        fixed(result)


@command("delete")
def delete_cmd(kind: KindArg, record_id: IdArg, as_json: JsonOpt = False) -> None:
    """Delete a record (asks first; --yes for scripts). `rapport undo` brings it back."""
    from rapport.app import corrections
    from rapport.render.corrections import deleted

    with session() as ctx:
        result = corrections.delete(ctx, kind, record_id, confirm)
    if as_json:
        render.emit_json(result)
    else:
        deleted(result)


@command("promises")
def promises_cmd(
    name: Annotated[str | None, typer.Argument(help="One contact (default: everyone).")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only promises I made.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Only the client's promises.")] = False,
    open_: Annotated[bool, typer.Option("--open", help="Only open ones (default).")] = False,
    done: Annotated[bool, typer.Option("--done", help="Only closed ones.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Open and closed.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Every promise and follow-up, not only those due soon, each with its verdict."""
    from rapport.app import corrections
    from rapport.render.corrections import promises

    if mine and theirs:
        raise UsageError("choose one of --mine and --theirs")
    if open_ + done + all_ > 1:
        raise UsageError("choose one of --open, --done and --all")
    state = "done" if done else "all" if all_ else "open"
    direction = "mine" if mine else "theirs" if theirs else None
    with session(write=False) as ctx:
        rows = corrections.promises(ctx, name, direction, state)
    if as_json:
        render.emit_json(rows)
    else:
        promises(rows)
