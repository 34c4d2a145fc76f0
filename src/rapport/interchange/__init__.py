"""Interchange formats: pure functions from records to text and back. No database here.

A *record* is a plain dict with a "type" ("contact", "interaction", "promise", "followup",
...), the shape of one line of the JSON Lines export (docs/formats.md). `records.normalize`
turns a record, exported or written by hand, into an `Item` the store can insert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapport.errors import UsageError

FORMATS = ("jsonl", "csv", "vcf", "ics")

EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".vcf": "vcf",
    ".vcard": "vcf",
    ".ics": "ics",
    ".ical": "ics",
    ".ifb": "ics",
}


def sniff(data: bytes) -> str:
    """The first characters of a file, enough to guess its format (UTF-16 included)."""
    from rapport.interchange.text import as_utf8_if_wide

    return as_utf8_if_wide(data[:400])[:200].decode("utf-8", "replace")


@dataclass
class Read:
    """What a contact file gave: (where, record) pairs, the layout it was read as (CSV), the
    columns whose data rapport keeps nowhere (CSV), and the records skipped (--skip-bad)."""

    records: list[tuple[str, Any]]
    layout: str | None = None
    unused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def bad(self, error: UsageError) -> None:
        self.skipped.append(str(error))


def read(
    kind: str,
    data: bytes,
    encoding: str | None = None,
    mapping: str | None = None,
    skip_bad: bool = False,
) -> Read:
    """Records from a jsonl, vcf or csv file's bytes. A bad record refuses the file, or with
    `skip_bad` is left out and named in `skipped`."""
    from rapport.interchange import csv, jsonl, vcard
    from rapport.interchange.text import decode

    if mapping is not None and kind != "csv":
        raise UsageError("--map goes with CSV files: it names which column holds what")
    result = Read([])
    bad: Callable[[UsageError], None] | None = result.bad if skip_bad else None
    if kind == "vcf":
        result.records = vcard.parse(data, encoding, bad)
    elif kind == "csv":
        contacts = csv.read_contacts(decode(data, encoding), mapping, bad)
        result.records, result.layout, result.unused = (
            contacts.records, contacts.layout, contacts.unused)  # fmt: skip
    elif kind == "jsonl":
        text = decode(data, encoding or "utf-8")
        result.records = [(f"line {n}", record) for n, record in jsonl.parse(text, bad)]
    else:
        raise UsageError(f"cannot read contacts from {kind}")
    return result


def guess_format(name: str | None, head: str = "") -> str | None:
    """The format named by a file's extension, else the one its first characters show."""
    if name:
        for ext, fmt in EXTENSIONS.items():
            if name.lower().endswith(ext):
                return fmt
    start = head.lstrip("\ufeff \t\r\n")[:200].upper()
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("BEGIN:VCARD"):
        return "vcf"
    if start.startswith("BEGIN:VCALENDAR"):
        return "ics"
    if "," in start.split("\n", 1)[0] or "\t" in start.split("\n", 1)[0]:
        return "csv"
    return None
