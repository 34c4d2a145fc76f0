"""The rules of putting mistakes right: undo, fix, delete, and the list of promises with
one verdict each. Below the command line: typed values in, records out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapport import verdicts
from rapport.app.context import Context, resolve, typed_day, typed_moment
from rapport.errors import UsageError

TONES = ("tense", "neutral", "warm")
FLAGS = ("thanked", "owned", "told_first", "agreed", "introduced", "three_way", "yearly")


def undo(ctx: Context, dry_run: bool) -> dict[str, Any]:
    from rapport.store import history

    return {**history.undo(ctx.store, ctx.now, dry_run), "dry_run": dry_run}


def parsed(kind: str, options: dict[str, Any], now: datetime) -> dict[str, Any]:
    """`fix`'s options as the values to store: dates parsed, flags as 0/1, tone checked."""
    values: dict[str, Any] = {}
    for option, raw in options.items():
        if raw is None:
            continue
        if option == "when":
            values[option] = typed_moment(raw, now).isoformat()
        elif option == "by":
            values[option] = typed_day(raw, now).isoformat()
        elif option == "tone":
            if raw not in TONES:
                raise UsageError(f"--tone must be one of {', '.join(TONES)}, not '{raw}'")
            values[option] = raw
        elif option == "size":
            from rapport.app.journal import check_size

            check_size(raw)
            values[option] = raw
        elif option == "channel":
            values[option] = raw.strip().lower() or None
        elif option in FLAGS:
            values[option] = int(bool(raw))
        else:
            values[option] = raw
    return values


def fix(
    ctx: Context,
    kind: str,
    record_id: int,
    options: dict[str, Any],
    contact: str | None = None,
    move_told: bool = False,
) -> dict[str, Any]:
    """Correct a record; the record before and after, and what moving it reopened/closed."""
    from rapport.store import corrections

    kind = corrections.canonical(kind)
    values = parsed(kind, {k: v for k, v in options.items() if k != "on"}, ctx.now)
    if options.get("on") is not None:
        values.update(_on(ctx, kind, record_id, options["on"], values.get("yearly")))
    if move_told and kind != "promise":
        raise UsageError("--move-told applies to promises only")
    if not values and contact is None and not move_told:
        raise UsageError(f"say what to change, e.g. rapport fix {kind} {record_id} --text '...'")
    before = corrections.fix(ctx.store, kind, record_id, values)
    effects: dict[str, list] = {"reopened": [], "closed": []}
    if move_told:
        corrections.mark_move_told(ctx.store, record_id)
    if contact is not None:
        contact_id = resolve(ctx, contact).id
        effects = corrections.move_to(ctx.store, kind, record_id, contact_id)
    elif kind == "interaction" and "when" in values:
        effects = corrections.reclose(ctx.store, record_id)
    after = corrections.record(ctx.store, kind, record_id)
    return {"kind": kind, "id": record_id, "before": before, "after": after, **effects}


def _on(ctx: Context, kind: str, record_id: int, text: str, yearly: int | None) -> dict[str, Any]:
    """A date to remember as `remember --on` reads it: 'march 14' is yearly; a full date
    keeps the record's yearly flag unless --yearly/--not-yearly says otherwise."""
    if kind != "date":
        return {"on": text}  # the store names the options this kind takes
    from rapport.app.remembering import parse_on
    from rapport.store import corrections

    if yearly is None:
        yearly = corrections.get(ctx.store, kind, record_id)["yearly"]
    on_date, is_yearly = parse_on(text, bool(yearly), ctx.now)
    return {"on": on_date, "yearly": int(is_yearly)}


def delete(ctx: Context, kind: str, record_id: int, confirm: Any = None) -> dict[str, Any]:
    """Delete a record once `confirm(question)` (the CLI's yes) has not refused."""
    from rapport.store import corrections

    kind = corrections.canonical(kind)
    row = corrections.get(ctx.store, kind, record_id)
    if confirm is not None:
        what = row.get("summary") or row.get("text") or row.get("label") or row.get("to_owner")
        confirm(f"Delete {kind} {record_id} of {row['contact']} ('{str(what)[:40]}')?")
    row = corrections.delete(ctx.store, kind, record_id)
    reopened = row.pop("reopened")
    return {"kind": kind, "id": record_id, "deleted": row, "reopened": reopened}


def promises(
    ctx: Context, name: str | None, direction: str | None, state: str
) -> list[dict[str, Any]]:
    """Every promise and follow-up that matches, with the verdict scoring gives it."""
    from rapport.store import ledger

    contact_id = resolve(ctx, name).id if name else None
    rows = ledger.promises(ctx.store, contact_id, direction, state)
    return [verdicts.judged(row, ctx.today) for row in rows]
