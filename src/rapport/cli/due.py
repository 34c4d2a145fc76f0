"""The morning view: `due`."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import render
from rapport.cli.base import FullOpt, JsonOpt, command, session


@command("due")
def due_cmd(
    days: Annotated[
        int | None,
        typer.Option(min=0, help="How many days ahead to look (default: the `days` setting, 7)."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Cron: list only my overdue promises; exit 3 if any.")
    ] = False,
    full: FullOpt = False,
    mine: Annotated[
        bool, typer.Option("--mine", help="Only my contacts and unowned ones (team default).")
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Only the contacts NAME owns.")
    ] = None,
    everyone: Annotated[
        bool,
        typer.Option(
            "--all", help="Every contact, whoever owns it (default: mine and those nobody owns)."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The morning view: overdue, due, follow-ups, dates to remember, who to reconnect with,
    what is owed to me."""
    from rapport import agenda
    from rapport.app import due

    due.check_whose(mine, owner, everyone)
    if days is None:
        from rapport import settings

        days = settings.get("days")
    if check and not as_json:  # cron: only what is late, in one query
        with session(write=False) as ctx:
            late = due.overdue(ctx, mine, owner, everyone)
        if late:
            from rapport.render.due import check as show_late

            show_late(late, show_all=full)
            raise typer.Exit(3)
        return
    with session(write=False) as ctx:
        items, empty = due.morning(ctx, days, mine, owner, everyone, full or as_json)
    if as_json:
        render.emit_json(items)
    else:
        from rapport.render.due import due as show

        show(items, days, empty, show_all=full)
    if check and agenda.has_overdue(items):
        raise typer.Exit(3)
