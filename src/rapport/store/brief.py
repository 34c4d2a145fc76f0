"""What the brief reads: one person's record, and every contact's organisation."""

from __future__ import annotations

from typing import Any

from rapport.store.connection import Store
from rapport.store.contacts import get as get_contact
from rapport.store.journal import with_moves
from rapport.store.signs import signs_of

RECENT_INTERACTIONS = 20  # enough for every rule (last three, last two timed, last two toned)
CLOSED_PROMISES = 10  # the rules read only the latest few kept or broken promises
RECENT_SIGNS = 10  # the brief names signs of the last SIGNS_DAYS, at most this many


def record(store: Store, contact_id: int) -> dict[str, Any]:
    """Everything the brief reads about one contact, as plain rows."""
    contact = get_contact(store, contact_id)
    return {
        "contact": contact,
        "predecessor": _name(store, contact.get("replaces_id")),
        "successors": [
            r["name"]
            for r in store.all(
                "SELECT name FROM contacts WHERE replaces_id = :id ORDER BY name_key", id=contact_id
            )
        ],
        "promises": _promises(store, contact_id),
        "interactions": store.all(
            "SELECT id, at, channel, summary, minutes, planned, tone, thanked, asked_advice"
            " FROM interactions WHERE contact_id = :id ORDER BY at DESC, id DESC LIMIT :n",
            id=contact_id,
            n=RECENT_INTERACTIONS,
        ),
        "incidents": store.all(
            "SELECT id, at, text, owned, told_first, resolved_on FROM incidents"
            " WHERE contact_id = :id ORDER BY at DESC, id DESC",
            id=contact_id,
        ),
        "expectations": store.all(
            "SELECT id, at, text, agreed FROM expectations WHERE contact_id = :id ORDER BY at, id",
            id=contact_id,
        ),
        "signs": signs_of(store, contact_id, RECENT_SIGNS),
        "remember": store.all(
            "SELECT id, label, on_date, yearly FROM remember WHERE contact_id = :id ORDER BY id",
            id=contact_id,
        ),
    }


def _name(store: Store, contact_id: int | None) -> str | None:
    if contact_id is None:
        return None
    return store.value("SELECT name FROM contacts WHERE id = :id", id=contact_id)


def _promises(store: Store, contact_id: int) -> list[dict[str, Any]]:
    """Every open promise and follow-up, and my latest few closed promises (for their history)."""
    columns = "id, kind, direction, text, made_on, due, status, done_on, closed_on"
    rows = store.all(
        f"SELECT {columns} FROM promises WHERE contact_id = :id AND status = 'open'"
        " ORDER BY due, id",
        id=contact_id,
    ) + store.all(
        f"SELECT {columns} FROM promises WHERE contact_id = :id AND status IN ('done', 'broken')"
        " AND kind = 'promise' AND direction = 'mine'"
        " ORDER BY coalesce(done_on, closed_on) DESC, id DESC LIMIT :n",
        id=contact_id,
        n=CLOSED_PROMISES,
    )
    with_moves(store, rows)
    return rows


def contacts_with_orgs(store: Store) -> list[dict[str, Any]]:
    """Every contact's id, name, organisation and archived flag: what org matching reads."""
    return store.all("SELECT id, name, org, archived FROM contacts ORDER BY name_key")
