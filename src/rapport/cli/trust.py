"""Commands of the trust model: incident, resolve, expect, sign, handover, score, review."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import render
from rapport.agenda import LIST_ROWS
from rapport.cli.base import FullOpt, JsonOpt, command, session
from rapport.defaults import HALF_LIFE_DAYS
from rapport.errors import UsageError

HalfLifeOpt = Annotated[
    float | None,
    typer.Option(
        "--half-life",
        metavar="DAYS",
        help=f"How fast evidence fades (default {HALF_LIFE_DAYS:g}, or RAPPORT_HALF_LIFE).",
    ),
]


@command("incident")
def incident_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    text: Annotated[str, typer.Argument(help="What went wrong.")],
    owned: Annotated[
        bool, typer.Option("--owned", help="We owned it: apologised, took responsibility.")
    ] = False,
    told_first: Annotated[
        bool,
        typer.Option("--told-first", help="The client was told or asked before we decided."),
    ] = False,
    when: Annotated[str | None, typer.Option(help="When it happened (default now).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record something that went wrong, and how it was handled."""
    from rapport.app import trust

    with session() as ctx:
        row = trust.incident(ctx, name, text, owned, told_first, when)
    render.result(
        row,
        f"Incident {row['id']} with {row['contact']} recorded; `rapport resolve {row['id']}` "
        "when it is put right.",
        as_json,
    )


@command("resolve")
def resolve_cmd(
    incident_id: Annotated[int, typer.Argument(help="The incident id.")],
    as_json: JsonOpt = False,
) -> None:
    """Mark an incident resolved."""
    from rapport.app import trust

    with session() as ctx:
        row = trust.resolve_incident(ctx, incident_id)
    render.result(row, f"Resolved incident {incident_id} with {row['contact']}.", as_json)


@command("expect")
def expect_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    text: Annotated[str, typer.Argument(help="What they expect, or the process agreed.")],
    agreed: Annotated[bool, typer.Option("--agreed", help="Both sides confirmed it.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record the client's expectations, ideally at discovery."""
    from rapport.app import trust

    with session() as ctx:
        row = trust.expect(ctx, name, text, agreed)
    state = "agreed" if agreed else "not yet agreed"
    text_ = f"Expectation {row['id']} for {row['contact']} recorded ({state})."
    render.result(row, text_, as_json)


@command("sign")
def sign_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    kind: Annotated[
        str,
        typer.Argument(help="asked-advice, referral, shared-plans or introduction."),
    ],
    note: Annotated[str | None, typer.Argument(help="What happened, in a few words.")] = None,
    when: Annotated[str | None, typer.Option(help="When it happened (default now).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a sign of trust from the client: they asked advice, referred someone, ..."""
    from rapport.app import trust

    with session() as ctx:
        row = trust.sign(ctx, name, kind, note, when)
    render.result(row, f"Sign of trust from {row['contact']} recorded: {row['kind']}.", as_json)


@command("handover")
def handover_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    to: Annotated[str, typer.Option("--to", help="The new owner.")],
    introduced: Annotated[
        bool, typer.Option("--introduced", help="Introduced with evidence of their record.")
    ] = False,
    three_way: Annotated[
        bool, typer.Option("--three-way", help="A three-way meeting handed it over.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Hand the contact to a new owner; earned trust carries over only in part."""
    from rapport.app import trust

    with session() as ctx:
        row = trust.handover(ctx, name, to, introduced, three_way)
    render.result(
        row,
        f"{row['contact']} handed over to {row['to_owner']}"
        + (f" from {row['from_owner']}." if row["from_owner"] else "."),
        as_json,
    )


@command("score")
def score_cmd(
    name: Annotated[str | None, typer.Argument(help="One contact (default: all active).")] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the evidence behind each figure.")
    ] = False,
    half_life: HalfLifeOpt = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every contact, also those with no figures yet.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most N contacts, worst trust first.")
    ] = None,
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Trust, reliability both ways, care, accountability, communication: worst first."""
    from rapport.app import trust

    days = trust.half_life(half_life)
    detail = ("note", "why") if explain else ("note",) if as_json else ()
    with session(write=False) as ctx:
        shown = None if as_json or full else min(limit or LIST_ROWS, LIST_ROWS)
        rows = trust.scores(ctx, name, days, detail, shown)[:limit]
    if as_json:
        render.emit_json(rows)
    else:
        from rapport.render.trust import scores

        scores(rows, explain, with_empty=all_ or name is not None, full=full or name is not None)


@command("review")
def review_cmd(
    week: Annotated[bool, typer.Option("--week", help="The last 7 days (default).")] = False,
    month: Annotated[bool, typer.Option("--month", help="The last 30 days.")] = False,
    period: Annotated[
        int | None, typer.Option("--days", min=1, max=3650, help="The last N days.")
    ] = None,
    half_life: HalfLifeOpt = None,
    full: FullOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """What changed: interactions, promises kept, late and broken, incidents, trust moves."""
    from rapport.app import trust

    if week + month + (period is not None) > 1:
        raise UsageError("choose one of --week, --month and --days N")
    days = trust.half_life(half_life)
    with session(write=False) as ctx:
        report = trust.review(ctx, period or (30 if month else 7), days)
    if as_json:
        render.emit_json(report)
    else:
        from rapport.render.trust import review

        review(report, full)
