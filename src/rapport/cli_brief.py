"""Commands for the brief feature (registered by the import at the end of cli.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from rapport.cli import JsonOpt, command, resolve, session
from rapport.errors import NotFound, UsageError


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
    from rapport.render import brief as show

    if markdown and as_json:
        raise UsageError("choose one of --json and --markdown")
    with session(write=False) as (store, now):
        data = _brief(store, now, name, org)
    if as_json:
        from rapport import render

        render.emit_json(data)
    elif markdown:
        show.markdown(data)
    else:
        show.screen(data, full)


def _brief(store: Any, now: datetime, name: str, org_only: bool) -> dict[str, Any]:
    from rapport import brief
    from rapport.store import brief as brief_store

    people = brief_store.people(store)
    org = brief.org_of(name, people) if org_only else brief.pick_subject(name, people)
    if org_only and org is None:
        known = ", ".join(f"'{o}'" for o in brief.org_names(people)) or "none yet"
        raise NotFound(
            f"no organisation named '{name}' with active people (organisations: {known}); "
            "set one with rapport edit NAME --org ORG"
        )
    if org is not None:
        org_name, ids = org
        return brief.organisation(org_name, [_person(store, now, cid) for cid in ids], now)
    return _person(store, now, resolve(store, name).id)


def _person(store: Any, now: datetime, contact_id: int) -> dict[str, Any]:
    from rapport import brief, insights
    from rapport.store import brief as brief_store

    record = brief_store.record(store, contact_id)
    [score] = insights.score_rows(
        store, now, insights.half_life(None), [contact_id], series=False
    ) or [None]
    return brief.build(record, score, now)
