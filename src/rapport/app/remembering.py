"""Remembering people: dates to remember, tag cadences, and who to reach out to (`suggest`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport import dates, remembering, verdicts
from rapport.app.context import Context, resolve, typed_day
from rapport.errors import UsageError

TRUST_SCAN = 20  # `suggest` scores its candidates plus at most this many recently active others

# --- dates to remember ---------------------------------------------------------------------


def parse_on(text: str, yearly: bool, now: datetime) -> tuple[str, bool]:
    """(stored date, yearly): '03-14' is yearly '--03-14'; a full date keeps its year."""
    month_day = remembering.parse_month_day(text)
    if month_day is not None:
        return month_day, True
    return typed_day(text, now).isoformat(), yearly


def with_next(row: dict[str, Any], today: date) -> dict[str, Any]:
    """A stored date with `next`: when it next comes round (None once a one-off passed)."""
    nxt = remembering.occurrence(row["on_date"], bool(row["yearly"]), today)
    return {**row, "yearly": bool(row["yearly"]), "next": nxt and nxt.isoformat()}


def remember(ctx: Context, name: str, label: str, on: str, yearly: bool) -> dict[str, Any]:
    from rapport.store import remembered

    text = label.strip()
    if not text:
        raise UsageError("the label is empty; say what the date is, e.g. 'birthday'")
    on_date, is_yearly = parse_on(on, yearly, ctx.now)
    match = resolve(ctx, name)
    date_id = remembered.add_date(ctx.store, match.id, text, on_date, is_yearly)
    return with_next(remembered.get_date(ctx.store, date_id), ctx.today)


def listed(ctx: Context, name: str | None, days: int | None) -> list[dict[str, Any]]:
    """`dates`: the next to come round first; with `days`, only those within that many."""
    from rapport.store import remembered

    if name is None:
        rows = remembered.active_dates(ctx.store)
    else:
        rows = remembered.dates_of(ctx.store, resolve(ctx, name).id)
    today = ctx.today
    shown = sorted(
        (with_next(r, today) for r in rows),
        key=lambda r: (r["next"] is None, r["next"] or "", r["contact"].casefold(), r["id"]),
    )
    if days is not None:
        shown = [
            r
            for r in shown
            if r["next"] and dates.days_between(today, date.fromisoformat(r["next"])) <= days
        ]
    return shown


def forget(ctx: Context, date_id: int) -> dict[str, Any]:
    from rapport.store import remembered

    row = remembered.get_date(ctx.store, date_id)
    remembered.delete_date(ctx.store, date_id)
    return {**row, "yearly": bool(row["yearly"])}


def of_contact(ctx: Context, contact_id: int) -> dict[str, Any]:
    """What `show` adds: the contact's effective cadence and dates to remember."""
    from rapport.store import cadences, remembered

    (cadence,) = cadences.with_cadence(ctx.store, contact_id)
    rows = [with_next(r, ctx.today) for r in remembered.dates_of(ctx.store, contact_id)]
    rows.sort(key=lambda r: (r["next"] is None, r["next"] or "", r["id"]))
    keys = ("every_days", "every_tag", "at_most_days", "at_most_tag")
    return {"cadence": {k: cadence[k] for k in keys}, "remember": rows}


# --- tag cadence ---------------------------------------------------------------------------


def cadence_fields(every: str | None, at_most: str | None) -> dict[str, Any]:
    """`tag`'s options as columns: days, '' to clear, None to leave alone."""
    return {
        column: None if raw is None else ("" if not raw.strip() else dates.parse_every(raw))
        for column, raw in (("every_days", every), ("at_most_days", at_most))
    }


def tag(ctx: Context, tag_name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Set a tag's cadence fields given and return the tag; the outer limit is checked
    against the ideal before anything is written."""
    from rapport.store import cadences

    if writes_tag(fields):
        current = cadences.get_tag(ctx.store, tag_name)
        _refuse_limit_below_ideal(
            {k: current[k] if v is None else (None if v == "" else v) for k, v in fields.items()}
        )
        cadences.set_tag(ctx.store, tag_name, fields)
    return cadences.get_tag(ctx.store, tag_name)


def writes_tag(fields: dict[str, Any]) -> bool:
    return any(v is not None for v in fields.values())


def _refuse_limit_below_ideal(row: dict[str, Any]) -> None:
    ideal, limit = row["every_days"], row["at_most_days"]
    if ideal is not None and limit is not None and limit < ideal:
        raise UsageError(
            f"--at-most ({limit} days) is shorter than --every ({ideal} days); "
            "the outer limit must be at least the ideal"
        )


# --- suggest -------------------------------------------------------------------------------


def suggest(ctx: Context, limit: int) -> list[dict[str, Any]]:
    """Who to reach out to today, and why: most useful first."""
    from rapport import agenda
    from rapport.app import trust
    from rapport.app.due import shown_contacts
    from rapport.store import agenda as agenda_store
    from rapport.store import cadences, contacts, remembered

    store, today = ctx.store, ctx.today
    reasons: dict[str, list[dict[str, Any]]] = {}
    ids: set[int] = set()
    mine = shown_contacts(ctx, False, None, False)  # not the clients handed over to others

    def add(contact: str, contact_id: int, reason: dict[str, Any] | None) -> None:
        if reason is not None and contact_id in mine:
            reasons.setdefault(contact, []).append(reason)
            ids.add(contact_id)

    soon = agenda.window(today, remembering.PROMISE_SOON_DAYS)
    for row in agenda_store.due_promises(store, soon):
        judged = verdicts.judged(row, today)
        add(row["contact"], row["contact_id"], remembering.promise_reason(judged, today))
    upcoming = remembering.upcoming(
        remembered.active_dates(store), today, remembering.DATE_SOON_DAYS
    )
    for row in upcoming:
        add(row["contact"], row["contact_id"], remembering.date_reason(row, today))
    for item in agenda.checkin_items(cadences.with_cadence(store), today):
        add(item["contact"], item["contact_id"], remembering.cadence_reason(item))
    scan = sorted(ids | (set(contacts.recently_active(store, TRUST_SCAN)) & mine))
    for row in trust.score_rows(ctx, trust.half_life(None), scan, series=False, detail=()):
        reason = remembering.trust_reason(row)
        if reason is not None:
            reasons.setdefault(row["contact"], []).append(reason)
    return remembering.rank(reasons, limit)
