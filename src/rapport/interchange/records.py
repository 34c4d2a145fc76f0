"""What a record may hold, and how one (exported or written by hand) becomes an `Item`.

Exported records carry every column of their table, ids included. Hand-written ones may
leave ids out, name their contact instead of giving its id, and use the short forms of
docs/formats.md ("every", "made", "done_at", "reason", ...); defaults fill the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from rapport.errors import UsageError

# Record type -> table. The order is the order of an export and of an import: every record
# comes after the records it refers to.
TABLES = {
    "tag": "tags",
    "contact": "contacts",
    "interaction": "interactions",
    "promise": "promises",
    "followup": "promises",
    "incident": "incidents",
    "expectation": "expectations",
    "handover": "handovers",
    "sign": "signs",
    "remember": "remember",
}
TYPES = tuple(TABLES)

# Tables an export covers through another record (tags, moves) or never (bookkeeping, the
# search index). tests/test_interchange.py fails when a migration adds a table to neither.
EMBEDDED = {
    "contact_tags": "contact",
    "interaction_tags": "interaction",
    "promise_moves": "promise",
}
# Worked out from the records, not records: the trust model's running sums are folded again
# by the import that brings the records back.
NOT_EXPORTED = ("rapport_migrations", "search_index", "undo_commands", "undo_changes",
                "score_sums", "score_stale")

BOOLEAN = {
    "archived", "thanked", "asked_advice", "after_done", "told", "owned", "told_first",
    "agreed", "introduced", "three_way", "yearly",
}  # fmt: skip
DATES = {
    "made_on", "due", "done_on", "closed_on", "moved_on", "old_due", "new_due", "on_date",
    "resolved_on",
}  # fmt: skip
MOMENTS = {"at", "created_at"}
CHOICES = {
    "tone": ("tense", "neutral", "warm"),
    "direction": ("mine", "theirs"),
    "status": ("open", "done", "broken", "cancelled"),
    "size": ("small", "normal", "big"),
    "kind": ("asked-advice", "referral", "shared-plans", "introduction"),  # a sign's kind
}
# Columns an export leaves out: derived from another (name_key) or implied by the type.
DERIVED = {"contacts": ("name_key",), "promises": ("kind",)}

SHORT_FORMS = {
    "contact": {"note": "notes", "every": "every_days", "at_most": "at_most_days"},
    "promise": {"made": "made_on", "done_at": "done_on", "closed_at": "closed_on"},
    "followup": {"made": "made_on", "done_at": "done_on", "closed_at": "closed_on"},
    "remember": {"on": "on_date", "date": "on_date"},
    "incident": {"resolved": "resolved_on"},
}
MOVE_FIELDS = ("id", "old_due", "new_due", "moved_on", "told")
# (table, what is wrong, earlier column, later column): days that can only come in this order.
# `import` refuses a record that breaks one; `doctor` checks the store against the same list.
DATE_ORDER = (
    ("promises", "done before it was made", "made_on", "done_on"),
    ("promises", "closed before it was made", "made_on", "closed_on"),
    ("incidents", "resolved before it happened", "at", "resolved_on"),
)


class Column(NamedTuple):
    type: str  # the declared SQL type: TEXT or INTEGER
    required: bool  # NOT NULL without a default


Schema = dict[str, dict[str, Column]]  # table -> column -> Column, from the live store


@dataclass
class Item:
    """One record, checked and in column form, ready for the store to match or insert."""

    where: str  # "line 12", "card 3": for error messages
    type: str
    id: int | None
    values: dict[str, Any]
    contact: int | str | None = None  # a contact id, or a name to look up
    tags: list[str] | None = None
    moves: list[dict[str, Any]] | None = None


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def fail(where: str, reason: str) -> UsageError:
    return UsageError(f"{where}: {reason}")


def normalize(record: Any, where: str, schema: Schema, now: datetime) -> Item:
    """Check one record and turn it into an Item; raise UsageError naming `where` if bad."""
    if not isinstance(record, dict):
        raise fail(where, 'a record must be a JSON object like {"type": "contact", ...}')
    kind = record.get("type")
    if kind not in TABLES:
        raise fail(where, f"unknown type {kind!r}; use one of {', '.join(TYPES)}")
    fields = dict(record)
    del fields["type"]
    item = Item(where, kind, _record_id(fields.pop("id", None), where, "id"), {})
    _take_references(item, fields)
    item.values = _columns(item, fields, schema)
    _fill_defaults(item, schema, now)
    _check_required(item, schema)
    _check_order(item)
    return item


def _check_order(item: Item) -> None:
    for table, wrong, earlier, later in DATE_ORDER:
        first, then = item.values.get(earlier), item.values.get(later)
        if table == TABLES[item.type] and first and then and then[:10] < first[:10]:
            raise fail(item.where, f"{wrong}: {later} {then[:10]} is before {earlier} {first[:10]}")


def _record_id(value: Any, where: str, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise fail(where, f"{name} must be a positive whole number, not {value!r}")
    return value


def _take_references(item: Item, fields: dict[str, Any]) -> None:
    """The contact (by id or name), tags and moves: the fields that are not plain columns."""
    contact_id = fields.pop("contact_id", None)
    name = fields.pop("contact", None)
    if item.type not in ("contact", "tag"):
        item.contact = _record_id(contact_id, item.where, "contact_id")
        if item.contact is None:
            if not isinstance(name, str) or not name.strip():
                raise fail(item.where, f'a {item.type} needs "contact": the contact\'s name')
            item.contact = name
    elif contact_id is not None or name is not None:
        raise fail(item.where, f'a {item.type} has no "contact" field')
    if item.type in ("contact", "interaction"):
        item.tags = _tags(fields.pop("tags", None), item.where)
    if item.type in ("promise", "followup"):
        item.moves = _moves(fields.pop("moves", None), item.where)
        kind = fields.pop("kind", item.type)
        if kind != item.type:
            raise fail(item.where, f"kind {kind!r} does not match type {item.type!r}")


def _tags(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise fail(where, 'tags must be a list of words, like ["retainer", "vip"]')
    return list(dict.fromkeys(t.strip() for t in value if t.strip()))


def _moves(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
        raise fail(where, "moves must be a list of objects with old_due, new_due, moved_on")
    moves = []
    for move in value:
        unknown = set(move) - set(MOVE_FIELDS)
        if unknown:
            raise fail(where, f"a move has no field {sorted(unknown)[0]!r}")
        checked = {"id": _record_id(move.get("id"), where, "a move's id")}
        for name in ("old_due", "new_due", "moved_on"):
            if move.get(name) is None:
                raise fail(where, f"a move needs {name}")
            checked[name] = _date(move[name], where, name)
        checked["told"] = _boolean(move.get("told", False), where, "told")
        moves.append(checked)
    return moves


def _columns(item: Item, fields: dict[str, Any], schema: Schema) -> dict[str, Any]:
    table = TABLES[item.type]
    columns = schema[table]
    short = SHORT_FORMS.get(item.type, {})
    if item.type == "followup" and "text" not in fields and "reason" in fields:
        fields["text"] = fields.pop("reason")  # hand-written: the reason to follow up
    allowed = set(columns) - {"id", "contact_id", *DERIVED.get(table, ())}
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        column = short.get(name, name)
        if column not in allowed:
            known = ", ".join(sorted(allowed | set(short)))
            raise fail(item.where, f"{_a(item.type)} has no field {name!r} (known: {known})")
        values[column] = _value(column, columns[column], raw, item.where)
    return values


def _value(column: str, spec: Column, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    if column in BOOLEAN:
        return _boolean(raw, where, column)
    if column in DATES:
        return _date(raw, where, column)
    if column in MOMENTS:
        return _moment(raw, where, column)
    if column in ("every_days", "at_most_days") and isinstance(raw, str):
        from rapport import dates

        try:
            return dates.parse_every(raw)
        except dates.DateError as exc:
            raise fail(where, str(exc)) from None
    if spec.type.upper().startswith("INT"):
        return _integer(raw, where, column)
    return _text(column, raw, where)


def _text(column: str, raw: Any, where: str) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise fail(where, f"{column} must be text, not {raw!r}")
    text = str(raw)
    if column == "channel":
        text = text.strip().lower()
    if column in CHOICES and text not in CHOICES[column]:
        raise fail(where, f"{column} must be one of {', '.join(CHOICES[column])}, not {text!r}")
    return text


def _integer(raw: Any, where: str, column: str) -> int:
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise fail(where, f"{column} must be a whole number, not {raw!r}")
    return raw


def _boolean(raw: Any, where: str, column: str) -> int:
    if raw in (True, False, 0, 1) and not isinstance(raw, float):
        return int(raw)
    raise fail(where, f"{column} must be true or false, not {raw!r}")


def _date(raw: Any, where: str, column: str) -> str:
    """A calendar day as YYYY-MM-DD; a full ISO moment is cut to its day."""
    try:
        if not isinstance(raw, str) or raw[10:11] not in ("", "T", " "):
            raise ValueError
        if column == "on_date" and raw.startswith("--"):  # a yearly date with no year: --11-26
            date.fromisoformat("2000" + raw[1:])
            return raw
        return date.fromisoformat(raw[:10]).isoformat()
    except ValueError:
        raise fail(where, f"{column} must be an ISO date like 2026-11-27, not {raw!r}") from None


def _moment(raw: Any, where: str, column: str) -> str:
    """An ISO moment; a bare day means its midnight. Exported values come back unchanged."""
    try:
        return datetime.fromisoformat(raw).isoformat() if isinstance(raw, str) else _bad()
    except ValueError:
        raise fail(
            where, f"{column} must be an ISO date and time like 2026-11-23T10:00, not {raw!r}"
        ) from None


def _bad() -> str:
    raise ValueError


def _fill_defaults(item: Item, schema: Schema, now: datetime) -> None:
    """What the matching rapport command would have recorded had it been typed today."""
    values = item.values
    columns = schema[TABLES[item.type]]
    if "created_at" in columns:
        values.setdefault("created_at", now.isoformat())
    if item.type == "contact" and isinstance(values.get("name"), str):
        from rapport.names import clean_name

        try:
            values["name"] = clean_name(values["name"])
        except UsageError as exc:
            raise fail(item.where, str(exc)) from None
    if item.type == "followup":
        values["text"] = (values.get("text") or "follow up").strip() or "follow up"
    if item.type in ("promise", "followup"):
        _promise_defaults(item, now.date().isoformat())


def _promise_defaults(item: Item, today: str) -> None:
    values = item.values
    values["kind"] = item.type
    if item.type == "promise" and not str(values.get("text") or "").strip():
        raise fail(item.where, 'a promise needs "text": what was promised')
    due = values.get("due")
    if due is None:
        raise fail(item.where, f"{_a(item.type)} needs 'due': the ISO date it is due")
    status = values.get("status") or "open"
    if status == "done":
        values.setdefault("done_on", today)
    elif status in ("broken", "cancelled"):
        values.setdefault("closed_on", today)
    # made today, or by its due day, or by the day it was done or closed, whichever came first
    ends = [d for d in (due, values.get("done_on"), values.get("closed_on")) if d]
    values.setdefault("made_on", min(today, *ends))


def _check_required(item: Item, schema: Schema) -> None:
    for name, spec in schema[TABLES[item.type]].items():
        skipped = name in ("id", "contact_id", "name_key")
        if spec.required and not skipped and item.values.get(name) is None:
            raise fail(item.where, f"{_a(item.type)} needs {name!r}")
