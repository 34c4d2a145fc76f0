"""Load the journal as the scoring module's plain data, a few bulk queries for all contacts.

All of it, however old: the running sums (store/sums.py) fold the whole history, and the
figures `score --explain` works out from the evidence must be the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from rapport import scoring
from rapport.store.connection import Store, in_list, one_of


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


# What the scorer reads; of an interaction's summary (up to megabytes of notes) only the start,
# to name the contact in explanations.
_COLUMNS = {
    "incidents": "*",
    "expectations": "*",
    "handovers": "*",
    "signs": "*",
}


def _grouped(store: Store, sql: str, ids: list[int], column: str = "contact_id"
             ) -> dict[int, list[dict]]:
    """The rows of `sql` (its WHERE is `{where}`: `column` among `ids`), by contact."""
    found: dict[int, list[dict]] = defaultdict(list)
    where, named = one_of(store, column, ids)
    for row in store.all(sql.format(where=where), **named):
        found[row["contact_id"]].append(row)
    return found


def load(
    store: Store, contact_ids: list[int], now: datetime, half_life_days: float
) -> dict[int, scoring.Evidence]:
    """Each contact's whole evidence (`now` and the half-life are kept for the callers)."""
    if not contact_ids:
        return {}
    contacts = _grouped(
        store, "SELECT *, id AS contact_id FROM contacts WHERE {where}", contact_ids, "id"
    )
    moves = _moves(store, contact_ids)
    promises = _promises(store, contact_ids, moves)
    tables = {
        name: _grouped(
            store,
            f"SELECT {columns} FROM {name} WHERE {{where}} ORDER BY at",
            contact_ids,
        )
        for name, columns in _COLUMNS.items()
    }
    tables["interactions"] = _interactions(store, contact_ids)
    _inherit_cadence(store, contacts)
    return {
        cid: _evidence(contacts[cid][0], promises[cid], {k: v[cid] for k, v in tables.items()})
        for cid in contact_ids
        if contacts.get(cid)
    }


def _interactions(store: Store, ids: list[int]) -> dict[int, list[scoring.Interaction]]:
    """The most numerous evidence, read as plain tuples straight into the scorer's data, in
    the order of the index on (contact_id, at): no sort of a hundred thousand rows."""
    found: dict[int, list[scoring.Interaction]] = defaultdict(list)
    where, named = one_of(store, "contact_id", ids)
    make, moment = scoring.Interaction, datetime.fromisoformat
    rows = store.tuples(
        "SELECT contact_id, at, channel, minutes, planned, tone, thanked, asked_advice,"
        f" substr(summary, 1, 80) FROM interactions WHERE {where} ORDER BY contact_id, at",
        **named,
    )
    for cid, at, channel, minutes, planned, tone, thanked, advice, summary in rows:
        found[cid].append(
            make(moment(at), channel, minutes, planned, tone, bool(thanked), bool(advice),
                 summary or "")
        )
    return found


def _promises(
    store: Store, ids: list[int], moves: dict[int, list[scoring.Move]]
) -> dict[int, tuple[list[scoring.Promise], list[scoring.FollowUp]]]:
    """Each contact's (promises, follow-ups), read as plain tuples (tens of thousands)."""
    found: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    # `in_list`, not `one_of`: without an ORDER BY, this is the order the running sums were
    # folded in (PostgreSQL plans an array otherwise, and live promises would come out
    # in another order).
    marks, named = in_list("c", ids)
    rows = store.tuples(
        "SELECT contact_id, kind, id, text, direction, made_on, due, status, done_on,"
        f" closed_on, size FROM promises WHERE contact_id IN ({marks})",
        **named,
    )
    for cid, kind, pid, text, direction, made, due, status, done, closed, size in rows:
        if kind == "promise":
            found[cid][0].append(scoring.Promise(
                pid, text, direction, _d(made), _d(due), status, _d(done), _d(closed),
                tuple(moves.get(pid, ())), size,
            ))
        elif kind == "followup":
            # Every follow-up stays evidence whatever its end: dropped without agreement is
            # broken.
            found[cid][1].append(scoring.FollowUp(
                pid, _d(due), status, _d(done), text=text, closed_on=_d(closed), made=_d(made),
            ))
    return found


def _inherit_cadence(store: Store, contacts: dict[int, list[dict]]) -> None:
    """A contact without its own rhythm takes its tags' shortest, as `due` does."""
    from rapport import remembering
    from rapport.store.cadences import tag_cadences

    if all(rows[0]["every_days"] is not None for rows in contacts.values()):
        return
    tags: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for row in tag_cadences(store):
        tags[row["contact_id"]].append((row["tag"], row["every_days"]))
    for cid, rows in contacts.items():
        rows[0]["every_days"] = remembering.cadence(rows[0]["every_days"], tags.get(cid, []))[0]


def _moves(store: Store, contact_ids: list[int]) -> dict[int, list[scoring.Move]]:
    """The moves of these contacts' promises, by promise, oldest first: one query, not one
    per 500 promises."""
    found: dict[int, list[scoring.Move]] = defaultdict(list)
    where, named = one_of(store, "p.contact_id", contact_ids)
    rows = store.tuples(
        "SELECT m.promise_id, m.old_due, m.new_due, m.moved_on, m.told FROM promise_moves m"
        f" JOIN promises p ON p.id = m.promise_id WHERE {where} ORDER BY m.id",
        **named,
    )
    for pid, old_due, new_due, moved_on, told in rows:
        found[pid].append(scoring.Move(_d(old_due), _d(new_due), _d(moved_on), bool(told)))
    return found


def _evidence(
    contact: dict, promises: tuple[list, list], rows: dict[str, list[dict]]
) -> scoring.Evidence:
    return scoring.Evidence(
        contact=contact["name"],
        channel=contact["channel"],
        every_days=contact["every_days"],
        created=_t(contact["created_at"]).date(),
        attitude=contact["attitude"],
        style=contact["style"],
        promises=tuple(promises[0]),
        followups=tuple(promises[1]),
        signs=tuple(
            scoring.Sign(_t(s["at"]), s["kind"], s["note"] or "") for s in rows["signs"]
        ),
        interactions=tuple(rows["interactions"]),
        incidents=tuple(
            scoring.Incident(
                i["id"],
                _t(i["at"]),
                i["text"],
                bool(i["owned"]),
                bool(i["told_first"]),
                _d(i["resolved_on"]),
            )
            for i in rows["incidents"]
        ),
        expectations=tuple(
            scoring.Expectation(_t(e["at"]), e["text"], bool(e["agreed"]))
            for e in rows["expectations"]
        ),
        handovers=tuple(
            scoring.Handover(
                _t(h["at"]),
                h["from_owner"],
                h["to_owner"],
                bool(h["introduced"]),
                bool(h["three_way"]),
            )
            for h in rows["handovers"]
        ),
    )
