"""Commands about contacts: add, edit, archive, contacts, show."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rapport import render
from rapport.cli.base import FullOpt, JsonOpt, command, session


class ProfileOptions:
    """The profile options `add` and `edit` share, as Typer annotations."""

    org = Annotated[str | None, typer.Option(help="Organisation.")]
    email = Annotated[str | None, typer.Option(help="Email address.")]
    phone = Annotated[str | None, typer.Option(help="Phone number.")]
    channel = Annotated[
        str | None,
        typer.Option(help="How they like to be reached: email, phone, video, meeting, chat, ..."),
    ]
    style = Annotated[
        str | None,
        typer.Option(help="How they like to do business, e.g. 'detail', 'big-picture', 'chatty'."),
    ]
    attitude = Annotated[str | None, typer.Option(help="rigid, flexible or situational.")]
    every = Annotated[
        str | None, typer.Option(help="Stay-in-touch cadence: 30d, 2w, 3m.", metavar="INTERVAL")
    ]
    at_most = Annotated[
        str | None,
        typer.Option(
            "--at-most", help="Outer limit for staying in touch: 60d.", metavar="INTERVAL"
        ),
    ]
    tag = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")]
    note = Annotated[
        str | None, typer.Option(help="Likes, dislikes, family: anything to remember them by.")
    ]


@command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="The contact's name, e.g. 'Acme Corp'.")],
    org: ProfileOptions.org = None,
    email: ProfileOptions.email = None,
    phone: ProfileOptions.phone = None,
    channel: ProfileOptions.channel = None,
    style: ProfileOptions.style = None,
    attitude: ProfileOptions.attitude = None,
    every: ProfileOptions.every = None,
    at_most: ProfileOptions.at_most = None,
    tag: ProfileOptions.tag = None,
    note: ProfileOptions.note = None,
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Who looks after them (team mode default: you; '' for nobody). "
            "Later changes go through `rapport handover`.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a contact."""
    from rapport.app import contacts

    fields = contacts.profile_fields(**_profile(locals()))
    with session() as ctx:
        person = contacts.add(ctx, name, fields, tag or [], owner)
    render.result(person, f"Added {person['name']} (id {person['id']}).", as_json)


def _profile(values: dict[str, Any]) -> dict[str, Any]:
    keys = ("org", "email", "phone", "channel", "style", "attitude", "every", "at_most", "note")
    return {k: values[k] for k in keys}


@command("edit")
def edit_cmd(
    name: Annotated[str, typer.Argument(help="The contact to change.")],
    rename: Annotated[str | None, typer.Option(help="A new name.")] = None,
    org: ProfileOptions.org = None,
    email: ProfileOptions.email = None,
    phone: ProfileOptions.phone = None,
    channel: ProfileOptions.channel = None,
    style: ProfileOptions.style = None,
    attitude: ProfileOptions.attitude = None,
    every: ProfileOptions.every = None,
    at_most: ProfileOptions.at_most = None,
    tag: ProfileOptions.tag = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
    note: ProfileOptions.note = None,
    replaces: Annotated[
        str | None,
        typer.Option(
            metavar="OTHER", help="They took over from OTHER at the client (no preferences copied)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a contact's details ('' clears a field)."""
    from rapport.app import contacts

    fields = contacts.profile_fields(**_profile(locals()))
    with session() as ctx:
        person = contacts.edit(ctx, name, fields, tag or [], untag or [], rename, replaces)
    render.result(person, f"Updated {person['name']}.", as_json)


@command("archive")
def archive_cmd(
    name: Annotated[str, typer.Argument(help="The contact to hide.")],
    undo: Annotated[bool, typer.Option("--undo", help="Bring the contact back.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Hide a contact from lists and the morning view; its history is kept."""
    from rapport.app import contacts

    with session() as ctx:
        shown = contacts.archive(ctx, name, not undo)
    text = f"{'Restored' if undo else 'Archived'} {shown}."
    render.result({"contact": shown, "archived": not undo}, text, as_json)


@command("contacts")
def contacts_cmd(
    archived: Annotated[
        bool, typer.Option("--archived", help="Include archived contacts.")
    ] = False,
    # --all meant archived here before one meaning per flag (docs/cli.md); kept for scripts
    all_: Annotated[bool, typer.Option("--all", hidden=True)] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most N contacts.")] = None,
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List contacts: last interaction, open promises, next thing due."""
    from rapport.app import contacts

    with session(write=False) as ctx:
        every = full or as_json
        rows = contacts.overview(ctx, archived or all_, every, limit)
    if as_json:
        render.emit_json(rows)
    else:
        from rapport.render.contacts import contacts as show

        show(rows, ctx.today, show_all=full)


@command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """A contact's profile, then the timeline of interactions, promises and follow-ups."""
    from rapport.app import contacts

    with session(write=False) as ctx:
        view = contacts.show(ctx, name)
    if as_json:
        render.emit_json(view)
    else:
        from rapport.render.contacts import contact

        contact(view, ctx.today, show_all=full)
