"""Writing an import's records in one transaction (the caller's).

An import never changes a record already in the journal. Each incoming record is either
*matched* (already there: same id and same identity, or the same identity as a row that was
there before the import; contacts by name or email) or *added*, keeping its id when that id
is free. Rows go in with executemany, batched per table, so a large journal imports in
seconds; a batch that breaks a constraint is replayed row by row to name the bad line.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from rapport.errors import UsageError
from rapport.interchange.records import TABLES, TYPES, Item, fail
from rapport.store.connection import Store
from rapport.store.contacts import name_key

# What makes two records "the same" when ids cannot say it. Promises match on either key:
# the first survives a later move of the due date, the second a re-import of a hand-written
# promise that had no "made" date.
IDENTITY: dict[str, tuple[tuple[str, ...], ...]] = {
    "interaction": (("contact_id", "at", "summary"),),
    "promise": (("contact_id", "kind", "text", "made_on"), ("contact_id", "kind", "text", "due")),
    "followup": (("contact_id", "kind", "text", "made_on"), ("contact_id", "kind", "text", "due")),
    "incident": (("contact_id", "at", "text"),),
    "expectation": (("contact_id", "at", "text"),),
    "handover": (("contact_id", "at", "to_owner"),),
    "sign": (("contact_id", "at", "kind"),),
    "remember": (("contact_id", "label", "on_date"),),
}
BATCH = 5000
RESERVE_SLACK = 10_000  # ids drawn beyond the file's own count to keep its ids (PostgreSQL)



class Importer:
    """Decides, table by table, which items are already there and inserts the rest."""

    def __init__(self, store: Store, items: list[Item], tick: Callable[[int], None] | None):
        self.store = store
        self.tick = tick or (lambda n: None)
        self.by_type: dict[str, list[Item]] = defaultdict(list)
        for item in items:
            self.by_type[item.type].append(item)
        self.added: Counter[str] = Counter()
        self.existing: Counter[str] = Counter()
        self.id_map: dict[str, dict[int, int]] = defaultdict(dict)  # table -> file id -> id
        self.ids = _IdSpace(store, items)

    def run(self) -> dict[str, Any]:
        from rapport.store import cache
        from rapport.store.search import triggers_suspended

        self.store.defer_foreign_keys()  # a contact may name a later one
        with cache.suspended(self.store), triggers_suspended(self.store) as self.index:
            self._tags()
            self._contacts()
            for kind in TYPES[2:]:
                self._records(kind)
        _check_references(self.store)
        return {
            "added": {t: self.added[t] for t in TYPES if self.added[t]},
            "existing": {t: self.existing[t] for t in TYPES if self.existing[t]},
        }

    # -- tags and contacts

    def _tags(self) -> None:
        known = {r["tag"] for r in self.store.all("SELECT tag FROM tags")}
        rows = []
        for item in self.by_type["tag"]:
            tag = item.values["tag"]
            if tag in known:
                self.existing["tag"] += 1
                continue
            known.add(tag)
            rows.append((item, dict(item.values)))
        self._insert("tags", rows)

    def _contacts(self) -> None:
        rows = self.store.all("SELECT id, name_key, email FROM contacts")
        by_id = {r["id"]: r["name_key"] for r in rows}
        names = {r["name_key"]: r["id"] for r in rows}
        emails = {
            r["email"].strip().casefold(): r["id"] for r in rows if (r["email"] or "").strip()
        }
        fresh = []
        for item in self.by_type["contact"]:
            key = name_key(item.values["name"])
            email = (item.values.get("email") or "").strip().casefold()
            target = None
            if item.id is not None and by_id.get(item.id) == key:
                target = item.id
            else:
                target = names.get(key) or (emails.get(email) if email else None)
            if target is None:
                target = self.ids.take("contacts", item.id)
                fresh.append((item, target))
                self.added["contact"] += 1
            else:
                self.existing["contact"] += 1
            names[key] = target
            if item.id is not None:
                self.id_map["contacts"][item.id] = target
        self.names = names
        rows_out, tag_rows = [], []
        for item, target in fresh:
            values = {"id": target, "name_key": name_key(item.values["name"]), **item.values}
            if values.get("replaces_id") is not None:
                values["replaces_id"] = self._ref("contacts", values["replaces_id"], item)
            rows_out.append((item, values))
            tag_rows += [(item, {"contact_id": target, "tag": t}) for t in item.tags or []]
        self._insert("contacts", rows_out)
        self._insert("contact_tags", tag_rows)
        self.tick(len(self.by_type["contact"]))

    # -- everything that belongs to a contact

    def _records(self, kind: str) -> None:
        items = self.by_type.get(kind)
        if not items:
            return
        table = TABLES[kind]
        known = (
            _Known(self.store, kind) if self.store.value(f"SELECT 1 FROM {table} LIMIT 1") else None
        )
        rows, belongings = [], []
        for done, item in enumerate(items, start=1):
            values = self._resolved(kind, item)
            target = known.match(item.id, values) if known else None
            if target is not None:
                self.existing[kind] += 1
            else:
                target = self.ids.take(table, item.id)
                rows.append((item, {"id": target, **values}))
                belongings += self._belongings(kind, item, target)
                self.added[kind] += 1
            if item.id is not None:
                self.id_map[table][item.id] = target
            if len(rows) >= BATCH:
                self._insert(table, rows)
                rows = []
            if done % BATCH == 0:
                self.tick(BATCH)
        self._insert(table, rows)
        self.tick(len(items) % BATCH)
        self._insert("interaction_tags" if kind == "interaction" else "promise_moves", belongings)

    def _resolved(self, kind: str, item: Item) -> dict[str, Any]:
        values = dict(item.values)
        values["contact_id"] = self._contact(item)
        if kind in ("promise", "followup", "sign"):
            for column in ("interaction_id", "closed_by"):
                if values.get(column) is not None:
                    values[column] = self._ref("interactions", values[column], item)
        return values

    def _belongings(self, kind: str, item: Item, target: int) -> list[tuple[Item, dict]]:
        if kind == "interaction":
            return [(item, {"interaction_id": target, "tag": t}) for t in item.tags or []]
        if kind in ("promise", "followup"):
            return [
                (item, {**m, "id": self.ids.take("promise_moves", m["id"]), "promise_id": target})
                for m in item.moves or []
            ]
        return []

    def _contact(self, item: Item) -> int:
        if isinstance(item.contact, int):
            return self._ref("contacts", item.contact, item)
        found = self.names.get(name_key(str(item.contact)))
        if found is None:
            raise fail(
                item.where,
                f"no contact named {item.contact!r} in the journal or the file; "
                'add a {"type": "contact"} record for it',
            )
        return found

    def _ref(self, table: str, file_id: int, item: Item) -> int:
        """A reference to another record: mapped when that record came from the file, kept
        when it names a row already in the journal."""
        mapped = self.id_map[table].get(file_id)
        if mapped is not None:
            return mapped
        if self.store.value(f"SELECT 1 FROM {table} WHERE id = :id", id=file_id):
            return file_id
        raise fail(item.where, f"it refers to {table} id {file_id}, which is not in the file")

    # -- writing

    def _insert(self, table: str, rows: list[tuple[Item, dict[str, Any]]]) -> None:
        """executemany per column set; a failing batch is replayed to find the bad record."""
        self.index(table, [values for _, values in rows])
        shapes: dict[tuple[str, ...], list[tuple[Item, dict[str, Any]]]] = defaultdict(list)
        for item, values in rows:
            shapes[tuple(values)].append((item, values))
        for columns, batch in shapes.items():
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join(':' + c for c in columns)})"
            )
            try:
                with self.store.savepoint("import_batch"):
                    self.store.many(sql, [params for _, params in batch])
            except self.store.IntegrityError:
                _replay(self.store, sql, batch)
                raise


def _replay(store: Store, sql: str, batch: list[tuple[Item, dict[str, Any]]]) -> None:
    """Row by row, each in its own savepoint (PostgreSQL refuses every statement after an
    error until a rollback), to name the record the journal refuses."""
    for item, params in batch:
        try:
            with store.savepoint("import_row"):
                store.run(sql, **params)
        except store.IntegrityError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise fail(item.where, f"the journal refuses this {item.type} ({reason})") from None


def _check_references(store: Store) -> None:
    broken = store.broken_reference()
    if broken:
        raise UsageError(f"the file leaves {broken}; nothing was imported")


class _IdSpace:
    """Hands out ids per table. SQLite (one writer at a time): the file's own id when it is
    free, else one past them all. PostgreSQL (writers side by side): always from the table's
    sequence, as `log` and every other writer take them, so no two writers collide."""

    def __init__(self, store: Store, items: list[Item]):
        self.store = store
        self.used: dict[str, set[int]] = {}
        self.next: dict[str, int] = {}
        self.file_max: Counter[str] = Counter()
        self.left: Counter[str] = Counter()  # the most ids each table can still ask for
        self.drawn: dict[str, list[int]] = defaultdict(list)
        self.block: Counter[str] = Counter()
        self.reserved: dict[str, set[int]] = {}
        for item in items:
            table = TABLES[item.type]
            self.left[table] += 1
            if item.id is not None:
                self.file_max[table] = max(self.file_max[table], item.id)
            for move in item.moves or []:
                self.left["promise_moves"] += 1
                if move["id"] is not None:
                    self.file_max["promise_moves"] = max(self.file_max["promise_moves"], move["id"])

    def take(self, table: str, wanted: int | None) -> int:
        self.left[table] -= 1
        if self.store.ids_from_sequence:
            return self._from_sequence(table, wanted)
        used = self.used.get(table)
        if used is None:
            ids = [r[0] for r in self.store.tuples(f"SELECT id FROM {table}")]
            used = self.used[table] = set(ids)
            self.next[table] = max([*ids, self.file_max[table]], default=0) + 1
        if wanted is not None and wanted not in used:
            used.add(wanted)
            return wanted
        while self.next[table] in used:
            self.next[table] += 1
        used.add(self.next[table])
        return self.next[table]

    def _from_sequence(self, table: str, wanted: int | None) -> int:
        if table not in self.reserved:
            self._reserve(table)
        if wanted in self.reserved[table]:
            self.reserved[table].discard(wanted)
            return wanted
        return self._drawn(table)

    def _reserve(self, table: str) -> None:
        """Draw every id from the sequence's position up to the file's highest, so the file's
        own ids in that range can be kept: each id kept was handed to this import by the
        sequence, never to a concurrent writer. Only when the range is of the file's size."""
        self.reserved[table] = set()
        last, top = self.store.last_id(table), self.file_max[table]
        if not 0 < top - last <= 2 * self.left[table] + RESERVE_SLACK:
            return
        taken = {
            r[0]
            for r in self.store.tuples(
                f"SELECT id FROM {table} WHERE id > :a AND id <= :b", a=last, b=top
            )
        }
        for drawn in self.store.next_ids(table, top - last):
            if drawn > top:  # concurrent writers moved the sequence meanwhile
                self.drawn[table].insert(0, drawn)
            elif drawn not in taken:
                self.reserved[table].add(drawn)

    def _drawn(self, table: str) -> int:
        """Drawn in growing blocks (one round trip per block), never more than the file could
        still need, so a re-import that matches everything leaves few gaps."""
        pool = self.drawn[table]
        if not pool:
            self.block[table] = min(max(1, 2 * self.block[table]), 1024)
            count = max(1, min(self.block[table], self.left[table] + 1))
            pool.extend(reversed(self.store.next_ids(table, count)))
        return pool.pop()


class _Known:
    """The rows of one table that were there before the import, by id and by identity."""

    def __init__(self, store: Store, kind: str):
        self.keys = IDENTITY[kind]
        columns = sorted({c for key in self.keys for c in key})
        where = " WHERE kind = :kind" if kind in ("promise", "followup") else ""
        rows = store.all(f"SELECT id, {', '.join(columns)} FROM {TABLES[kind]}{where}", kind=kind)
        self.by_id: dict[int, tuple] = {}
        self.by_key: dict[tuple, int] = {}
        for row in rows:
            keys = tuple(tuple(row[c] for c in key) for key in self.keys)
            self.by_id[row["id"]] = keys
            for key in keys:
                self.by_key.setdefault(key, row["id"])

    def match(self, wanted: int | None, values: dict[str, Any]) -> int | None:
        keys = tuple(tuple(values.get(c) for c in key) for key in self.keys)
        if wanted is not None and any(k in self.by_id.get(wanted, ()) for k in keys):
            return wanted
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        return None


def import_items(
    store: Store, items: list[Item], tick: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Add the items not already in the journal; the caller's transaction makes it all or
    nothing."""
    return Importer(store, items, tick).run()
