"""Interchange: export, import (with --dry-run), full-text search, names for completion.

The formats themselves are pure functions in rapport.interchange; the SQL is in
rapport.store.interchange and rapport.store.search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from rapport import verdicts
from rapport.app.context import Context
from rapport.errors import UsageError

FORMAT_ALIASES = {"json": "jsonl", "ndjson": "jsonl", "vcard": "vcf", "ical": "ics"}


IMPORT_FORMATS = ("jsonl", "csv", "vcf", "ics")  # ics: calendar capture


def pick_format(
    value: str | None, name: str | None, head: str = "", allowed: tuple[str, ...] | None = None
) -> str | None:
    """--format as given (aliases allowed), else guessed from the file name or its start."""
    from rapport.interchange import FORMATS, guess_format

    if value is None:
        return guess_format(name, head)
    fmt = value.strip().lower().removeprefix(".")
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in (allowed or FORMATS):
        raise UsageError(f"--format must be one of {', '.join(allowed or FORMATS)}, not '{value}'")
    return fmt


def export_what(fmt: str, what: str | None) -> str:
    """What a csv export holds: contacts (default), interactions or promises."""
    from rapport.interchange.csv import WHAT

    if what is not None and fmt != "csv":
        raise UsageError("--what goes with --format csv; jsonl always holds every record")
    what = (what or "contacts").strip().lower()
    if what not in WHAT:
        raise UsageError(f"--what must be one of {', '.join(WHAT)}, not '{what}'")
    return what


def refuse_journal(ctx: Context, output: Path | None) -> None:
    """An export written to a file must never replace the journal it reads, nor its
    -wal/-shm (a hard or symbolic link to them included)."""
    if output is not None and ctx.store.dialect == "sqlite":
        from rapport.store.safety import refuse_journal

        refuse_journal(output, ctx.store.path, "export")


def write_file(chunks: list[str], output: Path) -> None:
    """The export in a private file, replaced in one step (it holds private notes)."""
    from rapport.store import files

    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name, e.g. -o {output}/rapport.jsonl")
    files.write_chunks(output, (chunk.encode("utf-8") for chunk in chunks))


def export(ctx: Context, fmt: str, what: str) -> Iterator[str]:
    """The journal written out in `fmt`, as text chunks. A settled promise in jsonl carries
    its verdict (an open one's would change by the day, and an export is a record)."""
    from rapport.interchange import csv, ics, jsonl, vcard
    from rapport.store import interchange as data

    store = ctx.store
    if fmt == "jsonl":
        names = data.contact_names(store)
        yield jsonl.line(jsonl.header(data.schema_version(store)))
        for kind, row, tags, moves in data.journal_rows(store):
            record = jsonl.export_record(kind, row, names, tags, moves)
            if kind in ("promise", "followup") and row["status"] != "open":
                record.update(verdicts.of_row({**row, "moves": moves}, ctx.today).as_dict())
            yield jsonl.line(record)
    elif fmt == "vcf":
        yield vcard.dumps(data.contacts_for_export(store))
    elif fmt == "ics":
        yield ics.dumps(data.promises_for_export(store, True), data.remembered_for_export(store))
    else:
        rows = {
            "contacts": data.contacts_for_export,
            "interactions": data.interactions_for_export,
            "promises": data.promises_for_export,
        }[what](store)
        if what == "promises":
            rows = _with_verdicts(store, rows, ctx.today)
        yield csv.dumps(what, rows)


def _with_verdicts(store: Any, rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each promise's verdict as of today, in the words `promises` and `show` use."""
    from rapport.store.journal import moves_of

    moves = moves_of(store, [r["id"] for r in rows])
    return [
        {**r, "verdict": verdicts.of_row({**r, "moves": moves[r["id"]]}, today).words()}
        for r in rows
    ]


def kind_of(data: bytes, fmt: str | None, file: str, options: dict[str, Any]) -> str:
    """A file's format (--format, else guessed from its name or start), checked against the
    options given: calendar ones go with a calendar, contact-file ones with a contact file."""
    from rapport.interchange import sniff

    kind = pick_format(fmt, None if file == "-" else file, sniff(data), IMPORT_FORMATS)
    if kind is None:
        raise UsageError(f"cannot tell the format of {file}; add --format jsonl, csv, vcf or ics")
    for option, value in options.items():
        for_calendars = option in ("--since", "--all-day", "--me")
        if value and for_calendars != (kind == "ics"):
            files = "calendar (.ics) files" if for_calendars else "contact files, not calendars"
            raise UsageError(f"{option} goes with {files}")
    return kind


def read(kind: str, data: bytes, options: dict[str, Any]) -> Any:
    """The records of a contact file (each with where it was found: 'line 3', 'card 2'), the
    CSV layout and unused columns, and with skip_bad the records left out
    (rapport.interchange.Read)."""
    from rapport.interchange import read as read_file

    got = read_file(kind, data, options.get("encoding"), options.get("mapping"),
                    options.get("skip_bad", False))  # fmt: skip
    got.records = [(where, _without_verdict(record)) for where, record in got.records]
    return got


VERDICT_FIELDS = ("verdict", "judged_by", "days_late", "verdict_text")


def _without_verdict(record: Any) -> Any:
    """An exported promise carries its verdict; it is worked out again, never imported."""
    if isinstance(record, dict) and record.get("type") in ("promise", "followup"):
        return {k: v for k, v in record.items() if k not in VERDICT_FIELDS}
    return record


def import_records(
    ctx: Context,
    parsed: list[tuple[str, Any]],
    tick: Callable[[int], None],
    bad: Callable[[UsageError], None] | None = None,
) -> dict[str, Any]:
    """Add what is not in the journal yet; `tick(n)` reports progress (2 per record). A
    record that does not check out raises, or with `bad` (--skip-bad) goes there instead."""
    from rapport.interchange.records import normalize
    from rapport.store import importing
    from rapport.store import interchange as data

    schema = data.schema(ctx.store)
    items = []
    for count, (where, record) in enumerate(parsed, start=1):
        try:
            items.append(normalize(record, where, schema, ctx.now))
        except UsageError as exc:
            if bad is None:
                raise
            bad(exc)
        if count % 5000 == 0:
            tick(5000)
    tick(len(parsed) % 5000)
    return importing.import_items(ctx.store, items, tick)


def search(ctx: Context, text: str, limit: int) -> list[dict[str, Any]]:
    """Best matches first; each snippet plain, with `highlights` [start, end] spans."""
    from rapport.store import search as fts

    hits = fts.search(ctx.store, text, limit)
    for hit in hits:
        hit["snippet"], hit["highlights"] = split_marks(
            hit["snippet"], fts.MARK_OPEN, fts.MARK_CLOSE
        )
    return hits


def split_marks(snippet: str, open_mark: str, close_mark: str) -> tuple[str, list[list[int]]]:
    """The snippet's text without the match markers, and where the matches are in it."""
    text, spans, start = [], [], None
    size = 0
    for ch in snippet:
        if ch == open_mark:
            start = size
        elif ch == close_mark and start is not None:
            spans.append([start, size])
            start = None
        else:
            text.append(ch)
            size += 1
    return "".join(text), spans


def contact_names(prefix: str, db: str | None = None) -> list[str]:
    """Contact names starting with `prefix` (or with a word starting with it), read-only.

    Runs inside the shell's completion: it never raises and never creates or migrates a store.
    """
    from rapport.store.contacts import names_read_only

    try:
        names = names_read_only(db)
    except Exception:
        return []
    folded = prefix.casefold()
    return [n for n in names if _begins(n.casefold(), folded)][:50]


def _begins(name: str, prefix: str) -> bool:
    return name.startswith(prefix) or any(word.startswith(prefix) for word in name.split())
