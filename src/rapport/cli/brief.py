"""The brief before a call: `brief`."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import render
from rapport.cli.base import JsonOpt, command, session
from rapport.errors import UsageError


@command("brief")
def brief_cmd(
    name: Annotated[str, typer.Argument(help="The contact, or an organisation's name.")],
    org: Annotated[
        bool, typer.Option("--org", help="NAME is an organisation: brief all its people.")
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Everything, not cut to one 80x24 screen.")
    ] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print Markdown, to paste into notes.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Before the call: how they like to work, what is owed, recent tone, and what to do."""
    from rapport.app import brief
    from rapport.render import brief as show

    if markdown and as_json:
        raise UsageError("choose one of --json and --markdown")
    with session(write=False) as ctx:
        data = brief.brief(ctx, name, org)
    if as_json:
        render.emit_json(data)
    elif markdown:
        show.markdown(data)
    else:
        show.screen(data, full)
