"""Commands for remembering people: remember, dates, forget, tag, suggest."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import render
from rapport.cli.base import JsonOpt, command, session


@command("remember")
def remember_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    label: Annotated[str, typer.Argument(help="What the date is: 'birthday', 'renewal'.")],
    on: Annotated[
        str, typer.Option("--on", help="MM-DD (yearly), or a date: 2027-03-14, 'march 14'.")
    ],
    yearly: Annotated[bool, typer.Option("--yearly", help="It comes back every year.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Remember a date about a person: a birthday, an anniversary, a renewal."""
    from rapport.app import remembering

    with session() as ctx:
        row = remembering.remember(ctx, name, label, on, yearly)
    if as_json:
        render.emit_json(row)
        return
    from rapport.render.remembering import remembered_line

    what = remembered_line(row, ctx.today)
    render.line(f"Remembering for {row['contact']}: {what} (id {row['id']}).")
    if row["next"] is None:
        render.message("that date has passed, so it will not come up; add --yearly to repeat it")


@command("dates")
def dates_cmd(
    name: Annotated[str | None, typer.Argument(help="Only this contact's dates.")] = None,
    days: Annotated[
        int | None, typer.Option(min=0, help="Only those coming round within N days.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the dates to remember, the next to come round first."""
    from rapport.app import remembering

    with session(write=False) as ctx:
        shown = remembering.listed(ctx, name, days)
    if as_json:
        render.emit_json(shown)
        return
    from rapport.render.remembering import date_table

    date_table(shown, ctx.today)


@command("forget")
def forget_cmd(
    date_id: Annotated[int, typer.Argument(help="The date's id (see rapport dates).")],
    as_json: JsonOpt = False,
) -> None:
    """Forget a date to remember."""
    from rapport.app import remembering

    with session() as ctx:
        row = remembering.forget(ctx, date_id)
    render.result(row, f"Forgot {row['contact']}'s '{row['label']}' (id {date_id}).", as_json)


@command("tag")
def tag_cmd(
    tag: Annotated[str, typer.Argument(help="The tag, e.g. vip.")],
    every: Annotated[
        str | None,
        typer.Option(help="Reconnect with its contacts this often: 30d, 2w.", metavar="INTERVAL"),
    ] = None,
    at_most: Annotated[
        str | None,
        typer.Option("--at-most", help="Outer limit: past it they are late.", metavar="INTERVAL"),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Set (or show) a tag's stay-in-touch cadence; a contact's own cadence wins over it."""
    from rapport.app import remembering
    from rapport.names import clean_tag

    name = clean_tag(tag)
    fields = remembering.cadence_fields(every, at_most)
    with session(write=remembering.writes_tag(fields)) as ctx:
        row = remembering.tag(ctx, name, fields)
    if as_json:
        render.emit_json(row)
        return
    from rapport.render.remembering import tag_line

    render.line(tag_line(row))


@command("suggest")
def suggest_cmd(
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many people at most.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """Who to reach out to today, and why: most useful first."""
    from rapport.app import remembering

    with session(write=False) as ctx:
        suggestions = remembering.suggest(ctx, limit)
    if as_json:
        render.emit_json(suggestions)
        return
    from rapport.render.remembering import suggestions as show

    show(suggestions)
