"""Each contact's running sums of the trust model (scoring/sums.py), kept by every write.

Triggers (migration 6) list in `score_stale` every contact whose evidence a write touches;
`refresh`, called by every writing command inside its own transaction, folds those contacts'
evidence again (all of it: one contact's history is a few bulk queries), so the sums are
never behind what is written. A read uses the sums of every contact not listed as stale.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from rapport.scoring import model, sums
from rapport.store.connection import Store, in_list, one_of

BATCH = 100
CHECK_BATCH = 500  # `doctor` reads every contact: fewer, larger queries (PostgreSQL's cost)
_UPSERT = (
    "INSERT INTO score_sums (contact_id, written, payload, settled)"
    " VALUES (:cid, :written, :payload, :settled)"
    " ON CONFLICT (contact_id) DO UPDATE SET written = excluded.written,"
    " payload = excluded.payload, settled = excluded.settled"
)


def stale(store: Store) -> list[int]:
    return [cid for (cid,) in store.tuples("SELECT contact_id FROM score_stale ORDER BY 1")]


def refresh(store: Store, now: datetime, half_life: float = model.HALF_LIFE_DAYS) -> int:
    """Fold again every contact a write has touched; how many were."""
    ids = stale(store)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        done, unreadable = safely(store, batch, now, half_life)
        store.many(_UPSERT, [_row(cid, payload) for cid, payload in done])
        found = {cid for cid, _ in done}
        gone = [cid for cid in batch if cid not in found]  # deleted, or unreadable
        if gone:
            marks, named = in_list("c", gone)
            store.run(f"DELETE FROM score_sums WHERE contact_id IN ({marks})", **named)
        marks, named = in_list("c", batch)
        store.run(f"DELETE FROM score_stale WHERE contact_id IN ({marks})", **named)
    return len(ids)


def computed(
    store: Store, ids: list[int], now: datetime, half_life: float
) -> list[tuple[int, dict[str, Any]]]:
    """(contact, summary) for those of `ids` that exist, from their whole evidence."""
    from rapport.store import evidence

    today = now.date()
    ends = sums.month_ends(today)
    return [
        (cid, sums.summary(ev, today, ends, half_life))
        for cid, ev in evidence.load(store, ids, now, half_life).items()
    ]


UNREADABLE = (ValueError, TypeError, KeyError)  # records damaged outside rapport


def safely(
    store: Store, ids: list[int], now: datetime, half_life: float
) -> tuple[list[tuple[int, dict[str, Any]]], list[int]]:
    """`computed`, contact by contact where a batch holds a record rapport cannot read (a
    date like 2026-02-30 written by another program): those keep no sums, and their
    figures come from the evidence as before; `doctor` names the records."""
    try:
        return computed(store, ids, now, half_life), []
    except UNREADABLE:
        done, bad = [], []
        for cid in ids:
            try:
                done += computed(store, [cid], now, half_life)
            except UNREADABLE:
                bad.append(cid)
        return done, bad


def _row(cid: int, payload: dict[str, Any]) -> dict[str, Any]:
    settled = payload.pop("settled", None)
    if settled is not None:  # kept apart: `score` reads thousands of these and nothing else
        settled = _dumps({**settled, "points": payload["points"], "written": payload["written"]})
    return {"cid": cid, "written": payload["written"], "payload": _dumps(payload),
            "settled": settled}


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load(
    store: Store, contact_ids: list[int] | None, settled: bool = False
) -> dict[int, dict[str, Any]]:
    """Kept summaries by contact, of those not stale; `None` means every active contact.
    With `settled`, a contact whose figures cannot change before its next write gives them
    instead ({"settled": {...}}), without the sums (far less to read)."""
    fresh = " AND NOT EXISTS (SELECT 1 FROM score_stale x WHERE x.contact_id = s.contact_id)"
    columns = ("s.contact_id, s.settled, CASE WHEN s.settled IS NULL THEN s.payload END"
               if settled else "s.contact_id, NULL, s.payload")
    if contact_ids is None:
        rows = store.tuples(
            f"SELECT {columns} FROM score_sums s JOIN contacts c"
            " ON c.id = s.contact_id WHERE c.archived = 0" + fresh
        )
    else:
        rows = []
        for start in range(0, len(contact_ids), 500):
            where, named = one_of(store, "s.contact_id", contact_ids[start : start + 500])
            rows += store.tuples(
                f"SELECT {columns} FROM score_sums s WHERE {where}" + fresh, **named
            )
    loads = json.loads
    return {
        cid: {"settled": loads(fixed)} if fixed else loads(payload)
        for cid, fixed, payload in rows
    }


def every_contact(store: Store) -> list[int]:
    return [cid for (cid,) in store.tuples("SELECT id FROM contacts ORDER BY id")]


def differences(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """`doctor`: those of the contacts `ids` whose kept sums are missing or differ from their
    evidence folded again at the same anchor (beyond float rounding), with what differs."""
    problems: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHECK_BATCH):
        batch = ids[start : start + CHECK_BATCH]
        kept = load(store, batch)
        where, named = one_of(store, "contact_id", batch)
        fixed = dict(store.tuples(f"SELECT contact_id, settled FROM score_sums WHERE {where}"
                                  " AND settled IS NOT NULL", **named))
        for cid, ev in _readable(store, batch, problems).items():
            why = _differs(kept.get(cid), ev, fixed.get(cid))
            if why:
                problems.append({"contact_id": cid, "name": ev.contact, "problem": why})
    return problems


def _readable(store: Store, ids: list[int], problems: list[dict]) -> dict[int, model.Evidence]:
    """The evidence of `ids`, in one load; contact by contact when one cannot be read."""
    from rapport.store import evidence

    try:
        return evidence.load(store, ids, datetime.min, model.HALF_LIFE_DAYS)
    except UNREADABLE:
        pass
    out = {}
    for cid in ids:
        try:
            out.update(evidence.load(store, [cid], datetime.min, model.HALF_LIFE_DAYS))
        except UNREADABLE:
            why = "its evidence cannot be read (see the records named above)"
            problems.append({"contact_id": cid, "name": f"contact {cid}", "problem": why})
    return out


def _differs(kept: dict | None, ev: model.Evidence, fixed: str | None) -> str | None:
    if kept is None:
        return "no running sums kept"
    written = date.fromisoformat(kept["written"])
    fresh = _by_id(sums.folded_as_kept(ev, written, model.HALF_LIFE_DAYS))
    fold = _by_id(_decoded(kept["evidence"]))
    if fold != fresh:  # else folded the same way: the same floats, bit for bit
        # Compared as JSON, floats within rounding (and damaged sums are named, not raised)
        why = _first_difference(sums.encode(fold) if fold else kept["evidence"],
                                sums.encode(fresh), "")
        if why or fold is None:
            return why or "the kept sums cannot be read"
    return _settled_differs(fixed, fold, written)


def _by_id(ev: model.Evidence | None) -> model.Evidence | None:
    """The live promises and follow-ups in id order: a fold keeps them in the order they were
    read, and PostgreSQL may plan one contact's read and a batch's differently."""
    if ev is None:
        return None
    key = attrgetter("id")
    return replace(ev, promises=tuple(sorted(ev.promises, key=key)),
                   followups=tuple(sorted(ev.followups, key=key)))


def _decoded(data: Any) -> model.Evidence | None:
    try:
        return sums.decode(data)
    except (*UNREADABLE, AttributeError):  # sums damaged outside rapport
        return None


def _settled_differs(fixed: str | None, fold: model.Evidence, written: date) -> str | None:
    """The figures kept as settled against those the kept sums give on the day written."""
    if not sums.settled(fold):
        return None if fixed is None else "figures kept as settled, but the sums can move"
    if fixed is None:
        return "settled figures missing"
    fresh = sums.summary_figures(fold, written)
    return _first_difference(
        {k: v for k, v in json.loads(fixed).items() if k in fresh}, fresh, "settled"
    )


def _first_difference(a: Any, b: Any, where: str) -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            found = _first_difference(a.get(key), b.get(key), f"{where}.{key}".strip("."))
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{where}[{n}]")
            if found:
                return found
        return None
    both = isinstance(a, (int, float)) and isinstance(b, (int, float))
    if both and not isinstance(a, bool) and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return None
    return None if a == b else f"{where}: kept {a!r}, the evidence says {b!r}"


def repair(store: Store, contact_ids: list[int], now: datetime) -> int:
    """Fold these contacts again from their evidence."""
    repaired = 0
    for start in range(0, len(contact_ids), BATCH):
        batch = contact_ids[start : start + BATCH]
        done, _ = safely(store, batch, now, model.HALF_LIFE_DAYS)
        store.many(_UPSERT, [_row(cid, payload) for cid, payload in done])
        repaired += len(done)
    return repaired

