"""Output of undo, fix, delete and promises, and show's incidents, expectations and signs."""

from __future__ import annotations

from typing import Any

from rapport.render import console, line, new_table, plain

HIDDEN = {"contact_id", "created_at", "created_by", "moves", "name_key"}


def undone(result: dict[str, Any]) -> None:
    verb = "Would undo" if result["dry_run"] else "Undid"
    typed = result["command"]
    typed = typed if len(typed) <= 50 else typed[:49] + "…"
    line(f"{verb} `{typed}` ({result['at'][:16].replace('T', ' ')}).")
    if result["removed"]:
        line(
            f"  {'would remove' if result['dry_run'] else 'removed'}: "
            + ", ".join(result["removed"])
        )
    if result["restored"]:
        line(
            f"  {'would restore' if result['dry_run'] else 'restored'}: "
            + ", ".join(result["restored"])
        )


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in HIDDEN}


def fixed(result: dict[str, Any]) -> None:
    """The record before and after: only the fields that changed, then what moved along."""
    before, after = _fields(result["before"]), _fields(result["after"])
    changed = [k for k in after if before.get(k) != after[k]]
    label = "follow-up" if result["kind"] == "followup" else result["kind"]
    line(f"Fixed {label} {result['id']}:" if changed else f"{label} {result['id']}: no change")
    for key in changed:
        console().print(plain(f"  {key}: {before.get(key)!s} -> {after[key]!s}"))
    for f in result["reopened"]:
        line(f"  reopened follow-up {f['id']} (due {f['due']})")
    for f in result["closed"]:
        line(f"  closed follow-up {f['id']} (was due {f['due']})")


def deleted(result: dict[str, Any]) -> None:
    label = "follow-up" if result["kind"] == "followup" else result["kind"]
    line(f"Deleted {label} {result['id']} ({result['deleted']['contact']}).")
    for f in result["reopened"]:
        line(f"  reopened follow-up {f['id']} (due {f['due']})")
    line("  `rapport undo` brings it back.")


def promises(rows: list[dict[str, Any]]) -> None:
    if not rows:
        line("No promises or follow-ups match.")
        return
    table = new_table(None, "id", "contact", "who", "what", "due", "verdict")
    for r in rows:
        who = (
            "follow-up"
            if r["kind"] == "followup"
            else ("I" if r["direction"] == "mine" else "they")
        )
        moved = f" (moved {len(r['moves'])}x)" if r["moves"] else ""
        table.add_row(
            str(r["id"]),
            plain(r["contact"]),
            who,
            plain(r["text"]),
            r["due"] + moved,
            r["verdict_text"],
        )
    console().print(table)


def accounts(view: dict[str, Any]) -> None:
    """show: incidents (open or resolved), expectations (agreed or not), signs of trust."""
    out = console()
    if view.get("incidents") or view.get("expectations") or view.get("signs"):
        out.print()
    for i in view.get("incidents") or []:
        how = ", ".join(
            [
                "owned" if i["owned"] else "not owned",
                "told first" if i["told_first"] else "not told first",
                f"resolved {i['resolved_on']}" if i["resolved_on"] else "open",
            ]
        )
        out.print(plain(f"  incident {i['id']} {i['at'][:10]}: {i['text']} ({how})"))
    for e in view.get("expectations") or []:
        state = "agreed" if e["agreed"] else "not agreed yet"
        out.print(plain(f"  expectation {e['id']} {e['at'][:10]}: {e['text']} ({state})"))
    for s in view.get("signs") or []:
        note = f": {s['note']}" if s["note"] else ""
        which = f"sign {s['id']}" if s["id"] else f"interaction {s['interaction_id']}"
        out.print(plain(f"  {which} {s['at'][:10]}: {s['kind']}{note}"))
