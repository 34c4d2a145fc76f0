"""Load the journal as the scoring module's plain data, a few bulk queries for all contacts.

All of it, however old: the running sums (store/sums.py) fold the whole history, and the
figures `score --explain` works out from the evidence must be the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from rapport import scoring
from rapport.store.connection import Store, in_list
from rapport.store.journal import moves_of


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


def _grouped(store: Store, sql: str, ids: list[int], **params: Any) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    marks, named = in_list("c", ids)
    for row in store.all(sql.replace(":ids", marks), **named, **params):
        found[row["contact_id"]].append(row)
    return found


def load(
    store: Store, contact_ids: list[int], now: datetime, half_life_days: float
) -> dict[int, scoring.Evidence]:
    """Each contact's whole evidence (`now` and the half-life are kept for the callers)."""
    if not contact_ids:
        return {}
    contacts = _grouped(
        store, "SELECT *, id AS contact_id FROM contacts WHERE id IN (:ids)", contact_ids
    )
    promises = _grouped(
        store,
        "SELECT * FROM promises WHERE contact_id IN (:ids)",
        contact_ids,
    )
    moves = _moves(store, [p["id"] for rows in promises.values() for p in rows])
    tables = {
        name: _grouped(
            store,
            f"SELECT {columns} FROM {name} WHERE contact_id IN (:ids) ORDER BY at",
            contact_ids,
        )
        for name, columns in _COLUMNS.items()
    }
    tables["interactions"] = _interactions(store, contact_ids)
    _inherit_cadence(store, contacts)
    return {
        cid: _evidence(
            contacts[cid][0], promises[cid], moves, {k: v[cid] for k, v in tables.items()}
        )
        for cid in contact_ids
        if contacts.get(cid)
    }


def _interactions(store: Store, ids: list[int]) -> dict[int, list[scoring.Interaction]]:
    """The most numerous evidence, read as plain tuples straight into the scorer's data."""
    found: dict[int, list[scoring.Interaction]] = defaultdict(list)
    marks, named = in_list("c", ids)
    make, moment = scoring.Interaction, datetime.fromisoformat
    rows = store.tuples(
        "SELECT contact_id, at, channel, minutes, planned, tone, thanked, asked_advice,"
        f" substr(summary, 1, 80) FROM interactions WHERE contact_id IN ({marks}) ORDER BY at",
        **named,
    )
    for cid, at, channel, minutes, planned, tone, thanked, advice, summary in rows:
        found[cid].append(
            make(moment(at), channel, minutes, planned, tone, bool(thanked), bool(advice),
                 summary or "")
        )
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


def _moves(store: Store, promise_ids: list[int]) -> dict[int, list[scoring.Move]]:
    return {
        pid: [
            scoring.Move(_d(m["old_due"]), _d(m["new_due"]), _d(m["moved_on"]), bool(m["told"]))
            for m in moves
        ]
        for pid, moves in moves_of(store, promise_ids).items()
    }


def _evidence(
    contact: dict, promises: list[dict], moves: dict[int, list], rows: dict[str, list[dict]]
) -> scoring.Evidence:
    return scoring.Evidence(
        contact=contact["name"],
        channel=contact["channel"],
        every_days=contact["every_days"],
        created=_t(contact["created_at"]).date(),
        attitude=contact["attitude"],
        style=contact["style"],
        promises=tuple(_promise(p, moves) for p in promises if p["kind"] == "promise"),
        # Every follow-up stays evidence whatever its end: dropped without agreement is broken.
        followups=tuple(_followup(p) for p in promises if p["kind"] == "followup"),
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


def _promise(p: dict, moves: dict[int, list]) -> scoring.Promise:
    return scoring.Promise(
        id=p["id"],
        text=p["text"],
        direction=p["direction"],
        made=_d(p["made_on"]),
        due=_d(p["due"]),
        status=p["status"],
        done_on=_d(p["done_on"]),
        closed_on=_d(p["closed_on"]),
        moves=tuple(moves.get(p["id"], ())),
        size=p["size"],
    )


def _followup(p: dict) -> scoring.FollowUp:
    return scoring.FollowUp(
        p["id"],
        _d(p["due"]),
        p["status"],
        _d(p["done_on"]),
        text=p["text"],
        closed_on=_d(p["closed_on"]),
        made=_d(p["made_on"]),
    )
