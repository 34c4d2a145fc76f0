"""A per-contact cache of computed trust figures, so `score`, `due` and `show` stay fast.

Not user data: the tables are created on first use (not by a migration) and can be dropped
at any time; rapport recomputes what is missing. Each contact has a revision that triggers
bump on every write touching its evidence (interactions, promises and their moves,
incidents, expectations, handovers, signs, the contact itself), so a cached figure is used only
while nothing it was computed from has changed.

SQLite only. On PostgreSQL (team mode) the cache is off and figures are computed on every
run: there, per-row trigger bumps would make every writer of the team contend on one
revision row per contact, and a shared server has the CPU to spare.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rapport.store.connection import Store, in_list

_BUMP = (
    "INSERT INTO cache_revisions (contact_id, revision) VALUES ({cid}, 1)"
    " ON CONFLICT (contact_id) DO UPDATE SET revision = revision + 1"
)
_WATCHED = ("interactions", "promises", "incidents", "expectations", "handovers", "signs")


def _triggers() -> list[str]:
    statements = []
    for table in _WATCHED:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS cache_{table}_{event.lower()} AFTER {event}"
                f" ON {table} BEGIN {_BUMP.format(cid=f'{row}.contact_id')}; END"
            )
        # a record moved to another contact (rapport fix --contact): the old one changes too
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS cache_{table}_moved AFTER UPDATE OF contact_id"
            f" ON {table} BEGIN {_BUMP.format(cid='OLD.contact_id')}; END"
        )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        # a SELECT, so a move deleted with its promise (no promise row left) bumps nothing
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS cache_promise_moves_{event.lower()} AFTER {event}"
            " ON promise_moves BEGIN INSERT INTO cache_revisions (contact_id, revision)"
            f" SELECT contact_id, 1 FROM promises WHERE id = {row}.promise_id"
            " ON CONFLICT (contact_id) DO UPDATE SET revision = revision + 1; END"
        )
    statements.append(
        "CREATE TRIGGER IF NOT EXISTS cache_contacts_update AFTER UPDATE ON contacts"
        f" BEGIN {_BUMP.format(cid='NEW.id')}; END"
    )
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS cache_contact_tags_{event.lower()} AFTER {event}"
            f" ON contact_tags BEGIN {_BUMP.format(cid=f'{row}.contact_id')}; END"
        )
    for event in ("INSERT", "UPDATE", "DELETE"):  # a tag's rhythm can touch many contacts
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS cache_tags_{event.lower()} AFTER {event} ON tags"
            " BEGIN DELETE FROM cache_scores; END"
        )
    return statements


DDL = [
    "CREATE TABLE IF NOT EXISTS cache_revisions ("
    "contact_id INTEGER PRIMARY KEY, revision INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cache_scores ("
    "contact_id INTEGER NOT NULL, as_of TEXT NOT NULL, params TEXT NOT NULL,"
    " revision INTEGER NOT NULL, payload TEXT NOT NULL,"
    " PRIMARY KEY (contact_id, as_of, params))",
    *_triggers(),
]


def bump(store: Store, contact_ids: list[int]) -> None:
    """Mark these contacts' cached figures stale (undo and fix, whose row moves a store
    whose triggers predate cache_*_moved might not see)."""
    if not contact_ids or not _exists(store):
        return
    for cid in contact_ids:
        store.run(_BUMP.format(cid=":cid"), cid=cid)


def _exists(store: Store) -> bool:
    if store.dialect != "sqlite":
        return False  # off in team mode (see above)
    return bool(store.value("SELECT count(*) FROM sqlite_master WHERE name = 'cache_scores'"))


def revisions(store: Store, contact_ids: list[int]) -> dict[int, int]:
    if not contact_ids or not _exists(store):
        return {}
    marks, named = in_list("c", contact_ids)
    rows = store.all(
        f"SELECT contact_id, revision FROM cache_revisions WHERE contact_id IN ({marks})", **named
    )
    return {r["contact_id"]: r["revision"] for r in rows}


def lookup(
    store: Store, contact_ids: list[int] | None, keys: list[str], params: str
) -> dict[tuple[int, str], Any]:
    """Cached payloads by (contact, key), only those still valid for the contact's revision.

    `contact_ids=None` means every active contact (a join, not thousands of parameters).
    """
    if contact_ids == [] or not _exists(store):
        return {}
    kmarks, named = in_list("k", keys)
    if contact_ids is None:
        who = "s.contact_id IN (SELECT id FROM contacts WHERE archived = 0)"
    else:
        cmarks, cnamed = in_list("c", contact_ids)
        who, named = f"s.contact_id IN ({cmarks})", {**named, **cnamed}
    rows = store.tuples(
        "SELECT s.contact_id, s.as_of, s.payload FROM cache_scores s"
        " LEFT JOIN cache_revisions r ON r.contact_id = s.contact_id"
        f" WHERE {who} AND s.as_of IN ({kmarks}) AND s.params = :params"
        " AND s.revision = coalesce(r.revision, 0)",
        params=params,
        **named,
    )
    loads = json.loads
    return {(cid, key): loads(payload) for cid, key, payload in rows}


def save(store: Store, entries: list[tuple[int, str, Any]], params: str, stale_before: str) -> None:
    """Store (contact, key, payload) entries against the contacts' current revisions."""
    if store.dialect != "sqlite":
        return
    store.script(DDL)
    current = revisions(store, sorted({cid for cid, _, _ in entries}))
    for cid, key, payload in entries:
        store.run(
            "INSERT INTO cache_scores (contact_id, as_of, params, revision, payload)"
            " VALUES (:cid, :key, :params, :rev, :payload)"
            " ON CONFLICT (contact_id, as_of, params) DO UPDATE"
            " SET revision = excluded.revision, payload = excluded.payload",
            cid=cid,
            key=key,
            params=params,
            rev=current.get(cid, 0),
            payload=json.dumps(payload, ensure_ascii=False),
        )
    # Figures for past days are never read again; month-end points ('end:') stay useful.
    for kind in ("row", "why"):
        store.run(
            "DELETE FROM cache_scores WHERE as_of LIKE :kind AND as_of < :s",
            kind=f"{kind}:%",
            s=f"{kind}:{stale_before}",
        )


@contextmanager
def suspended(store: Store) -> Iterator[None]:
    """For bulk writes (import): no per-row revision bumps; every cached figure is dropped.

    Inside the caller's transaction, so a failed import leaves the triggers as they were.
    """
    if not _exists(store):
        yield
        return
    names = [
        r["name"]
        for r in store.all("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        if r["name"].startswith("cache_")
    ]
    for name in names:
        store.run(f"DROP TRIGGER {name}")
    yield
    store.run("DELETE FROM cache_scores")
    store.script(DDL)
