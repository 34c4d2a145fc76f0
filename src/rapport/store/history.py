"""The undo history: every write command, and the rows it changed, so `rapport undo` can
put them back whole.

Captured by the Store's own write methods (`run`, `insert`, `many`) while a command records,
not by triggers: one design for SQLite and PostgreSQL, no per-table trigger to keep in step
with the columns other migrations add, and an import records one entry per batch instead of
one per row. Each change is written in the command's own transaction, so a command that
fails leaves no history, and the history survives restarts.

- INSERT: the statement runs with `RETURNING *`; undo deletes the row by its key.
- UPDATE: the rows are read first (the same WHERE); undo writes them back.
- DELETE: the statement runs with `RETURNING *`; undo inserts the rows again.
Cascaded deletes are not seen, so code that deletes a parent deletes its children first.

The search index and the score cache follow undo through their own triggers.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from rapport.errors import RapportError
from rapport.store.connection import in_list

KEEP_COMMANDS = 100  # per user
KEEP_DAYS = 30
# Bookkeeping, caches, the running sums and the search index are not the journal: never
# recorded (undoing a write lists its contacts again, and the undo folds them anew).
SKIPPED = ("undo_", "cache_", "score_", "search_index", "rapport_migrations")
# Tables without an id: the columns that name one row.
KEYS = {
    "tags": ("tag",),
    "contact_tags": ("contact_id", "tag"),
    "interaction_tags": ("interaction_id", "tag"),
}
NOUNS = {
    "contacts": "contact",
    "promises": "promise",
    "interactions": "interaction",
    "promise_moves": "move",
    "incidents": "incident",
    "expectations": "expectation",
    "handovers": "handover",
    "remember": "date",
    "tags": "tag",
    "contact_tags": "contact tag",
    "interaction_tags": "interaction tag",
}
_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)
_WHERE = re.compile(r"\sWHERE\s", re.IGNORECASE)


def _recorded(table: str) -> bool:
    return not table.startswith(SKIPPED)


def _key(table: str, row: dict[str, Any]) -> dict[str, Any]:
    columns = KEYS.get(table) or (("id",) if "id" in row else tuple(row))
    return {c: row[c] for c in columns}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


class Recorder:
    """Attached to a store as `store.recorder` for one write command."""

    def __init__(self, store: Any, label: str, now: datetime):
        self.store = store
        self.label = label
        self.now = now
        self.command_id: int | None = None

    # -- what the store's write methods call

    def run(self, sql: str, params: dict[str, Any]) -> int | None:
        """Run a recorded write and return its rowcount; None when `sql` is not one."""
        found = _WRITE.match(sql)
        if not found or not _recorded(found.group(2)):
            return None
        verb, table = found.group(1).split()[0].upper(), found.group(2)
        if verb == "UPDATE":
            parts = _WHERE.split(sql, maxsplit=1)
            where = f" WHERE {parts[1]}" if len(parts) == 2 else ""
            lock = " FOR UPDATE" if self.store.dialect == "postgresql" else ""  # as updated
            before = self.store.all(f"SELECT * FROM {table}{where}{lock}", **params)
            count = len(self.store.all(sql + " RETURNING *", **params))
            for row in before:
                self._note(table, "update", row)
            return count
        rows = self.store.all(sql + " RETURNING *", **params)
        for row in rows:
            self._note(table, "insert" if verb == "INSERT" else "delete", row)
        return len(rows)

    def insert(self, sql: str, params: dict[str, Any]) -> int | None:
        found = _WRITE.match(sql)
        if not found or not _recorded(found.group(2)):
            return None
        row = self.store.one(sql + " RETURNING *", **params)
        self._note(found.group(2), "insert", row)
        return row["id"]

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        """After a bulk INSERT (import): one entry naming every row, not one per row."""
        found = _WRITE.match(sql)
        if not rows or not found or not _recorded(found.group(2)):
            return
        table = found.group(2)
        keys = [_key(table, row) for row in rows]
        self._write(table, "insert_many", _json(keys), None)

    # -- writing the history

    def _note(self, table: str, op: str, row: dict[str, Any]) -> None:
        self._write(table, op, _json(_key(table, row)), _json(row))

    def _write(self, table: str, op: str, key: str, image: str | None) -> None:
        if self.command_id is None:
            self.command_id = _begin(self.store, self.label, self.now)
        self.store.run(
            "INSERT INTO undo_changes (command_id, table_name, op, row_key, image)"
            " VALUES (:cid, :t, :op, :key, :image)",
            cid=self.command_id,
            t=table,
            op=op,
            key=key,
            image=image,
        )


def _begin(store: Any, label: str, now: datetime) -> int:
    """The command's history entry, made on its first change; older entries pruned."""
    command_id = store.insert(
        "INSERT INTO undo_commands (at, command, created_by) VALUES (:at, :command, :by)",
        at=now.isoformat(timespec="seconds"),
        command=label,
        by=store.user,
    )
    floor = store.value(
        "SELECT id FROM undo_commands WHERE created_by = :by ORDER BY id DESC"
        f" LIMIT 1 OFFSET {KEEP_COMMANDS}",
        by=store.user,
    )
    cutoff = (now - timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
    old = "at < :cutoff OR (created_by = :by AND id <= CAST(:floor AS INTEGER))"
    params = {"cutoff": cutoff, "by": store.user, "floor": floor}
    store.run(
        f"DELETE FROM undo_changes WHERE command_id IN (SELECT id FROM undo_commands WHERE {old})",
        **params,
    )
    store.run(f"DELETE FROM undo_commands WHERE {old}", **params)
    return command_id


def start(store: Any, label: str, now: datetime) -> None:
    """Record the writes of the command now running, for undo."""
    store.recorder = Recorder(store, label, now)


def stop(store: Any) -> None:
    store.recorder = None


# ---------------------------------------------------------------- undo


def last_command(store: Any) -> dict[str, Any]:
    """The user's most recent command not yet undone."""
    row = store.one(
        "SELECT * FROM undo_commands WHERE created_by = :by AND undone_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        by=store.user,
    )
    if row is None:
        raise RapportError(
            "nothing to undo: no command of yours in the last "
            f"{KEEP_DAYS} days that is not undone already"
        )
    return row


def changes_of(store: Any, command_id: int) -> list[dict[str, Any]]:
    rows = store.all("SELECT * FROM undo_changes WHERE command_id = :id ORDER BY id", id=command_id)
    for row in rows:
        row["image"] = json.loads(row["image"]) if row["image"] else None
    return rows


def undo(store: Any, now: datetime, dry_run: bool = False) -> dict[str, Any]:
    """Reverse the user's last command whole (refused when a later one built on it)."""
    command = last_command(store)
    changes = changes_of(store, command["id"])
    _refuse_built_on(store, command, changes)
    summary = describe(command, changes)
    if dry_run:
        return summary
    touched: set[int] = set()
    try:
        with store.savepoint("undo"):
            for change in reversed(changes):
                touched |= _revert(store, change)
    except store.IntegrityError:
        raise RapportError(
            f"cannot undo `{command['command']}`: records added later depend on what it"
            " added; delete those first"
        ) from None
    store.run(
        "UPDATE undo_commands SET undone_at = :now WHERE id = :id",
        now=now.isoformat(timespec="seconds"),
        id=command["id"],
    )
    from rapport.store import cache

    cache.bump(store, sorted(touched))
    return summary


def _keys_of(change: dict[str, Any]) -> list[str]:
    if change["op"] == "insert_many":
        return [_json(key) for key in json.loads(change["row_key"])]
    return [change["row_key"]]


def _refuse_built_on(store: Any, command: dict[str, Any], changes: list[dict]) -> None:
    """Refuse when a later command (anyone's, not undone) changed a row this one wrote."""
    mine = {(c["table_name"], key): c["image"] for c in changes for key in _keys_of(c)}
    later = store.all(
        "SELECT x.table_name, x.op, x.row_key, c.command, c.created_by, c.at"
        " FROM undo_changes x JOIN undo_commands c ON c.id = x.command_id"
        " WHERE c.id > :id AND c.undone_at IS NULL ORDER BY c.id, x.id",
        id=command["id"],
    )
    for change in later:
        for key in _keys_of(change):
            if (change["table_name"], key) in mine:
                image = mine[(change["table_name"], key)]
                what = _label(change["table_name"], json.loads(key), image)
                when = change["at"][:16].replace("T", " ")
                raise RapportError(
                    f"cannot undo `{command['command']}`: {what} was changed later by"
                    f" `{change['command']}` ({change['created_by']}, {when});"
                    " correct it with rapport fix instead"
                )


def _where(key: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    parts, params = [], {}
    for i, (column, value) in enumerate(key.items()):
        if value is None:
            parts.append(f"{column} IS NULL")
        else:
            parts.append(f"{column} = :k{i}")
            params[f"k{i}"] = value
    return " AND ".join(parts), params


def _revert(store: Any, change: dict[str, Any]) -> set[int]:
    """Put one change back; the contacts whose figures it touches."""
    table, op, image = change["table_name"], change["op"], change["image"]
    if op == "insert_many":
        return _delete_many(store, table, json.loads(change["row_key"]))
    key = json.loads(change["row_key"])
    where, params = _where(key)
    current = store.one(f"SELECT * FROM {table} WHERE {where}", **params)
    if op == "delete":
        columns = list(image)
        store.run(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join(':c' + str(i) for i in range(len(columns)))})",
            **{f"c{i}": image[c] for i, c in enumerate(columns)},
        )
        return _contacts_in(table, image)
    if current is None:
        raise RapportError(f"cannot undo: {_label(table, key, image)} is no longer there")
    if op == "insert":
        store.run(f"DELETE FROM {table} WHERE {where}", **params)
    else:
        sets = [c for c in image if c not in key]
        store.run(
            f"UPDATE {table} SET {', '.join(f'{c} = :c{i}' for i, c in enumerate(sets))}"
            f" WHERE {where}",
            **{f"c{i}": image[c] for i, c in enumerate(sets)},
            **params,
        )
    return _contacts_in(table, current) | _contacts_in(table, image)


def _delete_many(store: Any, table: str, keys: list[dict[str, Any]]) -> set[int]:
    touched: set[int] = set()
    if keys and list(keys[0]) == ["id"]:
        ids = [k["id"] for k in keys]
        owned = "contact_id" in {c["name"] for c in store.columns(table)}
        for start in range(0, len(ids), 500):  # SQLite caps bound parameters per query
            marks, named = in_list("i", ids[start : start + 500])
            if owned:
                touched |= {
                    r["contact_id"]
                    for r in store.all(
                        f"SELECT DISTINCT contact_id FROM {table} WHERE id IN ({marks})", **named
                    )
                }
            store.run(f"DELETE FROM {table} WHERE id IN ({marks})", **named)
        return touched
    for key in keys:
        where, params = _where(key)
        store.run(f"DELETE FROM {table} WHERE {where}", **params)
        touched |= _contacts_in(table, key)
    return touched


def _contacts_in(table: str, row: dict[str, Any] | None) -> set[int]:
    if not row:
        return set()
    if table == "contacts":
        return {row["id"]} if "id" in row else set()
    value = row.get("contact_id")
    return {value} if isinstance(value, int) else set()


# ---------------------------------------------------------------- describing


def _label(table: str, key: dict[str, Any], image: dict[str, Any] | None) -> str:
    if table == "promises":
        noun = "follow-up" if image and image.get("kind") == "followup" else "promise"
    else:
        noun = NOUNS.get(table, table)
    if "id" in key:
        return f"{noun} {key['id']}"
    return f"{noun} " + " ".join(f"{v}" for v in key.values())


VERBS = {"insert": "removed", "insert_many": "removed", "update": "restored", "delete": "restored"}


def describe(command: dict[str, Any], changes: list[dict[str, Any]]) -> dict[str, Any]:
    """What undoing `command` does, grouped: removed (it added them), restored (it changed
    or deleted them). Link rows (tags) are left out: they follow their records."""
    removed: list[str] = []
    restored: list[str] = []
    counts: dict[str, int] = {}
    for change in changes:
        table = change["table_name"]
        if table in KEYS and table != "tags":
            continue
        if change["op"] == "insert_many":
            noun = NOUNS.get(table, "record")
            counts[noun] = counts.get(noun, 0) + len(json.loads(change["row_key"]))
            continue
        text = _label(table, json.loads(change["row_key"]), change["image"])
        target = removed if change["op"] == "insert" else restored
        if text not in target and text not in removed:
            target.append(text)
    removed += [f"{n} {noun}s" if n != 1 else f"1 {noun}" for noun, n in counts.items()]
    return {
        "id": command["id"],
        "command": command["command"],
        "at": command["at"],
        "by": command["created_by"],
        "removed": removed,
        "restored": [r for r in restored if r not in removed],
    }
