"""Contacts: add, edit, archive, the contact list and one contact's page (`show`)."""

from __future__ import annotations

from typing import Any

from rapport import dates, settings
from rapport.app.context import Context, resolve
from rapport.errors import UsageError

ATTITUDES = ("rigid", "flexible", "situational")


def clean_channel(value: str | None) -> str | None:
    """Channels compare by name: ' Email ' is 'email'; '' stays '' (it clears the field).

    One outside the `channels` setting is refused when it looks like a typo of one in it
    ('emial'), and always when the setting was chosen (a file or RAPPORT_CHANNELS)."""
    if not value or not value.strip():
        return value
    channel = value.strip().lower()
    known = settings.get("channels")
    if channel in known:
        return channel
    import difflib  # only for a channel not in the list

    close = difflib.get_close_matches(channel, known, n=1, cutoff=0.75)
    change = "`rapport config set channels ...` changes the list"
    if close:
        raise UsageError(f"unknown channel '{channel}'; did you mean '{close[0]}'? ({change})")
    if settings.source("channels") != "default":
        raise UsageError(f"unknown channel '{channel}'; use one of {', '.join(known)} ({change})")
    return channel


def profile_fields(**values: Any) -> dict[str, Any]:
    """The profile columns `add` and `edit` set, checked; None leaves a field alone."""
    attitude = values.get("attitude")
    if attitude and attitude.strip().lower() not in ATTITUDES:
        raise UsageError(f"--attitude must be one of {', '.join(ATTITUDES)}, not '{attitude}'")
    fields = {
        "org": values.get("org"),
        "email": values.get("email"),
        "phone": values.get("phone"),
        "channel": clean_channel(values.get("channel")),
        "style": values.get("style"),
        "attitude": attitude.strip().lower() if attitude else attitude,
        "notes": values.get("note"),
    }
    for option, column in (("every", "every_days"), ("at_most", "at_most_days")):
        raw = values.get(option)
        if raw is not None:
            fields[column] = "" if raw.strip() == "" else dates.parse_every(raw)
    return fields


def add(
    ctx: Context, name: str, fields: dict[str, Any], tags: list[str], owner: str | None
) -> dict[str, Any]:
    from rapport.store import contacts

    owned = {**fields, "owner": owner.strip() if owner else owner}
    if owned.get("every_days") is None and (rhythm := settings.get("rhythm")):
        owned["every_days"] = dates.parse_every(rhythm)  # the `rhythm` setting, unless --every
    contact_id = contacts.add(ctx.store, ctx.now, name, owned, tags)
    return contacts.get(ctx.store, contact_id)


def edit(
    ctx: Context,
    name: str,
    fields: dict[str, Any],
    tags: list[str],
    untags: list[str],
    rename: str | None,
    replaces: str | None,
) -> dict[str, Any]:
    from rapport.store import contacts

    match = resolve(ctx, name)
    contacts.update(ctx.store, match.id, fields)
    contacts.add_tags(ctx.store, match.id, tags)
    contacts.remove_tags(ctx.store, match.id, untags)
    if rename is not None:
        contacts.rename(ctx.store, match.id, rename)
    if replaces is not None:
        other = resolve(ctx, replaces).id if replaces.strip() else None
        contacts.set_replaces(ctx.store, match.id, other)
    return contacts.get(ctx.store, match.id)


def archive(ctx: Context, name: str, archived: bool) -> str:
    from rapport.store import contacts

    match = resolve(ctx, name)
    contacts.set_archived(ctx.store, match.id, archived)
    return match.name


def overview(
    ctx: Context, include_archived: bool, full: bool = True, limit: int | None = None
) -> list[dict[str, Any]]:
    """The contact list (at most `limit`): last interaction, open promises, next due and
    trust. Without `full`, trust is worked out only for the first agenda.LIST_ROWS rows
    (those a person is shown)."""
    from rapport import agenda
    from rapport.app import trust
    from rapport.store import contacts

    rows = contacts.overview(ctx.store, include_archived)[:limit]
    ids = None if full and limit is None else [r["id"] for r in rows]
    if not full:
        ids = (ids or [r["id"] for r in rows])[: agenda.LIST_ROWS]
    figures = trust.score_rows(ctx, trust.half_life(None), ids, series=False, detail=())
    by_name = {r["contact"]: r["trust"] for r in figures}
    for row in rows:
        row["trust"] = by_name.get(row["name"])
    return rows


def show(ctx: Context, name: str) -> dict[str, Any]:
    """One contact: profile, timeline, trust figures, cadence and dates to remember."""
    from rapport import verdicts
    from rapport.app import remembering, trust
    from rapport.store import ledger, timeline

    contact_id = resolve(ctx, name).id
    view = timeline.timeline(ctx.store, contact_id)
    view["promises"] = [verdicts.judged(p, ctx.today) for p in view["promises"]]
    view["score"] = trust.score_rows(
        ctx, trust.half_life(None), [contact_id], detail=("note",)
    )[0]
    view.update(remembering.of_contact(ctx, contact_id))
    view.update(ledger.incidents_and_expectations(ctx.store, contact_id))
    return view
