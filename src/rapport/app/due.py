"""The morning view (`due`): overdue, due, follow-ups, dates, who to reconnect with, owed."""

from __future__ import annotations

from typing import Any

from rapport import agenda
from rapport.app.context import Context
from rapport.errors import UsageError


def morning(
    ctx: Context, days: int, mine: bool, owner: str | None, everyone: bool, full: bool = True
) -> tuple[list[dict[str, Any]], bool]:
    """The items of the morning list, with a trust note where trust is low or falling, and
    whether the journal is empty. Without `full`, only the items a person is shown
    (agenda.shown) get a trust note: trust is computed for the contacts on screen only."""
    from rapport.app import trust
    from rapport.store import agenda as agenda_store
    from rapport.store import cadences, remembered

    check_whose(mine, owner, everyone)
    store, today = ctx.store, ctx.today
    rows = agenda_store.due_promises(store, agenda.window(today, days))
    remembered_rows = remembered.active_dates(store)
    checkins = cadences.with_cadence(store)
    shown = shown_contacts(ctx, mine, owner, everyone)
    if shown is not None:
        rows, remembered_rows, checkins = (
            [r for r in part if r["contact_id"] in shown]
            for part in (rows, remembered_rows, checkins)
        )
    items = agenda.morning(rows, checkins, today, remembered_rows, days)
    empty = not items and agenda_store.is_empty(store)
    flagged = trust.flags(ctx, {item["contact_id"] for item in agenda.shown(items, full)})
    for item in items:
        del item["contact_id"]  # for the lookup above; not part of the item
        item["trust_note"] = flagged.get(item["contact"])
    return items, empty


def overdue(ctx: Context, mine: bool, owner: str | None, everyone: bool) -> list[dict[str, Any]]:
    """`due --check`: my overdue promises only, from one query (cron runs it every hour)."""
    from rapport.store import agenda as agenda_store

    check_whose(mine, owner, everyone)
    store, today = ctx.store, ctx.today
    if owner is not None:  # the same choice as shown_contacts, as a condition of the query
        who, unowned = owner.strip(), False
    elif everyone:
        who, unowned = None, False
    else:
        who, unowned = store.user, True
    rows = agenda_store.open_mine_late(store, today, who, unowned)
    items = agenda.promise_items(rows, today, today)
    return agenda.order([item for item in items if item["section"] == "overdue"])


def check_whose(mine: bool, owner: str | None, everyone: bool) -> None:
    if mine + everyone + (owner is not None) > 1:
        raise UsageError("choose one of --mine, --owner NAME and --all")


def shown_contacts(ctx: Context, mine: bool, owner: str | None, everyone: bool) -> set | None:
    """Whose contacts `due` and `suggest` show: None for all (--all). By default mine and
    those nobody owns: in a solo journal that is every contact but the ones handed over to
    someone else; in team mode it keeps a shared journal's morning list to my own."""
    from rapport.store import agenda as agenda_store

    store = ctx.store
    if owner is not None:
        return agenda_store.owned_by(store, owner.strip(), with_unowned=False)
    if everyone:
        return None
    return agenda_store.owned_by(store, store.user, with_unowned=True)
