"""Corrections: `fix` (a record as it should have been typed) and `delete`, for every kind.

A correction is not a renegotiation: fixing a promise's due date records no move. Moving an
interaction to another contact takes its effects along: the follow-ups it closed for the
first contact open again, the new contact's are closed as `log` closes them, and the
promises made in it follow it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport.errors import NotFound, UsageError
from rapport.store.connection import Store
from rapport.store.journal import close_followups

# kind -> (table, option -> column). The options are `rapport fix`'s, without the dashes.
KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "interaction": (
        "interactions",
        {
            "text": "summary",
            "when": "at",
            "tone": "tone",
            "channel": "channel",
            "minutes": "minutes",
            "thanked": "thanked",
        },
    ),
    "promise": (
        "promises",
        {"text": "text", "by": "due", "direction": "direction", "size": "size"},
    ),
    "followup": ("promises", {"text": "text", "by": "due"}),
    "incident": (
        "incidents",
        {"text": "text", "when": "at", "owned": "owned", "told_first": "told_first"},
    ),
    "expectation": ("expectations", {"text": "text", "agreed": "agreed"}),
    "date": ("remember", {"text": "label", "on": "on_date", "yearly": "yearly"}),
    "handover": (
        "handovers",
        {"to": "to_owner", "introduced": "introduced", "three_way": "three_way"},
    ),
    "sign": ("signs", {"text": "note", "when": "at"}),
}
TEXT_COLUMNS = {"summary", "text", "label", "to_owner"}


def kind_of(kind: str) -> tuple[str, dict[str, str]]:
    found = KINDS.get(kind.strip().lower().replace("-", ""))
    if found is None:
        raise UsageError(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
    return found


def canonical(kind: str) -> str:
    kind_of(kind)
    return kind.strip().lower().replace("-", "")


def get(store: Store, kind: str, record_id: int) -> dict[str, Any]:
    """The record with its contact's name; refused when the id is of another kind."""
    kind = canonical(kind)
    table, _ = kind_of(kind)
    row = store.one(
        f"SELECT r.*, c.name AS contact FROM {table} r JOIN contacts c ON c.id = r.contact_id"
        " WHERE r.id = :id",
        id=record_id,
    )
    if row is not None and table == "promises" and row["kind"] != kind:
        other = "follow-up" if row["kind"] == "followup" else "promise"
        raise UsageError(f"{record_id} is a {other}, not a {kind}; use rapport fix {row['kind']}")
    if row is None:
        raise NotFound(f"there is no {kind} with id {record_id}; rapport show NAME lists them")
    return row


def fix(store: Store, kind: str, record_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Set the given fields (option -> value, already parsed); the record before the fix."""
    table, columns = kind_of(kind)
    before = get(store, kind, record_id)
    wrong = [option for option in values if option not in columns]
    if wrong:
        takes = ", ".join(f"--{o.replace('_', '-')}" for o in columns)
        flag = f"--{wrong[0].replace('_', '-')}"
        raise UsageError(f"{flag} does not apply to a {canonical(kind)}; it takes {takes}")
    if "to" in values and values["to"].strip() == before["from_owner"]:
        raise UsageError(
            f"handover {record_id} was from {before['from_owner']}; --to names who took over"
        )
    for option, value in values.items():
        column = columns[option]
        if column in TEXT_COLUMNS and not str(value).strip():
            raise UsageError(f"--{option} can't be empty; say what it should read")
        store.run(
            f"UPDATE {table} SET {column} = :value WHERE id = :id",
            value=value.strip() if isinstance(value, str) else value,
            id=record_id,
        )
    if "by" in values:
        _fix_last_move(store, record_id, before["due"], values["by"])
    if "to" in values:
        _handed_to(store, before, values["to"].strip())
    return before


def _handed_to(store: Store, handover: dict[str, Any], to_owner: str) -> None:
    """The contact went to someone else: so its owner now (the latest handover) or the
    owner the next handover took it from."""
    later = store.one(
        "SELECT id, from_owner FROM handovers WHERE contact_id = :cid AND id > :id"
        " ORDER BY id LIMIT 1",
        cid=handover["contact_id"],
        id=handover["id"],
    )
    if later is None:
        store.run(
            "UPDATE contacts SET owner = :owner WHERE id = :cid",
            owner=to_owner,
            cid=handover["contact_id"],
        )
    elif later["from_owner"] == handover["to_owner"]:
        store.run(
            "UPDATE handovers SET from_owner = :owner WHERE id = :id",
            owner=to_owner,
            id=later["id"],
        )
    _stale(store, [handover["contact_id"]])


def _fix_last_move(store: Store, promise_id: int, old_due: str, new_due: str) -> None:
    """A due date that came from a move: the move's target was what was mistyped."""
    store.run(
        "UPDATE promise_moves SET new_due = :new WHERE id = (SELECT max(id) FROM promise_moves"
        " WHERE promise_id = :id) AND new_due = :old",
        new=new_due,
        old=old_due,
        id=promise_id,
    )


def mark_move_told(store: Store, promise_id: int) -> dict[str, Any]:
    """The latest move of a promise was told to the client after all."""
    move = store.one(
        "SELECT * FROM promise_moves WHERE promise_id = :id ORDER BY id DESC LIMIT 1",
        id=promise_id,
    )
    if move is None:
        raise UsageError(f"promise {promise_id} was never moved; there is no move to mark told")
    if move["told"]:
        raise UsageError(f"the latest move of promise {promise_id} is already marked told")
    store.run("UPDATE promise_moves SET told = 1 WHERE id = :id", id=move["id"])
    return {**move, "told": 1}


def move_to(store: Store, kind: str, record_id: int, contact_id: int) -> dict[str, list]:
    """Put a record on another contact; for an interaction, with its effects."""
    table, _ = kind_of(kind)
    row = get(store, kind, record_id)
    if row["contact_id"] == contact_id:
        raise UsageError(f"{canonical(kind)} {record_id} is already {row['contact']}'s")
    effects: dict[str, list] = {"reopened": [], "closed": []}
    if table == "interactions":
        effects["reopened"] = reopen_closed_by(store, record_id)
        for child in ("promises", "signs"):  # what came out of that conversation goes with it
            store.run(
                f"UPDATE {child} SET contact_id = :cid WHERE interaction_id = :id",
                cid=contact_id,
                id=record_id,
            )
    elif table == "promises":  # no longer a promise of that conversation
        store.run("UPDATE promises SET interaction_id = NULL WHERE id = :id", id=record_id)
    store.run(f"UPDATE {table} SET contact_id = :cid WHERE id = :id", cid=contact_id, id=record_id)
    if table == "interactions":
        at = datetime.fromisoformat(row["at"])
        effects["closed"] = close_followups(store, contact_id, at, record_id)
    _stale(store, [row["contact_id"], contact_id])
    return effects


def reclose(store: Store, interaction_id: int) -> dict[str, list]:
    """An interaction's time was corrected: it closes what `log` would have closed at that
    time. What it closed before opens again unless the new time still answers it."""
    row = get(store, "interaction", interaction_id)
    reopened = reopen_closed_by(store, interaction_id)
    at = datetime.fromisoformat(row["at"])
    closed = close_followups(store, row["contact_id"], at, interaction_id)
    was, now = {r["id"] for r in reopened}, {r["id"] for r in closed}
    _stale(store, [row["contact_id"]])
    return {
        "reopened": [r for r in reopened if r["id"] not in now],
        "closed": [r for r in closed if r["id"] not in was],
    }


def reopen_closed_by(store: Store, interaction_id: int) -> list[dict[str, Any]]:
    """The follow-ups an interaction closed, open again: those no other interaction with
    the contact answers (one at or after the moment the follow-up was set)."""
    rows = store.all(
        "SELECT id, text, due, contact_id, created_at FROM promises WHERE closed_by = :id"
        " ORDER BY due, id",
        id=interaction_id,
    )
    if rows:
        store.run(
            "UPDATE promises SET status = 'open', done_on = NULL, closed_by = NULL"
            " WHERE closed_by = :id",
            id=interaction_id,
        )
    return [
        {k: row[k] for k in ("id", "text", "due")}
        for row in rows
        if not _answered_elsewhere(store, row, interaction_id)
    ]


def _answered_elsewhere(store: Store, followup: dict[str, Any], interaction_id: int) -> bool:
    """Close the follow-up on the first other interaction that answers it, if any."""
    other = store.one(
        "SELECT id, at FROM interactions WHERE contact_id = :cid AND id <> :iid"
        " AND at >= :set ORDER BY at, id LIMIT 1",
        cid=followup["contact_id"],
        iid=interaction_id,
        set=followup["created_at"],
    )
    if other is None:
        return False
    store.run(
        "UPDATE promises SET status = 'done', done_on = :on, closed_by = :iid WHERE id = :id",
        on=other["at"][:10],
        iid=other["id"],
        id=followup["id"],
    )
    return True


def delete(store: Store, kind: str, record_id: int) -> dict[str, Any]:
    """Delete a record and what hangs on it; the record as it was, with what reopened."""
    table, _ = kind_of(kind)
    row = get(store, kind, record_id)
    row["reopened"] = []
    if table == "interactions":
        row["reopened"] = reopen_closed_by(store, record_id)
        store.run(
            "UPDATE promises SET interaction_id = NULL WHERE interaction_id = :id", id=record_id
        )
        # children first, explicitly, so the undo history sees them (a cascade it would not)
        store.run("DELETE FROM interaction_tags WHERE interaction_id = :id", id=record_id)
        # a sign logged with it (log --referral) was part of what is deleted
        store.run("DELETE FROM signs WHERE interaction_id = :id", id=record_id)
    elif table == "promises":
        store.run("DELETE FROM promise_moves WHERE promise_id = :id", id=record_id)
    elif table == "handovers":
        _undo_owner(store, row)
    store.run(f"DELETE FROM {table} WHERE id = :id", id=record_id)
    _stale(store, [row["contact_id"]])
    return row


def _undo_owner(store: Store, handover: dict[str, Any]) -> None:
    """Deleting the contact's latest handover gives the contact back to its previous owner."""
    latest = store.value(
        "SELECT max(id) FROM handovers WHERE contact_id = :cid", cid=handover["contact_id"]
    )
    if latest == handover["id"]:
        store.run(
            "UPDATE contacts SET owner = :owner WHERE id = :cid",
            owner=handover["from_owner"],
            cid=handover["contact_id"],
        )


def _stale(store: Store, contact_ids: list[int]) -> None:
    from rapport.store import cache

    cache.bump(store, contact_ids)


def record(store: Store, kind: str, record_id: int) -> dict[str, Any]:
    """The record as `fix` prints it after the change."""
    return get(store, kind, record_id)
