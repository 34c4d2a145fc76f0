"""Output of import and search."""

from __future__ import annotations

from typing import Any

from rapport.render import console, line, new_table, plain, visible

PLURALS = {
    "tag": "tags",
    "contact": "contacts",
    "interaction": "interactions",
    "promise": "promises",
    "followup": "follow-ups",
    "incident": "incidents",
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
