"""Commands for remembering people: dates to remember, tag cadences, suggestions.

Also the series helpers that `promise`, `done` and `drop` in cli.py call for recurring
promises. Registered by the import at the end of cli.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import typer

from rapport import dates, people, render
from rapport.cli import JsonOpt, command, resolve, session
from rapport.errors import UsageError

TRUST_SCAN = 20  # `suggest` scores its candidates plus at most this many recently active others


# ---------------------------------------------------------------- recurring promises


def parse_recurrence(every: str | None, after_done: bool) -> str | None:
    if after_done and every is None:
        raise UsageError("--after-done needs --every INTERVAL, e.g. --every 2w --after-done")
    return None if every is None else people.parse_every(every)


def start_series(store: Any, promise_id: int, every: str | None, after_done: bool) -> None:
    from rapport.store import people as people_store

    if every is not None:
        people_store.start_series(store, promise_id, every, after_done)


def continue_series(
    store: Any, now: datetime, row: dict[str, Any], closed_on: date
) -> dict[str, Any] | None:
    """After an occurrence is closed, create the next one; None when it is not recurring."""
    from rapport.store import people as people_store

    if not row.get("every"):
        return None
    due = people.next_due(
        row["every"],
        bool(row["after_done"]),
        anchor=people_store.scheduled_due(store, row["series_id"]),
        scheduled=people_store.scheduled_due(store, row["id"]),
        due=date.fromisoformat(row["due"]),
        closed_on=closed_on,
    )
    pid = people_store.add_occurrence(store, now, row, due, closed_on)
    return {"id": pid, "due": due.isoformat(), "every": row["every"]}


def next_words(nxt: dict[str, Any] | None) -> str:
    return f" Next: promise {nxt['id']} due {nxt['due']}." if nxt else ""


# ---------------------------------------------------------------- dates to remember


def parse_on(text: str, yearly: bool, now: datetime) -> tuple[str, bool]:
    """(stored date, yearly): '03-14' is yearly '--03-14'; a full date keeps its year."""
    month_day = people.parse_month_day(text)
    if month_day is not None:
        return month_day, True
    return dates.parse_due(text, now).isoformat(), yearly


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
    from rapport.store import people as people_store

    text = label.strip()
    if not text:
        raise UsageError("the label is empty; say what the date is, e.g. 'birthday'")
    with session() as (store, now):
        on_date, is_yearly = parse_on(on, yearly, now)
        match = resolve(store, name)
        date_id = people_store.add_date(store, match.id, text, on_date, is_yearly)
        row = people_store.get_date(store, date_id)
    shown = _with_next(row, now.date())
    if as_json:
        render.emit_json(shown)
        return
    from rapport.render.people import remembered_line

    what = remembered_line(shown, now.date())
    render.line(f"Remembering for {match.name}: {what} (id {date_id}).")
    if shown["next"] is None:
        render.message("that date has passed, so it will not come up; add --yearly to repeat it")


def _day(row: dict[str, Any]) -> date:
    return date.fromisoformat(row["next"])


def _with_next(row: dict[str, Any], today: date) -> dict[str, Any]:
    nxt = people.occurrence(row["on_date"], bool(row["yearly"]), today)
    return {**row, "yearly": bool(row["yearly"]), "next": nxt and nxt.isoformat()}


@command("dates")
def dates_cmd(
    name: Annotated[str | None, typer.Argument(help="Only this contact's dates.")] = None,
    days: Annotated[
        int | None, typer.Option(min=0, help="Only those coming round within N days.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the dates to remember, the next to come round first."""
    from rapport.store import people as people_store

    with session(write=False) as (store, now):
        if name is None:
            rows = people_store.active_dates(store)
        else:
            rows = people_store.dates_of(store, resolve(store, name).id)
    today = now.date()
    shown = sorted(
        (_with_next(r, today) for r in rows),
        key=lambda r: (r["next"] is None, r["next"] or "", r["contact"].casefold(), r["id"]),
    )
    if days is not None:
        shown = [r for r in shown if r["next"] and dates.days_between(today, _day(r)) <= days]
    if as_json:
        render.emit_json(shown)
        return
    from rapport.render.people import date_table

    date_table(shown, today)


@command("forget")
def forget_cmd(
    date_id: Annotated[int, typer.Argument(help="The date's id (see rapport dates).")],
    as_json: JsonOpt = False,
) -> None:
    """Forget a date to remember."""
    from rapport.store import people as people_store

    with session() as (store, _now):
        row = people_store.get_date(store, date_id)
        people_store.delete_date(store, date_id)
    render.result(
        {**row, "yearly": bool(row["yearly"])},
        f"Forgot {row['contact']}'s '{row['label']}' (id {date_id}).",
        as_json,
    )


# ---------------------------------------------------------------- tag cadence


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
    from rapport.store import contacts
    from rapport.store import people as people_store

    name = contacts.clean_tag(tag)
    fields = {
        column: None if raw is None else ("" if not raw.strip() else dates.parse_every(raw))
        for column, raw in (("every_days", every), ("at_most_days", at_most))
    }
    with session(write=any(v is not None for v in fields.values())) as (store, _now):
        if any(v is not None for v in fields.values()):
            people_store.set_tag(store, name, fields)
        row = people_store.get_tag(store, name)
        _refuse_limit_below_ideal(row)
    if as_json:
        render.emit_json(row)
        return
    from rapport.render.people import tag_line

    render.line(tag_line(row))


def _refuse_limit_below_ideal(row: dict[str, Any]) -> None:
    ideal, limit = row["every_days"], row["at_most_days"]
    if ideal is not None and limit is not None and limit < ideal:
        raise UsageError(
            f"--at-most ({limit} days) is shorter than --every ({ideal} days); "
            "the outer limit must be at least the ideal"
        )


# ---------------------------------------------------------------- suggest


@command("suggest")
def suggest_cmd(
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many people at most.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """Who to reach out to today, and why: most useful first."""
    with session(write=False) as (store, now):
        suggestions = suggest(store, now, limit)
    if as_json:
        render.emit_json(suggestions)
        return
    from rapport.render.people import suggestions as show

    show(suggestions)


def suggest(store: Any, now: datetime, limit: int) -> list[dict[str, Any]]:
    from rapport import agenda, insights
    from rapport.store import people as people_store
    from rapport.store import views

    today = now.date()
    reasons: dict[str, list[dict[str, Any]]] = {}
    ids: set[int] = set()

    def add(contact: str, contact_id: int, reason: dict[str, Any] | None) -> None:
        if reason is not None:
            reasons.setdefault(contact, []).append(reason)
            ids.add(contact_id)

    for row in views.due_promises(store, views.window(today, people.PROMISE_SOON_DAYS)):
        add(row["contact"], row["contact_id"], people.promise_reason(row, today))
    for row in people.upcoming(people_store.active_dates(store), today, people.DATE_SOON_DAYS):
        add(row["contact"], row["contact_id"], people.date_reason(row, today))
    checkins = views.checkins(store, today)
    id_of = {row["contact"]: row["contact_id"] for row in checkins}
    for item in agenda.checkin_items(checkins, today):
        add(item["contact"], id_of[item["contact"]], people.cadence_reason(item))
    scan = sorted(ids | set(people_store.recently_active(store, TRUST_SCAN)))
    for row in insights.score_rows(store, now, insights.half_life(None), scan, series=False):
        reason = people.trust_reason(row)
        if reason is not None:
            reasons.setdefault(row["contact"], []).append(reason)
    return people.rank(reasons, limit)


# ---------------------------------------------------------------- show


def remembering(store: Any, contact_id: int, today: date) -> dict[str, Any]:
    """What `show` adds: the contact's effective cadence and dates to remember."""
    from rapport.store import people as people_store

    (cadence,) = people_store.with_cadence(store, contact_id)
    rows = [_with_next(r, today) for r in people_store.dates_of(store, contact_id)]
    rows.sort(key=lambda r: (r["next"] is None, r["next"] or "", r["id"]))
    keys = ("every_days", "every_tag", "at_most_days", "at_most_tag")
    return {"cadence": {k: cadence[k] for k in keys}, "remember": rows}
