"""Commands of the trust model: incidents, expectations, handovers, score, review.

Registered on the same Typer app as the journal commands (imported at the end of cli.py).
"""

from __future__ import annotations

from typing import Annotated

import typer

from rapport import dates, render
from rapport.cli import JsonOpt, command, resolve, session
from rapport.errors import UsageError

HalfLifeOpt = Annotated[
    float | None,
    typer.Option(
        "--half-life",
        metavar="DAYS",
        help="How fast evidence fades (default 90, or RAPPORT_HALF_LIFE).",
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
    from rapport.store import accounts

    with session() as (store, now):
        at = dates.parse_when(when, now) if when else now
        match = resolve(store, name)
        iid = accounts.add_incident(store, match.id, at, text, owned, told_first)
    if as_json:
        render.emit_json(
            {
                "id": iid,
                "contact": match.name,
                "owned": owned,
                "told_first": told_first,
                "at": at.isoformat(),
            }
        )
    else:
        render.line(
            f"Incident {iid} with {match.name} recorded; `rapport resolve {iid}` "
            "when it is put right."
        )


@command("resolve")
def resolve_cmd(
    incident_id: Annotated[int, typer.Argument(help="The incident id.")],
    as_json: JsonOpt = False,
) -> None:
    """Mark an incident resolved."""
    from rapport.store import accounts

    with session() as (store, now):
        row = accounts.resolve_incident(store, incident_id, now.date())
    render.result(row, f"Resolved incident {incident_id} with {row['contact']}.", as_json)


@command("expect")
def expect_cmd(
    name: Annotated[str, typer.Argument(help="The contact.")],
    text: Annotated[str, typer.Argument(help="What they expect, or the process agreed.")],
    agreed: Annotated[bool, typer.Option("--agreed", help="Both sides confirmed it.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record the client's expectations, ideally at discovery."""
    from rapport.store import accounts

    with session() as (store, now):
        match = resolve(store, name)
        eid = accounts.add_expectation(store, match.id, now, text, agreed)
    state = "agreed" if agreed else "not yet agreed"
    data = {"id": eid, "contact": match.name, "text": text, "agreed": agreed}
    render.result(data, f"Expectation {eid} for {match.name} recorded ({state}).", as_json)


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
    from rapport.store import accounts

    with session() as (store, now):
        match = resolve(store, name)
        row = accounts.add_handover(store, match.id, now, to, introduced, three_way)
    if as_json:
        render.emit_json({**row, "contact": match.name})
    else:
        render.line(
            f"{match.name} handed over to {row['to_owner']}"
            + (f" from {row['from_owner']}." if row["from_owner"] else ".")
        )


@command("score")
def score_cmd(
    name: Annotated[str | None, typer.Argument(help="One contact (default: all active).")] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the evidence behind each figure.")
    ] = False,
    half_life: HalfLifeOpt = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also list contacts with no figures yet.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Trust, reliability both ways, care, accountability, communication: worst first."""
    from rapport import insights

    days = insights.half_life(half_life)
    with session(write=False) as (store, now):
        ids = [resolve(store, name).id] if name else None
        detail = ("note", "why") if explain else ("note",) if as_json else ()
        rows = insights.score_rows(store, now, days, ids, detail=detail)
    if as_json:
        render.emit_json(rows)
    else:
        render.scores(rows, explain, show_all=all_ or name is not None)


@command("review")
def review_cmd(
    week: Annotated[bool, typer.Option("--week", help="The last 7 days (default).")] = False,
    month: Annotated[bool, typer.Option("--month", help="The last 30 days.")] = False,
    half_life: HalfLifeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed: interactions, promises kept, late and broken, incidents, trust moves."""
    from rapport import insights

    if week and month:
        raise UsageError("choose one of --week and --month")
    days = insights.half_life(half_life)
    with session(write=False) as (store, now):
        report = insights.review(store, now, 30 if month else 7, days)
    if as_json:
        render.emit_json(report)
    else:
        render.review(report)
