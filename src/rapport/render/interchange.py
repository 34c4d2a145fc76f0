"""Output of import and search."""

from __future__ import annotations

from typing import Any

from rapport.render import console, line, message, new_table, plain, visible

PLURALS = {
    "tag": "tags",
    "contact": "contacts",
    "interaction": "interactions",
    "promise": "promises",
    "followup": "follow-ups",
    "incident": "incidents",
    "sign": "signs",
    "expectation": "expectations",
    "handover": "handovers",
    "remember": "remembered dates",
}


SINGULAR = {"followup": "follow-up", "remember": "remembered date"}


def counted(counts: dict[str, int]) -> str:
    parts = [f"{n} {PLURALS[k] if n != 1 else SINGULAR.get(k, k)}"
             for k, n in counts.items()]  # fmt: skip
    return ", ".join(parts) if parts else "nothing"


def imported(result: dict[str, Any]) -> None:
    verb = "Would add" if result["dry_run"] else "Added"
    text = f"{verb} {counted(result['added'])}"
    known = sum(result["existing"].values())
    if known:
        text += f"; {known} already in the journal ({counted(result['existing'])})"
    line(text + ("; nothing was written (--dry-run)." if result["dry_run"] else "."))


def search(hits: list[dict[str, Any]], query: str) -> None:
    if not hits:
        line(f"Nothing in the journal matches '{visible(query)}'.")
        return
    table = new_table(None, "kind", "id", "contact", "date", "summary")
    for hit in hits:
        table.add_row(
            hit["kind"], str(hit["id"]), plain(hit["contact"]), (hit["date"] or "")[:10],
            highlighted(hit["snippet"], hit["highlights"]),
        )  # fmt: skip
    console().print(table)


def highlighted(text: str, spans: list[list[int]]):
    """User text as a Rich Text (never markup), the matches in bold."""
    shown = plain(text)
    if len(shown.plain) == len(text):  # no control characters were made visible
        for start, end in spans:
            shown.stylize("bold reverse", start, end)
    return shown


def read_notes(result: dict[str, Any]) -> None:
    """On stderr: how a CSV was read, the columns it left out, the records skipped."""
    if result.get("layout"):
        message(f"Read as {result['layout']} CSV.")
    if result.get("unused_columns"):
        columns = ", ".join(visible(c) for c in result["unused_columns"])
        message(f"Not imported (rapport keeps no such field; --map takes one in): {columns}")
    for reason in result.get("skipped", []):
        message(f"Skipped {visible(reason)}")


def calendar(result: dict[str, Any]) -> None:
    """What a calendar import logged (or would, with --dry-run), and what matched nobody."""
    dry = result["dry_run"]
    if dry:
        for entry in result["logged"]:
            minutes = f", {entry['minutes']} min" if entry["minutes"] else ""
            channel = f", {entry['channel']}" if entry["channel"] else ""
            line(
                f"{'would add' if entry['status'] == 'added' else 'would update'}: "
                f"{entry['at'][:16].replace('T', ' ')} {visible(entry['contact'])}: "
                f"{visible(entry['summary'])}{channel}{minutes}"
            )
        for event in result["unmatched"]:
            line(
                f"matched nobody: {event['at'][:16].replace('T', ' ')} {visible(event['summary'])}"
            )
    verb = ("Would log", "would update") if dry else ("Logged", "updated")
    text = f"{verb[0]} {_meetings(result['added'])}"
    if result["updated"]:
        text += f", {verb[1]} {result['updated']}"
    if result["existing"]:
        text += f"; {result['existing']} already in the journal"
    skipped = {k: n for k, n in result["skipped"].items() if k not in ("not over yet",)}
    if skipped:
        text += "; skipped " + ", ".join(f"{n} {k}" for k, n in skipped.items())
    if result["unmatched"]:
        text += f"; {len(result['unmatched'])} matched no contact"
        text += "" if dry else " (--dry-run lists them)"
    line(text + ("; nothing was written (--dry-run)." if dry else "."))
    closed = "Would close" if dry else "Closed"
    for f in result["closed_followups"]:
        line(f"{closed} follow-up #{f['id']} (due {f['due']}): {visible(f['text'])}")


def _meetings(n: int) -> str:
    return f"{n} meeting" + ("" if n == 1 else "s")
