"""Read-only views: the morning list, the contact table, one contact's timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from rapport.store.connection import Store
from rapport.store.contacts import get as get_contact
from rapport.store.journal import moves_of


def due_promises(store: Store, until: date) -> list[dict[str, Any]]:
    """Open promises and follow-ups of active contacts due by `until` (index: status, due)."""
    return store.all(
        "SELECT p.id, p.kind, p.direction, p.text, p.due, p.made_on, c.name AS contact,"
        " c.id AS contact_id FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " WHERE p.status = 'open' AND p.due <= :until AND c.archived = 0"
        " ORDER BY p.due, p.id",
        until=until.isoformat(),
    )


def checkins(store: Store, today: date) -> list[dict[str, Any]]:
    """Active contacts with a stay-in-touch cadence, with the date of their last interaction.

    The cadence is the contact's own, else inherited from its tags (store.people).
    """
    from rapport.store.people import with_cadence

    return with_cadence(store)


def owned_by(store: Store, owner: str, with_unowned: bool) -> set[int]:
    """Ids of the contacts `owner` owns; with_unowned adds those nobody owns yet (a journal
    brought over from SQLite), so that no contact drops out of every team member's view."""
    rows = store.tuples(
        "SELECT id FROM contacts WHERE owner = :owner OR (:unowned = 1 AND owner IS NULL)",
        owner=owner,
        unowned=int(with_unowned),
    )
    return {cid for (cid,) in rows}


def is_empty(store: Store) -> bool:
    return store.value("SELECT count(*) FROM contacts") == 0


def contacts_overview(store: Store, include_archived: bool) -> list[dict[str, Any]]:
    return store.all(
        "SELECT c.id, c.name, c.org, c.channel, c.every_days, c.archived,"
        " (SELECT max(i.at) FROM interactions i WHERE i.contact_id = c.id) AS last_at,"
        " (SELECT count(*) FROM promises p WHERE p.contact_id = c.id AND p.status = 'open'"
        "   AND p.kind = 'promise' AND p.direction = 'mine') AS open_mine,"
        " (SELECT count(*) FROM promises p WHERE p.contact_id = c.id AND p.status = 'open'"
        "   AND p.kind = 'promise' AND p.direction = 'theirs') AS open_theirs,"
        " (SELECT min(p.due) FROM promises p WHERE p.contact_id = c.id AND p.status = 'open'"
        "   AND p.direction = 'mine') AS next_due"
        " FROM contacts c WHERE c.archived = 0 OR :all = 1 ORDER BY c.name_key",
        all=int(include_archived),
    )


def timeline(store: Store, contact_id: int) -> dict[str, Any]:
    contact = get_contact(store, contact_id)
    interactions = store.all(
        "SELECT id, at, channel, summary, minutes, planned, tone, thanked, asked_advice"
        " FROM interactions WHERE contact_id = :id ORDER BY at DESC, id DESC",
        id=contact_id,
    )
    _attach_interaction_tags(store, contact_id, interactions)
    handovers = store.all(
        "SELECT id, at, from_owner, to_owner, introduced, three_way, created_by FROM handovers"
        " WHERE contact_id = :id ORDER BY at DESC, id DESC",
        id=contact_id,
    )
    promises = store.all(
        "SELECT id, kind, direction, text, made_on, due, status, done_on, closed_on, reason"
        " FROM promises WHERE contact_id = :id ORDER BY due DESC, id DESC",
        id=contact_id,
    )
    moves = moves_of(store, [p["id"] for p in promises])
    for promise in promises:
        promise["moves"] = moves[promise["id"]]
    return {
        "contact": contact,
        "interactions": interactions,
        "promises": promises,
        "handovers": handovers,
    }


def _attach_interaction_tags(
    store: Store, contact_id: int, interactions: list[dict[str, Any]]
) -> None:
    by_id = {row["id"]: row for row in interactions}
    for row in interactions:
        row["tags"] = []
    rows = store.all(
        "SELECT t.interaction_id, t.tag FROM interaction_tags t JOIN interactions i"
        " ON i.id = t.interaction_id WHERE i.contact_id = :id ORDER BY t.tag",
        id=contact_id,
    )
    for row in rows:
        by_id[row["interaction_id"]]["tags"].append(row["tag"])


def window(today: date, days: int) -> date:
    return today + timedelta(days=days)


def activity(store: Store, start: datetime, end: datetime) -> dict[str, Any]:
    """What happened between two moments: interactions, promises resolved, incidents."""
    s, e = start.isoformat(), end.isoformat()
    sd, ed = start.date().isoformat(), end.date().isoformat()
    mine = store.all(
        "SELECT p.id, p.text, p.due, p.status, p.done_on, p.closed_on, c.name AS contact"
        " FROM promises p JOIN contacts c ON c.id = p.contact_id WHERE p.kind = 'promise'"
        " AND p.direction = 'mine'"
        " AND ((p.status = 'done' AND p.done_on > :sd AND p.done_on <= :ed)"
        " OR (p.status = 'broken' AND p.closed_on > :sd AND p.closed_on <= :ed))",
        sd=sd,
        ed=ed,
    )
    kept = [p for p in mine if p["status"] == "done" and p["done_on"] <= p["due"]]
    late = [p for p in mine if p["status"] == "done" and p["done_on"] > p["due"]]
    return {
        "interactions": store.value(
            "SELECT count(*) FROM interactions WHERE at > :s AND at <= :e", s=s, e=e
        ),
        "kept": kept,
        "late": late,
        "broken": [p for p in mine if p["status"] == "broken"],
        "incidents": store.all(
            "SELECT i.id, i.at, i.text, i.owned, i.told_first, c.name AS contact FROM incidents i"
            " JOIN contacts c ON c.id = i.contact_id WHERE i.at > :s AND i.at <= :e ORDER BY i.at",
            s=s,
            e=e,
        ),
    }
