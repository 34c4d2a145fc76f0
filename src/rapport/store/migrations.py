"""Numbered schema migrations, applied in order when a store is opened.

Append only: a released migration is never edited, because stores written by it exist.
Each entry is (number, name, statements), where statements is one list for both engines or
{"sqlite": [...], "postgresql": [...]} where their SQL differs. The numbers applied are
recorded in `rapport_migrations`, so an older store is upgraded in place and a newer one is
refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapport.errors import RapportError
from rapport.store.migration_sql import indexed_text, postgres_search, postgres_tables

if TYPE_CHECKING:
    from rapport.store.connection import Store

_V1 = [
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        org TEXT, email TEXT, phone TEXT,
        channel TEXT, style TEXT, attitude TEXT,
        every_days INTEGER, at_most_days INTEGER,
        notes TEXT,
        owner TEXT,
        replaces_id INTEGER REFERENCES contacts(id),
        archived INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT
    )""",
    """CREATE TABLE contact_tags (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (contact_id, tag)
    )""",
    """CREATE TABLE tags (
        tag TEXT PRIMARY KEY,
        every_days INTEGER, at_most_days INTEGER
    )""",
    """CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at TEXT NOT NULL,
        channel TEXT,
        summary TEXT NOT NULL,
        minutes INTEGER, planned INTEGER,
        tone TEXT CHECK (tone IN ('tense', 'neutral', 'warm')),
        thanked INTEGER NOT NULL DEFAULT 0,
        asked_advice INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT
    )""",
    """CREATE TABLE interaction_tags (
        interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (interaction_id, tag)
    )""",
    # Promises and follow-ups share one table so that they share one short id space:
    # `rapport done 12` never has to ask which kind 12 is.
    """CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        kind TEXT NOT NULL DEFAULT 'promise' CHECK (kind IN ('promise', 'followup')),
        direction TEXT NOT NULL DEFAULT 'mine' CHECK (direction IN ('mine', 'theirs')),
        text TEXT NOT NULL,
        made_on TEXT NOT NULL,
        due TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'done', 'broken', 'cancelled')),
        done_on TEXT,
        closed_on TEXT,
        reason TEXT,
        interaction_id INTEGER REFERENCES interactions(id),
        closed_by INTEGER REFERENCES interactions(id),
        series_id INTEGER,
        every TEXT,
        after_done INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT
    )""",
    """CREATE TABLE promise_moves (
        id INTEGER PRIMARY KEY,
        promise_id INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
        old_due TEXT NOT NULL,
        new_due TEXT NOT NULL,
        moved_on TEXT NOT NULL,
        told INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at TEXT NOT NULL,
        text TEXT NOT NULL,
        owned INTEGER NOT NULL DEFAULT 0,
        told_first INTEGER NOT NULL DEFAULT 0,
        resolved_on TEXT,
        created_by TEXT
    )""",
    """CREATE TABLE expectations (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at TEXT NOT NULL,
        text TEXT NOT NULL,
        agreed INTEGER NOT NULL DEFAULT 0,
        created_by TEXT
    )""",
    """CREATE TABLE handovers (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at TEXT NOT NULL,
        from_owner TEXT,
        to_owner TEXT NOT NULL,
        introduced INTEGER NOT NULL DEFAULT 0,
        three_way INTEGER NOT NULL DEFAULT 0,
        created_by TEXT
    )""",
    """CREATE TABLE remember (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        label TEXT NOT NULL,
        on_date TEXT NOT NULL,
        yearly INTEGER NOT NULL DEFAULT 0,
        created_by TEXT
    )""",
    # What `due`, `contacts`, `show` and `score` read.
    "CREATE INDEX ix_promises_open_due ON promises (status, due)",
    "CREATE INDEX ix_promises_contact ON promises (contact_id, due)",
    "CREATE INDEX ix_interactions_contact_at ON interactions (contact_id, at)",
    "CREATE INDEX ix_incidents_contact ON incidents (contact_id)",
    "CREATE INDEX ix_expectations_contact ON expectations (contact_id)",
    "CREATE INDEX ix_handovers_contact ON handovers (contact_id)",
    "CREATE INDEX ix_remember_contact ON remember (contact_id)",
    "CREATE INDEX ix_moves_promise ON promise_moves (promise_id)",
]


# Full-text search (rapport search): one FTS5 index over the journal's free text, kept in
# step by triggers so that `log` pays no extra Python, and filled from the rows already there.
_V2 = [
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "body, kind UNINDEXED, ref UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
    *indexed_text("interactions", "summary", 0, "interaction"),
    *indexed_text("contacts", "notes", 1, "note"),
    *indexed_text("promises", "text", 2, "promise"),
    *indexed_text("incidents", "text", 3, "incident"),
]

# Trust model, second edition (issue 17): a promise's size, the client's signs of trust, and
# the score cache dropped so every figure is recomputed by the new model on first use.
_SIGNS = [
    """CREATE TABLE signs (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT,
        interaction_id INTEGER REFERENCES interactions(id),
        created_by TEXT
    )""",
    "CREATE INDEX ix_signs_contact ON signs (contact_id, at)",
]
_SIZE = (
    "ALTER TABLE promises ADD COLUMN size TEXT NOT NULL DEFAULT 'normal'"
    " CHECK (size IN ('small', 'normal', 'big'))"
)
# The cache (store/cache.py) is created on first use, so each name may or may not exist; the
# names are spelled out because a released migration must not change with that module.
_CACHE_TRIGGERS = [
    *(
        f"cache_{table}_{event}"
        for table in ("interactions", "promises", "incidents", "expectations", "handovers")
        for event in ("insert", "update", "delete", "moved")
    ),
    *(f"cache_promise_moves_{event}" for event in ("insert", "update", "delete")),
    "cache_contacts_update",
    "cache_contact_tags_insert",
    "cache_contact_tags_delete",
    "cache_tags_insert",
    "cache_tags_update",
    "cache_tags_delete",
]
_DROP_CACHE = [f"DROP TRIGGER IF EXISTS {name}" for name in _CACHE_TRIGGERS] + [
    "DROP TABLE IF EXISTS cache_scores",
    "DROP TABLE IF EXISTS cache_revisions",
]


# Undo (store/history.py): each write command, and the rows it changed, so `rapport undo`
# can put them back. Not user data: not exported, pruned to the last 100 commands per user
# and 30 days. A follow-up or promise the client no longer needs is dropped with
# dropped_reason 'not-needed': neither kept nor broken.
_UNDO = [
    """CREATE TABLE undo_commands (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        command TEXT NOT NULL,
        undone_at TEXT,
        created_by TEXT
    )""",
    """CREATE TABLE undo_changes (
        id INTEGER PRIMARY KEY,
        command_id INTEGER NOT NULL REFERENCES undo_commands(id) ON DELETE CASCADE,
        table_name TEXT NOT NULL,
        op TEXT NOT NULL,
        row_key TEXT NOT NULL,
        image TEXT
    )""",
    "CREATE INDEX ix_undo_changes_command ON undo_changes (command_id)",
    "CREATE INDEX ix_undo_commands_user ON undo_commands (created_by, id)",
    "ALTER TABLE promises ADD COLUMN dropped_reason TEXT",
]


# --- 6: running sums of the trust model (issue 13) ----------------------------------------
# score_sums holds each contact's evidence folded into running sums (scoring/sums.py);
# triggers list in score_stale every contact whose evidence a write touches, and the write's
# own transaction folds them again before it commits (app/context.py). The fill step folds
# every existing contact.
_STALE = "INSERT INTO score_stale (contact_id) VALUES ({cid}) ON CONFLICT DO NOTHING"
_TOUCHING = ("interactions", "promises", "incidents", "expectations", "handovers", "signs",
             "contact_tags")
_SUMS_TABLES = [
    "CREATE TABLE score_sums (contact_id INTEGER PRIMARY KEY, written TEXT NOT NULL,"
    " payload TEXT NOT NULL, settled TEXT)",
    "CREATE TABLE score_stale (contact_id INTEGER PRIMARY KEY)",
]


def _sqlite_sums() -> list[str]:
    out = list(_SUMS_TABLES)
    for table in _TOUCHING:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            out.append(
                f"CREATE TRIGGER score_{table}_{event.lower()} AFTER {event} ON {table}"
                f" BEGIN {_STALE.format(cid=f'{row}.contact_id')};"
                + (f" {_STALE.format(cid='OLD.contact_id')};" if event == "UPDATE" else "")
                + " END"
            )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        out.append(
            f"CREATE TRIGGER score_promise_moves_{event.lower()} AFTER {event} ON promise_moves"
            f" BEGIN INSERT INTO score_stale (contact_id) SELECT contact_id FROM promises"
            f" WHERE id = {row}.promise_id ON CONFLICT DO NOTHING; END"
        )
        out.append(
            f"CREATE TRIGGER score_contacts_{event.lower()} AFTER {event} ON contacts"
            f" BEGIN {_STALE.format(cid=f'{row}.id')}; END"
        )
        out.append(  # a tag's rhythm is every tagged contact's
            f"CREATE TRIGGER score_tags_{event.lower()} AFTER {event} ON tags"
            " BEGIN INSERT INTO score_stale (contact_id) SELECT contact_id FROM contact_tags"
            f" WHERE tag = {row}.tag ON CONFLICT DO NOTHING; END"
        )
    return out


def _postgres_sums() -> list[str]:
    out = [t.replace("TEXT", 'TEXT COLLATE "C"') for t in _SUMS_TABLES]
    functions = {  # what each table's rows name: the contact, a promise, or a tag
        "contact": "{r}.contact_id",
        "self": "{r}.id",
        "promise": "(SELECT contact_id FROM promises WHERE id = {r}.promise_id)",
    }
    for name, cid in functions.items():
        body = " ".join(
            f"IF TG_OP <> '{skip}' THEN INSERT INTO score_stale (contact_id)"
            f" SELECT {cid.format(r=r)} WHERE {cid.format(r=r)} IS NOT NULL"
            " ON CONFLICT DO NOTHING; END IF;"
            for skip, r in (("INSERT", "OLD"), ("DELETE", "NEW"))
        )
        out.append(
            f"CREATE FUNCTION rapport_stale_{name}() RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN {body} RETURN NULL; END $$"
        )
    out.append(
        "CREATE FUNCTION rapport_stale_tag() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " INSERT INTO score_stale (contact_id) SELECT contact_id FROM contact_tags"
        " WHERE tag IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.tag END,"
        " CASE WHEN TG_OP <> 'DELETE' THEN NEW.tag END) ON CONFLICT DO NOTHING;"
        " RETURN NULL; END $$"
    )
    watched = {t: "contact" for t in _TOUCHING} | {
        "contacts": "self", "promise_moves": "promise", "tags": "tag"
    }
    for table, fn in watched.items():
        out.append(
            f"CREATE TRIGGER score_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION rapport_stale_{fn}()"
        )
    return out


def _fold_everyone(store: Store, now_iso: str) -> None:
    """Fill the running sums of an existing journal: every contact, folded once."""
    from datetime import datetime

    from rapport.store import sums

    store.run("INSERT INTO score_stale (contact_id) SELECT id FROM contacts")
    sums.refresh(store, datetime.fromisoformat(now_iso))


Statements = list[Any] | dict[str, list[Any]]  # SQL text, or a step fn(store, now_iso)

MIGRATIONS: list[tuple[int, str, Statements]] = [
    (
        1,
        "journal core: contacts, interactions, promises, follow-ups",
        {"sqlite": _V1, "postgresql": postgres_tables(_V1)},
    ),
    (
        2,
        "full-text search over summaries, notes, promises and incidents",
        {"sqlite": _V2, "postgresql": postgres_search()},
    ),
    (
        3,
        "interactions captured from a calendar keep the event's key (UID and recurrence id)",
        [
            "ALTER TABLE interactions ADD COLUMN external_id TEXT",
            # One interaction per contact per event occurrence: a re-import finds it again.
            "CREATE UNIQUE INDEX ix_interactions_external ON interactions (contact_id,"
            " external_id) WHERE external_id IS NOT NULL",
        ],
    ),
    (
        4,
        "undo history; follow-ups dropped as no longer needed",
        {"sqlite": _UNDO, "postgresql": postgres_tables(_UNDO)},
    ),
    (
        5,
        "trust model 2: promise sizes, signs of trust, score cache recomputed",
        {
            "sqlite": [_SIZE, *_SIGNS, *_DROP_CACHE],
            "postgresql": [_SIZE.replace("TEXT", 'TEXT COLLATE "C"'), *postgres_tables(_SIGNS)],
        },
    ),
    (
        6,
        "running sums of the trust model, kept by every write",
        {"sqlite": [*_sqlite_sums(), _fold_everyone],
         "postgresql": [*_postgres_sums(), _fold_everyone]},
    ),
]

HEAD = MIGRATIONS[-1][0]


def statements_for(statements: Statements, dialect: str) -> list[str]:
    return statements[dialect] if isinstance(statements, dict) else statements


def current_version(store: Any) -> int:
    if not store.has_table("rapport_migrations"):  # a new, empty store
        return 0
    return store.value("SELECT max(id) FROM rapport_migrations") or 0


def migrate(store: Store, now_iso: str) -> list[int]:
    """Bring the store to HEAD; return the numbers applied. Cheap when already there."""
    version = current_version(store)
    _refuse_newer(store, version)  # before anything writes to a store we do not understand
    store.enable_wal()
    if version == HEAD:
        return []
    if version:
        _backup_before_upgrade(store, version)
    with store.transaction():
        store.lock_schema()
        version = current_version(store)  # another process may have migrated meanwhile
        if version == 0:
            store.script(
                [
                    "CREATE TABLE IF NOT EXISTS rapport_migrations ("
                    "id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                ]
            )
        applied = []
        for number, name, statements in MIGRATIONS:
            if number > version:
                for step in statements_for(statements, store.dialect):
                    step(store, now_iso) if callable(step) else store.script([step])
                store.run(
                    "INSERT INTO rapport_migrations (id, name, applied_at) "
                    "VALUES (:id, :name, :at)",
                    id=number,
                    name=name,
                    at=now_iso,
                )
                applied.append(number)
        return applied


def _refuse_newer(store: Store, version: int) -> None:
    if version > HEAD:
        raise RapportError(
            f"the store {store.path} was written by a newer rapport (schema {version}, "
            f"this one knows up to {HEAD}); upgrade rapport to use it"
        )


def _backup_before_upgrade(store: Store, version: int) -> None:
    if store.dialect != "sqlite":
        return  # a server's backups are pg_dump's job (docs/team.md)
    target = store.path.with_name(f"{store.path.name}.schema{version}.bak")
    store.backup_to(target)  # staged and renamed: never written through a planted link
