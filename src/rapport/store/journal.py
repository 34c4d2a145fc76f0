"""What happens with a contact: interactions, promises both ways, follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport.errors import NotFound, UsageError
from rapport.store.connection import Store, in_list


def add_interaction(
    store: Store,
    now: datetime,
    contact_id: int,
    at: datetime,
    summary: str,
    details: dict[str, Any],
    tags: list[str],
) -> int:
    interaction_id = store.insert(
        "INSERT INTO interactions (contact_id, at, channel, summary, minutes, planned, tone,"
        " thanked, asked_advice, created_at, created_by, external_id) VALUES (:contact_id, :at,"
        " :channel, :summary, :minutes, :planned, :tone, :thanked, :asked_advice, :created_at,"
        " :by, :external_id)",
        contact_id=contact_id,
        at=at.isoformat(),
        summary=summary,
        channel=details.get("channel"),
        minutes=details.get("minutes"),
        planned=details.get("planned"),
        tone=details.get("tone"),
        thanked=int(bool(details.get("thanked"))),
        asked_advice=int(bool(details.get("asked_advice"))),
        created_at=now.isoformat(),
        by=store.user,
        external_id=details.get("external_id"),
    )
    for tag in dict.fromkeys(t.strip() for t in tags if t.strip()):
        store.run(
            "INSERT INTO interaction_tags (interaction_id, tag) VALUES (:id, :tag)",
            id=interaction_id,
            tag=tag,
        )
    return interaction_id


def close_followups(store: Store, contact_id: int, at: datetime, interaction_id: int) -> list[dict]:
    """An interaction answers the follow-ups that were set before it happened."""
    rows = store.all(
        "SELECT id, text, due FROM promises WHERE contact_id = :cid AND kind = 'followup'"
        " AND status = 'open' AND created_at <= :at ORDER BY due, id",
        cid=contact_id,
        at=at.isoformat(),
    )
    for row in rows:
        store.run(
            "UPDATE promises SET status = 'done', done_on = :on, closed_by = :iid WHERE id = :id",
            on=at.date().isoformat(),
            iid=interaction_id,
            id=row["id"],
        )
    return rows


def add_promise(
    store: Store,
    now: datetime,
    contact_id: int,
    text: str,
    due: date,
    *,
    kind: str = "promise",
    direction: str = "mine",
    made_on: date | None = None,
    interaction_id: int | None = None,
    size: str = "normal",
) -> int:
    if kind == "promise" and not text.strip():
        raise UsageError("a promise needs words: what was promised, e.g. --promise 'send proposal'")
    return store.insert(
        "INSERT INTO promises (contact_id, kind, direction, text, made_on, due, interaction_id,"
        " created_at, created_by, size) VALUES (:cid, :kind, :direction, :text, :made_on, :due,"
        " :iid, :created_at, :by, :size)",
        cid=contact_id,
        kind=kind,
        direction=direction,
        text=text.strip(),
        made_on=(made_on or now.date()).isoformat(),
        due=due.isoformat(),
        iid=interaction_id,
        created_at=now.isoformat(),
        by=store.user,
        size=size,
    )


def get_promise(store: Store, promise_id: int) -> dict[str, Any]:
    row = store.one(
        "SELECT p.*, c.name AS contact FROM promises p JOIN contacts c ON c.id = p.contact_id"
        " WHERE p.id = :id",
        id=promise_id,
    )
    if row is None:
        raise NotFound(
            f"there is no promise or follow-up with id {promise_id}; "
            "`rapport due` and `rapport show NAME` list the ids"
        )
    return row


def _open_promise(store: Store, promise_id: int) -> dict[str, Any]:
    row = get_promise(store, promise_id)
    if row["status"] != "open":
        when = row["done_on"] or row["closed_on"]
        raise UsageError(
            f"{kind_label(row)} {promise_id} is already {row['status']}"
            + (f" (on {when})" if when else "")
        )
    return row


def kind_label(row: dict[str, Any]) -> str:
    return "follow-up" if row["kind"] == "followup" else "promise"


def complete(store: Store, promise_id: int, on: date) -> dict[str, Any]:
    row = _open_promise(store, promise_id)
    if on < date.fromisoformat(row["made_on"]):
        raise UsageError(
            f"{kind_label(row)} {promise_id} was made on {row['made_on']};"
            " it can't be done before that"
        )
    store.run(
        "UPDATE promises SET status = 'done', done_on = :on WHERE id = :id",
        on=on.isoformat(),
        id=promise_id,
    )
    return {**row, "status": "done", "done_on": on.isoformat()}


def move(store: Store, promise_id: int, new_due: date, on: date, told: bool) -> dict[str, Any]:
    row = _open_promise(store, promise_id)
    if new_due.isoformat() == row["due"]:
        raise UsageError(f"{kind_label(row)} {promise_id} is already due on {row['due']}")
    store.run(
        "INSERT INTO promise_moves (promise_id, old_due, new_due, moved_on, told)"
        " VALUES (:id, :old, :new, :on, :told)",
        id=promise_id,
        old=row["due"],
        new=new_due.isoformat(),
        on=on.isoformat(),
        told=int(told),
    )
    store.run(
        "UPDATE promises SET due = :due WHERE id = :id", due=new_due.isoformat(), id=promise_id
    )
    return {**row, "old_due": row["due"], "due": new_due.isoformat(), "told": told}


NOT_NEEDED = "not-needed"  # promises.dropped_reason: neither kept nor broken


def drop(
    store: Store,
    promise_id: int,
    reason: str,
    agreed: bool,
    on: date,
    not_needed: bool = False,
) -> dict[str, Any]:
    """End a promise undone: broken, cancelled by agreement, or (a follow-up that is no
    longer needed, a promise the client released) cancelled as not needed."""
    row = _open_promise(store, promise_id)
    status = "cancelled" if agreed or not_needed else "broken"
    dropped = NOT_NEEDED if not_needed else None
    store.run(
        "UPDATE promises SET status = :status, closed_on = :on, reason = :reason,"
        " dropped_reason = :dropped WHERE id = :id",
        status=status,
        on=on.isoformat(),
        reason=reason,
        dropped=dropped,
        id=promise_id,
    )
    return {
        **row,
        "status": status,
        "closed_on": on.isoformat(),
        "reason": reason,
        "dropped_reason": dropped,
    }


def with_moves(store: Store, promises: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The promise rows given, each with its `moves` (oldest first) added in place."""
    moves = moves_of(store, [p["id"] for p in promises])
    for p in promises:
        p["moves"] = moves[p["id"]]
    return promises


def moves_of(store: Store, promise_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each promise's moves, oldest first."""
    found: dict[int, list[dict[str, Any]]] = {pid: [] for pid in promise_ids}
    for start in range(0, len(promise_ids), 500):  # SQLite caps bound parameters per query
        marks, named = in_list("p", promise_ids[start : start + 500])
        rows = store.all(
            f"SELECT * FROM promise_moves WHERE promise_id IN ({marks}) ORDER BY id", **named
        )
        for row in rows:
            found[row["promise_id"]].append(row)
    return found


def activity(store: Store, start: datetime, end: datetime) -> dict[str, Any]:
    """What happened between two moments: interactions, my promises settled (done or
    broken, with their moves), incidents."""
    s, e = start.isoformat(), end.isoformat()
    sd, ed = start.date().isoformat(), end.date().isoformat()
    # The day each was settled, as one expression: a condition on `status` makes SQLite
    # walk every done promise through (status, due), 135 ms on 50,000 against a 15 ms scan
    # (an index of its own would cost `doctor`'s integrity check more than review gains).
    settled_on = "CASE p.status WHEN 'done' THEN p.done_on WHEN 'broken' THEN p.closed_on END"
    mine = store.all(
        "SELECT p.id, p.text, p.due, p.status, p.done_on, p.closed_on, c.name AS contact"
        " FROM promises p JOIN contacts c ON c.id = p.contact_id WHERE p.kind = 'promise'"
        f" AND p.direction = 'mine' AND {settled_on} > :sd AND {settled_on} <= :ed",
        sd=sd,
        ed=ed,
    )
    with_moves(store, mine)
    return {
        "interactions": store.value(
            "SELECT count(*) FROM interactions WHERE at > :s AND at <= :e", s=s, e=e
        ),
        "settled": mine,
        "theirs_late": _theirs_late(store, sd, ed),
        "moved": _moved(store, sd, ed),
        "incidents": store.all(
            "SELECT i.id, i.at, i.text, i.owned, i.told_first, c.name AS contact FROM incidents i"
            " JOIN contacts c ON c.id = i.contact_id WHERE i.at > :s AND i.at <= :e ORDER BY i.at",
            s=s,
            e=e,
        ),
    }


def _theirs_late(store: Store, sd: str, ed: str) -> list[dict[str, Any]]:
    """Clients' promises that came due in the period and were not kept by then."""
    return store.all(
        "SELECT p.id, p.text, p.due, p.status, p.done_on, c.name AS contact FROM promises p"
        " JOIN contacts c ON c.id = p.contact_id WHERE p.kind = 'promise'"
        " AND p.direction = 'theirs' AND p.due > :sd AND p.due < :ed"
        " AND (p.status = 'open' OR p.status = 'broken'"
        " OR (p.status = 'done' AND p.done_on > p.due)) ORDER BY p.due, p.id",
        sd=sd,
        ed=ed,
    )


def _moved(store: Store, sd: str, ed: str) -> list[dict[str, Any]]:
    """Due dates moved in the period, mine and the clients'."""
    return store.all(
        "SELECT m.promise_id AS id, p.text, p.direction, m.old_due, m.new_due, m.moved_on,"
        " m.told, c.name AS contact FROM promise_moves m JOIN promises p ON p.id = m.promise_id"
        " JOIN contacts c ON c.id = p.contact_id WHERE m.moved_on > :sd AND m.moved_on <= :ed"
        " ORDER BY m.moved_on, m.id",
        sd=sd,
        ed=ed,
    )
